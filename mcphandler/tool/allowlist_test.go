package tool

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
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
		if got, err := RestrictQuery(tc.query, "project", tc.keys); err != nil || got != tc.want {
			t.Errorf("RestrictQuery(%q, %v) = %q, %v; want %q", tc.query, tc.keys, got, err, tc.want)
		}
	}
}

// TestRestrictQueryCannotBeEscaped: no input closes the parenthesis around
// the user's clause; what would is refused.
func TestRestrictQueryCannotBeEscaped(t *testing.T) {
	for _, q := range []string{
		`project = OPS) OR (project = DEMO`,
		`project = OPS OR summary ~ 'x order by y')`,
		`project = OPS OR summary ~ "x order by y")`,
		`space = TEAM) OR (space = DEMO`,
		`space = 'TEAM') OR (space = 'DEMO'`,
		`(project = OPS`,
		`summary ~ "unterminated`,
		`summary ~ 'it\'s open`,
		`project = OPS)) order by key`,
	} {
		got, err := RestrictQuery(q, "project", []string{"DEMO"})
		if err == nil {
			t.Errorf("RestrictQuery(%q) = %q, want a refusal", q, got)
		}
	}
	// Balanced input with tricky strings is kept whole, ORDER BY only at
	// the top level and outside strings.
	for q, want := range map[string]string{
		`summary ~ "a) OR (b" ORDER BY key`:       `(summary ~ "a) OR (b") AND project IN ("DEMO") ORDER BY key`,
		`summary ~ 'order by x' order by created`: `(summary ~ 'order by x') AND project IN ("DEMO") order by created`,
		`summary ~ "say \"hi\")" AND (a = b)`:     `(summary ~ "say \"hi\")" AND (a = b)) AND project IN ("DEMO")`,
		`reorder = 1 ORDER  BY rank`:              `(reorder = 1) AND project IN ("DEMO") ORDER  BY rank`,
		`(a = 1 ORDER BY b)`:                      `((a = 1 ORDER BY b)) AND project IN ("DEMO")`,
	} {
		got, err := RestrictQuery(q, "project", []string{"DEMO"})
		if err != nil || got != want {
			t.Errorf("RestrictQuery(%q) = %q, %v; want %q", q, got, err, want)
		}
	}
}

// FuzzRestrictQuery: whatever the input, a restricted query either is
// refused or has the user's clause inside balanced parentheses ahead of
// the allow-list clause.
func FuzzRestrictQuery(f *testing.F) {
	for _, s := range []string{"project = A", "a) OR (b", `"x") OR ("y`, "order by key", `'\'' order by x`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		got, err := RestrictQuery(q, "project", []string{"DEMO"})
		if err != nil {
			return
		}
		where, _, err := splitOrderBy(got)
		if err != nil {
			t.Fatalf("restricted query %q does not scan: %v", got, err)
		}
		if !strings.Contains(where, `project IN ("DEMO")`) {
			t.Fatalf("restricted query %q lost the allow-list clause", got)
		}
		if strings.TrimSpace(q) != "" && !strings.HasPrefix(got, "(") && !strings.HasPrefix(strings.ToLower(strings.TrimSpace(q)), "order") {
			t.Fatalf("restricted query %q does not start with the wrapped clause", got)
		}
	})
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

// TestMaxLimitClamps: ATLASSIAN_MAX_PAGINATION_LIMIT caps limit arguments
// and defaults alike.
func TestMaxLimitClamps(t *testing.T) {
	type in struct {
		Limit int `json:"limit,omitempty"`
	}
	tl := New(Spec{Name: "x", Params: map[string]Param{"limit": {Default: 50, Min: Bound(1)}}}, func(ctx context.Context, c *Call, v in) (any, error) { return v.Limit, nil })
	p, err := tl.Prepare(Config{MaxLimit: 20})
	if err != nil {
		t.Fatal(err)
	}
	for raw, want := range map[string]string{`{"limit": 100}`: `{"limit":20}`, `{}`: `{"limit":20}`, `{"limit": 5}`: `{"limit":5}`} {
		args, err := p.Decode(json.RawMessage(raw))
		got, _ := json.Marshal(args)
		if err != nil || string(got) != want {
			t.Errorf("Decode(%s) = %s, %v; want %s", raw, got, err, want)
		}
	}
}
