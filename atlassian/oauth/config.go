package oauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// Atlassian's Cloud endpoints. The sandbox and tests override them.
const (
	DefaultAuthURL      = "https://auth.atlassian.com/authorize"
	DefaultTokenURL     = "https://auth.atlassian.com/oauth/token"
	DefaultResourcesURL = "https://api.atlassian.com/oauth/token/accessible-resources"
	DefaultAudience     = "api.atlassian.com"
	DefaultRedirectURI  = "http://localhost:8080/callback"
)

// DefaultScopes are proposed when no scope is configured: the classic Jira
// and Confluence read/write scopes, plus offline_access, without which
// Atlassian issues no refresh token.
var DefaultScopes = []string{
	"read:jira-work", "write:jira-work", "read:jira-user",
	"read:confluence-content.all", "write:confluence-content",
	"read:confluence-space.summary", "search:confluence",
	"offline_access",
}

// Config is an Atlassian OAuth 2.0 (3LO) app, as registered in the
// developer console (or the sandbox's authorization server).
type Config struct {
	ClientID     string
	ClientSecret string
	RedirectURI  string
	Scopes       []string
	// CloudID is the default site; requests may pick another one.
	CloudID string

	// Endpoints; empty means Atlassian Cloud's.
	AuthURL      string
	TokenURL     string
	ResourcesURL string
	// Audience is sent on the authorize URL; empty means api.atlassian.com.
	Audience string
	// PKCE adds an S256 code challenge to the authorize URL. Atlassian does
	// not document PKCE for 3LO apps (the app authenticates with its client
	// secret), so it is off by default; the sandbox honours it.
	PKCE bool

	// HTTPClient makes the token and resources calls; nil means a client
	// with a 30 s timeout.
	HTTPClient *http.Client
	// Now is the clock that expires_in counts from; nil means time.Now.
	Now func() time.Time
}

// Validate reports what is missing for the code and refresh flows.
func (c *Config) Validate() error {
	var missing []string
	if c.ClientID == "" {
		missing = append(missing, "client id")
	}
	if c.ClientSecret == "" {
		missing = append(missing, "client secret")
	}
	if c.RedirectURI == "" {
		missing = append(missing, "redirect uri")
	}
	if len(missing) > 0 {
		return fmt.Errorf("oauth config: missing %s", strings.Join(missing, ", "))
	}
	for _, raw := range []string{c.RedirectURI, c.AuthURL, c.TokenURL, c.ResourcesURL} {
		if raw == "" {
			continue
		}
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("oauth config: %q is not an absolute http(s) URL", raw)
		}
	}
	return nil
}

// HasOfflineAccess reports whether the scopes ask for a refresh token.
func (c *Config) HasOfflineAccess() bool {
	for _, s := range c.Scopes {
		if s == "offline_access" {
			return true
		}
	}
	return false
}

// ParseScopes splits ATLASSIAN_OAUTH_SCOPE-style input: space- or
// comma-separated.
func ParseScopes(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' || r == '\r' })
}

func (c *Config) authURL() string      { return orDefault(c.AuthURL, DefaultAuthURL) }
func (c *Config) tokenURL() string     { return orDefault(c.TokenURL, DefaultTokenURL) }
func (c *Config) resourcesURL() string { return orDefault(c.ResourcesURL, DefaultResourcesURL) }

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func (c *Config) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Config) httpClient() *http.Client {
	if c.HTTPClient != nil {
		return c.HTTPClient
	}
	return defaultHTTPClient
}

var defaultHTTPClient = &http.Client{Timeout: 30 * time.Second}

// oauth2 builds the x/oauth2 configuration. Atlassian takes the client
// credentials in the request body (client_secret_post).
func (c *Config) oauth2() *oauth2.Config {
	return &oauth2.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		RedirectURL:  c.RedirectURI,
		Scopes:       c.Scopes,
		Endpoint: oauth2.Endpoint{
			AuthURL:   c.authURL(),
			TokenURL:  c.tokenURL(),
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
}

func (c *Config) ctx(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, c.httpClient())
}

// NewState returns an unguessable value for the authorize URL's state
// parameter (CSRF protection on the callback).
func NewState() string { return oauth2.GenerateVerifier() }

// NewVerifier returns a PKCE code verifier.
func NewVerifier() string { return oauth2.GenerateVerifier() }

// AuthCodeURL is the URL to send the user to for consent. verifier is the
// PKCE code verifier; it is used only when c.PKCE is set.
func (c *Config) AuthCodeURL(state, verifier string) string {
	opts := []oauth2.AuthCodeOption{
		oauth2.SetAuthURLParam("audience", orDefault(c.Audience, DefaultAudience)),
		oauth2.SetAuthURLParam("prompt", "consent"),
	}
	if c.PKCE && verifier != "" {
		opts = append(opts, oauth2.S256ChallengeOption(verifier))
	}
	return c.oauth2().AuthCodeURL(state, opts...)
}

// Exchange trades an authorization code for a token pair. verifier is the
// PKCE verifier given to AuthCodeURL, if any.
func (c *Config) Exchange(ctx context.Context, code, verifier string) (*Token, error) {
	if code == "" {
		return nil, errors.New("exchanging authorization code: empty code")
	}
	var opts []oauth2.AuthCodeOption
	if c.PKCE && verifier != "" {
		opts = append(opts, oauth2.VerifierOption(verifier))
	}
	sent := c.now()
	t, err := c.oauth2().Exchange(c.ctx(ctx), code, opts...)
	if err != nil {
		return nil, fmt.Errorf("exchanging authorization code: %w", cleanError(err))
	}
	return fromOAuth2(t, sent), nil
}

// refresh presents a refresh token once. It is unexported on purpose: with
// rotating refresh tokens only a TokenSource, holding the grant's lock, may
// do this.
func (c *Config) refresh(ctx context.Context, refreshToken string) (*Token, error) {
	sent := c.now()
	t, err := c.oauth2().TokenSource(c.ctx(ctx), &oauth2.Token{RefreshToken: refreshToken}).Token()
	if err != nil {
		return nil, cleanError(err)
	}
	return fromOAuth2(t, sent), nil
}

// String describes the app without its secret.
func (c Config) String() string {
	secret := "none"
	if c.ClientSecret != "" {
		secret = redacted
	}
	return fmt.Sprintf("oauth.Config{client_id: %s, client_secret: %s, redirect_uri: %s, scopes: %q, cloud_id: %s}",
		c.ClientID, secret, c.RedirectURI, c.Scopes, c.CloudID)
}

// GoString keeps %#v from printing the secret.
func (c Config) GoString() string { return c.String() }

// MarshalJSON keeps structured loggers from printing the secret.
func (c Config) MarshalJSON() ([]byte, error) {
	secret := ""
	if c.ClientSecret != "" {
		secret = redacted
	}
	return json.Marshal(struct {
		ClientID     string   `json:"client_id"`
		ClientSecret string   `json:"client_secret,omitempty"`
		RedirectURI  string   `json:"redirect_uri,omitempty"`
		Scopes       []string `json:"scopes,omitempty"`
		CloudID      string   `json:"cloud_id,omitempty"`
	}{c.ClientID, secret, c.RedirectURI, c.Scopes, c.CloudID})
}
