package caddymodule_test

import (
	"strings"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// TestInternalOnlyProjects checks the JSM internal-only guard through a
// real Caddy: configured by the jira block's internal_only_projects on
// Cloud and by JIRA_INTERNAL_ONLY_PROJECTS on Server/DC, it lets only
// internal notes onto the customer requests of project SD, while SD's
// other issues and other projects take regular comments.
func TestInternalOnlyProjects(t *testing.T) {
	for _, d := range []atlassian.Deployment{atlassian.Cloud, atlassian.Server} {
		t.Run(string(d), func(t *testing.T) {
			t.Setenv("E2E_ALICE_TOKEN", "alice-api-token")
			t.Setenv("E2E_ALICE_PAT", "alice-pat")
			u := startUpstream(t, d, false)
			block := siteBlocks(u, d)
			if d == atlassian.Cloud {
				block = strings.Replace(block, "deployment cloud", "deployment cloud\n\t\t\tinternal_only_projects sd", 1)
			} else {
				// Keys are normalised: case, spaces and zero-width characters.
				t.Setenv("JIRA_INTERNAL_ONLY_PROJECTS", " Sd\u200b , OTHER")
			}
			cs := connect(t, startMCP(t, block), nil)

			for _, public := range []any{nil, true} {
				args := map[string]any{"issue_key": "SD-1", "body": "Customer-facing text"}
				if public != nil {
					args["public"] = public
				}
				mustFail(t, cs, "jira_add_comment", args, "internal-only", "public=false")
			}
			note := mustCall(t, cs, "jira_add_comment", map[string]any{"issue_key": "SD-1", "body": "Internal note", "public": false}).obj(t)
			if note["public"] != false || note["body"] != "Internal note" {
				t.Errorf("internal note = %v", note)
			}

			// The guard covers the other ways text reaches the customer:
			// editing a public comment, transition, update and link comments.
			var publicID, internalID string
			for _, cm := range asList(mustCall(t, cs, "jira_get_issue", map[string]any{"issue_key": "SD-1", "comment_limit": 20}).obj(t)["comments"]) {
				body, _ := dig(cm, "body").(string)
				switch {
				case strings.Contains(body, "we are on it"):
					publicID, _ = dig(cm, "id").(string)
				case strings.Contains(body, "manager approval"):
					internalID, _ = dig(cm, "id").(string)
				}
			}
			if publicID == "" || internalID == "" {
				t.Fatalf("seeded SD-1 comments not found (public %q, internal %q)", publicID, internalID)
			}
			mustFail(t, cs, "jira_edit_comment", map[string]any{"issue_key": "SD-1", "comment_id": publicID, "body": "Rewritten"}, "visible to the customer", "internal-only")
			edited := mustCall(t, cs, "jira_edit_comment", map[string]any{"issue_key": "SD-1", "comment_id": internalID, "body": "Needs a manager approval first (asked)."}).obj(t)
			if !strings.Contains(edited["body"].(string), "(asked)") {
				t.Errorf("edited internal note = %v", edited)
			}
			transitions := mustCall(t, cs, "jira_get_transitions", map[string]any{"issue_key": "SD-1"}).list(t)
			if len(transitions) == 0 {
				t.Fatal("SD-1 has no transitions")
			}
			mustFail(t, cs, "jira_transition_issue", map[string]any{"issue_key": "SD-1", "transition_id": dig(transitions[0], "id"), "comment": "Done for you"}, "internal-only")
			mustFail(t, cs, "jira_update_issue", map[string]any{"issue_key": "SD-1", "comment": "Update for you"}, "internal-only")
			mustFail(t, cs, "jira_create_issue_link", map[string]any{"link_type": "Relates", "inward_issue_key": "SD-1", "outward_issue_key": "DEMO-3", "comment": "Linked for you"}, "internal-only")

			// An SD issue raised without a request type has no portal view.
			created := mustCall(t, cs, "jira_create_issue", map[string]any{"project_key": "SD", "summary": "Agent task", "issue_type": "Task"}).obj(t)
			key, _ := dig(created, "issue", "key").(string)
			plain := mustCall(t, cs, "jira_add_comment", map[string]any{"issue_key": key, "body": "A regular comment", "public": true}).obj(t)
			if _, ok := plain["public"]; ok || plain["body"] != "A regular comment" {
				t.Errorf("comment on non-request %s = %v, want a regular comment", key, plain)
			}
			other := mustCall(t, cs, "jira_add_comment", map[string]any{"issue_key": "DEMO-3", "body": "Not guarded"}).obj(t)
			if other["body"] != "Not guarded" {
				t.Errorf("comment on DEMO-3 = %v", other)
			}
		})
	}
}
