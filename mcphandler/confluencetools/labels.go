package confluencetools

import "github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"

// labelTools are the tools of mcp-atlassian's confluence_labels toolset that this
// server implements, in mcp-atlassian's order.
func labelTools(d *Deps) []tool.Tool {
	return nil
}
