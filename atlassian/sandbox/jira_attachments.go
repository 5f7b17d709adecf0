package sandbox

import (
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	pathpkg "path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Jira issue attachments: listed by the attachment field, uploaded with a
// multipart POST, and downloaded from /rest/api/3/attachment/content/{id}
// on Cloud and from /secure/attachment/{id}/{filename} on Server/DC (the
// link the attachment's content field gives; no document describes it).

var jiraAttachmentRoutes = routeTable{
	product: atlassian.Jira, cloudRoot: jiraCloudRoot, dcRoots: jiraDCRoots,
	routes: []route{
		{method: "POST", path: "/issue/{issueIdOrKey}/attachments", cloud: "addAttachment", dc: "addAttachment", handle: (*call).addAttachments},
		{method: "GET", path: "/attachment/content/{id}", cloud: "getAttachmentContent", handle: (*call).attachmentContent},
	},
}

var jiraSecureRoutes = routeTable{
	product: atlassian.Jira, dcRoots: []string{"/secure"},
	routes: []route{
		{method: "GET", path: "/attachment/{id}/{filename}", dc: undocumented, handle: (*call).attachmentContent},
	},
}

func init() { routeTables = append(routeTables, &jiraAttachmentRoutes, &jiraSecureRoutes) }

type jAttachment struct {
	id       int
	issue    *jIssue
	filename string
	mimeType string
	author   *User
	created  time.Time
	data     []byte
}

type attachmentStore struct {
	items  *collection[*jAttachment]
	nextID int
}

// maxAttachmentBytes is the largest upload the sandbox takes.
const maxAttachmentBytes = 10 << 20

// attachmentState is the attachments half of the store, seeded from
// seed/jira_attachments.json on first use.
func (st *jiraStore) attachmentState() *attachmentStore {
	if st.files != nil {
		return st.files
	}
	var seed struct {
		Attachments []struct {
			Issue, Filename, MimeType, Author string
			Days                              int
			Base64, Text                      string
		} `json:"attachments"`
	}
	loadSeed("jira_attachments.json", &seed)
	fs := &attachmentStore{items: newCollection(func(a *jAttachment) string { return strconv.Itoa(a.id) }, nil), nextID: 10200}
	for _, a := range seed.Attachments {
		data := []byte(a.Text)
		if a.Base64 != "" {
			var err error
			if data, err = base64.StdEncoding.DecodeString(a.Base64); err != nil {
				panic(fmt.Errorf("sandbox: seed/jira_attachments.json: %s: %w", a.Filename, err))
			}
		}
		fs.add(&jAttachment{issue: st.issues.find(a.Issue), filename: a.Filename, mimeType: a.MimeType,
			author: st.userNamed(a.Author), created: jiraSeedBase.AddDate(0, 0, a.Days), data: data})
	}
	st.files = fs
	return fs
}

func (fs *attachmentStore) add(a *jAttachment) {
	a.id = fs.nextID
	fs.nextID++
	fs.items.add(a)
}

// attachmentsJSON is an issue's attachment field.
func (c *call) attachmentsJSON(is *jIssue) []any {
	out := []any{}
	for _, a := range c.jira.attachmentState().items.where(func(a *jAttachment) bool { return a.issue == is }) {
		out = append(out, c.attachmentJSON(a))
	}
	return out
}

func (c *call) attachmentJSON(a *jAttachment) map[string]any {
	id := strconv.Itoa(a.id)
	content := c.base + "/secure/attachment/" + id + "/" + url.PathEscape(a.filename)
	if c.cloud {
		content = c.api + "/attachment/content/" + id
	}
	return map[string]any{"self": c.api + "/attachment/" + id, "id": id, "filename": a.filename, "author": c.userRef(a.author),
		"created": jiraTime(a.created), "size": len(a.data), "mimeType": a.mimeType, "content": content}
}

func (c *call) attachmentContent() {
	a := c.jira.attachmentState().items.get(c.r.PathValue("id"))
	if a == nil || (c.r.PathValue("filename") != "" && c.r.PathValue("filename") != a.filename) {
		c.fail(http.StatusNotFound, "The attachment does not exist or you do not have permission to see it.")
		return
	}
	c.w.Header().Set("Content-Type", a.mimeType)
	c.w.Header().Set("Content-Length", strconv.Itoa(len(a.data)))
	c.w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.filename}))
	c.w.WriteHeader(http.StatusOK)
	_, _ = c.w.Write(a.data)
}

func (c *call) addAttachments() {
	is := c.findIssue()
	if is == nil {
		return
	}
	if c.r.Header.Get("X-Atlassian-Token") != "no-check" {
		c.fail(http.StatusForbidden, "XSRF check failed")
		return
	}
	c.r.Body = http.MaxBytesReader(c.w, c.r.Body, maxAttachmentBytes+1<<20)
	mr, err := c.r.MultipartReader()
	if err != nil {
		c.fail(http.StatusBadRequest, "The request is not a multipart upload: "+err.Error())
		return
	}
	var added []*jAttachment
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			c.fail(http.StatusBadRequest, "Reading the upload failed: "+err.Error())
			return
		}
		if part.FormName() != "file" || part.FileName() == "" {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, maxAttachmentBytes+1))
		if err != nil || len(data) > maxAttachmentBytes {
			c.fail(http.StatusRequestEntityTooLarge, "The attachment is larger than the sandbox's limit.")
			return
		}
		added = append(added, &jAttachment{issue: is, filename: pathpkg.Base(part.FileName()), mimeType: sniffMime(part.FileName(), data),
			author: c.user, created: c.jira.now(), data: data})
	}
	if len(added) == 0 {
		c.fail(http.StatusBadRequest, "No file was uploaded: send it as the multipart part named file.")
		return
	}
	fs := c.jira.attachmentState()
	out := []any{}
	for _, a := range added {
		fs.add(a)
		out = append(out, c.attachmentJSON(a))
	}
	is.updated = c.jira.now()
	c.json(http.StatusOK, out)
}

// sniffMime is the type Jira records: by extension, else by content.
func sniffMime(name string, data []byte) string {
	if t := mime.TypeByExtension(strings.ToLower(pathpkg.Ext(name))); t != "" {
		t, _, _ = strings.Cut(t, ";")
		return t
	}
	t, _, _ := strings.Cut(http.DetectContentType(data), ";")
	if slices.Contains([]string{"text/plain", "application/octet-stream"}, t) || strings.HasPrefix(t, "image/") {
		return t
	}
	return "application/octet-stream"
}
