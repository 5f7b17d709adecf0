package sandbox

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// jiraLinkRoutes are links between issues, their types, and remote links
// from an issue to web pages.
var jiraLinkRoutes = routeTable{
	product: atlassian.Jira, cloudRoot: jiraCloudRoot, dcRoots: jiraDCRoots,
	routes: []route{
		{method: "GET", path: "/issueLinkType", cloud: "getIssueLinkTypes", dc: "getIssueLinkTypes", handle: (*call).getLinkTypes},
		{method: "POST", path: "/issueLink", cloud: "linkIssues", dc: "linkIssues", handle: (*call).linkIssues},
		{method: "GET", path: "/issueLink/{linkId}", cloud: "getIssueLink", dc: "getIssueLink", handle: (*call).getIssueLink},
		{method: "DELETE", path: "/issueLink/{linkId}", cloud: "deleteIssueLink", dc: "deleteIssueLink", handle: (*call).deleteIssueLink},
		{method: "GET", path: "/issue/{issueIdOrKey}/remotelink", cloud: "getRemoteIssueLinks", dc: "getRemoteIssueLinks", handle: (*call).getRemoteLinks},
		{method: "POST", path: "/issue/{issueIdOrKey}/remotelink", cloud: "createOrUpdateRemoteIssueLink", dc: "createOrUpdateRemoteIssueLink", handle: (*call).createRemoteLink},
	},
}

func init() { routeTables = append(routeTables, &jiraLinkRoutes) }

type jLinkType struct{ id, name, inward, outward string }

// jIssueLink joins two issues: inward <outward phrase> outward, e.g.
// DEMO-10 blocks DEMO-4.
type jIssueLink struct {
	id              string
	typ             *jLinkType
	inward, outward *jIssue
}

type jRemoteIssueLink struct {
	id                     int
	issue                  *jIssue
	globalID, relationship string
	object                 map[string]any // url, title, summary, icon
}

func (c *call) linkTypeJSON(t *jLinkType) map[string]any {
	return map[string]any{"self": c.api + "/issueLinkType/" + t.id, "id": t.id, "name": t.name, "inward": t.inward, "outward": t.outward}
}

// linkedIssueJSON is the other end of a link, as links show it.
func (c *call) linkedIssueJSON(is *jIssue) map[string]any {
	m := c.issueBrief(is)
	m["fields"].(map[string]any)["issuetype"] = c.issueTypeJSON(is.issueType)
	return m
}

func (c *call) issueLinkJSON(l *jIssueLink) map[string]any {
	return map[string]any{
		"id": l.id, "self": c.api + "/issueLink/" + l.id, "type": c.linkTypeJSON(l.typ),
		"inwardIssue": c.linkedIssueJSON(l.inward), "outwardIssue": c.linkedIssueJSON(l.outward),
	}
}

// issueLinksJSON is an issue's issuelinks field: each link names only the
// issue at its other end, under the side that issue is on.
func (c *call) issueLinksJSON(is *jIssue) []any {
	out := []any{}
	for _, l := range c.jira.records().links.all() {
		m := map[string]any{"id": l.id, "self": c.api + "/issueLink/" + l.id, "type": c.linkTypeJSON(l.typ)}
		switch is {
		case l.outward:
			m["inwardIssue"] = c.linkedIssueJSON(l.inward)
		case l.inward:
			m["outwardIssue"] = c.linkedIssueJSON(l.outward)
		default:
			continue
		}
		out = append(out, m)
	}
	return out
}

func (c *call) getLinkTypes() {
	out := []any{}
	for _, t := range c.jira.records().linkTypes.all() {
		out = append(out, c.linkTypeJSON(t))
	}
	c.json(http.StatusOK, map[string]any{"issueLinkTypes": out})
}

func (c *call) linkIssues() {
	b := c.body()
	if b == nil {
		return
	}
	name, _ := ref(b["type"], "name", "id")
	t := c.jira.records().linkTypes.find(name)
	if t == nil {
		c.fail(http.StatusNotFound, fmt.Sprintf("No issue link type with name '%s' found.", name))
		return
	}
	var ends [2]*jIssue
	for i, side := range []string{"inwardIssue", "outwardIssue"} {
		k, _ := ref(b[side], "key", "id")
		if ends[i] = c.jira.issues.find(k); ends[i] == nil {
			c.fail(http.StatusNotFound, fmt.Sprintf("Issue Does Not Exist: %s", k))
			return
		}
	}
	if ends[0] == ends[1] {
		c.fail(http.StatusBadRequest, "You cannot link an issue to itself.")
		return
	}
	var comment *jComment
	if raw, ok := b["comment"]; ok && raw != nil {
		m, _ := raw.(map[string]any)
		cm, errs, msgs := c.newComment(m)
		if len(errs) > 0 || len(msgs) > 0 {
			jiraError(c.w, http.StatusBadRequest, msgs, errs)
			return
		}
		comment = cm
	}
	links := c.jira.records().links
	exists := len(links.where(func(l *jIssueLink) bool { return l.typ == t && l.inward == ends[0] && l.outward == ends[1] })) > 0
	if !exists {
		links.add(&jIssueLink{id: c.jira.records().id(), typ: t, inward: ends[0], outward: ends[1]})
	}
	if comment != nil {
		ends[0].comments = append(ends[0].comments, comment)
		ends[0].updated = comment.created
	}
	if c.cloud { // Cloud documents a JSON answer that says nothing; Server/DC none
		c.json(http.StatusCreated, map[string]any{})
		return
	}
	c.w.WriteHeader(http.StatusCreated)
}

func (c *call) findIssueLink() *jIssueLink {
	id := c.r.PathValue("linkId")
	l := c.jira.records().links.get(id)
	if l == nil {
		c.fail(http.StatusNotFound, fmt.Sprintf("No issue link with id '%s' exists.", id))
	}
	return l
}

func (c *call) getIssueLink() {
	if l := c.findIssueLink(); l != nil {
		c.json(http.StatusOK, c.issueLinkJSON(l))
	}
}

func (c *call) deleteIssueLink() {
	l := c.findIssueLink()
	if l == nil {
		return
	}
	links := c.jira.records().links
	links.items = links.where(func(o *jIssueLink) bool { return o != l })
	c.w.WriteHeader(http.StatusNoContent)
}

func (c *call) remoteLinkJSON(l *jRemoteIssueLink) map[string]any {
	m := map[string]any{
		"id": l.id, "self": c.api + "/issue/" + l.issue.key + "/remotelink/" + strconv.Itoa(l.id), "object": l.object,
	}
	if l.globalID != "" {
		m["globalId"] = l.globalID
	}
	if l.relationship != "" {
		m["relationship"] = l.relationship
	}
	return m
}

func (c *call) getRemoteLinks() {
	is := c.findIssue()
	if is == nil {
		return
	}
	out := []any{}
	for _, l := range c.jira.records().remoteLinks.where(func(l *jRemoteIssueLink) bool { return l.issue == is }) {
		out = append(out, c.remoteLinkJSON(l))
	}
	c.json(http.StatusOK, out)
}

// createRemoteLink adds a remote link, or replaces the one with the same
// globalId.
func (c *call) createRemoteLink() {
	is := c.findIssue()
	if is == nil {
		return
	}
	b := c.body()
	if b == nil {
		return
	}
	obj, _ := b["object"].(map[string]any)
	errs := map[string]string{}
	for _, k := range []string{"title", "url"} {
		if s, _ := obj[k].(string); strings.TrimSpace(s) == "" {
			errs[k] = fmt.Sprintf("'%s' is required.", k)
		}
	}
	if len(errs) > 0 {
		c.failFields(http.StatusBadRequest, errs)
		return
	}
	globalID, _ := b["globalId"].(string)
	relationship, _ := b["relationship"].(string)
	links := c.jira.records().remoteLinks
	if globalID != "" {
		for _, l := range links.all() {
			if l.issue == is && l.globalID == globalID {
				l.object, l.relationship = obj, relationship
				c.json(http.StatusOK, map[string]any{"id": l.id, "self": c.remoteLinkJSON(l)["self"]})
				return
			}
		}
	}
	id, _ := strconv.Atoi(c.jira.records().id())
	l := &jRemoteIssueLink{id: id, issue: is, globalID: globalID, relationship: relationship, object: obj}
	links.add(l)
	is.updated = c.jira.now()
	// Server/DC documents 200 for a create as for an update.
	status := http.StatusOK
	if c.cloud {
		status = http.StatusCreated
	}
	c.json(status, map[string]any{"id": l.id, "self": c.remoteLinkJSON(l)["self"]})
}
