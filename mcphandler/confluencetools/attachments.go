package confluencetools

import (
	"context"
	"encoding/base64"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/confluence"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// attachmentTools are the tools of mcp-atlassian's confluence_attachments
// toolset, in mcp-atlassian's order.
func attachmentTools(d *Deps) []tool.Tool {
	return []tool.Tool{uploadAttachment(d), uploadAttachments(d), getAttachments(d), downloadAttachment(d),
		downloadContentAttachments(d), deleteAttachment(d), getPageImages(d)}
}

// contentRef names the page or blog post whose attachments a tool works
// on; the allow-list is checked on it like a page_id.
type contentRef struct {
	ContentID string `json:"content_id" jsonschema:"Id of the page or blog post"`
}

func (r contentRef) check(ctx context.Context, c *tool.Call) error {
	return c.CheckPageParam(ctx, "content_id", r.ContentID)
}

type attachmentRef struct {
	AttachmentID string `json:"attachment_id" jsonschema:"Attachment id, e.g. 'att123456' (see confluence_get_attachments)"`
}

var attachmentIDPattern = regexp.MustCompile(`^(att)?[0-9]+$`)

// resolve reads the attachment and checks the allow-list on its page.
func (r attachmentRef) resolve(ctx context.Context, c *tool.Call) (*confluence.Attachment, error) {
	if !attachmentIDPattern.MatchString(r.AttachmentID) {
		return nil, tool.BadInput("attachment_id %q is not an attachment id such as att123456 (see confluence_get_attachments)", r.AttachmentID)
	}
	a, err := c.Confluence().Attachment(ctx, r.AttachmentID)
	if err != nil {
		return nil, err
	}
	if err := c.CheckPage(ctx, a.ContainerID); err != nil {
		return nil, err
	}
	return a, nil
}

func simplifyAttachment(a *confluence.Attachment) map[string]any {
	out := map[string]any{"id": a.ID, "title": a.Title, "media_type": a.MediaType, "file_size": a.FileSize,
		"version": a.Version, "content_id": a.ContainerID, "download_url": a.DownloadURL}
	if a.Comment != "" {
		out["comment"] = a.Comment
	}
	if a.Created != "" {
		out["created"] = a.Created
	}
	return out
}

type uploadAttachmentInput struct {
	contentRef
	FilePath      string `json:"file_path,omitempty" jsonschema:"Path of the file, inside the server's working directory"`
	ContentBase64 string `json:"content_base64,omitempty" jsonschema:"The file as base64, instead of file_path (needs filename)"`
	Filename      string `json:"filename,omitempty" jsonschema:"Attachment name with extension, for content_base64"`
	Comment       string `json:"comment,omitempty" jsonschema:"Comment for this attachment version"`
	MinorEdit     bool   `json:"minor_edit,omitempty" jsonschema:"Do not notify watchers"`
}

func uploadAttachment(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_upload_attachment", Title: "Upload Attachment", Product: atlassian.Confluence, Toolset: "confluence_attachments",
		Write: true, Destructive: true,
		Description: "Attach a file to a Confluence page or blog post; a file of the same name gets a new version.",
		Params:      map[string]tool.Param{"minor_edit": {Default: false}},
	}, func(ctx context.Context, c *tool.Call, in uploadAttachmentInput) (any, error) {
		if err := in.check(ctx, c); err != nil {
			return nil, err
		}
		var up confluence.Upload
		switch {
		case (in.FilePath == "") == (in.ContentBase64 == ""):
			return nil, tool.BadInput("give exactly one of file_path or content_base64")
		case in.FilePath != "":
			data, err := tool.ReadSafeFile("file_path", in.FilePath, tool.MaxFileBytes)
			if err != nil {
				return nil, err
			}
			up = confluence.Upload{Filename: filepath.Base(in.FilePath), Data: data}
		default:
			name := strings.TrimSpace(in.Filename)
			if name == "" || strings.ContainsAny(name, `/\`) {
				return nil, tool.BadInput("filename is required with content_base64: a file name with extension, e.g. 'report.pdf'")
			}
			if base64.StdEncoding.DecodedLen(len(in.ContentBase64)) > tool.MaxFileBytes {
				return nil, tool.BadInput("content_base64 is larger than the %d-byte limit", tool.MaxFileBytes)
			}
			data, err := base64.StdEncoding.DecodeString(in.ContentBase64)
			if err != nil {
				return nil, tool.BadInput("content_base64 is not valid base64: %v", err)
			}
			up = confluence.Upload{Filename: name, Data: data}
		}
		up.Comment, up.MinorEdit = in.Comment, in.MinorEdit
		a, err := c.Confluence().UploadAttachment(ctx, in.ContentID, up)
		if err != nil {
			return nil, err
		}
		return map[string]any{"message": "Attachment uploaded successfully", "attachment": map[string]any{
			"success": true, "content_id": in.ContentID, "filename": a.Title, "size": len(up.Data), "id": a.ID, "version": a.Version}}, nil
	})
}

type uploadAttachmentsInput struct {
	contentRef
	FilePaths string `json:"file_paths" jsonschema:"Comma-separated paths of files inside the server's working directory"`
	Comment   string `json:"comment,omitempty" jsonschema:"Comment for every uploaded file"`
	MinorEdit bool   `json:"minor_edit,omitempty" jsonschema:"Do not notify watchers"`
}

func uploadAttachments(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_upload_attachments", Title: "Upload Multiple Attachments", Product: atlassian.Confluence, Toolset: "confluence_attachments",
		Write: true, Destructive: true,
		Description: "Attach several files to a Confluence page or blog post; each file that fails is reported, the others go on.",
		Params:      map[string]tool.Param{"minor_edit": {Default: false}},
	}, func(ctx context.Context, c *tool.Call, in uploadAttachmentsInput) (any, error) {
		if err := in.check(ctx, c); err != nil {
			return nil, err
		}
		paths := tool.SplitList(in.FilePaths)
		if len(paths) == 0 {
			return nil, tool.BadInput("file_paths is empty: give comma-separated file paths")
		}
		uploaded, failed := []map[string]any{}, []map[string]any{}
		for _, p := range paths {
			data, err := tool.ReadSafeFile("file_paths", p, tool.MaxFileBytes)
			if err == nil {
				var a *confluence.Attachment
				a, err = c.Confluence().UploadAttachment(ctx, in.ContentID, confluence.Upload{Filename: filepath.Base(p), Data: data, Comment: in.Comment, MinorEdit: in.MinorEdit})
				if err == nil {
					uploaded = append(uploaded, map[string]any{"filename": a.Title, "size": len(data), "id": a.ID})
					continue
				}
			}
			failed = append(failed, map[string]any{"filename": filepath.Base(p), "error": err.Error()})
		}
		if len(uploaded) == 0 {
			return nil, fmt.Errorf("no file was uploaded: %v", failed)
		}
		return map[string]any{"message": fmt.Sprintf("Uploaded %d attachment(s) successfully", len(uploaded)), "attachments": map[string]any{
			"success": true, "content_id": in.ContentID, "total": len(paths), "uploaded": uploaded, "failed": failed}}, nil
	})
}

type getAttachmentsInput struct {
	contentRef
	Start     int    `json:"start,omitempty" jsonschema:"Index of the first attachment, for paging"`
	Limit     int    `json:"limit,omitempty" jsonschema:"Maximum number of attachments"`
	Filename  string `json:"filename,omitempty" jsonschema:"Only the attachment with this exact file name"`
	MediaType string `json:"media_type,omitempty" jsonschema:"Only attachments of this media type, e.g. 'application/pdf'"`
}

func getAttachments(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_get_attachments", Title: "Get Content Attachments", Product: atlassian.Confluence, Toolset: "confluence_attachments",
		Description: "List the attachments of a Confluence page or blog post (id, name, type, size, version).",
		Params: map[string]tool.Param{"start": {Default: 0, Min: tool.Bound(0)},
			"limit": {Default: 50, Min: tool.Bound(1), Max: tool.Bound(100)}},
	}, func(ctx context.Context, c *tool.Call, in getAttachmentsInput) (any, error) {
		if err := in.check(ctx, c); err != nil {
			return nil, err
		}
		list, more, err := c.Confluence().Attachments(ctx, in.ContentID, confluence.AttachmentQuery{Start: in.Start, Limit: max(in.Limit, 1), Filename: in.Filename, MediaType: in.MediaType,
			ContentType: c.ContentType(in.ContentID)})
		if err != nil {
			return nil, err
		}
		out := make([]map[string]any, 0, len(list))
		for i := range list {
			out = append(out, simplifyAttachment(&list[i]))
		}
		return map[string]any{"success": true, "content_id": in.ContentID, "attachments": out, "total": len(out),
			"start": in.Start, "limit": in.Limit, "has_more": more}, nil
	})
}

// fetchAttachment downloads one attachment to answer inline.
func fetchAttachment(ctx context.Context, c *tool.Call, a *confluence.Attachment, budget *tool.InlineBudget) ([]byte, string, error) {
	return tool.FetchInline(budget, "Confluence", a.Title, a.FileSize, a.MediaType, func(max int64) (*atlassian.Download, error) {
		return c.Confluence().DownloadAttachment(ctx, a, max)
	})
}

// resource is a downloaded file as MCP embedded content.
func resource(owner, name, mediaType string, data []byte) *mcp.EmbeddedResource {
	return &mcp.EmbeddedResource{Resource: &mcp.ResourceContents{URI: "attachment:///" + owner + "/" + name, MIMEType: mediaType, Blob: data}}
}

func downloadAttachment(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_download_attachment", Title: "Download Attachment", Product: atlassian.Confluence, Toolset: "confluence_attachments",
		Description: "Download a Confluence attachment (up to 50 MB) as an embedded resource.",
	}, func(ctx context.Context, c *tool.Call, in attachmentRef) (any, error) {
		a, err := in.resolve(ctx, c)
		if err != nil {
			return nil, err
		}
		data, mt, err := fetchAttachment(ctx, c, a, tool.NewInlineBudget())
		if err != nil {
			return nil, err
		}
		return tool.Contents{resource(a.ID, a.Title, mt, data)}, nil
	})
}

// maxListedAttachments bounds the attachments one tool call reads.
const maxListedAttachments = 1000

// allAttachments lists the attachments of the content, up to
// maxListedAttachments. Cloud pages its list by cursor, so it is walked
// once (a window at a time would walk it again from the start for each);
// Server/DC pages by offset.
func allAttachments(ctx context.Context, c *tool.Call, contentID string) ([]confluence.Attachment, error) {
	if c.Cloud() {
		list, _, err := c.Confluence().Attachments(ctx, contentID, confluence.AttachmentQuery{Limit: maxListedAttachments, ContentType: c.ContentType(contentID)})
		return list, err
	}
	var all []confluence.Attachment
	for {
		list, more, err := c.Confluence().Attachments(ctx, contentID, confluence.AttachmentQuery{Start: len(all), Limit: 100})
		if err != nil {
			return nil, err
		}
		all = append(all, list...)
		if !more || len(list) == 0 || len(all) >= maxListedAttachments {
			return all[:min(len(all), maxListedAttachments)], nil
		}
	}
}

func downloadContentAttachments(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_download_content_attachments", Title: "Download All Content Attachments", Product: atlassian.Confluence, Toolset: "confluence_attachments",
		Description: "Download every attachment (up to 50 MB each) of a Confluence page or blog post: a JSON summary, then one embedded resource per file.",
	}, func(ctx context.Context, c *tool.Call, in contentRef) (any, error) {
		if err := in.check(ctx, c); err != nil {
			return nil, err
		}
		list, err := allAttachments(ctx, c, in.ContentID)
		if err != nil {
			return nil, err
		}
		var files []mcp.Content
		failed := []map[string]any{}
		budget := tool.NewInlineBudget()
		for i := range list {
			data, mt, err := fetchAttachment(ctx, c, &list[i], budget)
			if err != nil {
				failed = append(failed, map[string]any{"filename": list[i].Title, "error": err.Error()})
				continue
			}
			files = append(files, resource(in.ContentID, list[i].Title, mt, data))
		}
		summary := map[string]any{"success": true, "content_id": in.ContentID, "total": len(list), "downloaded": len(files), "failed": failed}
		if len(list) == 0 {
			summary["message"] = "No attachments found for content " + in.ContentID
		}
		return withSummary(summary, files)
	})
}

// withSummary puts the JSON summary in front of the files.
func withSummary(summary map[string]any, files []mcp.Content) (tool.Contents, error) {
	text, err := tool.JSONText(summary)
	if err != nil {
		return nil, err
	}
	return append(tool.Contents{text}, files...), nil
}

func deleteAttachment(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_delete_attachment", Title: "Delete Attachment", Product: atlassian.Confluence, Toolset: "confluence_attachments",
		Write: true, Destructive: true,
		Description: "Delete a Confluence attachment with all its versions.",
	}, func(ctx context.Context, c *tool.Call, in attachmentRef) (any, error) {
		a, err := in.resolve(ctx, c)
		if err != nil {
			return nil, err
		}
		if err := c.Confluence().DeleteAttachment(ctx, a); err != nil {
			return nil, err
		}
		return map[string]any{"message": "Attachment deleted successfully", "attachment_id": a.ID}, nil
	})
}

func getPageImages(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_get_page_images", Title: "Get Page Images", Product: atlassian.Confluence, Toolset: "confluence_attachments",
		Description: "Get the images attached to a Confluence page (up to 50 MB each): a JSON summary, then one image per file.",
	}, func(ctx context.Context, c *tool.Call, in contentRef) (any, error) {
		if err := in.check(ctx, c); err != nil {
			return nil, err
		}
		list, err := allAttachments(ctx, c, in.ContentID)
		if err != nil {
			return nil, err
		}
		var images []mcp.Content
		failed := []map[string]any{}
		total, budget := 0, tool.NewInlineBudget()
		for i := range list {
			mt, ok := tool.ImageType(list[i].MediaType, list[i].Title)
			if !ok {
				continue
			}
			total++
			data, _, err := fetchAttachment(ctx, c, &list[i], budget)
			if err != nil {
				failed = append(failed, map[string]any{"filename": list[i].Title, "error": err.Error()})
				continue
			}
			images = append(images, &mcp.ImageContent{Data: data, MIMEType: mt})
		}
		summary := map[string]any{"success": true, "content_id": in.ContentID, "total_images": total, "downloaded": len(images), "failed": failed}
		if total == 0 {
			summary["message"] = "No image attachments found"
		}
		return withSummary(summary, images)
	})
}
