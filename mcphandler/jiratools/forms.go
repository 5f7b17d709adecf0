package jiratools

import "github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"

// formTools are the tools of mcp-atlassian's jira_forms toolset that this server
// implements, in mcp-atlassian's order.
func formTools(d *Deps) []tool.Tool {
	return nil
}
