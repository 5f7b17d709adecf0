package confluencetools

import "github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"

// userTools are the tools of mcp-atlassian's confluence_users toolset that this
// server implements, in mcp-atlassian's order.
func userTools(d *Deps) []tool.Tool {
	return nil
}
