package sandbox

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Customer requests: raising one, reading one, and commenting on one
// publicly or internally.

// sdDate is JSM's date object.
func sdDate(t time.Time) map[string]any {
	return map[string]any{"iso8601": t.UTC().Format("2006-01-02T15:04:05-0700"), "jira": jiraTime(t),
		"friendly": renderedTime(t), "epochMillis": t.UnixMilli()}
}

// sdUser is a user as JSM shows one.
func (c *call) sdUser(u *User) map[string]any {
	if u == nil {
		return nil
	}
	m := map[string]any{"emailAddress": u.Email, "displayName": u.DisplayName, "active": true, "timeZone": "UTC"}
	if c.cloud {
		m["accountId"] = u.AccountID
		m["_links"] = map[string]any{"self": c.api + "/user?accountId=" + url.QueryEscape(u.AccountID)}
	} else {
		m["key"], m["name"] = u.Key, u.Name
		m["_links"] = map[string]any{"self": c.api + "/user?username=" + url.QueryEscape(u.Name)}
	}
	return m
}

// findRequest resolves {issueIdOrKey} to a customer request or answers
// 404: issues not raised through a request type are not requests.
func (c *call) findRequest() (*jIssue, *jRequestType) {
	is := c.jira.issues.find(c.r.PathValue("issueIdOrKey"))
	var rt *jRequestType
	if is != nil && c.jira.sd != nil {
		rt = c.jira.sd.requests[is]
	}
	if rt == nil {
		c.sdFail(http.StatusNotFound, fmt.Sprintf("The request with key '%s' does not exist or you do not have permission to view it.", c.r.PathValue("issueIdOrKey")))
		return nil, nil
	}
	return is, rt
}

func (c *call) requestJSON(is *jIssue, rt *jRequestType) map[string]any {
	values := []any{
		map[string]any{"fieldId": "summary", "label": "Summary", "value": is.summary},
	}
	if is.description != nil {
		values = append(values, map[string]any{"fieldId": "description", "label": "Description", "value": is.description.plain})
	}
	cat := map[*jStatusCategory]string{jCatNew: "NEW", jCatInProgress: "INDETERMINATE", jCatDone: "DONE"}[is.status.cat]
	desk := c.jira.sd.desk
	return map[string]any{
		"issueId": strconv.Itoa(is.id), "issueKey": is.key, "requestTypeId": rt.id, "serviceDeskId": desk.id,
		"createdDate": sdDate(is.created), "reporter": c.sdUser(is.reporter), "requestFieldValues": values,
		"currentStatus": map[string]any{"status": is.status.name, "statusCategory": cat, "statusDate": sdDate(is.statusDate)},
		"_links": map[string]any{"web": c.base + "/servicedesk/customer/portal/" + desk.id + "/" + is.key,
			"self": c.sdBase() + "/request/" + strconv.Itoa(is.id)},
	}
}

func (c *call) sdRequest() {
	if is, rt := c.findRequest(); is != nil {
		c.json(http.StatusOK, c.requestJSON(is, rt))
	}
}

// sdCreateRequest raises a request: the issue gets the request type's
// issue type, and is reported by the customer it is raised for.
func (c *call) sdCreateRequest() {
	b := c.body()
	if b == nil {
		return
	}
	sd := c.jira.sd
	if sd == nil || fmt.Sprint(b["serviceDeskId"]) != sd.desk.id {
		c.sdFail(http.StatusNotFound, fmt.Sprintf("The service desk with id '%v' does not exist or you do not have permission to view it.", b["serviceDeskId"]))
		return
	}
	rt := sd.requestTypes.get(fmt.Sprint(b["requestTypeId"]))
	if rt == nil {
		c.sdFail(http.StatusBadRequest, fmt.Sprintf("The request type with id '%v' does not exist in service desk %s.", b["requestTypeId"], sd.desk.id))
		return
	}
	values, _ := b["requestFieldValues"].(map[string]any)
	reporter := c.user
	if who, ok := b["raiseOnBehalfOf"].(string); ok && who != "" {
		if reporter = c.jira.user(who); reporter == nil {
			c.sdFail(http.StatusBadRequest, fmt.Sprintf("Cannot raise a request on behalf of '%s': the user does not exist.", who))
			return
		}
	}
	for _, p := range asList(b["requestParticipants"]) {
		if s, _ := p.(string); c.jira.user(s) == nil {
			c.sdFail(http.StatusBadRequest, fmt.Sprintf("The request participant '%v' does not exist.", p))
			return
		}
	}
	st := c.jira
	now := st.now()
	is := &jIssue{project: sd.desk.project, issueType: rt.issueType, status: st.statuses.all()[0], priority: st.priorities.find("Medium"),
		reporter: reporter, creator: c.user, created: now, updated: now, statusDate: now}
	for _, f := range rt.fields {
		v, given := values[f.FieldID]
		s, isString := v.(string)
		if f.Required && (!given || (isString && strings.TrimSpace(s) == "")) {
			c.sdFail(http.StatusBadRequest, fmt.Sprintf("Field '%s' (%s) is required.", f.Name, f.FieldID))
			return
		}
	}
	for id, v := range values {
		switch id {
		case "summary":
			is.summary, _ = v.(string)
		case "description":
			s, _ := v.(string)
			is.description = st.plainRich(s)
		case "priority":
			m, _ := v.(map[string]any)
			p := st.priorities.get(fmt.Sprint(m["id"]))
			if p == nil {
				c.sdFail(http.StatusBadRequest, fmt.Sprintf("Field 'priority' has an invalid value: %v.", v))
				return
			}
			is.priority = p
		default:
			c.sdFail(http.StatusBadRequest, fmt.Sprintf("Field '%s' is not a field of request type '%s'.", id, rt.name))
			return
		}
	}
	p := sd.desk.project
	p.counter++
	is.id = st.nextIssueID
	st.nextIssueID++
	is.key = p.key + "-" + strconv.Itoa(p.counter)
	st.add(is)
	sd.requests[is] = rt
	c.json(http.StatusCreated, c.requestJSON(is, rt))
}

// sdAddComment adds a public or internal comment to a request. The body
// is wiki markup (plain text renders as itself).
func (c *call) sdAddComment() {
	is, _ := c.findRequest()
	if is == nil {
		return
	}
	b := c.body()
	if b == nil {
		return
	}
	text, _ := b["body"].(string)
	public, ok := b["public"].(bool)
	if strings.TrimSpace(text) == "" || !ok {
		c.sdFail(http.StatusBadRequest, "A comment needs a non-empty body and a public flag.")
		return
	}
	now := c.jira.now()
	cm := &jComment{id: c.jira.commentID(), author: c.user, updateAuthor: c.user, body: c.jira.plainRich(text),
		created: now, updated: now, internal: !public}
	is.comments = append(is.comments, cm)
	is.updated = now
	c.json(http.StatusCreated, map[string]any{"id": cm.id, "body": text, "public": public, "author": c.sdUser(c.user),
		"created": sdDate(now), "_links": map[string]any{"self": c.sdBase() + "/request/" + strconv.Itoa(is.id) + "/comment/" + cm.id}})
}

// sdComment reads one comment of a request with its public flag: internal
// notes answer public false.
func (c *call) sdComment() {
	is, _ := c.findRequest()
	if is == nil {
		return
	}
	id := c.r.PathValue("commentId")
	for _, cm := range is.comments {
		if cm.id == id {
			c.json(http.StatusOK, map[string]any{"id": cm.id, "body": cm.body.plain, "public": !cm.internal,
				"author": c.sdUser(cm.author), "created": sdDate(cm.created)})
			return
		}
	}
	c.sdFail(http.StatusNotFound, "Comment "+id+" does not exist on "+is.key+".")
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}
