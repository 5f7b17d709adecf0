package jira

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Attachment is one file attached to an issue, as the attachment field
// lists it.
type Attachment struct {
	ID       string `json:"id"`
	Filename string `json:"filename"`
	MimeType string `json:"mimeType"`
	Size     int64  `json:"size"`
	Created  string `json:"created"`
	Content  string `json:"content"`
	Author   any    `json:"author"`
}

// Attachments lists the files attached to an issue.
func (j *Client) Attachments(ctx context.Context, key string) ([]Attachment, error) {
	var out struct {
		Fields struct {
			Attachment []Attachment `json:"attachment"`
		} `json:"fields"`
	}
	err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: issuePath(key), Query: url.Values{"fields": {"attachment"}}}, &out)
	return out.Fields.Attachment, err
}

// AttachmentContent downloads an attachment's bytes, at most maxBytes:
// from /rest/api/3/attachment/content/{id} on Cloud and from the
// /secure/attachment/{id}/{filename} link Server/DC serves files at. The
// path is built from the id rather than taken from the content link, so
// a link to another host can never receive the caller's credentials.
func (j *Client) AttachmentContent(ctx context.Context, a Attachment, maxBytes int64) (*atlassian.Download, error) {
	r := atlassian.Request{Method: http.MethodGet, MaxResponseBytes: maxBytes}
	if j.cloud {
		r.Path = j.api + "/attachment/content/" + url.PathEscape(a.ID)
	} else {
		r.Path = "/secure/attachment/" + url.PathEscape(a.ID) + "/" + url.PathEscape(a.Filename)
	}
	return j.rest.Download(ctx, r)
}

// AddAttachment uploads one file to an issue (multipart, with the
// X-Atlassian-Token header Jira requires against XSRF).
func (j *Client) AddAttachment(ctx context.Context, key, filename string, data []byte) ([]Attachment, error) {
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename="%s"`, quoteEscaper.Replace(filename)))
	h.Set("Content-Type", "application/octet-stream")
	part, err := w.CreatePart(h)
	if err == nil {
		_, err = part.Write(data)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("building the upload of %s: %w", filename, err)
	}
	header := http.Header{"Content-Type": {w.FormDataContentType()}, "X-Atlassian-Token": {"no-check"}}
	var out []Attachment
	err = j.do(ctx, atlassian.Request{Method: http.MethodPost, Path: issuePath(key) + "/attachments", Raw: body.Bytes(), Header: header}, &out)
	return out, err
}

var quoteEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\r", "", "\n", "")
