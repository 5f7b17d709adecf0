package mcphandler

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.uber.org/zap"
)

// callTool is the tool handler the SDK calls: the caller's identity and
// headers come from the HTTP request that carried the message.
func (h *Handler) callTool(ctx context.Context, p *tool.Prepared, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	ctx, release := boundToRequest(ctx, req.Extra)
	defer release()
	var header http.Header
	if req.Extra != nil {
		header = req.Extra.Header
	}
	return h.runTool(ctx, p, req.Params.Arguments, identityOf(req.Extra), header), nil
}

// runTool runs one tool call: it decodes the arguments, binds the caller's
// client, runs the tool, renders its result as JSON text, and logs one
// line about the call. Every failure is a tool error the model can read.
func (h *Handler) runTool(ctx context.Context, p *tool.Prepared, rawArgs json.RawMessage, id *Identity, header http.Header) *mcp.CallToolResult {
	start := time.Now()
	var upstream, calls atomic.Int64
	var out any
	args, err := p.Decode(rawArgs)
	if err == nil {
		var client *atlassian.Client
		client, err = h.sites.client(ctx, id, p.Spec.Product)
		if err == nil {
			client.Passthrough = h.passthrough(p.Spec.Product, header)
			client.Gateway = h.opts.GatewayURL // Cloud APIs served there only (Jira Forms)
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
	took := time.Since(start)
	if h.opts.OnToolCall != nil {
		h.opts.OnToolCall(ToolCall{Tool: p.Spec.Name, Product: string(p.Spec.Product), Outcome: outcome,
			Duration: took, UpstreamStatus: int(upstream.Load())})
	}
	h.logger.Info("tool call",
		zap.String("tool", p.Spec.Name),
		zap.String("product", string(p.Spec.Product)),
		zap.Duration("duration", took),
		zap.String("outcome", outcome),
		zap.Int64("upstream_status", upstream.Load()),
		zap.Int64("upstream_calls", calls.Load()),
	)
	if err != nil {
		return toolError(err.Error())
	}
	if contents, ok := out.(tool.Contents); ok {
		return &mcp.CallToolResult{Content: contents}
	}
	// Text only: structured content would send the same payload twice.
	text, err := tool.JSONText(out)
	if err != nil {
		return toolError(err.Error())
	}
	return &mcp.CallToolResult{Content: []mcp.Content{text}}
}

// passthrough copies the product's passthrough headers from the HTTP
// request that carried the call.
func (h *Handler) passthrough(p atlassian.Product, header http.Header) http.Header {
	cfg := h.sites.product(p)
	if cfg == nil || len(cfg.Passthrough) == 0 || header == nil {
		return nil
	}
	out := http.Header{}
	for _, name := range cfg.Passthrough {
		if vs := header.Values(name); len(vs) > 0 {
			out[http.CanonicalHeaderKey(name)] = append([]string(nil), vs...)
		}
	}
	return out
}
