package sandbox

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// jiraIssueRoutes are the endpoints of one issue: read, create, edit,
// comments and transitions.
var jiraIssueRoutes = routeTable{
	product: atlassian.Jira, cloudRoot: jiraCloudRoot, dcRoots: jiraDCRoots,
	routes: []route{
		{method: "GET", path: "/issue/{issueIdOrKey}", cloud: "getIssue", dc: "getIssue", handle: (*call).getIssue},
		{method: "PUT", path: "/issue/{issueIdOrKey}", cloud: "editIssue", dc: "editIssue", handle: (*call).editIssue},
		{method: "POST", path: "/issue", cloud: "createIssue", dc: "createIssue", handle: (*call).createIssue},
		{method: "GET", path: "/issue/{issueIdOrKey}/comment", cloud: "getComments", dc: "getComments", handle: (*call).getComments},
		{method: "POST", path: "/issue/{issueIdOrKey}/comment", cloud: "addComment", dc: "addComment", handle: (*call).addComment},
		{method: "GET", path: "/issue/{issueIdOrKey}/transitions", cloud: "getTransitions", dc: "getTransitions", handle: (*call).getTransitions},
		{method: "POST", path: "/issue/{issueIdOrKey}/transitions", cloud: "doTransition", dc: "doTransition", handle: (*call).doTransition},
	},
}

// Issue reads and writes: get, create, edit, comments and transitions.

func (c *call) getIssue() {
	is := c.findIssue()
	if is == nil {
		return
	}
	q := c.r.URL.Query()
	fields := c.jira.selectFields(q["fields"], "*all")
	c.json(http.StatusOK, c.issueJSON(is, fields, expandSet(q["expand"]...), c.queryList("properties"), true))
}

// --- comments ---

func (c *call) getComments() {
	is := c.findIssue()
	if is == nil {
		return
	}
	def := 100
	if !c.cloud {
		def = 5000
	}
	startAt, maxResults, ok := c.pageParams(def)
	if !ok {
		return
	}
	startAt, maxResults = max(startAt, 0), min(max(maxResults, 0), 5000)
	comments := slices.Clone(is.comments)
	switch order := c.r.URL.Query().Get("orderBy"); order {
	case "", "created", "+created":
	case "-created":
		slices.Reverse(comments)
	default:
		c.fail(http.StatusBadRequest, fmt.Sprintf("The value '%s' is not valid for orderBy. Comments can only be ordered by 'created', '+created' or '-created'.", order))
		return
	}
	rendered := expandSet(c.r.URL.Query()["expand"]...)["renderedBody"]
	page := []any{}
	for _, cm := range window(comments, startAt, maxResults) {
		page = append(page, c.commentJSON(is, cm, rendered))
	}
	c.json(http.StatusOK, jiraPage("comments", page, startAt, maxResults, len(comments)))
}

func (c *call) addComment() {
	is := c.findIssue()
	if is == nil {
		return
	}
	b := c.body()
	if b == nil {
		return
	}
	cm, errs, msgs := c.newComment(b)
	if len(errs) > 0 || len(msgs) > 0 {
		jiraError(c.w, http.StatusBadRequest, msgs, errs)
		return
	}
	is.comments = append(is.comments, cm)
	is.updated = cm.created
	c.json(http.StatusCreated, c.commentJSON(is, cm, expandSet(c.r.URL.Query()["expand"]...)["renderedBody"]))
}

// newComment validates a comment body ({body, visibility?}) in the
// deployment's dialect: ADF on Cloud, a wiki string on Server/DC.
func (c *call) newComment(b map[string]any) (*jComment, map[string]string, []string) {
	var body *richText
	switch v := b["body"].(type) {
	case nil:
		return nil, map[string]string{"comment": "Comment body can not be empty!"}, nil
	case string:
		if c.cloud {
			return nil, map[string]string{"comment": "Comment body is not valid!"}, nil
		}
		if strings.TrimSpace(v) == "" {
			return nil, map[string]string{"comment": "Comment body can not be empty!"}, nil
		}
		body = richFromWiki(v)
	default:
		if !c.cloud {
			return nil, nil, []string{jiraBadPayload}
		}
		if !adfValid(v) {
			return nil, map[string]string{"comment": "Comment body is not valid!"}, nil
		}
		body = richFromADF(v)
		if strings.TrimSpace(body.plain) == "" && len(v.(map[string]any)["content"].([]any)) == 0 {
			return nil, map[string]string{"comment": "Comment body can not be empty!"}, nil
		}
	}
	var visibility map[string]any
	if rv, ok := b["visibility"]; ok && rv != nil {
		vm, ok := rv.(map[string]any)
		if !ok {
			return nil, nil, []string{jiraBadPayload}
		}
		typ, _ := vm["type"].(string)
		value, _ := vm["value"].(string)
		if typ != "role" && typ != "group" {
			return nil, nil, []string{fmt.Sprintf("The visibility type '%v' is not valid. Use 'role' or 'group'.", vm["type"])}
		}
		if value == "" {
			if id, _ := vm["identifier"].(string); id != "" && c.cloud {
				value = id
			} else {
				return nil, map[string]string{"commentLevel": "The visibility value must name a " + typ + "."}, nil
			}
		}
		visibility = map[string]any{"type": typ, "value": value}
		if id, ok := vm["identifier"].(string); ok && c.cloud {
			visibility["identifier"] = id
		}
	}
	now := c.jira.now()
	return &jComment{id: c.jira.commentID(), author: c.user, updateAuthor: c.user, body: body, created: now, updated: now, visibility: visibility}, nil, nil
}

// --- create and edit ---

// fieldWriter validates and applies field values to a working copy of an
// issue, collecting Jira's per-field errors.
type fieldWriter struct {
	c        *call
	is       *jIssue // the working copy
	creating bool
	errs     map[string]string
	msgs     []string
	comments []*jComment
}

func (fw *fieldWriter) fail(field, msg string) {
	if _, dup := fw.errs[field]; !dup {
		fw.errs[field] = msg
	}
}

// rejected answers 400 with every field error and message collected so
// far, if any; create, edit and transition all stop there before storing.
func (fw *fieldWriter) rejected() bool {
	if len(fw.errs) == 0 && len(fw.msgs) == 0 {
		return false
	}
	jiraError(fw.c.w, http.StatusBadRequest, fw.msgs, fw.errs)
	return true
}

func notOnScreen(id string) string {
	return fmt.Sprintf("Field '%s' cannot be set. It is not on the appropriate screen, or unknown.", id)
}

// ref reads {"key"|"id"|"name"|"accountId": …} references.
func ref(v any, keys ...string) (string, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return "", false
	}
	for _, k := range keys {
		switch x := m[k].(type) {
		case string:
			if x != "" {
				return x, true
			}
		case float64:
			return strconv.FormatFloat(x, 'f', -1, 64), true
		}
	}
	return "", false
}

func (fw *fieldWriter) user(id string, v any, allowEmpty bool) *User {
	if v == nil {
		if !allowEmpty {
			fw.fail(id, id+" is required.")
		}
		return nil
	}
	c := fw.c
	if c.cloud {
		aid, ok := ref(v, "accountId", "id")
		if ok && aid == "-1" && id == "assignee" {
			return fw.is.project.lead
		}
		if u := c.jira.s.userByAccountID(aid); ok && u != nil {
			return u
		}
		fw.fail(id, "Specify a valid value for "+id)
		return nil
	}
	name, ok := ref(v, "name", "key")
	if ok && name == "-1" && id == "assignee" {
		return fw.is.project.lead
	}
	if u := c.jira.s.userByName(name); ok && u != nil {
		return u
	}
	if u := c.jira.s.userByKey(name); ok && u != nil {
		return u
	}
	fw.fail(id, fmt.Sprintf("User '%s' does not exist.", name))
	return nil
}

func (fw *fieldWriter) rich(id string, v any) *richText {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		if !fw.c.cloud {
			return richFromWiki(x)
		}
	default:
		if fw.c.cloud && adfValid(x) {
			return richFromADF(x)
		}
	}
	if fw.c.cloud {
		fw.fail(id, "Operation value must be an Atlassian Document (see the Atlassian Document Format)")
	} else {
		fw.fail(id, "Operation value must be a string")
	}
	return nil
}

func (fw *fieldWriter) component(v any) *jComponent {
	if name, ok := ref(v, "name"); ok {
		for _, x := range fw.is.project.components {
			if strings.EqualFold(x.name, name) {
				return x
			}
		}
		fw.fail("components", fmt.Sprintf("Component name '%s' is not valid", name))
		return nil
	}
	if id, ok := ref(v, "id"); ok {
		for _, x := range fw.is.project.components {
			if x.id == id {
				return x
			}
		}
		fw.fail("components", fmt.Sprintf("Component with id '%s' does not exist.", id))
		return nil
	}
	fw.fail("components", "Component name or id is required.")
	return nil
}

func (fw *fieldWriter) components(v any) []*jComponent {
	arr, ok := v.([]any)
	if v == nil {
		return nil
	}
	if !ok {
		fw.fail("components", "Operation value must be an array")
		return nil
	}
	var out []*jComponent
	for _, x := range arr {
		if comp := fw.component(x); comp != nil && !slices.Contains(out, comp) {
			out = append(out, comp)
		}
	}
	return out
}

func (fw *fieldWriter) label(v any) (string, bool) {
	s, ok := v.(string)
	switch {
	case !ok:
		fw.fail("labels", "Operation value must be a string")
		return "", false
	case s == "":
		fw.fail("labels", "A label cannot be empty.")
		return "", false
	case strings.ContainsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' }):
		fw.fail("labels", fmt.Sprintf("The label '%s' contains spaces which is invalid.", s))
		return "", false
	case len(s) > 255:
		fw.fail("labels", "The label must not be longer than 255 characters.")
		return "", false
	}
	return s, true
}

func (fw *fieldWriter) labels(v any) []string {
	if v == nil {
		return nil
	}
	arr, ok := v.([]any)
	if !ok {
		fw.fail("labels", "Operation value must be an array")
		return nil
	}
	var out []string
	for _, x := range arr {
		if l, ok := fw.label(x); ok && !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

// setParent links the working copy to a parent (sub-task) or, for a
// standard issue on Cloud, to its epic.
func (fw *fieldWriter) setParent(v any) {
	is := fw.is
	if v == nil {
		if is.issueType.subtask {
			fw.fail("parent", "Issue type is a sub-task but parent issue key or id not specified.")
			return
		}
		is.parent = nil
		if fw.c.cloud {
			is.epic = nil
		}
		return
	}
	k, ok := ref(v, "key", "id")
	if !ok {
		fw.fail("parent", "Could not find issue by id or key.")
		return
	}
	p := fw.c.jira.issues.find(k)
	if p == nil || p == fw.orig() {
		fw.fail("parent", "Could not find issue by id or key.")
		return
	}
	switch {
	case is.issueType.subtask:
		if p.issueType.subtask {
			fw.fail("parent", "A sub-task cannot be the parent of another sub-task.")
			return
		}
		if p.project != is.project {
			fw.fail("parent", "The parent issue must belong to the same project.")
			return
		}
		is.parent = p
	case !fw.c.cloud:
		fw.fail("parent", "Only sub-tasks can have a parent; link standard issues to an epic with the Epic Link field.")
	case is.issueType.level >= p.issueType.level:
		fw.fail("parent", fmt.Sprintf("The issue %s can't be the parent of a %s: it is not higher in the issue type hierarchy.", p.key, is.issueType.name))
	default:
		is.epic = p
	}
}

// orig is the stored issue a working copy was taken from (nil on create).
func (fw *fieldWriter) orig() *jIssue {
	if fw.creating {
		return nil
	}
	return fw.c.jira.issues.get(strconv.Itoa(fw.is.id))
}

// set applies one `fields` entry.
func (fw *fieldWriter) set(id string, v any) {
	is, st := fw.is, fw.c.jira
	f := st.field(id)
	if f == nil {
		fw.fail(id, notOnScreen(id))
		return
	}
	switch f.id {
	case "summary":
		s, ok := v.(string)
		switch {
		case v != nil && !ok:
			fw.fail("summary", "Operation value must be a string")
		case strings.TrimSpace(s) == "":
			fw.fail("summary", "You must specify a summary of the issue.")
		case len([]rune(s)) > 255:
			fw.fail("summary", "Summary must be less than 255 characters.")
		default:
			is.summary = strings.TrimRight(s, "\r\n")
		}
	case "description":
		is.description = fw.rich("description", v)
	case "environment":
		is.environment = fw.rich("environment", v)
	case "assignee":
		is.assignee = fw.user("assignee", v, true)
	case "reporter":
		if u := fw.user("reporter", v, false); u != nil {
			is.reporter = u
		}
	case "priority":
		k, ok := ref(v, "name", "id")
		p := st.priorities.find(k)
		if !ok || p == nil {
			fw.fail("priority", "The priority selected is invalid.")
			return
		}
		is.priority = p
	case "labels":
		is.labels = fw.labels(v)
	case "components":
		is.components = fw.components(v)
	case "parent":
		fw.setParent(v)
	case "issuetype":
		k, ok := ref(v, "id", "name")
		t := st.issueTypes.find(k)
		if !ok || t == nil || !slices.Contains(is.project.issueTypes, t) {
			fw.fail("issuetype", "Specify a valid issue type")
			return
		}
		if !fw.creating && t.subtask != is.issueType.subtask {
			fw.fail("issuetype", "The issue type can only be changed between standard issue types here; use Move to convert to or from a sub-task.")
			return
		}
		is.issueType = t
	case "duedate":
		if v == nil {
			is.duedate = ""
			return
		}
		s, _ := v.(string)
		if _, err := time.Parse("2006-01-02", s); err != nil {
			fw.fail("duedate", fmt.Sprintf("Error parsing date string: %v", v))
			return
		}
		is.duedate = s
	case "fixVersions", "versions":
		if arr, ok := v.([]any); v != nil && (!ok || len(arr) > 0) {
			name, _ := ref(firstOf(arr), "name", "id")
			fw.fail(f.id, fmt.Sprintf("Version name '%s' is not valid", name))
		}
	case cfStoryPoints:
		switch n := v.(type) {
		case nil:
			is.storyPoints = nil
		case float64:
			is.storyPoints = &n
		default:
			fw.fail(cfStoryPoints, "Operation value must be a number")
		}
	case cfTeam:
		if v == nil {
			is.team = nil
			return
		}
		k, ok := ref(v, "value", "id")
		o := st.teamOptions.find(k)
		if !ok || o == nil {
			fw.fail(cfTeam, fmt.Sprintf("Option value '%s' is not valid", k))
			return
		}
		is.team = o
	case cfSprint:
		if v != nil {
			fw.fail(cfSprint, fmt.Sprintf("Sprint with id '%v' does not exist.", v))
		}
	case cfEpicLink:
		if v == nil {
			is.epic = nil
			return
		}
		k, _ := v.(string)
		e := st.issues.find(k)
		switch {
		case e == nil || e.issueType.name != "Epic":
			fw.fail(cfEpicLink, fmt.Sprintf("The issue '%v' is not an epic.", v))
		case is.issueType.subtask || is.issueType.name == "Epic":
			fw.fail(cfEpicLink, "Epics and sub-tasks cannot be linked to an epic.")
		default:
			is.epic = e
		}
	case cfEpicName:
		s, ok := v.(string)
		if v != nil && !ok {
			fw.fail(cfEpicName, "Operation value must be a string")
			return
		}
		is.epicName = s
	default:
		fw.fail(f.id, notOnScreen(f.id))
	}
}

func firstOf(arr []any) any {
	if len(arr) == 0 {
		return nil
	}
	return arr[0]
}

// update applies the `update` operations.
func (fw *fieldWriter) update(ops map[string]any) {
	for _, id := range sortedKeys(ops) {
		list, ok := ops[id].([]any)
		if !ok {
			fw.msgs = append(fw.msgs, jiraBadPayload)
			return
		}
		for _, raw := range list {
			op, ok := raw.(map[string]any)
			if !ok || len(op) != 1 {
				fw.msgs = append(fw.msgs, jiraBadPayload)
				return
			}
			for verb, v := range op {
				fw.operation(id, verb, v)
			}
		}
	}
}

// addOrRemove applies an update "add" or "remove" operation to a
// multi-valued field (labels, components): adding what is there or removing
// what is not changes nothing. It copies rather than changes list, which the
// stored issue may still share with the working copy.
func addOrRemove[T comparable](list []T, item T, verb string) []T {
	idx := slices.Index(list, item)
	switch {
	case verb == "add" && idx < 0:
		return append(slices.Clone(list), item)
	case verb == "remove" && idx >= 0:
		return slices.Delete(slices.Clone(list), idx, idx+1)
	}
	return list
}

func (fw *fieldWriter) operation(id, verb string, v any) {
	is := fw.is
	switch {
	case id == "comment" && verb == "add":
		m, ok := v.(map[string]any)
		if !ok {
			fw.msgs = append(fw.msgs, jiraBadPayload)
			return
		}
		cm, errs, msgs := fw.c.newComment(m)
		for k, e := range errs {
			fw.fail(k, e)
		}
		fw.msgs = append(fw.msgs, msgs...)
		if cm != nil {
			fw.comments = append(fw.comments, cm)
		}
	case id == "labels" && (verb == "add" || verb == "remove"):
		l, ok := fw.label(v)
		if !ok {
			return
		}
		is.labels = addOrRemove(is.labels, l, verb)
	case id == "components" && (verb == "add" || verb == "remove"):
		comp := fw.component(v)
		if comp == nil {
			return
		}
		is.components = addOrRemove(is.components, comp, verb)
	case verb == "set":
		if id == "comment" {
			fw.fail("comment", notOnScreen("comment"))
			return
		}
		fw.set(id, v)
	default:
		if fw.c.jira.field(id) == nil {
			fw.fail(id, notOnScreen(id))
			return
		}
		fw.fail(id, fmt.Sprintf("Field '%s' does not support the operation '%s'.", id, verb))
	}
}

// fieldsAndUpdate reads the `fields` and `update` members of a body.
func (c *call) fieldsAndUpdate(b map[string]any) (fields, update map[string]any, ok bool) {
	fields, update = map[string]any{}, map[string]any{}
	if v, present := b["fields"]; present && v != nil {
		if fields, ok = v.(map[string]any); !ok {
			c.fail(http.StatusBadRequest, jiraBadPayload)
			return nil, nil, false
		}
	}
	if v, present := b["update"]; present && v != nil {
		if update, ok = v.(map[string]any); !ok {
			c.fail(http.StatusBadRequest, jiraBadPayload)
			return nil, nil, false
		}
	}
	return fields, update, true
}

func (c *call) createIssue() {
	b := c.body()
	if b == nil {
		return
	}
	fields, update, ok := c.fieldsAndUpdate(b)
	if !ok {
		return
	}
	st := c.jira
	errs := map[string]string{}
	var project *jProject
	if k, ok := ref(fields["project"], "key", "id"); ok {
		project = st.projects.find(k)
	}
	if project == nil || project.archived {
		errs["project"] = "Specify a valid project ID or key"
	} else if project.noCreate[c.user.Name] {
		c.fail(http.StatusForbidden, "You do not have permission to create issues in this project.")
		return
	}
	var itype *jIssueType
	if fields["issuetype"] == nil {
		errs["issuetype"] = "Specify an issue type"
	} else if k, ok := ref(fields["issuetype"], "id", "name"); ok {
		itype = st.issueTypes.find(k)
		if itype == nil || (project != nil && !slices.Contains(project.issueTypes, itype)) {
			errs["issuetype"] = "Specify a valid issue type"
			itype = nil
		}
	} else {
		errs["issuetype"] = "Specify a valid issue type"
	}
	if _, ok := fields["summary"]; !ok {
		errs["summary"] = "You must specify a summary of the issue."
	}
	if project == nil || itype == nil {
		c.failFields(http.StatusBadRequest, errs)
		return
	}
	now := st.now()
	is := &jIssue{
		project: project, issueType: itype, status: st.statuses.all()[0], priority: st.priorities.find("Medium"),
		reporter: c.user, creator: c.user, created: now, updated: now, statusDate: now,
	}
	fw := &fieldWriter{c: c, is: is, creating: true, errs: errs}
	for _, id := range sortedKeys(fields) {
		if id != "project" && id != "issuetype" {
			fw.set(id, fields[id])
		}
	}
	fw.update(update)
	if itype.subtask && is.parent == nil {
		fw.fail("parent", "Issue type is a sub-task but parent issue key or id not specified.")
	}
	if !c.cloud && itype.name == "Epic" && strings.TrimSpace(is.epicName) == "" {
		fw.fail(cfEpicName, "Epic Name is required.")
	}
	if fw.rejected() {
		return
	}
	project.counter++
	is.id = st.nextIssueID
	st.nextIssueID++
	is.key = project.key + "-" + strconv.Itoa(project.counter)
	is.comments = fw.comments
	st.add(is)
	c.json(http.StatusCreated, map[string]any{"id": strconv.Itoa(is.id), "key": is.key, "self": c.api + "/issue/" + strconv.Itoa(is.id)})
}

// issueWrite reads what editing and transitioning an issue both start
// with: the issue of the path, the JSON body and its fields and update
// parts. ok is false when it has already answered with an error.
func (c *call) issueWrite() (is *jIssue, b, fields, update map[string]any, ok bool) {
	if is = c.findIssue(); is == nil {
		return nil, nil, nil, nil, false
	}
	if b = c.body(); b == nil {
		return nil, nil, nil, nil, false
	}
	if fields, update, ok = c.fieldsAndUpdate(b); !ok {
		return nil, nil, nil, nil, false
	}
	return is, b, fields, update, true
}

func (c *call) editIssue() {
	is, _, fields, update, ok := c.issueWrite()
	if !ok {
		return
	}
	work := *is
	fw := &fieldWriter{c: c, is: &work, errs: map[string]string{}}
	for _, id := range sortedKeys(fields) {
		fw.set(id, fields[id])
	}
	fw.update(update)
	if fw.rejected() {
		return
	}
	c.commit(is, &work, fw.comments)
	if c.cloud && c.queryBool("returnIssue") { // Server/DC has no returnIssue
		q := c.r.URL.Query()
		c.json(http.StatusOK, c.issueJSON(is, c.jira.selectFields(nil, "*all"), expandSet(q["expand"]...), nil, true))
		return
	}
	c.w.WriteHeader(http.StatusNoContent)
}

// commit stores a working copy, recording the changes in the changelog.
func (c *call) commit(is, work *jIssue, comments []*jComment) {
	now := c.jira.now()
	items := c.diff(is, work)
	work.comments = append(slices.Clone(is.comments), comments...)
	if len(items) > 0 {
		work.history = append(slices.Clone(is.history), &jHistory{id: c.jira.historyID(), author: c.user, created: now, items: items})
	}
	if len(items) > 0 || len(comments) > 0 {
		work.updated = now
	}
	*is = *work
}

// diff lists the changelog items between two states of an issue.
func (c *call) diff(a, b *jIssue) []jChange {
	var out []jChange
	add := func(field, id, typ string, from, fromS, to, toS string) {
		ch := jChange{field: field, fieldID: id, fieldType: typ}
		if from != "" || fromS != "" {
			ch.from, ch.fromString = nilIfEmpty(from), fromS
		}
		if to != "" || toS != "" {
			ch.to, ch.toString = nilIfEmpty(to), toS
		}
		out = append(out, ch)
	}
	userID := func(u *User) (string, string) {
		if u == nil {
			return "", ""
		}
		if c.cloud {
			return u.AccountID, u.DisplayName
		}
		return u.Name, u.DisplayName
	}
	if a.summary != b.summary {
		add("summary", "summary", "jira", "", a.summary, "", b.summary)
	}
	if richPlain(a.description) != richPlain(b.description) || (a.description == nil) != (b.description == nil) {
		add("description", "description", "jira", "", richPlain(a.description), "", richPlain(b.description))
	}
	if richPlain(a.environment) != richPlain(b.environment) || (a.environment == nil) != (b.environment == nil) {
		add("environment", "environment", "jira", "", richPlain(a.environment), "", richPlain(b.environment))
	}
	if a.assignee != b.assignee {
		f, fs := userID(a.assignee)
		t, ts := userID(b.assignee)
		add("assignee", "assignee", "jira", f, fs, t, ts)
	}
	if a.reporter != b.reporter {
		f, fs := userID(a.reporter)
		t, ts := userID(b.reporter)
		add("reporter", "reporter", "jira", f, fs, t, ts)
	}
	if a.priority != b.priority {
		add("priority", "priority", "jira", a.priority.id, a.priority.name, b.priority.id, b.priority.name)
	}
	if a.issueType != b.issueType {
		add("issuetype", "issuetype", "jira", a.issueType.id, a.issueType.name, b.issueType.id, b.issueType.name)
	}
	if a.status != b.status {
		add("status", "status", "jira", a.status.id, a.status.name, b.status.id, b.status.name)
	}
	if a.resolution != b.resolution {
		var f, fs, t, ts string
		if a.resolution != nil {
			f, fs = a.resolution.id, a.resolution.name
		}
		if b.resolution != nil {
			t, ts = b.resolution.id, b.resolution.name
		}
		add("resolution", "resolution", "jira", f, fs, t, ts)
	}
	if !slices.Equal(a.labels, b.labels) {
		add("labels", "labels", "jira", "", strings.Join(a.labels, " "), "", strings.Join(b.labels, " "))
	}
	if !slices.Equal(a.components, b.components) {
		names := func(cs []*jComponent) string {
			var n []string
			for _, x := range cs {
				n = append(n, x.name)
			}
			return strings.Join(n, ", ")
		}
		add("Component", "components", "jira", "", names(a.components), "", names(b.components))
	}
	if a.duedate != b.duedate {
		add("duedate", "duedate", "jira", a.duedate, a.duedate, b.duedate, b.duedate)
	}
	keyOf := func(x *jIssue) (string, string) {
		if x == nil {
			return "", ""
		}
		return strconv.Itoa(x.id), x.key
	}
	if a.parent != b.parent {
		f, fs := keyOf(a.parent)
		t, ts := keyOf(b.parent)
		add("Parent", "parent", "jira", f, fs, t, ts)
	}
	if a.epic != b.epic {
		f, fs := keyOf(a.epic)
		t, ts := keyOf(b.epic)
		if c.cloud {
			add("IssueParentAssociation", "parent", "jira", f, fs, t, ts)
		} else {
			add("Epic Link", cfEpicLink, "custom", f, fs, t, ts)
		}
	}
	num := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	if num(a.storyPoints) != num(b.storyPoints) {
		add("Story Points", cfStoryPoints, "custom", "", num(a.storyPoints), "", num(b.storyPoints))
	}
	if a.team != b.team {
		var f, fs, t, ts string
		if a.team != nil {
			f, fs = a.team.id, a.team.value
		}
		if b.team != nil {
			t, ts = b.team.id, b.team.value
		}
		add("Team", cfTeam, "custom", f, fs, t, ts)
	}
	if a.epicName != b.epicName {
		add("Epic Name", cfEpicName, "custom", "", a.epicName, "", b.epicName)
	}
	return out
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// --- transitions ---

func (c *call) transitionJSON(is *jIssue, t *jTransition, withFields bool) map[string]any {
	m := map[string]any{"id": t.id, "name": t.name, "to": c.statusJSON(t.to)}
	if c.cloud {
		m["hasScreen"] = t.screen
		m["isGlobal"] = t.global
		m["isInitial"] = false
		m["isAvailable"] = true
		m["isConditional"] = false
		m["isLooped"] = false
	} else {
		n, _ := strconv.Atoi(t.id)
		m["opsbarSequence"] = n
	}
	if withFields {
		fields := map[string]any{}
		if t.screen {
			allowed := []any{}
			for _, r := range c.jira.resolutions.all() {
				allowed = append(allowed, c.resolutionJSON(r))
			}
			meta := map[string]any{
				"required": true, "schema": map[string]any{"type": "resolution", "system": "resolution"},
				"name": "Resolution", "hasDefaultValue": true, "operations": []any{"set"}, "allowedValues": allowed,
				"defaultValue": c.resolutionJSON(t.resolution),
			}
			if c.cloud {
				meta["key"] = "resolution"
			} else {
				meta["fieldId"] = "resolution"
			}
			fields["resolution"] = meta
			param := "username"
			if c.cloud {
				param = "query"
			}
			assignee := map[string]any{
				"required": false, "schema": map[string]any{"type": "user", "system": "assignee"}, "name": "Assignee",
				"hasDefaultValue": false, "operations": []any{"set"}, "autoCompleteUrl": c.api + "/user/search?" + param + "=",
			}
			if c.cloud {
				assignee["key"] = "assignee"
			} else {
				assignee["fieldId"] = "assignee"
			}
			fields["assignee"] = assignee
		}
		m["fields"] = fields
	}
	return m
}

func (c *call) transitionsJSON(is *jIssue, withFields bool) []any {
	out := []any{}
	for _, t := range c.jira.available(is) {
		out = append(out, c.transitionJSON(is, t, withFields))
	}
	return out
}

func (c *call) getTransitions() {
	is := c.findIssue()
	if is == nil {
		return
	}
	q := c.r.URL.Query()
	withFields := expandSet(q["expand"]...)["transitions.fields"]
	out := []any{}
	only := q.Get("transitionId")
	for _, t := range c.jira.available(is) {
		if only == "" || only == t.id {
			out = append(out, c.transitionJSON(is, t, withFields))
		}
	}
	resp := map[string]any{"transitions": out}
	if c.cloud {
		resp["expand"] = "transitions"
	}
	c.json(http.StatusOK, resp)
}

var transitionIDPattern = regexp.MustCompile(`^\d+$`)

func (c *call) doTransition() {
	is, b, fields, update, ok := c.issueWrite()
	if !ok {
		return
	}
	tr, ok := b["transition"].(map[string]any)
	if !ok {
		c.fail(http.StatusBadRequest, "Missing 'transition' identifier")
		return
	}
	id, hasID := ref(tr, "id")
	if !hasID {
		if name, ok := ref(tr, "name"); ok {
			for _, t := range c.jira.available(is) {
				if strings.EqualFold(t.name, name) {
					id, hasID = t.id, true
				}
			}
			if !hasID {
				c.fail(http.StatusBadRequest, fmt.Sprintf("Transition '%s' is not valid for this issue.", name))
				return
			}
		}
	}
	if !hasID {
		c.fail(http.StatusBadRequest, "Missing 'transition' identifier")
		return
	}
	if !transitionIDPattern.MatchString(id) {
		c.fail(http.StatusBadRequest, "'transition' identifier must be an integer")
		return
	}
	t := c.jira.transitions.get(id)
	if t == nil || !slices.Contains(c.jira.available(is), t) {
		c.fail(http.StatusBadRequest, fmt.Sprintf("Transition id '%s' is not valid for this issue.", id))
		return
	}
	work := *is
	fw := &fieldWriter{c: c, is: &work, errs: map[string]string{}}
	resolution := t.resolution
	// The Done and Won't Do screens show Resolution and Assignee; the
	// other transitions have no screen, so only a comment can come along.
	for _, fid := range sortedKeys(fields) {
		v := fields[fid]
		switch {
		case fid == "resolution" && t.screen:
			k, ok := ref(v, "name", "id")
			r := c.jira.resolutions.find(k)
			if !ok || r == nil {
				fw.fail("resolution", fmt.Sprintf("Resolution '%s' does not exist.", k))
				continue
			}
			resolution = r
		case fid == "assignee" && t.screen:
			fw.set(fid, v)
		default:
			fw.fail(fid, notOnScreen(fid))
		}
	}
	for fid := range update {
		if fid != "comment" {
			fw.fail(fid, notOnScreen(fid))
		}
	}
	fw.update(update)
	if fw.rejected() {
		return
	}
	now := c.jira.now()
	if work.status.cat != t.to.cat {
		work.statusDate = now
	}
	work.status = t.to
	if t.to.cat == jCatDone {
		work.resolution = resolution
		if work.resolved == nil {
			work.resolved = &now
		}
	} else {
		work.resolution, work.resolved = nil, nil
	}
	c.commit(is, &work, fw.comments)
	c.w.WriteHeader(http.StatusNoContent)
}
