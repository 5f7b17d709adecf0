package jiratools

import "github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"

// watcherTools are the tools of mcp-atlassian's jira_watchers toolset that this server
// implements, in mcp-atlassian's order.
func watcherTools(d *Deps) []tool.Tool {
	return nil
}
