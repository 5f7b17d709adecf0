package caddymodule

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler"
	"go.uber.org/zap"
)

func init() {
	caddy.RegisterModule(Handler{})
}

// Handler serves the Jira and Confluence MCP tools over streamable HTTP.
type Handler struct {
	// Jira and Confluence configure the two products; either may be
	// omitted, and the environment (JIRA_URL, ...) fills what is missing.
	Jira       *Site `json:"jira,omitempty"`
	Confluence *Site `json:"confluence,omitempty"`

	// ReadOnly hides every tool that writes (READ_ONLY_MODE).
	ReadOnly *bool `json:"read_only,omitempty"`
	// EnabledTools limits the tools to these names (ENABLED_TOOLS).
	EnabledTools []string `json:"enabled_tools,omitempty"`
	// Toolsets limits the tools to these toolsets, "default" or "all"
	// (TOOLSETS). Intersected with EnabledTools.
	Toolsets []string `json:"toolsets,omitempty"`

	// AllowGlobalCredentials lets requests without credentials use the
	// configured ones (ALLOW_GLOBAL_CRED_FALLBACK). Default off, as in
	// mcp-atlassian: a request without credentials gets 401. A single-user
	// server turns it on; the built-in sandbox fallback turns it on unless
	// it is set.
	AllowGlobalCredentials *bool `json:"allow_global_credentials,omitempty"`
	// AllowedURLHosts are the hosts X-Atlassian-Jira-Url and
	// X-Atlassian-Confluence-Url may name (exact, or ".example.com" for
	// subdomains). Empty: those headers are refused.
	AllowedURLHosts []string `json:"allowed_url_hosts,omitempty"`
	// IgnoreHeaderAuth skips the Authorization header of requests
	// (IGNORE_HEADER_AUTH), for platforms that put their own there.
	IgnoreHeaderAuth *bool `json:"ignore_header_auth,omitempty"`
	// ExternalAuth serves requests without credentials with no
	// Authorization of our own: a gateway in front injects the user's
	// session through passthrough_headers (ATLASSIAN_EXTERNAL_AUTH_ENABLE).
	ExternalAuth *bool `json:"external_auth,omitempty"`
	// AllowPrivateURLTargets lets header-named sites resolve to loopback,
	// private and link-local addresses (an intranet Jira named per
	// request); off, only public addresses are reached
	// (MCP_ATLASSIAN_HEADER_URL_ALLOW_PRIVATE).
	AllowPrivateURLTargets *bool `json:"allow_private_url_targets,omitempty"`
	// AllowedURLPorts, when set, are the only ports header-named sites may
	// use (MCP_ATLASSIAN_HEADER_URL_PORTS).
	AllowedURLPorts []int `json:"allowed_url_ports,omitempty"`
	// MaxPaginationLimit clamps every tool's limit argument
	// (ATLASSIAN_MAX_PAGINATION_LIMIT); 0: the tools' own bounds.
	MaxPaginationLimit int `json:"max_pagination_limit,omitempty"`
	// MaxConcurrentRequests caps calls in flight to Atlassian across both
	// products and all users (ATLASSIAN_MAX_CONCURRENT_REQUESTS);
	// process-wide, 0: no cap.
	MaxConcurrentRequests int `json:"max_concurrent_requests,omitempty"`
	// ResponseMemoryBudget bounds the bytes of large Atlassian answers
	// held at once across all calls (default 64 MiB;
	// ATLASSIAN_RESPONSE_MEMORY_BUDGET). Process-wide: the last config
	// loaded sets it.
	ResponseMemoryBudget int64 `json:"response_memory_budget,omitempty"`
	// CloudID is the default Cloud site id for OAuth bearer tokens
	// (ATLASSIAN_OAUTH_CLOUD_ID); requests may name theirs in
	// X-Atlassian-Cloud-Id.
	CloudID string `json:"cloud_id,omitempty"`
	// GatewayURL is Atlassian's API gateway for OAuth tokens; default
	// https://api.atlassian.com.
	GatewayURL string `json:"gateway_url,omitempty"`

	// IssueKeyPattern and ProjectKeyPattern override the key validation
	// regexes (JIRA_ISSUE_KEY_PATTERN, JIRA_PROJECT_KEY_PATTERN).
	IssueKeyPattern   string `json:"issue_key_pattern,omitempty"`
	ProjectKeyPattern string `json:"project_key_pattern,omitempty"`

	// Stateful keeps MCP sessions (Mcp-Session-Id) in memory. The default,
	// stateless, needs no affinity between requests and Caddy instances,
	// and is what MCP protocol 2026-07-28 requires.
	Stateful       bool           `json:"stateful,omitempty"`
	SessionTimeout caddy.Duration `json:"session_timeout,omitempty"`
	// JSONResponse answers with application/json instead of an SSE stream.
	JSONResponse bool `json:"json_response,omitempty"`
	// DisableLocalhostProtection turns off the MCP SDK's DNS-rebinding
	// guard, needed only when Caddy listens on loopback behind another
	// proxy or tunnel that sends a public Host header.
	DisableLocalhostProtection bool `json:"disable_localhost_protection,omitempty"`

	// Sandbox is the base URL of an atlassian_sandbox handler to use, with
	// its demo credentials, when neither product has a URL in the config or
	// the environment. It makes a Caddyfile that runs out of
	// the box, and talks to the real site as soon as JIRA_URL etc. are set.
	Sandbox *SandboxFallback `json:"sandbox,omitempty"`

	// OAuth configures Atlassian OAuth 2.0 (3LO): see oauth.go.
	OAuth *OAuth `json:"oauth,omitempty"`

	logger       *zap.Logger
	mcp          *mcphandler.Handler
	usingSandbox bool // the sandbox fallback is in use (effective config only)
	sites        []*atlassian.Site
	oauth        oauthRuntime
}

// SandboxFallback names a sandbox and the deployment it plays.
type SandboxFallback struct {
	URL        string `json:"url"`
	Deployment string `json:"deployment,omitempty"` // cloud (default) or server
}

// CaddyModule returns the Caddy module information.
func (Handler) CaddyModule() caddy.ModuleInfo {
	return caddy.ModuleInfo{
		ID:  "http.handlers.mcp_atlassian",
		New: func() caddy.Module { return new(Handler) },
	}
}

// Provision resolves placeholders and the environment, builds one pooled
// client per product, and the MCP server.
func (h *Handler) Provision(ctx caddy.Context) error {
	h.logger = ctx.Logger()
	// Work on a copy so that env values and resolved secrets never flow
	// back into the config Caddy may serialise (admin API, autosave).
	cfg, err := h.effectiveConfig()
	if err != nil {
		return err
	}
	opts := mcphandler.Options{
		ReadOnly:                   cfg.ReadOnly != nil && *cfg.ReadOnly,
		EnabledTools:               cfg.EnabledTools,
		Toolsets:                   cfg.Toolsets,
		AllowGlobalCredentials:     cfg.allowGlobalCredentials(),
		IgnoreHeaderAuth:           cfg.IgnoreHeaderAuth != nil && *cfg.IgnoreHeaderAuth,
		ExternalAuth:               cfg.ExternalAuth != nil && *cfg.ExternalAuth,
		AllowedURLHosts:            cfg.AllowedURLHosts,
		DefaultCloudID:             cfg.CloudID,
		Stateful:                   cfg.Stateful,
		SessionTimeout:             time.Duration(cfg.SessionTimeout),
		JSONResponse:               cfg.JSONResponse,
		DisableLocalhostProtection: cfg.DisableLocalhostProtection,
		IssueKeyPattern:            h.checkPattern("issue_key_pattern", cfg.IssueKeyPattern),
		ProjectKeyPattern:          h.checkPattern("project_key_pattern", cfg.ProjectKeyPattern),
		Logger:                     h.logger,
		Version:                    moduleVersion(),
	}
	if opts.OnToolCall, err = registerToolMetrics(ctx); err != nil {
		return fmt.Errorf("registering metrics: %w", err)
	}
	if cfg.GatewayURL != "" {
		u, err := url.Parse(cfg.GatewayURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fmt.Errorf("gateway_url %q must be an absolute http(s) URL", cfg.GatewayURL)
		}
		opts.GatewayURL = u
	}
	opts.HeaderURLPolicy = atlassian.TargetPolicy{AllowPrivate: cfg.AllowPrivateURLTargets != nil && *cfg.AllowPrivateURLTargets, Ports: cfg.AllowedURLPorts}
	if opts.Jira, err = cfg.Jira.buildOrNil(ctx, atlassian.Jira, opts.HeaderURLPolicy, h.logger); err != nil {
		return err
	}
	if opts.Confluence, err = cfg.Confluence.buildOrNil(ctx, atlassian.Confluence, opts.HeaderURLPolicy, h.logger); err != nil {
		return err
	}
	if cfg.ResponseMemoryBudget > 0 {
		atlassian.SetResponseMemoryBudget(cfg.ResponseMemoryBudget)
	}
	atlassian.SetMaxConcurrentRequests(cfg.MaxConcurrentRequests)
	opts.MaxPaginationLimit = cfg.MaxPaginationLimit
	for _, p := range []*mcphandler.Product{opts.Jira, opts.Confluence} {
		if p != nil {
			h.sites = append(h.sites, p.Site, &atlassian.Site{HTTP: p.HeaderHTTP})
			if p.UserSite != nil {
				h.sites = append(h.sites, p.UserSite)
			}
		}
	}
	if opts.Jira == nil && opts.Confluence == nil {
		h.logger.Warn("neither Jira nor Confluence is configured: set JIRA_URL / CONFLUENCE_URL (or a jira/confluence block); only requests naming a site in X-Atlassian-*-Url headers or OAuth cloud ids can be served")
	}
	for _, p := range []struct {
		name string
		cfg  *mcphandler.Product
	}{{"Jira", opts.Jira}, {"Confluence", opts.Confluence}} {
		if p.cfg != nil && p.cfg.Credentials.IsZero() && !p.cfg.CertAuth {
			h.logger.Warn(p.name+" has a URL but no credentials: its tools are hidden from requests that bring no credentials of their own",
				zap.String("url", p.cfg.Site.BaseURL.String()))
		}
	}
	if !opts.AllowGlobalCredentials {
		h.logger.Info("allow_global_credentials is off: every request must bring its own Atlassian credentials")
	}
	if err := h.provisionOAuth(ctx, cfg, &opts); err != nil {
		return err
	}
	h.mcp, err = mcphandler.New(opts)
	if err != nil {
		return err
	}
	h.logger.Info("MCP Atlassian handler ready",
		zap.Strings("tools", h.mcp.ToolNames()),
		zap.Bool("stateful", opts.Stateful),
		zap.Bool("read_only", opts.ReadOnly))
	return nil
}

// effectiveConfig returns a deep copy of the config with placeholders
// resolved and the environment merged in.
func (h *Handler) effectiveConfig() (*Handler, error) {
	raw, err := json.Marshal(h)
	if err != nil {
		return nil, err
	}
	var cfg Handler
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return nil, err
	}
	repl := caddy.NewReplacer()
	for _, s := range []*Site{cfg.Jira, cfg.Confluence} {
		if s != nil {
			s.resolve(repl)
		}
	}
	cfg.CloudID = repl.ReplaceKnown(cfg.CloudID, "")
	cfg.GatewayURL = repl.ReplaceKnown(cfg.GatewayURL, "")
	for i, v := range cfg.AllowedURLHosts {
		cfg.AllowedURLHosts[i] = repl.ReplaceKnown(v, "")
	}
	if err := cfg.mergeEnv(); err != nil {
		return nil, err
	}
	if cfg.OAuth, err = cfg.OAuth.effective(repl); err != nil {
		return nil, err
	}
	if cfg.Sandbox != nil {
		if err := cfg.applySandbox(); err != nil {
			return nil, err
		}
	}
	return &cfg, nil
}

// allowGlobalCredentials is the effective allow_global_credentials: off
// unless set, except on the sandbox fallback, whose demo credentials are
// meant to be used by anyone trying the server.
func (h *Handler) allowGlobalCredentials() bool {
	if h.AllowGlobalCredentials != nil {
		return *h.AllowGlobalCredentials
	}
	return h.usingSandbox
}

// applySandbox points unconfigured products at the sandbox.
func (h *Handler) applySandbox() error {
	base := strings.TrimSuffix(caddy.NewReplacer().ReplaceKnown(h.Sandbox.URL, ""), "/")
	if _, err := url.Parse(base); err != nil || base == "" {
		return fmt.Errorf("sandbox url %q is not a URL", h.Sandbox.URL)
	}
	d := atlassian.Cloud
	if h.Sandbox.Deployment != "" {
		var ok bool
		if d, ok = atlassian.ParseDeployment(h.Sandbox.Deployment); !ok {
			return fmt.Errorf("sandbox deployment %q must be cloud or server", h.Sandbox.Deployment)
		}
	}
	configured := func(s *Site) bool { return s != nil && s.URL != "" }
	if configured(h.Jira) || configured(h.Confluence) {
		return nil // a real site is configured: never mix in the sandbox
	}
	jira, conf, err := sandboxSites(base, d)
	if err != nil {
		return err
	}
	h.Jira, h.Confluence = jira, conf
	h.usingSandbox = true
	return nil
}

func (s *Site) buildOrNil(ctx caddy.Context, p atlassian.Product, headerPolicy atlassian.TargetPolicy, logger *zap.Logger) (*mcphandler.Product, error) {
	if s == nil {
		return nil, nil
	}
	return s.build(ctx, p, headerPolicy, logger)
}

// checkPattern keeps a configured key regex, or falls back to the default
// with a warning, as mcp-atlassian does.
func (h *Handler) checkPattern(name, p string) string {
	if err := mcphandler.ValidatePattern(p); err != nil {
		h.logger.Warn("invalid "+name+", using the default", zap.String("pattern", p), zap.Error(err))
		return ""
	}
	return p
}

// Validate checks what can be checked without the environment.
func (h *Handler) Validate() error {
	if h.mcp == nil {
		return errors.New("mcp_atlassian was not provisioned")
	}
	return nil
}

// Cleanup releases the MCP sessions and pooled connections of this config.
func (h *Handler) Cleanup() error {
	if h.mcp != nil {
		h.mcp.Close()
	}
	for _, s := range h.sites {
		atlassian.CloseIdle(s.HTTP)
	}
	return nil
}

// ServeHTTP serves MCP; the MCP handler answers requests with missing,
// malformed or refused credentials itself (401/403 with a JSON reason). It
// is terminal, except with the OAuth proxy on (see passOn).
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request, next caddyhttp.Handler) error {
	if h.passOn(r) {
		return next.ServeHTTP(w, r)
	}
	h.mcp.ServeHTTP(w, r)
	return nil
}

// moduleVersion reports this module's version from the build info.
func moduleVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range bi.Deps {
			if dep.Path == "github.com/mcp-atlassian/caddy-mcp-atlassian" && !strings.HasPrefix(dep.Version, "v0.0.0-0001") {
				return dep.Version // a released version; a local replace reports a zero pseudo-version
			}
		}
		if bi.Main.Path == "github.com/mcp-atlassian/caddy-mcp-atlassian" && bi.Main.Version != "" {
			return bi.Main.Version
		}
	}
	return "dev"
}

// Interface guards.
var (
	_ caddy.Provisioner           = (*Handler)(nil)
	_ caddy.Validator             = (*Handler)(nil)
	_ caddy.CleanerUpper          = (*Handler)(nil)
	_ caddyhttp.MiddlewareHandler = (*Handler)(nil)
)
