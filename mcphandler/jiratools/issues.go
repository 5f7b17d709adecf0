package jiratools

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/jira"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// issueTools are the tools of this toolset, in mcp-atlassian's order.
func issueTools(d *Deps) []tool.Tool {
	return []tool.Tool{
		getIssue(d), search(d), getProjectIssues(d), createIssue(d), batchCreateIssues(d), batchGetChangelogs(d),
		updateIssue(d), assignIssue(d), deleteIssue(d), moveIssue(d),
	}
}

// DefaultFields is mcp-atlassian's default field list for issue reads.
const DefaultFields = "summary,description,status,assignee,reporter,labels,versions,priority,created,updated,issuetype"

type getIssueInput struct {
	tool.IssueRef
	Fields          string `json:"fields,omitempty" jsonschema:"Comma-separated fields to return, '*all' for every field including custom fields"`
	Expand          string `json:"expand,omitempty" jsonschema:"Jira expand options, e.g. 'renderedFields', 'changelog', 'names'"`
	CommentLimit    int    `json:"comment_limit,omitempty" jsonschema:"Maximum number of most recent comments to include (0 for none)"`
	Properties      string `json:"properties,omitempty" jsonschema:"Comma-separated issue properties to return"`
	UpdateHistory   *bool  `json:"update_history,omitempty" jsonschema:"Record this read in the user's recently viewed issues"`
	Include         string `json:"include,omitempty" jsonschema:"Extra data, comma-separated: remote_links, transitions, watchers, changelogs, comments, worklogs, or all"`
	UseDisplayNames bool   `json:"use_display_names,omitempty" jsonschema:"Key custom fields by their display names instead of customfield ids"`
}

func getIssue(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_issue", Title: "Get Issue", Product: atlassian.Jira, Toolset: "jira_issues",
		Description: "Get details of a specific Jira issue: fields, description as Markdown, and recent comments.",
		Params: map[string]tool.Param{
			"fields":         {Default: DefaultFields},
			"comment_limit":  {Default: 10, Min: tool.Bound(0), Max: tool.Bound(100)},
			"update_history": {Default: true},
		},
	}, func(ctx context.Context, c *tool.Call, in getIssueInput) (any, error) {
		include, err := parseInclude(in.Include)
		if err != nil {
			return nil, err
		}
		fields := tool.SplitList(in.Fields)
		if len(fields) == 0 {
			fields = tool.SplitList(DefaultFields)
		}
		// Comments come with the issue when it has few enough that Jira
		// embeds them all (one request instead of two); otherwise the newest
		// are asked for separately below.
		wantComments := in.CommentLimit > 0 || include["comments"]
		fields = slices.DeleteFunc(fields, func(f string) bool { return f == "comment" })
		if wantComments && !slices.Contains(fields, "*all") {
			fields = append(fields, "comment")
		}
		expand := in.Expand
		if in.UseDisplayNames {
			expand = joinNonEmpty(expand, "names")
		}
		if include["changelogs"] {
			expand = joinNonEmpty(expand, "changelog")
		}
		q := jira.IssueQuery{Fields: fields, Expand: expand, Properties: in.Properties, UpdateHistory: in.UpdateHistory == nil || *in.UpdateHistory}
		issue, err := c.Jira().GetIssue(ctx, in.IssueKey, q)
		var tooLarge *atlassian.ResponseTooLargeError
		if errors.As(err, &tooLarge) && wantComments && !slices.Contains(fields, "*all") {
			// Thousands of comments: read the issue without them; the
			// newest are asked for below.
			q.Fields = slices.DeleteFunc(q.Fields, func(f string) bool { return f == "comment" })
			issue, err = c.Jira().GetIssue(ctx, in.IssueKey, q)
		}
		if err != nil {
			return nil, err
		}
		if _, ok := issue.ProjectKey(); ok {
			if err := c.CheckIssueFields(issue); err != nil {
				return nil, err
			}
		}
		embedded, complete := embeddedComments(issue.Fields["comment"])
		delete(issue.Fields, "comment")
		out := simplifyIssue(c, issue, in.UseDisplayNames)
		if wantComments {
			limit := in.CommentLimit
			if limit == 0 {
				limit = 10
			}
			if complete {
				embedded = embedded[max(0, len(embedded)-limit):]
			} else {
				comments, err := c.Jira().Comments(ctx, issue.Key, limit)
				if err != nil {
					return nil, err
				}
				embedded = anySlice(comments)
			}
			out["comments"] = simplifyComments(embedded)
		}
		if include["transitions"] {
			ts, err := c.Jira().Transitions(ctx, issue.Key)
			if err != nil {
				return nil, err
			}
			out["transitions"] = simplifyTransitions(ts)
		}
		if include["changelogs"] && issue.Changelog != nil {
			out["changelogs"] = issue.Changelog["histories"]
		}
		if err := addIssueExtras(ctx, c, issue.Key, include, out); err != nil {
			return nil, err
		}
		return out, nil
	})
}

// embeddedComments reads the comment field of an issue, oldest first;
// complete says Jira sent every comment the issue has.
func embeddedComments(v any) (comments []any, complete bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, false
	}
	comments, ok = m["comments"].([]any)
	total, _ := m["total"].(float64)
	startAt, _ := m["startAt"].(float64)
	return comments, ok && startAt == 0 && int(total) == len(comments)
}

// parseInclude reads jira_get_issue's include argument.
func parseInclude(s string) (map[string]bool, error) {
	out := map[string]bool{}
	supported := []string{"remote_links", "transitions", "watchers", "changelogs", "comments", "worklogs"}
	for _, part := range tool.SplitList(strings.ToLower(s)) {
		switch part {
		case "all":
			for _, k := range supported {
				out[k] = true
			}
		case "comment":
			out["comments"] = true
		case "changelog":
			out["changelogs"] = true
		case "worklog":
			out["worklogs"] = true
		default:
			if !slices.Contains(supported, part) {
				return nil, tool.BadInput("include %q is not supported; use any of %s or 'all'", part, strings.Join(supported, ", "))
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

// maxSearchLimit bounds one search call: mcp-atlassian sets no upper bound,
// but a model asking for more than this many issues in one answer wants
// paging, not a multi-megabyte result.
const maxSearchLimit = 1000

func search(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_search", Title: "Search Issues", Product: atlassian.Jira, Toolset: "jira_issues",
		Description: "Search Jira issues using JQL (Jira Query Language).",
		Params: map[string]tool.Param{
			"jql":      {MaxLength: tool.Length(64 << 10)},
			"fields":   {Default: DefaultFields},
			"limit":    {Default: 10, Min: tool.Bound(1), Max: tool.Bound(maxSearchLimit)},
			"start_at": {Default: 0, Min: tool.Bound(0)},
		},
	}, func(ctx context.Context, c *tool.Call, in searchInput) (any, error) {
		if strings.TrimSpace(in.JQL) == "" {
			return nil, tool.BadInput("jql is empty: give a JQL query such as 'project = DEMO ORDER BY created DESC'")
		}
		projects, err := tool.NarrowFilter(c.Filter, in.ProjectsFilter, "projects")
		if err != nil {
			return nil, err
		}
		fields := tool.SplitList(in.Fields)
		if len(fields) == 0 {
			fields = tool.SplitList(DefaultFields)
		}
		expand := in.Expand
		if in.UseDisplayNames {
			expand = joinNonEmpty(expand, "names")
		}
		jql, err := tool.RestrictQuery(in.JQL, "project", projects)
		if err != nil {
			return nil, tool.BadInput("jql: %v", err)
		}
		page, err := c.Jira().Search(ctx, jira.SearchQuery{
			JQL: jql, Fields: fields, Expand: expand,
			Limit: max(in.Limit, 1), StartAt: in.StartAt, NextPageToken: in.PageToken,
		})
		if err != nil {
			return nil, err
		}
		issues := make([]map[string]any, 0, len(page.Issues))
		for i := range page.Issues {
			issues = append(issues, simplifyIssue(c, &page.Issues[i], in.UseDisplayNames))
		}
		out := map[string]any{"total": page.Total, "start_at": page.StartAt, "max_results": page.MaxResults, "issues": issues}
		if page.NextPageToken != "" {
			out["next_page_token"] = page.NextPageToken
		}
		return out, nil
	})
}

type createIssueInput struct {
	tool.ProjectRef
	Summary          string `json:"summary" jsonschema:"Issue summary (title)"`
	IssueType        string `json:"issue_type" jsonschema:"Issue type name, e.g. 'Task', 'Bug', 'Story', 'Epic', 'Subtask'"`
	Assignee         string `json:"assignee,omitempty" jsonschema:"Assignee: account id (Cloud), username (Server/DC), email or display name"`
	Description      string `json:"description,omitempty" jsonschema:"Issue description in Markdown"`
	Components       string `json:"components,omitempty" jsonschema:"Comma-separated component names"`
	AdditionalFields string `json:"additional_fields,omitempty" jsonschema:"JSON object of more fields by id or name, e.g. {\"priority\": {\"name\": \"High\"}, \"labels\": [\"x\"], \"parent\": \"PROJ-1\", \"Story Points\": 3}"`
}

func createIssue(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_create_issue", Title: "Create Issue", Product: atlassian.Jira, Toolset: "jira_issues", Write: true,
		Description: "Create a new Jira issue, optionally with an assignee, components, a parent (for subtasks) or other fields.",
	}, func(ctx context.Context, c *tool.Call, in createIssueInput) (any, error) {
		if strings.TrimSpace(in.Summary) == "" {
			return nil, tool.BadInput("summary is empty: every issue needs a one-line summary")
		}
		if strings.TrimSpace(in.IssueType) == "" {
			return nil, tool.BadInput("issue_type is empty: give an issue type name such as 'Task' or 'Bug'")
		}
		fields, err := d.fieldsArg(ctx, c, "additional_fields", in.AdditionalFields)
		if err != nil {
			return nil, err
		}
		fields["project"] = map[string]any{"key": in.ProjectKey}
		fields["summary"] = in.Summary
		fields["issuetype"] = map[string]any{"name": in.IssueType}
		if in.Description != "" {
			if fields["description"], err = richText(c, "description", in.Description); err != nil {
				return nil, err
			}
		}
		if comps := tool.SplitList(in.Components); len(comps) > 0 {
			fields["components"] = namedList(comps)
		}
		if in.Assignee != "" {
			user, err := resolveUser(ctx, c, in.Assignee)
			if err != nil {
				return nil, err
			}
			fields["assignee"] = user
		}
		created, err := c.Jira().CreateIssue(ctx, fields)
		if err != nil {
			return nil, err
		}
		issue, err := c.Jira().GetIssue(ctx, created.Key, jira.IssueQuery{Fields: tool.SplitList(DefaultFields + ",components,parent")})
		if err != nil {
			return nil, fmt.Errorf("issue %s was created but reading it back failed: %w", created.Key, err)
		}
		return map[string]any{"message": "Issue created successfully", "issue": simplifyIssue(c, issue, false)}, nil
	})
}

type updateIssueInput struct {
	tool.IssueRef
	Fields            string `json:"fields,omitempty" jsonschema:"JSON object of fields to set by id or name, e.g. {\"summary\": \"New title\", \"description\": \"Markdown text\", \"assignee\": \"user\"}"`
	AdditionalFields  string `json:"additional_fields,omitempty" jsonschema:"JSON object of more fields to set, merged with fields"`
	Components        string `json:"components,omitempty" jsonschema:"Comma-separated component names to set (replaces the current ones)"`
	Attachments       string `json:"attachments,omitempty" jsonschema:"JSON array or comma-separated list of file paths to attach, inside the server's working directory"`
	Transition        string `json:"transition,omitempty" jsonschema:"Transition to apply after the update: its id or name, e.g. 'In Progress'"`
	Comment           string `json:"comment,omitempty" jsonschema:"Comment to add after the update, in Markdown"`
	CommentVisibility string `json:"comment_visibility,omitempty" jsonschema:"JSON visibility of the comment, e.g. {\"type\": \"group\", \"value\": \"jira-developers\"}"`
	Worklog           string `json:"worklog,omitempty" jsonschema:"Time to log, e.g. '1h 30m'"`
	WorklogStarted    string `json:"worklog_started,omitempty" jsonschema:"Start of the logged work, ISO 8601; default now"`
	ReturnFields      string `json:"return_fields,omitempty" jsonschema:"Comma-separated fields of the issue to return after the update"`
}

func updateIssue(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_update_issue", Title: "Update Issue", Product: atlassian.Jira, Toolset: "jira_issues", Write: true, Destructive: true,
		Description: "Update an issue's fields and optionally transition it and add a comment, in one call.",
		Params:      map[string]tool.Param{"return_fields": {Default: "*all"}},
	}, func(ctx context.Context, c *tool.Call, in updateIssueInput) (any, error) {
		fields, err := d.fieldsArg(ctx, c, "fields", in.Fields)
		if err != nil {
			return nil, err
		}
		more, err := d.fieldsArg(ctx, c, "additional_fields", in.AdditionalFields)
		if err != nil {
			return nil, err
		}
		for k, v := range more {
			fields[k] = v
		}
		if comps := tool.SplitList(in.Components); len(comps) > 0 {
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
			return nil, tool.BadInput("nothing to update: pass fields, additional_fields, components, transition, comment or worklog")
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
			record("update fields", c.Jira().UpdateIssue(ctx, in.IssueKey, fields, nil))
		}
		if in.Attachments != "" {
			n, err := uploadAttachments(ctx, c, in.IssueKey, in.Attachments)
			if err != nil && n > 0 {
				// Some files went up before one failed: both are true.
				performed = append(performed, fmt.Sprintf("attachments (%d attached)", n))
			}
			record("attachments", err)
		}
		if in.Transition != "" {
			t, err := findTransition(ctx, c, in.IssueKey, in.Transition)
			if err == nil {
				err = c.Jira().DoTransition(ctx, in.IssueKey, t.ID, nil, nil)
			}
			record("transition", err)
		}
		if in.Comment != "" {
			err := d.RefuseCustomerVisibleComment(ctx, c, in.IssueKey)
			var body any
			if err == nil {
				body, err = richText(c, "comment", in.Comment)
			}
			if err == nil {
				_, err = c.Jira().AddComment(ctx, in.IssueKey, body, visibility)
			}
			record("comment", err)
		}
		if in.Worklog != "" {
			w, err := newWorklog(c, in.Worklog, in.WorklogStarted, "")
			if err == nil {
				_, err = c.Jira().AddWorklog(ctx, in.IssueKey, w)
			}
			record("worklog", err)
		}
		if len(performed) == 0 {
			return nil, fmt.Errorf("no change was made to %s: %s", in.IssueKey, strings.Join(failed, "; "))
		}
		returnFields := tool.SplitList(in.ReturnFields)
		if len(returnFields) == 0 {
			returnFields = []string{"*all"}
		}
		issue, err := c.Jira().GetIssue(ctx, in.IssueKey, jira.IssueQuery{Fields: returnFields})
		if err != nil {
			return nil, fmt.Errorf("%s was updated (%s) but reading it back failed: %w", in.IssueKey, strings.Join(performed, ", "), err)
		}
		delete(issue.Fields, "comment")
		return map[string]any{
			"message":              "Issue updated successfully",
			"issue":                simplifyIssue(c, issue, false),
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
