package mcphandler

import (
	"slices"
	"testing"
)

func TestRestrictQuery(t *testing.T) {
	for _, tc := range []struct {
		query string
		keys  []string
		want  string
	}{
		{"status = Open", nil, "status = Open"},
		{"status = Open", []string{"DEMO"}, `(status = Open) AND project IN ("DEMO")`},
		{"status = Open ORDER BY created DESC", []string{"DEMO", "OPS"}, `(status = Open) AND project IN ("DEMO", "OPS") ORDER BY created DESC`},
		{"order by key", []string{"DEMO"}, `project IN ("DEMO") order by key`},
		{"", []string{"AND"}, `project IN ("AND")`},
		{`summary ~ "a or b"`, []string{`we"ird`}, `(summary ~ "a or b") AND project IN ("we\"ird")`},
	} {
		if got := restrictQuery(tc.query, "project", tc.keys); got != tc.want {
			t.Errorf("restrictQuery(%q, %v) = %q, want %q", tc.query, tc.keys, got, tc.want)
		}
	}
}

func TestNarrowFilter(t *testing.T) {
	got, err := narrowFilter([]string{"DEMO", "OPS"}, "ops, other", "projects")
	if err != nil || !slices.Equal(got, []string{"ops"}) {
		t.Errorf("narrow = %v, %v", got, err)
	}
	if _, err := narrowFilter([]string{"DEMO"}, "OTHER", "projects"); err == nil {
		t.Error("a per-call filter outside the allow-list must fail, not widen it")
	}
	got, _ = narrowFilter(nil, "A,B", "projects")
	if !slices.Equal(got, []string{"A", "B"}) {
		t.Errorf("no configured filter: %v", got)
	}
}

func TestToolFilter(t *testing.T) {
	specs := []toolSpec{
		{name: "jira_get_issue", toolset: "jira_issues"},
		{name: "jira_create_issue", toolset: "jira_issues", write: true},
		{name: "jira_get_all_projects", toolset: "jira_projects"},
		{name: "confluence_search", toolset: "confluence_pages"},
	}
	kept := func(o Options) []string {
		f := newToolFilter(o)
		var names []string
		for _, s := range specs {
			if f.allows(s) {
				names = append(names, s.name)
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

func TestProjectOfKey(t *testing.T) {
	for key, want := range map[string]string{"DEMO-1": "DEMO", "AB_C-12": "AB_C", "PROJ-1-2": "PROJ"} {
		if got := projectOfKey(key); got != want {
			t.Errorf("projectOfKey(%s) = %s, want %s", key, got, want)
		}
	}
}
