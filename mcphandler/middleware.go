package mcphandler

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.uber.org/zap"
)

// guard recovers panics in any request a client sends. The SDK handles
// requests on goroutines of its own, where a panic would take the whole
// Caddy process down, so one bad request could stop the server for
// everyone.
func (h *Handler) guard(next mcp.MethodHandler) mcp.MethodHandler {
	return func(ctx context.Context, method string, req mcp.Request) (res mcp.Result, err error) {
		defer func() {
			if r := recover(); r != nil {
				h.logPanic(method, r)
				if method == "tools/call" {
					res, err = toolError(panicToolError), nil
					return
				}
				res, err = nil, fmt.Errorf("internal error handling %s", method)
			}
		}()
		return next(ctx, method, req)
	}
}

// visibleTools shows each request only the tools of products its identity
// can reach (and Cloud-only tools only on Cloud); calling another answers
// exactly like an unknown tool.
func (h *Handler) visibleTools(next mcp.MethodHandler) mcp.MethodHandler {
	return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
		switch r := req.(type) {
		case *mcp.CallToolRequest:
			if r.Params != nil {
				if p, ok := h.tools[r.Params.Name]; ok && !h.sites.visible(identityOf(r.Extra), p.Spec) {
					return nil, &jsonrpc.Error{Code: jsonrpc.CodeInvalidParams, Message: fmt.Sprintf("unknown tool %q", r.Params.Name)}
				}
			}
		case *mcp.ListToolsRequest:
			res, err := next(ctx, method, req)
			list, ok := res.(*mcp.ListToolsResult)
			if err != nil || !ok {
				return res, err
			}
			id := identityOf(r.Extra)
			kept := list.Tools[:0:0]
			for _, t := range list.Tools {
				if p, ok := h.tools[t.Name]; ok && h.sites.visible(id, p.Spec) {
					kept = append(kept, t)
				}
			}
			list.Tools = kept
			return list, nil
		}
		return next(ctx, method, req)
	}
}

// panicToolError is what a caller learns of a tool that panicked.
const panicToolError = "internal error while running the tool; the server logged the details"

// logPanic logs a recovered panic with its stack.
func (h *Handler) logPanic(method string, v any) {
	h.logger.Error("panic while handling an MCP request", zap.String("method", method),
		zap.Any("panic", v), zap.ByteString("stack", debug.Stack()))
}

func toolError(msg string) *mcp.CallToolResult {
	return &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: msg}}}
}
