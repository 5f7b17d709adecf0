package jiratools

import (
	"context"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// addIssueExtras adds the include= sections that need reads of their own
// beyond the issue: remote links, watchers and worklogs.
func addIssueExtras(ctx context.Context, c *tool.Call, key string, include map[string]bool, out map[string]any) error {
	if include["remote_links"] {
		links, err := c.Jira().RemoteLinks(ctx, key)
		if err != nil {
			return err
		}
		out["remote_links"] = nonNilMaps(links)
	}
	if include["watchers"] {
		w, err := c.Jira().IssueWatchers(ctx, key)
		if err != nil {
			return err
		}
		out["watchers"] = simplifyWatchers(key, w.WatchCount, w.IsWatching, w.Watchers)
	}
	if include["worklogs"] {
		logs, err := c.Jira().IssueWorklogs(ctx, key)
		if err != nil {
			return err
		}
		out["worklogs"] = simplifyWorklogEntries(logs)
	}
	return nil
}

// simplifyWorklogEntries is mcp-atlassian's worklog shape: comment as
// Markdown, the author's display name.
func simplifyWorklogEntries(logs []map[string]any) []map[string]any {
	out := make([]map[string]any, 0, len(logs))
	for _, w := range logs {
		author := "Unknown"
		if a, ok := w["author"].(map[string]any); ok && str(a["displayName"]) != "" {
			author = str(a["displayName"])
		}
		out = append(out, map[string]any{
			"id": w["id"], "comment": markdown(w["comment"]), "created": w["created"], "updated": w["updated"],
			"started": w["started"], "time_spent": w["timeSpent"], "time_spent_seconds": w["timeSpentSeconds"], "author": author,
		})
	}
	return out
}

func nonNilMaps(in []map[string]any) []map[string]any {
	if in == nil {
		return []map[string]any{}
	}
	return in
}
