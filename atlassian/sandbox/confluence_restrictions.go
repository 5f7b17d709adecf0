package sandbox

import (
	"encoding/json"
	"hash/fnv"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// Page restrictions, the user directory the page tools search, and page
// view counts.

// confRestriction is who an operation (read, update) is restricted to.
type confRestriction struct {
	users  []*User
	groups []string
}

// confGroups are the sandbox's Confluence groups and their members.
var confGroups = map[string][]string{
	"confluence-users":          {"alice", "bob", "carol"},
	"confluence-administrators": {"alice"},
}

var confRestrictionOps = []string{"read", "update"}

func (x *confCtx) v1Group(name string) confMap {
	return confMap{"type": "group", "name": name, "id": "g-" + name,
		"_links": confMap{"self": x.base + "/rest/api/group/" + name}}
}

// v1Restriction is one operation's restrictions as v1 answers them.
func (x *confCtx) v1Restriction(content *confContent, op string) confMap {
	users, groups := []any{}, []any{}
	if r := content.extras.restrictions[op]; r != nil {
		for _, u := range r.users {
			users = append(users, x.v1User(u))
		}
		for _, g := range r.groups {
			groups = append(groups, x.v1Group(g))
		}
	}
	list := func(results []any) confMap {
		return confMap{"results": results, "start": 0, "limit": 200, "size": len(results), "_links": confMap{}}
	}
	self := x.base + "/rest/api/content/" + content.id + "/restriction/byOperation/" + op
	return confMap{
		"operation":    op,
		"restrictions": confMap{"user": list(users), "group": list(groups), "_expandable": confMap{}},
		"_expandable":  confMap{"content": "/rest/api/content/" + content.id},
		"_links":       confMap{"self": self},
	}
}

// confRestrictions is GET /content/{id}/restriction/byOperation.
func (c *call) confRestrictions() {
	content := c.confV1Content("id")
	if content == nil {
		return
	}
	x := c.confluence()
	out := confMap{"_links": confMap{"base": x.base, "context": x.context(), "self": x.base + "/rest/api/content/" + content.id + "/restriction/byOperation"}}
	for _, op := range confRestrictionOps {
		out[op] = x.v1Restriction(content, op)
	}
	c.json(http.StatusOK, out)
}

// confSetRestrictions is PUT /content/{id}/restriction: the listed
// operations' restrictions are replaced; an empty list lifts them.
func (c *call) confSetRestrictions() {
	content := c.confV1Content("id")
	if content == nil {
		return
	}
	type subject struct {
		Type      string `json:"type"`
		AccountID string `json:"accountId"`
		Username  string `json:"username"`
		UserKey   string `json:"userKey"`
		Name      string `json:"name"`
	}
	type update struct {
		Operation    string `json:"operation"`
		Restrictions struct {
			User  json.RawMessage `json:"user"`
			Group json.RawMessage `json:"group"`
		} `json:"restrictions"`
	}
	var raw json.RawMessage
	if !c.decodeConfJSON(&raw) {
		return
	}
	var updates []update
	if json.Unmarshal(raw, &updates) != nil {
		var wrapped struct {
			Results []update `json:"results"`
		}
		if json.Unmarshal(raw, &wrapped) != nil {
			c.fail(http.StatusBadRequest, "The body must be an array of {\"operation\": …, \"restrictions\": {\"user\": […], \"group\": […]}}")
			return
		}
		updates = wrapped.Results
	}
	// Subjects come as an array, or (as the API answers them) under results.
	subjects := func(raw json.RawMessage) ([]subject, bool) {
		if len(raw) == 0 || string(raw) == "null" {
			return nil, true
		}
		var list []subject
		if json.Unmarshal(raw, &list) == nil {
			return list, true
		}
		var wrapped struct {
			Results []subject `json:"results"`
		}
		err := json.Unmarshal(raw, &wrapped)
		return wrapped.Results, err == nil
	}
	next := map[string]*confRestriction{}
	for _, u := range updates {
		if u.Operation != "read" && u.Operation != "update" {
			c.fail(http.StatusBadRequest, "Unsupported restriction operation: "+u.Operation)
			return
		}
		users, ok1 := subjects(u.Restrictions.User)
		groups, ok2 := subjects(u.Restrictions.Group)
		if !ok1 || !ok2 {
			c.fail(http.StatusBadRequest, "Restriction users and groups must be arrays of subjects")
			return
		}
		r := &confRestriction{}
		for _, s := range users {
			var user *User
			switch {
			case c.cloud && s.AccountID != "":
				user = c.s.userByAccountID(s.AccountID)
			case !c.cloud && s.Username != "":
				user = c.s.userByName(s.Username)
			case !c.cloud && s.UserKey != "":
				user = c.s.userByKey(s.UserKey)
			}
			if user == nil {
				c.fail(http.StatusBadRequest, "No user found for restriction subject "+strings.TrimSpace(s.AccountID+s.Username+s.UserKey))
				return
			}
			r.users = append(r.users, user)
		}
		for _, g := range groups {
			if _, ok := confGroups[g.Name]; !ok {
				c.fail(http.StatusBadRequest, "No group found with name "+g.Name)
				return
			}
			r.groups = append(r.groups, g.Name)
		}
		next[u.Operation] = r
	}
	if !c.conf.canWrite(c.user, content.space) {
		c.fail(http.StatusForbidden, "User not permitted to set restrictions on content with id "+content.id)
		return
	}
	if content.extras.restrictions == nil {
		content.extras.restrictions = map[string]*confRestriction{}
	}
	for op, r := range next {
		content.extras.restrictions[op] = r
	}
	x := c.confluence()
	results := []any{}
	for _, op := range confRestrictionOps {
		results = append(results, x.v1Restriction(content, op))
	}
	c.json(http.StatusOK, confMap{"results": results, "start": 0, "limit": 100, "size": len(results),
		"restrictionsHash": confRestrictionsHash(content),
		"_links":           confMap{"base": x.base, "context": x.context(), "self": x.base + "/rest/api/content/" + content.id + "/restriction"}})
}

// confRestrictionsHash fingerprints a page's restrictions, as the
// restrictionsHash Cloud answers with.
func confRestrictionsHash(content *confContent) string {
	h := fnv.New64a()
	for _, op := range confRestrictionOps {
		if r := content.extras.restrictions[op]; r != nil {
			for _, u := range r.users {
				h.Write([]byte(op + "/u/" + u.Name + "\n"))
			}
			for _, g := range r.groups {
				h.Write([]byte(op + "/g/" + g + "\n"))
			}
		}
	}
	return strconv.FormatUint(h.Sum64(), 16)
}

// ---- users ------------------------------------------------------------------------

// confUserCQL is the CQL Cloud's user search takes here: user.fullname ~
// "text", user ~ "text" or user = "accountId", optionally with type = user.
var confUserCQL = regexp.MustCompile(`(?i)^\s*(?:type\s*=\s*"?user"?\s+AND\s+)?(user\.fullname|user\.accountid|user)\s*(~|=)\s*"((?:[^"\\]|\\.)*)"\s*$`)

// confSearchUser is Cloud's v1 GET /search/user.
func (c *call) confSearchUser() {
	q := c.r.URL.Query()
	cql := q.Get("cql")
	m := confUserCQL.FindStringSubmatch(cql)
	if m == nil {
		c.fail(http.StatusBadRequest, "Could not parse cql : "+cql+" (this sandbox understands user.fullname ~ \"text\" and user = \"accountId\")")
		return
	}
	start, okStart := confInt(q, "start", 0)
	limit, okLimit := confInt(q, "limit", 25)
	if !okStart || !okLimit {
		c.fail(http.StatusBadRequest, "start and limit must be non-negative integers")
		return
	}
	field, op, text := strings.ToLower(m[1]), m[2], strings.ToLower(strings.ReplaceAll(m[3], `\"`, `"`))
	var found []*User
	for i := range c.s.users {
		u := &c.s.users[i]
		switch {
		case op == "=" && field != "user.fullname" && u.AccountID == m[3]:
		case op == "=" && field == "user.fullname" && strings.EqualFold(u.DisplayName, text):
		case op == "~" && (strings.Contains(strings.ToLower(u.DisplayName), text) || (field == "user" && strings.Contains(strings.ToLower(u.Email), text))):
		default:
			continue
		}
		found = append(found, u)
	}
	x := c.confluence()
	results := []any{}
	for _, u := range window(found, start, limit) {
		results = append(results, confMap{
			"user": x.v1User(u), "title": u.DisplayName, "excerpt": "", "url": "/people/" + u.AccountID,
			"breadcrumbs": []any{}, "entityType": "user", "iconCssClass": "aui-icon content-type-profile",
			"lastModified": confTime(confSeedBase), "score": 1.0,
		})
	}
	c.json(http.StatusOK, confMap{"results": results, "start": start, "limit": limit, "size": len(results),
		"totalSize": len(found), "cqlQuery": cql, "searchDuration": 7, "_links": confMap{"base": x.base, "context": x.context()}})
}

// confGroupMembers is DC's GET /group/{groupName}/member.
func (c *call) confGroupMembers() {
	name := c.r.PathValue("groupName")
	members, ok := confGroups[name]
	if !ok {
		c.fail(http.StatusNotFound, "No group found with name: "+name)
		return
	}
	start, limit, ok := c.confDCPaging(200)
	if !ok {
		return
	}
	x := c.confluence()
	results := []any{}
	for _, n := range window(members, start, limit) {
		if u := c.s.userByName(n); u != nil {
			results = append(results, x.v1User(u))
		}
	}
	c.confDCList(x, "/rest/api/group/"+name+"/member", results, start, limit, len(members))
}

// ---- views ------------------------------------------------------------------------

// confSeedViews are the seeded view counts by "SPACE/first title" (seed
// ids differ between runs of the seed, titles do not).
var confSeedViews = func() map[string]int {
	var data struct {
		Views map[string]int `json:"views"`
	}
	loadSeed("confluence_views.json", &data)
	return data.Views
}()

// confPageViews is Cloud's GET /analytics/content/{contentId}/views: the
// seeded view count.
func (c *call) confPageViews() {
	content := c.confV1Content("contentId")
	if content == nil {
		return
	}
	id, _ := strconv.ParseInt(content.id, 10, 64)
	seeded := confSeedViews[content.space.key+"/"+content.versions[0].title]
	c.json(http.StatusOK, confMap{"id": id, "count": seeded})
}
