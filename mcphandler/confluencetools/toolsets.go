package confluencetools

import (
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/confluence"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// Deps are what the Confluence tools share across calls.
type Deps struct {
	// SpaceNames remembers the spaces Cloud pages name by id.
	SpaceNames *confluence.SpaceNames
}

// NewDeps makes the shared state of the Confluence tools.
func NewDeps() *Deps { return &Deps{SpaceNames: confluence.NewSpaceNames()} }

// bind gives a call a Confluence client that shares d's caches, before
// anything (the allow-list checks included) reads Confluence.
func (d *Deps) bind(c *tool.Call) {
	conf := confluence.New(c.Client)
	conf.SpaceNames = d.SpaceNames
	c.UseConfluence(conf)
}

// Toolsets are mcp-atlassian's Confluence toolsets with the tools this
// server implements. Each toolset's tools are listed in its own file, in
// mcp-atlassian's order; every toolset is listed, so that TOOLSETS accepts
// its name, even while it has no tools yet.
func Toolsets(d *Deps) []tool.Toolset {
	sets := []tool.Toolset{
		{ID: "confluence_pages", Default: true, Tools: pageTools(d)},
		{ID: "confluence_comments", Default: true, Tools: commentTools(d)},
		{ID: "confluence_labels", Tools: labelTools(d)},
		{ID: "confluence_users", Tools: userTools(d)},
		{ID: "confluence_analytics", Tools: analyticsTools(d)},
		{ID: "confluence_attachments", Tools: attachmentTools(d)},
		{ID: "confluence_templates", Tools: templateTools(d)},
		{ID: "confluence_permissions", Tools: permissionTools(d)},
	}
	for _, ts := range sets {
		for i := range ts.Tools {
			ts.Tools[i] = ts.Tools[i].WithSetup(d.bind)
		}
	}
	return sets
}
