//go:build deps_pin

package caddymcpatlassian

import (
	_ "github.com/JohannesKaufmann/html-to-markdown/v2"
	_ "github.com/caddyserver/caddy/v2"
	_ "github.com/caddyserver/caddy/v2/caddytest"
	_ "github.com/caddyserver/caddy/v2/modules/standard"
	_ "github.com/getkin/kin-openapi/openapi3filter"
	_ "github.com/modelcontextprotocol/go-sdk/mcp"
	_ "github.com/yuin/goldmark"
	_ "go.uber.org/zap"
	_ "golang.org/x/oauth2"
)
