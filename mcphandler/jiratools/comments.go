package jiratools

import (
	"context"
	"errors"
	"fmt"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// commentTools are the tools of this toolset, in mcp-atlassian's order.
func commentTools(d *Deps) []tool.Tool {
	return []tool.Tool{addComment(d), editComment(d)}
}

type addCommentInput struct {
	tool.IssueRef
	Body       string `json:"body" jsonschema:"Comment text in Markdown"`
	Visibility string `json:"visibility,omitempty" jsonschema:"JSON visibility restriction, e.g. {\"type\": \"group\", \"value\": \"jira-users\"}"`
	Public     *bool  `json:"public,omitempty" jsonschema:"Jira Service Management only: true for a customer-visible comment, false for internal"`
}

func addComment(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_add_comment", Title: "Add Comment", Product: atlassian.Jira, Toolset: "jira_comments", Write: true,
		Description: "Add a comment (Markdown) to a Jira issue.",
		Aliases:     map[string]string{"comment": "body"},
	}, func(ctx context.Context, c *tool.Call, in addCommentInput) (any, error) {
		if in.Body == "" {
			return nil, tool.BadInput("body is empty: give the comment text in Markdown")
		}
		// public=false is what a regular comment is anyway; only a request
		// for a customer-visible comment needs a service desk.
		if in.Public != nil && *in.Public {
			if err := publicCommentUnsupported(ctx, c, in.IssueKey); err != nil {
				return nil, err
			}
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
		created, err := c.Jira().AddComment(ctx, in.IssueKey, body, visibility)
		if err != nil {
			return nil, err
		}
		return simplifyComment(created), nil
	})
}

// publicCommentUnsupported explains why public=true cannot be honoured:
// it means a customer-visible Jira Service Management comment, which only
// service desk projects have.
func publicCommentUnsupported(ctx context.Context, c *tool.Call, key string) error {
	project, err := c.Jira().Project(ctx, tool.ProjectOfKey(key))
	if err != nil {
		return fmt.Errorf("checking whether %s is a service desk project: %w", key, err)
	}
	if t, _ := project["projectTypeKey"].(string); t != "service_desk" {
		return tool.BadInput("public applies only to Jira Service Management (service desk) projects, and %s is a %s project; omit public (or pass false) for a regular comment", tool.ProjectOfKey(key), orUnknown(t))
	}
	return errors.New("customer-visible Jira Service Management comments are not supported by this server yet; omit public for an internal comment")
}

func orUnknown(s string) string {
	if s == "" {
		return "non-service-desk"
	}
	return s
}
