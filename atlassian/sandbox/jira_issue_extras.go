package sandbox

import (
	"net/http"
	"strconv"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// jiraIssueExtraRoutes are the reads jira_get_issue's include= needs
// beyond the issue itself: remote links and worklogs.
var jiraIssueExtraRoutes = routeTable{
	product: atlassian.Jira, cloudRoot: jiraCloudRoot, dcRoots: jiraDCRoots,
	routes: []route{
		{method: "GET", path: "/issue/{issueIdOrKey}/remotelink", cloud: "getRemoteIssueLinks", dc: "getRemoteIssueLinks", handle: (*call).getRemoteLinks},
		{method: "GET", path: "/issue/{issueIdOrKey}/worklog", cloud: "getIssueWorklog", dc: "getIssueWorklog", handle: (*call).getWorklogs},
	},
}

func init() { routeTables = append(routeTables, &jiraIssueExtraRoutes) }

// jRemoteLink is a link from an issue to something outside Jira.
type jRemoteLink struct {
	id                                    int
	globalID, url, title, summary, relate string
	appName, appType                      string
}

// jWorklog is time logged on an issue.
type jWorklog struct {
	id        string
	author    *User
	started   time.Time
	created   time.Time
	timeSpent string
	seconds   int
	comment   string // plain text; rendered per dialect
}

// jiraExtrasSeed is seed/jira_issue_extras.json: watchers by issue key,
// remote links and worklogs.
type jiraExtrasSeed struct {
	Watchers    map[string][]string `json:"watchers"`
	RemoteLinks []struct {
		Issue, URL, Title, Summary, Relationship, Application, ApplicationType string
	} `json:"remoteLinks"`
	Worklogs []struct {
		Issue, Author, TimeSpent, Comment string
		Hours                             int // started, relative to jiraSeedBase
		Seconds                           int
	} `json:"worklogs"`
}

// seedIssueExtras adds the watchers, remote links and worklogs of
// seed/jira_issue_extras.json to the seeded issues.
func (st *jiraStore) seedIssueExtras() {
	st.bulkTasks = newCollection(func(t *jBulkTask) string { return t.id }, nil)
	var seed jiraExtrasSeed
	loadSeed("jira_issue_extras.json", &seed)
	issue := func(key string) *jIssue {
		is := st.issues.find(key)
		if is == nil {
			panic("sandbox: seed/jira_issue_extras.json: no issue " + key)
		}
		return is
	}
	for _, key := range sortedKeys(seed.Watchers) {
		is := issue(key)
		for _, name := range seed.Watchers[key] {
			is.watchers = append(is.watchers, st.userNamed(name))
		}
	}
	for i, l := range seed.RemoteLinks {
		is := issue(l.Issue)
		is.remoteLinks = append(is.remoteLinks, &jRemoteLink{
			id: 10000 + i, globalID: "system=" + l.URL, url: l.URL, title: l.Title, summary: l.Summary,
			relate: l.Relationship, appName: l.Application, appType: l.ApplicationType,
		})
	}
	for i, w := range seed.Worklogs {
		is := issue(w.Issue)
		at := jiraSeedBase.Add(time.Duration(w.Hours) * time.Hour)
		is.worklogs = append(is.worklogs, &jWorklog{
			id: strconv.Itoa(10200 + i), author: st.userNamed(w.Author), started: at, created: at,
			timeSpent: w.TimeSpent, seconds: w.Seconds, comment: w.Comment,
		})
	}
}

// movedIssue finds an issue by a key it had before it moved, as Jira
// keeps answering to old keys.
func (st *jiraStore) movedIssue(key string) *jIssue {
	for _, is := range st.issues.all() {
		for _, k := range is.formerKeys {
			if k == key {
				return is
			}
		}
	}
	return nil
}

func (c *call) getRemoteLinks() {
	is := c.findIssue()
	if is == nil {
		return
	}
	out := []any{}
	for _, l := range is.remoteLinks {
		m := map[string]any{
			"id": l.id, "self": c.api + "/issue/" + is.key + "/remotelink/" + strconv.Itoa(l.id), "globalId": l.globalID,
			"object": map[string]any{"url": l.url, "title": l.title, "summary": l.summary},
		}
		if l.relate != "" {
			m["relationship"] = l.relate
		}
		if l.appName != "" {
			m["application"] = map[string]any{"name": l.appName, "type": l.appType}
		}
		out = append(out, m)
	}
	c.json(http.StatusOK, out)
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
	page := []any{}
	for _, w := range window(is.worklogs, startAt, maxResults) {
		page = append(page, c.worklogJSON(is, w))
	}
	c.json(http.StatusOK, jiraPage("worklogs", page, startAt, maxResults, len(is.worklogs)))
}

func (c *call) worklogJSON(is *jIssue, w *jWorklog) map[string]any {
	var comment any = w.comment
	if c.cloud {
		comment = map[string]any{"type": "doc", "version": 1, "content": []any{
			map[string]any{"type": "paragraph", "content": []any{map[string]any{"type": "text", "text": w.comment}}},
		}}
	}
	return map[string]any{
		"self": c.api + "/issue/" + strconv.Itoa(is.id) + "/worklog/" + w.id, "id": w.id, "issueId": strconv.Itoa(is.id),
		"author": c.userRef(w.author), "updateAuthor": c.userRef(w.author), "comment": comment,
		"created": jiraTime(w.created), "updated": jiraTime(w.created), "started": jiraTime(w.started),
		"timeSpent": w.timeSpent, "timeSpentSeconds": w.seconds,
	}
}
