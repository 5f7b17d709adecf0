package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The Jira half of the sandbox. Cloud speaks platform v3 under /rest/api/3
// (ADF rich text, accountId users, /search/jql with nextPageToken; the
// removed /search endpoints answer 410); Server/DC speaks v2 under
// /rest/api/2 and its alias /rest/api/latest (wiki-markup strings,
// username/key users, /search with startAt/total).
//
// self URLs are absolute, built from the request: http or https (by r.TLS)
// plus r.Host; through the OAuth gateway they take the gateway form
// {scheme}://{host}/ex/jira/{cloudId}/rest/api/3/..., as api.atlassian.com
// answers. X-Forwarded-* headers are not consulted.
//
// Every handler runs under s.mu, so the store needs no locking of its own.

// jiraTimeLayout is how Jira writes timestamps: 2026-01-02T15:04:05.000+0000.
const jiraTimeLayout = "2006-01-02T15:04:05.000-0700"

func jiraTime(t time.Time) string { return t.UTC().Format(jiraTimeLayout) }

// jiraSeedBase is the fixed "now" the seeded data is dated against, so that
// tests are stable; issues created through the API use the store clock.
var jiraSeedBase = time.Date(2026, time.November, 20, 9, 0, 0, 0, time.UTC)

type jStatusCategory struct {
	id               int
	key, name, color string
}

var (
	jCatNew        = &jStatusCategory{2, "new", "To Do", "blue-gray"}
	jCatInProgress = &jStatusCategory{4, "indeterminate", "In Progress", "yellow"}
	jCatDone       = &jStatusCategory{3, "done", "Done", "green"}
	jStatusCats    = []*jStatusCategory{{1, "undefined", "No Category", "medium-gray"}, jCatNew, jCatInProgress, jCatDone}
)

type jStatus struct {
	id, name, desc, icon string
	cat                  *jStatusCategory
	order                int
}

type jPriority struct {
	id, name, icon string
	rank           int // 1 is the highest
}

type jResolution struct{ id, name, desc string }

type jIssueType struct {
	id, name, desc string
	subtask        bool
	level          int // hierarchyLevel: 1 epic, 0 standard, -1 sub-task
	avatar         int
}

type jComponent struct {
	id, name, desc string
	project        *jProject
}

type jOption struct{ id, value string }

// jTransition is one edge of the sandbox workflow. from empty means global
// (available from every status except to itself).
type jTransition struct {
	id, name   string
	from       []string // status ids
	to         *jStatus
	resolution *jResolution // set on arrival; nil clears it
	screen     bool         // has a screen with the resolution field
	global     bool
}

type jProject struct {
	id, key, name, desc string
	lead                *User
	archived            bool
	archivedAt          time.Time
	archivedBy          *User
	issueTypes          []*jIssueType
	components          []*jComponent
	counter             int             // highest issue number used
	noCreate            map[string]bool // usernames without Create Issues
	typeKey             string          // projectTypeKey; "" is software
}

// projectType is the project's projectTypeKey.
func (p *jProject) projectType() string {
	if p.typeKey == "" {
		return "software"
	}
	return p.typeKey
}

type jComment struct {
	id           string
	author       *User
	updateAuthor *User
	body         *richText
	created      time.Time
	updated      time.Time
	visibility   map[string]any
	internal     bool // a Jira Service Management internal note
}

type jChange struct {
	field, fieldID, fieldType string
	from, fromString          any // string or nil
	to, toString              any
}

type jHistory struct {
	id      string
	author  *User
	created time.Time
	items   []jChange
}

type jIssue struct {
	id          int
	key         string
	project     *jProject
	summary     string
	description *richText
	environment *richText
	issueType   *jIssueType
	status      *jStatus
	priority    *jPriority
	resolution  *jResolution
	assignee    *User
	reporter    *User
	creator     *User
	labels      []string
	components  []*jComponent
	parent      *jIssue // sub-task parent
	epic        *jIssue // epic of a standard issue (Cloud: parent; DC: Epic Link)
	storyPoints *float64
	team        *jOption
	epicName    string // DC Epic Name
	duedate     string // yyyy-MM-dd or ""
	created     time.Time
	updated     time.Time
	resolved    *time.Time
	statusDate  time.Time
	comments    []*jComment
	history     []*jHistory
	watchers    []*User
	formerKeys  []string // keys the issue had before it moved project
}

// jiraStore holds Jira's state.
type jiraStore struct {
	s     *Server
	cloud bool
	now   func() time.Time

	statuses    *collection[*jStatus]
	priorities  *collection[*jPriority]
	resolutions *collection[*jResolution]
	issueTypes  *collection[*jIssueType]
	transitions *collection[*jTransition]
	teamOptions *collection[*jOption]
	fields      []*jField

	projects *collection[*jProject] // found by id or key
	issues   *collection[*jIssue]   // in id order, found by id or key
	sd       *serviceDeskStore      // Jira Service Management (jira_servicedesk.go)

	nextIssueID   int
	nextCommentID int
	nextHistoryID int

	bulkTasks *collection[*jBulkTask] // asynchronous bulk operations (Cloud)
	extra     *jiraRecords            // versions, links and worklogs; see records
	agile     *agileStore             // boards and sprints, made on first use (jira_agile.go)
	files     *attachmentStore        // issue attachments, made on first use (jira_attachments.go)
}

func newJiraStore(s *Server) *jiraStore {
	st := &jiraStore{
		s: s, cloud: s.Cloud(), now: func() time.Time { return time.Now().UTC() },
		projects:    newCollection(func(p *jProject) string { return p.id }, func(p *jProject) string { return p.key }),
		issues:      newCollection(func(is *jIssue) string { return strconv.Itoa(is.id) }, func(is *jIssue) string { return is.key }),
		nextIssueID: 10000, nextCommentID: 10100, nextHistoryID: 10500,
	}
	st.initCatalogue()
	st.seed()
	st.seedIssueExtras()
	st.seedServiceDesk()
	return st
}

// --- lookups ---

// available lists the transitions an issue can take from its status.
func (st *jiraStore) available(is *jIssue) []*jTransition {
	var out []*jTransition
	for _, t := range st.transitions.all() {
		if t.global {
			if t.to != is.status && is.status.cat != jCatDone {
				out = append(out, t)
			}
			continue
		}
		for _, f := range t.from {
			if f == is.status.id {
				out = append(out, t)
			}
		}
	}
	return out
}

// user finds a sandbox user by any identity a client may send: account
// id, username, key, email or display name.
func (st *jiraStore) user(v string) *User {
	if v == "" {
		return nil
	}
	for i := range st.s.users {
		u := &st.s.users[i]
		if u.AccountID == v || u.Name == v || u.Key == v || strings.EqualFold(u.Email, v) || strings.EqualFold(u.DisplayName, v) || strings.EqualFold(u.Name, v) {
			return u
		}
	}
	return nil
}

func (st *jiraStore) userNamed(name string) *User { return st.s.userByName(name) }

// --- answers ---

const jiraBadPayload = "Invalid request payload. Refer to the REST API documentation and try again."

func (c *call) issueNotFound() {
	if c.cloud {
		c.fail(http.StatusNotFound, "Issue does not exist or you do not have permission to see it.")
		return
	}
	c.fail(http.StatusNotFound, "Issue Does Not Exist")
}

// findIssue resolves the {issueIdOrKey} path value or answers 404.
func (c *call) findIssue() *jIssue {
	is := c.jira.issues.find(c.r.PathValue("issueIdOrKey"))
	if is == nil {
		is = c.jira.movedIssue(c.r.PathValue("issueIdOrKey"))
	}
	if is == nil {
		c.issueNotFound()
	}
	return is
}

// body reads a JSON object body; on failure it answers 400 and returns nil.
func (c *call) body() map[string]any {
	raw, err := io.ReadAll(io.LimitReader(c.r.Body, 8<<20))
	if err != nil {
		c.fail(http.StatusBadRequest, jiraBadPayload)
		return nil
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&v); err != nil || dec.More() {
		c.fail(http.StatusBadRequest, jiraBadPayload)
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		c.fail(http.StatusBadRequest, jiraBadPayload)
		return nil
	}
	return m
}

// queryList joins repeated and comma-separated query values.
func (c *call) queryList(name string) []string {
	var out []string
	for _, v := range c.r.URL.Query()[name] {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// queryInt parses an integer query parameter; ok is false after a 400.
// pageParams reads the startAt (default 0) and maxResults (default
// defMax) of an offset-paged Jira list, as given: each list clamps them to
// its own bounds. ok is false when it has answered 400 for a non-number.
func (c *call) pageParams(defMax int) (startAt, maxResults int, ok bool) {
	if startAt, ok = c.queryInt("startAt", 0); !ok {
		return 0, 0, false
	}
	if maxResults, ok = c.queryInt("maxResults", defMax); !ok {
		return 0, 0, false
	}
	return startAt, maxResults, true
}

func (c *call) queryInt(name string, def int) (int, bool) {
	v := strings.TrimSpace(c.r.URL.Query().Get(name))
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		c.fail(http.StatusBadRequest, fmt.Sprintf("The value '%s' is not a valid number for the parameter '%s'.", v, name))
		return 0, false
	}
	return n, true
}

func (c *call) queryBool(name string) bool {
	b, _ := strconv.ParseBool(c.r.URL.Query().Get(name))
	return b
}

// expandSet parses an expand parameter (comma string).
func expandSet(vals ...string) map[string]bool {
	out := map[string]bool{}
	for _, v := range vals {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out[p] = true
			}
		}
	}
	return out
}

// --- representations shared by the handlers ---

func (c *call) avatarURLs(kind, id string) map[string]any {
	sizes := []struct{ key, size string }{{"16x16", "xsmall"}, {"24x24", "small"}, {"32x32", "medium"}, {"48x48", "large"}}
	out := map[string]any{}
	for _, s := range sizes {
		if kind == "project" {
			out[s.key] = c.base + "/secure/projectavatar?size=" + s.size + "&pid=" + id
		} else {
			out[s.key] = c.base + "/secure/useravatar?size=" + s.size + "&ownerId=" + url.QueryEscape(id)
		}
	}
	return out
}

// userRef is a user as embedded in issues, comments and projects.
func (c *call) userRef(u *User) any {
	if u == nil {
		return nil
	}
	if c.cloud {
		return map[string]any{
			"self": c.api + "/user?accountId=" + url.QueryEscape(u.AccountID), "accountId": u.AccountID,
			"accountType": "atlassian", "emailAddress": u.Email, "avatarUrls": c.avatarURLs("user", u.AccountID),
			"displayName": u.DisplayName, "active": true, "timeZone": "UTC",
		}
	}
	return map[string]any{
		"self": c.api + "/user?username=" + url.QueryEscape(u.Name), "name": u.Name, "key": u.Key,
		"emailAddress": u.Email, "avatarUrls": c.avatarURLs("user", u.Name),
		"displayName": u.DisplayName, "active": true, "timeZone": "UTC",
	}
}

// userFull is a user as /myself and /user answer.
func (c *call) userFull(u *User) map[string]any {
	m := c.userRef(u).(map[string]any)
	m["locale"] = "en_US"
	m["groups"] = map[string]any{"size": 1, "items": []any{}}
	m["applicationRoles"] = map[string]any{"size": 1, "items": []any{}}
	m["expand"] = "groups,applicationRoles"
	if !c.cloud {
		m["deleted"] = false
	}
	return m
}

func (c *call) statusJSON(x *jStatus) map[string]any {
	return map[string]any{
		"self": c.api + "/status/" + x.id, "description": x.desc, "iconUrl": c.base + "/images/icons/statuses/" + x.icon,
		"name": x.name, "id": x.id, "statusCategory": c.statusCategoryJSON(x.cat),
	}
}

func (c *call) statusCategoryJSON(x *jStatusCategory) map[string]any {
	return map[string]any{"self": c.api + "/statuscategory/" + strconv.Itoa(x.id), "id": x.id, "key": x.key, "colorName": x.color, "name": x.name}
}

func (c *call) priorityJSON(x *jPriority) any {
	if x == nil {
		return nil
	}
	return map[string]any{"self": c.api + "/priority/" + x.id, "iconUrl": c.base + "/images/icons/priorities/" + x.icon, "name": x.name, "id": x.id}
}

func (c *call) resolutionJSON(x *jResolution) any {
	if x == nil {
		return nil
	}
	return map[string]any{"self": c.api + "/resolution/" + x.id, "id": x.id, "description": x.desc, "name": x.name}
}

func (c *call) issueTypeJSON(x *jIssueType) map[string]any {
	m := map[string]any{
		"self": c.api + "/issuetype/" + x.id, "id": x.id, "description": x.desc, "name": x.name,
		"subtask": x.subtask, "avatarId": x.avatar,
	}
	if c.cloud {
		m["iconUrl"] = c.api + "/universal_avatar/view/type/issuetype/avatar/" + strconv.Itoa(x.avatar) + "?size=medium"
		m["hierarchyLevel"] = x.level
	} else {
		m["iconUrl"] = c.base + "/secure/viewavatar?size=xsmall&avatarId=" + strconv.Itoa(x.avatar) + "&avatarType=issuetype"
	}
	return m
}

func (c *call) componentJSON(x *jComponent) map[string]any {
	return map[string]any{"self": c.api + "/component/" + x.id, "id": x.id, "name": x.name, "description": x.desc}
}

func (c *call) optionJSON(x *jOption) any {
	if x == nil {
		return nil
	}
	return map[string]any{"self": c.api + "/customFieldOption/" + x.id, "value": x.value, "id": x.id}
}

func (c *call) projectRef(p *jProject) map[string]any {
	m := map[string]any{
		"self": c.api + "/project/" + p.id, "id": p.id, "key": p.key, "name": p.name,
		"projectTypeKey": p.projectType(), "avatarUrls": c.avatarURLs("project", p.id),
	}
	if c.cloud {
		m["simplified"] = false
	}
	return m
}

func (c *call) richJSON(rt *richText) any {
	if rt == nil {
		return nil
	}
	return rt.native
}

func (c *call) commentJSON(is *jIssue, cm *jComment, rendered bool) map[string]any {
	m := map[string]any{
		"self": c.api + "/issue/" + strconv.Itoa(is.id) + "/comment/" + cm.id, "id": cm.id,
		"author": c.userRef(cm.author), "body": c.richJSON(cm.body), "updateAuthor": c.userRef(cm.updateAuthor),
		"created": jiraTime(cm.created), "updated": jiraTime(cm.updated),
	}
	if c.cloud {
		m["jsdPublic"] = !cm.internal
	}
	if cm.visibility != nil {
		m["visibility"] = cm.visibility
	}
	if rendered {
		m["renderedBody"] = cm.body.html
	}
	return m
}

// renderedTime is how renderedFields shows a timestamp.
func renderedTime(t time.Time) string { return t.UTC().Format("02/Jan/06 3:04 PM") }

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
