package jiratools

import (
	"context"
	"fmt"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// watcherTools are the tools of mcp-atlassian's jira_watchers toolset, in
// mcp-atlassian's order.
func watcherTools(d *Deps) []tool.Tool {
	return []tool.Tool{getIssueWatchers(d), addWatcher(d), removeWatcher(d)}
}

func getIssueWatchers(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_issue_watchers", Title: "Get Issue Watchers", Product: atlassian.Jira, Toolset: "jira_watchers",
		Description: "Get the users watching a Jira issue.",
	}, func(ctx context.Context, c *tool.Call, in tool.IssueRef) (any, error) {
		w, err := c.Jira().IssueWatchers(ctx, in.IssueKey)
		if err != nil {
			return nil, err
		}
		return simplifyWatchers(in.IssueKey, w.WatchCount, w.IsWatching, w.Watchers), nil
	})
}

func simplifyWatchers(key string, count int, watching bool, users []map[string]any) map[string]any {
	list := make([]map[string]any, 0, len(users))
	for _, u := range users {
		list = append(list, simplifyUser(u))
	}
	return map[string]any{"issue_key": key, "watcher_count": count, "is_watching": watching, "watchers": list}
}

type addWatcherInput struct {
	tool.IssueRef
	UserIdentifier string `json:"user_identifier" jsonschema:"User to add: account id (Cloud) or username (Server/DC)"`
}

func addWatcher(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_add_watcher", Title: "Add Issue Watcher", Product: atlassian.Jira, Toolset: "jira_watchers", Write: true,
		Description: "Add a user as a watcher of a Jira issue.",
	}, func(ctx context.Context, c *tool.Call, in addWatcherInput) (any, error) {
		who := strings.TrimSpace(strings.TrimPrefix(in.UserIdentifier, "accountid:"))
		if who == "" {
			return nil, tool.BadInput("user_identifier is empty: give an account id (Cloud) or a username (Server/DC)")
		}
		if err := c.Jira().AddWatcher(ctx, in.IssueKey, who); err != nil {
			return nil, err
		}
		return map[string]any{"success": true, "message": fmt.Sprintf("User '%s' added as watcher to %s", who, in.IssueKey),
			"issue_key": in.IssueKey, "user": who}, nil
	})
}

type removeWatcherInput struct {
	tool.IssueRef
	Username  string `json:"username,omitempty" jsonschema:"Username to remove (Server/DC)"`
	AccountID string `json:"account_id,omitempty" jsonschema:"Account id to remove (Cloud)"`
}

func removeWatcher(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_remove_watcher", Title: "Remove Issue Watcher", Product: atlassian.Jira, Toolset: "jira_watchers",
		Write: true, Destructive: true,
		Description: "Remove a user from the watchers of a Jira issue.",
	}, func(ctx context.Context, c *tool.Call, in removeWatcherInput) (any, error) {
		who := in.Username
		if c.Cloud() {
			who = in.AccountID
		}
		if who == "" {
			if in.Username == "" && in.AccountID == "" {
				return nil, tool.BadInput("give account_id (Cloud) or username (Server/DC) of the watcher to remove")
			}
			if c.Cloud() {
				return nil, tool.BadInput("Jira Cloud identifies users by account id: give account_id, not username")
			}
			return nil, tool.BadInput("Jira Server/Data Center identifies users by username: give username, not account_id")
		}
		if err := c.Jira().RemoveWatcher(ctx, in.IssueKey, who); err != nil {
			return nil, err
		}
		return map[string]any{"success": true, "message": fmt.Sprintf("User '%s' removed from watching %s", who, in.IssueKey),
			"issue_key": in.IssueKey, "user": who}, nil
	})
}
