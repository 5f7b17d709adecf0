package caddymodule_test

import (
	"slices"
	"testing"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

func init() { registerTour("metrics", metricsTour) }

// metricsTour walks a new issue through To Do, In Progress and Done, and
// checks the dates and metrics computed from its history, then checks a
// seeded resolved issue's cycle time against its own dates.
func metricsTour(t *testing.T, cs *mcp.ClientSession, d atlassian.Deployment) {
	due := time.Now().AddDate(0, 0, 10).UTC().Format("2006-01-02")
	created := mustCall(t, cs, "jira_create_issue", map[string]any{"project_key": "DEMO", "summary": "Metrics " + string(d),
		"issue_type": "Task", "additional_fields": `{"duedate": "` + due + `"}`}).obj(t)
	key := dig(created, "issue", "key").(string)
	mustCall(t, cs, "jira_transition_issue", map[string]any{"issue_key": key, "transition_id": "In Progress"})
	mustCall(t, cs, "jira_transition_issue", map[string]any{"issue_key": key, "transition_id": "Done"})

	dates := mustCall(t, cs, "jira_get_issue_dates", map[string]any{"issue_key": key}).obj(t)
	var visited []string
	for _, ch := range asList(dates["status_changes"]) {
		visited = append(visited, dig(ch, "status").(string))
	}
	if !slices.Equal(visited, []string{"To Do", "In Progress", "Done"}) || dates["current_status"] != "Done" ||
		dates["resolution_date"] == nil || dates["due_date"] == nil || len(asList(dates["status_summary"])) != 3 {
		t.Fatalf("issue dates = %v", dates)
	}
	if dig(dates, "status_changes", 1, "transitioned_by") != "Alice Example" || dig(dates, "status_changes", 2, "exited_at") != nil {
		t.Errorf("status changes = %v", dates["status_changes"])
	}
	bare := mustCall(t, cs, "jira_get_issue_dates", map[string]any{"issue_key": key, "include_status_changes": false, "include_status_summary": false}).obj(t)
	if _, has := bare["status_changes"]; has || bare["created"] == nil {
		t.Errorf("dates without history = %v", bare)
	}

	sla := mustCall(t, cs, "jira_get_issue_sla", map[string]any{"issue_key": key,
		"metrics": "cycle_time,lead_time,time_in_status,due_date_compliance,resolution_time,first_response_time", "include_raw_dates": true}).obj(t)
	m := sla["metrics"]
	if dig(m, "cycle_time", "calculated") != true || dig(m, "lead_time", "is_resolved") != true ||
		dig(m, "resolution_time", "calculated") != true || dig(m, "first_response_time", "response_type") != "transition" ||
		dig(m, "due_date_compliance", "status") != "met" || dig(m, "due_date_compliance", "margin_minutes").(float64) < 9*24*60 ||
		len(asList(dig(m, "time_in_status", "statuses"))) != 3 || dig(sla, "raw_dates", "current_status") != "Done" {
		t.Errorf("sla = %v", sla)
	}

	// A seeded resolved issue: the cycle time is its created→resolved span.
	done := mustCall(t, cs, "jira_search", map[string]any{"jql": "project = DEMO AND status = Done ORDER BY key ASC", "limit": 1,
		"fields": "created,resolutiondate"}).obj(t)
	seeded := dig(done, "issues", 0).(map[string]any)
	from, _ := time.Parse("2006-01-02T15:04:05.000-0700", seeded["created"].(string))
	to, _ := time.Parse("2006-01-02T15:04:05.000-0700", seeded["resolutiondate"].(string))
	want := float64(int(to.Sub(from) / time.Minute))
	old := mustCall(t, cs, "jira_get_issue_sla", map[string]any{"issue_key": seeded["key"]}).obj(t)
	if got := dig(old, "metrics", "cycle_time", "value_minutes"); got != want || want <= 0 {
		t.Errorf("cycle time of %s = %v, want %v minutes", seeded["key"], got, want)
	}
	if _, has := dig(old, "metrics").(map[string]any)["lead_time"]; has {
		t.Errorf("default metrics include lead_time: %v", old)
	}
	working := mustCall(t, cs, "jira_get_issue_sla", map[string]any{"issue_key": seeded["key"], "metrics": "cycle_time", "working_hours_only": true}).obj(t)
	if got, ok := dig(working, "metrics", "cycle_time", "value_minutes").(float64); !ok || got >= want {
		t.Errorf("working-hours cycle time %v is not below the calendar %v", got, want)
	}

	mustFail(t, cs, "jira_get_issue_sla", map[string]any{"issue_key": key, "metrics": "velocity"}, "metrics", "velocity")
	mustFail(t, cs, "jira_get_issue_dates", map[string]any{"issue_key": "DEMO-99999"}, "DEMO-99999")
}
