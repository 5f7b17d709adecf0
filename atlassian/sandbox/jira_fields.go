package sandbox

import (
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

func jiraFieldCatalogue(cloud bool) []*jField {
	sys := func(id, name, typ, items string, clauses ...string) *jField {
		schema := map[string]any{"type": typ, "system": id}
		if items != "" {
			schema["items"] = items
		}
		if len(clauses) == 0 {
			clauses = []string{id}
		}
		return &jField{id: id, name: name, navigable: true, orderable: true, searchable: true, clauseNames: clauses, schema: schema}
	}
	custom := func(id, name, typ, items, plugin string) *jField {
		num, _ := strconv.Atoi(strings.TrimPrefix(id, "customfield_"))
		schema := map[string]any{"type": typ, "custom": plugin, "customId": num}
		if items != "" {
			schema["items"] = items
		}
		return &jField{id: id, name: name, custom: true, navigable: true, orderable: true, searchable: true,
			clauseNames: []string{"cf[" + strconv.Itoa(num) + "]", name}, schema: schema}
	}
	pick := func(cloudName, dcName string) string {
		if cloud {
			return cloudName
		}
		return dcName
	}
	issuekey := &jField{id: "issuekey", name: "Key", navigable: true, clauseNames: []string{"id", "issue", "issuekey", "key"}}
	parent := &jField{id: "parent", name: "Parent", navigable: true, orderable: cloud, clauseNames: []string{"parent"}}
	comment := sys("comment", "Comment", "comments-page", "", "comment")
	comment.navigable = false
	watches := sys("watches", "Watchers", "watches", "", "watchers")
	watches.orderable = false
	votes := sys("votes", "Votes", "votes", "", "votes")
	votes.orderable = false
	created := sys("created", "Created", "datetime", "", "created", "createdDate")
	created.orderable = false
	updated := sys("updated", "Updated", "datetime", "", "updated", "updatedDate")
	updated.orderable = false
	resolved := sys("resolutiondate", "Resolved", "datetime", "", "resolutiondate", "resolved")
	resolved.orderable = false
	lastViewed := sys("lastViewed", "Last Viewed", "datetime", "", "lastViewed")
	lastViewed.orderable = false
	status := sys("status", "Status", "status", "", "status")
	status.orderable = false
	subtasks := sys("subtasks", "Sub-tasks", "array", "issuelinks", "subtasks")
	subtasks.orderable = false
	creator := sys("creator", "Creator", "user", "", "creator")
	creator.orderable = false

	fields := []*jField{
		sys("issuetype", "Issue Type", "issuetype", "", "issuetype", "type"),
		parent,
		sys("project", "Project", "project", "", "project"),
		sys("fixVersions", pick("Fix versions", "Fix Version/s"), "array", "version", "fixVersion"),
		sys("resolution", "Resolution", "resolution", "", "resolution"),
		resolved,
		lastViewed,
		watches,
		created,
		sys("priority", "Priority", "priority", "", "priority"),
		sys("labels", "Labels", "array", "string", "labels"),
		sys("versions", pick("Affects versions", "Affects Version/s"), "array", "version", "affectedVersion"),
		sys("issuelinks", "Linked Issues", "array", "issuelinks", "issueLink"),
		sys("assignee", "Assignee", "user", "", "assignee"),
		updated,
		status,
		sys("components", pick("Components", "Component/s"), "array", "component", "component"),
		sys("description", "Description", "string", "", "description"),
		sys("environment", "Environment", "string", "", "environment"),
		sys("summary", "Summary", "string", "", "summary"),
		creator,
		subtasks,
		sys("reporter", "Reporter", "user", "", "reporter"),
		sys("duedate", pick("Due date", "Due Date"), "date", "", "due", "duedate"),
		comment,
		votes,
		sys("attachment", "Attachment", "array", "attachment", "attachments"),
		issuekey,
	}
	if cloud {
		cat := sys("statusCategory", "Status Category", "statusCategory", "", "statusCategory")
		cat.orderable = false
		changed := sys("statuscategorychangedate", "Status Category Changed", "datetime", "", "statusCategoryChangedDate")
		changed.orderable = false
		fields = append(fields, cat, changed)
	}
	fields = append(fields,
		custom(cfStoryPoints, "Story Points", "number", "", "com.atlassian.jira.plugin.system.customfieldtypes:float"),
		custom(cfTeam, "Team", "option", "", "com.atlassian.jira.plugin.system.customfieldtypes:select"),
		custom(cfSprint, "Sprint", "array", "json", "com.pyxis.greenhopper.jira:gh-sprint"),
	)
	if !cloud {
		fields = append(fields,
			custom(cfEpicLink, "Epic Link", "any", "", "com.pyxis.greenhopper.jira:gh-epic-link"),
			custom(cfEpicName, "Epic Name", "string", "", "com.pyxis.greenhopper.jira:gh-epic-label"),
		)
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
	case "fixVersions", "versions", "issuelinks":
		return []any{}, true
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
