package mcphandler

import (
	"context"
	"errors"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

type addCommentInput struct {
	IssueKey   string `json:"issue_key" jsonschema:"Jira issue key, e.g. 'PROJ-123'"`
	Body       string `json:"body" jsonschema:"Comment text in Markdown"`
	Visibility string `json:"visibility,omitempty" jsonschema:"JSON visibility restriction, e.g. {\"type\": \"group\", \"value\": \"jira-users\"}"`
	Public     *bool  `json:"public,omitempty" jsonschema:"Jira Service Management only: true for a customer-visible comment, false for internal (not supported by this server yet)"`
}

func (h *Handler) jiraAddComment() toolEntry {
	return newTool(h, toolSpec{
		name: "jira_add_comment", title: "Add Comment", product: atlassian.Jira, toolset: "jira_comments", write: true,
		description: "Add a comment (Markdown) to a Jira issue.",
		params:      map[string]param{"issue_key": {pattern: h.issueKeyPattern()}},
	}, func(ctx context.Context, c *call, in addCommentInput) (any, error) {
		if err := c.checkIssueAllowed(in.IssueKey); err != nil {
			return nil, err
		}
		if in.Body == "" {
			return nil, badInput("body is empty: give the comment text in Markdown")
		}
		if in.Public != nil {
			return nil, errors.New("public/internal Jira Service Management comments are not supported by this server yet; omit 'public' for a regular comment")
		}
		var visibility map[string]any
		if in.Visibility != "" {
			var err error
			if visibility, err = parseVisibility(in.Visibility); err != nil {
				return nil, err
			}
		}
		body, err := c.jiraRich("body", in.Body)
		if err != nil {
			return nil, err
		}
		created, err := c.client.Jira().AddComment(ctx, in.IssueKey, body, visibility)
		if err != nil {
			return nil, err
		}
		return c.simplifyComment(created), nil
	})
}
