package jiratools

import (
	"context"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

type editCommentInput struct {
	tool.IssueRef
	CommentID  string `json:"comment_id" jsonschema:"Id of the comment to edit"`
	Body       string `json:"body" jsonschema:"New comment text in Markdown"`
	Visibility string `json:"visibility,omitempty" jsonschema:"JSON visibility restriction, e.g. {\"type\": \"group\", \"value\": \"jira-users\"}"`
}

func editComment(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_edit_comment", Title: "Edit Comment", Product: atlassian.Jira, Toolset: "jira_comments", Write: true, Destructive: true,
		Description: "Replace the text (Markdown) of a comment on a Jira issue.",
	}, func(ctx context.Context, c *tool.Call, in editCommentInput) (any, error) {
		if in.Body == "" {
			return nil, tool.BadInput("body is empty: give the new comment text in Markdown")
		}
		if err := d.refuseEditingPublicComment(ctx, c, in.IssueKey, in.CommentID); err != nil {
			return nil, err
		}
		var visibility map[string]any
		if in.Visibility != "" {
			var err error
			if visibility, err = parseVisibility(in.Visibility); err != nil {
				return nil, err
			}
		}
		body, err := richText(c, "body", in.Body)
		if err != nil {
			return nil, err
		}
		updated, err := c.Jira().UpdateComment(ctx, in.IssueKey, in.CommentID, body, visibility)
		if err != nil {
			return nil, err
		}
		return simplifyComment(updated), nil
	})
}
