package caddymodule_test

import (
	"strings"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

func init() { registerTour("jira_issue_admin", jiraIssueAdminTour) }

// jiraIssueAdminTour drives the jira_issues tools beyond read and write,
// and the comment-edit, field, user and watcher tools.
func jiraIssueAdminTour(t *testing.T, cs *mcp.ClientSession, d atlassian.Deployment) {
	bob := "bob"
	if d == atlassian.Cloud {
		bob = "5b10a2844c20165700ede21b"
	}

	// Project issues, newest first, paged.
	page := mustCall(t, cs, "jira_get_project_issues", map[string]any{"project_key": "OPS", "limit": 2}).obj(t)
	issues := asList(page["issues"])
	if len(issues) != 2 || !strings.HasPrefix(dig(issues[0], "key").(string), "OPS-") {
		t.Errorf("get_project_issues = %v", page)
	}
	mustFail(t, cs, "jira_get_project_issues", map[string]any{"project_key": "OPS", "limit": 51}, "limit")

	// get_issue extras.
	rich := mustCall(t, cs, "jira_get_issue", map[string]any{"issue_key": "DEMO-4", "include": "remote_links,watchers,worklog"}).obj(t)
	if links := asList(rich["remote_links"]); len(links) != 1 || dig(links[0], "object", "title") != "SSO design document" {
		t.Errorf("remote_links = %v", rich["remote_links"])
	}
	if dig(rich, "watchers", "watcher_count") != 2.0 {
		t.Errorf("watchers = %v", rich["watchers"])
	}
	if logs := asList(rich["worklogs"]); len(logs) != 2 || dig(logs[0], "time_spent") != "4h" || dig(logs[0], "author") != "Bob Builder" ||
		!strings.Contains(dig(logs[0], "comment").(string), "callback handler") {
		t.Errorf("worklogs = %v", rich["worklogs"])
	}
	mustFail(t, cs, "jira_get_issue", map[string]any{"issue_key": "DEMO-4", "include": "gossip"}, "gossip", "remote_links")

	// Batch create: validate only, then for real.
	batch := `[{"project_key": "DEMO", "summary": "Batch A", "issue_type": "Task", "description": "First **one**"},
		{"project_key": "DEMO", "summary": "Batch B", "issue_type": "Bug", "components": ["Backend"], "assignee": "` + bob + `"}]`
	checked := mustCall(t, cs, "jira_batch_create_issues", map[string]any{"issues": batch, "validate_only": true}).obj(t)
	if checked["message"] != "Issues validated successfully" || len(asList(checked["issues"])) != 2 {
		t.Errorf("validate_only = %v", checked)
	}
	made := mustCall(t, cs, "jira_batch_create_issues", map[string]any{"issues": batch}).obj(t)
	made2 := asList(made["issues"])
	if len(made2) != 2 || dig(made2[0], "summary") != "Batch A" || dig(made2[1], "assignee", "display_name") != "Bob Builder" ||
		!strings.Contains(dig(made2[0], "description").(string), "**one**") {
		t.Fatalf("batch create = %v", made)
	}
	a, b := dig(made2[0], "key").(string), dig(made2[1], "key").(string)
	mustFail(t, cs, "jira_batch_create_issues", map[string]any{"issues": `{"summary": "not a list"}`}, "issues", "JSON array")
	mustFail(t, cs, "jira_batch_create_issues", map[string]any{"issues": `[{"project_key": "DEMO", "summary": "x", "issue_type": "Nonsense"}]`}, "400")

	// Assign and unassign.
	assigned := mustCall(t, cs, "jira_assign_issue", map[string]any{"issue_key": a, "assignee": "carol@example.com"}).obj(t)
	if dig(assigned, "issue", "assignee", "display_name") != "Carol Reviewer" {
		t.Errorf("assign = %v", assigned)
	}
	unassigned := mustCall(t, cs, "jira_assign_issue", map[string]any{"issue_key": a}).obj(t)
	if _, still := dig(unassigned, "issue").(map[string]any)["assignee"]; still || dig(unassigned, "issue", "key") != a {
		t.Errorf("unassign = %v", unassigned)
	}
	mustFail(t, cs, "jira_assign_issue", map[string]any{"issue_key": a, "assignee": "{not json"}, "assignee")

	// Edit a comment.
	added := mustCall(t, cs, "jira_add_comment", map[string]any{"issue_key": a, "body": "first draft"}).obj(t)
	edited := mustCall(t, cs, "jira_edit_comment", map[string]any{"issue_key": a, "comment_id": added["id"], "body": "Final *text*"}).obj(t)
	if edited["id"] != added["id"] || !strings.Contains(edited["body"].(string), "*text*") {
		t.Errorf("edit_comment = %v", edited)
	}
	mustFail(t, cs, "jira_edit_comment", map[string]any{"issue_key": a, "comment_id": "999999", "body": "x"}, "404")

	// Fields and their options.
	fields := mustCall(t, cs, "jira_search_fields", map[string]any{"keyword": "story", "limit": 3}).list(t)
	if len(fields) == 0 || dig(fields[0], "name") != "Story Points" {
		t.Errorf("search_fields(story) = %v", fields)
	}
	if all := mustCall(t, cs, "jira_search_fields", map[string]any{"refresh": true, "limit": 5}).list(t); len(all) != 5 {
		t.Errorf("search_fields without keyword gave %d fields, want 5", len(all))
	}
	optArgs := map[string]any{"field_id": "customfield_10020", "project_key": "DEMO", "issue_type": "Task"}
	opts := mustCall(t, cs, "jira_get_field_options", optArgs).list(t)
	if len(opts) != 3 || dig(opts[0], "value") != "Platform" {
		t.Errorf("field options = %v", opts)
	}
	optArgs["contains"], optArgs["values_only"] = "we", true
	if vals := mustCall(t, cs, "jira_get_field_options", optArgs).list(t); len(vals) != 1 || vals[0] != "Web" {
		t.Errorf("values_only contains=we = %v", vals)
	}
	mustFail(t, cs, "jira_get_field_options", map[string]any{"field_id": "summary"}, "field_id")

	// Users.
	me := mustCall(t, cs, "jira_get_user_profile", map[string]any{"user_identifier": "me"}).obj(t)
	if dig(me, "user", "display_name") != "Alice Example" {
		t.Errorf("profile(me) = %v", me)
	}
	byEmail := mustCall(t, cs, "jira_get_user_profile", map[string]any{"user_identifier": "bob@example.com"}).obj(t)
	if dig(byEmail, "user", "display_name") != "Bob Builder" {
		t.Errorf("profile(email) = %v", byEmail)
	}
	direct := bob
	if d == atlassian.Cloud {
		direct = "accountid:" + bob
	}
	if p := mustCall(t, cs, "jira_get_user_profile", map[string]any{"user_identifier": direct}).obj(t); dig(p, "user", "email") != "bob@example.com" {
		t.Errorf("profile(%s) = %v", direct, p)
	}
	found := mustCall(t, cs, "jira_search_assignable_users", map[string]any{"query": "car", "project_key": "DEMO"}).obj(t)
	if found["count"] != 1.0 || dig(found, "users", 0, "display_name") != "Carol Reviewer" {
		t.Errorf("assignable users = %v", found)
	}
	if d == atlassian.Cloud {
		byID := mustCall(t, cs, "jira_search_assignable_users", map[string]any{"query": "accountid:" + bob, "issue_key": a}).obj(t)
		if byID["count"] != 1.0 || dig(byID, "users", 0, "account_id") != bob {
			t.Errorf("assignable accountid: = %v", byID)
		}
	}
	mustFail(t, cs, "jira_search_assignable_users", map[string]any{"query": "a"}, "project_key", "issue_key")

	// Watchers.
	mustCall(t, cs, "jira_add_watcher", map[string]any{"issue_key": a, "user_identifier": bob})
	w := mustCall(t, cs, "jira_get_issue_watchers", map[string]any{"issue_key": a}).obj(t)
	if w["watcher_count"] != 1.0 || dig(w, "watchers", 0, "display_name") != "Bob Builder" {
		t.Errorf("watchers after add = %v", w)
	}
	remove := map[string]any{"issue_key": a, "username": bob}
	if d == atlassian.Cloud {
		remove = map[string]any{"issue_key": a, "account_id": bob}
	}
	mustCall(t, cs, "jira_remove_watcher", remove)
	if w := mustCall(t, cs, "jira_get_issue_watchers", map[string]any{"issue_key": a}).obj(t); w["watcher_count"] != 0.0 {
		t.Errorf("watchers after remove = %v", w)
	}
	mustFail(t, cs, "jira_remove_watcher", map[string]any{"issue_key": a}, "account_id", "username")

	// Cloud only: changelogs in bulk, and moving an issue.
	if d == atlassian.Cloud {
		logs := mustCall(t, cs, "jira_batch_get_changelogs", map[string]any{"issue_ids_or_keys": a + ",DEMO-4", "fields": "assignee"}).list(t)
		if len(logs) != 2 {
			t.Fatalf("batch changelogs = %v", logs)
		}
		changes := asList(dig(logs[0], "changelogs"))
		if len(changes) != 2 || dig(changes[0], "items", 0, "field") != "assignee" || dig(changes[0], "items", 0, "to_string") != "Carol Reviewer" {
			t.Errorf("changelogs of %s = %v", a, changes)
		}
		moved := mustCall(t, cs, "jira_move_issue", map[string]any{"issue_key": b, "target_project_key": "OPS"}).obj(t)
		newKey, _ := dig(moved, "issue", "key").(string)
		if !strings.HasPrefix(newKey, "OPS-") || dig(moved, "issue", "summary") != "Batch B" {
			t.Errorf("move = %v", moved)
		}
		mustFail(t, cs, "jira_move_issue", map[string]any{"issue_key": newKey, "target_project_key": "ops"}, "target_project_key")
		if back := mustCall(t, cs, "jira_get_issue", map[string]any{"issue_key": b, "fields": "summary,project"}).obj(t); dig(back, "project", "key") != "OPS" {
			t.Errorf("the old key %s does not lead to the moved issue: %v", b, back)
		}
	}

	// Delete, after which the issue is gone.
	del := mustCall(t, cs, "jira_delete_issue", map[string]any{"issue_key": a}).obj(t)
	if !strings.Contains(del["message"].(string), a) {
		t.Errorf("delete = %v", del)
	}
	mustFail(t, cs, "jira_get_issue", map[string]any{"issue_key": a}, "404")
}
