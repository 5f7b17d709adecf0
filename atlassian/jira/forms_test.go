package jira_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/jira"
)

// TestCloudIDReadOnce: the Forms API needs the site's cloud id on every
// call; it is read from tenant_info once, then remembered for the site.
func TestCloudIDReadOnce(t *testing.T) {
	var tenantInfo atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/_edge/tenant_info" {
			tenantInfo.Add(1)
			_, _ = w.Write([]byte(`{"cloudId":"cloud-123"}`))
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	base, _ := url.Parse(srv.URL)
	site := &atlassian.Site{Product: atlassian.Jira, Deployment: atlassian.Cloud, BaseURL: base, HTTP: atlassian.NewHTTPClient(atlassian.TransportOptions{})}
	for i := range 3 {
		j := jira.New(site.Client(atlassian.Basic("alice@example.com", "alice-api-token"))) // a client per call, as the tools make them
		id, err := j.CloudID(t.Context())
		if err != nil || id != "cloud-123" {
			t.Fatalf("call %d: %q, %v", i, id, err)
		}
	}
	if n := tenantInfo.Load(); n != 1 {
		t.Errorf("tenant_info read %d times, want 1", n)
	}
}
