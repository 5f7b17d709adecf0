package mcphandler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sync/atomic"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.uber.org/zap"
)

// Handler is the MCP endpoint: an http.Handler speaking streamable HTTP.
// One MCP server holds every tool the configuration allows; what one
// request sees of them depends on what its identity can reach.
type Handler struct {
	opts   Options
	logger *zap.Logger
	server *mcp.Server
	http   http.Handler
	tools  map[string]*tool.Prepared
	names  []string
	sites  *sites
	// targets caches whether header-named hosts may be reached.
	targets targetVerdicts
	// sdkOnly sends every request through the SDK, fast path off; tests
	// compare the two.
	sdkOnly bool
	// fastCalls counts the calls the fast path answered.
	fastCalls atomic.Int64
	// serverInfo is the server's implementation as JSON, which the
	// stateless protocol's results carry.
	serverInfo []byte
	// headerTools are the tools whose calls the fast path leaves to the
	// SDK, as it checks their Mcp-Param-* headers (mirrorsHeaders).
	headerTools map[string]bool
}

// New builds the handler: the catalogue filtered by the configuration,
// one MCP server, and the streamable HTTP transport.
func New(opts Options) (h *Handler, err error) {
	if opts.Logger == nil {
		opts.Logger = zap.NewNop()
	}
	if opts.GatewayURL == nil {
		opts.GatewayURL = &url.URL{Scheme: "https", Host: "api.atlassian.com"}
	}
	if opts.Version == "" {
		opts.Version = "dev"
	}
	h = &Handler{opts: opts, logger: opts.Logger, tools: map[string]*tool.Prepared{}, sites: newSites(opts)}
	// Tool schemas are inferred by reflection, which panics on a bad type;
	// turn that into a provisioning error rather than a crashed server.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("building MCP tools: %v", r)
		}
	}()
	impl := &mcp.Implementation{Name: "caddy-mcp-atlassian", Title: "Atlassian (Jira and Confluence)", Version: opts.Version}
	if h.serverInfo, err = json.Marshal(impl); err != nil {
		return nil, fmt.Errorf("encoding the server's name: %w", err)
	}
	h.server = mcp.NewServer(impl, &mcp.ServerOptions{
		Instructions: "Tools for Jira issues and Confluence pages. Rich text is Markdown in both directions.",
		Capabilities: &mcp.ServerCapabilities{Tools: &mcp.ToolCapabilities{}},
	})
	h.server.AddReceivingMiddleware(h.guard, h.visibleTools)
	cat := newCatalogue(opts.Jira)
	filter := newToolFilter(opts, cat.toolsets)
	cfg := tool.Config{IssueKeyPattern: opts.IssueKeyPattern, ProjectKeyPattern: opts.ProjectKeyPattern, MaxLimit: opts.MaxPaginationLimit}
	for _, ts := range cat.toolsets {
		for _, t := range ts.Tools {
			if !filter.allows(t.Spec) {
				continue
			}
			p, err := t.Prepare(cfg)
			if err != nil {
				return nil, err
			}
			h.tools[p.Spec.Name] = p
			if mirrorsHeaders(p) {
				if h.headerTools == nil {
					h.headerTools = map[string]bool{}
				}
				h.headerTools[p.Spec.Name] = true
			}
			h.names = append(h.names, p.Spec.Name)
			h.server.AddTool(p.Def, func(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
				return h.callTool(ctx, p, req)
			})
		}
	}
	streamable := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return h.server }, &mcp.StreamableHTTPOptions{
		Stateless:                  !opts.Stateful,
		JSONResponse:               opts.JSONResponse,
		SessionTimeout:             opts.SessionTimeout,
		DisableLocalhostProtection: opts.DisableLocalhostProtection,
	})
	h.http = carryIdentity(streamable)
	return h, nil
}

// ServeHTTP answers the health probes, authenticates the request (401, or
// 403 for a refused site, with a JSON reason) and serves MCP with its
// identity.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.serveProbe(w, r) {
		return
	}
	if h.opts.Authorizer != nil && h.opts.Authorizer.Handles(r) {
		h.opts.Authorizer.ServeHTTP(w, r)
		return
	}
	id, err := h.parseIdentity(r.Header)
	if err == nil {
		id, err = h.resolveGrant(r.Context(), id)
	}
	if err != nil {
		var ae *AuthError
		if !errors.As(err, &ae) {
			ae = &AuthError{Status: http.StatusInternalServerError, Reason: "internal error"}
		}
		writeJSONError(w, ae.Status, ae.Reason, h.challenge())
		return
	}
	if !h.sdkOnly && h.serveToolCall(w, r, id) {
		return
	}
	h.http.ServeHTTP(w, withIdentity(r, id))
}

func writeJSONError(w http.ResponseWriter, status int, reason, challenge string) {
	w.Header().Set("Content-Type", "application/json")
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", challenge)
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": reason})
}

// Server is the MCP server; in-process clients connect to it and act with
// the configured credentials.
func (h *Handler) Server() *mcp.Server { return h.server }

// ToolNames lists the tools this configuration exposes at most.
func (h *Handler) ToolNames() []string { return append([]string(nil), h.names...) }

// Close ends stateful sessions and releases pooled connections.
func (h *Handler) Close() {
	for ss := range h.server.Sessions() {
		_ = ss.Close()
	}
	h.sites.close()
}

// ValidatePattern checks a configured key pattern; the schema carries it,
// so a bad one must fail at start-up, not per call.
func ValidatePattern(p string) error {
	if p == "" {
		return nil
	}
	_, err := regexp.Compile(p)
	return err
}
