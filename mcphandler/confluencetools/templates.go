package confluencetools

import "github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"

// templateTools are the tools of mcp-atlassian's confluence_templates toolset that this
// server implements, in mcp-atlassian's order.
func templateTools(d *Deps) []tool.Tool {
	return nil
}
