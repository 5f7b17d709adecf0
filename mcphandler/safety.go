package mcphandler

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.uber.org/zap"
)

// safeCalls guards every request a client sends. The SDK handles requests
// on goroutines of its own, where a panic would take the whole Caddy
// process down, so one bad request could stop the server for everyone.
// It also normalises "arguments": null to {} (the SDK panics applying
// defaults to null).
func (h *Handler) safeCalls(next mcp.MethodHandler) mcp.MethodHandler {
	return func(ctx context.Context, method string, req mcp.Request) (res mcp.Result, err error) {
		defer func() {
			if r := recover(); r != nil {
				h.logger.Error("panic while handling an MCP request", zap.String("method", method),
					zap.Any("panic", r), zap.ByteString("stack", debug.Stack()))
				if method == "tools/call" {
					res, err = toolError("internal error while running the tool; the server logged the details"), nil
					return
				}
				res, err = nil, fmt.Errorf("internal error handling %s", method)
			}
		}()
		if ctr, ok := req.(*mcp.CallToolRequest); ok && ctr.Params != nil {
			if a := ctr.Params.Arguments; len(a) == 0 || string(a) == "null" {
				ctr.Params.Arguments = json.RawMessage("{}")
			}
		}
		return next(ctx, method, req)
	}
}

func toolError(msg string) *mcp.CallToolResult {
	return &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: msg}}}
}
