package mcphandler

import (
	"context"
	"regexp"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// argumentHints say, per parameter, what a valid value looks like.
var argumentHints = map[string]string{
	"issue_key":   "expected a Jira issue key such as PROJ-123",
	"project_key": "expected a Jira project key such as PROJ (capital letters, digits, underscores)",
	"limit":       "see the tool's schema for the allowed range",
}

// schemaError matches the SDK's schema-validation failure text.
var schemaError = regexp.MustCompile(`^validating "arguments": validating root: (?:validating /properties/([A-Za-z0-9_]+): )?(.*)$`)

// friendlyArgumentErrors rewrites the SDK's schema-validation failures into
// messages that name the parameter and say how to fix it; the model reads
// them, so they should read like advice, not like a validator trace.
func friendlyArgumentErrors(next mcp.MethodHandler) mcp.MethodHandler {
	return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
		res, err := next(ctx, method, req)
		if method != "tools/call" || err != nil {
			return res, err
		}
		ctr, ok := res.(*mcp.CallToolResult)
		if !ok || !ctr.IsError || len(ctr.Content) != 1 {
			return res, err
		}
		tc, ok := ctr.Content[0].(*mcp.TextContent)
		if !ok {
			return res, err
		}
		m := schemaError.FindStringSubmatch(tc.Text)
		if m == nil {
			return res, err
		}
		param, detail := m[1], m[2]
		var b strings.Builder
		b.WriteString("invalid arguments: ")
		if param != "" {
			b.WriteString(param + ": ")
		}
		b.WriteString(detail)
		if hint := argumentHints[param]; hint != "" {
			b.WriteString(" (" + hint + ")")
		}
		tc.Text = b.String()
		return res, err
	}
}
