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
		entries := make([]map[string]any, len(logs))
		for i, w := range logs {
			entries[i] = simplifyWorklog(w)
		}
		out["worklogs"] = entries
	}
	return nil
}

func nonNilMaps(in []map[string]any) []map[string]any {
	if in == nil {
		return []map[string]any{}
	}
	return in
}
