package jiratools

import "github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"

// projectAnalysisTools are the tools of mcp-atlassian's jira_project_analysis toolset that this server
// implements, in mcp-atlassian's order.
func projectAnalysisTools(d *Deps) []tool.Tool {
	return nil
}
