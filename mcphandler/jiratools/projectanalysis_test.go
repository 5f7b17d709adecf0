package jiratools

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/jira"
)

func issueJSON(t *testing.T, raw string) jira.Issue {
	t.Helper()
	var is jira.Issue
	if err := json.Unmarshal([]byte(raw), &is); err != nil {
		t.Fatal(err)
	}
	return is
}

func TestCrossProjectParent(t *testing.T) {
	for _, tc := range []struct{ name, issue, want string }{
		{"parent field in another project", `{"key":"WEB-1","fields":{"parent":{"key":"PLAN-7"}}}`, "PLAN-7"},
		{"parent field in the same project", `{"key":"WEB-1","fields":{"parent":{"key":"WEB-9"}}}`, ""},
		{"inward child-of link", `{"key":"WEB-1","fields":{"issuelinks":[{"type":{"name":"Hierarchy","inward":"is child of","outward":"is parent of"},"inwardIssue":{"key":"PLAN-2"}}]}}`, "PLAN-2"},
		{"outward contained-by link", `{"key":"WEB-1","fields":{"issuelinks":[{"type":{"name":"Containment","inward":"contains","outward":"is contained by"},"outwardIssue":{"key":"PLAN-3"}}]}}`, "PLAN-3"},
		{"link type named split from", `{"key":"WEB-1","fields":{"issuelinks":[{"type":{"name":"Split From","inward":"x","outward":"y"},"outwardIssue":{"key":"OPS-4"}}]}}`, "OPS-4"},
		{"blocks is no hierarchy", `{"key":"WEB-1","fields":{"issuelinks":[{"type":{"name":"Blocks","inward":"is blocked by","outward":"blocks"},"inwardIssue":{"key":"PLAN-5"}}]}}`, ""},
		{"child-of link inside the project", `{"key":"WEB-1","fields":{"issuelinks":[{"type":{"name":"Hierarchy","inward":"is child of","outward":"is parent of"},"inwardIssue":{"key":"WEB-2"}}]}}`, ""},
	} {
		if got := crossProjectParent(issueJSON(t, tc.issue), "WEB"); got != tc.want {
			t.Errorf("%s: parent = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestCrossProjectLinks(t *testing.T) {
	is := issueJSON(t, `{"key":"WEB-1","fields":{"issuelinks":[
		{"type":{"name":"Blocks"},"outwardIssue":{"key":"OPS-1"}},
		{"type":{"name":"Relates"},"inwardIssue":{"key":"PLAN-2"}},
		{"type":{"name":"Relates"},"inwardIssue":{"key":"WEB-3"}},
		{"type":{"name":"Cloners"}}]}}`)
	got := crossProjectLinks(is, "WEB")
	want := []crossLink{{"OPS-1", "Blocks", "outward"}, {"PLAN-2", "Relates", "inward"}}
	if !slices.Equal(got, want) {
		t.Errorf("links = %v, want %v", got, want)
	}
}

func TestFormatMinutes(t *testing.T) {
	for m, want := range map[int]string{0: "0m", -5: "0m", 45: "45m", 90: "1h 30m", 1500: "1d 1h 0m", 2880: "2d 0h 0m"} {
		if got := formatMinutes(m); got != want {
			t.Errorf("formatMinutes(%d) = %q, want %q", m, got, want)
		}
	}
}

// TestEmbeddedSummary: a parent's summary comes from what the epic
// embeds, so the tool reads nothing outside the allow-list for it.
func TestEmbeddedSummary(t *testing.T) {
	byField := issueJSON(t, `{"key":"WEB-1","fields":{"parent":{"key":"PLAN-7","fields":{"summary":"Roadmap"}}}}`)
	if got := embeddedSummary(byField, "PLAN-7"); got != "Roadmap" {
		t.Errorf("from the parent field: %v", got)
	}
	byLink := issueJSON(t, `{"key":"WEB-1","fields":{"issuelinks":[{"type":{"name":"Hierarchy"},"inwardIssue":{"key":"PLAN-2","fields":{"summary":"Programme"}}}]}}`)
	if got := embeddedSummary(byLink, "PLAN-2"); got != "Programme" {
		t.Errorf("from a link: %v", got)
	}
	if got := embeddedSummary(byLink, "PLAN-9"); got != nil {
		t.Errorf("an unrelated key: %v", got)
	}
}
