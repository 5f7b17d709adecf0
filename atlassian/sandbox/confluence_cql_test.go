package sandbox

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

func TestConfluenceCQLParse(t *testing.T) {
	cases := []struct {
		in, want string // want is the canonical form, or "!" + part of the error
		cloud    bool
	}{
		{in: `type = page`, want: `type = "page"`},
		{in: `TYPE=page and Space.Key="DEMO"`, want: `(type = "page" AND space = "DEMO")`},
		{in: `space IN (DEMO, "TEAM") OR label != draft`, want: `(space IN ("DEMO", "TEAM") OR label != "draft")`},
		{in: `space not in (A,B)`, want: `space NOT IN ("A", "B")`},
		{in: `a = 1`, want: "!the field 'a' is not supported"},
		{in: `title ~ "release notes" AND NOT (label = old OR label = archive)`, want: `(title ~ "release notes" AND NOT (label = "old" OR label = "archive"))`},
		{in: `text ~ 'it\'s' or title = "say \"hi\""`, want: `(text ~ "it's" OR title = "say \"hi\"")`},
		{in: `siteSearch ~ "x"`, want: `siteSearch ~ "x"`, cloud: true},
		{in: `siteSearch ~ "x"`, want: "!the field 'siteSearch' is not supported"},
		{in: `a = b OR c = d AND e = f`, want: "!the field 'a' is not supported"},
		{in: `type = page OR type = blogpost AND space = DEMO`, want: `(type = "page" OR (type = "blogpost" AND space = "DEMO"))`},
		{in: `creator = currentUser() and contributor != "bob"`, want: `(creator = currentuser() AND contributor != "bob")`},
		{in: `created >= "2025-01-06" AND lastModified < now("-7d")`, want: `(created >= "2025-01-06" AND lastmodified < now("-7d"))`},
		{in: `created > startOfMonth() AND created <= endOfDay("+1d")`, want: `(created > startofmonth() AND created <= endofday("+1d"))`},
		{in: `ancestor = 65538 and parent = 65540 and id in (1, 2) and content = 3`, want: `(((ancestor = "65538" AND parent = "65540") AND id IN ("1", "2")) AND id = "3")`},
		{in: `type = page order by title`, want: `type = "page" ORDER BY title ASC`},
		{in: `type = page ORDER BY lastmodified desc, created ASC`, want: `type = "page" ORDER BY lastmodified DESC, created ASC`},
		{in: `mention = currentUser()`, want: `mention = currentuser()`},
		// Errors.
		{in: ``, want: "!empty"},
		{in: `   `, want: "!empty"},
		{in: `type = page AND`, want: "!end of query"},
		{in: `type page`, want: "!expected an operator"},
		{in: `type =`, want: "!expected a value"},
		{in: `(type = page`, want: "!expected ')'"},
		{in: `type = page)`, want: "!unexpected ')'"},
		{in: `title = "open`, want: "!unterminated string"},
		{in: `type == page`, want: "!expected a value"},
		{in: `type ! page`, want: "!unexpected character '!'"},
		{in: `colour = red`, want: "!the field 'colour' is not supported"},
		{in: `text = "x"`, want: "!operator '=' is not supported by the field 'text'"},
		{in: `label ~ "x"`, want: "!operator '~' is not supported"},
		{in: `created ~ "2025-01-01"`, want: "!operator '~' is not supported"},
		{in: `created > "yesterday"`, want: "!not a valid date"},
		{in: `created > now("-7x")`, want: "!not a valid date increment"},
		{in: `created > currentUser()`, want: "!cannot be used with the field 'created'"},
		{in: `creator = now()`, want: "!cannot be used with the field 'creator'"},
		{in: `space = currentSpace()`, want: "!cannot be used with the field 'space'"},
		{in: `space IN ()`, want: "!expected a value"},
		{in: `space IN (A B)`, want: "!expected ',' or ')'"},
		{in: `ORDER BY title`, want: "!before ORDER BY"},
		{in: `type = page ORDER title`, want: "!expected BY"},
		{in: `type = page ORDER BY colour`, want: "!cannot be used in ORDER BY"},
		{in: `type = page ORDER BY`, want: "!a field to order by"},
		{in: `AND type = page`, want: "!expected a field name"},
		{in: `type = page type = blogpost`, want: "!expected AND, OR, ORDER BY"},
	}
	for _, c := range cases {
		q, err := parseCQL(c.in, c.cloud)
		if want, isErr := strings.CutPrefix(c.want, "!"); isErr {
			if err == nil {
				t.Errorf("%q: parsed as %s, want error %q", c.in, q, want)
			} else if !strings.Contains(err.Error(), want) {
				t.Errorf("%q: error %q, want %q", c.in, err, want)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if got := q.String(); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

func TestConfluenceCQLTextMatch(t *testing.T) {
	text := "Deploying to Production: tag the release, watch the pipeline. Runbooks for on-call."
	cases := []struct {
		q    string
		want bool
	}{
		{"production", true},
		{"PRODUCTION", true},
		{"deploy", true},       // deploying
		{"runbook", true},      // runbooks
		{"releases", true},     // release
		{"tag pipeline", true}, // every term
		{"tag kubernetes", false},
		{"prod*", true},
		{"kube*", false},
		{`"watch the pipeline"`, true},
		{`"pipeline the watch"`, false},
		{"the", false}, // stop words alone match nothing
		{"", false},
		{"to the production", true},
		{"call", true}, // "on-call" splits into words
	}
	for _, c := range cases {
		if got := cqlTextMatch(c.q, text); got != c.want {
			t.Errorf("%q: %v, want %v", c.q, got, c.want)
		}
	}
}

// TestConfluenceCQLEval runs queries over the seeded store at a fixed
// "now" (2025-01-16, ten days after the seed base).
func TestConfluenceCQLEval(t *testing.T) {
	for _, dep := range []atlassian.Deployment{atlassian.Cloud, atlassian.Server} {
		sb := New(Options{Deployment: dep})
		st := sb.conf
		st.now = func() time.Time { return confSeedBase.AddDate(0, 0, 10) }
		carol := sb.userByName("carol")
		alice := sb.userByName("alice")
		bobRef := "bob"
		if dep == atlassian.Cloud {
			bobRef = sb.userByName("bob").AccountID
		}
		run := func(cql string, u *User) []string {
			t.Helper()
			q, err := parseCQL(cql, dep == atlassian.Cloud)
			if err != nil {
				t.Fatalf("%s %q: %v", dep, cql, err)
			}
			var ids []string
			for _, c := range st.search(q, u) {
				ids = append(ids, c.id)
			}
			return ids
		}
		sorted := func(ids []string) string {
			cp := append([]string(nil), ids...)
			sort.Strings(cp)
			return strings.Join(cp, ",")
		}
		cases := []struct {
			cql   string
			user  *User
			want  string // ids, sorted unless ordered is set
			order bool
		}{
			{cql: `type = page AND space = TEAM`, want: "65550,65551,65552"},
			{cql: `type = page AND space = team`, want: "65550,65551,65552"}, // keys compare case-insensitively
			{cql: `type = comment AND space = DEMO`, want: "65553,65555,65556,65557,65558,65559,65560"},
			{cql: `ancestor = 65540`, want: "65541,65542"},
			{cql: `ancestor = 65537 AND label = planning`, want: "65545,65548"},
			{cql: `parent = 65537`, want: "65538,65544,65547"},
			{cql: `id IN (65537, 65549, 1)`, want: "65537,65549"},
			{cql: `content = 65545`, want: "65545"},
			{cql: `title = "roadmap"`, want: "65545"},
			{cql: `title != "Roadmap" AND type = page AND space = DEMO AND label = planning`, want: "65548"},
			{cql: `title ~ "notes"`, want: "65546,65547"},
			{cql: `text ~ "post-mortem"`, want: "65542"},
			{cql: `text ~ "redis" OR text ~ "kotlin"`, want: "65539"},
			{cql: `text !~ "the" AND type = blogpost`, want: "65549,65561"},
			{cql: `label IN (onboarding, rituals)`, want: "65551,65552"},
			{cql: `label NOT IN (runbook) AND ancestor = 65538`, want: "65539,65543"},
			{cql: `creator = currentUser() AND type = comment`, user: carol, want: "65554,65556,65559"},
			{cql: `creator = "` + bobRef + `" AND type = comment`, want: "65553,65555,65557"},
			{cql: `contributor = currentUser() AND type = page AND space = DEMO`, user: carol, want: "65542,65543,65545,65547,65548"},
			{cql: `mention = currentUser() AND type = comment`, user: carol, want: "65557"},
			{cql: `created = "2025-01-06" AND type = page`, want: "65537,65538,65539,65540,65541,65542,65543"},
			{cql: `created < "2025/01/06 12:00" AND type = page`, want: "65537,65538"},
			{cql: `created <= "2025-01-06 11:00" AND type = page`, want: "65537,65538"},
			{cql: `lastmodified >= "2025-01-10" AND type = page`, want: "65545"},
			{cql: `lastmodified > now("-7d") AND type = page`, want: "65539,65545"},
			{cql: `created <= now("-1w3d")`, want: "65537"},
			{cql: `created >= startOfYear() AND created < startOfMonth("+1M") AND type = blogpost`, want: "65549,65561"},
			{cql: `created > endOfDay("-11d") AND created < startOfDay("-9d") AND type = page AND space = DEMO`, want: "65537,65538,65539,65540,65541,65542,65543"},
			{cql: `NOT type = comment AND NOT type = page`, want: "65549,65561"},
			{cql: `type = page AND space = DEMO AND parent = 65538 ORDER BY title DESC`, want: "65540,65543,65539", order: true},
			{cql: `type = page AND space = TEAM ORDER BY created`, want: "65550,65551,65552", order: true},
			{cql: `label = planning`, want: "65545,65548", order: true}, // default: last modified first
		}
		for _, c := range cases {
			u := c.user
			if u == nil {
				u = alice
			}
			ids := run(c.cql, u)
			got := sorted(ids)
			if c.order {
				got = strings.Join(ids, ",")
			}
			if got != c.want {
				t.Errorf("%s %q:\n got %s\nwant %s", dep, c.cql, got, c.want)
			}
		}
	}
}

func TestConfluenceCQLDateFunctions(t *testing.T) {
	now := time.Date(2025, time.March, 12, 15, 30, 0, 0, time.UTC) // a Wednesday
	env := &cqlEnv{now: now}
	cases := []struct {
		v    cqlValue
		want time.Time
	}{
		{cqlValue{Func: "now"}, now},
		{cqlValue{Func: "now", Args: []string{"-7d"}}, now.AddDate(0, 0, -7)},
		{cqlValue{Func: "now", Args: []string{"+2h30m"}}, now.Add(150 * time.Minute)},
		{cqlValue{Func: "now", Args: []string{"-1y2M"}}, now.AddDate(-1, -2, 0)},
		{cqlValue{Func: "startofday"}, time.Date(2025, 3, 12, 0, 0, 0, 0, time.UTC)},
		{cqlValue{Func: "startofweek"}, time.Date(2025, 3, 9, 0, 0, 0, 0, time.UTC)},
		{cqlValue{Func: "startofmonth", Args: []string{"-1M"}}, time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)},
		{cqlValue{Func: "startofyear"}, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
		{cqlValue{Func: "endofday"}, time.Date(2025, 3, 12, 23, 59, 59, 999e6, time.UTC)},
		{cqlValue{Func: "endofmonth"}, time.Date(2025, 3, 31, 23, 59, 59, 999e6, time.UTC)},
		{cqlValue{Text: "2025/03/01"}, time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, c := range cases {
		if got, _ := env.dateRange(c.v); !got.Equal(c.want) {
			t.Errorf("%s: %v, want %v", c.v, got, c.want)
		}
	}
}
