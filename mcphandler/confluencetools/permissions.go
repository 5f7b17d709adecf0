package confluencetools

import "github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"

// permissionTools are the tools of mcp-atlassian's confluence_permissions toolset that this
// server implements, in mcp-atlassian's order.
func permissionTools(d *Deps) []tool.Tool {
	return nil
}
