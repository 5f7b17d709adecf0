package tool

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
		if got := RestrictQuery(tc.query, "project", tc.keys); got != tc.want {
			t.Errorf("RestrictQuery(%q, %v) = %q, want %q", tc.query, tc.keys, got, tc.want)
		}
	}
}

func TestNarrowFilter(t *testing.T) {
	got, err := NarrowFilter([]string{"DEMO", "OPS"}, "ops, other", "projects")
	if err != nil || !slices.Equal(got, []string{"ops"}) {
		t.Errorf("narrow = %v, %v", got, err)
	}
	if _, err := NarrowFilter([]string{"DEMO"}, "OTHER", "projects"); err == nil {
		t.Error("a per-call filter outside the allow-list must fail, not widen it")
	}
	got, _ = NarrowFilter(nil, "A,B", "projects")
	if !slices.Equal(got, []string{"A", "B"}) {
		t.Errorf("no configured filter: %v", got)
	}
}

func TestProjectOfKey(t *testing.T) {
	for key, want := range map[string]string{"DEMO-1": "DEMO", "AB_C-12": "AB_C", "PROJ-1-2": "PROJ"} {
		if got := ProjectOfKey(key); got != want {
			t.Errorf("ProjectOfKey(%s) = %s, want %s", key, got, want)
		}
	}
}
