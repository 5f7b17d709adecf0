package jiratools

import "github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"

// developmentTools are the tools of mcp-atlassian's jira_development toolset that this server
// implements, in mcp-atlassian's order.
func developmentTools(d *Deps) []tool.Tool {
	return nil
}
