package caddymodule

import (
	caddycmd "github.com/caddyserver/caddy/v2/cmd"
	"github.com/spf13/cobra"
)

// mcpAtlassianSubcommands build the children of `caddy mcp-atlassian`.
// Files add to it from init; the tree is built when Caddy's CLI starts,
// after every init has run.
var mcpAtlassianSubcommands []func() *cobra.Command

func init() {
	caddycmd.RegisterCommand(caddycmd.Command{
		Name:  "mcp-atlassian",
		Short: "Commands for the mcp_atlassian handler",
		Long: `
Commands for the mcp_atlassian handler (the MCP server for Jira and
Confluence).
`,
		CobraFunc: func(cmd *cobra.Command) {
			for _, sub := range mcpAtlassianSubcommands {
				cmd.AddCommand(sub())
			}
		},
	})
}
