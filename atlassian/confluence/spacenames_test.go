package confluence_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/confluence"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox"
)

// TestSpaceKeyByIDShared: a page read and the space key lookup of the
// space permissions allow-list check find a space by id the same way, so
// the space a page read looked up is not asked for again.
func TestSpaceKeyByIDShared(t *testing.T) {
	var lookups atomic.Int64
	sb := sandbox.New(sandbox.Options{Deployment: atlassian.Cloud})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/api/v2/spaces/") {
			lookups.Add(1)
		}
		sb.ServeHTTP(w, r)
	}))
	defer srv.Close()
	base, _ := url.Parse(srv.URL + sandbox.ConfluenceCloudPrefix)
	site := &atlassian.Site{Product: atlassian.Confluence, Deployment: atlassian.Cloud, BaseURL: base, HTTP: atlassian.NewHTTPClient(atlassian.TransportOptions{})}
	c := confluence.New(site.Client(atlassian.Basic("alice@example.com", "alice-api-token")))
	c.SpaceNames = confluence.NewSpaceNames()
	ctx := t.Context()
	home, err := c.PageByTitle(ctx, "DEMO", "Home")
	if err != nil {
		t.Fatal(err)
	}
	key, err := c.SpaceKeyByID(ctx, home.SpaceID)
	if err != nil || key != "DEMO" || home.SpaceKey != "DEMO" {
		t.Fatalf("space of Home = %q, by id %q (%v); want DEMO", home.SpaceKey, key, err)
	}
	if n := lookups.Load(); n != 1 {
		t.Errorf("a page read and a key lookup in one space looked the space up %d times, want 1", n)
	}
}
