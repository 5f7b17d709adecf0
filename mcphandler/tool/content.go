package tool

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Contents is a tool result that is MCP content already (images, files as
// embedded resources, several text parts): the handler returns it and it
// goes out as is, where any other result is rendered as one JSON text.
type Contents []mcp.Content

// JSONText renders v as the JSON text every tool answers with: compact,
// without HTML escaping (the model reads it; \u003e for '>' is noise).
func JSONText(v any) (*mcp.TextContent, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encoding the result: %w", err)
	}
	return &mcp.TextContent{Text: string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))}, nil
}
