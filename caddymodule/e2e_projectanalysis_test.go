package caddymodule_test

import (
	"slices"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

func init() { registerTour("projectanalysis", projectAnalysisTour) }

// projectAnalysisTour groups DEMO's seeded epics (none has a parent in
// another project, so all are Unlinked) and scans OPS for cross-project
// links. The link classification itself is unit-tested in jiratools.
func projectAnalysisTour(t *testing.T, cs *mcp.ClientSession, d atlassian.Deployment) {
	h := mustCall(t, cs, "jira_get_project_epic_hierarchy", map[string]any{"project_key": "DEMO"}).obj(t)
	groups := asList(h["groups"])
	if h["total_epics"] != float64(3) || len(groups) != 1 || dig(groups[0], "group_name") != "Unlinked" || dig(groups[0], "parent") != nil {
		t.Fatalf("epic hierarchy = %v", h)
	}
	var keys []string
	for _, e := range asList(dig(groups[0], "epics")) {
		keys = append(keys, dig(e, "key").(string))
		if dig(e, "summary") == nil || dig(e, "status") == "Unknown" {
			t.Errorf("epic %v lacks its summary or status", e)
		}
	}
	slices.Sort(keys)
	if !slices.Equal(keys, []string{"DEMO-1", "DEMO-2", "DEMO-3"}) {
		t.Errorf("epics = %v", keys)
	}
	one := mustCall(t, cs, "jira_get_project_epic_hierarchy", map[string]any{"project_key": "DEMO", "max_epics": 1}).obj(t)
	if one["total_epics"] != float64(1) {
		t.Errorf("max_epics 1 gave %v", one["total_epics"])
	}

	deps := mustCall(t, cs, "jira_get_cross_project_dependencies", map[string]any{"project_key": "OPS"}).obj(t)
	ops := mustCall(t, cs, "jira_search", map[string]any{"jql": "project = OPS", "limit": 100, "fields": "summary"}).obj(t)
	if deps["project_key"] != "OPS" || deps["total_issues_scanned"] != float64(len(asList(ops["issues"]))) || deps["total_cross_project_links"] == nil {
		t.Errorf("cross-project dependencies = %v", deps)
	}
	// max_issues above Server/DC's page of 50 still reads every issue there is.
	many := mustCall(t, cs, "jira_get_cross_project_dependencies", map[string]any{"project_key": "DEMO", "max_issues": 60}).obj(t)
	demo := mustCall(t, cs, "jira_search", map[string]any{"jql": "project = DEMO", "limit": 100, "fields": "summary"}).obj(t)
	if want := min(60, len(asList(demo["issues"]))); many["total_issues_scanned"] != float64(want) {
		t.Errorf("scanned %v DEMO issues, want %d", many["total_issues_scanned"], want)
	}
	mustFail(t, cs, "jira_get_project_epic_hierarchy", map[string]any{"project_key": "DEMO", "max_epics": 501}, "max_epics")
	mustFail(t, cs, "jira_get_cross_project_dependencies", map[string]any{"project_key": "demo"}, "project_key")
}
