package jiratools

import (
	"context"
	"fmt"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/jira"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// transitionTools are the tools of this toolset, in mcp-atlassian's order.
func transitionTools(d *Deps) []tool.Tool {
	return []tool.Tool{getTransitions(d), transitionIssue(d)}
}

func getTransitions(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_transitions", Title: "Get Transitions", Product: atlassian.Jira, Toolset: "jira_transitions",
		Description: "Get the status transitions available now for a Jira issue.",
	}, func(ctx context.Context, c *tool.Call, in tool.IssueRef) (any, error) {
		ts, err := c.Jira().Transitions(ctx, in.IssueKey)
		if err != nil {
			return nil, err
		}
		return simplifyTransitions(ts), nil
	})
}

func simplifyTransitions(ts []jira.Transition) []map[string]any {
	out := make([]map[string]any, len(ts))
	for i, t := range ts {
		out[i] = map[string]any{"id": t.ID, "name": t.Name, "to_status": t.To.Name}
	}
	return out
}

type transitionInput struct {
	tool.IssueRef
	TransitionID string `json:"transition_id" jsonschema:"Transition id or name, from jira_get_transitions"`
	Fields       string `json:"fields,omitempty" jsonschema:"JSON object of fields to set during the transition, e.g. {\"resolution\": {\"name\": \"Fixed\"}}"`
	Comment      string `json:"comment,omitempty" jsonschema:"Comment to add with the transition, in Markdown"`
}

func transitionIssue(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_transition_issue", Title: "Transition Issue", Product: atlassian.Jira, Toolset: "jira_transitions", Write: true,
		Description: "Move a Jira issue to a new status through one of its available transitions.",
	}, func(ctx context.Context, c *tool.Call, in transitionInput) (any, error) {
		t, err := findTransition(ctx, c, in.IssueKey, in.TransitionID)
		if err != nil {
			return nil, err
		}
		fields, err := d.fieldsArg(ctx, c, "fields", in.Fields)
		if err != nil {
			return nil, err
		}
		var update map[string]any
		if in.Comment != "" {
			if err := d.RefuseCustomerVisibleComment(ctx, c, in.IssueKey); err != nil {
				return nil, err
			}
			body, err := richText(c, "comment", in.Comment)
			if err != nil {
				return nil, err
			}
			update = map[string]any{"comment": []any{map[string]any{"add": map[string]any{"body": body}}}}
		}
		if err := c.Jira().DoTransition(ctx, in.IssueKey, t.ID, fields, update); err != nil {
			return nil, err
		}
		issue, err := c.Jira().GetIssue(ctx, in.IssueKey, jira.IssueQuery{Fields: tool.SplitList(DefaultFields + ",resolution")})
		if err != nil {
			return nil, fmt.Errorf("%s was transitioned but reading it back failed: %w", in.IssueKey, err)
		}
		return map[string]any{
			"message": fmt.Sprintf("Issue %s transitioned with %q to %s", in.IssueKey, t.Name, t.To.Name),
			"issue":   simplifyIssue(c, issue, false),
		}, nil
	})
}

// findTransition matches a transition by id, or by name or target status
// (case-insensitive), and explains what is available when nothing matches.
func findTransition(ctx context.Context, c *tool.Call, key, want string) (*jira.Transition, error) {
	want = strings.TrimSpace(want)
	if want == "" {
		return nil, tool.BadInput("transition is empty: give a transition id or name from jira_get_transitions")
	}
	ts, err := c.Jira().Transitions(ctx, key)
	if err != nil {
		return nil, err
	}
	for _, match := range []func(jira.Transition) bool{
		func(t jira.Transition) bool { return t.ID == want },
		func(t jira.Transition) bool { return strings.EqualFold(t.Name, want) },
		func(t jira.Transition) bool { return strings.EqualFold(t.To.Name, want) },
	} {
		for i := range ts {
			if match(ts[i]) {
				return &ts[i], nil
			}
		}
	}
	avail := make([]string, len(ts))
	for i, t := range ts {
		avail[i] = fmt.Sprintf("%s (%s → %s)", t.ID, t.Name, t.To.Name)
	}
	if len(avail) == 0 {
		return nil, tool.BadInput("transition %q is not available for %s: the issue has no transitions available to this user", want, key)
	}
	return nil, tool.BadInput("transition %q is not available for %s; available now: %s", want, key, strings.Join(avail, ", "))
}
