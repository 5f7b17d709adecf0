package confluencetools

import "github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"

// Deps are what the Confluence tools share across calls.
type Deps struct{}

// NewDeps makes the shared state of the Confluence tools.
func NewDeps() *Deps { return &Deps{} }

// Toolsets are mcp-atlassian's Confluence toolsets with the tools this
// server implements, in mcp-atlassian's order. A toolset without tools yet
// is listed so that TOOLSETS accepts its name.
func Toolsets(d *Deps) []tool.Toolset {
	return []tool.Toolset{
		{ID: "confluence_pages", Default: true, Tools: []tool.Tool{
			search(d), getPage(d), createPage(d), updatePage(d),
		}},
		{ID: "confluence_comments", Default: true, Tools: []tool.Tool{getComments(d), addComment(d)}},
		{ID: "confluence_labels"},
		{ID: "confluence_users"},
		{ID: "confluence_analytics"},
		{ID: "confluence_attachments"},
		{ID: "confluence_templates"},
		{ID: "confluence_permissions"},
	}
}
