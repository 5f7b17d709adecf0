package sandbox

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// jiraWorklogRoutes are the work logged on an issue.
var jiraWorklogRoutes = routeTable{
	product: atlassian.Jira, cloudRoot: jiraCloudRoot, dcRoots: jiraDCRoots,
	routes: []route{
		{method: "GET", path: "/issue/{issueIdOrKey}/worklog", cloud: "getIssueWorklog", dc: "getIssueWorklog", handle: (*call).getWorklogs},
		{method: "POST", path: "/issue/{issueIdOrKey}/worklog", cloud: "addWorklog", dc: "addWorklog", handle: (*call).addWorklog},
	},
}

func init() { routeTables = append(routeTables, &jiraWorklogRoutes) }

// jWorklogEntry is one entry of work logged on an issue.
type jWorklogEntry struct {
	id               string
	issue            *jIssue
	author           *User
	comment          *richText // nil: none
	started          time.Time
	seconds          int
	created, updated time.Time
}

// Jira's time tracking defaults: a working day of 8 hours, a week of 5
// days.
const (
	jiraDaySeconds  = 8 * 3600
	jiraWeekSeconds = 5 * jiraDaySeconds
)

var jiraDurationPart = regexp.MustCompile(`^(\d+(?:\.\d+)?)([wdhm])\s*`)

// parseJiraDuration reads a Jira duration such as "1w 2d 3h 30m" or
// "1h30m"; a bare number is minutes, as Jira takes it.
func parseJiraDuration(s string) (int, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if n, err := strconv.Atoi(s); err == nil {
		return n * 60, n > 0
	}
	unit := map[string]float64{"w": jiraWeekSeconds, "d": jiraDaySeconds, "h": 3600, "m": 60}
	total := 0.0
	for s != "" {
		m := jiraDurationPart.FindStringSubmatch(s)
		if m == nil {
			return 0, false
		}
		n, _ := strconv.ParseFloat(m[1], 64)
		total += n * unit[m[2]]
		s = s[len(m[0]):]
	}
	return int(total), total >= 60
}

// formatJiraDuration writes seconds as Jira shows time spent: "1d 2h 30m".
func formatJiraDuration(sec int) string {
	var parts []string
	for _, u := range []struct {
		n    int
		name string
	}{{jiraWeekSeconds, "w"}, {jiraDaySeconds, "d"}, {3600, "h"}, {60, "m"}} {
		if sec >= u.n {
			parts = append(parts, strconv.Itoa(sec/u.n)+u.name)
			sec %= u.n
		}
	}
	if len(parts) == 0 {
		return "0m"
	}
	return strings.Join(parts, " ")
}

func (c *call) worklogJSON(w *jWorklogEntry) map[string]any {
	m := map[string]any{
		"self": c.api + "/issue/" + strconv.Itoa(w.issue.id) + "/worklog/" + w.id, "id": w.id, "issueId": strconv.Itoa(w.issue.id),
		"author": c.userRef(w.author), "updateAuthor": c.userRef(w.author),
		"created": jiraTime(w.created), "updated": jiraTime(w.updated), "started": jiraTime(w.started),
		"timeSpent": formatJiraDuration(w.seconds), "timeSpentSeconds": w.seconds,
	}
	switch {
	case w.comment != nil:
		m["comment"] = c.richJSON(w.comment)
	case !c.cloud:
		m["comment"] = ""
	}
	return m
}

func (c *call) getWorklogs() {
	is := c.findIssue()
	if is == nil {
		return
	}
	startAt, maxResults, ok := c.pageParams(5000)
	if !ok {
		return
	}
	startAt, maxResults = max(startAt, 0), min(max(maxResults, 0), 5000)
	logs := c.jira.records().worklogs.where(func(w *jWorklogEntry) bool { return w.issue == is })
	page := []any{}
	for _, w := range window(logs, startAt, maxResults) {
		page = append(page, c.worklogJSON(w))
	}
	c.json(http.StatusOK, jiraPage("worklogs", page, startAt, maxResults, len(logs)))
}

func (c *call) addWorklog() {
	is := c.findIssue()
	if is == nil {
		return
	}
	b := c.body()
	if b == nil {
		return
	}
	errs := map[string]string{}
	seconds := 0
	switch {
	case b["timeSpentSeconds"] != nil:
		n, _ := b["timeSpentSeconds"].(float64)
		seconds = int(n)
		if seconds < 60 {
			errs["timeLogged"] = "Time spent must be at least one minute."
		}
	case b["timeSpent"] != nil:
		s, _ := b["timeSpent"].(string)
		var ok bool
		if seconds, ok = parseJiraDuration(s); !ok {
			errs["timeLogged"] = "Invalid time duration entered."
		}
	default:
		errs["timeLogged"] = "You must indicate the time spent working."
	}
	started, _ := b["started"].(string)
	at, err := time.Parse(jiraTimeLayout, started)
	if err != nil {
		errs["started"] = "Invalid date format. Please enter the date in the format \"yyyy-MM-dd'T'HH:mm:ss.SSSZ\"."
	}
	var comment *richText
	switch v := b["comment"].(type) {
	case nil:
	case string:
		if c.cloud {
			errs["comment"] = "Comment body is not valid!"
		} else if strings.TrimSpace(v) != "" {
			comment = richFromWiki(v)
		}
	default:
		if !c.cloud || !adfValid(v) {
			errs["comment"] = "Comment body is not valid!"
		} else {
			comment = richFromADF(v)
		}
	}
	q := c.r.URL.Query()
	remaining := -1
	switch adjust := q.Get("adjustEstimate"); adjust {
	case "", "auto", "leave":
	case "new":
		n, ok := parseJiraDuration(q.Get("newEstimate"))
		if !ok && q.Get("newEstimate") != "0" {
			c.fail(http.StatusBadRequest, "You must supply a valid new estimate.")
			return
		}
		remaining = n
	default:
		c.fail(http.StatusBadRequest, fmt.Sprintf("The adjustEstimate value '%s' is not valid. Use new, leave, manual or auto.", adjust))
		return
	}
	if len(errs) > 0 {
		c.failFields(http.StatusBadRequest, errs)
		return
	}
	now := c.jira.now()
	w := &jWorklogEntry{id: c.jira.records().id(), issue: is, author: c.user, comment: comment,
		started: at, seconds: seconds, created: now, updated: now}
	c.jira.records().worklogs.add(w)
	if remaining >= 0 {
		c.jira.records().remaining[is.id] = remaining
	}
	is.updated = now
	c.json(http.StatusCreated, c.worklogJSON(w))
}
