package mcphandler

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

type getIssueInput struct {
	IssueKey        string `json:"issue_key" jsonschema:"Jira issue key, e.g. 'PROJ-123'"`
	Fields          string `json:"fields,omitempty" jsonschema:"Comma-separated fields to return, '*all' for every field including custom fields"`
	Expand          string `json:"expand,omitempty" jsonschema:"Jira expand options, e.g. 'renderedFields', 'changelog', 'names'"`
	CommentLimit    int    `json:"comment_limit,omitempty" jsonschema:"Maximum number of most recent comments to include (0 for none)"`
	Properties      string `json:"properties,omitempty" jsonschema:"Comma-separated issue properties to return"`
	UpdateHistory   *bool  `json:"update_history,omitempty" jsonschema:"Record this read in the user's recently viewed issues"`
	Include         string `json:"include,omitempty" jsonschema:"Extra data to include, comma-separated: 'transitions', 'comments', 'changelogs', or 'all'"`
	UseDisplayNames bool   `json:"use_display_names,omitempty" jsonschema:"Key custom fields by their display names instead of customfield ids"`
}

func (h *Handler) jiraGetIssue() toolEntry {
	return newTool(h, toolSpec{
		name: "jira_get_issue", title: "Get Issue", product: atlassian.Jira, toolset: "jira_issues",
		description: "Get details of a specific Jira issue: fields, description as Markdown, and recent comments.",
		params: map[string]param{
			"issue_key":      {pattern: h.issueKeyPattern()},
			"fields":         {def: DefaultJiraFields},
			"comment_limit":  {def: 10, min: bound(0), max: bound(100)},
			"update_history": {def: true},
		},
	}, func(ctx context.Context, c *call, in getIssueInput) (any, error) {
		if err := c.checkIssueAllowed(in.IssueKey); err != nil {
			return nil, err
		}
		include, err := parseInclude(in.Include)
		if err != nil {
			return nil, err
		}
		fields := SplitList(in.Fields)
		if len(fields) == 0 {
			fields = SplitList(DefaultJiraFields)
		}
		fields = slices.DeleteFunc(fields, func(f string) bool { return f == "comment" })
		expand := in.Expand
		if in.UseDisplayNames {
			expand = joinNonEmpty(expand, "names")
		}
		if include["changelogs"] {
			expand = joinNonEmpty(expand, "changelog")
		}
		q := atlassian.IssueQuery{Fields: fields, Expand: expand, Properties: in.Properties, UpdateHistory: in.UpdateHistory == nil || *in.UpdateHistory}
		issue, err := c.client.Jira().GetIssue(ctx, in.IssueKey, q)
		if err != nil {
			return nil, err
		}
		if err := c.checkProjectAllowed(issue); err != nil {
			return nil, err
		}
		delete(issue.Fields, "comment")
		out := c.simplifyIssue(issue, in.UseDisplayNames)
		if in.CommentLimit > 0 || include["comments"] {
			limit := in.CommentLimit
			if limit == 0 {
				limit = 10
			}
			comments, err := c.client.Jira().Comments(ctx, issue.Key, limit)
			if err != nil {
				return nil, err
			}
			out["comments"] = c.simplifyComments(anySlice(comments))
		}
		if include["transitions"] {
			ts, err := c.client.Jira().Transitions(ctx, issue.Key)
			if err != nil {
				return nil, err
			}
			out["transitions"] = simplifyTransitions(ts)
		}
		if include["changelogs"] && issue.Changelog != nil {
			out["changelogs"] = issue.Changelog["histories"]
		}
		return out, nil
	})
}

// parseInclude reads jira_get_issue's include argument.
func parseInclude(s string) (map[string]bool, error) {
	out := map[string]bool{}
	supported := []string{"transitions", "comments", "changelogs"}
	for _, part := range SplitList(strings.ToLower(s)) {
		switch part {
		case "all":
			for _, k := range supported {
				out[k] = true
			}
		case "comment":
			out["comments"] = true
		case "changelog":
			out["changelogs"] = true
		default:
			if !slices.Contains(supported, part) {
				return nil, badInput("include %q is not supported; use any of %s or 'all'", part, strings.Join(supported, ", "))
			}
			out[part] = true
		}
	}
	return out, nil
}

type searchInput struct {
	JQL             string `json:"jql" jsonschema:"JQL query, e.g. 'project = PROJ AND status = \"In Progress\" ORDER BY updated DESC'"`
	Fields          string `json:"fields,omitempty" jsonschema:"Comma-separated fields to return, '*all' for every field"`
	Limit           int    `json:"limit,omitempty" jsonschema:"Maximum number of issues to return"`
	StartAt         int    `json:"start_at,omitempty" jsonschema:"Index of the first issue (Server/Data Center paging; ignored on Cloud, use page_token)"`
	ProjectsFilter  string `json:"projects_filter,omitempty" jsonschema:"Comma-separated project keys to restrict the search to"`
	Expand          string `json:"expand,omitempty" jsonschema:"Jira expand options, e.g. 'renderedFields'"`
	PageToken       string `json:"page_token,omitempty" jsonschema:"next_page_token from a previous result (Cloud paging)"`
	UseDisplayNames bool   `json:"use_display_names,omitempty" jsonschema:"Key custom fields by their display names"`
}

func (h *Handler) jiraSearch() toolEntry {
	return newTool(h, toolSpec{
		name: "jira_search", title: "Search Issues", product: atlassian.Jira, toolset: "jira_issues",
		description: "Search Jira issues using JQL (Jira Query Language).",
		params: map[string]param{
			"fields":   {def: DefaultJiraFields},
			"limit":    {def: 10, min: bound(1)},
			"start_at": {def: 0, min: bound(0)},
		},
	}, func(ctx context.Context, c *call, in searchInput) (any, error) {
		if strings.TrimSpace(in.JQL) == "" {
			return nil, badInput("jql is empty: give a JQL query such as 'project = DEMO ORDER BY created DESC'")
		}
		projects, err := narrowFilter(c.filter(), in.ProjectsFilter, "projects")
		if err != nil {
			return nil, err
		}
		fields := SplitList(in.Fields)
		if len(fields) == 0 {
			fields = SplitList(DefaultJiraFields)
		}
		expand := in.Expand
		if in.UseDisplayNames {
			expand = joinNonEmpty(expand, "names")
		}
		limit := max(in.Limit, 1)
		page, err := c.client.Jira().Search(ctx, atlassian.SearchQuery{
			JQL: restrictQuery(in.JQL, "project", projects), Fields: fields, Expand: expand,
			Limit: limit, StartAt: in.StartAt, NextPageToken: in.PageToken,
		})
		if err != nil {
			return nil, err
		}
		issues := make([]map[string]any, 0, len(page.Issues))
		for i := range page.Issues {
			issues = append(issues, c.simplifyIssue(&page.Issues[i], in.UseDisplayNames))
		}
		out := map[string]any{"total": page.Total, "start_at": page.StartAt, "max_results": page.MaxResults, "issues": issues}
		if page.NextPageToken != "" {
			out["next_page_token"] = page.NextPageToken
		}
		return out, nil
	})
}

type createIssueInput struct {
	ProjectKey       string `json:"project_key" jsonschema:"Key of the project to create the issue in, e.g. 'PROJ'"`
	Summary          string `json:"summary" jsonschema:"Issue summary (title)"`
	IssueType        string `json:"issue_type" jsonschema:"Issue type name, e.g. 'Task', 'Bug', 'Story', 'Epic', 'Subtask'"`
	Assignee         string `json:"assignee,omitempty" jsonschema:"Assignee: account id (Cloud), username (Server/DC), email or display name"`
	Description      string `json:"description,omitempty" jsonschema:"Issue description in Markdown"`
	Components       string `json:"components,omitempty" jsonschema:"Comma-separated component names"`
	AdditionalFields string `json:"additional_fields,omitempty" jsonschema:"JSON object of more fields by id or name, e.g. {\"priority\": {\"name\": \"High\"}, \"labels\": [\"x\"], \"parent\": \"PROJ-1\", \"Story Points\": 3}"`
}

func (h *Handler) jiraCreateIssue() toolEntry {
	return newTool(h, toolSpec{
		name: "jira_create_issue", title: "Create Issue", product: atlassian.Jira, toolset: "jira_issues", write: true,
		description: "Create a new Jira issue, optionally with an assignee, components, a parent (for subtasks) or other fields.",
		params:      map[string]param{"project_key": {pattern: h.projectKeyPattern()}},
	}, func(ctx context.Context, c *call, in createIssueInput) (any, error) {
		if err := c.checkProjectKeyAllowed(in.ProjectKey); err != nil {
			return nil, err
		}
		if strings.TrimSpace(in.Summary) == "" {
			return nil, badInput("summary is empty: every issue needs a one-line summary")
		}
		if strings.TrimSpace(in.IssueType) == "" {
			return nil, badInput("issue_type is empty: give an issue type name such as 'Task' or 'Bug'")
		}
		fields, err := c.jiraFields(ctx, "additional_fields", in.AdditionalFields)
		if err != nil {
			return nil, err
		}
		fields["project"] = map[string]any{"key": in.ProjectKey}
		fields["summary"] = in.Summary
		fields["issuetype"] = map[string]any{"name": in.IssueType}
		if in.Description != "" {
			if fields["description"], err = c.jiraRich("description", in.Description); err != nil {
				return nil, err
			}
		}
		if comps := SplitList(in.Components); len(comps) > 0 {
			fields["components"] = namedList(comps)
		}
		if in.Assignee != "" {
			user, err := c.resolveUser(ctx, in.Assignee)
			if err != nil {
				return nil, err
			}
			fields["assignee"] = user
		}
		created, err := c.client.Jira().CreateIssue(ctx, fields)
		if err != nil {
			return nil, err
		}
		issue, err := c.client.Jira().GetIssue(ctx, created.Key, atlassian.IssueQuery{Fields: SplitList(DefaultJiraFields + ",components,parent")})
		if err != nil {
			return nil, fmt.Errorf("issue %s was created but reading it back failed: %w", created.Key, err)
		}
		return map[string]any{"message": "Issue created successfully", "issue": c.simplifyIssue(issue, false)}, nil
	})
}

type updateIssueInput struct {
	IssueKey          string `json:"issue_key" jsonschema:"Jira issue key, e.g. 'PROJ-123'"`
	Fields            string `json:"fields,omitempty" jsonschema:"JSON object of fields to set by id or name, e.g. {\"summary\": \"New title\", \"description\": \"Markdown text\", \"assignee\": \"user\"}"`
	AdditionalFields  string `json:"additional_fields,omitempty" jsonschema:"JSON object of more fields to set, merged with fields"`
	Components        string `json:"components,omitempty" jsonschema:"Comma-separated component names to set (replaces the current ones)"`
	Attachments       string `json:"attachments,omitempty" jsonschema:"JSON array or comma-separated list of file paths to attach (not supported by this server yet)"`
	Transition        string `json:"transition,omitempty" jsonschema:"Transition to apply after the update: its id or name, e.g. 'In Progress'"`
	Comment           string `json:"comment,omitempty" jsonschema:"Comment to add after the update, in Markdown"`
	CommentVisibility string `json:"comment_visibility,omitempty" jsonschema:"JSON visibility of the comment, e.g. {\"type\": \"group\", \"value\": \"jira-developers\"}"`
	Worklog           string `json:"worklog,omitempty" jsonschema:"Time to log, e.g. '1h 30m' (not supported by this server yet)"`
	WorklogStarted    string `json:"worklog_started,omitempty" jsonschema:"Start of the logged work, ISO 8601 (not supported by this server yet)"`
	ReturnFields      string `json:"return_fields,omitempty" jsonschema:"Comma-separated fields of the issue to return after the update"`
}

func (h *Handler) jiraUpdateIssue() toolEntry {
	return newTool(h, toolSpec{
		name: "jira_update_issue", title: "Update Issue", product: atlassian.Jira, toolset: "jira_issues", write: true, destructive: true,
		description: "Update an issue's fields and optionally transition it and add a comment, in one call.",
		params: map[string]param{
			"issue_key":     {pattern: h.issueKeyPattern()},
			"return_fields": {def: "*all"},
		},
	}, func(ctx context.Context, c *call, in updateIssueInput) (any, error) {
		if err := c.checkIssueAllowed(in.IssueKey); err != nil {
			return nil, err
		}
		fields, err := c.jiraFields(ctx, "fields", in.Fields)
		if err != nil {
			return nil, err
		}
		more, err := c.jiraFields(ctx, "additional_fields", in.AdditionalFields)
		if err != nil {
			return nil, err
		}
		for k, v := range more {
			fields[k] = v
		}
		if comps := SplitList(in.Components); len(comps) > 0 {
			fields["components"] = namedList(comps)
		}
		var visibility map[string]any
		if in.CommentVisibility != "" {
			if visibility, err = parseVisibility(in.CommentVisibility); err != nil {
				return nil, err
			}
		}
		nothing := len(fields) == 0 && in.Transition == "" && in.Comment == "" && in.Attachments == "" && in.Worklog == ""
		if nothing {
			return nil, badInput("nothing to update: pass fields, additional_fields, components, transition or comment")
		}
		var performed, failed []string
		record := func(op string, err error) {
			if err != nil {
				failed = append(failed, op+": "+err.Error())
			} else {
				performed = append(performed, op)
			}
		}
		if len(fields) > 0 {
			record("update fields", c.client.Jira().UpdateIssue(ctx, in.IssueKey, fields, nil))
		}
		if in.Attachments != "" {
			record("attachments", fmt.Errorf("attaching files is not supported by this server yet"))
		}
		if in.Transition != "" {
			t, err := c.findTransition(ctx, in.IssueKey, in.Transition)
			if err == nil {
				err = c.client.Jira().DoTransition(ctx, in.IssueKey, t.ID, nil, nil)
			}
			record("transition", err)
		}
		if in.Comment != "" {
			body, err := c.jiraRich("comment", in.Comment)
			if err == nil {
				_, err = c.client.Jira().AddComment(ctx, in.IssueKey, body, visibility)
			}
			record("comment", err)
		}
		if in.Worklog != "" {
			record("worklog", fmt.Errorf("logging work is not supported by this server yet"))
		}
		if len(performed) == 0 {
			return nil, fmt.Errorf("no change was made to %s: %s", in.IssueKey, strings.Join(failed, "; "))
		}
		returnFields := SplitList(in.ReturnFields)
		if len(returnFields) == 0 {
			returnFields = []string{"*all"}
		}
		issue, err := c.client.Jira().GetIssue(ctx, in.IssueKey, atlassian.IssueQuery{Fields: returnFields})
		if err != nil {
			return nil, fmt.Errorf("%s was updated (%s) but reading it back failed: %w", in.IssueKey, strings.Join(performed, ", "), err)
		}
		delete(issue.Fields, "comment")
		return map[string]any{
			"message":              "Issue updated successfully",
			"issue":                c.simplifyIssue(issue, false),
			"operations_performed": nonNil(performed),
			"operations_failed":    nonNil(failed),
		}, nil
	})
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func namedList(names []string) []map[string]any {
	out := make([]map[string]any, len(names))
	for i, n := range names {
		out[i] = map[string]any{"name": n}
	}
	return out
}

func joinNonEmpty(a, b string) string {
	if a == "" {
		return b
	}
	return a + "," + b
}

func anySlice(in []map[string]any) []any {
	out := make([]any, len(in))
	for i, m := range in {
		out[i] = m
	}
	return out
}
