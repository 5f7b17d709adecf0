package sandbox

import (
	"bytes"
	"encoding/json"
	"html"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Confluence Cloud: v2 pages, spaces and footer comments under
// /wiki/api/v2, plus v1 CQL search and users under /wiki/rest/api. The v1
// content CRUD (/wiki/rest/api/content/{id}) is gone from Cloud and is not
// served.

// confluenceV2Routes are Cloud's v2 spaces, pages (and the read of a blog
// post) and footer comments.
var confluenceV2Routes = routeTable{
	product: atlassian.Confluence, cloudRoot: confluenceV2Root,
	routes: []route{
		{method: "GET", path: "/spaces", cloud: "getSpaces", handle: (*call).confV2Spaces},
		{method: "GET", path: "/spaces/{id}", cloud: "getSpaceById", handle: (*call).confV2Space},
		{method: "GET", path: "/pages", cloud: "getPages", handle: (*call).confV2Pages},
		{method: "POST", path: "/pages", cloud: "createPage", handle: (*call).confV2CreatePage},
		{method: "GET", path: "/pages/{id}", cloud: "getPageById", handle: (*call).confV2Page},
		{method: "PUT", path: "/pages/{id}", cloud: "updatePage", handle: (*call).confV2UpdatePage},
		{method: "GET", path: "/blogposts/{id}", cloud: "getBlogPostById", handle: (*call).confV2Page},
		{method: "GET", path: "/pages/{id}/versions", cloud: "getPageVersions", handle: (*call).confV2PageVersions},
		{method: "GET", path: "/pages/{id}/footer-comments", cloud: "getPageFooterComments", handle: (*call).confV2PageComments},
		{method: "GET", path: "/blogposts/{id}/footer-comments", cloud: "getBlogPostFooterComments", handle: (*call).confV2PageComments},
		{method: "POST", path: "/footer-comments", cloud: "createFooterComment", handle: (*call).confV2CreateComment},
		{method: "GET", path: "/footer-comments/{id}", cloud: "getFooterCommentById", handle: (*call).confV2Comment},
		{method: "GET", path: "/footer-comments/{id}/children", cloud: "getFooterCommentChildren", handle: (*call).confV2CommentChildren},
	},
}

// ---- v2 JSON -----------------------------------------------------------------------

func (x *confCtx) v2Version(v *confVersion) confMap {
	m := confMap{"createdAt": confTime(v.when), "message": v.message, "number": v.number, "minorEdit": v.minorEdit}
	if v.author != nil {
		m["authorId"] = v.author.AccountID
	}
	return m
}

// v2Body is a body in one format ("" for none, as v2 answers when no
// body-format was asked for).
func (x *confCtx) v2Body(content *confContent, v *confVersion, format string) confMap {
	switch format {
	case "":
		return confMap{}
	case "atlas_doc_format":
		return confMap{format: confMap{"representation": format, "value": x.st.adfOf(v)}}
	case "view", "export_view", "styled_view", "anonymous_export_view":
		return confMap{format: confMap{"representation": format, "value": confRenderView(v.body, x.st, content.id)}}
	}
	return confMap{format: confMap{"representation": format, "value": v.body}}
}

func (x *confCtx) v2Page(content *confContent, v *confVersion, format string) confMap {
	if v == nil {
		v = content.cur()
	}
	status := content.status
	if v != content.cur() {
		status = "historical"
	}
	m := confMap{
		"id": content.id, "status": status, "title": v.title, "spaceId": strconv.FormatInt(content.space.id, 10),
		"position": content.position, "createdAt": confTime(content.created), "lastOwnerId": nil,
		"version": x.v2Version(v), "body": x.v2Body(content, v, format),
		"_links": confMap{
			"webui": x.st.webui(content), "editui": "/pages/resumedraft.action?draftId=" + content.id,
			"edituiv2": "/spaces/" + content.space.key + "/pages/edit-v2/" + content.id, "tinyui": "/x/" + confTinyID(content.id),
		},
	}
	if content.creator != nil {
		m["authorId"] = content.creator.AccountID
		m["ownerId"] = content.creator.AccountID
	}
	if content.parentID != "" {
		m["parentId"] = content.parentID
		m["parentType"] = "page"
	}
	if content.extras.subtype != "" {
		m["subtype"] = content.extras.subtype
	}
	return m
}

func (x *confCtx) v2Comment(content *confContent, format string) confMap {
	m := confMap{
		"id": content.id, "status": content.status, "title": content.title(), "version": x.v2Version(content.cur()),
		"body": x.v2Body(content, content.cur(), format), "_links": confMap{"webui": x.st.webui(content)},
	}
	if container := x.st.get(content.containerID); container != nil && container.typ == "blogpost" {
		m["blogPostId"] = content.containerID
	} else {
		m["pageId"] = content.containerID
	}
	if content.parentID != "" {
		m["parentCommentId"] = content.parentID
	}
	return m
}

func (x *confCtx) v2Space(sp *confSpace, descFormat string, icon bool) confMap {
	m := confMap{
		"id": strconv.FormatInt(sp.id, 10), "key": sp.key, "name": sp.name, "type": "global", "status": "current",
		"createdAt": confTime(sp.created), "homepageId": sp.homepageID, "currentActiveAlias": sp.key,
		"_links": confMap{"webui": x.st.spaceWebui(sp)},
	}
	if sp.creator != nil {
		m["authorId"] = sp.creator.AccountID
		m["spaceOwnerId"] = sp.creator.AccountID
	}
	switch descFormat {
	case "plain":
		m["description"] = confMap{"plain": confMap{"representation": "plain", "value": sp.description}}
	case "view":
		m["description"] = confMap{"view": confMap{"representation": "view", "value": "<p>" + html.EscapeString(sp.description) + "</p>"}}
	}
	if icon {
		m["icon"] = confMap{"path": "/wiki/download/attachments/" + sp.homepageID + "/" + sp.key + "?version=1", "apiDownloadLink": "/wiki/download/attachments/" + sp.homepageID + "/" + sp.key}
	}
	return m
}

// ---- v2 request helpers ---------------------------------------------------------------

// confV2PathID reads a numeric path id; v2 answers 400 for anything else.
func (c *call) confV2PathID() (string, bool) {
	id := c.r.PathValue("id")
	if _, err := strconv.ParseInt(id, 10, 64); err != nil {
		c.fail(http.StatusBadRequest, "Provided value {"+id+"} for 'id' is not the correct type. Expected type is ContentId")
		return "", false
	}
	return id, true
}

// confV2Paging reads limit (1–250, default 25) and cursor.
func (c *call) confV2Paging() (offset, limit int, ok bool) {
	q := c.r.URL.Query()
	limit = 25
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			c.fail(http.StatusBadRequest, "Provided value {"+v+"} for 'limit' is not valid: it must be an integer from 1 to 250")
			return 0, 0, false
		}
		limit = min(n, 250)
	}
	offset, valid := parseConfCursor(q.Get("cursor"))
	if !valid {
		c.fail(http.StatusBadRequest, "The cursor is not valid")
		return 0, 0, false
	}
	return offset, limit, true
}

// confV2Enum checks an optional enumerated query parameter.
func (c *call) confV2Enum(name string, allowed ...string) (string, bool) {
	v := c.r.URL.Query().Get(name)
	if v == "" {
		return "", true
	}
	for _, a := range allowed {
		if v == a {
			return v, true
		}
	}
	c.fail(http.StatusBadRequest, "Provided value {"+v+"} for '"+name+"' is not valid. Valid values are: "+strings.Join(allowed, ", "))
	return "", false
}

// confV2Bool reads an optional boolean query parameter.
func (c *call) confV2Bool(name string, def bool) (bool, bool) {
	v := c.r.URL.Query().Get(name)
	if v == "" {
		return def, true
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		c.fail(http.StatusBadRequest, "Provided value {"+v+"} for '"+name+"' is not the correct type. Expected type is boolean")
		return false, false
	}
	return b, true
}

// confV2SubListQuery is what the lists below one item (page versions,
// footer comments and their replies) read first, in the order v2 checks
// them: path id, paging, body-format, then sort (one of sorts).
func (c *call) confV2SubListQuery(sorts ...string) (q confV2SubList, ok bool) {
	if q.id, ok = c.confV2PathID(); !ok {
		return q, false
	}
	if q.offset, q.limit, ok = c.confV2Paging(); !ok {
		return q, false
	}
	if q.format, ok = c.confV2Enum("body-format", "storage", "atlas_doc_format"); !ok {
		return q, false
	}
	if q.sortBy, ok = c.confV2Enum("sort", sorts...); !ok {
		return q, false
	}
	return q, true
}

// confV2SubList is the query of a list below one item.
type confV2SubList struct {
	id             string
	offset, limit  int
	format, sortBy string
}

var confV2SingleFormats = []string{"storage", "atlas_doc_format", "view", "export_view", "anonymous_export_view", "styled_view", "editor"}

// confStringID reads an id a client may send as a JSON string or number.
func confStringID(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", true
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s), true
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		if _, err := n.Int64(); err == nil {
			return n.String(), true
		}
	}
	return "", false
}

// confV2BodyIn reads a v2 write body: {representation, value} or the
// nested {storage: {…}} form.
func confV2BodyIn(raw json.RawMessage) (b confBodyIn, present bool, ok bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return b, false, true
	}
	var flat struct {
		Representation *string `json:"representation"`
		Value          string  `json:"value"`
	}
	if json.Unmarshal(raw, &flat) != nil {
		return b, false, false
	}
	if flat.Representation != nil {
		return confBodyIn{Representation: *flat.Representation, Value: flat.Value}, true, true
	}
	var nested map[string]confBodyIn
	if json.Unmarshal(raw, &nested) != nil {
		return b, false, false
	}
	for _, rep := range []string{"storage", "atlas_doc_format", "wiki"} {
		if nb, found := nested[rep]; found {
			if nb.Representation == "" {
				nb.Representation = rep
			}
			return nb, true, true
		}
	}
	return b, false, true
}

// v2RequiredBody reads and converts a v2 body the client must send (page
// update, comment create); msg is the 400 answer, missing when there is
// no usable body.
func (st *confluenceStore) v2RequiredBody(raw json.RawMessage, missing string) (b confBodyIn, storage, adf, msg string) {
	b, present, ok := confV2BodyIn(raw)
	if !ok || !present {
		return b, "", "", missing
	}
	storage, adf, msg = st.toStorage(b)
	return b, storage, adf, msg
}

// ---- spaces ------------------------------------------------------------------------------

func (c *call) confV2Spaces() {
	q := c.r.URL.Query()
	offset, limit, ok := c.confV2Paging()
	if !ok {
		return
	}
	descFormat, ok := c.confV2Enum("description-format", "plain", "view")
	if !ok {
		return
	}
	sortBy, ok := c.confV2Enum("sort", "id", "-id", "key", "-key", "name", "-name")
	if !ok {
		return
	}
	typ, ok := c.confV2Enum("type", "global", "collaboration", "knowledge_base", "personal", "system", "onboarding", "xflow_sample_space")
	if !ok {
		return
	}
	status, ok := c.confV2Enum("status", "current", "archived")
	if !ok {
		return
	}
	icon, ok := c.confV2Bool("include-icon", false)
	if !ok {
		return
	}
	ids := map[int64]bool{}
	for _, v := range confList(q, "ids") {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			c.fail(http.StatusBadRequest, "Provided value {"+v+"} for 'ids' is not the correct type. Expected type is long")
			return
		}
		ids[n] = true
	}
	keys := confList(q, "keys")
	x := c.confluence()
	var spaces []*confSpace
	for _, sp := range c.conf.spaces.all() {
		if len(ids) > 0 && !ids[sp.id] || (typ != "" && typ != "global") || status == "archived" {
			continue
		}
		if len(keys) > 0 {
			found := false
			for _, k := range keys {
				found = found || k == sp.key
			}
			if !found {
				continue
			}
		}
		spaces = append(spaces, sp)
	}
	sort.SliceStable(spaces, func(i, j int) bool {
		a, b := spaces[i], spaces[j]
		switch strings.TrimPrefix(sortBy, "-") {
		case "key":
			return (a.key < b.key) != strings.HasPrefix(sortBy, "-")
		case "name":
			return (a.name < b.name) != strings.HasPrefix(sortBy, "-")
		}
		return (a.id < b.id) != strings.HasPrefix(sortBy, "-")
	})
	results := []any{}
	for _, sp := range window(spaces, offset, limit) {
		results = append(results, x.v2Space(sp, descFormat, icon))
	}
	c.confV2List(x.base, results, offset, limit, len(spaces))
}

func (c *call) confV2Space() {
	id, ok := c.confV2PathID()
	if !ok {
		return
	}
	descFormat, ok := c.confV2Enum("description-format", "plain", "view")
	if !ok {
		return
	}
	icon, ok := c.confV2Bool("include-icon", false)
	if !ok {
		return
	}
	n, _ := strconv.ParseInt(id, 10, 64)
	x := c.confluence()
	sp := c.conf.spaces.get(strconv.FormatInt(n, 10))
	var out confMap
	if sp != nil {
		out = x.v2Space(sp, descFormat, icon)
		out["_links"].(confMap)["base"] = x.base
	}
	if sp == nil {
		c.fail(http.StatusNotFound, "Not Found")
		return
	}
	c.json(http.StatusOK, out)
}

// ---- pages ------------------------------------------------------------------------------

// confV2Page is GET /pages/{id} and GET /blogposts/{id}: v2 keeps pages
// and blog posts apart, each path knows only its own.
func (c *call) confV2Page() {
	id, ok := c.confV2PathID()
	if !ok {
		return
	}
	format, ok := c.confV2Enum("body-format", confV2SingleFormats...)
	if !ok {
		return
	}
	verNum, ok := confInt(c.r.URL.Query(), "version", 0)
	if !ok {
		c.fail(http.StatusBadRequest, "Provided value {"+c.r.URL.Query().Get("version")+"} for 'version' is not the correct type. Expected type is int")
		return
	}
	flags := map[string]bool{}
	for name, def := range map[string]bool{"include-labels": false, "include-versions": false, "include-version": true} {
		v, ok := c.confV2Bool(name, def)
		if !ok {
			return
		}
		flags[name] = v
	}
	x := c.confluence()
	content := c.confV2Container(id)
	if content == nil {
		c.fail(http.StatusNotFound, "Not Found")
		return
	}
	v := content.cur()
	if verNum > 0 {
		if v = content.version(verNum); v == nil {
			c.fail(http.StatusNotFound, "Not Found")
			return
		}
	}
	out := x.v2Page(content, v, format)
	if content.typ == "blogpost" {
		// A blog post has no place in a tree, no subtype and no owner.
		for _, k := range []string{"position", "parentId", "parentType", "subtype", "ownerId", "lastOwnerId"} {
			delete(out, k)
		}
		delete(out["_links"].(confMap), "edituiv2")
	}
	if !flags["include-version"] {
		delete(out, "version")
	}
	self := "/wiki/api/v2/" + content.typ + "s/" + content.id // pages, blogposts
	if flags["include-labels"] {
		labels := []any{}
		for _, l := range content.labels {
			labels = append(labels, confMap{"id": c.conf.labelID(l), "name": l, "prefix": "global"})
		}
		out["labels"] = confMap{"results": labels, "meta": confMap{"hasMore": false, "cursor": ""}, "_links": confMap{"self": self + "/labels"}}
	}
	if flags["include-versions"] {
		versions := []any{}
		for i := len(content.versions) - 1; i >= 0; i-- {
			versions = append(versions, x.v2Version(content.versions[i]))
		}
		out["versions"] = confMap{"results": versions, "meta": confMap{"hasMore": false, "cursor": ""}, "_links": confMap{"self": self + "/versions"}}
	}
	out["_links"].(confMap)["base"] = x.base
	c.json(http.StatusOK, out)
}

func (c *call) confV2Pages() {
	q := c.r.URL.Query()
	offset, limit, ok := c.confV2Paging()
	if !ok {
		return
	}
	format, ok := c.confV2Enum("body-format", "storage", "atlas_doc_format")
	if !ok {
		return
	}
	sortBy, ok := c.confV2Enum("sort", "id", "-id", "created-date", "-created-date", "modified-date", "-modified-date", "title", "-title")
	if !ok {
		return
	}
	if _, ok := c.confV2Enum("subtype", "live", "page"); !ok {
		return
	}
	filter := func(name string) (map[string]bool, bool) {
		set := map[string]bool{}
		for _, v := range confList(q, name) {
			if _, err := strconv.ParseInt(v, 10, 64); err != nil {
				c.fail(http.StatusBadRequest, "Provided value {"+v+"} for '"+name+"' is not the correct type. Expected type is long")
				return nil, false
			}
			set[v] = true
		}
		return set, true
	}
	ids, ok := filter("id")
	if !ok {
		return
	}
	spaceIDs, ok := filter("space-id")
	if !ok {
		return
	}
	statuses := map[string]bool{}
	for _, st := range confList(q, "status") {
		switch st {
		case "current", "archived", "deleted", "trashed":
			statuses[st] = true
		default:
			c.fail(http.StatusBadRequest, "Provided value {"+st+"} for 'status' is not valid. Valid values are: current, archived, deleted, trashed")
			return
		}
	}
	if len(statuses) == 0 {
		statuses["current"] = true
		statuses["archived"] = true
	}
	title, hasTitle := q.Get("title"), q.Has("title")
	x := c.confluence()
	var pages []*confContent
	for _, content := range c.conf.content.all() {
		if content.typ != "page" || !statuses[content.status] ||
			(len(ids) > 0 && !ids[content.id]) ||
			(len(spaceIDs) > 0 && !spaceIDs[strconv.FormatInt(content.space.id, 10)]) ||
			(hasTitle && !strings.EqualFold(content.title(), title)) {
			continue
		}
		pages = append(pages, content)
	}
	confSortV2(pages, sortBy)
	results := []any{}
	for _, content := range window(pages, offset, limit) {
		p := x.v2Page(content, nil, format)
		results = append(results, p)
	}
	c.confV2List(x.base, results, offset, limit, len(pages))
}

// confSortV2 applies a v2 sort order (id, created-date, modified-date,
// title; "-" for descending).
func confSortV2(items []*confContent, sortBy string) {
	desc := strings.HasPrefix(sortBy, "-")
	key := strings.TrimPrefix(sortBy, "-")
	num := func(content *confContent) int64 { n, _ := strconv.ParseInt(content.id, 10, 64); return n }
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		cmp := 0
		switch key {
		case "created-date":
			cmp = a.created.Compare(b.created)
		case "modified-date":
			cmp = a.modified().Compare(b.modified())
		case "title":
			cmp = strings.Compare(strings.ToLower(a.title()), strings.ToLower(b.title()))
		}
		if cmp == 0 {
			switch na, nb := num(a), num(b); {
			case na < nb:
				cmp = -1
			case na > nb:
				cmp = 1
			}
		}
		if desc {
			return cmp > 0
		}
		return cmp < 0
	})
}

// confV2PageWrite is the body of POST and PUT /pages.
type confV2PageWrite struct {
	ID       json.RawMessage `json:"id"`
	Status   string          `json:"status"`
	Title    *string         `json:"title"`
	SpaceID  json.RawMessage `json:"spaceId"`
	ParentID json.RawMessage `json:"parentId"`
	Body     json.RawMessage `json:"body"`
	Subtype  string          `json:"subtype"`
	Version  *struct {
		Number  *int   `json:"number"`
		Message string `json:"message"`
	} `json:"version"`
}

func (c *call) confV2CreatePage() {
	rootLevel, ok := c.confV2Bool("root-level", false)
	if !ok {
		return
	}
	var in confV2PageWrite
	if !c.decodeConfJSON(&in) {
		return
	}
	bad := func(msg string) { c.fail(http.StatusBadRequest, msg) }
	spaceID, okID := confStringID(in.SpaceID)
	parentID, okParent := confStringID(in.ParentID)
	n, errNum := strconv.ParseInt(spaceID, 10, 64)
	switch {
	case !okID || spaceID == "":
		bad("A spaceId is required to create a page")
		return
	case errNum != nil:
		bad("Provided value {" + spaceID + "} for 'spaceId' is not the correct type. Expected type is long")
		return
	case !okParent:
		bad("The parentId must be a page id")
		return
	}
	status := in.Status
	if status == "" {
		status = "current"
	}
	if status != "current" && status != "draft" {
		bad("Provided value {" + status + "} for 'status' is not valid. Valid values are: current, draft")
		return
	}
	if in.Subtype != "" && in.Subtype != "live" {
		bad("Provided value {" + in.Subtype + "} for 'subtype' is not valid. Valid values are: live")
		return
	}
	title := ""
	if in.Title != nil {
		title = strings.TrimSpace(*in.Title)
	}
	if title == "" && status == "current" {
		bad("A title is required to publish a page")
		return
	}
	bodyIn, present, okBody := confV2BodyIn(in.Body)
	if !okBody {
		bad("The body must be {\"representation\": …, \"value\": …}")
		return
	}
	storage, adf, msg := c.conf.optionalStorage(bodyIn, present)
	if msg != "" {
		bad(msg)
		return
	}
	st := c.conf
	user := c.user
	sp := st.spaces.get(strconv.FormatInt(n, 10))
	if sp == nil {
		c.fail(http.StatusNotFound, "No space found with id "+spaceID)
		return
	}
	if !st.canWrite(user, sp) {
		c.fail(http.StatusForbidden, "User "+user.DisplayName+" does not have permission to create pages in space "+sp.key)
		return
	}
	if parentID == "" && !rootLevel {
		parentID = sp.homepageID
	}
	if parentID != "" {
		p := st.get(parentID)
		if p == nil || p.typ != "page" || p.status == "trashed" {
			c.fail(http.StatusNotFound, "No parent page found with id "+parentID)
			return
		}
		if p.space != sp {
			bad("The parent page " + parentID + " is not in space " + sp.key)
			return
		}
	}
	if status == "current" && st.titleTaken(sp, "page", title, "") {
		bad(confTitleTakenMsg(title, sp))
		return
	}
	content := st.add(confNew{typ: "page", status: status, title: title, space: sp, parentID: parentID, body: storage, adf: adf, author: user, when: st.now()})
	content.extras.subtype = in.Subtype
	c.writeConfV2Page(content, bodyIn.Representation)
}

// confV2AnswerFormat is the body format a v2 write answers with: the
// client's own when it wrote ADF, storage otherwise.
func confV2AnswerFormat(written string) string {
	if written == "atlas_doc_format" {
		return "atlas_doc_format"
	}
	return "storage"
}

// writeConfV2Page answers a v2 page create or update: the page as it now
// stands, its body in the format the client wrote.
func (c *call) writeConfV2Page(content *confContent, written string) {
	x := c.confluence()
	out := x.v2Page(content, nil, confV2AnswerFormat(written))
	out["_links"].(confMap)["base"] = x.base
	c.json(http.StatusOK, out)
}

func (c *call) confV2UpdatePage() {
	id, ok := c.confV2PathID()
	if !ok {
		return
	}
	var in confV2PageWrite
	if !c.decodeConfJSON(&in) {
		return
	}
	bad := func(msg string) { c.fail(http.StatusBadRequest, msg) }
	bodyID, okID := confStringID(in.ID)
	spaceID, okSpace := confStringID(in.SpaceID)
	parentID, okParent := confStringID(in.ParentID)
	switch {
	case !okID || !okSpace || !okParent:
		bad("id, spaceId and parentId must be ids")
		return
	case bodyID == "":
		bad("The id of the page is required in the request body")
		return
	case bodyID != id:
		bad("The id in the request body (" + bodyID + ") does not match the id in the path (" + id + ")")
		return
	case in.Status != "current" && in.Status != "draft":
		bad("Provided value {" + in.Status + "} for 'status' is not valid. Valid values are: current, draft")
		return
	case in.Title == nil || strings.TrimSpace(*in.Title) == "":
		bad("A title is required to update a page")
		return
	case in.Version == nil || in.Version.Number == nil:
		bad("A version number is required to update a page: version.number must be the current version plus one")
		return
	}
	title := strings.TrimSpace(*in.Title)
	bodyIn, storage, adf, msg := c.conf.v2RequiredBody(in.Body, "A body {\"representation\": …, \"value\": …} is required to update a page")
	if msg != "" {
		bad(msg)
		return
	}
	st := c.conf
	user := c.user
	content := st.get(id)
	if content == nil || content.typ != "page" || content.status == "trashed" {
		c.fail(http.StatusNotFound, "Not Found")
		return
	}
	if spaceID != "" && spaceID != strconv.FormatInt(content.space.id, 10) {
		bad("Moving a page to another space is not supported by this endpoint")
		return
	}
	if !st.canWrite(user, content.space) {
		c.fail(http.StatusForbidden, "User "+user.DisplayName+" does not have permission to edit page "+content.id)
		return
	}
	if want := content.cur().number + 1; *in.Version.Number != want {
		c.fail(http.StatusConflict, "Version must be incremented when updating a page. Current Version: ["+
			strconv.Itoa(content.cur().number)+"]. Provided version: ["+strconv.Itoa(*in.Version.Number)+"]")
		return
	}
	if parentID != "" && parentID != content.parentID {
		p := st.get(parentID)
		switch {
		case p == nil || p.typ != "page" || p.status == "trashed":
			c.fail(http.StatusNotFound, "No parent page found with id "+parentID)
			return
		case p.space != content.space:
			bad("The parent page " + parentID + " is not in space " + content.space.key)
			return
		case p.id == content.id || st.isDescendant(p, content.id):
			bad("A page cannot be moved below itself or one of its descendants")
			return
		}
	}
	if st.titleTaken(content.space, "page", title, content.id) {
		bad(confTitleTakenMsg(title, content.space))
		return
	}
	if parentID != "" && parentID != content.parentID {
		content.position = st.nextPosition(parentID)
		content.parentID = parentID
	}
	content.status = "current"
	st.bump(content, confVersion{title: title, body: storage, adf: adf, message: in.Version.Message, author: user, when: st.now()})
	c.writeConfV2Page(content, bodyIn.Representation)
}

func (c *call) confV2PageVersions() {
	q, ok := c.confV2SubListQuery("modified-date", "-modified-date")
	if !ok {
		return
	}
	id, offset, limit, format, sortBy := q.id, q.offset, q.limit, q.format, q.sortBy
	x := c.confluence()
	content := c.conf.get(id)
	if content == nil || content.typ != "page" {
		c.fail(http.StatusNotFound, "Not Found")
		return
	}
	versions := append([]*confVersion(nil), content.versions...)
	if sortBy != "modified-date" { // newest first by default
		for i, j := 0, len(versions)-1; i < j; i, j = i+1, j-1 {
			versions[i], versions[j] = versions[j], versions[i]
		}
	}
	results := []any{}
	for _, v := range window(versions, offset, limit) {
		m := x.v2Version(v)
		page := confMap{"id": content.id, "title": v.title}
		if format != "" {
			page["body"] = x.v2Body(content, v, format)
		}
		m["page"] = page
		results = append(results, m)
	}
	c.confV2List(x.base, results, offset, limit, len(versions))
}

// ---- footer comments ----------------------------------------------------------------------

// confV2CommentList answers a list of comments.
func (c *call) confV2CommentList(list func(id string) ([]*confContent, bool)) {
	q, ok := c.confV2SubListQuery("created-date", "-created-date", "modified-date", "-modified-date")
	if !ok {
		return
	}
	id, offset, limit, format, sortBy := q.id, q.offset, q.limit, q.format, q.sortBy
	x := c.confluence()
	items, found := list(id)
	if !found {
		c.fail(http.StatusNotFound, "Not Found")
		return
	}
	if sortBy == "" {
		sortBy = "created-date"
	}
	confSortV2(items, sortBy)
	results := []any{}
	for _, content := range window(items, offset, limit) {
		results = append(results, x.v2Comment(content, format))
	}
	c.confV2List(x.base, results, offset, limit, len(items))
}

// confV2PageComments is GET /pages/{id}/footer-comments and GET
// /blogposts/{id}/footer-comments: each knows only its own kind of
// content, as v2 keeps pages and blog posts apart.
func (c *call) confV2PageComments() {
	c.confV2CommentList(func(id string) ([]*confContent, bool) {
		if c.confV2Container(id) == nil {
			return nil, false
		}
		return c.conf.comments(id), true
	})
}

// confV2Container is the live page (under /pages/) or blog post (under
// /blogposts/) a v2 request names by id; nil when there is none of that
// kind.
func (c *call) confV2Container(id string) *confContent {
	typ := "page"
	if strings.Contains(c.r.URL.Path, "/api/v2/blogposts/") {
		typ = "blogpost"
	}
	content := c.conf.get(id)
	if content == nil || content.typ != typ || content.status == "trashed" {
		return nil
	}
	return content
}

// confV2CommentChildren lists the replies to a footer comment; an inline
// comment's id is not one, as /footer-comments/{id} does not know it.
func (c *call) confV2CommentChildren() {
	c.confV2CommentList(func(id string) ([]*confContent, bool) {
		if c.conf.v2CommentOfKind(id, false) == nil {
			return nil, false
		}
		return c.conf.replies(id), true
	})
}

// v2CommentOfKind is the comment with the id when it is of the kind
// (inline or footer) a v2 path names; nil otherwise, as v2 keeps footer
// and inline comments apart.
func (st *confluenceStore) v2CommentOfKind(id string, inline bool) *confContent {
	content := st.get(id)
	if content == nil || content.typ != "comment" || (content.inline != nil) != inline {
		return nil
	}
	return content
}

// confV2Comment is GET /footer-comments/{id}; confV2InlineComment is GET
// /inline-comments/{id}. Each answers 404 for the other kind's id.
func (c *call) confV2Comment()       { c.confV2CommentByID(false) }
func (c *call) confV2InlineComment() { c.confV2CommentByID(true) }

func (c *call) confV2CommentByID(inline bool) {
	id, ok := c.confV2PathID()
	if !ok {
		return
	}
	format, ok := c.confV2Enum("body-format", confV2SingleFormats...)
	if !ok {
		return
	}
	x := c.confluence()
	content := c.conf.v2CommentOfKind(id, inline)
	if content == nil {
		c.fail(http.StatusNotFound, "Not Found")
		return
	}
	var out confMap
	if inline {
		out = x.v2InlineComment(content, format)
	} else {
		out = x.v2Comment(content, format)
	}
	out["_links"].(confMap)["base"] = x.base
	c.json(http.StatusOK, out)
}

func (c *call) confV2CreateComment() {
	var in struct {
		PageID          json.RawMessage `json:"pageId"`
		BlogPostID      json.RawMessage `json:"blogPostId"`
		ParentCommentID json.RawMessage `json:"parentCommentId"`
		AttachmentID    json.RawMessage `json:"attachmentId"`
		CustomContentID json.RawMessage `json:"customContentId"`
		Body            json.RawMessage `json:"body"`
	}
	if !c.decodeConfJSON(&in) {
		return
	}
	bad := func(msg string) { c.fail(http.StatusBadRequest, msg) }
	targets := map[string]string{}
	for name, raw := range map[string]json.RawMessage{"pageId": in.PageID, "blogPostId": in.BlogPostID, "parentCommentId": in.ParentCommentID, "attachmentId": in.AttachmentID, "customContentId": in.CustomContentID} {
		id, ok := confStringID(raw)
		if !ok {
			bad(name + " must be an id")
			return
		}
		if id != "" {
			targets[name] = id
		}
	}
	if len(targets) != 1 {
		bad("Exactly one of pageId, blogPostId, parentCommentId, attachmentId or customContentId is required")
		return
	}
	bodyIn, storage, adf, msg := c.conf.v2RequiredBody(in.Body, "A body {\"representation\": …, \"value\": …} is required")
	if msg != "" {
		bad(msg)
		return
	}
	st := c.conf
	user := c.user
	var container *confContent
	parentID := ""
	switch {
	case targets["pageId"] != "":
		if content := st.get(targets["pageId"]); content != nil && content.typ == "page" && content.status == "current" {
			container = content
		}
	case targets["blogPostId"] != "":
		if content := st.get(targets["blogPostId"]); content != nil && content.typ == "blogpost" && content.status == "current" {
			container = content
		}
	case targets["parentCommentId"] != "":
		// A footer reply's parent is a footer comment: Cloud takes a reply
		// to an inline comment under /inline-comments.
		if p := st.v2CommentOfKind(targets["parentCommentId"], false); p != nil {
			container = st.get(p.containerID)
			parentID = p.id
		}
	}
	if container == nil {
		c.fail(http.StatusNotFound, "Not Found")
		return
	}
	if !st.canWrite(user, container.space) {
		c.fail(http.StatusForbidden, "User "+user.DisplayName+" does not have permission to comment in space "+container.space.key)
		return
	}
	content := st.add(confNew{typ: "comment", title: "Re: " + container.title(), space: container.space, container: container.id,
		parentID: parentID, body: storage, adf: adf, author: user, when: st.now()})
	x := c.confluence()
	out := x.v2Comment(content, confV2AnswerFormat(bodyIn.Representation))
	out["_links"].(confMap)["base"] = x.base
	c.w.Header().Set("Location", x.base+"/api/v2/footer-comments/"+content.id)
	c.json(http.StatusCreated, out)
}
