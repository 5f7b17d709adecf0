// Package mcphandler is the MCP server of caddy-mcp-atlassian: the Jira and
// Confluence tools with mcp-atlassian's names, parameters and defaults, the
// filters that decide which tools a client sees (read-only mode, enabled
// tools, toolsets, projects and spaces allow-lists), and the per-request
// credential contract (Authorization: Basic|Token|Bearer, X-Atlassian-*
// headers). It knows nothing of Caddy: caddymodule builds Options from the
// Caddyfile and the environment and serves Handler over HTTP.
package mcphandler
