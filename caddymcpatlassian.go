// Package caddymcpatlassian registers the caddy-mcp-atlassian Caddy
// modules, so that the module root can be given to xcaddy:
//
//	xcaddy build --with github.com/mcp-atlassian/caddy-mcp-atlassian
package caddymcpatlassian

import (
	// The Caddy modules: mcp_atlassian and atlassian_sandbox.
	_ "github.com/mcp-atlassian/caddy-mcp-atlassian/caddymodule"
)
