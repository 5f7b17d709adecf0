package mcphandler

import (
	"context"
	"fmt"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

type issueKeyInput struct {
	IssueKey string `json:"issue_key" jsonschema:"Jira issue key, e.g. 'PROJ-123'"`
}

func (h *Handler) jiraGetTransitions() toolEntry {
	return newTool(h, toolSpec{
		name: "jira_get_transitions", title: "Get Transitions", product: atlassian.Jira, toolset: "jira_transitions",
		description: "Get the status transitions available now for a Jira issue.",
		params:      map[string]param{"issue_key": {pattern: h.issueKeyPattern()}},
	}, func(ctx context.Context, c *call, in issueKeyInput) (any, error) {
		if err := c.checkIssueAllowed(in.IssueKey); err != nil {
			return nil, err
		}
		ts, err := c.client.Jira().Transitions(ctx, in.IssueKey)
		if err != nil {
			return nil, err
		}
		return simplifyTransitions(ts), nil
	})
}

func simplifyTransitions(ts []atlassian.Transition) []map[string]any {
	out := make([]map[string]any, len(ts))
	for i, t := range ts {
		out[i] = map[string]any{"id": t.ID, "name": t.Name, "to_status": t.To.Name}
	}
	return out
}

type transitionInput struct {
	IssueKey     string `json:"issue_key" jsonschema:"Jira issue key, e.g. 'PROJ-123'"`
	TransitionID string `json:"transition_id" jsonschema:"Transition id or name, from jira_get_transitions"`
	Fields       string `json:"fields,omitempty" jsonschema:"JSON object of fields to set during the transition, e.g. {\"resolution\": {\"name\": \"Fixed\"}}"`
	Comment      string `json:"comment,omitempty" jsonschema:"Comment to add with the transition, in Markdown"`
}

func (h *Handler) jiraTransitionIssue() toolEntry {
	return newTool(h, toolSpec{
		name: "jira_transition_issue", title: "Transition Issue", product: atlassian.Jira, toolset: "jira_transitions", write: true,
		description: "Move a Jira issue to a new status through one of its available transitions.",
		params:      map[string]param{"issue_key": {pattern: h.issueKeyPattern()}},
	}, func(ctx context.Context, c *call, in transitionInput) (any, error) {
		if err := c.checkIssueAllowed(in.IssueKey); err != nil {
			return nil, err
		}
		t, err := c.findTransition(ctx, in.IssueKey, in.TransitionID)
		if err != nil {
			return nil, err
		}
		fields, err := c.jiraFields(ctx, "fields", in.Fields)
		if err != nil {
			return nil, err
		}
		var update map[string]any
		if in.Comment != "" {
			body, err := c.jiraRich("comment", in.Comment)
			if err != nil {
				return nil, err
			}
			update = map[string]any{"comment": []any{map[string]any{"add": map[string]any{"body": body}}}}
		}
		if err := c.client.Jira().DoTransition(ctx, in.IssueKey, t.ID, fields, update); err != nil {
			return nil, err
		}
		issue, err := c.client.Jira().GetIssue(ctx, in.IssueKey, atlassian.IssueQuery{Fields: SplitList(DefaultJiraFields + ",resolution")})
		if err != nil {
			return nil, fmt.Errorf("%s was transitioned but reading it back failed: %w", in.IssueKey, err)
		}
		return map[string]any{
			"message": fmt.Sprintf("Issue %s transitioned with %q to %s", in.IssueKey, t.Name, t.To.Name),
			"issue":   c.simplifyIssue(issue, false),
		}, nil
	})
}

// findTransition matches a transition by id, or by name or target status
// (case-insensitive), and explains what is available when nothing matches.
func (c *call) findTransition(ctx context.Context, key, want string) (*atlassian.Transition, error) {
	want = strings.TrimSpace(want)
	if want == "" {
		return nil, badInput("transition is empty: give a transition id or name from jira_get_transitions")
	}
	ts, err := c.client.Jira().Transitions(ctx, key)
	if err != nil {
		return nil, err
	}
	for _, match := range []func(atlassian.Transition) bool{
		func(t atlassian.Transition) bool { return t.ID == want },
		func(t atlassian.Transition) bool { return strings.EqualFold(t.Name, want) },
		func(t atlassian.Transition) bool { return strings.EqualFold(t.To.Name, want) },
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
		return nil, badInput("transition %q is not available for %s: the issue has no transitions available to this user", want, key)
	}
	return nil, badInput("transition %q is not available for %s; available now: %s", want, key, strings.Join(avail, ", "))
}
