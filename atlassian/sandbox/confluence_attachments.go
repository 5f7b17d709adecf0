package sandbox

import (
	"encoding/base64"
	"io"
	"mime"
	"net/http"
	"net/url"
	slashpath "path"
	"strconv"
	"strings"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Confluence attachments: files attached to pages, with versions. Cloud
// lists, reads and deletes them through v2 and uploads (create, or create
// or update by name) and downloads them through v1 (the download answers a redirect to the web download path,
// as Cloud's does to its media store); Server/DC does all of it through
// v1, and serves the bytes only at the web download path
// /download/attachments/{pageId}/{filename}, which no document describes.
// Attachment ids are content ids: "att" + number on Cloud, the number on
// Server/DC.

func init() {
	routeTables = append(routeTables, &confluenceAttachmentV2Routes, &confluenceAttachmentV1Routes, &confluenceDownloadRoutes)
}

// confluenceAttachmentV2Routes are Cloud's v2 attachment reads and delete.
var confluenceAttachmentV2Routes = routeTable{
	product: atlassian.Confluence, cloudRoot: confluenceV2Root,
	routes: []route{
		{method: "GET", path: "/pages/{id}/attachments", cloud: "getPageAttachments", handle: (*call).confV2PageAttachments},
		{method: "GET", path: "/blogposts/{id}/attachments", cloud: "getBlogpostAttachments", handle: (*call).confV2PageAttachments},
		{method: "GET", path: "/attachments/{id}", cloud: "getAttachmentById", handle: (*call).confV2Attachment},
		{method: "DELETE", path: "/attachments/{id}", cloud: "deleteAttachment", handle: (*call).confV2DeleteAttachment},
	},
}

// confluenceAttachmentV1Routes are the v1 attachment operations.
var confluenceAttachmentV1Routes = routeTable{
	product: atlassian.Confluence, cloudRoot: confluenceV1Cloud, dcRoots: confluenceV1DCRoot,
	routes: []route{
		{method: "GET", path: "/content/{id}/child/attachment", dc: "getAttachments", handle: (*call).confV1Attachments},
		{method: "POST", path: "/content/{id}/child/attachment", cloud: "createAttachment", dc: "createAttachments", handle: (*call).confUploadAttachment},
		{method: "PUT", path: "/content/{id}/child/attachment", cloud: "createOrUpdateAttachments", handle: (*call).confUploadAttachment},
		{method: "POST", path: "/content/{id}/child/attachment/{attachmentId}/data", cloud: "updateAttachmentData", dc: "updateData", handle: (*call).confUploadAttachment},
		{method: "DELETE", path: "/content/{id}/child/attachment/{attachmentId}", dc: "removeAttachment", handle: (*call).confDCRemoveAttachment},
		{method: "GET", path: "/content/{id}/child/attachment/{attachmentId}/download", cloud: "downloadAttatchment", handle: (*call).confV1DownloadRedirect},
	},
}

// confluenceDownloadRoutes are the web download paths, below the context
// path on both deployments.
var confluenceDownloadRoutes = routeTable{
	product: atlassian.Confluence, cloudRoot: ConfluenceCloudPrefix, dcRoots: []string{ConfluenceServerPrefix},
	routes: []route{
		{method: "GET", path: "/download/attachments/{id}/{filename}", cloud: undocumented, dc: undocumented, handle: (*call).confDownloadFile},
	},
}

// confAttachment is one attached file; its versions are oldest first.
type confAttachment struct {
	id        string // the numeric content id
	container *confContent
	title     string
	mediaType string
	status    string // current, trashed
	created   time.Time
	creator   *User
	versions  []*confFileVersion
}

type confFileVersion struct {
	number  int
	data    []byte
	size    int64 // len(data), or the generated size of a seeded large file
	comment string
	minor   bool
	author  *User
	when    time.Time
}

func (a *confAttachment) cur() *confFileVersion { return a.versions[len(a.versions)-1] }

// confFileStore holds the attachments; it is made, and seeded from
// seed/confluence_attachments.json, on first use.
type confFileStore struct {
	files *collection[*confAttachment]
}

type confAttachmentSeed struct {
	Attachments []struct {
		Page          string `json:"page"`
		Filename      string `json:"filename"`
		MediaType     string `json:"media_type"`
		Comment       string `json:"comment"`
		Data          string `json:"data"`
		Text          string `json:"text"`
		GeneratedSize int64  `json:"generated_size"`
	} `json:"attachments"`
}

func (st *confluenceStore) attachments() *confFileStore {
	if st.files != nil {
		return st.files
	}
	st.files = &confFileStore{files: newCollection(func(a *confAttachment) string { return a.id }, nil)}
	var seed confAttachmentSeed
	loadSeed("confluence_attachments.json", &seed)
	for _, s := range seed.Attachments {
		var page *confContent
		for _, c := range st.content.all() {
			if c.typ == "page" && c.title() == s.Page {
				page = c
			}
		}
		if page == nil {
			panic("sandbox: seed/confluence_attachments.json: no page titled " + s.Page)
		}
		data := []byte(s.Text)
		if s.Data != "" {
			var err error
			if data, err = base64.StdEncoding.DecodeString(s.Data); err != nil {
				panic("sandbox: seed/confluence_attachments.json: " + s.Filename + ": " + err.Error())
			}
		}
		size := int64(len(data))
		if s.GeneratedSize > 0 {
			size = s.GeneratedSize
		}
		when := page.created.Add(time.Hour)
		st.addAttachment(page, s.Filename, s.MediaType, &confFileVersion{data: data, size: size, comment: s.Comment, author: page.creator, when: when})
	}
	return st.files
}

func (st *confluenceStore) addAttachment(page *confContent, name, mediaType string, v *confFileVersion) *confAttachment {
	id := strconv.FormatInt(st.nextID, 10)
	st.nextID++
	v.number = 1
	a := &confAttachment{id: id, container: page, title: name, mediaType: mediaType, status: "current",
		created: v.when, creator: v.author, versions: []*confFileVersion{v}}
	st.files.files.add(a)
	return a
}

// attachmentsOf lists a page's current attachments, oldest first.
func (st *confluenceStore) attachmentsOf(page *confContent) []*confAttachment {
	return st.attachments().files.where(func(a *confAttachment) bool { return a.container == page && a.status == "current" })
}

// attachment finds a current attachment by its id as the dialect spells
// it ("att123" on Cloud).
func (c *call) attachment(id string) *confAttachment {
	if c.cloud {
		var ok bool
		if id, ok = strings.CutPrefix(id, "att"); !ok {
			return nil
		}
	}
	a := c.conf.attachments().files.get(id)
	if a == nil || a.status != "current" {
		return nil
	}
	return a
}

func (c *call) attachmentID(a *confAttachment) string {
	if c.cloud {
		return "att" + a.id
	}
	return a.id
}

// downloadPath is the web download path of the current version, below
// the context path.
func (a *confAttachment) downloadPath() string {
	v := a.cur()
	return "/download/attachments/" + a.container.id + "/" + url.PathEscape(a.title) +
		"?version=" + strconv.Itoa(v.number) + "&modificationDate=" + strconv.FormatInt(v.when.UnixMilli(), 10) + "&api=v2"
}

// ---- rendering -----------------------------------------------------------------------

func (c *call) v2Attachment(x *confCtx, a *confAttachment) confMap {
	v := a.cur()
	m := confMap{
		"id": c.attachmentID(a), "status": a.status, "title": a.title, "createdAt": confTime(a.created),
		"pageId": a.container.id, "mediaType": a.mediaType, "mediaTypeDescription": confMediaDescription(a.mediaType),
		"comment": v.comment, "fileId": "f1e0" + a.id, "fileSize": v.size,
		"webuiLink":    x.st.webui(a.container) + "?preview=" + url.PathEscape("/"+a.container.id+"/"+a.title),
		"downloadLink": a.downloadPath(),
		"version":      confMap{"createdAt": confTime(v.when), "message": v.comment, "number": v.number, "minorEdit": v.minor},
		"_links":       confMap{"download": a.downloadPath(), "webui": x.st.webui(a.container)},
	}
	if v.author != nil {
		m["version"].(confMap)["authorId"] = v.author.AccountID
	}
	return m
}

func (c *call) v1Attachment(x *confCtx, a *confAttachment, top bool) confMap {
	v := a.cur()
	version := confMap{"number": v.number, "when": confTime(v.when), "minorEdit": v.minor, "message": v.comment}
	if v.author != nil {
		version["by"] = x.v1User(v.author)
	}
	links := confMap{"webui": x.st.webui(a.container) + "?preview=" + url.PathEscape("/"+a.container.id+"/"+a.title),
		"download": a.downloadPath(), "self": x.base + "/rest/api/content/" + c.attachmentID(a)}
	if top {
		links["base"], links["context"] = x.base, x.context()
	}
	return confMap{
		"id": c.attachmentID(a), "type": "attachment", "status": a.status, "title": a.title,
		"version":     version,
		"container":   confMap{"id": a.container.id, "type": a.container.typ, "status": a.container.status, "title": a.container.title()},
		"metadata":    confMap{"mediaType": a.mediaType, "comment": v.comment},
		"extensions":  confMap{"mediaType": a.mediaType, "fileSize": v.size, "comment": v.comment},
		"_links":      links,
		"_expandable": confMap{"space": "/rest/api/space/" + a.container.space.key, "history": "/rest/api/content/" + c.attachmentID(a) + "/history"},
	}
}

func confMediaDescription(mt string) string {
	switch {
	case strings.HasPrefix(mt, "image/"):
		return strings.ToUpper(strings.TrimPrefix(mt, "image/")) + " Image"
	case mt == "text/plain":
		return "Text"
	}
	return "File"
}

// ---- handlers -------------------------------------------------------------------------

// confContainer finds the current page (or blog post) of the path's id.
func (c *call) confContainer() *confContent {
	page := c.conf.get(c.r.PathValue("id"))
	if page == nil || (page.typ != "page" && page.typ != "blogpost") || page.status != "current" {
		if c.cloud && strings.Contains(c.r.URL.Path, "/api/v2/") {
			c.fail(http.StatusNotFound, "Not Found")
		} else {
			c.fail(http.StatusNotFound, confNotFoundID(c.r.PathValue("id")))
		}
		return nil
	}
	return page
}

// filterAttachments applies the filename and media type filters.
func filterAttachments(list []*confAttachment, filename, mediaType string) []*confAttachment {
	var out []*confAttachment
	for _, a := range list {
		if (filename == "" || a.title == filename) && (mediaType == "" || a.mediaType == mediaType) {
			out = append(out, a)
		}
	}
	return out
}

func (c *call) confV2PageAttachments() {
	id, ok := c.confV2PathID()
	if !ok {
		return
	}
	offset, limit, ok := c.confV2Paging()
	if !ok {
		return
	}
	if _, ok := c.confV2Enum("sort", "created-date", "-created-date", "modified-date", "-modified-date"); !ok {
		return
	}
	// v2 keeps pages and blog posts apart: each path knows only its own.
	page := c.confV2Container(id)
	if page == nil {
		c.fail(http.StatusNotFound, "Not Found")
		return
	}
	q := c.r.URL.Query()
	items := filterAttachments(c.conf.attachmentsOf(page), q.Get("filename"), q.Get("mediaType"))
	x := c.confluence()
	results := []any{}
	for _, a := range window(items, offset, limit) {
		results = append(results, c.v2Attachment(x, a))
	}
	c.confV2List(x.base, results, offset, limit, len(items))
}

func (c *call) confV2Attachment() {
	a := c.attachment(c.r.PathValue("id"))
	if a == nil {
		c.fail(http.StatusNotFound, "Not Found")
		return
	}
	c.json(http.StatusOK, c.v2Attachment(c.confluence(), a))
}

// confV2DeleteAttachment takes the bare number: v2 types this id as an
// integer, unlike the other attachment operations.
func (c *call) confV2DeleteAttachment() {
	id, ok := c.confV2PathID()
	if !ok {
		return
	}
	a := c.attachment("att" + id)
	if a == nil {
		c.fail(http.StatusNotFound, "Not Found")
		return
	}
	if !c.conf.canWrite(c.user, a.container.space) {
		c.fail(http.StatusForbidden, "User "+c.user.DisplayName+" may not delete attachments in space "+a.container.space.key)
		return
	}
	a.status = "trashed"
	c.w.WriteHeader(http.StatusNoContent)
}

func (c *call) confV1Attachments() {
	start, limit, ok := c.confDCPaging(200)
	if !ok {
		return
	}
	// v1 content serves pages and blog posts alike under one path.
	page := c.confContainer()
	if page == nil {
		return
	}
	q := c.r.URL.Query()
	items := filterAttachments(c.conf.attachmentsOf(page), q.Get("filename"), q.Get("mediaType"))
	x := c.confluence()
	results := []any{}
	for _, a := range window(items, start, limit) {
		results = append(results, c.v1Attachment(x, a, false))
	}
	c.confDCList(x, "/rest/api/content/"+page.id+"/child/attachment", results, start, limit, len(items))
}

// confUploadAttachment is the create (POST: a new file; Confluence refuses
// a name already attached), Cloud's create-or-update (PUT: a new file, or
// a new version of the file of that name) and the data update (a new
// version of the path's attachment). All demand the XSRF opt-out header
// and a multipart body whose file part is named "file"; the data update
// answers the attachment, the others a list of it.
func (c *call) confUploadAttachment() {
	if c.r.Header.Get("X-Atlassian-Token") != "no-check" {
		c.fail(http.StatusForbidden, "XSRF check failed")
		return
	}
	page := c.confContainer()
	if page == nil {
		return
	}
	var target *confAttachment
	if id := c.r.PathValue("attachmentId"); id != "" {
		if target = c.attachment(id); target == nil || target.container != page {
			c.fail(http.StatusNotFound, "No attachment with id "+id+" on content "+page.id)
			return
		}
	}
	if !c.conf.canWrite(c.user, page.space) {
		c.fail(http.StatusForbidden, "User not permitted to add attachments to content with id "+page.id)
		return
	}
	if err := c.r.ParseMultipartForm(8 << 20); err != nil {
		c.fail(http.StatusBadRequest, "The request is not a multipart upload: "+err.Error())
		return
	}
	file, header, err := c.r.FormFile("file")
	if err != nil {
		c.fail(http.StatusBadRequest, "No file was uploaded: send it as the multipart part named file")
		return
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		c.fail(http.StatusBadRequest, "Could not read the uploaded file")
		return
	}
	minor, _ := strconv.ParseBool(c.r.FormValue("minorEdit"))
	v := &confFileVersion{data: data, size: int64(len(data)), comment: c.r.FormValue("comment"), minor: minor, author: c.user, when: c.conf.now()}
	name := slashpath.Base(strings.ReplaceAll(header.Filename, `\`, "/"))
	mediaType := header.Header.Get("Content-Type")
	if mediaType == "" || mediaType == "application/octet-stream" {
		if byExt := mime.TypeByExtension(slashpath.Ext(name)); byExt != "" {
			mediaType = byExt
		}
	}
	if mt, _, err := mime.ParseMediaType(mediaType); err == nil {
		mediaType = mt
	}
	x := c.confluence()
	named := filterAttachments(c.conf.attachmentsOf(page), name, "")
	if target == nil && c.r.Method == http.MethodPut && len(named) > 0 {
		target = named[0]
	}
	switch {
	case target != nil:
		v.number = target.cur().number + 1
		target.versions = append(target.versions, v)
		if c.r.Method == http.MethodPost {
			c.json(http.StatusOK, c.v1Attachment(x, target, true))
			return
		}
	case len(named) > 0:
		c.fail(http.StatusBadRequest, "Cannot add a new attachment with same file name as an existing attachment: "+name)
		return
	default:
		target = c.conf.addAttachment(page, name, mediaType, v)
	}
	c.json(http.StatusOK, confMap{"results": []any{c.v1Attachment(x, target, false)}, "start": 0, "limit": 1, "size": 1,
		"_links": confMap{"base": x.base, "context": x.context()}})
}

func (c *call) confDCRemoveAttachment() {
	page := c.confContainer()
	if page == nil {
		return
	}
	a := c.attachment(c.r.PathValue("attachmentId"))
	if a == nil || a.container != page {
		c.fail(http.StatusNotFound, confNotFoundID(c.r.PathValue("attachmentId")))
		return
	}
	if !c.conf.canWrite(c.user, page.space) {
		c.fail(http.StatusForbidden, "User not permitted to delete attachments of content with id "+page.id)
		return
	}
	a.status = "trashed"
	c.w.WriteHeader(http.StatusNoContent)
}

// confV1DownloadRedirect answers Cloud's download operation: a redirect
// to where the bytes are.
func (c *call) confV1DownloadRedirect() {
	page := c.confContainer()
	if page == nil {
		return
	}
	a := c.attachment(c.r.PathValue("attachmentId"))
	if a == nil || a.container != page {
		c.fail(http.StatusNotFound, "No attachment with id "+c.r.PathValue("attachmentId")+" on content "+page.id)
		return
	}
	http.Redirect(c.w, c.r, c.s.confBase(c.r)+a.downloadPath(), http.StatusFound)
}

// confDownloadFile serves an attachment's bytes: the current version, or
// the one ?version names.
func (c *call) confDownloadFile() {
	page := c.conf.get(c.r.PathValue("id"))
	var a *confAttachment
	if page != nil {
		if found := filterAttachments(c.conf.attachmentsOf(page), c.r.PathValue("filename"), ""); len(found) > 0 {
			a = found[0]
		}
	}
	if a == nil {
		http.NotFound(c.w, c.r)
		return
	}
	v := a.cur()
	if n := c.r.URL.Query().Get("version"); n != "" {
		v = nil
		for _, fv := range a.versions {
			if strconv.Itoa(fv.number) == n {
				v = fv
			}
		}
		if v == nil {
			http.NotFound(c.w, c.r)
			return
		}
	}
	c.w.Header().Set("Content-Type", a.mediaType)
	c.w.Header().Set("Content-Length", strconv.FormatInt(v.size, 10))
	c.w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.title}))
	c.w.WriteHeader(http.StatusOK)
	if int64(len(v.data)) == v.size {
		_, _ = c.w.Write(v.data)
		return
	}
	_, _ = io.CopyN(c.w, confZeros{}, v.size)
}

// confZeros reads zero bytes forever: the content of a generated file.
type confZeros struct{}

func (confZeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// confDCAttachmentContent answers GET /content/{id} for an attachment id
// on Server/DC; false when id is not an attachment.
func (c *call) confDCAttachmentContent(id string) bool {
	a := c.attachment(id)
	if a == nil {
		return false
	}
	c.json(http.StatusOK, c.v1Attachment(c.confluence(), a, true))
	return true
}
