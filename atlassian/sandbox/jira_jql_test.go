package sandbox

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

func TestJiraJQLParse(t *testing.T) {
	ok := []string{
		``,
		`project = DEMO`,
		`project=DEMO AND status!="In Progress"`,
		`PROJECT = demo and STATUS in ("To Do", 'In Review') or NOT labels is EMPTY`,
		`(assignee = currentUser() OR reporter = currentUser()) AND statusCategory != Done ORDER BY updated DESC, key`,
		`labels not in (a, b) AND component is not empty`,
		`summary ~ "login*" AND text !~ 'draft'`,
		`created >= -7d AND updated <= "2026/11/01 10:00"`,
		`sprint in openSprints()`,
		`"Epic Link" = DEMO-1`,
		`cf[10016] > 3`,
		`project = DEMO && status = Done || !(priority = Low)`,
		`ORDER BY created DESC`,
		"project = DEMO\nAND status = Done",
		`summary ~ "say \"hi\""`,
		`key in (DEMO-1,DEMO-2)`,
		`issuetype in standardIssueTypes()`,
		`created > startOfDay(-1)`,
	}
	for _, q := range ok {
		if _, err := parseJQL(q); err != nil {
			t.Errorf("parseJQL(%q): %v", q, err)
		}
	}
	bad := []struct{ jql, msg string }{
		{`project = DEMO AND`, "Error in the JQL Query: Expecting a field name at the end of the query."},
		{`project =`, "Error in the JQL Query: Expecting either a value, list or function before the end of the query."},
		{`project DEMO`, "Error in the JQL Query: Expecting operator but got 'DEMO'. " + jqlOperators + " (line 1, character 9)"},
		{`project`, "Error in the JQL Query: Expecting operator before the end of the query. " + jqlOperators},
		{`summary ~ "open`, "Error in the JQL Query: The quoted string 'open' has not been completed. (line 1, character 11)"},
		{`(project = DEMO`, "Error in the JQL Query: Expecting ')' before the end of the query."},
		{`project = DEMO)`, "Error in the JQL Query: Expecting either 'OR' or 'AND' but got ')'. (line 1, character 15)"},
		{`project = DEMO status = Done`, "Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'status'. (line 1, character 16)"},
		{`project = ,`, "Error in the JQL Query: Expecting either a value, list or function but got ','. You must surround ',' in quotation marks to use it as a value. (line 1, character 11)"},
		{`project in DEMO`, "Error in the JQL Query: Expecting '(' but got 'DEMO'. The operator 'IN' requires a list of values."},
		{`labels in (a, b`, "Error in the JQL Query: Expecting ')' before the end of the query."},
		{`labels is foo`, "Error in the JQL Query: Expecting 'EMPTY' but got 'foo'. (line 1, character 11)"},
		{`status not = Done`, "Error in the JQL Query: Expecting 'IN' after 'NOT' but got '='. (line 1, character 12)"},
		{`project = DEMO ORDER created`, "Error in the JQL Query: Expecting 'BY' but got 'created'. (line 1, character 22)"},
		{`project = and`, "Error in the JQL Query: Expecting either a value, list or function but got 'and'. 'and' is a reserved JQL word. You must surround it in quotation marks to use it in a query. (line 1, character 11)"},
		{"project = DEMO AND\n  = x", "Error in the JQL Query: Expecting a field name but got '='. (line 2, character 3)"},
	}
	deep := strings.Repeat("(", 5000) + "project = DEMO" + strings.Repeat(")", 5000)
	bad = append(bad, struct{ jql, msg string }{deep, "Error in the JQL Query: The query is nested too deeply. (line 1, character 101)"})
	if _, err := parseJQL(strings.Repeat("NOT ", 99) + "project = DEMO"); err != nil {
		t.Errorf("99 NOTs: %v", err)
	}
	for _, c := range bad {
		_, err := parseJQL(c.jql)
		if err == nil || err.Error() != c.msg {
			t.Errorf("parseJQL(%q)\n got %v\nwant %s", c.jql, err, c.msg)
		}
	}
}

// jqlKeys runs a query against a fresh store as alice, with the clock at
// the seed base.
func jqlKeys(t *testing.T, st *jiraStore, jql string) ([]string, []string) {
	t.Helper()
	plan, errs := st.jqlCompile(jql, st.userNamed("alice"))
	if len(errs) > 0 {
		return nil, errs
	}
	var keys []string
	for _, is := range st.jqlSearch(plan) {
		keys = append(keys, is.key)
	}
	return keys, nil
}

func newJQLStore(dep atlassian.Deployment) *jiraStore {
	st := New(Options{Deployment: dep}).jira
	st.now = func() time.Time { return jiraSeedBase }
	return st
}

func TestJiraJQLMatch(t *testing.T) {
	demo := func(nums ...int) []string {
		var out []string
		for _, n := range nums {
			out = append(out, "DEMO-"+strconv.Itoa(n))
		}
		return out
	}
	both := []struct {
		jql  string
		want []string // compared as a set unless ordered
		ord  bool
	}{
		{jql: `project = OPS AND status = "To Do"`, want: []string{"OPS-2", "OPS-4", "OPS-5"}},
		{jql: `project = Operations AND status = 10000`, want: []string{"OPS-2", "OPS-4", "OPS-5"}},
		{jql: `assignee = currentUser() AND statusCategory != Done`, want: demo(1, 14, 19, 24, 35)},
		{jql: `project = DEMO AND assignee is EMPTY`, want: demo(8, 11, 13, 23, 27, 31, 34)},
		{jql: `project = DEMO AND assignee = EMPTY`, want: demo(8, 11, 13, 23, 27, 31, 34)},
		{jql: `labels in (security) ORDER BY key`, want: append(demo(5, 7, 10, 26, 29), "OPS-1"), ord: true},
		{jql: `labels = SECURITY AND project = OPS`, want: []string{"OPS-1"}},
		{jql: `text ~ "rounding"`, want: demo(14)},
		{jql: `summary ~ checkout`, want: demo(2, 12, 15, 16)},
		{jql: `summary ~ "check*"`, want: demo(2, 12, 15, 16)},
		{jql: `summary ~ "\"price rounds\""`, want: demo(14)},
		{jql: `description ~ "JWKS" OR comment ~ "JWKS"`, want: demo(4)},
		{jql: `project = DEMO AND description is EMPTY`, want: demo(10, 11, 17, 18, 19, 31, 34)},
		{jql: `parent = DEMO-4`, want: demo(9, 10, 11)},
		{jql: `"Epic Link" = DEMO-2`, want: demo(12, 13, 14, 15, 16)},
		{jql: `created >= -10d`, want: append(demo(32, 33, 34, 35), "OPS-4", "OPS-5")},
		{jql: `updated > startOfDay(-1)`, want: append(demo(5, 29, 35), "OPS-1")},
		{jql: `project = OPS AND priority >= High`, want: []string{"OPS-1", "OPS-2"}},
		{jql: `project = OPS AND priority < Medium`, want: nil},
		{jql: `key > DEMO-33`, want: demo(34, 35)},
		{jql: `key in (DEMO-1, 10001, ops-2)`, want: []string{"DEMO-1", "DEMO-2", "OPS-2"}},
		{jql: `id = 10039`, want: []string{"OPS-5"}},
		{jql: `resolution = "Won't Do"`, want: demo(21)},
		{jql: `project = OPS AND resolution = Unresolved`, want: []string{"OPS-1", "OPS-2", "OPS-4", "OPS-5"}},
		{jql: `project = OPS AND resolution is not EMPTY`, want: []string{"OPS-3"}},
		{jql: `issuetype in subTaskIssueTypes() AND project = OPS`, want: []string{"OPS-5"}},
		{jql: `type = Epic`, want: demo(1, 2, 3)},
		{jql: `sprint in openSprints()`, want: []string{"DEMO-6", "DEMO-7", "DEMO-8", "DEMO-9", "OPS-1"}},
		{jql: `sprint in closedSprints() ORDER BY key`, want: []string{"DEMO-4", "DEMO-5"}},
		{jql: `sprint = "DEMO Sprint 2"`, want: []string{"DEMO-6", "DEMO-7", "DEMO-8"}},
		{jql: `project = OPS AND sprint is EMPTY`, want: []string{"OPS-2", "OPS-3", "OPS-4", "OPS-5"}},
		{jql: `NOT (status = Done) AND project = OPS`, want: []string{"OPS-1", "OPS-2", "OPS-4", "OPS-5"}},
		{jql: `component = Docs AND type = Story`, want: demo(22, 30)},
		{jql: `"Story Points" >= 8`, want: demo(4, 12, 13, 27)},
		{jql: `cf[10016] in (13, 5) AND team = Web`, want: demo(8, 13)},
		{jql: `team = Content`, want: demo(3, 20, 21, 22, 30, 32)},
		{jql: `reporter in (carol, bob) AND type = Bug AND status = "In Review"`, want: demo(14, 28)},
		{jql: `due <= "2026-11-30"`, want: []string{"DEMO-32", "OPS-1"}},
		{jql: `project = OPS AND assignee != bob`, want: []string{"OPS-3"}},
		{jql: `project = OPS AND labels not in (kubernetes)`, want: []string{"OPS-1", "OPS-2", "OPS-3"}},
		{jql: `assignee = "Carol Reviewer" AND status = Done`, want: demo(3, 6, 16, 20, 21)},
		{jql: `project = OPS ORDER BY priority DESC, key ASC`, want: []string{"OPS-1", "OPS-2", "OPS-3", "OPS-4", "OPS-5"}, ord: true},
		{jql: `project = OPS ORDER BY created ASC`, want: []string{"OPS-3", "OPS-1", "OPS-2", "OPS-4", "OPS-5"}, ord: true},
		{jql: `project = OPS ORDER BY assignee ASC, key DESC`, want: []string{"OPS-3", "OPS-5", "OPS-4", "OPS-1", "OPS-2"}, ord: true},
		{jql: `project = OPS ORDER BY status DESC, key`, want: []string{"OPS-3", "OPS-1", "OPS-2", "OPS-4", "OPS-5"}, ord: true},
		{jql: `project = OLD`, want: nil},
		{jql: `statusCategory = "In Progress" AND project = OPS`, want: []string{"OPS-1"}},
		{jql: `statusCategory in (new) AND project = OPS`, want: []string{"OPS-2", "OPS-4", "OPS-5"}},
	}
	for _, dep := range []atlassian.Deployment{atlassian.Cloud, atlassian.Server} {
		st := newJQLStore(dep)
		for _, c := range both {
			got, errs := jqlKeys(t, st, c.jql)
			if errs != nil {
				t.Errorf("%s: %q: %v", dep, c.jql, errs)
				continue
			}
			want := slices.Clone(c.want)
			if !c.ord {
				slices.Sort(got)
				slices.Sort(want)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: %q\n got %v\nwant %v", dep, c.jql, got, want)
			}
		}
	}
	// parent means the epic too on Cloud, only the sub-task parent on DC.
	cloud, _ := jqlKeys(t, newJQLStore(atlassian.Cloud), `parent = DEMO-1`)
	server, _ := jqlKeys(t, newJQLStore(atlassian.Server), `parent = DEMO-1`)
	slices.Sort(cloud)
	if !slices.Equal(cloud, demo(4, 5, 6, 7, 8)) || len(server) != 0 {
		t.Errorf("parent = DEMO-1: cloud %v server %v", cloud, server)
	}
	// The default order is newest first.
	all, _ := jqlKeys(t, newJQLStore(atlassian.Cloud), `project = DEMO`)
	if len(all) != 35 || all[0] != "DEMO-35" || all[34] != "DEMO-1" {
		t.Errorf("default order: %v", all)
	}
}

func TestJiraJQLErrors(t *testing.T) {
	st := newJQLStore(atlassian.Cloud)
	cases := []struct{ jql, msg string }{
		{`foo = bar`, "Field 'foo' does not exist or you do not have permission to view it."},
		{`"Epic Name" = x`, "Field 'Epic Name' does not exist or you do not have permission to view it."},
		{`project = NOPE`, "The value 'NOPE' does not exist for the field 'project'."},
		{`status = Nope`, "The value 'Nope' does not exist for the field 'status'."},
		{`assignee = nobody`, "The value 'nobody' does not exist for the field 'assignee'."},
		{`type = Incident`, "The value 'Incident' does not exist for the field 'type'."},
		{`component = Mobile`, "The value 'Mobile' does not exist for the field 'component'."},
		{`key = NOPE-1`, "An issue with key 'NOPE-1' does not exist for field 'key'."},
		{`issuekey = banana`, "The issue key 'banana' for field 'issuekey' is invalid."},
		{`summary = x`, "The operator '=' is not supported by the 'summary' field."},
		{`status ~ Done`, "The operator '~' is not supported by the 'status' field."},
		{`labels > x`, "The operator '>' is not supported by the 'labels' field."},
		{`text is EMPTY`, "The operator 'IS' is not supported by the 'text' field."},
		{`summary ~ "  "`, "The field 'summary' does not support searching for an empty string."},
		{`created > "yesterday"`, "Date value 'yesterday' for field 'created' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'."},
		{`assignee = foo()`, "Unable to find JQL function 'foo()'."},
		{`status = currentUser()`, "The function 'currentUser' is not supported by the field 'status'."},
		{`"Story Points" = many`, "The value 'many' does not exist for the field 'Story Points'."},
		{`sprint = 5`, "The value '5' does not exist for the field 'sprint'."},
		{`status = (Done, "To Do")`, "The operator '=' does not support the list value '(Done, To Do)' for field 'status'."},
		{`project = DEMO ORDER BY foo`, "Field 'foo' does not exist or you do not have permission to view it."},
		{`project = DEMO ORDER BY labels`, "Not able to sort using field 'labels'."},
	}
	for _, c := range cases {
		_, errs := jqlKeys(t, st, c.jql)
		if !slices.Contains(errs, c.msg) {
			t.Errorf("%q\n got %v\nwant %s", c.jql, errs, c.msg)
		}
	}
	// Errors are collected, not just the first.
	if _, errs := jqlKeys(t, st, `status = A OR priority = B OR nope = C`); len(errs) != 3 {
		t.Errorf("collected errors: %v", errs)
	}
	// DC knows Epic Name; Cloud does not know statusCategoryChangedDate... the other way round.
	if _, errs := jqlKeys(t, newJQLStore(atlassian.Server), `"Epic Name" ~ "sign"`); errs != nil {
		t.Errorf("DC Epic Name: %v", errs)
	}
	if _, errs := jqlKeys(t, newJQLStore(atlassian.Server), `statusCategoryChangedDate > -1d`); len(errs) != 1 || !strings.HasPrefix(errs[0], "Field ") {
		t.Errorf("DC statusCategoryChangedDate: %v", errs)
	}
}

func TestJiraJQLDates(t *testing.T) {
	now := jiraSeedBase // a Friday
	cases := []struct{ period, want string }{
		{"-7d", "2026-11-13T09:00"}, {"4w 2d", "2026-12-20T09:00"}, {"-1h", "2026-11-20T08:00"},
		{"+30m", "2026-11-20T09:30"}, {"-1M", "2026-10-20T09:00"}, {"-1y", "2025-11-20T09:00"},
	}
	for _, c := range cases {
		got, ok := addPeriod(now, c.period)
		if !ok || got.Format("2006-01-02T15:04") != c.want {
			t.Errorf("addPeriod(%q) = %v %v, want %s", c.period, got, ok, c.want)
		}
	}
	for _, bad := range []string{"", "7", "-d", "yesterday", "-7x"} {
		if _, ok := addPeriod(now, bad); ok {
			t.Errorf("addPeriod(%q) accepted", bad)
		}
	}
	fns := []struct {
		name string
		args []string
		want string
	}{
		{"startOfDay", nil, "2026-11-20T00:00"}, {"startOfDay", []string{"-1"}, "2026-11-19T00:00"},
		{"endOfDay", nil, "2026-11-20T23:59"}, {"startOfWeek", nil, "2026-11-15T00:00"},
		{"startOfMonth", []string{"-1"}, "2026-10-01T00:00"}, {"endOfMonth", nil, "2026-11-30T23:59"},
		{"startOfYear", nil, "2026-01-01T00:00"}, {"now", nil, "2026-11-20T09:00"}, {"startOfWeek", []string{"+1w"}, "2026-11-22T00:00"},
	}
	for _, f := range fns {
		got, ok, known := jqlDateFunction(now, f.name, f.args)
		if !ok || !known || got.Format("2006-01-02T15:04") != f.want {
			t.Errorf("%s(%v) = %v %v %v, want %s", f.name, f.args, got, ok, known, f.want)
		}
	}
}
