package sandbox

import (
	"bytes"
	"encoding/json"
	"html"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// Confluence Cloud: v2 pages, spaces and footer comments under
// /wiki/api/v2, plus v1 CQL search and users under /wiki/rest/api. The v1
// content CRUD (/wiki/rest/api/content/{id}) is gone from Cloud and is not
// served.

func (s *Server) registerConfluenceCloud() {
	s.handle("GET /wiki/rest/api/search", s.confSearch)
	s.handle("GET /wiki/rest/api/content/search", s.confContentSearch)
	s.handle("GET /wiki/rest/api/user/current", s.confCurrentUser)
	s.handle("GET /wiki/rest/api/user", s.confUser)

	s.handle("GET /wiki/api/v2/spaces", s.confV2Spaces)
	s.handle("GET /wiki/api/v2/spaces/{id}", s.confV2Space)
	s.handle("GET /wiki/api/v2/pages", s.confV2Pages)
	s.handle("POST /wiki/api/v2/pages", s.confV2CreatePage)
	s.handle("GET /wiki/api/v2/pages/{id}", s.confV2Page)
	s.handle("PUT /wiki/api/v2/pages/{id}", s.confV2UpdatePage)
	s.handle("GET /wiki/api/v2/pages/{id}/versions", s.confV2PageVersions)
	s.handle("GET /wiki/api/v2/pages/{id}/footer-comments", s.confV2PageComments)
	s.handle("POST /wiki/api/v2/footer-comments", s.confV2CreateComment)
	s.handle("GET /wiki/api/v2/footer-comments/{id}", s.confV2Comment)
	s.handle("GET /wiki/api/v2/footer-comments/{id}/children", s.confV2CommentChildren)
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
func (x *confCtx) v2Body(c *confContent, v *confVersion, format string) confMap {
	switch format {
	case "":
		return confMap{}
	case "atlas_doc_format":
		return confMap{format: confMap{"representation": format, "value": x.st.adfOf(v)}}
	case "view", "export_view", "styled_view", "anonymous_export_view":
		return confMap{format: confMap{"representation": format, "value": confRenderView(v.body, x.st, c.id)}}
	}
	return confMap{format: confMap{"representation": format, "value": v.body}}
}

func (x *confCtx) v2Page(c *confContent, v *confVersion, format string) confMap {
	if v == nil {
		v = c.cur()
	}
	status := c.status
	if v != c.cur() {
		status = "historical"
	}
	m := confMap{
		"id": c.id, "status": status, "title": v.title, "spaceId": strconv.FormatInt(c.space.id, 10),
		"position": c.position, "createdAt": confTime(c.created), "lastOwnerId": nil,
		"version": x.v2Version(v), "body": x.v2Body(c, v, format),
		"_links": confMap{
			"webui": x.st.webui(c), "editui": "/pages/resumedraft.action?draftId=" + c.id,
			"edituiv2": "/spaces/" + c.space.key + "/pages/edit-v2/" + c.id, "tinyui": "/x/" + confTinyID(c.id),
		},
	}
	if c.creator != nil {
		m["authorId"] = c.creator.AccountID
		m["ownerId"] = c.creator.AccountID
	}
	if c.parentID != "" {
		m["parentId"] = c.parentID
		m["parentType"] = "page"
	}
	return m
}

func (x *confCtx) v2Comment(c *confContent, format string) confMap {
	m := confMap{
		"id": c.id, "status": c.status, "title": c.title(), "version": x.v2Version(c.cur()),
		"body": x.v2Body(c, c.cur(), format), "_links": confMap{"webui": x.st.webui(c)},
	}
	if container := x.st.get(c.containerID); container != nil && container.typ == "blogpost" {
		m["blogPostId"] = c.containerID
	} else {
		m["pageId"] = c.containerID
	}
	if c.parentID != "" {
		m["parentCommentId"] = c.parentID
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
func (s *Server) confV2PathID(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("id")
	if _, err := strconv.ParseInt(id, 10, 64); err != nil {
		s.confluenceError(w, r, http.StatusBadRequest, "Provided value {"+id+"} for 'id' is not the correct type. Expected type is ContentId")
		return "", false
	}
	return id, true
}

// confV2Paging reads limit (1–250, default 25) and cursor.
func (s *Server) confV2Paging(w http.ResponseWriter, r *http.Request) (offset, limit int, ok bool) {
	q := r.URL.Query()
	limit = 25
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			s.confluenceError(w, r, http.StatusBadRequest, "Provided value {"+v+"} for 'limit' is not valid: it must be an integer from 1 to 250")
			return 0, 0, false
		}
		limit = min(n, 250)
	}
	offset, valid := parseConfCursor(q.Get("cursor"))
	if !valid {
		s.confluenceError(w, r, http.StatusBadRequest, "The cursor is not valid")
		return 0, 0, false
	}
	return offset, limit, true
}

// confV2Enum checks an optional enumerated query parameter.
func (s *Server) confV2Enum(w http.ResponseWriter, r *http.Request, name string, allowed ...string) (string, bool) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return "", true
	}
	for _, a := range allowed {
		if v == a {
			return v, true
		}
	}
	s.confluenceError(w, r, http.StatusBadRequest, "Provided value {"+v+"} for '"+name+"' is not valid. Valid values are: "+strings.Join(allowed, ", "))
	return "", false
}

// confV2Bool reads an optional boolean query parameter.
func (s *Server) confV2Bool(w http.ResponseWriter, r *http.Request, name string, def bool) (bool, bool) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, true
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		s.confluenceError(w, r, http.StatusBadRequest, "Provided value {"+v+"} for '"+name+"' is not the correct type. Expected type is boolean")
		return false, false
	}
	return b, true
}

// confV2List answers a cursor-paged v2 list with _links.next and a Link
// header when there is more.
func (s *Server) confV2List(w http.ResponseWriter, r *http.Request, base string, results []any, offset, limit, total int) {
	links := confMap{"base": base}
	if offset+limit < total {
		q := r.URL.Query()
		q.Set("cursor", confCursor(offset+limit))
		next := r.URL.Path + "?" + q.Encode()
		links["next"] = next
		w.Header().Set("Link", "<"+next+`>; rel="next", <`+base+`>; rel="base"`)
	}
	writeJSON(w, http.StatusOK, confMap{"results": results, "_links": links})
}

// confV2SubListQuery is what the lists below one item (page versions,
// footer comments and their replies) read first, in the order v2 checks
// them: path id, paging, body-format, then sort (one of sorts).
func (s *Server) confV2SubListQuery(w http.ResponseWriter, r *http.Request, sorts ...string) (q confV2SubList, ok bool) {
	if q.id, ok = s.confV2PathID(w, r); !ok {
		return q, false
	}
	if q.offset, q.limit, ok = s.confV2Paging(w, r); !ok {
		return q, false
	}
	if q.format, ok = s.confV2Enum(w, r, "body-format", "storage", "atlas_doc_format"); !ok {
		return q, false
	}
	if q.sortBy, ok = s.confV2Enum(w, r, "sort", sorts...); !ok {
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

func (s *Server) confV2Spaces(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	offset, limit, ok := s.confV2Paging(w, r)
	if !ok {
		return
	}
	descFormat, ok := s.confV2Enum(w, r, "description-format", "plain", "view")
	if !ok {
		return
	}
	sortBy, ok := s.confV2Enum(w, r, "sort", "id", "-id", "key", "-key", "name", "-name")
	if !ok {
		return
	}
	typ, ok := s.confV2Enum(w, r, "type", "global", "collaboration", "knowledge_base", "personal", "system", "onboarding", "xflow_sample_space")
	if !ok {
		return
	}
	status, ok := s.confV2Enum(w, r, "status", "current", "archived")
	if !ok {
		return
	}
	icon, ok := s.confV2Bool(w, r, "include-icon", false)
	if !ok {
		return
	}
	ids := map[int64]bool{}
	for _, v := range confList(q, "ids") {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			s.confluenceError(w, r, http.StatusBadRequest, "Provided value {"+v+"} for 'ids' is not the correct type. Expected type is long")
			return
		}
		ids[n] = true
	}
	keys := confList(q, "keys")
	s.mu.Lock()
	x := s.confCtx(r)
	var spaces []*confSpace
	for _, sp := range s.conf.spaces {
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
	for _, sp := range confPage(spaces, offset, limit) {
		results = append(results, x.v2Space(sp, descFormat, icon))
	}
	s.mu.Unlock()
	s.confV2List(w, r, x.base, results, offset, limit, len(spaces))
}

func (s *Server) confV2Space(w http.ResponseWriter, r *http.Request) {
	id, ok := s.confV2PathID(w, r)
	if !ok {
		return
	}
	descFormat, ok := s.confV2Enum(w, r, "description-format", "plain", "view")
	if !ok {
		return
	}
	icon, ok := s.confV2Bool(w, r, "include-icon", false)
	if !ok {
		return
	}
	n, _ := strconv.ParseInt(id, 10, 64)
	s.mu.Lock()
	x := s.confCtx(r)
	sp := s.conf.spaceByID(n)
	var out confMap
	if sp != nil {
		out = x.v2Space(sp, descFormat, icon)
		out["_links"].(confMap)["base"] = x.base
	}
	s.mu.Unlock()
	if sp == nil {
		s.confluenceError(w, r, http.StatusNotFound, "Not Found")
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// ---- pages ------------------------------------------------------------------------------

func (s *Server) confV2Page(w http.ResponseWriter, r *http.Request) {
	id, ok := s.confV2PathID(w, r)
	if !ok {
		return
	}
	format, ok := s.confV2Enum(w, r, "body-format", confV2SingleFormats...)
	if !ok {
		return
	}
	verNum, ok := confInt(r.URL.Query(), "version", 0)
	if !ok {
		s.confluenceError(w, r, http.StatusBadRequest, "Provided value {"+r.URL.Query().Get("version")+"} for 'version' is not the correct type. Expected type is int")
		return
	}
	flags := map[string]bool{}
	for name, def := range map[string]bool{"include-labels": false, "include-versions": false, "include-version": true} {
		v, ok := s.confV2Bool(w, r, name, def)
		if !ok {
			return
		}
		flags[name] = v
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	x := s.confCtx(r)
	c := s.conf.get(id)
	if c == nil || c.typ != "page" || c.status == "trashed" {
		s.confluenceError(w, r, http.StatusNotFound, "Not Found")
		return
	}
	v := c.cur()
	if verNum > 0 {
		if v = c.version(verNum); v == nil {
			s.confluenceError(w, r, http.StatusNotFound, "Not Found")
			return
		}
	}
	out := x.v2Page(c, v, format)
	if !flags["include-version"] {
		delete(out, "version")
	}
	self := "/wiki/api/v2/pages/" + c.id
	if flags["include-labels"] {
		labels := []any{}
		for _, l := range c.labels {
			labels = append(labels, confMap{"id": s.conf.labelID(l), "name": l, "prefix": "global"})
		}
		out["labels"] = confMap{"results": labels, "meta": confMap{"hasMore": false, "cursor": ""}, "_links": confMap{"self": self + "/labels"}}
	}
	if flags["include-versions"] {
		versions := []any{}
		for i := len(c.versions) - 1; i >= 0; i-- {
			versions = append(versions, x.v2Version(c.versions[i]))
		}
		out["versions"] = confMap{"results": versions, "meta": confMap{"hasMore": false, "cursor": ""}, "_links": confMap{"self": self + "/versions"}}
	}
	out["_links"].(confMap)["base"] = x.base
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) confV2Pages(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	offset, limit, ok := s.confV2Paging(w, r)
	if !ok {
		return
	}
	format, ok := s.confV2Enum(w, r, "body-format", "storage", "atlas_doc_format")
	if !ok {
		return
	}
	sortBy, ok := s.confV2Enum(w, r, "sort", "id", "-id", "created-date", "-created-date", "modified-date", "-modified-date", "title", "-title")
	if !ok {
		return
	}
	if _, ok := s.confV2Enum(w, r, "subtype", "live", "page"); !ok {
		return
	}
	filter := func(name string) (map[string]bool, bool) {
		set := map[string]bool{}
		for _, v := range confList(q, name) {
			if _, err := strconv.ParseInt(v, 10, 64); err != nil {
				s.confluenceError(w, r, http.StatusBadRequest, "Provided value {"+v+"} for '"+name+"' is not the correct type. Expected type is long")
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
			s.confluenceError(w, r, http.StatusBadRequest, "Provided value {"+st+"} for 'status' is not valid. Valid values are: current, archived, deleted, trashed")
			return
		}
	}
	if len(statuses) == 0 {
		statuses["current"] = true
		statuses["archived"] = true
	}
	title, hasTitle := q.Get("title"), q.Has("title")
	s.mu.Lock()
	x := s.confCtx(r)
	var pages []*confContent
	for _, c := range s.conf.order {
		if c.typ != "page" || !statuses[c.status] ||
			(len(ids) > 0 && !ids[c.id]) ||
			(len(spaceIDs) > 0 && !spaceIDs[strconv.FormatInt(c.space.id, 10)]) ||
			(hasTitle && !strings.EqualFold(c.title(), title)) {
			continue
		}
		pages = append(pages, c)
	}
	confSortV2(pages, sortBy)
	results := []any{}
	for _, c := range confPage(pages, offset, limit) {
		p := x.v2Page(c, nil, format)
		results = append(results, p)
	}
	s.mu.Unlock()
	s.confV2List(w, r, x.base, results, offset, limit, len(pages))
}

// confSortV2 applies a v2 sort order (id, created-date, modified-date,
// title; "-" for descending).
func confSortV2(items []*confContent, sortBy string) {
	desc := strings.HasPrefix(sortBy, "-")
	key := strings.TrimPrefix(sortBy, "-")
	num := func(c *confContent) int64 { n, _ := strconv.ParseInt(c.id, 10, 64); return n }
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

func (s *Server) confV2CreatePage(w http.ResponseWriter, r *http.Request) {
	rootLevel, ok := s.confV2Bool(w, r, "root-level", false)
	if !ok {
		return
	}
	var in confV2PageWrite
	if !s.decodeConfJSON(w, r, &in) {
		return
	}
	bad := func(msg string) { s.confluenceError(w, r, http.StatusBadRequest, msg) }
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
	storage, adf, msg := s.conf.optionalStorage(bodyIn, present)
	if msg != "" {
		bad(msg)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.conf
	user := currentUser(r)
	sp := st.spaceByID(n)
	if sp == nil {
		s.confluenceError(w, r, http.StatusNotFound, "No space found with id "+spaceID)
		return
	}
	if !st.canWrite(user, sp) {
		s.confluenceError(w, r, http.StatusForbidden, "User "+user.DisplayName+" does not have permission to create pages in space "+sp.key)
		return
	}
	if parentID == "" && !rootLevel {
		parentID = sp.homepageID
	}
	if parentID != "" {
		p := st.get(parentID)
		if p == nil || p.typ != "page" || p.status == "trashed" {
			s.confluenceError(w, r, http.StatusNotFound, "No parent page found with id "+parentID)
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
	c := st.add(confNew{typ: "page", status: status, title: title, space: sp, parentID: parentID, body: storage, adf: adf, author: user, when: st.now()})
	s.writeConfV2Page(w, r, c, bodyIn.Representation)
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
func (s *Server) writeConfV2Page(w http.ResponseWriter, r *http.Request, c *confContent, written string) {
	x := s.confCtx(r)
	out := x.v2Page(c, nil, confV2AnswerFormat(written))
	out["_links"].(confMap)["base"] = x.base
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) confV2UpdatePage(w http.ResponseWriter, r *http.Request) {
	id, ok := s.confV2PathID(w, r)
	if !ok {
		return
	}
	var in confV2PageWrite
	if !s.decodeConfJSON(w, r, &in) {
		return
	}
	bad := func(msg string) { s.confluenceError(w, r, http.StatusBadRequest, msg) }
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
	bodyIn, storage, adf, msg := s.conf.v2RequiredBody(in.Body, "A body {\"representation\": …, \"value\": …} is required to update a page")
	if msg != "" {
		bad(msg)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.conf
	user := currentUser(r)
	c := st.get(id)
	if c == nil || c.typ != "page" || c.status == "trashed" {
		s.confluenceError(w, r, http.StatusNotFound, "Not Found")
		return
	}
	if spaceID != "" && spaceID != strconv.FormatInt(c.space.id, 10) {
		bad("Moving a page to another space is not supported by this endpoint")
		return
	}
	if !st.canWrite(user, c.space) {
		s.confluenceError(w, r, http.StatusForbidden, "User "+user.DisplayName+" does not have permission to edit page "+c.id)
		return
	}
	if want := c.cur().number + 1; *in.Version.Number != want {
		s.confluenceError(w, r, http.StatusConflict, "Version must be incremented when updating a page. Current Version: ["+
			strconv.Itoa(c.cur().number)+"]. Provided version: ["+strconv.Itoa(*in.Version.Number)+"]")
		return
	}
	if parentID != "" && parentID != c.parentID {
		p := st.get(parentID)
		switch {
		case p == nil || p.typ != "page" || p.status == "trashed":
			s.confluenceError(w, r, http.StatusNotFound, "No parent page found with id "+parentID)
			return
		case p.space != c.space:
			bad("The parent page " + parentID + " is not in space " + c.space.key)
			return
		case p.id == c.id || st.isDescendant(p, c.id):
			bad("A page cannot be moved below itself or one of its descendants")
			return
		}
	}
	if st.titleTaken(c.space, "page", title, c.id) {
		bad(confTitleTakenMsg(title, c.space))
		return
	}
	if parentID != "" && parentID != c.parentID {
		c.position = st.nextPosition(parentID)
		c.parentID = parentID
	}
	c.status = "current"
	st.bump(c, confVersion{title: title, body: storage, adf: adf, message: in.Version.Message, author: user, when: st.now()})
	s.writeConfV2Page(w, r, c, bodyIn.Representation)
}

func (s *Server) confV2PageVersions(w http.ResponseWriter, r *http.Request) {
	q, ok := s.confV2SubListQuery(w, r, "modified-date", "-modified-date")
	if !ok {
		return
	}
	id, offset, limit, format, sortBy := q.id, q.offset, q.limit, q.format, q.sortBy
	s.mu.Lock()
	x := s.confCtx(r)
	c := s.conf.get(id)
	if c == nil || c.typ != "page" {
		s.mu.Unlock()
		s.confluenceError(w, r, http.StatusNotFound, "Not Found")
		return
	}
	versions := append([]*confVersion(nil), c.versions...)
	if sortBy != "modified-date" { // newest first by default
		for i, j := 0, len(versions)-1; i < j; i, j = i+1, j-1 {
			versions[i], versions[j] = versions[j], versions[i]
		}
	}
	results := []any{}
	for _, v := range confPage(versions, offset, limit) {
		m := x.v2Version(v)
		page := confMap{"id": c.id, "title": v.title}
		if format != "" {
			page["body"] = x.v2Body(c, v, format)
		}
		m["page"] = page
		results = append(results, m)
	}
	s.mu.Unlock()
	s.confV2List(w, r, x.base, results, offset, limit, len(versions))
}

// ---- footer comments ----------------------------------------------------------------------

// confV2CommentList answers a list of comments.
func (s *Server) confV2CommentList(w http.ResponseWriter, r *http.Request, list func(id string) ([]*confContent, bool)) {
	q, ok := s.confV2SubListQuery(w, r, "created-date", "-created-date", "modified-date", "-modified-date")
	if !ok {
		return
	}
	id, offset, limit, format, sortBy := q.id, q.offset, q.limit, q.format, q.sortBy
	s.mu.Lock()
	x := s.confCtx(r)
	items, found := list(id)
	if !found {
		s.mu.Unlock()
		s.confluenceError(w, r, http.StatusNotFound, "Not Found")
		return
	}
	if sortBy == "" {
		sortBy = "created-date"
	}
	confSortV2(items, sortBy)
	results := []any{}
	for _, c := range confPage(items, offset, limit) {
		results = append(results, x.v2Comment(c, format))
	}
	s.mu.Unlock()
	s.confV2List(w, r, x.base, results, offset, limit, len(items))
}

func (s *Server) confV2PageComments(w http.ResponseWriter, r *http.Request) {
	s.confV2CommentList(w, r, func(id string) ([]*confContent, bool) {
		c := s.conf.get(id)
		if c == nil || c.typ != "page" || c.status == "trashed" {
			return nil, false
		}
		return s.conf.comments(id, false), true
	})
}

func (s *Server) confV2CommentChildren(w http.ResponseWriter, r *http.Request) {
	s.confV2CommentList(w, r, func(id string) ([]*confContent, bool) {
		c := s.conf.get(id)
		if c == nil || c.typ != "comment" {
			return nil, false
		}
		return s.conf.replies(id), true
	})
}

func (s *Server) confV2Comment(w http.ResponseWriter, r *http.Request) {
	id, ok := s.confV2PathID(w, r)
	if !ok {
		return
	}
	format, ok := s.confV2Enum(w, r, "body-format", confV2SingleFormats...)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	x := s.confCtx(r)
	c := s.conf.get(id)
	if c == nil || c.typ != "comment" {
		s.confluenceError(w, r, http.StatusNotFound, "Not Found")
		return
	}
	out := x.v2Comment(c, format)
	out["_links"].(confMap)["base"] = x.base
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) confV2CreateComment(w http.ResponseWriter, r *http.Request) {
	var in struct {
		PageID          json.RawMessage `json:"pageId"`
		BlogPostID      json.RawMessage `json:"blogPostId"`
		ParentCommentID json.RawMessage `json:"parentCommentId"`
		AttachmentID    json.RawMessage `json:"attachmentId"`
		CustomContentID json.RawMessage `json:"customContentId"`
		Body            json.RawMessage `json:"body"`
	}
	if !s.decodeConfJSON(w, r, &in) {
		return
	}
	bad := func(msg string) { s.confluenceError(w, r, http.StatusBadRequest, msg) }
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
	bodyIn, storage, adf, msg := s.conf.v2RequiredBody(in.Body, "A body {\"representation\": …, \"value\": …} is required")
	if msg != "" {
		bad(msg)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.conf
	user := currentUser(r)
	var container *confContent
	parentID := ""
	switch {
	case targets["pageId"] != "":
		if c := st.get(targets["pageId"]); c != nil && c.typ == "page" && c.status == "current" {
			container = c
		}
	case targets["blogPostId"] != "":
		if c := st.get(targets["blogPostId"]); c != nil && c.typ == "blogpost" && c.status == "current" {
			container = c
		}
	case targets["parentCommentId"] != "":
		if p := st.get(targets["parentCommentId"]); p != nil && p.typ == "comment" {
			container = st.get(p.containerID)
			parentID = p.id
		}
	}
	if container == nil {
		s.confluenceError(w, r, http.StatusNotFound, "Not Found")
		return
	}
	if !st.canWrite(user, container.space) {
		s.confluenceError(w, r, http.StatusForbidden, "User "+user.DisplayName+" does not have permission to comment in space "+container.space.key)
		return
	}
	c := st.add(confNew{typ: "comment", title: "Re: " + container.title(), space: container.space, container: container.id,
		parentID: parentID, body: storage, adf: adf, author: user, when: st.now()})
	x := s.confCtx(r)
	out := x.v2Comment(c, confV2AnswerFormat(bodyIn.Representation))
	out["_links"].(confMap)["base"] = x.base
	w.Header().Set("Location", x.base+"/api/v2/footer-comments/"+c.id)
	writeJSON(w, http.StatusCreated, out)
}
