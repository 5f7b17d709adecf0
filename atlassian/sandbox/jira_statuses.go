package sandbox

import (
	"net/http"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// The workflow statuses of the site with their categories; metrics tools
// read them to tell in-progress statuses from others.

var jiraStatusRoutes = routeTable{
	product: atlassian.Jira, cloudRoot: jiraCloudRoot, dcRoots: jiraDCRoots,
	routes: []route{
		{method: "GET", path: "/status", cloud: "getStatuses", dc: "getStatuses", handle: (*call).listStatuses},
	},
}

func init() { routeTables = append(routeTables, &jiraStatusRoutes) }

func (c *call) listStatuses() {
	out := []any{}
	for _, s := range c.jira.statuses.all() {
		out = append(out, c.statusJSON(s))
	}
	c.json(http.StatusOK, out)
}
