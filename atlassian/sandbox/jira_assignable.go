package sandbox

import (
	"fmt"
	"net/http"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// jiraAssignableRoutes is the search for users an issue may be assigned
// to, which needs no global Browse Users permission.
var jiraAssignableRoutes = routeTable{
	product: atlassian.Jira, cloudRoot: jiraCloudRoot, dcRoots: jiraDCRoots,
	routes: []route{
		{method: "GET", path: "/user/assignable/search", cloud: "findAssignableUsers", dc: "findAssignableUsers_1", handle: (*call).assignableUsers},
	},
}

func init() { routeTables = append(routeTables, &jiraAssignableRoutes) }

// assignableUsers: every sandbox user may be assigned in every live
// project, so the scope only has to exist.
func (c *call) assignableUsers() {
	q := c.r.URL.Query()
	startAt, maxResults, ok := c.pageParams(50)
	if !ok {
		return
	}
	switch {
	case q.Get("issueKey") != "":
		is := c.jira.issues.find(q.Get("issueKey"))
		if is == nil {
			is = c.jira.movedIssue(q.Get("issueKey"))
		}
		if is == nil {
			c.fail(http.StatusNotFound, fmt.Sprintf("Issue '%s' not found", q.Get("issueKey")))
			return
		}
	case q.Get("project") != "":
		if p := c.jira.projects.find(q.Get("project")); p == nil || p.archived {
			c.fail(http.StatusNotFound, fmt.Sprintf("Project '%s' not found", q.Get("project")))
			return
		}
	default:
		c.fail(http.StatusBadRequest, "A project, issueKey or actionDescriptorId parameter is required.")
		return
	}
	query, accountID := q.Get("query"), q.Get("accountId")
	if !c.cloud {
		query, accountID = q.Get("username"), ""
	}
	match := func(u *User) bool { return query == "" || userMatches(u, query) }
	if accountID != "" {
		match = func(u *User) bool { return u.AccountID == accountID }
	}
	out := []any{}
	seen := 0
	for i := range c.jira.s.users {
		u := &c.jira.s.users[i]
		if !match(u) {
			continue
		}
		if seen >= startAt && len(out) < max(maxResults, 0) {
			out = append(out, c.userRef(u))
		}
		seen++
	}
	c.json(http.StatusOK, out)
}
