package jiratools

import (
	"context"
	"fmt"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/markup"
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
		public, err := d.commentAudience(ctx, c, in.IssueKey, in.Public)
		if err != nil {
			return nil, err
		}
		if public != nil {
			if in.Visibility != "" {
				return nil, tool.BadInput("public and visibility cannot be combined: public posts through Jira Service Management, which has no visibility restrictions; omit one of them")
			}
			if err := tool.CheckMarkdown("body", in.Body, 4*tool.MaxJiraChars); err != nil {
				return nil, err
			}
			created, err := c.Jira().AddRequestComment(ctx, in.IssueKey, markup.MarkdownToWiki(in.Body), *public)
			if err != nil {
				return nil, err
			}
			return simplifyRequestComment(created, *public), nil
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

// commentAudience decides how a comment is posted: nil for a regular
// Jira comment, or the public flag of a Jira Service Management comment,
// which only a customer request takes (an issue of a service desk project
// that was not raised through the portal has no request to comment on).
// public=false on any other issue is a regular comment anyway; public=true
// needs a request. In an internal-only project a customer request takes
// internal notes only, and its other issues take regular comments.
func (d *Deps) commentAudience(ctx context.Context, c *tool.Call, key string, public *bool) (*bool, error) {
	guarded, err := d.guardedRequest(ctx, c, key)
	if err != nil {
		return nil, err
	}
	if guarded {
		if public == nil || *public {
			return nil, internalOnlyError(key)
		}
		return public, nil
	}
	if d.internalOnly(key) || public == nil {
		return nil, nil
	}
	request, err := c.Jira().IsCustomerRequest(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("checking whether %s is a Jira Service Management request: %w", key, err)
	}
	switch {
	case request:
		return public, nil
	case *public:
		return nil, tool.BadInput("public applies only to Jira Service Management (service desk) customer requests, and %s is not one; omit public (or pass false) for a regular comment", key)
	}
	return nil, nil
}

// simplifyRequestComment is a JSM comment in the shape of a regular one,
// plus its public flag.
func simplifyRequestComment(m map[string]any, public bool) map[string]any {
	out := map[string]any{"id": idString(m["id"]), "body": markdown(m["body"]), "public": public}
	if p, ok := m["public"].(bool); ok {
		out["public"] = p
	}
	if created, ok := m["created"].(map[string]any); ok {
		out["created"] = created["iso8601"]
	}
	if a, ok := m["author"]; ok {
		out["author"] = simplifyUser(a)
	}
	return out
}
