package sandbox

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// Confluence Server/Data Center: the v1 content API under the context path
// /confluence. There is no v2 here.

func (s *Server) registerConfluenceDC() {
	const api = ConfluenceServerPrefix + "/rest/api"
	s.handle("GET "+api+"/search", s.confSearch)
	s.handle("GET "+api+"/content/search", s.confContentSearch)
	s.handle("GET "+api+"/user/current", s.confCurrentUser)
	s.handle("GET "+api+"/user", s.confUser)
	s.handle("GET "+api+"/space", s.confDCSpaces)
	s.handle("GET "+api+"/space/{spaceKey}", s.confDCSpace)
	s.handle("GET "+api+"/content", s.confDCContentList)
	s.handle("POST "+api+"/content", s.confDCCreate)
	s.handle("GET "+api+"/content/{id}", s.confDCGet)
	s.handle("PUT "+api+"/content/{id}", s.confDCUpdate)
	s.handle("GET "+api+"/content/{id}/child/{type}", s.confDCChildren)
}

// Default expansions of the DC content endpoints, per the DC document.
const (
	confDCGetExpand   = "history,space,version"
	confDCWriteExpand = "body.storage,history,space,container.history,container.version,version,ancestors"
)

// confDCExpand is the expand parameter, or def when the client sent none.
func confDCExpand(r *http.Request, def string) confExpand {
	q := r.URL.Query()
	if !q.Has("expand") {
		return parseConfExpand(def)
	}
	return parseConfExpand(q["expand"]...)
}

// confDCPaging reads start and limit (default 25, at most max).
func (s *Server) confDCPaging(w http.ResponseWriter, r *http.Request, maxLimit int) (start, limit int, ok bool) {
	q := r.URL.Query()
	limit, ok1 := confInt(q, "limit", 25)
	start, ok2 := confInt(q, "start", 0)
	if !ok1 || !ok2 {
		s.confluenceError(w, r, http.StatusBadRequest, "start and limit must be non-negative integers")
		return 0, 0, false
	}
	return start, min(limit, maxLimit), true
}

// confDCList answers an offset-paged v1 list.
func (s *Server) confDCList(w http.ResponseWriter, r *http.Request, x *confCtx, relPath string, results []any, start, limit, total int) {
	links := confMap{"base": x.base, "context": x.context(), "self": x.base + relPath}
	s.confPageLinks(links, r, relPath, start, limit, total)
	writeJSON(w, http.StatusOK, confMap{"results": results, "start": start, "limit": limit, "size": len(results), "_links": links})
}

func confNotFoundID(id string) string { return "No content found with id: ContentId{id=" + id + "}" }

// ---- spaces --------------------------------------------------------------------------------

func (s *Server) confDCSpaces(w http.ResponseWriter, r *http.Request) {
	start, limit, ok := s.confDCPaging(w, r, 500)
	if !ok {
		return
	}
	q := r.URL.Query()
	keys := append(confList(q, "spaceKey"), confList(q, "spaceKeys")...)
	exp := parseConfExpand(q["expand"]...)
	typ, status := q.Get("type"), q.Get("status")
	s.mu.Lock()
	x := s.confCtx(r)
	var spaces []*confSpace
	for _, sp := range s.conf.spaces {
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
	for _, sp := range confPage(spaces, start, limit) {
		results = append(results, x.v1Space(sp, exp))
	}
	s.mu.Unlock()
	s.confDCList(w, r, x, "/rest/api/space", results, start, limit, len(spaces))
}

func (s *Server) confDCSpace(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("spaceKey")
	s.mu.Lock()
	defer s.mu.Unlock()
	x := s.confCtx(r)
	sp := s.conf.spaceByKey(key)
	if sp == nil {
		s.confluenceError(w, r, http.StatusNotFound, "No space with key : "+key)
		return
	}
	out := x.v1Space(sp, parseConfExpand(r.URL.Query()["expand"]...))
	out["_links"].(confMap)["base"] = x.base
	out["_links"].(confMap)["context"] = x.context()
	writeJSON(w, http.StatusOK, out)
}

// ---- content ---------------------------------------------------------------------------------

func (s *Server) confDCContentList(w http.ResponseWriter, r *http.Request) {
	start, limit, ok := s.confDCPaging(w, r, 200)
	if !ok {
		return
	}
	q := r.URL.Query()
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
	s.mu.Lock()
	x := s.confCtx(r)
	var items []*confContent
	for _, c := range s.conf.order {
		if c.typ != typ || !(statuses[c.status] || statuses["any"]) ||
			(spaceKey != "" && !strings.EqualFold(c.space.key, spaceKey)) ||
			(hasTitle && !strings.EqualFold(c.title(), title)) ||
			(len(ids) > 0 && !ids[c.id]) {
			continue
		}
		items = append(items, c)
	}
	results := []any{}
	for _, c := range confPage(items, start, limit) {
		results = append(results, x.v1Content(c, nil, exp, false))
	}
	s.mu.Unlock()
	s.confDCList(w, r, x, "/rest/api/content", results, start, limit, len(items))
}

func (s *Server) confDCGet(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	q := r.URL.Query()
	verNum, ok := confInt(q, "version", 0)
	if !ok {
		s.confluenceError(w, r, http.StatusBadRequest, "The version query parameter must be a positive integer")
		return
	}
	statuses := map[string]bool{}
	for _, st := range confList(q, "status") {
		statuses[st] = true
	}
	exp := confDCExpand(r, confDCGetExpand)
	s.mu.Lock()
	defer s.mu.Unlock()
	x := s.confCtx(r)
	c := s.conf.get(id)
	if c == nil || (len(statuses) > 0 && !statuses[c.status] && !statuses["any"] && !(verNum > 0 && statuses["historical"])) {
		s.confluenceError(w, r, http.StatusNotFound, confNotFoundID(id))
		return
	}
	v := c.cur()
	if verNum > 0 {
		if v = c.version(verNum); v == nil {
			s.confluenceError(w, r, http.StatusNotFound, confNotFoundID(id)+" and version "+strconv.Itoa(verNum))
			return
		}
	}
	writeJSON(w, http.StatusOK, x.v1Content(c, v, exp, true))
}

func (s *Server) confDCChildren(w http.ResponseWriter, r *http.Request) {
	id, typ := r.PathValue("id"), r.PathValue("type")
	start, limit, ok := s.confDCPaging(w, r, 200)
	if !ok {
		return
	}
	q := r.URL.Query()
	if typ != "page" && typ != "comment" && typ != "attachment" {
		s.confluenceError(w, r, http.StatusBadRequest, "Unsupported child content type: "+typ)
		return
	}
	exp := parseConfExpand(q["expand"]...)
	locations := confList(q, "location")
	s.mu.Lock()
	x := s.confCtx(r)
	c := s.conf.get(id)
	if c == nil {
		s.mu.Unlock()
		s.confluenceError(w, r, http.StatusNotFound, confNotFoundID(id))
		return
	}
	var items []*confContent
	switch typ {
	case "page":
		items = s.conf.children(id)
	case "comment":
		footer := len(locations) == 0
		for _, l := range locations {
			footer = footer || l == "footer"
		}
		if footer {
			items = s.conf.comments(id, q.Get("depth") == "all")
		}
	}
	results := []any{}
	for _, ch := range confPage(items, start, limit) {
		results = append(results, x.v1Content(ch, nil, exp, false))
	}
	s.mu.Unlock()
	s.confDCList(w, r, x, "/rest/api/content/"+id+"/child/"+typ, results, start, limit, len(items))
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
	Body    map[string]json.RawMessage `json:"body"`
	Version *struct {
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

func (s *Server) confDCCreate(w http.ResponseWriter, r *http.Request) {
	var in confDCWrite
	if !s.decodeConfJSON(w, r, &in) {
		return
	}
	bad := func(msg string) { s.confluenceError(w, r, http.StatusBadRequest, msg) }
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
	present, storage, _, msg := in.storageBody(s.conf)
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
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.conf
	user := currentUser(r)
	n := confNew{typ: in.Type, status: status, title: title, body: storage, author: user, when: st.now()}
	if in.Type == "comment" {
		if in.Container == nil {
			bad("A comment needs a container: {\"container\": {\"id\": …, \"type\": \"page\"}}")
			return
		}
		cid, ok := confStringID(in.Container.ID)
		container := st.get(cid)
		if !ok || container == nil || container.typ == "comment" || container.status != "current" {
			s.confluenceError(w, r, http.StatusNotFound, confNotFoundID(cid))
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
			s.confluenceError(w, r, http.StatusForbidden, "User not permitted to comment on content with id "+container.id)
			return
		}
		if !present || strings.TrimSpace(storage) == "" {
			bad("A comment must have a body")
			return
		}
		n.space, n.container, n.title = container.space, container.id, "Re: "+container.title()
	} else {
		if in.Space == nil || in.Space.Key == "" {
			bad("A space key is required: {\"space\": {\"key\": …}}")
			return
		}
		sp := st.spaceByKey(in.Space.Key)
		if sp == nil {
			s.confluenceError(w, r, http.StatusNotFound, "No space with key : "+in.Space.Key)
			return
		}
		if title == "" {
			bad("A title is required to create " + in.Type + " content")
			return
		}
		if !st.canWrite(user, sp) {
			s.confluenceError(w, r, http.StatusForbidden, "User not permitted to create content in space "+sp.key)
			return
		}
		if ancestorID != "" {
			if in.Type != "page" {
				bad("Only pages can have ancestors")
				return
			}
			p := st.get(ancestorID)
			if p == nil || p.typ != "page" || p.status != "current" {
				s.confluenceError(w, r, http.StatusNotFound, confNotFoundID(ancestorID))
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
	c := st.add(n)
	writeJSON(w, http.StatusOK, s.confCtx(r).v1Content(c, nil, confDCExpand(r, confDCWriteExpand), true))
}

func (s *Server) confDCUpdate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	var in confDCWrite
	if !s.decodeConfJSON(w, r, &in) {
		return
	}
	bad := func(msg string) { s.confluenceError(w, r, http.StatusBadRequest, msg) }
	if in.Version == nil || in.Version.Number == nil {
		bad("Must supply an incremented version when updating Content. No version supplied.")
		return
	}
	present, storage, adf, msg := in.storageBody(s.conf)
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
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.conf
	user := currentUser(r)
	c := st.get(id)
	if c == nil || c.status == "trashed" {
		s.confluenceError(w, r, http.StatusNotFound, confNotFoundID(id))
		return
	}
	switch {
	case bodyID != "" && bodyID != id:
		bad("The id in the request body (" + bodyID + ") does not match the content id " + id)
		return
	case in.Type != "" && in.Type != c.typ:
		bad("Cannot change the type of content " + id + " from " + c.typ + " to " + in.Type)
		return
	}
	if !st.canWrite(user, c.space) {
		s.confluenceError(w, r, http.StatusForbidden, "User not permitted to edit content with id "+id)
		return
	}
	if want := c.cur().number + 1; *in.Version.Number != want {
		s.confluenceError(w, r, http.StatusConflict, "Version must be incremented on update. Current version is: "+strconv.Itoa(c.cur().number))
		return
	}
	title := c.title()
	if in.Title != nil {
		title = strings.TrimSpace(*in.Title)
	}
	if title == "" && c.typ != "comment" {
		bad("A title is required to update " + c.typ + " content")
		return
	}
	if ancestorID != "" && c.typ == "page" && ancestorID != c.parentID {
		p := st.get(ancestorID)
		switch {
		case p == nil || p.typ != "page" || p.status != "current":
			s.confluenceError(w, r, http.StatusNotFound, confNotFoundID(ancestorID))
			return
		case p.space != c.space:
			bad("The parent page " + ancestorID + " is not in space " + c.space.key)
			return
		case p.id == c.id || st.isDescendant(p, c.id):
			bad("A page cannot be moved below itself or one of its descendants")
			return
		}
	}
	if c.typ != "comment" && st.titleTaken(c.space, c.typ, title, c.id) {
		bad(confTitleTakenMsg(title, c.space))
		return
	}
	if ancestorID != "" && c.typ == "page" && ancestorID != c.parentID {
		c.position = st.nextPosition(ancestorID)
		c.parentID = ancestorID
	}
	if !present {
		storage, adf = c.cur().body, c.cur().adf
	}
	c.status = "current"
	st.bump(c, confVersion{title: title, body: storage, adf: adf, message: in.Version.Message, minorEdit: in.Version.MinorEdit, author: user, when: st.now()})
	writeJSON(w, http.StatusOK, s.confCtx(r).v1Content(c, nil, confDCExpand(r, confDCWriteExpand), true))
}
