package oauthproxy

import (
	"errors"
	"fmt"
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
	// TokenSource options for the grants' Atlassian tokens.
	TokenSource oauth.TokenSourceOptions
	// Now is the clock; default time.Now.
	Now func() time.Time
}

const (
	pendingLifetime = 10 * time.Minute // an authorization in progress
	codeLifetime    = 5 * time.Minute
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
	if c.AccessTokenLifetime <= 0 {
		c.AccessTokenLifetime = time.Hour
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return nil
}
