package confluence

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// DownloadAttachment reads an attachment's bytes, at most maxBytes of
// them (*atlassian.ResponseTooLargeError above). Cloud serves them through
// the v1 download operation (a redirect on the same site); Server/DC only
// through the web download path, which no REST operation covers.
func (c *Client) DownloadAttachment(ctx context.Context, a *Attachment, maxBytes int64) (*atlassian.Download, error) {
	if a.ContainerID == "" {
		return nil, fmt.Errorf("attachment %s: Confluence did not say which content it belongs to", a.ID)
	}
	r := atlassian.Request{Method: http.MethodGet, MaxResponseBytes: maxBytes}
	if c.cloud {
		r.Path = contentPath(a.ContainerID) + "/child/attachment/" + url.PathEscape(a.ID) + "/download"
	} else {
		r.Path = "/download/attachments/" + url.PathEscape(a.ContainerID) + "/" + url.PathEscape(a.Title)
		if a.Version > 0 {
			r.Query = url.Values{"version": {strconv.Itoa(a.Version)}}
		}
	}
	return c.rest.Download(ctx, r)
}

// Upload is one file to attach.
type Upload struct {
	Filename  string
	Data      []byte
	Comment   string
	MinorEdit bool
}

// UploadAttachment attaches a file to a page or blog post; a file of the
// same name gets a new version instead (Confluence refuses a second
// attachment of the same name).
//
// Cloud does that in one request: PUT …/child/attachment creates the file
// or adds a version to the one of that name. Server/DC's document has no
// such operation: its POST …/child/attachment only creates (a name in use
// is refused, or with allowDuplicated attached twice), and a new version
// goes to POST …/child/attachment/{attachmentId}/data, so the file of that
// name is looked up first to know which of the two applies and its id.
func (c *Client) UploadAttachment(ctx context.Context, contentID string, up Upload) (*Attachment, error) {
	method, target := http.MethodPut, contentPath(contentID)+"/child/attachment"
	if !c.cloud {
		existing, _, err := c.Attachments(ctx, contentID, AttachmentQuery{Limit: 1, Filename: up.Filename})
		if err != nil {
			return nil, fmt.Errorf("looking for an attachment named %q: %w", up.Filename, err)
		}
		method = http.MethodPost
		if len(existing) > 0 {
			target += "/" + url.PathEscape(existing[0].ID) + "/data"
		}
	}
	body, contentType, err := multipartBody(up)
	if err != nil {
		return nil, err
	}
	// The token header opts out of Confluence's XSRF check, which refuses
	// multipart posts without it.
	h := http.Header{"Content-Type": {contentType}, "X-Atlassian-Token": {"no-check"}}
	var raw struct {
		attachmentV1
		Results []attachmentV1 `json:"results"`
	}
	// Every upload adds a version, even by PUT: it is not sent twice.
	if err := c.do(ctx, atlassian.Request{Method: method, Path: target, Raw: body, Header: h, NotIdempotent: true}, &raw); err != nil {
		return nil, err
	}
	a := raw.attachmentV1
	if len(raw.Results) > 0 {
		a = raw.Results[0]
	}
	if a.ID == "" {
		return nil, errors.New("confluence answered the upload without an attachment")
	}
	out := c.attachmentFromV1(&a)
	if out.ContainerID == "" {
		out.ContainerID = contentID
	}
	if out.FileSize == 0 {
		out.FileSize = int64(len(up.Data))
	}
	return &out, nil
}

// multipartBody encodes the upload as Confluence's form: file, comment,
// minorEdit.
func multipartBody(up Upload) ([]byte, string, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename="%s"`, quoteFilename(up.Filename)))
	ct := mime.TypeByExtension(path.Ext(up.Filename))
	if ct == "" {
		ct = "application/octet-stream"
	}
	h.Set("Content-Type", ct)
	part, err := w.CreatePart(h)
	if err != nil {
		return nil, "", fmt.Errorf("encoding the upload: %w", err)
	}
	if _, err := part.Write(up.Data); err != nil {
		return nil, "", fmt.Errorf("encoding the upload: %w", err)
	}
	if up.Comment != "" {
		if err := w.WriteField("comment", up.Comment); err != nil {
			return nil, "", fmt.Errorf("encoding the upload: %w", err)
		}
	}
	if err := w.WriteField("minorEdit", strconv.FormatBool(up.MinorEdit)); err != nil {
		return nil, "", fmt.Errorf("encoding the upload: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, "", fmt.Errorf("encoding the upload: %w", err)
	}
	return buf.Bytes(), w.FormDataContentType(), nil
}

var filenameEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\r", "", "\n", "")

func quoteFilename(s string) string { return filenameEscaper.Replace(s) }
