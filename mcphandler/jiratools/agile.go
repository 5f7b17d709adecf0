package jiratools

import "github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"

// agileTools are the tools of mcp-atlassian's jira_agile toolset that this server
// implements, in mcp-atlassian's order.
func agileTools(d *Deps) []tool.Tool {
	return nil
}
