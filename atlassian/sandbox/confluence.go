package sandbox

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The Confluence half of the sandbox. Cloud speaks v2 (pages, spaces,
// footer comments) under /wiki/api/v2 and v1 (CQL search, users) under
// /wiki/rest/api; Server/DC speaks the v1 content API under
// /confluence/rest/api. Both dialects read and write the same in-memory
// model below:
//
//	confluence.go         model, store, shared helpers, route table
//	confluence_seed.go    the seeded DEMO and TEAM spaces
//	confluence_cloud.go   Cloud v2 and v1 handlers
//	confluence_dc.go      Server/DC v1 handlers
//	confluence_search.go  CQL search and user handlers both dialects share
//	confluence_v1.go      v1 JSON (Content, Space, User, Version) with expansions
//	confluence_cql.go     the CQL parser and evaluator
//	confluence_xhtml.go   storage XHTML: parsing, view HTML, plain text
//	confluence_adf.go     storage ⇄ ADF and wiki → storage conversions

// confMap is a JSON object under construction.
type confMap = map[string]any

// confSpace is a Confluence space.
type confSpace struct {
	id          int64
	key         string
	name        string
	description string
	homepageID  string
	creator     *User
	created     time.Time
	// readOnly names users who may read the space but not add or edit
	// content in it.
	readOnly map[string]bool
}

// confVersion is one version of a piece of content.
type confVersion struct {
	number    int
	title     string
	body      string // storage XHTML
	adf       string // the ADF document as written, when it was written as ADF
	message   string
	minorEdit bool
	author    *User
	when      time.Time
}

// confContent is a page, blog post or comment.
type confContent struct {
	id     string
	typ    string // page, blogpost, comment
	status string // current, draft
	space  *confSpace
	// parentID is the parent page of a page, or the parent comment of a
	// reply; containerID is the page or blog post a comment belongs to.
	parentID    string
	containerID string
	labels      []string
	creator     *User
	created     time.Time
	position    int
	versions    []*confVersion // oldest first; the last is current
	extras      pageExtras     // subtype, properties, restrictions (confluence_pages.go)
	// inline anchors an inline comment to page text; nil for footer
	// comments and everything else (confluence_inline.go).
	inline *confInline
}

func (c *confContent) cur() *confVersion { return c.versions[len(c.versions)-1] }

func (c *confContent) title() string { return c.cur().title }

func (c *confContent) modified() time.Time { return c.cur().when }

func (c *confContent) version(n int) *confVersion {
	for _, v := range c.versions {
		if v.number == n {
			return v
		}
	}
	return nil
}

// confluenceStore holds Confluence's state. Every access goes through
// Server.mu.
type confluenceStore struct {
	s        *Server
	now      func() time.Time
	spaces   *collection[*confSpace]   // found by id or key
	content  *collection[*confContent] // pages, blog posts and comments, in creation order
	nextID   int64
	labelIDs map[string]string
	files    *confFileStore // attachments, made on first use (confluence_attachments.go)
}

func newConfluenceStore(s *Server) *confluenceStore {
	st := &confluenceStore{
		s:   s,
		now: func() time.Time { return time.Now().UTC().Truncate(time.Millisecond) },
		spaces: newCollection(func(sp *confSpace) string { return strconv.FormatInt(sp.id, 10) },
			func(sp *confSpace) string { return sp.key }),
		content:  newCollection(func(c *confContent) string { return c.id }, nil),
		nextID:   65537,
		labelIDs: map[string]string{},
	}
	st.seed()
	return st
}

// ---- lookups ---------------------------------------------------------------

func (st *confluenceStore) get(id string) *confContent { return st.content.get(id) }

// ancestors lists the parent chain of a page, root first; for a comment,
// its parent comments, outermost first.
func (st *confluenceStore) ancestors(c *confContent) []*confContent {
	var chain []*confContent
	seen := map[string]bool{c.id: true}
	for p := st.get(c.parentID); p != nil && !seen[p.id]; p = st.get(p.parentID) {
		seen[p.id] = true
		chain = append([]*confContent{p}, chain...)
	}
	return chain
}

// currentWhere lists, in creation order, the current content that match
// keeps; the child, comment and reply lists all select this way.
func (st *confluenceStore) currentWhere(keep func(c *confContent) bool) []*confContent {
	var out []*confContent
	for _, c := range st.content.all() {
		if c.status == "current" && keep(c) {
			out = append(out, c)
		}
	}
	return out
}

// children lists the direct child pages of a page, by position.
func (st *confluenceStore) children(id string) []*confContent {
	out := st.currentWhere(func(c *confContent) bool { return c.typ == "page" && c.parentID == id })
	sort.SliceStable(out, func(i, j int) bool { return out[i].position < out[j].position })
	return out
}

// comments lists the top-level footer comments on a page or blog post in
// creation order.
func (st *confluenceStore) comments(containerID string) []*confContent {
	return st.currentWhere(func(c *confContent) bool {
		return c.typ == "comment" && c.inline == nil && c.containerID == containerID && c.parentID == ""
	})
}

func (st *confluenceStore) replies(commentID string) []*confContent {
	return st.currentWhere(func(c *confContent) bool { return c.typ == "comment" && c.parentID == commentID })
}

// titleTaken reports whether another page (or blog post) of the space has
// this title; Confluence compares titles case-insensitively.
func (st *confluenceStore) titleTaken(sp *confSpace, typ, title, exceptID string) bool {
	for _, c := range st.content.all() {
		if c.space == sp && c.typ == typ && c.id != exceptID && c.status != "trashed" && strings.EqualFold(c.title(), title) {
			return true
		}
	}
	return false
}

func (st *confluenceStore) isDescendant(c *confContent, ancestorID string) bool {
	for _, a := range st.ancestors(c) {
		if a.id == ancestorID {
			return true
		}
	}
	return false
}

func (st *confluenceStore) canWrite(u *User, sp *confSpace) bool {
	return u != nil && sp != nil && !sp.readOnly[u.Name]
}

func (st *confluenceStore) labelID(name string) string {
	if id, ok := st.labelIDs[name]; ok {
		return id
	}
	id := strconv.Itoa(4521985 + len(st.labelIDs))
	st.labelIDs[name] = id
	return id
}

// ---- writes ----------------------------------------------------------------

// confNew describes content to add.
type confNew struct {
	typ, status, title  string
	space               *confSpace
	parentID, container string
	body, adf           string
	labels              []string
	author              *User
	when                time.Time
	message             string
	inline              *confInline
}

func (st *confluenceStore) add(n confNew) *confContent {
	id := strconv.FormatInt(st.nextID, 10)
	st.nextID++
	status := n.status
	if status == "" {
		status = "current"
	}
	c := &confContent{
		id: id, typ: n.typ, status: status, space: n.space,
		parentID: n.parentID, containerID: n.container, inline: n.inline,
		labels: append([]string(nil), n.labels...), creator: n.author, created: n.when,
		versions: []*confVersion{{number: 1, title: n.title, body: n.body, adf: n.adf, message: n.message, author: n.author, when: n.when}},
	}
	if c.typ == "page" {
		c.position = st.nextPosition(n.parentID)
	}
	st.content.add(c)
	for _, l := range c.labels {
		st.labelID(l)
	}
	return c
}

// nextPosition is the position of a page placed last among the children of
// parentID; creating and moving a page both place it there.
func (st *confluenceStore) nextPosition(parentID string) int {
	return len(st.children(parentID))*4096 + 4096
}

// confTitleTakenMsg is the 400 message for a title already used in sp; the
// v2 and DC create and update handlers all answer it alike.
func confTitleTakenMsg(title string, sp *confSpace) string {
	return "A page with this title already exists: A page already exists with the title " + title + " in the space with key " + sp.key
}

// bump records a new version of c.
func (st *confluenceStore) bump(c *confContent, v confVersion) *confVersion {
	v.number = c.cur().number + 1
	nv := v
	c.versions = append(c.versions, &nv)
	return &nv
}

// ---- bodies ----------------------------------------------------------------

// confBodyIn is a body as a client wrote it.
type confBodyIn struct {
	Representation string `json:"representation"`
	Value          string `json:"value"`
}

// toStorage converts a written body to storage XHTML. It returns the ADF
// document too when the body was ADF, and an error message for the client
// when the body cannot be used.
func (st *confluenceStore) toStorage(b confBodyIn) (storage, adf string, errMsg string) {
	switch b.Representation {
	case "storage", "editor", "editor2":
		return b.Value, "", ""
	case "wiki":
		return confWikiToStorage(b.Value), "", ""
	case "atlas_doc_format":
		if !st.s.Cloud() {
			return "", "", "Unsupported representation: atlas_doc_format"
		}
		out, err := confADFToStorage(b.Value, st.s)
		if err != nil {
			return "", "", "Invalid atlas_doc_format body: " + err.Error()
		}
		return out, b.Value, ""
	case "":
		return "", "", "A body representation is required"
	}
	return "", "", "Unsupported representation: " + b.Representation
}

// optionalStorage is toStorage for a body the client may leave out: no body
// converts to empty storage and ADF without an error.
func (st *confluenceStore) optionalStorage(b confBodyIn, present bool) (storage, adf string, errMsg string) {
	if !present {
		return "", "", ""
	}
	return st.toStorage(b)
}

// ---- request helpers --------------------------------------------------------

// confBase is the absolute URL of Confluence as the caller reached it,
// e.g. https://host/wiki or http://host:8090/confluence.
func (s *Server) confBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "http" || p == "https" {
		scheme = p
	}
	prefix := ""
	if info, ok := r.Context().Value(ctxKey{}).(*requestInfo); ok && info.gateway {
		prefix = "/ex/confluence/" + s.opts.CloudID
	}
	return scheme + "://" + r.Host + prefix + s.ConfluencePrefix()
}

// decodeConfJSON reads a JSON request body into v; it answers 400 itself
// and returns false when the body is not usable.
func (c *call) decodeConfJSON(v any) bool {
	data, err := io.ReadAll(io.LimitReader(c.r.Body, 5<<20+1))
	if err != nil {
		c.fail(http.StatusBadRequest, "Could not read the request body")
		return false
	}
	if len(data) > 5<<20 {
		c.fail(http.StatusRequestEntityTooLarge, "The request is too large")
		return false
	}
	if len(strings.TrimSpace(string(data))) == 0 {
		c.fail(http.StatusBadRequest, "A JSON request body is required")
		return false
	}
	if err := json.Unmarshal(data, v); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		msg := "Could not parse the JSON request body"
		switch {
		case errors.As(err, &syn):
			msg = fmt.Sprintf("Unexpected character in the JSON request body at offset %d", syn.Offset)
		case errors.As(err, &typ):
			msg = fmt.Sprintf("Can not deserialize value of field %q: expected %s", typ.Field, typ.Type)
		}
		c.fail(http.StatusBadRequest, msg)
		return false
	}
	return true
}

// confInt parses an optional non-negative integer query parameter.
func confInt(q url.Values, name string, def int) (int, bool) {
	v := strings.TrimSpace(q.Get(name))
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}

// confList reads a multi-valued query parameter given either repeated or
// comma-separated.
func confList(q url.Values, name string) []string {
	var out []string
	for _, v := range q[name] {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// confExpand is a set of expansion paths such as "body.storage"; every
// prefix of a path is in the set too.
type confExpand map[string]bool

func parseConfExpand(values ...string) confExpand {
	e := confExpand{}
	for _, v := range values {
		for _, p := range strings.Split(v, ",") {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			parts := strings.Split(p, ".")
			for i := range parts {
				e[strings.Join(parts[:i+1], ".")] = true
			}
		}
	}
	return e
}

func (e confExpand) has(path string) bool { return e[path] }

// sub is the part of the set below prefix.
func (e confExpand) sub(prefix string) confExpand {
	out := confExpand{}
	for k := range e {
		if rest, ok := strings.CutPrefix(k, prefix+"."); ok {
			out[rest] = true
		}
	}
	return out
}

// ---- formatting --------------------------------------------------------------

// confTime formats a timestamp the way Confluence does.
func confTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z07:00") }

// confFriendlyTime is Confluence's "friendly" date, relative to now.
func confFriendlyTime(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < 0:
		return t.Format("Jan 02, 2006")
	case d < time.Minute:
		return "just a moment ago"
	case d < time.Hour:
		if m := int(d / time.Minute); m > 1 {
			return fmt.Sprintf("%d minutes ago", m)
		}
		return "1 minute ago"
	case d < 24*time.Hour:
		if h := int(d / time.Hour); h > 1 {
			return fmt.Sprintf("about %d hours ago", h)
		}
		return "about an hour ago"
	case t.Year() == now.Year():
		return t.Format("Jan 02")
	}
	return t.Format("Jan 02, 2006")
}

// confTinyID is the path segment of a page's tiny link (/x/...): the id's
// little-endian bytes in URL-safe base64, trailing zero bytes dropped.
func confTinyID(id string) string {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return id
	}
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], n)
	b := buf[:]
	for len(b) > 1 && b[len(b)-1] == 0 {
		b = b[:len(b)-1]
	}
	s := base64.StdEncoding.EncodeToString(b)
	s = strings.TrimRight(s, "=")
	s = strings.NewReplacer("/", "-", "+", "_").Replace(s)
	return strings.TrimRight(s, "A")
}

// confTitleSlug is a title as it appears in a page URL.
func confTitleSlug(title string) string { return url.QueryEscape(title) }

// webui is the page's path in the web UI, relative to the base URL.
func (st *confluenceStore) webui(c *confContent) string {
	cloud := st.s.Cloud()
	switch c.typ {
	case "comment":
		parent := st.get(c.containerID)
		if parent == nil {
			return ""
		}
		return st.webui(parent) + "?focusedCommentId=" + c.id + "#comment-" + c.id
	case "blogpost":
		if cloud {
			return "/spaces/" + c.space.key + "/blog/" + c.created.Format("2006/01/02") + "/" + c.id + "/" + confTitleSlug(c.title())
		}
		return "/display/" + c.space.key + "/" + c.created.Format("2006/01/02") + "/" + confTitleSlug(c.title())
	}
	if cloud {
		return "/spaces/" + c.space.key + "/pages/" + c.id + "/" + confTitleSlug(c.title())
	}
	return "/display/" + c.space.key + "/" + confTitleSlug(c.title())
}

func (st *confluenceStore) spaceWebui(sp *confSpace) string {
	if st.s.Cloud() {
		return "/spaces/" + sp.key
	}
	return "/display/" + sp.key
}

// pageURLByTitle resolves a storage page link to a web UI path under the
// context path, or "" when no such page exists.
func (st *confluenceStore) pageURLByTitle(spaceKey, title string) string {
	for _, c := range st.content.all() {
		if (c.typ == "page" || c.typ == "blogpost") && strings.EqualFold(c.title(), title) && (spaceKey == "" || strings.EqualFold(c.space.key, spaceKey)) {
			return st.s.ConfluencePrefix() + st.webui(c)
		}
	}
	return ""
}

// userRef resolves the user of a storage <ri:user> element.
func (st *confluenceStore) userRef(attrs map[string]string) *User {
	if id := attrs["ri:account-id"]; id != "" {
		return st.s.userByAccountID(id)
	}
	if key := attrs["ri:userkey"]; key != "" {
		return st.s.userByKey(key)
	}
	if name := attrs["ri:username"]; name != "" {
		return st.s.userByName(name)
	}
	return nil
}
