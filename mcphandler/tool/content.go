package tool

import (
	"fmt"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/internal/jsontree"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Contents is a tool result that is MCP content already (images, files as
// embedded resources, several text parts): the handler returns it and it
// goes out as is, where any other result is rendered as one JSON text.
type Contents []mcp.Content

// JSONText renders v as the JSON text every tool answers with: compact,
// without HTML escaping (the model reads it; \u003e for '>' is noise).
// Generic trees, which most tools answer with, are written by jsontree
// (encoding/json's bytes, without its reflection).
func JSONText(v any) (*mcp.TextContent, error) {
	b, err := jsontree.Append(nil, v, false)
	if err != nil {
		return nil, fmt.Errorf("encoding the result: %w", err)
	}
	return &mcp.TextContent{Text: string(b)}, nil
}
