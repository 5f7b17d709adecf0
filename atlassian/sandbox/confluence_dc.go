package sandbox

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Confluence Server/Data Center: the v1 content API under the context path
// /confluence. There is no v2 here.

// confluenceDCRoutes are Server/DC's v1 spaces and content.
var confluenceDCRoutes = routeTable{
	product: atlassian.Confluence, dcRoots: confluenceV1DCRoot,
	routes: []route{
		{method: "GET", path: "/space", dc: "spaces", handle: (*call).confDCSpaces},
		{method: "GET", path: "/space/{spaceKey}", dc: "space", handle: (*call).confDCSpace},
		{method: "GET", path: "/content", dc: "getContent", handle: (*call).confDCContentList},
		{method: "POST", path: "/content", dc: "createContent", handle: (*call).confDCCreate},
		{method: "GET", path: "/content/{id}", dc: "getContentById", handle: (*call).confDCGet},
		{method: "PUT", path: "/content/{id}", dc: "update_2", handle: (*call).confDCUpdate},
		{method: "GET", path: "/content/{id}/child/{type}", dc: "childrenOfType", handle: (*call).confDCChildren},
		{method: "GET", path: "/content/{id}/child/comment", dc: "commentsOfContent", handle: (*call).confDCComments},
	},
}

// Default expansions of the DC content endpoints, per the DC document.
const (
	confDCGetExpand   = "history,space,version"
	confDCWriteExpand = "body.storage,history,space,container.history,container.version,version,ancestors"
)

// confDCExpand is the expand parameter, or def when the client sent none.
func (c *call) confDCExpand(def string) confExpand {
	q := c.r.URL.Query()
	if !q.Has("expand") {
		return parseConfExpand(def)
	}
	return parseConfExpand(q["expand"]...)
}

// confDCPaging reads start and limit (default 25, at most max).
func (c *call) confDCPaging(maxLimit int) (start, limit int, ok bool) {
	q := c.r.URL.Query()
	limit, ok1 := confInt(q, "limit", 25)
	start, ok2 := confInt(q, "start", 0)
	if !ok1 || !ok2 {
		c.fail(http.StatusBadRequest, "start and limit must be non-negative integers")
		return 0, 0, false
	}
	return start, min(limit, maxLimit), true
}

// confDCList answers an offset-paged v1 list.
func (c *call) confDCList(x *confCtx, relPath string, results []any, start, limit, total int) {
	links := confMap{"base": x.base, "context": x.context(), "self": x.base + relPath}
	c.confPageLinks(links, relPath, start, limit, total)
	c.json(http.StatusOK, confMap{"results": results, "start": start, "limit": limit, "size": len(results), "_links": links})
}

func confNotFoundID(id string) string { return "No content found with id: ContentId{id=" + id + "}" }

// ---- spaces --------------------------------------------------------------------------------

func (c *call) confDCSpaces() {
	start, limit, ok := c.confDCPaging(500)
	if !ok {
		return
	}
	q := c.r.URL.Query()
	keys := append(confList(q, "spaceKey"), confList(q, "spaceKeys")...)
	exp := parseConfExpand(q["expand"]...)
	typ, status := q.Get("type"), q.Get("status")
	x := c.confluence()
	var spaces []*confSpace
	for _, sp := range c.conf.spaces.all() {
		if (typ != "" && typ != "global") || (status != "" && status != "current") {
			continue
		}
		if len(keys) > 0 {
			found := false
			for _, k := range keys {
				found = found || strings.EqualFold(k, sp.key)
			}
			if !found {
				continue
			}
		}
		spaces = append(spaces, sp)
	}
	results := []any{}
	for _, sp := range window(spaces, start, limit) {
		results = append(results, x.v1Space(sp, exp))
	}
	c.confDCList(x, "/rest/api/space", results, start, limit, len(spaces))
}

func (c *call) confDCSpace() {
	key := c.r.PathValue("spaceKey")
	x := c.confluence()
	sp := c.conf.spaces.named(key)
	if sp == nil {
		c.fail(http.StatusNotFound, "No space with key : "+key)
		return
	}
	out := x.v1Space(sp, parseConfExpand(c.r.URL.Query()["expand"]...))
	out["_links"].(confMap)["base"] = x.base
	out["_links"].(confMap)["context"] = x.context()
	c.json(http.StatusOK, out)
}

// ---- content ---------------------------------------------------------------------------------

func (c *call) confDCContentList() {
	start, limit, ok := c.confDCPaging(200)
	if !ok {
		return
	}
	q := c.r.URL.Query()
	typ := q.Get("type")
	if typ == "" {
		typ = "page"
	}
	statuses := map[string]bool{}
	for _, st := range confList(q, "status") {
		statuses[st] = true
	}
	if len(statuses) == 0 {
		statuses["current"] = true
	}
	ids := map[string]bool{}
	for _, id := range confList(q, "ids") {
		ids[id] = true
	}
	spaceKey, title, hasTitle := q.Get("spaceKey"), q.Get("title"), q.Has("title")
	exp := parseConfExpand(q["expand"]...)
	x := c.confluence()
	var items []*confContent
	for _, content := range c.conf.content.all() {
		if content.typ != typ || !(statuses[content.status] || statuses["any"]) ||
			(spaceKey != "" && !strings.EqualFold(content.space.key, spaceKey)) ||
			(hasTitle && !strings.EqualFold(content.title(), title)) ||
			(len(ids) > 0 && !ids[content.id]) {
			continue
		}
		items = append(items, content)
	}
	results := []any{}
	for _, content := range window(items, start, limit) {
		results = append(results, x.v1Content(content, nil, exp, false))
	}
	c.confDCList(x, "/rest/api/content", results, start, limit, len(items))
}

func (c *call) confDCGet() {
	id := c.r.PathValue("id")
	q := c.r.URL.Query()
	verNum, ok := confInt(q, "version", 0)
	if !ok {
		c.fail(http.StatusBadRequest, "The version query parameter must be a positive integer")
		return
	}
	statuses := map[string]bool{}
	for _, st := range confList(q, "status") {
		statuses[st] = true
	}
	exp := c.confDCExpand(confDCGetExpand)
	x := c.confluence()
	content := c.conf.get(id)
	if content == nil && c.confDCAttachmentContent(id) {
		return
	}
	// Trashed content is only found when asked for by status.
	if content == nil || (len(statuses) == 0 && content.status == "trashed") ||
		(len(statuses) > 0 && !statuses[content.status] && !statuses["any"] && !(verNum > 0 && statuses["historical"])) {
		c.fail(http.StatusNotFound, confNotFoundID(id))
		return
	}
	v := content.cur()
	if verNum > 0 {
		if v = content.version(verNum); v == nil {
			c.fail(http.StatusNotFound, confNotFoundID(id)+" and version "+strconv.Itoa(verNum))
			return
		}
	}
	c.json(http.StatusOK, x.v1Content(content, v, exp, true))
}

// confDCComments is …/child/comment, which the DC document lists as its
// own operation; it answers as the {type} form does.
func (c *call) confDCComments() {
	c.r.SetPathValue("type", "comment")
	c.confDCChildren()
}

func (c *call) confDCChildren() {
	id, typ := c.r.PathValue("id"), c.r.PathValue("type")
	start, limit, ok := c.confDCPaging(200)
	if !ok {
		return
	}
	q := c.r.URL.Query()
	if typ != "page" && typ != "comment" && typ != "attachment" {
		c.fail(http.StatusBadRequest, "Unsupported child content type: "+typ)
		return
	}
	exp := parseConfExpand(q["expand"]...)
	locations := confList(q, "location")
	x := c.confluence()
	content := c.conf.get(id)
	if content == nil {
		c.fail(http.StatusNotFound, confNotFoundID(id))
		return
	}
	var items []*confContent
	switch typ {
	case "page":
		items = c.conf.children(id)
	case "comment":
		items = c.conf.commentsAt(id, q.Get("depth") == "all", locations)
	}
	results := []any{}
	for _, ch := range window(items, start, limit) {
		results = append(results, x.v1Content(ch, nil, exp, false))
	}
	c.confDCList(x, "/rest/api/content/"+id+"/child/"+typ, results, start, limit, len(items))
}

// confDCWrite is the body of POST /content and PUT /content/{id}.
type confDCWrite struct {
	ID     json.RawMessage `json:"id"`
	Type   string          `json:"type"`
	Title  *string         `json:"title"`
	Status string          `json:"status"`
	Space  *struct {
		Key string `json:"key"`
	} `json:"space"`
	Ancestors []struct {
		ID json.RawMessage `json:"id"`
	} `json:"ancestors"`
	Container *struct {
		ID   json.RawMessage `json:"id"`
		Type string          `json:"type"`
	} `json:"container"`
	Body       map[string]json.RawMessage `json:"body"`
	Extensions *confDCExtensions          `json:"extensions"`
	Version    *struct {
		Number    *int   `json:"number"`
		MinorEdit bool   `json:"minorEdit"`
		Message   string `json:"message"`
	} `json:"version"`
}

// body picks the written body: storage, else wiki, else editor.
func (in *confDCWrite) body() (b confBodyIn, present, ok bool) {
	for _, rep := range []string{"storage", "wiki", "editor", "editor2"} {
		raw, found := in.Body[rep]
		if !found {
			continue
		}
		if json.Unmarshal(raw, &b) != nil {
			return b, false, false
		}
		if b.Representation == "" {
			b.Representation = rep
		}
		return b, true, true
	}
	return b, false, true
}

// storageBody reads and converts the written body, if any, as create and
// update both do; msg is the 400 answer when the body cannot be used.
func (in *confDCWrite) storageBody(st *confluenceStore) (present bool, storage, adf, msg string) {
	b, present, ok := in.body()
	if !ok {
		return false, "", "", "The body must be {\"storage\": {\"value\": …, \"representation\": \"storage\"}}"
	}
	storage, adf, msg = st.optionalStorage(b, present)
	return present, storage, adf, msg
}

// lastAncestor is the id of the last listed ancestor (the parent), "" if
// none; ok is false when an id is malformed.
func (in *confDCWrite) lastAncestor() (string, bool) {
	if len(in.Ancestors) == 0 {
		return "", true
	}
	return confStringID(in.Ancestors[len(in.Ancestors)-1].ID)
}

func (c *call) confDCCreate() {
	var in confDCWrite
	if !c.decodeConfJSON(&in) {
		return
	}
	bad := func(msg string) { c.fail(http.StatusBadRequest, msg) }
	if in.Type != "page" && in.Type != "blogpost" && in.Type != "comment" {
		bad("Unsupported content type: '" + in.Type + "'. Use page, blogpost or comment")
		return
	}
	status := in.Status
	if status == "" {
		status = "current"
	}
	if status != "current" && status != "draft" {
		bad("Unsupported content status: " + status)
		return
	}
	present, storage, _, msg := in.storageBody(c.conf)
	if msg != "" {
		bad(msg)
		return
	}
	ancestorID, okAnc := in.lastAncestor()
	if !okAnc {
		bad("Ancestor ids must be content ids")
		return
	}
	title := ""
	if in.Title != nil {
		title = strings.TrimSpace(*in.Title)
	}
	st := c.conf
	user := c.user
	n := confNew{typ: in.Type, status: status, title: title, body: storage, author: user, when: st.now()}
	if in.Type == "comment" {
		if in.Container == nil {
			bad("A comment needs a container: {\"container\": {\"id\": …, \"type\": \"page\"}}")
			return
		}
		cid, ok := confStringID(in.Container.ID)
		container := st.get(cid)
		if !ok || container == nil || container.typ == "comment" || container.status != "current" {
			c.fail(http.StatusNotFound, confNotFoundID(cid))
			return
		}
		if ancestorID != "" {
			p := st.get(ancestorID)
			if p == nil || p.typ != "comment" || p.containerID != container.id {
				bad("The parent comment " + ancestorID + " is not a comment on content " + container.id)
				return
			}
			n.parentID = p.id
		}
		if !st.canWrite(user, container.space) {
			c.fail(http.StatusForbidden, "User not permitted to comment on content with id "+container.id)
			return
		}
		if !present || strings.TrimSpace(storage) == "" {
			bad("A comment must have a body")
			return
		}
		n.space, n.container, n.title = container.space, container.id, "Re: "+container.title()
		if n.inline, msg = in.Extensions.inline(st, container, n.parentID); msg != "" {
			bad(msg)
			return
		}
	} else {
		if in.Space == nil || in.Space.Key == "" {
			bad("A space key is required: {\"space\": {\"key\": …}}")
			return
		}
		sp := st.spaces.named(in.Space.Key)
		if sp == nil {
			c.fail(http.StatusNotFound, "No space with key : "+in.Space.Key)
			return
		}
		if title == "" {
			bad("A title is required to create " + in.Type + " content")
			return
		}
		if !st.canWrite(user, sp) {
			c.fail(http.StatusForbidden, "User not permitted to create content in space "+sp.key)
			return
		}
		if ancestorID != "" {
			if in.Type != "page" {
				bad("Only pages can have ancestors")
				return
			}
			p := st.get(ancestorID)
			if p == nil || p.typ != "page" || p.status != "current" {
				c.fail(http.StatusNotFound, confNotFoundID(ancestorID))
				return
			}
			if p.space != sp {
				bad("The parent page " + ancestorID + " is not in space " + sp.key)
				return
			}
		}
		if status == "current" && st.titleTaken(sp, in.Type, title, "") {
			bad(confTitleTakenMsg(title, sp))
			return
		}
		n.space, n.parentID = sp, ancestorID
	}
	content := st.add(n)
	c.json(http.StatusOK, c.confluence().v1Content(content, nil, c.confDCExpand(confDCWriteExpand), true))
}

func (c *call) confDCUpdate() {
	id := c.r.PathValue("id")
	var in confDCWrite
	if !c.decodeConfJSON(&in) {
		return
	}
	bad := func(msg string) { c.fail(http.StatusBadRequest, msg) }
	if in.Version == nil || in.Version.Number == nil {
		bad("Must supply an incremented version when updating Content. No version supplied.")
		return
	}
	present, storage, adf, msg := in.storageBody(c.conf)
	if msg != "" {
		bad(msg)
		return
	}
	ancestorID, okAnc := in.lastAncestor()
	bodyID, okID := confStringID(in.ID)
	if !okAnc || !okID {
		bad("Content and ancestor ids must be content ids")
		return
	}
	st := c.conf
	user := c.user
	content := st.get(id)
	if content == nil || content.status == "trashed" {
		c.fail(http.StatusNotFound, confNotFoundID(id))
		return
	}
	switch {
	case bodyID != "" && bodyID != id:
		bad("The id in the request body (" + bodyID + ") does not match the content id " + id)
		return
	case in.Type != "" && in.Type != content.typ:
		bad("Cannot change the type of content " + id + " from " + content.typ + " to " + in.Type)
		return
	}
	if !st.canWrite(user, content.space) {
		c.fail(http.StatusForbidden, "User not permitted to edit content with id "+id)
		return
	}
	if want := content.cur().number + 1; *in.Version.Number != want {
		c.fail(http.StatusConflict, "Version must be incremented on update. Current version is: "+strconv.Itoa(content.cur().number))
		return
	}
	title := content.title()
	if in.Title != nil {
		title = strings.TrimSpace(*in.Title)
	}
	if title == "" && content.typ != "comment" {
		bad("A title is required to update " + content.typ + " content")
		return
	}
	if ancestorID != "" && content.typ == "page" && ancestorID != content.parentID {
		p := st.get(ancestorID)
		switch {
		case p == nil || p.typ != "page" || p.status != "current":
			c.fail(http.StatusNotFound, confNotFoundID(ancestorID))
			return
		case p.space != content.space:
			bad("The parent page " + ancestorID + " is not in space " + content.space.key)
			return
		case p.id == content.id || st.isDescendant(p, content.id):
			bad("A page cannot be moved below itself or one of its descendants")
			return
		}
	}
	if content.typ != "comment" && st.titleTaken(content.space, content.typ, title, content.id) {
		bad(confTitleTakenMsg(title, content.space))
		return
	}
	if ancestorID != "" && content.typ == "page" && ancestorID != content.parentID {
		content.position = st.nextPosition(ancestorID)
		content.parentID = ancestorID
	}
	if !present {
		storage, adf = content.cur().body, content.cur().adf
	}
	content.status = "current"
	st.bump(content, confVersion{title: title, body: storage, adf: adf, message: in.Version.Message, minorEdit: in.Version.MinorEdit, author: user, when: st.now()})
	c.json(http.StatusOK, c.confluence().v1Content(content, nil, c.confDCExpand(confDCWriteExpand), true))
}
