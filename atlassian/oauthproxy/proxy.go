package oauthproxy

import (
	"encoding/json"
	"fmt"
	"go.uber.org/zap"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/oauth"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/internal/ttlcache"
	"github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/oauthex"
)

// Proxy serves the MCP-client-facing authorization server and resolves
// the tokens it issues.
type Proxy struct {
	cfg      Config
	basePath string
	callback string // path of Upstream.RedirectURI
	sources  *oauth.Sources
	mux      *http.ServeMux
	// resolved holds valid access-token records by storage key (a hash of
	// the token, never the token itself); see Resolve.
	resolved *ttlcache.Cache[string, tokenRecord]
	// registrations and authorizations limit /register and /authorize
	// per client address.
	registrations  *rateLimiter
	authorizations *rateLimiter
	// gone holds the ids of grants found deleted, so that tokens resolved
	// from memory stop working at once (grants.go).
	gone *ttlcache.Cache[string, struct{}]
	// unreferenced holds the grants the last sweep found unnamed and old
	// (sweepUnreferencedGrants), which the next sweep may delete.
	unreferencedMu sync.Mutex
	unreferenced   map[string]struct{}
}

// New checks cfg and returns a Proxy.
func New(cfg Config) (*Proxy, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	base, _ := url.Parse(cfg.BaseURL)
	cb, err := url.Parse(cfg.Upstream.RedirectURI)
	if err != nil || cb.Path == "" {
		return nil, fmt.Errorf("oauthproxy: the upstream redirect URI %q needs a path for the callback", cfg.Upstream.RedirectURI)
	}
	p := &Proxy{
		cfg:      cfg,
		basePath: strings.TrimSuffix(base.Path, "/"),
		callback: cb.Path,
		mux:      http.NewServeMux(),
		resolved: ttlcache.New[string, tokenRecord](maxResolved),
		gone:     ttlcache.New[string, struct{}](maxResolved),

		registrations:  newRateLimiter(cfg.RegistrationsPerMinute, maxLimitedAddrs),
		authorizations: newRateLimiter(cfg.AuthorizationsPerMinute, maxLimitedAddrs),
	}
	tsOpts := cfg.TokenSource
	tsOpts.GrantGone = p.grantGone
	p.sources = oauth.NewSources(cfg.Upstream, cfg.Store, tsOpts)
	meta := auth.ProtectedResourceMetadataHandler(&oauthex.ProtectedResourceMetadata{
		Resource:               p.ResourceURL(),
		AuthorizationServers:   []string{cfg.BaseURL},
		BearerMethodsSupported: []string{"header"},
		ScopesSupported:        cfg.Upstream.Scopes,
		ResourceName:           "mcp-atlassian",
	})
	p.mux.Handle("GET "+p.basePath+"/.well-known/oauth-protected-resource", meta)
	p.mux.Handle("GET "+p.basePath+"/.well-known/oauth-protected-resource"+cfg.ResourcePath, meta)
	p.mux.HandleFunc("GET "+p.basePath+"/.well-known/oauth-authorization-server", p.serverMetadata)
	p.mux.HandleFunc("POST "+p.basePath+"/register", p.register)
	p.mux.HandleFunc("GET "+p.basePath+"/authorize", p.authorize)
	p.mux.HandleFunc("GET "+p.callback, p.upstreamCallback)
	p.mux.HandleFunc("POST "+p.basePath+"/token", p.token)
	return p, nil
}

// ServeHTTP serves the metadata documents, /register, /authorize, the
// callback and /token. Mount it at the site root (paths include BaseURL's
// path, if any).
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) { p.mux.ServeHTTP(w, r) }

// Handles reports whether ServeHTTP serves r, so a Caddy handler can pass
// everything else on to the MCP endpoint.
func (p *Proxy) Handles(r *http.Request) bool {
	_, pattern := p.mux.Handler(r)
	return pattern != ""
}

// ResourceURL is the MCP endpoint's URL, the protected resource.
func (p *Proxy) ResourceURL() string { return p.cfg.BaseURL + p.cfg.ResourcePath }

// ResourceMetadataURL is the RFC 9728 document for the MCP endpoint.
func (p *Proxy) ResourceMetadataURL() string {
	return p.cfg.BaseURL + "/.well-known/oauth-protected-resource" + p.cfg.ResourcePath
}

// WWWAuthenticate is the header value of a 401 from the MCP endpoint; it
// sends the client to the metadata and so to this authorization server.
func (p *Proxy) WWWAuthenticate() string {
	return `Bearer resource_metadata="` + p.ResourceMetadataURL() + `"`
}

// Unauthorized writes that 401.
func (p *Proxy) Unauthorized(w http.ResponseWriter, description string) {
	w.Header().Set("WWW-Authenticate", p.WWWAuthenticate())
	writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_token", "error_description": description})
}

// serverMetadata is the RFC 8414 document.
func (p *Proxy) serverMetadata(w http.ResponseWriter, _ *http.Request) {
	base := p.cfg.BaseURL
	w.Header().Set("Access-Control-Allow-Origin", "*")
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                base,
		"authorization_endpoint":                base + "/authorize",
		"token_endpoint":                        base + "/token",
		"registration_endpoint":                 base + "/register",
		"response_types_supported":              []string{"code"},
		"grant_types_supported":                 []string{"authorization_code", "refresh_token"},
		"code_challenge_methods_supported":      []string{"S256"},
		"token_endpoint_auth_methods_supported": []string{"none"},
		"scopes_supported":                      p.cfg.Upstream.Scopes,
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func oauthError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": description})
}

// serverError logs why a request got server_error: the answer says only
// what failed, and the operator needs the cause. Storage keys of secrets
// are their hashes, so the causes carry none.
func (p *Proxy) serverError(what string, err error) {
	p.cfg.Logger.Error("OAuth proxy: "+what, zap.Error(err))
}
