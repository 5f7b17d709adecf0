package caddymodule_test

import (
	"slices"
	"testing"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

func init() { registerTour("agile", agileTour) }

// issueKeys are the keys of a search-shaped tool result, sorted.
func issueKeys(t *testing.T, r callResult) []string {
	t.Helper()
	var keys []string
	for _, is := range asList(r.obj(t)["issues"]) {
		keys = append(keys, dig(is, "key").(string))
	}
	slices.Sort(keys)
	return keys
}

// agileTour drives the jira_agile toolset: boards, sprints and the
// backlog over the seeded DEMO board.
func agileTour(t *testing.T, cs *mcp.ClientSession, d atlassian.Deployment) {
	boards := mustCall(t, cs, "jira_get_agile_boards", map[string]any{"project_key": "DEMO"}).list(t)
	if len(boards) != 2 || dig(boards[0], "id") != "1" || dig(boards[0], "name") != "DEMO board" || dig(boards[0], "type") != "scrum" {
		t.Errorf("DEMO boards = %v, want the scrum board 1 and the kanban board", boards)
	}
	kanban := mustCall(t, cs, "jira_get_agile_boards", map[string]any{"board_type": "kanban"}).list(t)
	if len(kanban) != 1 || dig(kanban[0], "name") != "DEMO kanban" {
		t.Errorf("kanban boards = %v", kanban)
	}

	active := mustCall(t, cs, "jira_get_sprints_from_board", map[string]any{"board_id": "1", "state": "active"}).list(t)
	if len(active) != 1 || dig(active[0], "name") != "DEMO Sprint 2" || dig(active[0], "state") != "active" || dig(active[0], "goal") != "Checkout beta" {
		t.Fatalf("active sprints = %v", active)
	}
	all := mustCall(t, cs, "jira_get_sprints_from_board", map[string]any{"board_id": "1", "limit": 2}).list(t)
	if len(all) != 2 || dig(all[0], "state") != "closed" || dig(all[0], "end_date") == nil {
		t.Errorf("first two sprints = %v", all)
	}
	activeID := dig(active[0], "id").(string)
	if got := issueKeys(t, mustCall(t, cs, "jira_get_sprint_issues", map[string]any{"sprint_id": activeID, "fields": "summary,status"})); !slices.Equal(got, []string{"DEMO-6", "DEMO-7", "DEMO-8"}) {
		t.Errorf("active sprint issues = %v", got)
	}

	onBoard := mustCall(t, cs, "jira_get_board_issues", map[string]any{"board_id": "1", "jql": "key in (DEMO-6, DEMO-7, OPS-1)", "fields": "summary"})
	if got := issueKeys(t, onBoard); !slices.Equal(got, []string{"DEMO-6", "DEMO-7"}) {
		t.Errorf("board issues = %v, want the DEMO ones only", got)
	}
	if dig(onBoard.obj(t), "total") != float64(2) || dig(onBoard.obj(t), "issues", 0, "summary") == nil {
		t.Errorf("board issues result = %v", onBoard.obj(t))
	}

	// A new sprint, filled, partly moved back, then started.
	start := time.Now().AddDate(0, 1, 0).UTC()
	created := mustCall(t, cs, "jira_create_sprint", map[string]any{
		"board_id": "1", "name": "E2E sprint " + string(d), "goal": "Ship it",
		"start_date": start.Format(time.RFC3339), "end_date": start.AddDate(0, 0, 14).Format(time.RFC3339),
	}).obj(t)
	id, _ := created["id"].(string)
	if id == "" || created["state"] != "future" || created["goal"] != "Ship it" || created["start_date"] == nil {
		t.Fatalf("create_sprint = %v", created)
	}
	added := mustCall(t, cs, "jira_add_issues_to_sprint", map[string]any{"sprint_id": id, "issue_keys": "DEMO-10, DEMO-12"}).obj(t)
	if !slices.Equal(toStrings(added["issue_keys"]), []string{"DEMO-10", "DEMO-12"}) {
		t.Errorf("add_issues_to_sprint = %v", added)
	}
	moved := mustCall(t, cs, "jira_move_issues_to_backlog", map[string]any{"issue_keys": "DEMO-12"}).obj(t)
	if !slices.Equal(toStrings(moved["issue_keys"]), []string{"DEMO-12"}) {
		t.Errorf("move_issues_to_backlog = %v", moved)
	}
	if got := issueKeys(t, mustCall(t, cs, "jira_get_sprint_issues", map[string]any{"sprint_id": id})); !slices.Equal(got, []string{"DEMO-10"}) {
		t.Errorf("new sprint issues = %v, want DEMO-10 only", got)
	}
	updated := mustCall(t, cs, "jira_update_sprint", map[string]any{"sprint_id": id, "goal": "Ship it twice", "state": "active"}).obj(t)
	if updated["goal"] != "Ship it twice" || updated["state"] != "active" || updated["name"] != "E2E sprint "+string(d) {
		t.Errorf("update_sprint = %v", updated)
	}

	mustFail(t, cs, "jira_create_sprint", map[string]any{"board_id": "1", "name": "Past", "start_date": "2020-01-01", "end_date": "2020-01-14"}, "start_date", "past")
	mustFail(t, cs, "jira_create_sprint", map[string]any{"board_id": "1", "name": "Backwards",
		"start_date": start.Format(time.RFC3339), "end_date": start.AddDate(0, 0, -1).Format(time.RFC3339)}, "before end_date")
	mustFail(t, cs, "jira_get_sprint_issues", map[string]any{"sprint_id": "1 OR project = OPS"}, "sprint_id")
	mustFail(t, cs, "jira_update_sprint", map[string]any{"sprint_id": id}, "nothing to update")
	mustFail(t, cs, "jira_update_sprint", map[string]any{"sprint_id": id, "state": "paused"}, "state")
	mustFail(t, cs, "jira_add_issues_to_sprint", map[string]any{"sprint_id": "1", "issue_keys": "DEMO-10"}, "closed sprint")
	mustFail(t, cs, "jira_move_issues_to_backlog", map[string]any{"issue_keys": " , "}, "issue_keys")
	mustFail(t, cs, "jira_get_sprints_from_board", map[string]any{"board_id": "2"}, "does not support sprints")
}
