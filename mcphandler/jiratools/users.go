package jiratools

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/jira"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// userTools are the tools of mcp-atlassian's jira_users toolset, in
// mcp-atlassian's order.
func userTools(d *Deps) []tool.Tool {
	return []tool.Tool{getUserProfile(d), searchAssignableUsers(d)}
}

type userProfileInput struct {
	UserIdentifier string `json:"user_identifier" jsonschema:"Email, username, key (Server/DC), account id ('accountid:...' or bare), or 'me'"`
}

func getUserProfile(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_user_profile", Title: "Get User Profile", Product: atlassian.Jira, Toolset: "jira_users",
		Description: "Get the profile of a Jira user.",
	}, func(ctx context.Context, c *tool.Call, in userProfileInput) (any, error) {
		who := strings.TrimSpace(in.UserIdentifier)
		if who == "" {
			return nil, tool.BadInput("user_identifier is empty: give an email, username, account id or 'me'")
		}
		user, err := lookUpUser(ctx, c, who)
		if err != nil {
			return nil, err
		}
		return map[string]any{"success": true, "user": profile(user)}, nil
	})
}

// lookUpUser finds one user by any identifier mcp-atlassian accepts.
func lookUpUser(ctx context.Context, c *tool.Call, who string) (map[string]any, error) {
	j := c.Jira()
	if strings.EqualFold(who, "me") {
		return j.Myself(ctx)
	}
	if id, ok := strings.CutPrefix(who, "accountid:"); ok {
		return j.User(ctx, "accountId", id)
	}
	if strings.Contains(who, "@") {
		users, err := j.FindUsers(ctx, who)
		if err != nil {
			return nil, fmt.Errorf("looking up %q: %w", who, err)
		}
		for _, u := range users {
			if strings.EqualFold(str(u["emailAddress"]), who) || len(users) == 1 {
				return u, nil
			}
		}
		return nil, fmt.Errorf("no Jira user has the email %q", who)
	}
	if c.Cloud() {
		return j.User(ctx, "accountId", who)
	}
	u, err := j.User(ctx, "username", who)
	var apiErr *atlassian.APIError
	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound {
		return j.User(ctx, "key", who)
	}
	return u, err
}

// profile is mcp-atlassian's user shape: name falls back to the display
// name where Cloud has no usernames.
func profile(u map[string]any) map[string]any {
	out := simplifyUser(u)
	if _, ok := out["name"]; !ok {
		out["name"] = out["display_name"]
	}
	return out
}

type assignableInput struct {
	Query      string `json:"query" jsonschema:"Part of a display name, username or email, e.g. 'Smith'; or 'accountid:<id>'"`
	ProjectKey string `json:"project_key,omitempty" jsonschema:"Project to search in, e.g. 'PROJ' (this or issue_key)"`
	IssueKey   string `json:"issue_key,omitempty" jsonschema:"Issue to search for, e.g. 'PROJ-123' (this or project_key)"`
	Limit      int    `json:"limit,omitempty" jsonschema:"Maximum number of users"`
}

func searchAssignableUsers(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_search_assignable_users", Title: "Search Assignable Users", Product: atlassian.Jira, Toolset: "jira_users",
		Description: "Search the users who can be assigned issues in a project or one issue, to get their account id or username.",
		Params:      map[string]tool.Param{"limit": {Default: 20, Min: tool.Bound(1), Max: tool.Bound(1000)}},
	}, func(ctx context.Context, c *tool.Call, in assignableInput) (any, error) {
		if (in.ProjectKey == "") == (in.IssueKey == "") {
			return nil, tool.BadInput("give exactly one of project_key or issue_key")
		}
		if in.ProjectKey != "" {
			if err := c.CheckProject(in.ProjectKey); err != nil {
				return nil, err
			}
		} else if err := c.CheckIssue(ctx, in.IssueKey); err != nil {
			return nil, err
		}
		q := jiraAssignable(in)
		if id, ok := strings.CutPrefix(strings.TrimSpace(in.Query), "accountid:"); ok {
			if !c.Cloud() {
				return nil, tool.BadInput("account ids are a Jira Cloud identity; on Server/Data Center search by name or username")
			}
			q.Query, q.AccountID = "", id
		}
		users, err := c.Jira().AssignableUsers(ctx, q)
		if err != nil {
			return nil, err
		}
		out := make([]map[string]any, len(users))
		for i, u := range users {
			out[i] = profile(u)
		}
		return map[string]any{"success": true, "count": len(out), "users": out}, nil
	})
}

func jiraAssignable(in assignableInput) jira.AssignableQuery {
	return jira.AssignableQuery{Query: in.Query, Project: in.ProjectKey, IssueKey: in.IssueKey, Limit: max(in.Limit, 1)}
}
