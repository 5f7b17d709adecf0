package jiratools

import "github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"

// fieldTools are the tools of mcp-atlassian's jira_fields toolset that this server
// implements, in mcp-atlassian's order.
func fieldTools(d *Deps) []tool.Tool {
	return nil
}
