package jiratools

import "github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"

// serviceDeskTools are the tools of mcp-atlassian's jira_service_desk toolset that this server
// implements, in mcp-atlassian's order.
func serviceDeskTools(d *Deps) []tool.Tool {
	return nil
}
