package confluence

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Attachment is a file attached to a page or blog post, in one shape for
// both deployments.
type Attachment struct {
	ID          string
	Title       string // the file name
	MediaType   string
	FileSize    int64
	Comment     string
	Version     int
	Created     string
	ContainerID string // the page or blog post it is attached to
	// DownloadURL is the absolute download link the site gave.
	DownloadURL string
}

// AttachmentQuery narrows an attachment list; zero values mean no filter.
type AttachmentQuery struct {
	Start, Limit        int
	Filename, MediaType string
	ContentType         string // page, blogpost or "" when unknown: see content.go
}

// attachmentV2 is a v2 attachment (Cloud).
type attachmentV2 struct {
	ID           string    `json:"id"`
	Title        string    `json:"title"`
	CreatedAt    string    `json:"createdAt"`
	PageID       string    `json:"pageId"`
	BlogPostID   string    `json:"blogPostId"`
	MediaType    string    `json:"mediaType"`
	Comment      string    `json:"comment"`
	FileSize     int64     `json:"fileSize"`
	DownloadLink string    `json:"downloadLink"`
	Version      versionV2 `json:"version"`
}

func (c *Client) attachmentFromV2(a *attachmentV2) Attachment {
	container := a.PageID
	if container == "" {
		container = a.BlogPostID
	}
	return Attachment{ID: a.ID, Title: a.Title, MediaType: a.MediaType, FileSize: a.FileSize, Comment: a.Comment,
		Version: a.Version.Number, Created: a.CreatedAt, ContainerID: container, DownloadURL: c.webURL(a.DownloadLink)}
}

// attachmentV1 is v1 attachment content (Server/DC, and Cloud uploads).
type attachmentV1 struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Version struct {
		Number int    `json:"number"`
		When   string `json:"when"`
	} `json:"version"`
	Container struct {
		ID string `json:"id"`
	} `json:"container"`
	Metadata struct {
		MediaType string `json:"mediaType"`
		Comment   string `json:"comment"`
	} `json:"metadata"`
	Extensions struct {
		MediaType string `json:"mediaType"`
		FileSize  int64  `json:"fileSize"`
		Comment   string `json:"comment"`
	} `json:"extensions"`
	Links struct {
		Download string `json:"download"`
	} `json:"_links"`
}

func (c *Client) attachmentFromV1(a *attachmentV1) Attachment {
	out := Attachment{ID: a.ID, Title: a.Title, MediaType: a.Extensions.MediaType, FileSize: a.Extensions.FileSize,
		Comment: a.Extensions.Comment, Version: a.Version.Number, Created: a.Version.When, ContainerID: a.Container.ID,
		DownloadURL: c.webURL(a.Links.Download)}
	if out.MediaType == "" {
		out.MediaType = a.Metadata.MediaType
	}
	if out.Comment == "" {
		out.Comment = a.Metadata.Comment
	}
	return out
}

const attachmentExpandV1 = "version,container"

// Attachments lists the attachments of a page or blog post, the page of
// the list from q.Start; more tells whether the list goes on.
func (c *Client) Attachments(ctx context.Context, contentID string, q AttachmentQuery) (list []Attachment, more bool, err error) {
	if q.Limit <= 0 {
		q.Limit = 50
	}
	if c.cloud {
		return c.attachmentsV2(ctx, contentID, q)
	}
	v := url.Values{"start": {strconv.Itoa(q.Start)}, "limit": {strconv.Itoa(q.Limit)}, "expand": {attachmentExpandV1}}
	if q.Filename != "" {
		v.Set("filename", q.Filename)
	}
	if q.MediaType != "" {
		v.Set("mediaType", q.MediaType)
	}
	var out struct {
		Results []attachmentV1 `json:"results"`
		Links   struct {
			Next string `json:"next"`
		} `json:"_links"`
	}
	if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: contentPath(contentID) + "/child/attachment", Query: v}, &out); err != nil {
		return nil, false, err
	}
	for i := range out.Results {
		a := c.attachmentFromV1(&out.Results[i])
		if a.ContainerID == "" {
			a.ContainerID = contentID
		}
		// Older sites ignore the filters; apply them here too.
		if (q.Filename == "" || a.Title == q.Filename) && (q.MediaType == "" || a.MediaType == q.MediaType) {
			list = append(list, a)
		}
	}
	return list, out.Links.Next != "", nil
}

// attachmentsV2 walks v2's cursor pages to serve an offset window, of a
// page's attachments or a blog post's (q.ContentType: see content.go).
func (c *Client) attachmentsV2(ctx context.Context, contentID string, q AttachmentQuery) ([]Attachment, bool, error) {
	v := url.Values{"limit": {strconv.Itoa(min(q.Start+q.Limit, 250))}}
	if q.Filename != "" {
		v.Set("filename", q.Filename)
	}
	if q.MediaType != "" {
		v.Set("mediaType", q.MediaType)
	}
	var results []attachmentV2
	var more bool
	_, err := onV2Content(q.ContentType, func(collection string) error {
		var err error
		results, more, err = walkV2[attachmentV2](ctx, c, "/api/v2/"+collection+"/"+url.PathEscape(contentID)+"/attachments", v, q.Start+q.Limit)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	if q.Start >= len(results) {
		return nil, more, nil
	}
	end := min(q.Start+q.Limit, len(results))
	list := make([]Attachment, 0, end-q.Start)
	for i := q.Start; i < end; i++ {
		list = append(list, c.attachmentFromV2(&results[i]))
	}
	return list, more || end < len(results), nil
}

// Attachment reads one attachment's metadata.
func (c *Client) Attachment(ctx context.Context, id string) (*Attachment, error) {
	if c.cloud {
		var a attachmentV2
		if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/api/v2/attachments/" + url.PathEscape(id)}, &a); err != nil {
			return nil, err
		}
		out := c.attachmentFromV2(&a)
		return &out, nil
	}
	var a attachmentV1
	if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: contentPath(id), Query: url.Values{"expand": {attachmentExpandV1}}}, &a); err != nil {
		return nil, err
	}
	out := c.attachmentFromV1(&a)
	return &out, nil
}

// DeleteAttachment deletes an attachment with all its versions (to the
// trash on Server/DC, as Confluence's own UI does).
func (c *Client) DeleteAttachment(ctx context.Context, a *Attachment) error {
	if c.cloud {
		// v2 types this id as an integer: the "att" prefix goes.
		return c.do(ctx, atlassian.Request{Method: http.MethodDelete, Path: "/api/v2/attachments/" + url.PathEscape(strings.TrimPrefix(a.ID, "att"))}, nil)
	}
	return c.do(ctx, atlassian.Request{Method: http.MethodDelete, Path: contentPath(a.ContainerID) + "/child/attachment/" + url.PathEscape(a.ID)}, nil)
}
