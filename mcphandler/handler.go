package mcphandler

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.uber.org/zap"
)

// availability is the set of products one request can use; each set gets
// its own prebuilt MCP server whose tool list shows exactly those products.
type availability uint8

const (
	availJira availability = 1 << iota
	availConfluence
	availAll = availJira | availConfluence
)

// Handler is the MCP endpoint: an http.Handler speaking streamable HTTP.
type Handler struct {
	opts    Options
	logger  *zap.Logger
	servers [availAll + 1]*mcp.Server
	http    *mcp.StreamableHTTPHandler
	tools   []toolEntry

	// headerSites caches sites for X-Atlassian-*-Url headers, so their
	// connections are pooled too (bounded by the allow-list).
	headerMu    sync.Mutex
	headerSites map[string]*atlassian.Site
	gateway     map[atlassian.Product]*atlassian.Site
	defaultHTTP *http.Client
	fields      fieldCache
}

// New builds the handler: the tool catalogue, one MCP server per product
// availability, and the streamable HTTP transport.
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
	h = &Handler{opts: opts, logger: opts.Logger, headerSites: map[string]*atlassian.Site{}}
	h.defaultHTTP = atlassian.NewHTTPClient(atlassian.TransportOptions{})
	h.gateway = map[atlassian.Product]*atlassian.Site{}
	for _, p := range []atlassian.Product{atlassian.Jira, atlassian.Confluence} {
		client := h.defaultHTTP
		if cfg := h.product(p); cfg != nil {
			client = cfg.userSite().HTTP
		}
		h.gateway[p] = &atlassian.Site{Product: p, Deployment: atlassian.Cloud, BaseURL: opts.GatewayURL, HTTP: client}
	}
	// Tool schemas are inferred by reflection, which panics on a bad type;
	// turn that into a provisioning error rather than a crashed server.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("building MCP tools: %v", r)
		}
	}()
	h.tools = newToolFilter(opts).apply(h.catalogue())
	for avail := availability(0); avail <= availAll; avail++ {
		srv := mcp.NewServer(&mcp.Implementation{Name: "caddy-mcp-atlassian", Title: "Atlassian (Jira and Confluence)", Version: opts.Version}, &mcp.ServerOptions{
			Instructions: "Tools for Jira issues and Confluence pages. Rich text is Markdown in both directions.",
			Capabilities: &mcp.ServerCapabilities{Tools: &mcp.ToolCapabilities{}},
		})
		srv.AddReceivingMiddleware(friendlyArgumentErrors, h.safeCalls)
		for _, t := range h.tools {
			if avail&productBit(t.spec.product) != 0 {
				t.add(srv)
			}
		}
		h.servers[avail] = srv
	}
	h.http = mcp.NewStreamableHTTPHandler(h.serverFor, &mcp.StreamableHTTPOptions{
		Stateless:                  !opts.Stateful,
		JSONResponse:               opts.JSONResponse,
		SessionTimeout:             opts.SessionTimeout,
		DisableLocalhostProtection: opts.DisableLocalhostProtection,
	})
	return h, nil
}

func productBit(p atlassian.Product) availability {
	if p == atlassian.Confluence {
		return availConfluence
	}
	return availJira
}

// ServeHTTP serves MCP. Callers (caddymodule) run CheckRequest first.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.http.ServeHTTP(w, r) }

// Server returns the MCP server used for requests that carry no
// credentials (global configuration); in-process clients connect to it.
func (h *Handler) Server() *mcp.Server { return h.servers[h.globalAvailability()] }

// ToolNames lists the tools this configuration exposes at most.
func (h *Handler) ToolNames() []string {
	names := make([]string, len(h.tools))
	for i, t := range h.tools {
		names[i] = t.spec.name
	}
	return names
}

// Close ends stateful sessions and releases pooled connections.
func (h *Handler) Close() {
	for _, srv := range h.servers {
		for ss := range srv.Sessions() {
			_ = ss.Close()
		}
	}
	h.headerMu.Lock()
	for _, s := range h.headerSites {
		atlassian.CloseIdle(s.HTTP)
	}
	h.headerMu.Unlock()
	atlassian.CloseIdle(h.defaultHTTP)
}

func (h *Handler) product(p atlassian.Product) *Product {
	if p == atlassian.Confluence {
		return h.opts.Confluence
	}
	return h.opts.Jira
}

// serverFor picks the MCP server whose tools match what the request's
// credentials can reach.
func (h *Handler) serverFor(r *http.Request) *mcp.Server {
	a, err := h.parseRequestAuth(r.Header)
	if err != nil {
		return h.servers[0]
	}
	if !a.hasCredentials() {
		if h.opts.AllowGlobalCredentials {
			return h.servers[h.globalAvailability()]
		}
		return h.servers[0]
	}
	var avail availability
	for _, p := range []atlassian.Product{atlassian.Jira, atlassian.Confluence} {
		_, hasPAT := a.productPAT[p]
		switch {
		case hasPAT:
			avail |= productBit(p)
		case a.kind == authBearer && (a.cloudID != "" || h.opts.DefaultCloudID != ""):
			avail |= productBit(p) // OAuth through the gateway reaches both products
		case a.kind != authNone && h.product(p) != nil:
			avail |= productBit(p)
		}
	}
	return h.servers[avail]
}

func (h *Handler) globalAvailability() availability {
	var avail availability
	if h.opts.Jira.hasGlobalCredentials() {
		avail |= availJira
	}
	if h.opts.Confluence.hasGlobalCredentials() {
		avail |= availConfluence
	}
	return avail
}

// headerSite returns the pooled site for a header-supplied URL. It reuses
// the configured product's transport (TLS, proxy) when there is one.
func (h *Handler) headerSite(p atlassian.Product, u *url.URL) *atlassian.Site {
	key := string(p) + " " + u.String()
	h.headerMu.Lock()
	defer h.headerMu.Unlock()
	if s, ok := h.headerSites[key]; ok {
		return s
	}
	client := h.defaultHTTP
	if cfg := h.product(p); cfg != nil {
		client = cfg.userSite().HTTP
	}
	d := atlassian.DetectDeployment(u.String())
	if p == atlassian.Confluence && d == atlassian.Cloud && !strings.HasSuffix(u.Path, "/wiki") {
		v := *u
		v.Path += "/wiki" // Confluence Cloud lives under /wiki
		u = &v
	}
	s := &atlassian.Site{Product: p, Deployment: d, BaseURL: u, HTTP: client}
	h.headerSites[key] = s
	return s
}

func (h *Handler) gatewaySite(p atlassian.Product) *atlassian.Site { return h.gateway[p] }
