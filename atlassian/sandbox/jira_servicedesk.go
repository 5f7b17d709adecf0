package sandbox

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Jira Service Management (/rest/servicedeskapi), the same on Cloud and
// Server/DC: service desk SD over project SD (seed/servicedesk.json), its
// queues, request types with their fields, and customer requests with
// public and internal comments. No shared OpenAPI document covers JSM, so
// the routes are undocumented; the shapes follow Atlassian's reference.

var jiraServiceDeskRoutes = routeTable{
	product: atlassian.Jira, cloudRoot: "/rest/servicedeskapi", dcRoots: []string{"/rest/servicedeskapi"},
	routes: []route{
		{method: "GET", path: "/servicedesk", cloud: undocumented, dc: undocumented, handle: (*call).sdDesks},
		{method: "GET", path: "/servicedesk/{serviceDeskId}", cloud: undocumented, dc: undocumented, handle: (*call).sdDesk},
		{method: "GET", path: "/servicedesk/{serviceDeskId}/queue", cloud: undocumented, dc: undocumented, handle: (*call).sdQueues},
		{method: "GET", path: "/servicedesk/{serviceDeskId}/queue/{queueId}", cloud: undocumented, dc: undocumented, handle: (*call).sdQueue},
		{method: "GET", path: "/servicedesk/{serviceDeskId}/queue/{queueId}/issue", cloud: undocumented, dc: undocumented, handle: (*call).sdQueueIssues},
		{method: "GET", path: "/servicedesk/{serviceDeskId}/requesttype", cloud: undocumented, dc: undocumented, handle: (*call).sdRequestTypes},
		{method: "GET", path: "/servicedesk/{serviceDeskId}/requesttype/{requestTypeId}/field", cloud: undocumented, dc: undocumented, handle: (*call).sdRequestTypeFields},
		{method: "POST", path: "/request", cloud: undocumented, dc: undocumented, handle: (*call).sdCreateRequest},
		{method: "GET", path: "/request/{issueIdOrKey}", cloud: undocumented, dc: undocumented, handle: (*call).sdRequest},
		{method: "POST", path: "/request/{issueIdOrKey}/comment", cloud: undocumented, dc: undocumented, handle: (*call).sdAddComment},
		{method: "GET", path: "/request/{issueIdOrKey}/comment/{commentId}", cloud: undocumented, dc: undocumented, handle: (*call).sdComment},
	},
}

func init() { routeTables = append(routeTables, &jiraServiceDeskRoutes) }

type jServiceDesk struct {
	id      string
	project *jProject
}

type jQueue struct {
	id, name, jql string
	fields        []string
}

type jRequestType struct {
	id, name, desc, help  string
	issueType             *jIssueType
	groupIDs              []string
	fields                []sdSeedField
	onBehalf, participant bool
}

// serviceDeskStore is the JSM state, next to the Jira store it extends.
type serviceDeskStore struct {
	desk         *jServiceDesk
	queues       *collection[*jQueue]
	requestTypes *collection[*jRequestType]
	requests     map[*jIssue]*jRequestType // issues raised as customer requests
	forms        map[*jIssue][]*jForm
}

type serviceDeskSeed struct {
	Project struct {
		ID          string   `json:"id"`
		Key         string   `json:"key"`
		Name        string   `json:"name"`
		Description string   `json:"description"`
		Lead        string   `json:"lead"`
		IssueTypes  []string `json:"issueTypes"`
	} `json:"project"`
	ServiceDesk struct {
		ID string `json:"id"`
	} `json:"serviceDesk"`
	RequestTypes []struct {
		ID                        string        `json:"id"`
		Name                      string        `json:"name"`
		Description               string        `json:"description"`
		HelpText                  string        `json:"helpText"`
		IssueType                 string        `json:"issueType"`
		GroupIDs                  []string      `json:"groupIds"`
		CanRaiseOnBehalfOf        bool          `json:"canRaiseOnBehalfOf"`
		CanAddRequestParticipants bool          `json:"canAddRequestParticipants"`
		Fields                    []sdSeedField `json:"fields"`
	} `json:"requestTypes"`
	Queues []struct {
		ID     string   `json:"id"`
		Name   string   `json:"name"`
		JQL    string   `json:"jql"`
		Fields []string `json:"fields"`
	} `json:"queues"`
	Requests []struct {
		RequestType string `json:"requestType"`
		Summary     string `json:"summary"`
		Status      string `json:"status"`
		Priority    string `json:"priority"`
		Reporter    string `json:"reporter"`
		Assignee    string `json:"assignee"`
		DaysAgo     int    `json:"daysAgo"`
		Description string `json:"description"`
		Comments    []struct {
			Author  string `json:"author"`
			DaysAgo int    `json:"daysAgo"`
			Public  bool   `json:"public"`
			Body    string `json:"body"`
		} `json:"comments"`
	} `json:"requests"`
	Forms []formSeed `json:"forms"`
}

type sdSeedField struct {
	FieldID     string           `json:"fieldId"`
	Name        string           `json:"name"`
	Description string           `json:"description"`
	Required    bool             `json:"required"`
	Schema      map[string]any   `json:"schema"`
	ValidValues []map[string]any `json:"validValues"`
}

// seedServiceDesk adds project SD and its service desk to the Jira store.
func (st *jiraStore) seedServiceDesk() {
	var seed serviceDeskSeed
	loadSeed("servicedesk.json", &seed)
	p := &jProject{id: seed.Project.ID, key: seed.Project.Key, name: seed.Project.Name, desc: seed.Project.Description,
		lead: st.userNamed(seed.Project.Lead), typeKey: "service_desk", noCreate: map[string]bool{}}
	for _, name := range seed.Project.IssueTypes {
		p.issueTypes = append(p.issueTypes, st.issueTypes.find(name))
	}
	st.projects.add(p)
	sd := &serviceDeskStore{
		desk:         &jServiceDesk{id: seed.ServiceDesk.ID, project: p},
		queues:       newCollection(func(q *jQueue) string { return q.id }, nil),
		requestTypes: newCollection(func(rt *jRequestType) string { return rt.id }, nil),
		requests:     map[*jIssue]*jRequestType{},
		forms:        map[*jIssue][]*jForm{},
	}
	st.sd = sd
	for _, q := range seed.Queues {
		sd.queues.add(&jQueue{id: q.ID, name: q.Name, jql: q.JQL, fields: q.Fields})
	}
	for _, rt := range seed.RequestTypes {
		sd.requestTypes.add(&jRequestType{id: rt.ID, name: rt.Name, desc: rt.Description, help: rt.HelpText,
			issueType: st.issueTypes.find(rt.IssueType), groupIDs: rt.GroupIDs, fields: rt.Fields,
			onBehalf: rt.CanRaiseOnBehalfOf, participant: rt.CanAddRequestParticipants})
	}
	for i, r := range seed.Requests {
		num := i + 1
		created := jiraSeedBase.Add(-time.Duration(r.DaysAgo)*24*time.Hour + time.Duration(num*41%600)*time.Minute)
		rt := sd.requestTypes.get(r.RequestType)
		is := &jIssue{id: st.nextIssueID, key: p.key + "-" + strconv.Itoa(num), project: p, summary: r.Summary,
			issueType: rt.issueType, status: st.statuses.find(r.Status), priority: st.priorities.find(r.Priority),
			reporter: st.userNamed(r.Reporter), assignee: st.userNamed(r.Assignee), creator: st.userNamed(r.Reporter),
			description: st.plainRich(r.Description), created: created, updated: created, statusDate: created}
		st.nextIssueID++
		if is.status.cat == jCatDone {
			is.resolution = st.resolutions.find("Done")
			at := created.Add(24 * time.Hour)
			is.resolved, is.updated = &at, at
		}
		for k, cm := range r.Comments {
			at := jiraSeedBase.Add(-time.Duration(cm.DaysAgo)*24*time.Hour + time.Duration(k+1)*time.Hour)
			u := st.userNamed(cm.Author)
			is.comments = append(is.comments, &jComment{id: st.commentID(), author: u, updateAuthor: u,
				body: st.plainRich(cm.Body), created: at, updated: at, internal: !cm.Public})
			if at.After(is.updated) {
				is.updated = at
			}
		}
		st.add(is)
		sd.requests[is] = rt
		p.counter = num
	}
	for _, f := range seed.Forms {
		is := st.issues.find(f.Issue)
		sd.forms[is] = append(sd.forms[is], newForm(f))
	}
}

// plainRich is plain text as the deployment's rich text.
func (st *jiraStore) plainRich(s string) *richText {
	if s == "" {
		return nil
	}
	if !st.cloud {
		return richFromWiki(s)
	}
	return richRenderer{cloud: true, user: st.userNamed}.render([]rtBlock{seedPara(s)})
}

// --- answers ---

// sdFail answers a JSM error: {errorMessage, i18nErrorMessage}.
func (c *call) sdFail(status int, msg string) {
	c.json(status, map[string]any{"errorMessage": msg, "i18nErrorMessage": map[string]any{"i18nKey": "sd.error", "parameters": []any{}}})
}

func (c *call) sdBase() string { return c.base + "/rest/servicedeskapi" }

// sdPage pages a JSM list with start/limit (at most 50).
func (c *call) sdPage(path string, values []any) {
	start, limit, ok := c.sdPaging()
	if !ok {
		return
	}
	page := window(values, start, limit)
	c.json(http.StatusOK, map[string]any{"size": len(page), "start": start, "limit": limit,
		"isLastPage": start+len(page) >= len(values), "values": page, // window never answers nil
		"_links": map[string]any{"base": c.base, "context": "", "self": c.sdBase() + path}})
}

func (c *call) sdPaging() (start, limit int, ok bool) {
	if start, ok = c.queryInt("start", 0); !ok {
		return 0, 0, false
	}
	if limit, ok = c.queryInt("limit", 50); !ok {
		return 0, 0, false
	}
	if start < 0 || limit < 1 {
		c.sdFail(http.StatusBadRequest, "start must be at least 0 and limit at least 1")
		return 0, 0, false
	}
	return start, min(limit, 50), true
}

// findDesk resolves {serviceDeskId} or answers 404.
func (c *call) findDesk() *jServiceDesk {
	id := c.r.PathValue("serviceDeskId")
	if c.jira.sd != nil && (id == c.jira.sd.desk.id || strings.EqualFold(id, c.jira.sd.desk.project.key)) {
		return c.jira.sd.desk
	}
	c.sdFail(http.StatusNotFound, fmt.Sprintf("The service desk with id '%s' does not exist or you do not have permission to view it.", id))
	return nil
}

func (c *call) deskJSON(d *jServiceDesk) map[string]any {
	return map[string]any{"id": d.id, "projectId": d.project.id, "projectName": d.project.name, "projectKey": d.project.key,
		"_links": map[string]any{"self": c.sdBase() + "/servicedesk/" + d.id}}
}

func (c *call) sdDesks() {
	var values []any
	if c.jira.sd != nil {
		values = append(values, c.deskJSON(c.jira.sd.desk))
	}
	c.sdPage("/servicedesk", values)
}

func (c *call) sdDesk() {
	if d := c.findDesk(); d != nil {
		c.json(http.StatusOK, c.deskJSON(d))
	}
}

// queueIssues are the issues a queue's JQL selects.
func (c *call) queueIssues(q *jQueue) []*jIssue {
	plan, errs := c.jira.jqlCompile(q.jql, c.user)
	if len(errs) > 0 {
		return nil
	}
	return c.jira.jqlSearch(plan)
}

func (c *call) queueJSON(d *jServiceDesk, q *jQueue, count bool) map[string]any {
	m := map[string]any{"id": q.id, "name": q.name, "jql": q.jql, "fields": q.fields,
		"_links": map[string]any{"self": c.sdBase() + "/servicedesk/" + d.id + "/queue/" + q.id}}
	if count {
		m["issueCount"] = len(c.queueIssues(q))
	}
	return m
}

func (c *call) sdQueues() {
	d := c.findDesk()
	if d == nil {
		return
	}
	var values []any
	for _, q := range c.jira.sd.queues.all() {
		values = append(values, c.queueJSON(d, q, c.queryBool("includeCount")))
	}
	c.sdPage("/servicedesk/"+d.id+"/queue", values)
}

func (c *call) findQueue(d *jServiceDesk) *jQueue {
	q := c.jira.sd.queues.get(c.r.PathValue("queueId"))
	if q == nil {
		c.sdFail(http.StatusNotFound, fmt.Sprintf("The queue with id '%s' does not exist in service desk %s.", c.r.PathValue("queueId"), d.id))
	}
	return q
}

func (c *call) sdQueue() {
	d := c.findDesk()
	if d == nil {
		return
	}
	if q := c.findQueue(d); q != nil {
		c.json(http.StatusOK, c.queueJSON(d, q, c.queryBool("includeCount")))
	}
}

func (c *call) sdQueueIssues() {
	d := c.findDesk()
	if d == nil {
		return
	}
	q := c.findQueue(d)
	if q == nil {
		return
	}
	fields := []string{"summary", "issuetype", "status", "priority", "reporter", "assignee", "created", "updated"}
	var values []any
	for _, is := range c.queueIssues(q) {
		values = append(values, c.issueJSON(is, fields, nil, nil, false))
	}
	c.sdPage("/servicedesk/"+d.id+"/queue/"+q.id+"/issue", values)
}

func (c *call) requestTypeJSON(d *jServiceDesk, rt *jRequestType) map[string]any {
	return map[string]any{"id": rt.id, "name": rt.name, "description": rt.desc, "helpText": rt.help,
		"issueTypeId": rt.issueType.id, "serviceDeskId": d.id, "groupIds": rt.groupIDs,
		"_links": map[string]any{"self": c.sdBase() + "/servicedesk/" + d.id + "/requesttype/" + rt.id}}
}

func (c *call) sdRequestTypes() {
	d := c.findDesk()
	if d == nil {
		return
	}
	var values []any
	for _, rt := range c.jira.sd.requestTypes.all() {
		values = append(values, c.requestTypeJSON(d, rt))
	}
	c.sdPage("/servicedesk/"+d.id+"/requesttype", values)
}

func (c *call) sdRequestTypeFields() {
	d := c.findDesk()
	if d == nil {
		return
	}
	rt := c.jira.sd.requestTypes.get(c.r.PathValue("requestTypeId"))
	if rt == nil {
		c.sdFail(http.StatusNotFound, fmt.Sprintf("The request type with id '%s' does not exist in service desk %s.", c.r.PathValue("requestTypeId"), d.id))
		return
	}
	fields := []any{}
	for _, f := range rt.fields {
		valid := []any{}
		for _, v := range f.ValidValues {
			valid = append(valid, map[string]any{"value": v["value"], "label": v["label"], "children": []any{}})
		}
		fields = append(fields, map[string]any{"fieldId": f.FieldID, "name": f.Name, "description": f.Description,
			"required": f.Required, "defaultValues": []any{}, "validValues": valid, "jiraSchema": f.Schema, "visible": true})
	}
	c.json(http.StatusOK, map[string]any{"requestTypeFields": fields, "canRaiseOnBehalfOf": rt.onBehalf,
		"canAddRequestParticipants": rt.participant})
}
