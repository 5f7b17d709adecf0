package confluencetools

import "github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"

// analyticsTools are the tools of mcp-atlassian's confluence_analytics toolset that this
// server implements, in mcp-atlassian's order.
func analyticsTools(d *Deps) []tool.Tool {
	return nil
}
