package caddymodule_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

func init() {
	registerTour("jira_projects", jiraProjectsTour)
	registerTour("jira_worklog", jiraWorklogTour)
	registerTour("jira_links", jiraLinksTour)
}

// jiraProjectsTour drives jira_projects beyond the project list: create
// metadata, versions, components and the project search.
func jiraProjectsTour(t *testing.T, cs *mcp.ClientSession, d atlassian.Deployment) {
	types := mustCall(t, cs, "jira_get_project_issue_types", map[string]any{"project_key": "DEMO"}).list(t)
	var taskID string
	var names []string
	for _, it := range types {
		names = append(names, dig(it, "name").(string))
		if dig(it, "name") == "Task" {
			taskID = dig(it, "id").(string)
		}
	}
	if !slices.Contains(names, "Epic") || !slices.Contains(names, "Sub-task") || taskID == "" {
		t.Fatalf("DEMO issue types = %v", types)
	}

	fields := mustCall(t, cs, "jira_get_create_fields", map[string]any{"project_key": "DEMO", "issue_type_id": taskID}).list(t)
	required := map[string]bool{}
	for _, f := range fields {
		required[dig(f, "field_id").(string)] = dig(f, "required").(bool)
	}
	if !required["summary"] || required["description"] {
		t.Errorf("Task create fields: summary required=%v, description required=%v", required["summary"], required["description"])
	}
	mustFail(t, cs, "jira_get_create_fields", map[string]any{"project_key": "DEMO", "issue_type_id": "Task"}, "issue_type_id")

	projectFields := mustCall(t, cs, "jira_get_project_fields", map[string]any{"project_key": "DEMO"}).list(t)
	byID := map[string]any{}
	for _, f := range projectFields {
		byID[dig(f, "field_id").(string)] = f
	}
	if ts := toStrings(dig(byID["summary"], "issue_types")); len(ts) != len(types) {
		t.Errorf("summary appears on %v, want all %d issue types", ts, len(types))
	}
	if dig(byID["customfield_10016"], "custom") != true || dig(byID["summary"], "custom") != false {
		t.Errorf("custom flags: story points %v, summary %v", byID["customfield_10016"], byID["summary"])
	}

	comps := mustCall(t, cs, "jira_get_project_components", map[string]any{"project_key": "DEMO"}).list(t)
	if len(comps) != 3 || dig(comps, 0, "name") != "Backend" {
		t.Errorf("DEMO components = %v", comps)
	}

	found := mustCall(t, cs, "jira_search_projects", map[string]any{"query": "oper"}).list(t)
	if len(found) != 1 || dig(found, 0, "key") != "OPS" {
		t.Errorf("search 'oper' = %v, want OPS only", found)
	}
	opsID := dig(found, 0, "id").(string)
	if none := mustCall(t, cs, "jira_search_projects", map[string]any{"query": "oper", "current_project_ids": opsID}).list(t); len(none) != 0 {
		t.Errorf("current_project_ids did not exclude OPS: %v", none)
	}
	mustFail(t, cs, "jira_search_projects", map[string]any{"query": "x", "max_results": 51}, "max_results")

	// Versions: create one, then a batch with one bad item, then update.
	name := fmt.Sprintf("e2e-%s-%d", d, time.Now().UnixNano())
	v := mustCall(t, cs, "jira_create_version", map[string]any{
		"project_key": "DEMO", "name": name, "start_date": "2026-12-01", "release_date": "2027-01-15", "description": "From the e2e tour",
	}).obj(t)
	id, _ := v["id"].(string)
	if id == "" || v["name"] != name || v["releaseDate"] != "2027-01-15" || v["released"] != false {
		t.Fatalf("create_version = %v", v)
	}
	mustFail(t, cs, "jira_create_version", map[string]any{"project_key": "DEMO", "name": name}, "already exists")
	mustFail(t, cs, "jira_create_version", map[string]any{"project_key": "DEMO", "name": "x", "release_date": "15/01/2027"}, "release_date")

	batch := mustCall(t, cs, "jira_batch_create_versions", map[string]any{
		"project_key": "OPS", "versions": fmt.Sprintf(`[{"name": "%s-a", "releaseDate": "2027-02-01"}, {"description": "no name"}]`, name),
	}).list(t)
	if len(batch) != 2 || dig(batch, 0, "success") != true || dig(batch, 0, "version", "name") != name+"-a" || dig(batch, 1, "success") != false {
		t.Errorf("batch_create_versions = %v", batch)
	}
	mustFail(t, cs, "jira_batch_create_versions", map[string]any{"project_key": "OPS", "versions": `{"name": "x"}`}, "JSON array")

	upd := mustCall(t, cs, "jira_update_version", map[string]any{"version_id": id, "released": true, "name": name + " final"}).obj(t)
	if upd["released"] != true || upd["name"] != name+" final" || upd["description"] != "From the e2e tour" {
		t.Errorf("update_version = %v", upd)
	}
	mustFail(t, cs, "jira_update_version", map[string]any{"version_id": id}, "nothing to update")
	mustFail(t, cs, "jira_update_version", map[string]any{"version_id": "99999999", "archived": true}, "404")

	versions := mustCall(t, cs, "jira_get_project_versions", map[string]any{"project_key": "DEMO"}).list(t)
	var got map[string]any
	for _, x := range versions {
		if dig(x, "id") == id {
			got = x.(map[string]any)
		}
	}
	if got == nil || got["released"] != true || got["startDate"] != "2026-12-01" {
		t.Errorf("version %s in the project's list = %v", id, got)
	}
	if len(versions) < 4 {
		t.Errorf("DEMO has %d versions, want the 3 seeded and ours", len(versions))
	}
}

// jiraWorklogTour logs work on an issue, with jira_add_worklog and with
// jira_update_issue, and reads it back.
func jiraWorklogTour(t *testing.T, cs *mcp.ClientSession, d atlassian.Deployment) {
	const key = "DEMO-25"
	before := len(dig(mustCall(t, cs, "jira_get_worklog", map[string]any{"issue_key": key}).obj(t), "worklogs").([]any))

	added := mustCall(t, cs, "jira_add_worklog", map[string]any{
		"issue_key": key, "time_spent": "1h 30m", "comment": "Read the **driver** changelog", "started": "2026-11-18T09:30:00Z",
		"remaining_estimate": "3h",
	}).obj(t)
	w := dig(added, "worklog").(map[string]any)
	if w["time_spent_seconds"] != float64(5400) || w["author"] != "Alice Example" || w["remaining_estimate_updated"] != true {
		t.Errorf("add_worklog = %v", added)
	}
	if c, _ := w["comment"].(string); !strings.Contains(c, "**driver**") {
		t.Errorf("worklog comment = %q, want the Markdown back", c)
	}
	if s, _ := w["started"].(string); !strings.HasPrefix(s, "2026-11-18T09:30:00") {
		t.Errorf("started = %q", s)
	}
	mustFail(t, cs, "jira_add_worklog", map[string]any{"issue_key": key, "time_spent": "a while"}, "time_spent", "1h 30m")
	mustFail(t, cs, "jira_add_worklog", map[string]any{"issue_key": key, "time_spent": "1h", "started": "yesterday"}, "started")

	upd := mustCall(t, cs, "jira_update_issue", map[string]any{"issue_key": key, "worklog": "2d", "worklog_started": "2026-11-17"}).obj(t)
	if ops := toStrings(upd["operations_performed"]); !slices.Contains(ops, "worklog") {
		t.Errorf("update_issue worklog: performed %v, failed %v", ops, upd["operations_failed"])
	}

	logs := dig(mustCall(t, cs, "jira_get_worklog", map[string]any{"issue_key": key}).obj(t), "worklogs").([]any)
	if len(logs) != before+2 {
		t.Fatalf("%s has %d worklogs, want %d", key, len(logs), before+2)
	}
	if last := logs[len(logs)-1]; dig(last, "time_spent") != "2d" || dig(last, "time_spent_seconds") != float64(2*8*3600) {
		t.Errorf("last worklog = %v, want 2d of 8-hour days", last)
	}
	seeded := dig(mustCall(t, cs, "jira_get_worklog", map[string]any{"issue_key": "OPS-1"}).obj(t), "worklogs").([]any)
	if len(seeded) == 0 || dig(seeded, 0, "author") != "Bob Builder" || dig(seeded, 0, "time_spent") != "30m" {
		t.Errorf("OPS-1 worklogs = %v", seeded)
	}
}

// jiraLinksTour links issues to each other, to an epic and to a web page,
// and removes a link again.
func jiraLinksTour(t *testing.T, cs *mcp.ClientSession, d atlassian.Deployment) {
	types := mustCall(t, cs, "jira_get_link_types", nil).list(t)
	if len(types) < 4 {
		t.Errorf("link types = %v", types)
	}
	blocks := mustCall(t, cs, "jira_get_link_types", map[string]any{"name_filter": "BLOCK"}).list(t)
	if len(blocks) != 1 || dig(blocks, 0, "outward") != "blocks" {
		t.Errorf("name_filter BLOCK = %v", blocks)
	}

	link := mustCall(t, cs, "jira_create_issue_link", map[string]any{
		"link_type": "Blocks", "inward_issue_key": "DEMO-26", "outward_issue_key": "DEMO-29", "comment": "Keys first, then *limits*",
	}).obj(t)
	linkID, _ := link["link_id"].(string)
	if link["success"] != true || linkID == "" || link["inward_issue"] != "DEMO-26" {
		t.Fatalf("create_issue_link = %v", link)
	}
	mustFail(t, cs, "jira_create_issue_link", map[string]any{"link_type": "Teleports", "inward_issue_key": "DEMO-26", "outward_issue_key": "DEMO-29"}, "404")
	mustFail(t, cs, "jira_create_issue_link", map[string]any{"link_type": "Blocks", "inward_issue_key": "DEMO-26", "outward_issue_key": "DEMO-26"}, "itself")
	withComment := mustCall(t, cs, "jira_get_issue", map[string]any{"issue_key": "DEMO-26", "comment_limit": 5}).obj(t)
	if cs := asList(withComment["comments"]); len(cs) == 0 || !strings.Contains(dig(cs[len(cs)-1], "body").(string), "*limits*") {
		t.Errorf("link comment not on DEMO-26: %v", withComment["comments"])
	}

	removed := mustCall(t, cs, "jira_remove_issue_link", map[string]any{"link_id": linkID}).obj(t)
	if removed["success"] != true || removed["link_id"] != linkID {
		t.Errorf("remove_issue_link = %v", removed)
	}
	mustFail(t, cs, "jira_remove_issue_link", map[string]any{"link_id": linkID}, "404")
	mustFail(t, cs, "jira_remove_issue_link", map[string]any{"link_id": "abc"}, "link_id")

	remote := mustCall(t, cs, "jira_create_remote_issue_link", map[string]any{
		"issue_key": "DEMO-29", "url": "https://example.com/rate-limits", "title": "Rate limit design", "relationship": "documentation",
		"icon_url": "https://example.com/favicon.png",
	}).obj(t)
	if remote["success"] != true || remote["link_id"] == nil || remote["link_url"] != "https://example.com/rate-limits" {
		t.Errorf("create_remote_issue_link = %v", remote)
	}
	mustFail(t, cs, "jira_create_remote_issue_link", map[string]any{"issue_key": "DEMO-29", "url": "javascript:alert(1)", "title": "x"}, "url")

	// DEMO-27 has no epic; put it into DEMO-2 (an alias names the epic).
	epic := mustCall(t, cs, "jira_link_to_epic", map[string]any{"issue_key": "DEMO-27", "epicKey": "DEMO-2"}).obj(t)
	if dig(epic, "issue", "key") != "DEMO-27" || !strings.Contains(epic["message"].(string), "DEMO-2") {
		t.Errorf("link_to_epic = %v", epic)
	}
	found := mustCall(t, cs, "jira_search", map[string]any{"jql": `key = DEMO-27 AND "Epic Link" = DEMO-2`, "fields": "summary"}).obj(t)
	if d == atlassian.Cloud {
		found = mustCall(t, cs, "jira_search", map[string]any{"jql": "key = DEMO-27 AND parent = DEMO-2", "fields": "summary"}).obj(t)
	}
	if len(asList(found["issues"])) != 1 {
		t.Errorf("DEMO-27 is not in epic DEMO-2 after link_to_epic: %v", found)
	}
	mustFail(t, cs, "jira_link_to_epic", map[string]any{"issue_key": "DEMO-27", "epic_key": "DEMO-25"}, "not an Epic")
	mustFail(t, cs, "jira_link_to_epic", map[string]any{"issue_key": "DEMO-27", "epic_key": "epic two"}, "epic_key")
}
