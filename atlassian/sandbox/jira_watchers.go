package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// jiraWatcherRoutes are an issue's watchers: list, add, remove.
var jiraWatcherRoutes = routeTable{
	product: atlassian.Jira, cloudRoot: jiraCloudRoot, dcRoots: jiraDCRoots,
	routes: []route{
		{method: "GET", path: "/issue/{issueIdOrKey}/watchers", cloud: "getIssueWatchers", dc: "getIssueWatchers", handle: (*call).getWatchers},
		{method: "POST", path: "/issue/{issueIdOrKey}/watchers", cloud: "addWatcher", dc: "addWatcher_1", handle: (*call).addWatcher},
		{method: "DELETE", path: "/issue/{issueIdOrKey}/watchers", cloud: "removeWatcher", dc: "removeWatcher_1", handle: (*call).removeWatcher},
	},
}

func init() { routeTables = append(routeTables, &jiraWatcherRoutes) }

func (c *call) getWatchers() {
	is := c.findIssue()
	if is == nil {
		return
	}
	watchers := []any{}
	for _, u := range is.watchers {
		watchers = append(watchers, c.userRef(u))
	}
	c.json(http.StatusOK, map[string]any{
		"self": c.api + "/issue/" + is.key + "/watchers", "isWatching": slices.Contains(is.watchers, c.user),
		"watchCount": len(is.watchers), "watchers": watchers,
	})
}

// addWatcher takes the user as a bare JSON string: an account id on
// Cloud, a username on Server/DC. An empty body adds the caller.
func (c *call) addWatcher() {
	is := c.findIssue()
	if is == nil {
		return
	}
	raw, err := io.ReadAll(io.LimitReader(c.r.Body, 64<<10))
	if err != nil {
		c.fail(http.StatusBadRequest, jiraBadPayload)
		return
	}
	u := c.user
	if len(raw) > 0 {
		var who string
		if err := json.Unmarshal(raw, &who); err != nil {
			c.fail(http.StatusBadRequest, jiraBadPayload)
			return
		}
		if u = c.watcherUser(who); u == nil {
			return
		}
	}
	if !slices.Contains(is.watchers, u) {
		is.watchers = append(is.watchers, u)
	}
	c.w.WriteHeader(http.StatusNoContent)
}

func (c *call) removeWatcher() {
	is := c.findIssue()
	if is == nil {
		return
	}
	q := c.r.URL.Query()
	who := q.Get("username")
	if c.cloud {
		who = q.Get("accountId")
	}
	if who == "" {
		c.fail(http.StatusBadRequest, "A user must be specified: accountId on Cloud, username on Server/Data Center.")
		return
	}
	u := c.watcherUser(who)
	if u == nil {
		return
	}
	is.watchers = slices.DeleteFunc(is.watchers, func(w *User) bool { return w == u })
	c.w.WriteHeader(http.StatusNoContent)
}

// watcherUser resolves the identity the deployment takes for watchers, or
// answers the error Jira gives for an unknown user.
func (c *call) watcherUser(who string) *User {
	var u *User
	if c.cloud {
		u = c.jira.s.userByAccountID(who)
	} else {
		u = c.jira.s.userByName(who)
	}
	if u == nil {
		if c.cloud {
			c.fail(http.StatusNotFound, "The user with account ID '"+who+"' does not exist.")
		} else {
			c.fail(http.StatusNotFound, "The user \""+who+"\" does not exist.")
		}
	}
	return u
}
