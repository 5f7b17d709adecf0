package mcphandler

import (
	"context"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

type pageIDInput struct {
	PageID string `json:"page_id" jsonschema:"Confluence page id"`
}

func (h *Handler) confluenceGetComments() toolEntry {
	return newTool(h, toolSpec{
		name: "confluence_get_comments", title: "Get Comments", product: atlassian.Confluence, toolset: "confluence_comments",
		description: "Get the comments of a Confluence page, as Markdown.",
	}, func(ctx context.Context, c *call, in pageIDInput) (any, error) {
		if !isDigits(in.PageID) {
			return nil, badInput("page_id %q is not a numeric page id", in.PageID)
		}
		if err := c.checkPageAllowed(ctx, in.PageID); err != nil {
			return nil, err
		}
		conf := c.client.Confluence()
		comments, err := conf.Comments(ctx, in.PageID)
		if err != nil {
			return nil, err
		}
		out := make([]map[string]any, 0, len(comments))
		for _, cm := range comments {
			out = append(out, c.simplifyConfluenceComment(&cm, in.PageID))
		}
		return out, nil
	})
}

func (c *call) simplifyConfluenceComment(cm *atlassian.Comment, pageID string) map[string]any {
	body, _ := c.pageMarkdown(cm.Body, pageID)
	out := map[string]any{"id": cm.ID, "body": body, "author": cm.Author, "created": cm.Created}
	if cm.ParentID != "" {
		out["parent_id"] = cm.ParentID
	}
	return out
}

type confluenceAddCommentInput struct {
	PageID string `json:"page_id" jsonschema:"Confluence page id"`
	Body   string `json:"body" jsonschema:"Comment text in Markdown"`
}

func (h *Handler) confluenceAddComment() toolEntry {
	return newTool(h, toolSpec{
		name: "confluence_add_comment", title: "Add Comment", product: atlassian.Confluence, toolset: "confluence_comments", write: true,
		description: "Add a comment (Markdown) to a Confluence page.",
	}, func(ctx context.Context, c *call, in confluenceAddCommentInput) (any, error) {
		if !isDigits(in.PageID) {
			return nil, badInput("page_id %q is not a numeric page id", in.PageID)
		}
		if in.Body == "" {
			return nil, badInput("body is empty: give the comment text in Markdown")
		}
		if err := c.checkPageAllowed(ctx, in.PageID); err != nil {
			return nil, err
		}
		conf := c.client.Confluence()
		body, err := storageFromMarkdown("body", in.Body, false)
		if err != nil {
			return nil, err
		}
		cm, err := conf.AddComment(ctx, in.PageID, body)
		if err != nil {
			return nil, err
		}
		return map[string]any{"success": true, "comment": c.simplifyConfluenceComment(cm, in.PageID)}, nil
	})
}
