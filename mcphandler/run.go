package mcphandler

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"sync/atomic"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.uber.org/zap"
)

// runTool runs one tool call: it decodes the arguments, binds the caller's
// client, runs the tool, renders its result as JSON text, and logs one
// line about the call.
func (h *Handler) runTool(ctx context.Context, p *tool.Prepared, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	start := time.Now()
	var upstream, calls atomic.Int64
	var out any
	args, err := p.Decode(req.Params.Arguments)
	if err == nil {
		var client *atlassian.Client
		client, err = h.sites.client(identityOf(req.Extra), p.Spec.Product)
		if err == nil {
			client.OnResponse = func(status int) {
				upstream.Store(int64(status))
				calls.Add(1)
			}
			out, err = p.Run(ctx, &tool.Call{Client: client, Filter: h.sites.filter(p.Spec.Product)}, args)
		}
	}
	outcome := "ok"
	if err != nil {
		outcome = "error"
		var ae *atlassian.APIError
		if errors.As(err, &ae) {
			upstream.Store(int64(ae.StatusCode))
		}
	}
	if h.opts.OnToolCall != nil {
		h.opts.OnToolCall(ToolCall{Tool: p.Spec.Name, Product: string(p.Spec.Product), Outcome: outcome,
			Duration: time.Since(start), UpstreamStatus: int(upstream.Load())})
	}
	h.logger.Info("tool call",
		zap.String("tool", p.Spec.Name),
		zap.String("product", string(p.Spec.Product)),
		zap.Duration("duration", time.Since(start)),
		zap.String("outcome", outcome),
		zap.Int64("upstream_status", upstream.Load()),
		zap.Int64("upstream_calls", calls.Load()),
	)
	if err != nil {
		return toolError(err.Error()), nil
	}
	if contents, ok := out.(tool.Contents); ok {
		return &mcp.CallToolResult{Content: contents}, nil
	}
	// Text only: structured content would send the same payload twice.
	// HTML escaping stays off: the model reads this text, and \u003e for
	// every '>' in Markdown is noise.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return toolError("encoding the result failed: " + err.Error()), nil
	}
	text := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: string(text)}}}, nil
}
