package jiratools

import "github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"

// linkTools are the tools of mcp-atlassian's jira_links toolset that this server
// implements, in mcp-atlassian's order.
func linkTools(d *Deps) []tool.Tool {
	return nil
}
