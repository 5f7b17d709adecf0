package sandbox

import (
	"html"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The v1 JSON shapes (Content, Space, User, Version, SearchResult) shared
// by Cloud's /wiki/rest/api and Server/DC's /confluence/rest/api. What a
// client does not ask for with expand= is listed under _expandable, as
// Confluence does.

// confCtx carries what rendering a response needs.
type confCtx struct {
	st   *confluenceStore
	base string // absolute base URL including the context path
	user *User
	now  time.Time
}

func (x *confCtx) cloud() bool { return x.st.s.Cloud() }

// context is the context path ("/wiki" or "/confluence").
func (x *confCtx) context() string { return x.st.s.ConfluencePrefix() }

func (x *confCtx) v1User(u *User) confMap {
	if u == nil {
		return confMap{"type": "anonymous", "displayName": "Anonymous", "_expandable": confMap{}, "_links": confMap{}}
	}
	if x.cloud() {
		return confMap{
			"type": "known", "accountId": u.AccountID, "accountType": "atlassian",
			"email": u.Email, "publicName": u.DisplayName, "displayName": u.DisplayName, "timeZone": "Etc/UTC",
			"profilePicture":         confMap{"path": x.context() + "/aa-avatar/" + u.AccountID, "width": 48, "height": 48, "isDefault": false},
			"isExternalCollaborator": false, "externalCollaborator": false, "isGuest": false,
			"_expandable": confMap{"operations": "", "personalSpace": ""},
			"_links":      confMap{"self": x.base + "/rest/api/user?accountId=" + url.QueryEscape(u.AccountID)},
		}
	}
	return confMap{
		"type": "known", "username": u.Name, "userKey": u.Key, "displayName": u.DisplayName,
		"profilePicture": confMap{"path": x.context() + "/images/icons/profilepics/default.svg", "width": 48, "height": 48, "isDefault": true},
		"_expandable":    confMap{"status": ""},
		"_links":         confMap{"self": x.base + "/rest/api/user?key=" + url.QueryEscape(u.Key)},
	}
}

var confSpaceExpandable = []string{"settings", "metadata", "operations", "lookAndFeel", "identifiers", "permissions", "icon", "description", "theme", "history", "homepage"}

func (x *confCtx) v1Space(sp *confSpace, exp confExpand) confMap {
	m := confMap{
		"id": sp.id, "key": sp.key, "name": sp.name, "type": "global", "status": "current",
		"_links": confMap{"webui": x.st.spaceWebui(sp), "self": x.base + "/rest/api/space/" + sp.key},
	}
	expandable := confMap{}
	for _, k := range confSpaceExpandable {
		switch {
		case k == "icon" && exp.has(k):
			m[k] = confMap{"path": "/images/logo/default-space-logo-256.png", "width": 48, "height": 48, "isDefault": true}
		case k == "description" && exp.has(k):
			d := confMap{"plain": confMap{"value": sp.description, "representation": "plain", "embeddedContent": []any{}}}
			if exp.has("description.view") {
				d["view"] = confMap{"value": "<p>" + html.EscapeString(sp.description) + "</p>", "representation": "view", "embeddedContent": []any{}}
			} else {
				d["_expandable"] = confMap{"view": ""}
			}
			m[k] = d
		case k == "homepage" && exp.has(k) && x.st.get(sp.homepageID) != nil:
			m[k] = x.v1Content(x.st.get(sp.homepageID), nil, exp.sub("homepage"), false)
		case k == "history" && exp.has(k):
			m[k] = confMap{"createdDate": confTime(sp.created), "createdBy": x.v1User(sp.creator)}
		case k == "metadata" && exp.has(k):
			m[k] = confMap{"labels": confMap{"results": []any{}, "start": 0, "limit": 200, "size": 0, "_links": confMap{}}, "_expandable": confMap{}}
		case k == "homepage":
			expandable[k] = "/rest/api/content/" + sp.homepageID
		default:
			expandable[k] = ""
		}
	}
	m["_expandable"] = expandable
	return m
}

func (x *confCtx) v1Version(c *confContent, v *confVersion, exp confExpand) confMap {
	m := confMap{
		"by": x.v1User(v.author), "when": confTime(v.when), "friendlyWhen": confFriendlyTime(v.when, x.now),
		"message": v.message, "number": v.number, "minorEdit": v.minorEdit,
		"_links":      confMap{"self": x.base + "/rest/experimental/content/" + c.id + "/version/" + strconv.Itoa(v.number)},
		"_expandable": confMap{"content": "/rest/api/content/" + c.id},
	}
	if x.cloud() {
		m["contentTypeModified"] = false
		m["_expandable"].(confMap)["collaborators"] = ""
	} else {
		m["hidden"] = false
	}
	if exp.has("content") {
		m["content"] = x.v1Content(c, v, exp.sub("content"), false)
		delete(m["_expandable"].(confMap), "content")
	}
	return m
}

func (x *confCtx) v1History(c *confContent, v *confVersion, exp confExpand) confMap {
	m := confMap{
		"latest": v == c.cur(), "createdBy": x.v1User(c.creator), "createdDate": confTime(c.created),
		"_links": confMap{"self": x.base + "/rest/api/content/" + c.id + "/history"},
	}
	expandable := confMap{"lastUpdated": "", "previousVersion": "", "contributors": "", "nextVersion": ""}
	if x.cloud() {
		expandable["ownedBy"] = ""
		expandable["lastOwnedBy"] = ""
	}
	if exp.has("lastUpdated") {
		m["lastUpdated"] = x.v1Version(c, c.cur(), confExpand{})
		delete(expandable, "lastUpdated")
	}
	if exp.has("previousVersion") {
		if pv := c.version(v.number - 1); pv != nil {
			m["previousVersion"] = x.v1Version(c, pv, confExpand{})
		}
		delete(expandable, "previousVersion")
	}
	if exp.has("nextVersion") {
		if nv := c.version(v.number + 1); nv != nil {
			m["nextVersion"] = x.v1Version(c, nv, confExpand{})
		}
		delete(expandable, "nextVersion")
	}
	if exp.has("contributors") {
		users, keys := []any{}, []any{}
		seen := map[string]bool{}
		for _, ver := range c.versions {
			if ver.author != nil && !seen[ver.author.Name] {
				seen[ver.author.Name] = true
				users = append(users, x.v1User(ver.author))
				if x.cloud() {
					keys = append(keys, ver.author.AccountID)
				} else {
					keys = append(keys, ver.author.Key)
				}
			}
		}
		publishers := confMap{"users": users, "userKeys": keys}
		if x.cloud() {
			publishers = confMap{"users": users, "userAccountIds": keys}
		}
		m["contributors"] = confMap{"publishers": publishers}
		delete(expandable, "contributors")
	}
	m["_expandable"] = expandable
	return m
}

// v1Content renders content at version v (nil: the current one). top
// marks the outermost object of a response, which carries base/context
// links.
func (x *confCtx) v1Content(c *confContent, v *confVersion, exp confExpand, top bool) confMap {
	if v == nil {
		v = c.cur()
	}
	status := c.status
	if v != c.cur() {
		status = "historical"
	}
	m := confMap{"id": c.id, "type": c.typ, "status": status, "title": v.title}
	links := confMap{"webui": x.st.webui(c), "self": x.base + "/rest/api/content/" + c.id}
	if c.typ != "comment" {
		links["tinyui"] = "/x/" + confTinyID(c.id)
		if x.cloud() {
			links["editui"] = "/pages/resumedraft.action?draftId=" + c.id
		} else {
			links["edit"] = "/pages/resumedraft.action?draftId=" + c.id
		}
	}
	if !x.cloud() {
		links["collection"] = "/rest/api/content"
	}
	if top {
		links["base"] = x.base
		links["context"] = x.context()
	}
	expandable := confMap{}
	put := func(key string, expanded func() any, otherwise string) {
		if exp.has(key) {
			if val := expanded(); val != nil {
				m[key] = val
				return
			}
		}
		expandable[key] = otherwise
	}
	put("space", func() any { return x.v1Space(c.space, exp.sub("space")) }, "/rest/api/space/"+c.space.key)
	put("history", func() any { return x.v1History(c, v, exp.sub("history")) }, "/rest/api/content/"+c.id+"/history")
	put("version", func() any { return x.v1Version(c, v, exp.sub("version")) }, "")
	put("ancestors", func() any {
		list := []any{}
		for _, a := range x.st.ancestors(c) {
			list = append(list, x.v1Content(a, nil, exp.sub("ancestors"), false))
		}
		return list
	}, "")
	put("children", func() any { return x.v1Children(c, exp.sub("children")) }, "/rest/api/content/"+c.id+"/child")
	expandable["descendants"] = "/rest/api/content/" + c.id + "/descendant"
	containerLink := "/rest/api/space/" + c.space.key
	if c.typ == "comment" {
		containerLink = "/rest/api/content/" + c.containerID
	}
	put("container", func() any {
		if c.typ == "comment" {
			if page := x.st.get(c.containerID); page != nil {
				return x.v1Content(page, nil, exp.sub("container"), false)
			}
			return nil
		}
		return x.v1Space(c.space, exp.sub("container"))
	}, containerLink)
	put("body", func() any { return x.v1Body(c, v, exp.sub("body")) }, "")
	put("metadata", func() any {
		md := confMap{"_expandable": confMap{"currentuser": "", "properties": "", "frontend": "", "editorHtml": ""}}
		if exp.has("metadata.labels") {
			md["labels"] = x.v1Labels(c)
		} else {
			md["_expandable"].(confMap)["labels"] = ""
		}
		return md
	}, "")
	expandable["restrictions"] = "/rest/api/content/" + c.id + "/restriction/byOperation"
	expandable["operations"] = ""
	if x.cloud() {
		expandable["childTypes"] = ""
		expandable["schedulePublishDate"] = ""
		expandable["schedulePublishInfo"] = ""
	}
	if c.typ == "comment" && c.inline != nil {
		m["extensions"] = x.v1InlineExtensions(c, exp.sub("extensions"))
	} else if c.typ == "comment" {
		m["extensions"] = confMap{"location": "footer", "_expandable": confMap{"resolution": ""}}
	} else if !x.cloud() {
		m["extensions"] = confMap{"position": "none"}
	}
	m["_links"] = links
	m["_expandable"] = expandable
	return m
}

func (x *confCtx) v1Labels(c *confContent) confMap {
	results := []any{}
	for _, l := range c.labels {
		results = append(results, confMap{"prefix": "global", "name": l, "id": x.st.labelID(l), "label": l})
	}
	return confMap{"results": results, "start": 0, "limit": 200, "size": len(results),
		"_links": confMap{"self": x.base + "/rest/api/content/" + c.id + "/label"}}
}

var confBodyReps = []string{"storage", "view", "export_view", "styled_view", "editor", "anonymous_export_view"}

func (x *confCtx) v1Body(c *confContent, v *confVersion, exp confExpand) confMap {
	b := confMap{}
	expandable := confMap{}
	reps := confBodyReps
	if x.cloud() {
		reps = append(append([]string(nil), reps...), "atlas_doc_format", "dynamic")
	}
	for _, rep := range reps {
		if !exp.has(rep) {
			expandable[rep] = ""
			continue
		}
		value := v.body
		switch rep {
		case "view", "export_view", "styled_view", "anonymous_export_view":
			value = confRenderView(v.body, x.st, c.id)
		case "atlas_doc_format":
			value = x.st.adfOf(v)
		case "dynamic":
			value = confRenderView(v.body, x.st, c.id)
		}
		b[rep] = confMap{"value": value, "representation": confRepName(rep), "embeddedContent": []any{},
			"_expandable": confMap{"content": "/rest/api/content/" + c.id}}
	}
	b["_expandable"] = expandable
	return b
}

// confRepName is the representation a body reports; "dynamic" renders as
// view HTML.
func confRepName(rep string) string {
	if rep == "dynamic" {
		return "view"
	}
	return rep
}

// adfOf is a version's body as ADF: as written, or converted from storage.
func (st *confluenceStore) adfOf(v *confVersion) string {
	if v.adf != "" {
		return v.adf
	}
	return confStorageToADF(v.body, st)
}

func (x *confCtx) v1Children(c *confContent, exp confExpand) confMap {
	m := confMap{"_links": confMap{"self": x.base + "/rest/api/content/" + c.id + "/child"}}
	expandable := confMap{}
	for _, t := range []string{"attachment", "comment", "page"} {
		link := "/rest/api/content/" + c.id + "/child/" + t
		if !exp.has(t) {
			expandable[t] = link
			continue
		}
		var items []*confContent
		switch t {
		case "comment":
			items = x.st.comments(c.id)
		case "page":
			items = x.st.children(c.id)
		}
		m[t] = x.v1ContentArray(items, 0, 25, exp.sub(t), x.base+link)
	}
	m["_expandable"] = expandable
	return m
}

// v1ContentArray is one page of a content list.
func (x *confCtx) v1ContentArray(items []*confContent, start, limit int, exp confExpand, self string) confMap {
	page := window(items, start, limit)
	results := make([]any, 0, len(page))
	for _, c := range page {
		results = append(results, x.v1Content(c, nil, exp, false))
	}
	return confMap{"results": results, "start": start, "limit": limit, "size": len(results), "_links": confMap{"self": self}}
}

// excerpt is the start of the content's text, cut at a word boundary.
func (x *confCtx) excerpt(c *confContent) string {
	text := []rune(confPlainText(c.cur().body, x.st))
	const max = 200
	if len(text) <= max {
		return string(text)
	}
	head := string(text[:max])
	if cut := strings.LastIndex(head, " "); cut >= len(head)/2 {
		head = head[:cut]
	}
	return strings.TrimSpace(head) + "..."
}

// v1SearchResult renders one content hit of /rest/api/search.
func (x *confCtx) v1SearchResult(c *confContent, exp confExpand) confMap {
	r := confMap{
		"content":               x.v1Content(c, nil, exp.sub("content"), false),
		"title":                 c.title(),
		"excerpt":               x.excerpt(c),
		"url":                   x.st.webui(c),
		"resultGlobalContainer": confMap{"title": c.space.name, "displayUrl": x.st.spaceWebui(c.space)},
		"breadcrumbs":           []any{},
		"entityType":            "content",
		"iconCssClass":          "aui-icon content-type-" + c.typ,
		"lastModified":          confTime(c.modified()),
		"friendlyLastModified":  confFriendlyTime(c.modified(), x.now),
		"score":                 0.0,
	}
	if c.typ == "comment" {
		if page := x.st.get(c.containerID); page != nil {
			r["resultParentContainer"] = confMap{"title": page.title(), "displayUrl": x.st.webui(page)}
		}
	}
	return r
}
