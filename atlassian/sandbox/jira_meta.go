package sandbox

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// jiraUserRoutes are the user endpoints: who am I, one user, user search.
var jiraUserRoutes = routeTable{
	product: atlassian.Jira, cloudRoot: jiraCloudRoot, dcRoots: jiraDCRoots,
	routes: []route{
		{method: "GET", path: "/myself", cloud: "getCurrentUser", dc: "getUser", handle: (*call).getMyself},
		{method: "GET", path: "/user", cloud: "getUser", dc: "getUser_1", handle: (*call).getUser},
		{method: "GET", path: "/user/search", cloud: "findUsers", dc: "findUsers", handle: (*call).searchUsers},
	},
}

// jiraMetaRoutes are the catalogue endpoints: fields, projects and the
// create-issue metadata.
var jiraMetaRoutes = routeTable{
	product: atlassian.Jira, cloudRoot: jiraCloudRoot, dcRoots: jiraDCRoots,
	routes: []route{
		{method: "GET", path: "/field", cloud: "getFields", dc: "getFields", handle: (*call).getFields},
		{method: "GET", path: "/project", dc: "getAllProjects", handle: (*call).listProjects},
		{method: "GET", path: "/project/search", cloud: "searchProjects", handle: (*call).searchProjects},
		{method: "GET", path: "/project/{projectIdOrKey}", cloud: "getProject", dc: "getProject", handle: (*call).getProject},
		{method: "GET", path: "/issue/createmeta/{projectIdOrKey}/issuetypes",
			cloud: "getCreateIssueMetaIssueTypes", dc: "getCreateIssueMetaProjectIssueTypes", handle: (*call).createMetaIssueTypes},
		{method: "GET", path: "/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}",
			cloud: "getCreateIssueMetaIssueTypeId", dc: "getCreateIssueMetaFields", handle: (*call).createMetaFields},
	},
}

// Users, projects, the field catalogue and create metadata.

func (c *call) getMyself() { c.json(http.StatusOK, c.userFull(c.user)) }

func (c *call) getFields() {
	out := []any{}
	for _, f := range c.jira.fields {
		out = append(out, c.fieldJSON(f))
	}
	c.json(http.StatusOK, out)
}

// --- users ---

func (c *call) getUser() {
	q := c.r.URL.Query()
	if c.cloud {
		id := q.Get("accountId")
		if id == "" {
			c.fail(http.StatusBadRequest, "The accountId query parameter needs to be provided.")
			return
		}
		u := c.jira.s.userByAccountID(id)
		if u == nil {
			c.fail(http.StatusNotFound, "Specified user does not exist or you do not have required permissions")
			return
		}
		c.json(http.StatusOK, c.userFull(u))
		return
	}
	switch {
	case q.Get("username") != "":
		if u := c.jira.s.userByName(q.Get("username")); u != nil {
			c.json(http.StatusOK, c.userFull(u))
			return
		}
		c.fail(http.StatusNotFound, fmt.Sprintf("The user named '%s' does not exist", q.Get("username")))
	case q.Get("key") != "":
		if u := c.jira.s.userByKey(q.Get("key")); u != nil {
			c.json(http.StatusOK, c.userFull(u))
			return
		}
		c.fail(http.StatusNotFound, fmt.Sprintf("The user with the key '%s' does not exist", q.Get("key")))
	default:
		c.fail(http.StatusBadRequest, "Either the username or the key query parameter must be provided.")
	}
}

// userMatches is the user search: a prefix of the username, the email
// address or any word of the display name, case-insensitive.
func userMatches(u *User, query string) bool {
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" {
		return false
	}
	if strings.HasPrefix(strings.ToLower(u.Name), q) || strings.HasPrefix(strings.ToLower(u.Email), q) ||
		strings.HasPrefix(strings.ToLower(u.DisplayName), q) {
		return true
	}
	for _, w := range strings.Fields(strings.ToLower(u.DisplayName)) {
		if strings.HasPrefix(w, q) {
			return true
		}
	}
	return false
}

func (c *call) searchUsers() {
	q := c.r.URL.Query()
	startAt, maxResults, ok := c.pageParams(50)
	if !ok {
		return
	}
	var match func(*User) bool
	if c.cloud {
		query, accountID := q.Get("query"), q.Get("accountId")
		switch {
		case query != "" && accountID != "":
			c.fail(http.StatusBadRequest, "Specify either the query or the accountId parameter, not both.")
			return
		case accountID != "":
			match = func(u *User) bool { return u.AccountID == accountID }
		case query != "":
			match = func(u *User) bool { return userMatches(u, query) }
		default:
			c.fail(http.StatusBadRequest, "One of the query parameters 'query' or 'accountId' must be provided.")
			return
		}
	} else {
		username := q.Get("username")
		switch username {
		case "":
			c.fail(http.StatusBadRequest, "The username query parameter was not provided")
			return
		case ".", "*":
			match = func(*User) bool { return true }
		default:
			match = func(u *User) bool { return userMatches(u, username) }
		}
		maxResults = min(maxResults, 100)
	}
	out := []any{}
	seen := 0
	for i := range c.jira.s.users {
		u := &c.jira.s.users[i]
		if !match(u) {
			continue
		}
		if seen >= startAt && len(out) < maxResults {
			m := c.userRef(u).(map[string]any)
			m["locale"] = "en_US"
			if !c.cloud {
				m["deleted"] = false
			}
			out = append(out, m)
		}
		seen++
	}
	c.json(http.StatusOK, out)
}

// --- projects ---

func (c *call) projectJSON(p *jProject, expand map[string]bool, full bool) map[string]any {
	m := c.projectRef(p)
	if c.cloud {
		m["style"] = "classic"
		m["isPrivate"] = false
		m["properties"] = map[string]any{}
		m["expand"] = "description,lead,issueTypes,url,projectKeys,permissions,insight"
		if p.archived {
			m["archived"] = true
			m["archivedDate"] = jiraTime(p.archivedAt)
			if p.archivedBy != nil {
				m["archivedBy"] = c.userRef(p.archivedBy)
			}
		}
	} else {
		m["archived"] = p.archived
		m["expand"] = "description,lead,url,projectKeys"
	}
	if full || expand["description"] {
		m["description"] = p.desc
	}
	if (full || expand["lead"]) && p.lead != nil {
		m["lead"] = c.userRef(p.lead)
	}
	if full || expand["issueTypes"] {
		types := []any{}
		for _, t := range p.issueTypes {
			types = append(types, c.issueTypeJSON(t))
		}
		m["issueTypes"] = types
	}
	if full {
		comps := []any{}
		for _, x := range p.components {
			comps = append(comps, c.componentJSON(x))
		}
		m["components"] = comps
		m["assigneeType"] = "UNASSIGNED"
		m["versions"] = []any{}
		m["roles"] = map[string]any{
			"Administrators": c.api + "/project/" + p.id + "/role/10002",
			"Developers":     c.api + "/project/" + p.id + "/role/10001",
			"Users":          c.api + "/project/" + p.id + "/role/10000",
		}
	}
	if c.cloud && expand["insight"] {
		count, last := 0, p.archivedAt
		for _, is := range c.jira.issues.all() {
			if is.project == p {
				count++
				if is.updated.After(last) {
					last = is.updated
				}
			}
		}
		insight := map[string]any{"totalIssueCount": count}
		if count > 0 {
			insight["lastIssueUpdateTime"] = jiraTime(last)
		}
		m["insight"] = insight
	}
	if expand["url"] {
		m["url"] = ""
	}
	return m
}

func (c *call) getProject() {
	k := c.r.PathValue("projectIdOrKey")
	p := c.jira.projects.find(k)
	if p == nil {
		c.fail(http.StatusNotFound, fmt.Sprintf("No project could be found with key '%s'.", k))
		return
	}
	c.json(http.StatusOK, c.projectJSON(p, expandSet(c.r.URL.Query()["expand"]...), true))
}

// searchProjects is Cloud's paginated project search.
func (c *call) searchProjects() {
	q := c.r.URL.Query()
	startAt, maxResults, ok := c.pageParams(50)
	if !ok {
		return
	}
	startAt, maxResults = max(startAt, 0), min(max(maxResults, 1), 100)
	statuses := map[string]bool{}
	for _, s := range c.queryList("status") {
		if s != "live" && s != "archived" && s != "deleted" {
			c.fail(http.StatusBadRequest, fmt.Sprintf("Invalid project status: '%s'. Valid values are live, archived and deleted.", s))
			return
		}
		statuses[s] = true
	}
	if len(statuses) == 0 {
		statuses["live"] = true
	}
	keys, ids, types := c.queryList("keys"), c.queryList("id"), c.queryList("typeKey")
	query := strings.ToLower(q.Get("query"))
	var found []*jProject
	for _, p := range c.jira.projects.all() {
		switch {
		case p.archived && !statuses["archived"], !p.archived && !statuses["live"]:
		case len(keys) > 0 && !slices.ContainsFunc(keys, func(k string) bool { return strings.EqualFold(k, p.key) }):
		case len(ids) > 0 && !slices.Contains(ids, p.id):
		case len(types) > 0 && !slices.Contains(types, p.projectType()):
		case query != "" && !strings.Contains(strings.ToLower(p.key), query) && !strings.Contains(strings.ToLower(p.name), query):
		default:
			found = append(found, p)
		}
	}
	order := q.Get("orderBy")
	desc := strings.HasPrefix(order, "-")
	byName := strings.TrimLeft(order, "+-") == "name"
	sort.SliceStable(found, func(i, k int) bool {
		a, b := found[i].key, found[k].key
		if byName {
			a, b = strings.ToLower(found[i].name), strings.ToLower(found[k].name)
		}
		if desc {
			return a > b
		}
		return a < b
	})
	expand := expandSet(q["expand"]...)
	values := []any{}
	for _, p := range window(found, startAt, maxResults) {
		values = append(values, c.projectJSON(p, expand, false))
	}
	resp := jiraPage("values", values, startAt, maxResults, len(found))
	resp["self"] = c.api + "/project/search?" + c.r.URL.RawQuery
	resp["isLast"] = startAt+len(values) >= len(found)
	if startAt+len(values) < len(found) {
		next := c.r.URL.Query()
		next.Set("startAt", strconv.Itoa(startAt+len(values)))
		next.Set("maxResults", strconv.Itoa(maxResults))
		resp["nextPage"] = c.api + "/project/search?" + next.Encode()
	}
	c.json(http.StatusOK, resp)
}

// listProjects is Server/DC's GET /project: an array of every project.
func (c *call) listProjects() {
	expand := expandSet(c.r.URL.Query()["expand"]...)
	archived := c.queryBool("includeArchived") || c.queryBool("browseArchive")
	recent, ok := c.queryInt("recent", -1)
	if !ok {
		return
	}
	out := []any{}
	for _, p := range c.jira.projects.all() {
		if p.archived && !archived {
			continue
		}
		if recent >= 0 && len(out) >= recent {
			break
		}
		out = append(out, c.projectJSON(p, expand, false))
	}
	c.json(http.StatusOK, out)
}

// --- create metadata ---

func (c *call) createMetaProject() *jProject {
	k := c.r.PathValue("projectIdOrKey")
	p := c.jira.projects.find(k)
	if p == nil || p.archived {
		c.fail(http.StatusBadRequest, fmt.Sprintf("No project could be found with key '%s'.", k))
		return nil
	}
	return p
}

// metaPage answers a create-metadata page: Cloud names the list after
// what it holds, Server/DC answers a generic page with values and isLast.
func (c *call) metaPage(cloudName string, items []any) {
	startAt, maxResults, ok := c.pageParams(50)
	if !ok {
		return
	}
	startAt, maxResults = max(startAt, 0), min(max(maxResults, 1), 200)
	page := window(items, startAt, maxResults)
	if c.cloud {
		c.json(http.StatusOK, jiraPage(cloudName, page, startAt, maxResults, len(items)))
		return
	}
	resp := jiraPage("values", page, startAt, maxResults, len(items))
	resp["isLast"] = startAt+len(page) >= len(items)
	c.json(http.StatusOK, resp)
}

func (c *call) createMetaIssueTypes() {
	p := c.createMetaProject()
	if p == nil {
		return
	}
	items := []any{}
	for _, t := range p.issueTypes {
		items = append(items, c.issueTypeJSON(t))
	}
	c.metaPage("issueTypes", items)
}

func (c *call) createMetaFields() {
	p := c.createMetaProject()
	if p == nil {
		return
	}
	tid := c.r.PathValue("issueTypeId")
	var t *jIssueType
	for _, x := range p.issueTypes {
		if x.id == tid {
			t = x
		}
	}
	if t == nil {
		c.fail(http.StatusBadRequest, fmt.Sprintf("The issue type with id '%s' does not exist in the project '%s'.", tid, p.key))
		return
	}
	items := []any{}
	for _, id := range c.jira.createFields(p, t) {
		items = append(items, c.fieldMeta(p, t, id))
	}
	c.metaPage("fields", items)
}

// createFields are the fields on the create screen of an issue type.
func (st *jiraStore) createFields(p *jProject, t *jIssueType) []string {
	ids := []string{"summary", "issuetype", "project", "description", "reporter", "assignee", "priority", "labels", "components", "duedate"}
	switch {
	case t.subtask:
		ids = append(ids, "parent")
	case st.cloud && t.name != "Epic":
		ids = append(ids, "parent")
	case !st.cloud && t.name == "Epic":
		ids = append(ids, cfEpicName)
	case !st.cloud:
		ids = append(ids, cfEpicLink)
	}
	if !t.subtask {
		ids = append(ids, cfStoryPoints, cfTeam)
	}
	return ids
}

// fieldMeta is one field's create metadata.
func (c *call) fieldMeta(p *jProject, t *jIssueType, id string) map[string]any {
	f := c.jira.field(id)
	required := id == "summary" || id == "issuetype" || id == "project" || id == "reporter" ||
		(id == "parent" && t.subtask) || id == cfEpicName
	ops := []any{"set"}
	if id == "labels" || id == "components" {
		ops = []any{"add", "set", "remove"}
	}
	schema := f.schema
	if schema == nil {
		schema = map[string]any{"type": "issuelink", "system": id}
	}
	m := map[string]any{"required": required, "schema": schema, "name": f.name, "hasDefaultValue": false, "operations": ops}
	if c.cloud {
		m["key"] = id
	}
	m["fieldId"] = id
	var allowed []any
	switch id {
	case "issuetype":
		allowed = []any{c.issueTypeJSON(t)}
	case "project":
		allowed = []any{c.projectRef(p)}
	case "priority":
		for _, x := range c.jira.priorities.all() {
			allowed = append(allowed, c.priorityJSON(x))
		}
		m["hasDefaultValue"] = true
		m["defaultValue"] = c.priorityJSON(c.jira.priorities.find("Medium"))
	case "components":
		allowed = []any{}
		for _, x := range p.components {
			allowed = append(allowed, c.componentJSON(x))
		}
	case cfTeam:
		for _, x := range c.jira.teamOptions.all() {
			allowed = append(allowed, c.optionJSON(x))
		}
	case "assignee", "reporter":
		param := "username"
		if c.cloud {
			param = "query"
		}
		m["autoCompleteUrl"] = c.api + "/user/search?" + url.Values{param: {""}}.Encode()
	case "labels":
		m["autoCompleteUrl"] = c.api + "/label/suggest?query="
	}
	if allowed != nil {
		m["allowedValues"] = allowed
	}
	return m
}
