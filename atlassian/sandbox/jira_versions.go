package sandbox

import (
	"fmt"
	"html"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// jiraVersionRoutes are a project's versions and components, and the
// Server/DC project picker.
var jiraVersionRoutes = routeTable{
	product: atlassian.Jira, cloudRoot: jiraCloudRoot, dcRoots: jiraDCRoots,
	routes: []route{
		{method: "GET", path: "/project/{projectIdOrKey}/versions", cloud: "getProjectVersions", dc: "getProjectVersions", handle: (*call).getProjectVersions},
		{method: "GET", path: "/project/{projectIdOrKey}/components", cloud: "getProjectComponents", dc: "getProjectComponents", handle: (*call).getProjectComponents},
		{method: "POST", path: "/version", cloud: "createVersion", dc: "createVersion", handle: (*call).createVersion},
		{method: "GET", path: "/version/{id}", cloud: "getVersion", dc: "getVersion", handle: (*call).getVersion},
		{method: "PUT", path: "/version/{id}", cloud: "updateVersion", dc: "updateVersion", handle: (*call).updateVersion},
		{method: "GET", path: "/projects/picker", dc: "searchForProjects", handle: (*call).pickProjects},
	},
}

func init() { routeTables = append(routeTables, &jiraVersionRoutes) }

// jVersion is a project version (a fix version); dates are yyyy-MM-dd or
// "".
type jVersion struct {
	id, name, desc         string
	project                *jProject
	startDate, releaseDate string
	released, archived     bool
}

const jiraDateLayout = "2006-01-02"

func (c *call) versionJSON(v *jVersion) map[string]any {
	pid, _ := strconv.Atoi(v.project.id)
	m := map[string]any{
		"self": c.api + "/version/" + v.id, "id": v.id, "name": v.name,
		"archived": v.archived, "released": v.released, "projectId": pid,
	}
	if v.desc != "" {
		m["description"] = v.desc
	}
	for _, d := range []struct{ key, user, value string }{{"startDate", "userStartDate", v.startDate}, {"releaseDate", "userReleaseDate", v.releaseDate}} {
		if t, err := time.Parse(jiraDateLayout, d.value); err == nil {
			m[d.key] = d.value
			m[d.user] = t.Format("02/Jan/06")
		}
	}
	if v.releaseDate != "" && !v.released {
		m["overdue"] = v.releaseDate < c.jira.now().Format(jiraDateLayout)
	}
	return m
}

// pathProject resolves {projectIdOrKey} or answers 404.
func (c *call) pathProject() *jProject {
	k := c.r.PathValue("projectIdOrKey")
	p := c.jira.projects.find(k)
	if p == nil {
		c.fail(http.StatusNotFound, fmt.Sprintf("No project could be found with key '%s'.", k))
	}
	return p
}

func (c *call) getProjectVersions() {
	p := c.pathProject()
	if p == nil {
		return
	}
	out := []any{}
	for _, v := range c.jira.records().versions.where(func(v *jVersion) bool { return v.project == p }) {
		out = append(out, c.versionJSON(v))
	}
	c.json(http.StatusOK, out)
}

func (c *call) getProjectComponents() {
	p := c.pathProject()
	if p == nil {
		return
	}
	pid, _ := strconv.Atoi(p.id)
	out := []any{}
	for _, x := range p.components {
		m := c.componentJSON(x)
		m["project"], m["projectId"], m["assigneeType"] = p.key, pid, "PROJECT_DEFAULT"
		if c.cloud {
			m["realAssigneeType"], m["isAssigneeTypeValid"] = "PROJECT_DEFAULT", false
		}
		out = append(out, m)
	}
	c.json(http.StatusOK, out)
}

func (c *call) findVersion() *jVersion {
	id := c.r.PathValue("id")
	v := c.jira.records().versions.get(id)
	if v == nil {
		c.fail(http.StatusNotFound, fmt.Sprintf("Could not find version for id '%s'", id))
	}
	return v
}

func (c *call) getVersion() {
	if v := c.findVersion(); v != nil {
		c.json(http.StatusOK, c.versionJSON(v))
	}
}

func (c *call) createVersion() {
	b := c.body()
	if b == nil {
		return
	}
	var p *jProject
	switch {
	case b["projectId"] != nil:
		if id, ok := b["projectId"].(float64); ok {
			p = c.jira.projects.get(strconv.Itoa(int(id)))
		}
	case b["project"] != nil:
		if k, ok := b["project"].(string); ok {
			p = c.jira.projects.named(k)
		}
	}
	if p == nil {
		c.failFields(http.StatusBadRequest, map[string]string{"project": "Project must be specified to create a version."})
		return
	}
	v := &jVersion{id: c.jira.records().id(), project: p}
	if !c.writeVersion(v, b, true) {
		return
	}
	c.jira.records().versions.add(v)
	c.json(http.StatusCreated, c.versionJSON(v))
}

func (c *call) updateVersion() {
	v := c.findVersion()
	if v == nil {
		return
	}
	b := c.body()
	if b == nil {
		return
	}
	work := *v
	if !c.writeVersion(&work, b, false) {
		return
	}
	*v = work
	c.json(http.StatusOK, c.versionJSON(v))
}

// writeVersion applies the fields of a version body to v, or answers 400
// naming the bad ones.
func (c *call) writeVersion(v *jVersion, b map[string]any, creating bool) bool {
	errs := map[string]string{}
	if raw, ok := b["name"]; ok || creating {
		name, _ := raw.(string)
		name = strings.TrimSpace(name)
		switch {
		case name == "":
			errs["name"] = "You must specify a valid version name"
		case len(name) > 255:
			errs["name"] = "The version name must not be longer than 255 characters."
		default:
			for _, o := range c.jira.records().versions.all() {
				if o.project == v.project && o.id != v.id && strings.EqualFold(o.name, name) {
					errs["name"] = "A version with this name already exists in this project."
				}
			}
			v.name = name
		}
	}
	if raw, ok := b["description"]; ok {
		s, isString := raw.(string)
		if raw != nil && !isString {
			errs["description"] = "The description must be text."
		}
		v.desc = s
	}
	for _, d := range []struct {
		key string
		to  *string
	}{{"startDate", &v.startDate}, {"releaseDate", &v.releaseDate}} {
		raw, ok := b[d.key]
		if !ok {
			continue
		}
		s, _ := raw.(string)
		if _, err := time.Parse(jiraDateLayout, s); raw != nil && err != nil {
			errs[d.key] = fmt.Sprintf("Invalid date format. Please enter the date in the format \"%s\".", "yyyy-MM-dd")
			continue
		}
		*d.to = s
	}
	if v.startDate != "" && v.releaseDate != "" && v.startDate > v.releaseDate && len(errs) == 0 {
		errs["startDate"] = "The start date must be before the release date."
	}
	for _, f := range []struct {
		key string
		to  *bool
	}{{"released", &v.released}, {"archived", &v.archived}} {
		if raw, ok := b[f.key]; ok {
			flag, isBool := raw.(bool)
			if !isBool {
				errs[f.key] = "The value must be true or false."
				continue
			}
			*f.to = flag
		}
	}
	if len(errs) > 0 {
		c.failFields(http.StatusBadRequest, errs)
		return false
	}
	return true
}

// pickProjects is Server/DC's project picker: projects whose key or name
// contains the query, with the match in bold, as the project pickers of
// Jira's own UI show them.
func (c *call) pickProjects() {
	q := strings.TrimSpace(c.r.URL.Query().Get("query"))
	limit, ok := c.queryInt("maxResults", 100)
	if !ok {
		return
	}
	var found []*jProject
	for _, p := range c.jira.projects.all() {
		lq := strings.ToLower(q)
		matches := strings.Contains(strings.ToLower(p.key), lq) || strings.Contains(strings.ToLower(p.name), lq)
		if !p.archived && ((q == "" && c.queryBool("allowEmptyQuery")) || (q != "" && matches)) {
			found = append(found, p)
		}
	}
	items := []any{}
	for _, p := range window(found, 0, max(limit, 0)) {
		items = append(items, map[string]any{
			"id": p.id, "key": p.key, "name": p.name, "html": boldMatch(p.name+" ("+p.key+")", q),
			"avatar": c.base + "/secure/projectavatar?size=xsmall&pid=" + p.id,
		})
	}
	c.json(http.StatusOK, map[string]any{
		"header": fmt.Sprintf("Showing %d of %d matching projects", len(items), len(found)), "total": len(found), "projects": items,
	})
}

// boldMatch is s as HTML with the first case-insensitive occurrence of q
// in bold.
func boldMatch(s, q string) string {
	i := strings.Index(strings.ToLower(s), strings.ToLower(q))
	if q == "" || i < 0 || len(strings.ToLower(s)) != len(s) {
		return html.EscapeString(s)
	}
	return html.EscapeString(s[:i]) + "<strong>" + html.EscapeString(s[i:i+len(q)]) + "</strong>" + html.EscapeString(s[i+len(q):])
}
