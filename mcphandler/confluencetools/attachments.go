package confluencetools

import "github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"

// attachmentTools are the tools of mcp-atlassian's confluence_attachments toolset that this
// server implements, in mcp-atlassian's order.
func attachmentTools(d *Deps) []tool.Tool {
	return nil
}
