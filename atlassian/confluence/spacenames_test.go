package confluence_test

import (
	"strings"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/confluence"
)

// TestSpaceKeyByIDShared: a page read and the space key lookup of the
// space permissions allow-list check find a space by id the same way, so
// the space a page read looked up is not asked for again.
func TestSpaceKeyByIDShared(t *testing.T) {
	cs := newCountingSandbox(t, atlassian.Cloud)
	c := cs.c
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
	lookups := 0
	for path, hits := range cs.requests() {
		if strings.Contains(path, "/api/v2/spaces/") {
			lookups += hits
		}
	}
	if lookups != 1 {
		t.Errorf("a page read and a key lookup in one space looked the space up %d times, want 1", lookups)
	}
}
