package sandbox

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// The development panel's dev-status API (/rest/dev-status/1.0, Cloud and
// Server/DC alike, documented nowhere): per issue id, a summary counting
// pull requests, branches and repositories per application type, and the
// detail of one application type, optionally of one data type. The data
// is read-only, seeded from seed/jira_devstatus.json by issue key and
// application type, in the detail answer's own shape.

var jiraDevStatusRoutes = routeTable{
	product: atlassian.Jira, cloudRoot: "/rest/dev-status/1.0", dcRoots: []string{"/rest/dev-status/1.0"},
	routes: []route{
		{method: "GET", path: "/issue/summary", cloud: undocumented, dc: undocumented, handle: (*call).devSummary},
		{method: "GET", path: "/issue/detail", cloud: undocumented, dc: undocumented, handle: (*call).devDetail},
	},
}

func init() { routeTables = append(routeTables, &jiraDevStatusRoutes) }

// devSeed is issue key → application type → detail entry.
type devSeed map[string]map[string]map[string]any

var devData = func() devSeed {
	var d devSeed
	loadSeed("jira_devstatus.json", &d)
	return d
}()

// devDataKeys maps the dataType parameter to the detail's list.
var devDataKeys = map[string]string{"pullrequest": "pullRequests", "branch": "branches", "repository": "repositories"}

// devIssue resolves the issueId parameter or answers 400/404.
func (c *call) devIssue() (map[string]map[string]any, bool) {
	id := c.r.URL.Query().Get("issueId")
	if _, err := strconv.Atoi(id); err != nil {
		c.fail(http.StatusBadRequest, "issueId must be a numeric issue id")
		return nil, false
	}
	is := c.jira.issues.get(id)
	if is == nil {
		c.issueNotFound()
		return nil, false
	}
	return devData[is.key], true
}

func (c *call) devSummary() {
	apps, ok := c.devIssue()
	if !ok {
		return
	}
	summary := map[string]any{}
	for dataType, list := range devDataKeys {
		byType, total := map[string]any{}, 0
		for app, entry := range apps {
			n := len(asList(entry[list]))
			if n == 0 {
				continue
			}
			total += n
			byType[strings.ToLower(app)] = map[string]any{"count": n, "name": entry["_instance"].(map[string]any)["typeName"]}
		}
		summary[dataType] = map[string]any{"overall": map[string]any{"count": total}, "byInstanceType": byType}
	}
	c.json(http.StatusOK, map[string]any{"errors": []any{}, "configErrors": []any{}, "summary": summary})
}

func (c *call) devDetail() {
	apps, ok := c.devIssue()
	if !ok {
		return
	}
	q := c.r.URL.Query()
	app, dataType := q.Get("applicationType"), q.Get("dataType")
	if app == "" {
		c.fail(http.StatusBadRequest, "applicationType is required")
		return
	}
	if _, known := devDataKeys[dataType]; dataType != "" && !known {
		c.fail(http.StatusBadRequest, "Unknown dataType "+dataType)
		return
	}
	detail := []any{}
	// applicationType is matched case-sensitively, as Jira does.
	if entry, ok := apps[app]; ok {
		out := map[string]any{"_instance": entry["_instance"]}
		for dt, list := range devDataKeys {
			if dataType == "" || dt == dataType {
				out[list] = entry[list]
			}
		}
		detail = append(detail, out)
	}
	c.json(http.StatusOK, map[string]any{"errors": []any{}, "detail": detail})
}
