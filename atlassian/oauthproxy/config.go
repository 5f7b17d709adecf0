package oauthproxy

import (
	"errors"
	"fmt"
	"go.uber.org/zap"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/oauth"
)

// DefaultAllowedRedirectURIs are the redirect URIs dynamic registration
// accepts by default: local clients, and the hosted connectors.
var DefaultAllowedRedirectURIs = []string{
	"http://localhost:*",
	"http://127.0.0.1:*",
	"https://claude.ai/api/mcp/auth_callback",
	"https://claude.com/api/mcp/auth_callback",
	"https://chatgpt.com/connector_platform_oauth_redirect",
	"https://chat.openai.com/connector_platform_oauth_redirect",
}

// Config sets up a Proxy.
type Config struct {
	// BaseURL is the public URL of this server (PUBLIC_BASE_URL), the
	// issuer in the metadata; the endpoints hang below it.
	BaseURL string
	// ResourcePath is the path of the MCP endpoint, "/mcp" by default.
	ResourcePath string
	// Upstream is the Atlassian 3LO app. Its RedirectURI must be this
	// proxy's callback, BaseURL + "/callback" (ATLASSIAN_OAUTH_REDIRECT_URI).
	Upstream *oauth.Config
	// Store holds registrations, flows and grants: ctx.Storage() in Caddy.
	Store oauth.Store
	// AllowedRedirectURIs limits what clients may register; "*" matches
	// anything. Nil means DefaultAllowedRedirectURIs; empty allows none.
	AllowedRedirectURIs []string
	// AccessTokenLifetime of the tokens given to MCP clients; default 1 h.
	// Their refresh tokens last as long as the grant.
	AccessTokenLifetime time.Duration
	// TokenSource options for the grants' Atlassian tokens. Their
	// GrantGone is the proxy's own (grants.go) and is replaced.
	TokenSource oauth.TokenSourceOptions
	// UnusedClientLifetime is how long a dynamic registration that never
	// completed a sign-in is kept; default 24 h. Registration needs no
	// credentials, so without it every call would be stored for good.
	UnusedClientLifetime time.Duration
	// RegistrationsPerMinute is how many registrations one client address
	// may make per minute, in a burst or spread out; default 10.
	RegistrationsPerMinute int
	// AuthorizationsPerMinute is how many sign-ins (/authorize calls) one
	// client address may start per minute; default 30. Each stores a
	// pending record until the sign-in ends or expires.
	AuthorizationsPerMinute int
	// ClientIP names the caller of a request for those limits; default (or
	// when it returns "") the host of r.RemoteAddr. Behind a proxy, use
	// the address the trusted proxies vouch for (Caddy's client_ip).
	ClientIP func(r *http.Request) string
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Logger gets the cause of every server_error answer (storage and
	// Atlassian failures), which the client is told only in general
	// terms; never a secret. Default: none.
	Logger *zap.Logger
}

const (
	pendingLifetime = 10 * time.Minute // an authorization in progress
	codeLifetime    = 5 * time.Minute

	defaultUnusedClientLifetime    = 24 * time.Hour
	defaultRegistrationsPerMinute  = 10
	defaultAuthorizationsPerMinute = 30
)

func (c *Config) setDefaults() error {
	if c.Upstream == nil || c.Store == nil {
		return errors.New("oauthproxy: Upstream and Store are required")
	}
	if err := c.Upstream.Validate(); err != nil {
		return fmt.Errorf("oauthproxy: %w", err)
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("oauthproxy: base URL %q is not an absolute http(s) URL", c.BaseURL)
	}
	c.BaseURL = strings.TrimSuffix(c.BaseURL, "/")
	if c.ResourcePath == "" {
		c.ResourcePath = "/mcp"
	}
	if c.AllowedRedirectURIs == nil {
		c.AllowedRedirectURIs = DefaultAllowedRedirectURIs
	}
	if c.UnusedClientLifetime < 0 || c.RegistrationsPerMinute < 0 || c.AuthorizationsPerMinute < 0 {
		return errors.New("oauthproxy: the unused client lifetime, registrations and authorizations per minute must not be negative")
	}
	if c.Logger == nil {
		c.Logger = zap.NewNop()
	}
	if c.UnusedClientLifetime == 0 {
		c.UnusedClientLifetime = defaultUnusedClientLifetime
	}
	if c.RegistrationsPerMinute == 0 {
		c.RegistrationsPerMinute = defaultRegistrationsPerMinute
	}
	if c.AuthorizationsPerMinute == 0 {
		c.AuthorizationsPerMinute = defaultAuthorizationsPerMinute
	}
	if c.ClientIP == nil {
		c.ClientIP = remoteHost
	}
	if c.AccessTokenLifetime <= 0 {
		c.AccessTokenLifetime = time.Hour
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return nil
}
