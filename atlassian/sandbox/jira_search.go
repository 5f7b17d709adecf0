package sandbox

import (
	"fmt"
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// jiraSearchRoutes are JQL search: Cloud's /search/jql and approximate
// count, Server/DC's /search.
var jiraSearchRoutes = routeTable{
	product: atlassian.Jira, cloudRoot: jiraCloudRoot, dcRoots: jiraDCRoots,
	routes: []route{
		{method: "GET", path: "/search/jql", cloud: "searchAndReconsileIssuesUsingJql", handle: (*call).searchJQLGet},
		{method: "POST", path: "/search/jql", cloud: "searchAndReconsileIssuesUsingJqlPost", handle: (*call).searchJQLPost},
		{method: "POST", path: "/search/approximate-count", cloud: "countIssues", handle: (*call).approximateCount},
		{method: "GET", path: "/search", dc: "search_1", handle: (*call).searchServerGet},
		{method: "POST", path: "/search", dc: "searchUsingSearchRequest", handle: (*call).searchServerPost},
		// Removed from Cloud (CHANGE-2046), still in its document; answers 410.
		{method: "GET", path: "/search", cloud: "searchForIssuesUsingJql", handle: (*call).searchRemoved},
		{method: "POST", path: "/search", cloud: "searchForIssuesUsingJqlPost", handle: (*call).searchRemoved},
	},
}

// jiraRemovedV2Routes are Cloud's /rest/api/2/search, removed like its v3
// twin but, unlike it, gone from the document too.
var jiraRemovedV2Routes = routeTable{
	product: atlassian.Jira, cloudRoot: "/rest/api/2",
	routes: []route{
		{method: "GET", path: "/search", cloud: undocumented, handle: (*call).searchRemoved},
		{method: "POST", path: "/search", cloud: undocumented, handle: (*call).searchRemoved},
	},
}

// JQL search: Cloud's /search/jql (nextPageToken, no total, bounded JQL
// only) and /search/approximate-count; Server/DC's /search (startAt,
// total).

const (
	jiraUnbounded    = "Unbounded JQL queries are not allowed here. Please add a search restriction to your query."
	jiraBadPageToken = "The nextPageToken is invalid or has expired. Start the search again without a token."
)

// searchRequest is a search in either dialect, after parameter parsing.
type searchRequest struct {
	jql        string
	fields     []string
	expand     map[string]bool
	properties []string
	maxResults int // -1: not given
	startAt    int
	token      string
	validate   bool
}

// --- Cloud ---

func (c *call) searchJQLGet() {
	q := c.r.URL.Query()
	sr := searchRequest{jql: q.Get("jql"), fields: q["fields"], expand: expandSet(q["expand"]...),
		properties: c.queryList("properties"), token: q.Get("nextPageToken"), maxResults: -1}
	if q.Has("maxResults") {
		n, ok := c.queryInt("maxResults", 50)
		if !ok {
			return
		}
		sr.maxResults = n
	}
	for _, v := range c.queryList("reconcileIssues") {
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			c.fail(http.StatusBadRequest, fmt.Sprintf("The value '%s' is not a valid number for the parameter 'reconcileIssues'.", v))
			return
		}
	}
	c.searchCloud(sr)
}

// searchJQLPost takes SearchAndReconcileRequestBean, which allows no
// properties beyond its own.
func (c *call) searchJQLPost() {
	b := c.body()
	if b == nil {
		return
	}
	sr := searchRequest{maxResults: -1, expand: map[string]bool{}}
	bad := false
	for k, v := range b {
		switch k {
		case "jql":
			sr.jql, bad = stringOrBad(v, bad)
		case "nextPageToken":
			sr.token, bad = stringOrBad(v, bad)
		case "expand":
			var s string
			s, bad = stringOrBad(v, bad)
			sr.expand = expandSet(s)
		case "fields":
			sr.fields, bad = stringsOrBad(v, bad)
		case "properties":
			sr.properties, bad = stringsOrBad(v, bad)
		case "maxResults":
			n, ok := v.(float64)
			if v != nil && (!ok || n != float64(int(n))) {
				bad = true
			} else if ok {
				sr.maxResults = int(n)
			}
		case "fieldsByKeys":
			if _, ok := v.(bool); v != nil && !ok {
				bad = true
			}
		case "reconcileIssues":
			arr, ok := v.([]any)
			if v != nil && !ok {
				bad = true
			}
			for _, x := range arr {
				if n, ok := x.(float64); !ok || n != float64(int64(n)) {
					bad = true
				}
			}
			if len(arr) > 50 {
				c.fail(http.StatusBadRequest, "The number of issues to reconcile must not exceed 50.")
				return
			}
		default:
			bad = true
		}
	}
	if bad {
		c.fail(http.StatusBadRequest, jiraBadPayload)
		return
	}
	c.searchCloud(sr)
}

func stringOrBad(v any, bad bool) (string, bool) {
	if v == nil {
		return "", bad
	}
	s, ok := v.(string)
	return s, bad || !ok
}

func stringsOrBad(v any, bad bool) ([]string, bool) {
	if v == nil {
		return nil, bad
	}
	arr, ok := v.([]any)
	if !ok {
		return nil, true
	}
	out := make([]string, 0, len(arr))
	for _, x := range arr {
		s, ok := x.(string)
		if !ok {
			return nil, true
		}
		out = append(out, s)
	}
	return out, bad
}

func jqlHash(jql string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(strings.TrimSpace(jql)))
	return h.Sum64()
}

// cloudJQLPlan compiles jql the strict Cloud way that the enhanced search
// and its approximate count share: any JQL error, or a query without a
// restriction, is a 400. ok is false when it has answered so.
func (c *call) cloudJQLPlan(jql string) (*jqlPlan, bool) {
	plan, errs := c.jira.jqlCompile(jql, c.user)
	if len(errs) > 0 {
		c.failMessages(http.StatusBadRequest, errs)
		return nil, false
	}
	if !plan.bounded {
		c.fail(http.StatusBadRequest, jiraUnbounded)
		return nil, false
	}
	return plan, true
}

func (c *call) searchCloud(sr searchRequest) {
	if len(sr.properties) > 5 {
		c.fail(http.StatusBadRequest, "The number of properties to return must not exceed 5.")
		return
	}
	plan, ok := c.cloudJQLPlan(sr.jql)
	if !ok {
		return
	}
	offset := 0
	if sr.token != "" {
		var ok bool
		if offset, ok = parsePageToken(sr.token, sr.jql); !ok {
			c.fail(http.StatusBadRequest, jiraBadPageToken)
			return
		}
	}
	fieldIDs := c.jira.selectFields(sr.fields, "id")
	limit := 100
	if len(fieldIDs) == 0 {
		limit = 5000
	}
	maxResults := sr.maxResults
	if maxResults <= 0 {
		maxResults = 50
	}
	maxResults = min(maxResults, limit)
	found := c.jira.jqlSearch(plan)
	issues := []any{}
	end := min(offset+maxResults, len(found))
	for i := offset; i < end; i++ {
		issues = append(issues, c.issueJSON(found[i], fieldIDs, sr.expand, sr.properties, false))
	}
	resp := map[string]any{"issues": issues, "isLast": end >= len(found)}
	if end < len(found) {
		resp["nextPageToken"] = pageToken(sr.jql, end)
	}
	if sr.expand["names"] {
		resp["names"] = c.namesOf(fieldIDs)
	}
	if sr.expand["schema"] {
		resp["schema"] = c.schemaOf(fieldIDs)
	}
	c.json(http.StatusOK, resp)
}

func (c *call) approximateCount() {
	b := c.body()
	if b == nil {
		return
	}
	jql, bad := "", false
	for k, v := range b {
		if k != "jql" {
			bad = true
			continue
		}
		jql, bad = stringOrBad(v, bad)
	}
	if bad {
		c.fail(http.StatusBadRequest, jiraBadPayload)
		return
	}
	plan, ok := c.cloudJQLPlan(jql)
	if !ok {
		return
	}
	c.json(http.StatusOK, map[string]any{"count": len(c.jira.jqlSearch(plan))})
}

// searchRemoved is Cloud's /search, which answers 410 since CHANGE-2046.
func (c *call) searchRemoved() {
	c.fail(http.StatusGone, "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046")
}

// --- Server/DC ---

func (c *call) searchServerGet() {
	q := c.r.URL.Query()
	sr := searchRequest{jql: q.Get("jql"), fields: q["fields"], expand: expandSet(q["expand"]...), maxResults: -1, validate: true}
	var ok bool
	if sr.startAt, sr.maxResults, ok = c.pageParams(50); !ok {
		return
	}
	if v := q.Get("validateQuery"); v != "" {
		sr.validate = !strings.EqualFold(v, "false")
	}
	c.searchServer(sr)
}

func (c *call) searchServerPost() {
	b := c.body()
	if b == nil {
		return
	}
	sr := searchRequest{maxResults: 50, validate: true, expand: map[string]bool{}}
	bad := false
	if v, ok := b["jql"]; ok {
		sr.jql, bad = stringOrBad(v, bad)
	}
	for _, k := range []string{"startAt", "maxResults"} {
		v, present := b[k]
		if !present || v == nil {
			continue
		}
		n, ok := v.(float64)
		if !ok || n != float64(int(n)) {
			bad = true
			continue
		}
		if k == "startAt" {
			sr.startAt = int(n)
		} else {
			sr.maxResults = int(n)
		}
	}
	// fields and expand are string arrays; a comma string is taken too.
	for _, k := range []string{"fields", "expand"} {
		var list []string
		switch v := b[k].(type) {
		case nil:
		case string:
			list = []string{v}
		default:
			list, bad = stringsOrBad(v, bad)
		}
		if k == "fields" {
			sr.fields = list
		} else {
			sr.expand = expandSet(list...)
		}
	}
	if v, ok := b["validateQuery"].(bool); ok {
		sr.validate = v
	}
	if bad {
		c.fail(http.StatusBadRequest, jiraBadPayload)
		return
	}
	c.searchServer(sr)
}

func (c *call) searchServer(sr searchRequest) {
	plan, errs := c.jira.jqlCompile(sr.jql, c.user)
	var warnings []string
	switch {
	case plan == nil || (len(errs) > 0 && sr.validate):
		c.failMessages(http.StatusBadRequest, errs)
		return
	case len(errs) > 0:
		warnings = errs
	}
	if sr.maxResults < 0 {
		sr.maxResults = 50
	}
	sr.maxResults = min(sr.maxResults, 1000)
	sr.startAt = max(sr.startAt, 0)
	fieldIDs := c.jira.selectFields(sr.fields, "*navigable")
	found := c.jira.jqlSearch(plan)
	issues := []any{}
	for i := sr.startAt; i < len(found) && len(issues) < sr.maxResults; i++ {
		issues = append(issues, c.issueJSON(found[i], fieldIDs, sr.expand, nil, false))
	}
	resp := map[string]any{"expand": "schema,names", "startAt": sr.startAt, "maxResults": sr.maxResults, "total": len(found), "issues": issues}
	if sr.expand["names"] {
		resp["names"] = c.namesOf(fieldIDs)
	}
	if sr.expand["schema"] {
		resp["schema"] = c.schemaOf(fieldIDs)
	}
	if len(warnings) > 0 {
		resp["warningMessages"] = warnings
	}
	c.json(http.StatusOK, resp)
}
