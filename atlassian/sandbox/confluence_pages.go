package sandbox

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Page operations beyond create, read and update: children, delete, move
// and copy. Cloud deletes and lists children in v2 and moves and copies in
// v1 (which v2 lacks); Server/DC deletes in v1 and moves by rewriting the
// page's ancestors (PUT /content/{id}, in confluence_dc.go).

var confluencePageV2Routes = routeTable{
	product: atlassian.Confluence, cloudRoot: confluenceV2Root,
	routes: []route{
		{method: "DELETE", path: "/pages/{id}", cloud: "deletePage", handle: (*call).confDeletePage},
		{method: "GET", path: "/pages/{id}/direct-children", cloud: "getPageDirectChildren", handle: (*call).confV2DirectChildren},
	},
}

var confluencePageV1Routes = routeTable{
	product: atlassian.Confluence, cloudRoot: confluenceV1Cloud, dcRoots: confluenceV1DCRoot,
	routes: []route{
		{method: "DELETE", path: "/content/{id}", dc: "delete_3", handle: (*call).confDeletePage},
		{method: "PUT", path: "/content/{pageId}/move/{position}/{targetId}", cloud: "movePage", handle: (*call).confMovePage},
		{method: "POST", path: "/content/{id}/copy", cloud: "copyPage", handle: (*call).confCopyPage},
	},
}

func init() {
	routeTables = append(routeTables, &confluencePageV2Routes, &confluencePageV1Routes)
}

// pageExtras is what the page tools keep beside a page's versions.
type pageExtras struct {
	subtype      string // v2 subtype ("live"), "" for a classic page
	properties   []*confProperty
	restrictions map[string]*confRestriction // by operation: read, update
}

// confLivePage reports whether c is a page that exists for clients: not
// trashed, not a comment.
func confLivePage(c *confContent) bool {
	return c != nil && c.typ == "page" && c.status != "trashed"
}

// confDeletePage trashes a page (v2 DELETE /pages/{id}, DC DELETE
// /content/{id}). Its children move up to its parent, as Confluence does.
func (c *call) confDeletePage() {
	id := c.r.PathValue("id")
	if c.cloud {
		var ok bool
		if id, ok = c.confV2PathID(); !ok {
			return
		}
	}
	content := c.conf.get(id)
	if !confLivePage(content) && (content == nil || content.typ != "blogpost" || content.status == "trashed") {
		if c.cloud {
			c.fail(http.StatusNotFound, "Not Found")
		} else {
			c.fail(http.StatusNotFound, confNotFoundID(id))
		}
		return
	}
	if !c.conf.canWrite(c.user, content.space) {
		c.fail(http.StatusForbidden, "User not permitted to delete content with id "+id)
		return
	}
	for _, ch := range c.conf.children(id) {
		ch.parentID = content.parentID
		ch.position = c.conf.nextPosition(content.parentID)
	}
	content.status = "trashed"
	c.w.WriteHeader(http.StatusNoContent)
}

// confV2DirectChildren is v2 GET /pages/{id}/direct-children.
func (c *call) confV2DirectChildren() {
	id, ok := c.confV2PathID()
	if !ok {
		return
	}
	offset, limit, ok := c.confV2Paging()
	if !ok {
		return
	}
	page := c.conf.get(id)
	if !confLivePage(page) {
		c.fail(http.StatusNotFound, "Not Found")
		return
	}
	children := c.conf.children(id)
	results := []any{}
	for _, ch := range window(children, offset, limit) {
		results = append(results, confMap{"id": ch.id, "status": ch.status, "title": ch.title(), "type": ch.typ,
			"spaceId": strconv.FormatInt(ch.space.id, 10), "childPosition": ch.position})
	}
	c.confV2List(c.confluence().base, results, offset, limit, len(children))
}

// confMovePage is Cloud's v1 PUT /content/{pageId}/move/{position}/{targetId}:
// append makes the page the target's last child, before and after its
// sibling. The page's descendants follow it, into the target's space too.
func (c *call) confMovePage() {
	id, pos, targetID := c.r.PathValue("pageId"), c.r.PathValue("position"), c.r.PathValue("targetId")
	if pos != "append" && pos != "before" && pos != "after" {
		c.fail(http.StatusBadRequest, "Invalid position "+pos+": use before, after or append")
		return
	}
	st := c.conf
	page, target := st.get(id), st.get(targetID)
	switch {
	case !confLivePage(page):
		c.fail(http.StatusNotFound, "Cannot find page with id "+id)
		return
	case !confLivePage(target):
		c.fail(http.StatusNotFound, "Cannot find target page with id "+targetID)
		return
	case target.id == page.id || st.isDescendant(target, page.id):
		c.fail(http.StatusBadRequest, "A page cannot be moved relative to itself or one of its descendants")
		return
	case !st.canWrite(c.user, page.space) || !st.canWrite(c.user, target.space):
		c.fail(http.StatusForbidden, "User not permitted to move page "+id)
		return
	case target.space != page.space && st.titleTaken(target.space, "page", page.title(), page.id):
		c.fail(http.StatusBadRequest, confTitleTakenMsg(page.title(), target.space))
		return
	}
	if pos == "append" {
		page.parentID, page.position = target.id, st.nextPosition(target.id)
	} else {
		page.parentID = target.parentID
		page.position = target.position - 1
		if pos == "after" {
			page.position = target.position + 1
		}
	}
	if target.space != page.space {
		moved := page.space
		for _, c := range st.content.all() {
			if c == page || (c.space == moved && (st.isDescendant(c, page.id) || st.isOn(c, page.id))) {
				c.space = target.space
			}
		}
	}
	c.json(http.StatusOK, confMap{"pageId": page.id})
}

// isOn reports whether c is a comment on page id (or on one of its
// descendants' comments chain): comments move with their page.
func (st *confluenceStore) isOn(c *confContent, pageID string) bool {
	if c.typ != "comment" {
		return false
	}
	container := st.get(c.containerID)
	return container != nil && (container.id == pageID || st.isDescendant(container, pageID))
}

// confCopyPage is Cloud's v1 POST /content/{id}/copy.
func (c *call) confCopyPage() {
	var in struct {
		CopyLabels  bool `json:"copyLabels"`
		Destination *struct {
			Type  string `json:"type"`
			Value string `json:"value"`
		} `json:"destination"`
		PageTitle string `json:"pageTitle"`
	}
	if !c.decodeConfJSON(&in) {
		return
	}
	st := c.conf
	src := st.get(c.r.PathValue("id"))
	if !confLivePage(src) {
		c.fail(http.StatusNotFound, "Cannot find page with id "+c.r.PathValue("id"))
		return
	}
	if in.Destination == nil || in.Destination.Value == "" {
		c.fail(http.StatusBadRequest, "A destination {\"type\": …, \"value\": …} is required")
		return
	}
	var sp *confSpace
	parentID := ""
	switch in.Destination.Type {
	case "space":
		if sp = st.spaces.named(in.Destination.Value); sp == nil {
			c.fail(http.StatusNotFound, "No space with key : "+in.Destination.Value)
			return
		}
	case "parent_page":
		parent := st.get(in.Destination.Value)
		if !confLivePage(parent) {
			c.fail(http.StatusNotFound, "Cannot find destination page with id "+in.Destination.Value)
			return
		}
		sp, parentID = parent.space, parent.id
	default:
		c.fail(http.StatusBadRequest, "Unsupported destination type: "+in.Destination.Type)
		return
	}
	title := strings.TrimSpace(in.PageTitle)
	if title == "" {
		title = src.title()
	}
	switch {
	case !st.canWrite(c.user, sp):
		c.fail(http.StatusForbidden, "User not permitted to create content in space "+sp.key)
		return
	case st.titleTaken(sp, "page", title, ""):
		c.fail(http.StatusBadRequest, confTitleTakenMsg(title, sp))
		return
	}
	n := confNew{typ: "page", title: title, space: sp, parentID: parentID, body: src.cur().body, adf: src.cur().adf, author: c.user, when: st.now()}
	if in.CopyLabels {
		n.labels = src.labels
	}
	copied := st.add(n)
	c.json(http.StatusOK, c.confluence().v1Content(copied, nil, parseConfExpand("space,version,history"), true))
}
