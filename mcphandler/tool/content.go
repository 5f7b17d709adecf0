package tool

import (
	"fmt"
	"sync"

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
	bp := textBuffers.Get().(*[]byte)
	b, err := jsontree.Append((*bp)[:0], v, false)
	var text string
	if err == nil {
		text = string(b)
	}
	if cap(b) <= maxPooledText {
		*bp = b[:0]
		textBuffers.Put(bp)
	}
	if err != nil {
		return nil, fmt.Errorf("encoding the result: %w", err)
	}
	return &mcp.TextContent{Text: text}, nil
}

// textBuffers are the scratch buffers results are written into before
// they become text; a buffer grown past maxPooledText by a large answer
// is left to the GC.
var textBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

const maxPooledText = 256 << 10
