package mcphandler

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.uber.org/zap"
)

// toolSpec is what mcp-atlassian declares about a tool: its name, product,
// toolset, whether it writes, and the schema details (defaults, bounds,
// patterns) that Go struct tags cannot say.
type toolSpec struct {
	name        string
	title       string
	description string
	product     atlassian.Product
	toolset     string
	write       bool
	destructive bool // only meaningful for write tools
	idempotent  bool
	params      map[string]param
}

// param refines one property of the inferred input schema.
type param struct {
	def      any
	min, max *float64
	pattern  string
	enum     []any
}

func bound(v float64) *float64 { return &v }

// toolEntry is a tool ready to be added to any number of MCP servers.
type toolEntry struct {
	spec toolSpec
	add  func(*mcp.Server)
}

// call is what a tool function gets: the caller's client for the tool's
// product and the product's configuration.
type call struct {
	h       *Handler
	client  *atlassian.Client
	product *Product // nil when the site came from request headers only
}

// filter is the product's projects/spaces allow-list.
func (c *call) filter() []string {
	if c.product == nil {
		return nil
	}
	return c.product.Filter
}

func (c *call) cloud() bool { return c.client.Deployment() == atlassian.Cloud }

// toolFunc is the shape of every tool: typed input in, JSON-able result out.
type toolFunc[In any] func(ctx context.Context, c *call, in In) (any, error)

// newTool turns a typed function into a tool entry. The input schema is
// inferred once, here, and shared by every server the tool is added to.
func newTool[In any](h *Handler, spec toolSpec, fn toolFunc[In]) toolEntry {
	schema, err := jsonschema.For[In](&jsonschema.ForOptions{})
	if err != nil {
		panic(fmt.Sprintf("tool %s: input schema: %v", spec.name, err))
	}
	refineSchema(schema, spec)
	readOnly := !spec.write
	annotations := &mcp.ToolAnnotations{Title: spec.title, ReadOnlyHint: readOnly, IdempotentHint: spec.idempotent || readOnly}
	if spec.write {
		annotations.DestructiveHint = &spec.destructive
	}
	tool := &mcp.Tool{
		Name:        spec.name,
		Title:       spec.title,
		Description: spec.description,
		InputSchema: schema,
		Annotations: annotations,
		Meta:        mcp.Meta{"toolset": spec.toolset, "product": string(spec.product)},
	}
	handler := func(ctx context.Context, req *mcp.CallToolRequest, in In) (*mcp.CallToolResult, any, error) {
		return h.runTool(ctx, spec, req, func(ctx context.Context, c *call) (any, error) { return fn(ctx, c, in) })
	}
	return toolEntry{spec: spec, add: func(s *mcp.Server) { mcp.AddTool(s, tool, handler) }}
}

// refineSchema applies the spec's parameter details and flattens nullable
// types (["null","string"] → "string"), which some clients (Vertex AI,
// Google ADK) reject; absent means null here anyway.
func refineSchema(s *jsonschema.Schema, spec toolSpec) {
	for name, prop := range s.Properties {
		if len(prop.Types) == 2 && prop.Types[0] == "null" {
			prop.Type, prop.Types = prop.Types[1], nil
		}
		if prop.Items != nil && len(prop.Items.Types) == 2 && prop.Items.Types[0] == "null" {
			prop.Items.Type, prop.Items.Types = prop.Items.Types[1], nil
		}
		p, ok := spec.params[name]
		if !ok {
			continue
		}
		if p.def != nil {
			raw, _ := json.Marshal(p.def)
			prop.Default = raw
		}
		prop.Minimum, prop.Maximum = p.min, p.max
		if p.pattern != "" {
			prop.Pattern = p.pattern
		}
		if p.enum != nil {
			prop.Enum = p.enum
		}
	}
	for name := range spec.params {
		if _, ok := s.Properties[name]; !ok {
			panic(fmt.Sprintf("tool %s: param %q is not a property", spec.name, name))
		}
	}
}

// runTool resolves the caller's credentials, runs the tool, renders its
// result as JSON text, and logs one line about the call.
func (h *Handler) runTool(ctx context.Context, spec toolSpec, req *mcp.CallToolRequest, fn func(context.Context, *call) (any, error)) (*mcp.CallToolResult, any, error) {
	start := time.Now()
	var hdr http.Header
	if req != nil && req.Extra != nil {
		hdr = req.Extra.Header
	}
	var upstream, calls atomic.Int64
	var out any
	client, err := h.clientFor(hdr, spec.product)
	if err == nil {
		client.OnResponse = func(status int) {
			upstream.Store(int64(status))
			calls.Add(1)
		}
		out, err = fn(ctx, &call{h: h, client: client, product: h.product(spec.product)})
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
		h.opts.OnToolCall(ToolCall{Tool: spec.name, Product: string(spec.product), Outcome: outcome,
			Duration: time.Since(start), UpstreamStatus: int(upstream.Load())})
	}
	h.logger.Info("tool call",
		zap.String("tool", spec.name),
		zap.String("product", string(spec.product)),
		zap.Duration("duration", time.Since(start)),
		zap.String("outcome", outcome),
		zap.Int64("upstream_status", upstream.Load()),
		zap.Int64("upstream_calls", calls.Load()),
	)
	if err != nil {
		return nil, nil, err
	}
	// Text only: structured content would send the same payload twice.
	// HTML escaping stays off: the model reads this text, and \u003e for
	// every '>' in Markdown is noise.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return nil, nil, fmt.Errorf("encoding result: %w", err)
	}
	text := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: string(text)}}}, nil, nil
}

// badInput is a tool error about the arguments: it says what was wrong and
// how to fix it.
func badInput(format string, args ...any) error {
	return fmt.Errorf("invalid arguments: "+format, args...)
}
