package jiratools

import "github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"

// worklogTools are the tools of mcp-atlassian's jira_worklog toolset that this server
// implements, in mcp-atlassian's order.
func worklogTools(d *Deps) []tool.Tool {
	return nil
}
