package confluencetools

import (
	"context"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/confluence"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// Replies and inline comments, the rest of the confluence_comments toolset
// (comments.go lists it).

type replyInput struct {
	CommentID string `json:"comment_id" jsonschema:"Id of the comment to reply to"`
	Body      string `json:"body" jsonschema:"Reply text in Markdown"`
}

func replyToComment(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_reply_to_comment", Title: "Reply to Comment", Product: atlassian.Confluence, Toolset: "confluence_comments", Write: true,
		Description: "Reply (Markdown) to a footer or inline comment thread on a Confluence page.",
	}, func(ctx context.Context, c *tool.Call, in replyInput) (any, error) {
		if !tool.IsDigits(in.CommentID) {
			return nil, tool.BadInput("comment_id %q is not a numeric comment id (see confluence_get_comments)", in.CommentID)
		}
		body, err := commentStorage(in.Body, "reply")
		if err != nil {
			return nil, err
		}
		conf := c.Confluence()
		// One read finds the page for the allow-list and, on Cloud, whether
		// the parent is a footer or an inline comment for the reply.
		parent, err := conf.CommentHead(ctx, in.CommentID)
		if err != nil {
			return nil, err
		}
		if err := c.CheckPage(ctx, parent.ContentID); err != nil {
			return nil, err
		}
		cm, err := conf.ReplyToComment(ctx, parent, body)
		if err != nil {
			return nil, err
		}
		return map[string]any{"success": true, "message": "Reply added successfully", "comment": simplifyComment(c, cm, parent.ContentID)}, nil
	})
}

func simplifyInlineComment(c *tool.Call, cm *confluence.InlineComment, pageID string) map[string]any {
	out := simplifyComment(c, &cm.Comment, pageID)
	out["location"] = "inline"
	if cm.Selection != "" {
		out["text_selection"] = cm.Selection
	}
	if cm.Resolution != "" {
		out["resolution_status"] = cm.Resolution
	}
	return out
}

func getInlineComments(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_get_inline_comments", Title: "Get Inline Comments", Product: atlassian.Confluence, Toolset: "confluence_comments",
		Description: "Get the inline comments of a Confluence page, with the text each is anchored to.",
	}, func(ctx context.Context, c *tool.Call, in tool.PageRef) (any, error) {
		comments, err := c.Confluence().InlineComments(ctx, in.PageID)
		if err != nil {
			return nil, err
		}
		out := make([]map[string]any, 0, len(comments))
		for i := range comments {
			out = append(out, simplifyInlineComment(c, &comments[i], in.PageID))
		}
		return map[string]any{"success": true, "page_id": in.PageID, "count": len(out), "comments": out}, nil
	})
}

type addInlineCommentInput struct {
	tool.PageRef
	Body       string `json:"body" jsonschema:"Comment text in Markdown"`
	Selection  string `json:"text_selection" jsonschema:"Exact page text to anchor the comment to"`
	MatchCount int    `json:"text_selection_match_count,omitempty" jsonschema:"How many times the text occurs on the page"`
	MatchIndex int    `json:"text_selection_match_index,omitempty" jsonschema:"Which occurrence to anchor to, from 0"`
}

func addInlineComment(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_add_inline_comment", Title: "Add Inline Comment", Product: atlassian.Confluence, Toolset: "confluence_comments",
		Write: true, Destructive: true,
		Description: "Add an inline comment (Markdown) anchored to text on a Confluence page.",
		Params: map[string]tool.Param{
			"text_selection_match_count": {Default: 1, Min: tool.Bound(1)},
			"text_selection_match_index": {Default: 0, Min: tool.Bound(0)},
		},
	}, func(ctx context.Context, c *tool.Call, in addInlineCommentInput) (any, error) {
		body, err := commentStorage(in.Body, "comment")
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(in.Selection) == "" {
			return nil, tool.BadInput("text_selection is empty: give the exact page text to anchor the comment to")
		}
		count := max(in.MatchCount, 1)
		if in.MatchIndex >= count {
			return nil, tool.BadInput("text_selection_match_index %d must be below text_selection_match_count %d", in.MatchIndex, count)
		}
		cm, err := c.Confluence().AddInlineComment(ctx, in.PageID, body, confluence.InlineSelection{Text: in.Selection, Count: count, Index: in.MatchIndex})
		if err != nil {
			return nil, err
		}
		return map[string]any{"success": true, "message": "Inline comment added successfully", "comment": simplifyInlineComment(c, cm, in.PageID)}, nil
	})
}
