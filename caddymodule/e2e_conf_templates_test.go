package caddymodule_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

func init() { registerTour("confluence_templates", confTemplatesTour) }

// confTemplatesTour drives the Cloud-only template and permission tools;
// TestToolsEndToEnd checks that Server/DC does not list them.
func confTemplatesTour(t *testing.T, cs *mcp.ClientSession, d atlassian.Deployment) {
	if d != atlassian.Cloud {
		return
	}
	global := mustCall(t, cs, "confluence_list_page_templates", map[string]any{}).obj(t)
	if global["total"] != float64(1) || dig(global, "templates", 0, "name") != "Meeting notes" {
		t.Errorf("global templates = %v", global)
	}
	demo := mustCall(t, cs, "confluence_list_page_templates", map[string]any{"space_key": "DEMO", "limit": 5}).obj(t)
	id, _ := dig(demo, "templates", 0, "templateId").(string)
	if demo["total"] != float64(1) || dig(demo, "templates", 0, "name") != "Runbook" {
		t.Fatalf("DEMO templates = %v", demo)
	}
	tpl := mustCall(t, cs, "confluence_get_page_template", map[string]any{"template_id": id}).obj(t)
	body, _ := tpl["body"].(string)
	if tpl["templateId"] != id || !strings.Contains(body, "<h2>Steps</h2>") {
		t.Errorf("get_page_template = %v", tpl)
	}
	title := fmt.Sprintf("Runbook from template %d", time.Now().UnixNano())
	created := mustCall(t, cs, "confluence_create_page_from_template", map[string]any{"space_key": "DEMO", "title": title, "template_id": id}).obj(t)
	pageID, _ := dig(created, "page", "id").(string)
	back := mustCall(t, cs, "confluence_get_page", map[string]any{"page_id": pageID, "convert_to_markdown": false}).obj(t)
	if dig(back, "metadata", "title") != title || dig(back, "metadata", "content", "value") != body {
		t.Errorf("the page made from template %s reads back as %v", id, back)
	}
	mustFail(t, cs, "confluence_get_page_template", map[string]any{"template_id": "404"}, "404")
	mustFail(t, cs, "confluence_get_page_template", map[string]any{"template_id": "x"}, "template_id")

	// alice may edit DEMO; carol may only read TEAM.
	const alice, carol = "5b10a2844c20165700ede21a", "5b10a2844c20165700ede21c"
	yes := mustCall(t, cs, "confluence_check_content_permissions", map[string]any{"content_id": pageID, "user_identifier": alice, "operation": "update"}).obj(t)
	if yes["hasPermission"] != true {
		t.Errorf("alice update = %v", yes)
	}
	grp := mustCall(t, cs, "confluence_check_content_permissions", map[string]any{"content_id": pageID, "user_identifier": "confluence-users", "operation": "delete", "subject_type": "group"}).obj(t)
	if grp["hasPermission"] != false || len(asList(grp["errors"])) == 0 {
		t.Errorf("group delete = %v", grp)
	}
	mustFail(t, cs, "confluence_check_content_permissions", map[string]any{"content_id": pageID, "user_identifier": alice, "operation": "read", "subject_type": "role"}, "subject_type")

	// TEAM is space 98306 in the seed.
	first := mustCall(t, cs, "confluence_get_space_permissions", map[string]any{"space_id": "98306", "limit": 3}).obj(t)
	cursor, _ := first["next_cursor"].(string)
	if first["count"] != float64(3) || cursor == "" {
		t.Fatalf("get_space_permissions page 1 = %v", first)
	}
	seen := map[string]bool{}
	for page, n := first, 0; n < 10; n++ {
		for _, r := range asList(page["results"]) {
			if dig(r, "principal", "id") == carol {
				seen[dig(r, "operation", "key").(string)] = true
			}
		}
		next, _ := page["next_cursor"].(string)
		if next == "" {
			break
		}
		page = mustCall(t, cs, "confluence_get_space_permissions", map[string]any{"space_id": "98306", "limit": 3, "cursor": next}).obj(t)
	}
	if !seen["read"] || seen["create"] {
		t.Errorf("carol's permissions in TEAM = %v, want read only", seen)
	}
	mustFail(t, cs, "confluence_get_space_permissions", map[string]any{"space_id": "TEAM"}, "space_id")
}
