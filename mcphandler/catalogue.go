package mcphandler

import (
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/confluencetools"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/jiratools"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// catalogue is the one list of every toolset and tool this server
// implements, in mcp-atlassian's order. README's tool table, the e2e
// tests' tool list and the toolset names are all checked against it.
type catalogue struct {
	toolsets []tool.Toolset
}

// newCatalogue builds the tools over the Jira site's configuration
// (internal-only projects, SLA calendar), nil for none.
func newCatalogue(jira *Product) *catalogue {
	var internalOnly []string
	var sla jiratools.SLAConfig
	if jira != nil {
		internalOnly, sla = jira.InternalOnly, jira.SLA
	}
	jiraDeps := jiratools.NewDeps(internalOnly, sla)
	c := &catalogue{toolsets: append(jiratools.Toolsets(jiraDeps), confluencetools.Toolsets(confluencetools.NewDeps())...)}
	// legacy is mcp-atlassian's name for tools kept for old clients; it
	// has none here but TOOLSETS may name it.
	c.toolsets = append(c.toolsets, tool.Toolset{ID: "legacy"})
	return c
}

// Catalogue lists every toolset and its tools (for documentation and
// tests).
func Catalogue() []tool.Toolset { return newCatalogue(nil).toolsets }
