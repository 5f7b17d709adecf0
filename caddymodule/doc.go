// Package caddymodule is the Caddy glue of caddy-mcp-atlassian: the
// http.handlers.mcp_atlassian handler (Caddyfile directive mcp_atlassian)
// and the http.handlers.atlassian_sandbox handler. It turns Caddyfile/JSON
// configuration and mcp-atlassian's environment variables into the options
// of package mcphandler, builds the pooled TLS clients with Caddy's own
// reverse_proxy TLS settings, and serves MCP over streamable HTTP.
package caddymodule
