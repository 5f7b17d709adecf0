package jiratools

import "github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"

// userTools are the tools of mcp-atlassian's jira_users toolset that this server
// implements, in mcp-atlassian's order.
func userTools(d *Deps) []tool.Tool {
	return nil
}
