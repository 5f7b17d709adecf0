package jiratools

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/jira"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// The jira_issues tools beyond read, search, create and update: project
// listing, bulk create, bulk changelogs, assign, delete and move.

type projectIssuesInput struct {
	tool.ProjectRef
	Limit   int `json:"limit,omitempty" jsonschema:"Maximum number of issues (1-50)"`
	StartAt int `json:"start_at,omitempty" jsonschema:"Index of the first issue (0-based)"`
}

func getProjectIssues(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_project_issues", Title: "Get Project Issues", Product: atlassian.Jira, Toolset: "jira_issues",
		Description: "Get the issues of a Jira project, newest first.",
		Params: map[string]tool.Param{
			"limit":    {Default: 10, Min: tool.Bound(1), Max: tool.Bound(50)},
			"start_at": {Default: 0, Min: tool.Bound(0)},
		},
	}, func(ctx context.Context, c *tool.Call, in projectIssuesInput) (any, error) {
		jql, err := tool.RestrictQuery(fmt.Sprintf(`project = %s ORDER BY created DESC`, tool.QuoteJQL(in.ProjectKey)), "project", c.Filter)
		if err != nil {
			return nil, tool.BadInput("project_key: %v", err)
		}
		return runSearch(ctx, c, jira.SearchQuery{
			JQL: jql, Fields: tool.SplitList(DefaultFields),
			Limit: max(in.Limit, 1), StartAt: in.StartAt,
		})
	})
}

// runSearch runs a search and shapes it as jira_search answers.
func runSearch(ctx context.Context, c *tool.Call, q jira.SearchQuery) (map[string]any, error) {
	page, err := c.Jira().Search(ctx, q)
	if err != nil {
		return nil, err
	}
	return searchResult(c, page), nil
}

type batchCreateInput struct {
	Issues       string `json:"issues" jsonschema:"JSON array of issues, each {project_key, summary, issue_type, description?, assignee?, components?: [names]}"`
	ValidateOnly bool   `json:"validate_only,omitempty" jsonschema:"Only validate the issues, create nothing"`
}

// batchIssue is one element of jira_batch_create_issues' issues.
type batchIssue struct {
	ProjectKey  string   `json:"project_key"`
	Summary     string   `json:"summary"`
	IssueType   string   `json:"issue_type"`
	Description string   `json:"description"`
	Assignee    string   `json:"assignee"`
	Components  []string `json:"components"`
}

// maxBatchIssues is what Jira's bulk create takes in one request.
const maxBatchIssues = 50

func batchCreateIssues(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_batch_create_issues", Title: "Batch Create Issues", Product: atlassian.Jira, Toolset: "jira_issues", Write: true,
		Description: "Create several Jira issues in one request.",
		Params:      map[string]tool.Param{"validate_only": {Default: false}},
	}, func(ctx context.Context, c *tool.Call, in batchCreateInput) (any, error) {
		var list []batchIssue
		if err := json.Unmarshal([]byte(in.Issues), &list); err != nil {
			return nil, tool.BadInput("issues is not a JSON array of issue objects (%v); write it like [{\"project_key\": \"PROJ\", \"summary\": \"One\", \"issue_type\": \"Task\"}]", err)
		}
		if len(list) == 0 || len(list) > maxBatchIssues {
			return nil, tool.BadInput("issues has %d elements; give 1 to %d", len(list), maxBatchIssues)
		}
		fields := make([]map[string]any, len(list))
		for i, is := range list {
			if is.ProjectKey == "" || strings.TrimSpace(is.Summary) == "" || is.IssueType == "" {
				return nil, tool.BadInput("issues[%d] needs project_key, summary and issue_type", i)
			}
			if err := c.CheckProject(is.ProjectKey); err != nil {
				return nil, err
			}
			f := map[string]any{"project": map[string]any{"key": is.ProjectKey}, "summary": is.Summary, "issuetype": map[string]any{"name": is.IssueType}}
			if is.Description != "" {
				desc, err := richText(c, fmt.Sprintf("issues[%d].description", i), is.Description)
				if err != nil {
					return nil, err
				}
				f["description"] = desc
			}
			if len(is.Components) > 0 {
				f["components"] = namedList(is.Components)
			}
			if is.Assignee != "" {
				user, err := resolveUser(ctx, c, is.Assignee)
				if err != nil {
					return nil, err
				}
				f["assignee"] = user
			}
			fields[i] = f
		}
		if in.ValidateOnly {
			issues := make([]map[string]any, len(list))
			for i, is := range list {
				issues[i] = map[string]any{"project_key": is.ProjectKey, "summary": is.Summary, "issue_type": is.IssueType}
			}
			return map[string]any{"message": "Issues validated successfully", "issues": issues}, nil
		}
		created, err := c.Jira().CreateIssues(ctx, fields)
		if err != nil {
			return nil, err
		}
		issues := make([]map[string]any, 0, len(created.Issues))
		for _, ci := range created.Issues {
			is, err := c.Jira().GetIssue(ctx, ci.Key, jira.IssueQuery{Fields: tool.SplitList(DefaultFields + ",components")})
			if err != nil {
				return nil, fmt.Errorf("issue %s was created but reading it back failed: %w", ci.Key, err)
			}
			issues = append(issues, simplifyIssue(c, is, false))
		}
		out := map[string]any{"message": "Issues created successfully", "issues": issues}
		if len(created.Errors) > 0 {
			var failed []string
			for _, e := range created.Errors {
				msgs := append([]string{}, e.ElementErrors.ErrorMessages...)
				for f, m := range e.ElementErrors.Errors {
					msgs = append(msgs, f+": "+m)
				}
				failed = append(failed, fmt.Sprintf("issues[%d]: %s", e.FailedElementNumber, strings.Join(msgs, "; ")))
			}
			if len(issues) == 0 {
				return nil, fmt.Errorf("no issue was created: %s", strings.Join(failed, " | "))
			}
			out["message"] = fmt.Sprintf("%d of %d issues created", len(issues), len(list))
			out["errors"] = failed
		}
		return out, nil
	})
}

type batchChangelogsInput struct {
	IssueIDsOrKeys string `json:"issue_ids_or_keys" jsonschema:"Comma-separated issue ids or keys, e.g. 'PROJ-123,PROJ-124'"`
	Fields         string `json:"fields,omitempty" jsonschema:"Comma-separated field ids to keep changes of, e.g. 'status,assignee'; all when omitted"`
	Limit          int    `json:"limit,omitempty" jsonschema:"Maximum changelogs per issue, -1 for all"`
}

func batchGetChangelogs(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_batch_get_changelogs", Title: "Batch Get Changelogs", Product: atlassian.Jira, Toolset: "jira_issues", CloudOnly: true,
		Description: "Get the change history of several Jira issues.",
		Params:      map[string]tool.Param{"limit": {Default: -1, Min: tool.Bound(-1)}},
	}, func(ctx context.Context, c *tool.Call, in batchChangelogsInput) (any, error) {
		keys := tool.SplitList(in.IssueIDsOrKeys)
		if len(keys) == 0 {
			return nil, tool.BadInput("issue_ids_or_keys is empty: give issue keys such as 'PROJ-1,PROJ-2'")
		}
		for _, k := range keys {
			if err := c.CheckIssue(ctx, k); err != nil {
				return nil, err
			}
		}
		logs, err := c.Jira().BulkChangelogs(ctx, keys, tool.SplitList(in.Fields))
		if err != nil {
			return nil, err
		}
		out := make([]map[string]any, 0, len(logs))
		for _, l := range logs {
			histories := l.ChangeHistories
			if in.Limit >= 0 && len(histories) > in.Limit {
				histories = histories[:in.Limit]
			}
			changes := make([]map[string]any, 0, len(histories))
			for _, h := range histories {
				changes = append(changes, simplifyChangelog(h))
			}
			out = append(out, map[string]any{"issue_id": l.IssueID, "changelogs": changes})
		}
		return out, nil
	})
}

// simplifyChangelog is one history entry: who, when, and what changed.
func simplifyChangelog(h map[string]any) map[string]any {
	out := map[string]any{"created": h["created"]}
	if a, ok := h["author"]; ok {
		out["author"] = simplifyUser(a)
	}
	var items []map[string]any
	for _, it := range asSlice(h["items"]) {
		m, _ := it.(map[string]any)
		item := map[string]any{"field": m["field"], "fieldtype": m["fieldtype"]}
		for from, to := range map[string]string{"fromString": "from_string", "toString": "to_string", "from": "from_id", "to": "to_id"} {
			if v, ok := m[from]; ok && v != nil {
				item[to] = v
			}
		}
		items = append(items, item)
	}
	if items != nil {
		out["items"] = items
	}
	return out
}

type assignInput struct {
	tool.IssueRef
	Assignee string `json:"assignee,omitempty" jsonschema:"Email, display name, account id or username, or a user object from jira_search_assignable_users; empty unassigns"`
}

func assignIssue(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_assign_issue", Title: "Assign Issue", Product: atlassian.Jira, Toolset: "jira_issues", Write: true,
		Description: "Assign a Jira issue to a user, or unassign it, with the dedicated assignment endpoint.",
	}, func(ctx context.Context, c *tool.Call, in assignInput) (any, error) {
		who := strings.TrimSpace(in.Assignee)
		if strings.HasPrefix(who, "{") {
			var obj map[string]any
			if err := json.Unmarshal([]byte(who), &obj); err != nil {
				return nil, tool.BadInput("assignee looks like JSON but is not an object (%v)", err)
			}
			who = firstString(obj, "accountId", "account_id", "name", "key", "emailAddress", "email")
			if who == "" {
				return nil, tool.BadInput("assignee object names no user: give accountId (Cloud) or name (Server/DC)")
			}
		}
		var user map[string]any
		if who != "" {
			var err error
			if user, err = resolveUser(ctx, c, who); err != nil {
				return nil, err
			}
		}
		if err := c.Jira().AssignIssue(ctx, in.IssueKey, user); err != nil {
			return nil, err
		}
		issue, err := c.Jira().GetIssue(ctx, in.IssueKey, jira.IssueQuery{Fields: tool.SplitList(DefaultFields)})
		if err != nil {
			return nil, fmt.Errorf("%s was assigned but reading it back failed: %w", in.IssueKey, err)
		}
		return map[string]any{"message": fmt.Sprintf("Issue %s assigned successfully", in.IssueKey), "issue": simplifyIssue(c, issue, false)}, nil
	})
}

func firstString(m map[string]any, keys ...string) string {
	for _, k := range keys {
		if s, ok := m[k].(string); ok && s != "" {
			return s
		}
	}
	return ""
}

func deleteIssue(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_delete_issue", Title: "Delete Issue", Product: atlassian.Jira, Toolset: "jira_issues", Write: true, Destructive: true,
		Description: "Delete a Jira issue and its sub-tasks.",
	}, func(ctx context.Context, c *tool.Call, in tool.IssueRef) (any, error) {
		if err := c.Jira().DeleteIssue(ctx, in.IssueKey); err != nil {
			return nil, err
		}
		return map[string]any{"message": fmt.Sprintf("Issue %s has been deleted successfully.", in.IssueKey)}, nil
	})
}

type moveInput struct {
	tool.IssueRef
	TargetProjectKey string `json:"target_project_key" jsonschema:"Key of the project to move the issue to; it keeps its issue type and gets a new key"`
}

// Polling of a bulk move: Jira moves asynchronously; mcp-atlassian waits
// up to 30 seconds.
const (
	movePolls       = 15
	movePollBackoff = 2 * time.Second
)

func moveIssue(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_move_issue", Title: "Move Issue to Project", Product: atlassian.Jira, Toolset: "jira_issues",
		Write: true, Destructive: true, CloudOnly: true,
		Description: "Move a Jira issue to another project, keeping its issue type.",
		Params: map[string]tool.Param{"target_project_key": {Pattern: tool.DefaultProjectKeyPattern, MaxLength: tool.Length(255),
			Hint: "expected a Jira project key such as PROJ"}},
	}, func(ctx context.Context, c *tool.Call, in moveInput) (any, error) {
		if err := c.CheckProject(in.TargetProjectKey); err != nil {
			return nil, err
		}
		issue, err := c.Jira().GetIssue(ctx, in.IssueKey, jira.IssueQuery{Fields: []string{"issuetype", "project"}})
		if err != nil {
			return nil, err
		}
		typeName, _ := pick(issue.Fields["issuetype"], "name")["name"].(string)
		types, err := c.Jira().CreateMetaIssueTypes(ctx, in.TargetProjectKey)
		if err != nil {
			return nil, fmt.Errorf("reading the issue types of %s: %w", in.TargetProjectKey, err)
		}
		typeID := ""
		for _, t := range types {
			if strings.EqualFold(str(t["name"]), typeName) {
				typeID = str(t["id"])
			}
		}
		if typeID == "" {
			return nil, tool.BadInput("project %s has no issue type %q, which %s has; move it to a project that does", in.TargetProjectKey, typeName, in.IssueKey)
		}
		task, err := c.Jira().SubmitMove(ctx, in.TargetProjectKey, typeID, []string{in.IssueKey})
		if err != nil {
			return nil, err
		}
		if err := waitForMove(ctx, c, task, in.IssueKey); err != nil {
			return nil, err
		}
		moved, err := c.Jira().GetIssue(ctx, issue.ID, jira.IssueQuery{Fields: tool.SplitList(DefaultFields + ",project")})
		if err != nil {
			return nil, fmt.Errorf("%s was moved but reading it back failed: %w", in.IssueKey, err)
		}
		return map[string]any{
			"message": fmt.Sprintf("Issue moved successfully from %s to project %s", in.IssueKey, in.TargetProjectKey),
			"issue":   simplifyIssue(c, moved, false),
		}, nil
	})
}

// waitForMove polls a bulk move until Jira reports it finished.
func waitForMove(ctx context.Context, c *tool.Call, task, key string) error {
	for i := 0; ; i++ {
		p, err := c.Jira().BulkProgress(ctx, task)
		if err != nil {
			return fmt.Errorf("checking the move of %s: %w", key, err)
		}
		switch p.Status {
		case "COMPLETE":
			if msgs := p.FailedAccessibleIssues; len(msgs) > 0 {
				for _, m := range msgs {
					return fmt.Errorf("moving %s failed: %s", key, strings.Join(m, "; "))
				}
			}
			return nil
		case "FAILED", "CANCELLED", "DEAD":
			return fmt.Errorf("moving %s ended %s", key, strings.ToLower(p.Status))
		}
		if i+1 >= movePolls {
			return fmt.Errorf("moving %s did not finish within %s (task %s, %d%% done)", key, movePolls*movePollBackoff, task, p.ProgressPercent)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(movePollBackoff):
		}
	}
}
