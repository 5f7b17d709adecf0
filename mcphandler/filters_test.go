package mcphandler

import (
	"slices"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

func TestToolFilter(t *testing.T) {
	specs := []tool.Spec{
		{Name: "jira_get_issue", Toolset: "jira_issues"},
		{Name: "jira_create_issue", Toolset: "jira_issues", Write: true},
		{Name: "jira_get_all_projects", Toolset: "jira_projects"},
		{Name: "confluence_search", Toolset: "confluence_pages"},
	}
	kept := func(o Options) []string {
		f := newToolFilter(o, Catalogue())
		var names []string
		for _, s := range specs {
			if f.allows(s) {
				names = append(names, s.Name)
			}
		}
		return names
	}
	for _, tc := range []struct {
		name string
		opts Options
		want []string
	}{
		{"all by default", Options{}, []string{"jira_get_issue", "jira_create_issue", "jira_get_all_projects", "confluence_search"}},
		{"read only", Options{ReadOnly: true}, []string{"jira_get_issue", "jira_get_all_projects", "confluence_search"}},
		{"default toolsets", Options{Toolsets: []string{"default"}}, []string{"jira_get_issue", "jira_create_issue", "confluence_search"}},
		{"intersect enabled", Options{Toolsets: []string{"jira_issues,jira_projects"}, EnabledTools: []string{"jira_get_issue", "confluence_search"}}, []string{"jira_get_issue"}},
		{"only unknown toolsets: none", Options{Toolsets: []string{"nope"}}, nil},
		{"all keyword", Options{Toolsets: []string{"nope", "all"}}, []string{"jira_get_issue", "jira_create_issue", "jira_get_all_projects", "confluence_search"}},
	} {
		if got := kept(tc.opts); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
