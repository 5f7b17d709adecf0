package sandbox

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// jField is one entry of the field catalogue (GET /field) and the unit of
// the `fields` parameter.
type jField struct {
	id, name                         string
	custom                           bool
	navigable, orderable, searchable bool
	clauseNames                      []string
	schema                           map[string]any // nil: no schema
}

// Custom field ids the sandbox knows.
const (
	cfStoryPoints = "customfield_10016"
	cfTeam        = "customfield_10020"
	cfSprint      = "customfield_10021"
	cfEpicLink    = "customfield_10014" // Server/DC only
	cfEpicName    = "customfield_10011" // Server/DC only
)

// jiraFieldSeed is one entry of seed/jira_fields.json, the catalogue in
// GET /field order. Flags default to true; clauses default to the id, or
// cf[N] and the name for a custom field. A field without a type has no
// schema. The few differences between the deployments are data too: only
// names the one a field exists on, and server holds the keys Server/DC
// answers differently (a name, a flag).
type jiraFieldSeed struct {
	ID         string          `json:"id"`
	Name       string          `json:"name"`
	Type       string          `json:"type"`
	Items      string          `json:"items"`
	Custom     string          `json:"custom"` // the custom field type; empty for system fields
	Clauses    []string        `json:"clauses"`
	Navigable  *bool           `json:"navigable"`
	Orderable  *bool           `json:"orderable"`
	Searchable *bool           `json:"searchable"`
	Only       string          `json:"only"` // "cloud" or "server"
	Server     json.RawMessage `json:"server"`
}

func jiraFieldCatalogue(cloud bool) []*jField {
	var seeds []jiraFieldSeed
	loadSeed("jira_fields.json", &seeds)
	flag := func(b *bool) bool { return b == nil || *b }
	var fields []*jField
	for _, fs := range seeds {
		if fs.Only != "" && fs.Only != "cloud" && fs.Only != "server" {
			panic(fmt.Errorf("sandbox: seed/jira_fields.json: %s: only %q is neither cloud nor server", fs.ID, fs.Only))
		}
		if fs.Only == "cloud" && !cloud || fs.Only == "server" && cloud {
			continue
		}
		if fs.Server != nil && !cloud {
			if err := json.Unmarshal(fs.Server, &fs); err != nil {
				panic(fmt.Errorf("sandbox: seed/jira_fields.json: %s: %w", fs.ID, err))
			}
		}
		f := &jField{id: fs.ID, name: fs.Name, custom: fs.Custom != "", clauseNames: fs.Clauses,
			navigable: flag(fs.Navigable), orderable: flag(fs.Orderable), searchable: flag(fs.Searchable)}
		if fs.Type != "" {
			f.schema = map[string]any{"type": fs.Type}
			if fs.Items != "" {
				f.schema["items"] = fs.Items
			}
		}
		switch {
		case f.custom && f.schema == nil:
			panic(fmt.Errorf("sandbox: seed/jira_fields.json: custom field %s has no type", fs.ID))
		case f.custom:
			num, _ := strconv.Atoi(strings.TrimPrefix(fs.ID, "customfield_"))
			f.schema["custom"], f.schema["customId"] = fs.Custom, num
			if f.clauseNames == nil {
				f.clauseNames = []string{"cf[" + strconv.Itoa(num) + "]", fs.Name}
			}
		case f.schema != nil:
			f.schema["system"] = fs.ID
		}
		if f.clauseNames == nil {
			f.clauseNames = []string{fs.ID}
		}
		fields = append(fields, f)
	}
	return fields
}

func (st *jiraStore) field(id string) *jField {
	for _, f := range st.fields {
		if strings.EqualFold(f.id, id) {
			return f
		}
	}
	return nil
}

// fieldJSON is a catalogue entry as GET /field answers.
func (c *call) fieldJSON(f *jField) map[string]any {
	m := map[string]any{
		"id": f.id, "name": f.name, "custom": f.custom, "orderable": f.orderable, "navigable": f.navigable,
		"searchable": f.searchable, "clauseNames": f.clauseNames,
	}
	if c.cloud {
		m["key"] = f.id
	}
	if f.schema != nil {
		m["schema"] = f.schema
	}
	return m
}

// selectFields resolves a `fields` parameter (comma lists, *all,
// *navigable, -exclusions) into field ids in catalogue order. Without any
// positive entry the default applies. Unknown ids are ignored, as Jira does.
func (st *jiraStore) selectFields(specs []string, def ...string) []string {
	var tokens []string
	for _, s := range specs {
		for _, t := range strings.Split(s, ",") {
			if t = strings.TrimSpace(t); t != "" {
				tokens = append(tokens, t)
			}
		}
	}
	positive := false
	for _, t := range tokens {
		if !strings.HasPrefix(t, "-") {
			positive = true
		}
	}
	if !positive {
		tokens = append(append([]string{}, def...), tokens...)
	}
	include := map[string]bool{}
	exclude := map[string]bool{}
	for _, t := range tokens {
		switch {
		case strings.HasPrefix(t, "-"):
			if f := st.field(t[1:]); f != nil {
				exclude[f.id] = true
			}
		case t == "*all":
			for _, f := range st.fields {
				include[f.id] = true
			}
		case t == "*navigable":
			for _, f := range st.fields {
				if f.navigable {
					include[f.id] = true
				}
			}
		default:
			if f := st.field(t); f != nil {
				include[f.id] = true
			}
		}
	}
	var out []string
	for _, f := range st.fields {
		if include[f.id] && !exclude[f.id] && f.id != "issuekey" {
			out = append(out, f.id)
		}
	}
	return out
}

// issueBrief is the small form of a related issue (parent, sub-tasks).
func (c *call) issueBrief(is *jIssue) map[string]any {
	return map[string]any{
		"id": strconv.Itoa(is.id), "key": is.key, "self": c.api + "/issue/" + strconv.Itoa(is.id),
		"fields": map[string]any{
			"summary": is.summary, "status": c.statusJSON(is.status), "priority": c.priorityJSON(is.priority),
			"issuetype": c.issueTypeJSON(is.issueType),
		},
	}
}

// fieldValue renders one field of an issue. ok is false when Jira leaves
// the field out altogether (parent of a top-level issue).
func (c *call) fieldValue(is *jIssue, id string) (any, bool) {
	switch id {
	case "issuetype":
		return c.issueTypeJSON(is.issueType), true
	case "parent":
		switch {
		case is.parent != nil:
			return c.issueBrief(is.parent), true
		case is.epic != nil && c.cloud:
			return c.issueBrief(is.epic), true
		}
		return nil, false
	case "project":
		return c.projectRef(is.project), true
	case "fixVersions", "versions":
		return []any{}, true
	case "issuelinks":
		return c.issueLinksJSON(is), true
	case "attachment":
		return c.attachmentsJSON(is), true
	case "resolution":
		return c.resolutionJSON(is.resolution), true
	case "resolutiondate":
		if is.resolved == nil {
			return nil, true
		}
		return jiraTime(*is.resolved), true
	case "lastViewed":
		return nil, true
	case "watches":
		return map[string]any{"self": c.api + "/issue/" + is.key + "/watchers", "watchCount": 1, "isWatching": c.user == is.reporter}, true
	case "votes":
		return map[string]any{"self": c.api + "/issue/" + is.key + "/votes", "votes": 0, "hasVoted": false}, true
	case "created":
		return jiraTime(is.created), true
	case "updated":
		return jiraTime(is.updated), true
	case "statuscategorychangedate":
		return jiraTime(is.statusDate), true
	case "priority":
		return c.priorityJSON(is.priority), true
	case "labels":
		return append([]string{}, is.labels...), true
	case "assignee":
		return c.userRef(is.assignee), true
	case "reporter":
		return c.userRef(is.reporter), true
	case "creator":
		return c.userRef(is.creator), true
	case "status":
		return c.statusJSON(is.status), true
	case "statusCategory":
		return c.statusCategoryJSON(is.status.cat), true
	case "components":
		out := []any{}
		for _, x := range is.components {
			out = append(out, c.componentJSON(x))
		}
		return out, true
	case "description":
		return c.richJSON(is.description), true
	case "environment":
		return c.richJSON(is.environment), true
	case "summary":
		return is.summary, true
	case "subtasks":
		out := []any{}
		for _, x := range c.jira.subtasksOf(is) {
			out = append(out, c.issueBrief(x))
		}
		return out, true
	case "duedate":
		if is.duedate == "" {
			return nil, true
		}
		return is.duedate, true
	case "comment":
		comments := []any{}
		for _, cm := range is.comments {
			comments = append(comments, c.commentJSON(is, cm, false))
		}
		return map[string]any{
			"comments": comments, "self": c.api + "/issue/" + strconv.Itoa(is.id) + "/comment",
			"maxResults": len(comments), "total": len(comments), "startAt": 0,
		}, true
	case cfStoryPoints:
		if is.storyPoints == nil {
			return nil, true
		}
		return *is.storyPoints, true
	case cfTeam:
		return c.optionJSON(is.team), true
	case cfSprint:
		return nil, true
	case cfEpicLink:
		if is.epic == nil {
			return nil, true
		}
		return is.epic.key, true
	case cfEpicName:
		if is.epicName == "" {
			return nil, true
		}
		return is.epicName, true
	}
	return nil, false
}

// renderedValue is a field as renderedFields shows it.
func (c *call) renderedValue(is *jIssue, id string) any {
	switch id {
	case "description", "environment":
		rt := is.description
		if id == "environment" {
			rt = is.environment
		}
		if rt == nil {
			return nil
		}
		return rt.html
	case "comment":
		comments := []any{}
		for _, cm := range is.comments {
			m := c.commentJSON(is, cm, false)
			m["body"] = cm.body.html
			comments = append(comments, m)
		}
		return map[string]any{"comments": comments, "maxResults": len(comments), "total": len(comments), "startAt": 0}
	case "created":
		return renderedTime(is.created)
	case "updated":
		return renderedTime(is.updated)
	case "resolutiondate":
		if is.resolved == nil {
			return nil
		}
		return renderedTime(*is.resolved)
	case "duedate":
		if is.duedate == "" {
			return nil
		}
		return is.duedate
	}
	return nil
}

func (st *jiraStore) subtasksOf(is *jIssue) []*jIssue {
	var out []*jIssue
	for _, x := range st.issues.all() {
		if x.parent == is {
			out = append(out, x)
		}
	}
	return out
}

// issueExpand is the expand list Jira advertises on an issue.
const issueExpand = "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations"

// issueJSON renders an issue with the given fields and expansions. names
// and schema are added here only when withMaps (GET issue); searches put
// them at the top level.
func (c *call) issueJSON(is *jIssue, fieldIDs []string, expand map[string]bool, properties []string, withMaps bool) map[string]any {
	fields := map[string]any{}
	for _, id := range fieldIDs {
		if v, ok := c.fieldValue(is, id); ok {
			fields[id] = v
		}
	}
	m := map[string]any{
		"expand": issueExpand, "id": strconv.Itoa(is.id), "self": c.api + "/issue/" + strconv.Itoa(is.id),
		"key": is.key, "fields": fields,
	}
	if expand["renderedFields"] {
		rf := map[string]any{}
		for id := range fields {
			rf[id] = c.renderedValue(is, id)
		}
		m["renderedFields"] = rf
	}
	if withMaps && expand["names"] {
		m["names"] = c.namesOf(fieldIDs)
	}
	if withMaps && expand["schema"] {
		m["schema"] = c.schemaOf(fieldIDs)
	}
	if expand["transitions"] {
		m["transitions"] = c.transitionsJSON(is, false)
	}
	if expand["changelog"] {
		m["changelog"] = c.changelogJSON(is)
	}
	if expand["operations"] {
		m["operations"] = map[string]any{"linkGroups": []any{}}
	}
	if expand["editmeta"] {
		m["editmeta"] = map[string]any{"fields": map[string]any{}}
	}
	if expand["versionedRepresentations"] {
		vr := map[string]any{}
		for id, v := range fields {
			vr[id] = map[string]any{"1": v}
		}
		m["versionedRepresentations"] = vr
	}
	if len(properties) > 0 {
		m["properties"] = map[string]any{}
	}
	return m
}

func (c *call) namesOf(fieldIDs []string) map[string]string {
	out := map[string]string{}
	for _, id := range fieldIDs {
		if f := c.jira.field(id); f != nil {
			out[id] = f.name
		}
	}
	return out
}

func (c *call) schemaOf(fieldIDs []string) map[string]any {
	out := map[string]any{}
	for _, id := range fieldIDs {
		if f := c.jira.field(id); f != nil && f.schema != nil {
			out[id] = f.schema
		}
	}
	return out
}

func (c *call) changelogJSON(is *jIssue) map[string]any {
	histories := []any{}
	for _, h := range is.history {
		items := []any{}
		for _, it := range h.items {
			// Jira writes null for an absent side; the Cloud schema types
			// these as plain strings, so absent sides are left out.
			item := map[string]any{"field": it.field, "fieldtype": it.fieldType}
			for k, v := range map[string]any{"from": it.from, "fromString": it.fromString, "to": it.to, "toString": it.toString} {
				if v != nil {
					item[k] = v
				}
			}
			if c.cloud {
				item["fieldId"] = it.fieldID
			}
			items = append(items, item)
		}
		histories = append(histories, map[string]any{"id": h.id, "author": c.userRef(h.author), "created": jiraTime(h.created), "items": items})
	}
	return map[string]any{"startAt": 0, "maxResults": len(histories), "total": len(histories), "histories": histories}
}
