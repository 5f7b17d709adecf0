package jiratools

import "github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"

// metricTools are the tools of mcp-atlassian's jira_metrics toolset that this server
// implements, in mcp-atlassian's order.
func metricTools(d *Deps) []tool.Tool {
	return nil
}
