package confluencetools

import (
	"context"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/confluence"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// commentTools are the tools of this toolset, in mcp-atlassian's order.
func commentTools(d *Deps) []tool.Tool {
	return []tool.Tool{getComments(d), addComment(d), replyToComment(d), getInlineComments(d), addInlineComment(d)}
}

func getComments(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_get_comments", Title: "Get Comments", Product: atlassian.Confluence, Toolset: "confluence_comments",
		Description: "Get the comments of a Confluence page, as Markdown.",
	}, func(ctx context.Context, c *tool.Call, in tool.PageRef) (any, error) {
		comments, err := c.Confluence().Comments(ctx, in.PageID, c.ContentType(in.PageID))
		if err != nil {
			return nil, err
		}
		out := make([]map[string]any, 0, len(comments))
		for _, cm := range comments {
			out = append(out, simplifyComment(c, &cm, in.PageID))
		}
		return out, nil
	})
}

func simplifyComment(c *tool.Call, cm *confluence.Comment, pageID string) map[string]any {
	body, _ := pageMarkdown(c, cm.Body, pageID)
	out := map[string]any{"id": cm.ID, "body": body, "author": cm.Author, "created": cm.Created}
	if cm.ParentID != "" {
		// parent_comment_id is mcp-atlassian's name (ConfluenceComment);
		// parent_id is this server's, which its clients may already read.
		out["parent_comment_id"] = cm.ParentID
		out["parent_id"] = cm.ParentID
	}
	if cm.Location != "" {
		out["location"] = cm.Location // as mcp-atlassian shows v1's extensions.location
	}
	return out
}

type addCommentInput struct {
	tool.PageRef
	Body string `json:"body" jsonschema:"Comment text in Markdown"`
}

func addComment(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_add_comment", Title: "Add Comment", Product: atlassian.Confluence, Toolset: "confluence_comments", Write: true,
		Description: "Add a comment (Markdown) to a Confluence page.",
	}, func(ctx context.Context, c *tool.Call, in addCommentInput) (any, error) {
		body, err := commentStorage(in.Body, "comment")
		if err != nil {
			return nil, err
		}
		cm, err := c.Confluence().AddComment(ctx, in.PageID, c.ContentType(in.PageID), body)
		if err != nil {
			return nil, err
		}
		return map[string]any{"success": true, "comment": simplifyComment(c, cm, in.PageID)}, nil
	})
}

// commentStorage is a comment's Markdown body (what names it: comment,
// reply) as storage XHTML; an empty body is refused.
func commentStorage(md, what string) (string, error) {
	if strings.TrimSpace(md) == "" {
		return "", tool.BadInput("body is empty: give the %s text in Markdown", what)
	}
	return storageFromMarkdown("body", md, false)
}
