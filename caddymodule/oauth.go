package caddymodule

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/oauth"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/oauthproxy"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler"
	"go.uber.org/zap"
)

// OAuth configures Atlassian OAuth 2.0 (3LO), mcp-atlassian's
// ATLASSIAN_OAUTH_* settings: the server's own grant (written to Caddy's
// storage by `caddy mcp-atlassian oauth-setup` and refreshed from there by
// every instance sharing it), a static access token, and the authorization
// server MCP clients sign in with. Secrets should be {env.*} or {file.*}
// placeholders: they are resolved at provision time on a copy, never
// stored in the adapted JSON or autosave.
type OAuth struct {
	// ClientID and ClientSecret are the 3LO app from the developer console
	// (ATLASSIAN_OAUTH_CLIENT_ID, ATLASSIAN_OAUTH_CLIENT_SECRET).
	ClientID     string `json:"client_id,omitempty"`
	ClientSecret string `json:"client_secret,omitempty"`
	// RedirectURI is the app's callback (ATLASSIAN_OAUTH_REDIRECT_URI);
	// with the proxy on, its path is where Atlassian's answer is served.
	RedirectURI string `json:"redirect_uri,omitempty"`
	// Scope is space-separated (ATLASSIAN_OAUTH_SCOPE); it must include
	// offline_access for a refresh token.
	Scope string `json:"scope,omitempty"`
	// CloudID is the default site (ATLASSIAN_OAUTH_CLOUD_ID, or the
	// handler's cloud_id); a grant's own site and X-Atlassian-Cloud-Id win.
	CloudID string `json:"cloud_id,omitempty"`
	// AccessToken is a static access token, never refreshed
	// (ATLASSIAN_OAUTH_ACCESS_TOKEN, "bring your own token"); it wins over
	// the stored grant, as in mcp-atlassian.
	AccessToken string `json:"access_token,omitempty"`
	// Enable is mcp-atlassian's ATLASSIAN_OAUTH_ENABLE ("minimal OAuth"):
	// the server holds no grant of its own and every request brings its
	// token, or signs in through the proxy.
	Enable *bool `json:"enable,omitempty"`
	// AuthURL, TokenURL and ResourcesURL override Atlassian Cloud's
	// endpoints (the sandbox serves them at the same paths).
	AuthURL      string `json:"auth_url,omitempty"`
	TokenURL     string `json:"token_url,omitempty"`
	ResourcesURL string `json:"resources_url,omitempty"`
	// Proxy is the authorization server for MCP clients.
	Proxy *OAuthProxy `json:"proxy,omitempty"`
}

// OAuthProxy lets MCP clients (claude.ai and ChatGPT connectors, desktop
// clients) sign their users in at Atlassian: RFC 9728/8414 metadata,
// dynamic registration, authorize, callback and token endpoints, and
// opaque tokens mapped to grants in Caddy's storage.
type OAuthProxy struct {
	// Enable (default true when the object is present) turns it on
	// (ATLASSIAN_OAUTH_PROXY_ENABLE).
	Enable *bool `json:"enable,omitempty"`
	// BaseURL is this server's public URL, the issuer (PUBLIC_BASE_URL);
	// default: the redirect URI without its last path segment.
	BaseURL string `json:"base_url,omitempty"`
	// AllowedRedirectURIs limit the redirect URIs clients may register;
	// "*" is a wildcard (ATLASSIAN_OAUTH_ALLOWED_CLIENT_REDIRECT_URIS).
	// Default: loopback, claude.ai and ChatGPT.
	AllowedRedirectURIs []string `json:"allowed_redirect_uris,omitempty"`
	// ResourcePath is the MCP endpoint's path below BaseURL; default /mcp.
	ResourcePath string `json:"resource_path,omitempty"`
	// UnusedClientLifetime is how long a dynamic registration that never
	// completes a sign-in is kept; default 24h.
	UnusedClientLifetime caddy.Duration `json:"unused_client_lifetime,omitempty"`
	// RegistrationsPerMinute limits /register per client address (Caddy's
	// client_ip, so trusted_proxies apply; IPv6 by /64), as a burst or
	// spread over the minute; default 10.
	RegistrationsPerMinute int `json:"registrations_per_minute,omitempty"`
	// AuthorizationsPerMinute limits /authorize (each stores a sign-in in
	// progress) per client address in the same way; default 30.
	AuthorizationsPerMinute int `json:"authorizations_per_minute,omitempty"`
}

// enabled: a proxy object turns it on unless it says enable false.
func (p *OAuthProxy) enabled() bool { return p != nil && (p.Enable == nil || *p.Enable) }

// effective returns a resolved copy of o with the environment merged in,
// or nil when neither configures OAuth.
func (o *OAuth) effective(repl *caddy.Replacer) (*OAuth, error) {
	c := new(OAuth)
	if o != nil {
		*c = *o
		if o.Proxy != nil {
			p := *o.Proxy
			p.AllowedRedirectURIs = append([]string(nil), o.Proxy.AllowedRedirectURIs...)
			c.Proxy = &p
		}
	}
	for _, f := range []*string{&c.ClientID, &c.ClientSecret, &c.RedirectURI, &c.Scope, &c.CloudID, &c.AccessToken, &c.AuthURL, &c.TokenURL, &c.ResourcesURL} {
		*f = strings.TrimSpace(repl.ReplaceKnown(*f, ""))
	}
	if c.Proxy != nil {
		c.Proxy.BaseURL = strings.TrimSpace(repl.ReplaceKnown(c.Proxy.BaseURL, ""))
		c.Proxy.ResourcePath = strings.TrimSpace(repl.ReplaceKnown(c.Proxy.ResourcePath, ""))
		for i, v := range c.Proxy.AllowedRedirectURIs {
			c.Proxy.AllowedRedirectURIs[i] = repl.ReplaceKnown(v, "")
		}
	}
	if err := c.mergeEnv(); err != nil {
		return nil, err
	}
	if o == nil && c.isZero() {
		return nil, nil
	}
	return c, nil
}

func (o *OAuth) isZero() bool {
	return o.ClientID == "" && o.ClientSecret == "" && o.AccessToken == "" && o.Enable == nil && !o.Proxy.enabled()
}

// app is the 3LO app the grant and the proxy use. Without a redirect URI
// it is the one oauth-setup defaults to: refreshing needs none, but the
// app must be the same.
func (o *OAuth) app(cloudID string) *oauth.Config {
	redirect := o.RedirectURI
	if redirect == "" {
		redirect = oauth.DefaultRedirectURI
	}
	return &oauth.Config{
		ClientID: o.ClientID, ClientSecret: o.ClientSecret, RedirectURI: redirect,
		Scopes: oauth.ParseScopes(o.Scope), CloudID: cloudID,
		AuthURL: o.AuthURL, TokenURL: o.TokenURL, ResourcesURL: o.ResourcesURL,
	}
}

// oauthRuntime is what ServeHTTP needs of the OAuth set-up.
type oauthRuntime struct {
	// proxy is set when MCP clients sign in here; mcpPath is then the MCP
	// endpoint's path, and other paths that are not the proxy's go on to
	// the next handler.
	proxy   *oauthproxy.Proxy
	mcpPath string
}

// provisionOAuth plugs the effective OAuth settings into the MCP handler's
// options: the server's own token source, and the authorization server.
func (h *Handler) provisionOAuth(ctx caddy.Context, cfg *Handler, opts *mcphandler.Options) error {
	o := cfg.OAuth
	if o == nil {
		return nil
	}
	cloudID := o.CloudID
	if cloudID == "" {
		cloudID = cfg.CloudID
	}
	if opts.DefaultCloudID == "" {
		opts.DefaultCloudID = cloudID
	}
	app := o.app(cloudID)
	minimal := o.Enable != nil && *o.Enable
	log := h.logger.Named("oauth")
	tsOpts := oauth.TokenSourceOptions{Logger: log}
	switch {
	case o.AccessToken != "":
		opts.OAuth = staticToken{token: o.AccessToken, cloudID: cloudID}
		log.Info("using the configured OAuth access token (never refreshed) for requests without credentials")
	case minimal:
		log.Info("minimal OAuth: the server holds no grant; requests bring their own tokens")
	case o.ClientID != "" || o.ClientSecret != "":
		if err := app.Validate(); err != nil {
			return fmt.Errorf("oauth: %w (set it in the oauth block or the ATLASSIAN_OAUTH_* variables)", err)
		}
		store := ctx.Storage()
		opts.OAuth = grantTokens{oauth.NewSources(app, store, tsOpts).Get(oauth.DefaultGrant)}
		if _, err := oauth.LoadGrant(ctx, store, app.ClientID, oauth.DefaultGrant); err != nil {
			log.Warn("the server's OAuth grant is not usable yet; run caddy mcp-atlassian oauth-setup --config <this config> (requests without credentials fail until then)",
				zap.String("client_id", app.ClientID), zap.String("key", oauth.GrantKey(app.ClientID, oauth.DefaultGrant)), zap.Error(err))
		} else {
			log.Info("using the stored OAuth grant for requests without credentials", zap.String("client_id", app.ClientID))
		}
	}
	if !o.Proxy.enabled() {
		return nil
	}
	if err := app.Validate(); err != nil {
		return fmt.Errorf("oauth proxy: %w (set it in the oauth block or the ATLASSIAN_OAUTH_* variables)", err)
	}
	base := o.Proxy.BaseURL
	if base == "" {
		base = defaultBaseURL(app.RedirectURI)
	}
	p, err := oauthproxy.New(oauthproxy.Config{
		BaseURL: base, ResourcePath: o.Proxy.ResourcePath, Upstream: app, Store: ctx.Storage(),
		AllowedRedirectURIs: o.Proxy.AllowedRedirectURIs, TokenSource: tsOpts,
		UnusedClientLifetime:    time.Duration(o.Proxy.UnusedClientLifetime),
		RegistrationsPerMinute:  o.Proxy.RegistrationsPerMinute,
		AuthorizationsPerMinute: o.Proxy.AuthorizationsPerMinute,
		ClientIP:                clientIP,
		Logger:                  log,
	})
	if err != nil {
		return err
	}
	u, _ := url.Parse(p.ResourceURL())
	h.oauth = oauthRuntime{proxy: p, mcpPath: u.Path}
	go sweepProxy(ctx, p, log)
	opts.Authorizer = proxyAuthorizer{p}
	log.Info("OAuth proxy on: MCP clients sign in at Atlassian through this server",
		zap.String("issuer", base), zap.String("resource", p.ResourceURL()))
	return nil
}

// clientIP is the address Caddy determined for the request, which honours
// the server's trusted_proxies.
func clientIP(r *http.Request) string {
	ip, _ := caddyhttp.GetVar(r.Context(), caddyhttp.ClientIPVarKey).(string)
	return ip
}

// defaultBaseURL is mcp-atlassian's PUBLIC_BASE_URL default: the redirect
// URI's directory (https://mcp.example.com/callback gives
// https://mcp.example.com).
func defaultBaseURL(redirect string) string {
	u, err := url.Parse(redirect)
	if err != nil {
		return ""
	}
	dir := path.Dir(u.Path)
	if dir == "/" || dir == "." {
		dir = ""
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: dir}).String()
}

// passOn reports whether r is for neither the MCP endpoint nor the
// authorization server. With the proxy on, mcp_atlassian is mounted
// without a path matcher (its endpoints live at the site root), and
// leaves other paths to the handlers after it.
func (h *Handler) passOn(r *http.Request) bool {
	o := h.oauth
	if o.proxy == nil || o.proxy.Handles(r) {
		return false
	}
	return r.URL.Path != o.mcpPath && !strings.HasPrefix(r.URL.Path, o.mcpPath+"/")
}

// grantTokens serves a stored grant's tokens, refreshed by its
// TokenSource under the storage lock.
type grantTokens struct{ ts *oauth.TokenSource }

func (g grantTokens) Token(ctx context.Context) (string, string, error) {
	gr, err := g.ts.Grant(ctx)
	if err != nil {
		return "", "", err
	}
	return gr.Token.AccessToken, gr.CloudID, nil
}

func (g grantTokens) Refresh(ctx context.Context, rejected string) (string, error) {
	gr, err := g.ts.Refresh(ctx, rejected)
	if err != nil {
		return "", err
	}
	return gr.Token.AccessToken, nil
}

// staticToken is a configured access token (BYOT).
type staticToken struct{ token, cloudID string }

func (s staticToken) Token(context.Context) (string, string, error) { return s.token, s.cloudID, nil }

func (s staticToken) Refresh(context.Context, string) (string, error) {
	return "", errors.New("Atlassian refused the configured OAuth access token (access_token, ATLASSIAN_OAUTH_ACCESS_TOKEN), which cannot be refreshed: replace it, or use a stored grant (caddy mcp-atlassian oauth-setup)")
}

// proxyAuthorizer adapts the OAuth proxy to mcphandler.Authorizer.
type proxyAuthorizer struct{ *oauthproxy.Proxy }

func (a proxyAuthorizer) Resolve(ctx context.Context, bearer string) (string, mcphandler.TokenProvider, error) {
	s, err := a.Proxy.Resolve(ctx, bearer)
	if errors.Is(err, oauthproxy.ErrInvalidToken) {
		return "", nil, mcphandler.ErrUnknownToken
	}
	if err != nil {
		return "", nil, err
	}
	return s.GrantID, grantTokens{s.Source}, nil
}

// proxySweepInterval is how often expired OAuth proxy records (access
// tokens, codes, abandoned sign-ins, registrations never used), grants
// Atlassian expired for disuse and the records of grants that are gone
// are deleted from storage.
const proxySweepInterval = time.Hour

// sweepProxy deletes expired proxy records until the config is unloaded:
// first within a minute of loading (a config reloaded more often than
// hourly would otherwise never sweep; the jitter keeps instances sharing
// storage apart), then hourly.
func sweepProxy(ctx context.Context, p *oauthproxy.Proxy, log *zap.Logger) {
	t := time.NewTimer(rand.N(time.Minute))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		n, err := p.Sweep(ctx)
		if err != nil && ctx.Err() == nil {
			log.Warn("sweeping expired OAuth proxy records and grants", zap.Int("deleted", n), zap.Error(err))
		} else if n > 0 {
			log.Debug("swept expired OAuth proxy records and grants", zap.Int("deleted", n))
		}
		t.Reset(proxySweepInterval)
	}
}
