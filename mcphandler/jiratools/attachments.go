package jiratools

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/jira"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// attachmentTools are the tools of mcp-atlassian's jira_attachments
// toolset, in mcp-atlassian's order.
func attachmentTools(d *Deps) []tool.Tool {
	return []tool.Tool{downloadAttachments(d), getIssueImages(d)}
}

func downloadAttachments(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_download_attachments", Title: "Download Attachments", Product: atlassian.Jira, Toolset: "jira_attachments",
		Description: "Download the attachments of a Jira issue: images as embedded resources, other files as base64 text (50 MB per file).",
	}, func(ctx context.Context, c *tool.Call, in tool.IssueRef) (any, error) {
		atts, err := c.Jira().Attachments(ctx, in.IssueKey)
		if err != nil {
			return nil, err
		}
		out := tool.Contents{nil} // the summary goes first
		failed := []map[string]any{}
		downloaded, budget := 0, tool.NewInlineBudget()
		for _, a := range atts {
			data, mimeType, err := fetchAttachment(ctx, c, a, budget)
			if err != nil {
				failed = append(failed, map[string]any{"filename": a.Filename, "error": err.Error()})
				continue
			}
			downloaded++
			if imgType, img := tool.ImageType(mimeType, a.Filename); img {
				out = append(out, &mcp.EmbeddedResource{Resource: &mcp.ResourceContents{
					URI: "attachment:///" + in.IssueKey + "/" + a.Filename, MIMEType: imgType, Blob: data}})
				continue
			}
			file, err := tool.JSONText(map[string]any{"success": true, "issue_key": in.IssueKey, "filename": a.Filename,
				"mime_type": mimeType, "encoding": "base64", "content": data})
			if err != nil {
				return nil, err
			}
			out = append(out, file)
		}
		summary := map[string]any{"success": true, "issue_key": in.IssueKey, "total": len(atts), "downloaded": downloaded, "failed": failed}
		if len(atts) == 0 {
			summary["message"] = "No attachments found for issue " + in.IssueKey
		}
		if out[0], err = tool.JSONText(summary); err != nil {
			return nil, err
		}
		return out, nil
	})
}

func getIssueImages(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_issue_images", Title: "Get Issue Images", Product: atlassian.Jira, Toolset: "jira_attachments",
		Description: "Get the images attached to a Jira issue as inline image content (PNG, JPEG, GIF, WebP, SVG, BMP; 50 MB each).",
	}, func(ctx context.Context, c *tool.Call, in tool.IssueRef) (any, error) {
		atts, err := c.Jira().Attachments(ctx, in.IssueKey)
		if err != nil {
			return nil, err
		}
		out := tool.Contents{nil}
		failed := []map[string]any{}
		images, downloaded, budget := 0, 0, tool.NewInlineBudget()
		for _, a := range atts {
			imgType, img := tool.ImageType(a.MimeType, a.Filename)
			if !img {
				continue
			}
			images++
			data, _, err := fetchAttachment(ctx, c, a, budget)
			if err != nil {
				failed = append(failed, map[string]any{"filename": a.Filename, "error": err.Error()})
				continue
			}
			downloaded++
			out = append(out, &mcp.ImageContent{Data: data, MIMEType: imgType})
		}
		summary := map[string]any{"success": true, "issue_key": in.IssueKey, "total_images": images, "downloaded": downloaded, "failed": failed}
		if images == 0 {
			summary["message"] = "No image attachments found"
		}
		if out[0], err = tool.JSONText(summary); err != nil {
			return nil, err
		}
		return out, nil
	})
}

// fetchAttachment downloads one attachment to answer inline.
func fetchAttachment(ctx context.Context, c *tool.Call, a jira.Attachment, budget *tool.InlineBudget) ([]byte, string, error) {
	return tool.FetchInline(budget, "Jira", a.Filename, a.Size, a.MimeType, func(max int64) (*atlassian.Download, error) {
		return c.Jira().AttachmentContent(ctx, a, max)
	})
}

// uploadAttachments attaches files from the server's working directory to
// an issue, for jira_update_issue's attachments argument: a JSON array or
// a comma-separated list of paths. Every path is checked before the first
// upload, so a bad one changes nothing; it reports how many files were
// attached before an upload failed, as those stay attached.
func uploadAttachments(ctx context.Context, c *tool.Call, key, list string) (attached int, err error) {
	paths, err := tool.ParseList("attachments", list)
	if err != nil {
		return 0, err
	}
	if len(paths) == 0 {
		return 0, tool.BadInput("attachments names no file: give file paths inside the server's working directory")
	}
	// Every path is checked before anything is sent, and the files are
	// then read one at a time: memory holds one file, not all of them.
	for _, p := range paths {
		if err := tool.CheckSafeFile("attachments", p, tool.MaxFileBytes); err != nil {
			return 0, err
		}
	}
	for i, p := range paths {
		data, err := tool.ReadSafeFile("attachments", p, tool.MaxFileBytes)
		if err == nil {
			_, err = c.Jira().AddAttachment(ctx, key, filepath.Base(p), data)
		}
		if err != nil {
			return i, fmt.Errorf("uploading %s: %w", filepath.Base(p), err)
		}
	}
	return len(paths), nil
}
