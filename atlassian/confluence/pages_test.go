package confluence_test

import (
	"net/http"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/confluence"
)

// TestUpdateFromBaseRefusesLostUpdates: a write based on a page as the
// caller read it fails with 409 when someone saved since, instead of
// silently overwriting their version.
func TestUpdateFromBaseRefusesLostUpdates(t *testing.T) {
	for _, d := range []atlassian.Deployment{atlassian.Cloud, atlassian.Server} {
		t.Run(string(d), func(t *testing.T) {
			c := newCountingSandbox(t, d).c
			ctx := t.Context()
			created, err := c.CreatePage(ctx, confluence.NewPage{SpaceKey: "DEMO", Title: "Lost update probe", Body: "<p>v1</p>"})
			if err != nil {
				t.Fatal(err)
			}
			read, err := c.GetPage(ctx, created.ID)
			if err != nil {
				t.Fatal(err)
			}
			other := "<p>someone else's edit</p>"
			if _, err := c.UpdatePage(ctx, confluence.PageUpdate{ID: created.ID, Title: read.Title, Body: &other}); err != nil {
				t.Fatal(err)
			}
			mine := "<p>my edit of v1</p>"
			_, err = c.UpdatePage(ctx, confluence.PageUpdate{ID: created.ID, Title: read.Title, Body: &mine, Base: read})
			if !atlassian.IsStatus(err, http.StatusConflict) {
				t.Fatalf("write based on a stale read: err = %v, want 409", err)
			}
			now, err := c.GetPage(ctx, created.ID)
			if err != nil || now.Body != other {
				t.Errorf("page body = %q, %v; the other edit must survive", now.Body, err)
			}
			fresh, err := c.UpdatePage(ctx, confluence.PageUpdate{ID: created.ID, Title: now.Title, Body: &mine, Base: now})
			if err != nil {
				t.Fatalf("write based on the current read: %v", err)
			}
			if fresh.Version != now.Version+1 {
				t.Errorf("version %d after writing on version %d", fresh.Version, now.Version)
			}
		})
	}
}

// TestContentHead: a page or blog post named by id is found on both
// deployments, with its space (the allow-list check needs it); an id that
// is neither stays a 404.
func TestContentHead(t *testing.T) {
	for _, d := range []atlassian.Deployment{atlassian.Cloud, atlassian.Server} {
		t.Run(string(d), func(t *testing.T) {
			c := newCountingSandbox(t, d).c
			for id, want := range map[string]string{"65539": "page DEMO Architecture", "65549": "blogpost DEMO Welcome to the Demo Space", "65561": "blogpost TEAM Team Offsite Recap"} {
				head, err := c.ContentHead(t.Context(), id)
				if err != nil {
					t.Fatalf("%s: %v", id, err)
				}
				if got := head.Type + " " + head.SpaceKey + " " + head.Title; got != want {
					t.Errorf("%s = %q, want %q", id, got, want)
				}
			}
			if _, err := c.ContentHead(t.Context(), "99999"); !atlassian.IsStatus(err, http.StatusNotFound) {
				t.Errorf("unknown id: err = %v, want 404", err)
			}
			// PageHead stays a page read: move and copy targets are pages.
			if _, err := c.PageHead(t.Context(), "65549"); d == atlassian.Cloud && !atlassian.IsStatus(err, http.StatusNotFound) {
				t.Errorf("PageHead of a blog post on Cloud: err = %v, want 404", err)
			}
		})
	}
}
