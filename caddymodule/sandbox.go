//go:build !nosandbox

package caddymodule

import (
	"fmt"
	"net/http"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	"github.com/caddyserver/caddy/v2/caddyconfig/httpcaddyfile"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox/oauthserver"
	"go.uber.org/zap"
)

func init() {
	caddy.RegisterModule(SandboxHandler{})
	httpcaddyfile.RegisterHandlerDirective("atlassian_sandbox", parseSandboxCaddyfile)
	httpcaddyfile.RegisterDirectiveOrder("atlassian_sandbox", httpcaddyfile.Before, "respond")
}

// SandboxHandler serves the built-in in-memory Atlassian (package
// atlassian/sandbox): Jira and Confluence with demo data, for trying the
// MCP server without a real site and for tests. Its state lives in memory
// and starts afresh with every config load.
type SandboxHandler struct {
	// Deployment is "cloud" (default) or "server".
	Deployment string `json:"deployment,omitempty"`
	// CloudID is the site id its OAuth gateway answers to.
	CloudID string `json:"cloud_id,omitempty"`
	// OAuthClientID and OAuthClientSecret are the one app registered with
	// the Cloud sandbox's OAuth 2.0 (3LO) authorization server (/authorize,
	// /oauth/token, /oauth/token/accessible-resources); default
	// sandbox-oauth-client / sandbox-oauth-secret.
	OAuthClientID     string `json:"oauth_client_id,omitempty"`
	OAuthClientSecret string `json:"oauth_client_secret,omitempty"`
	// OAuthTokenLifetime shortens its access tokens (default 1h) to watch
	// refreshes happen.
	OAuthTokenLifetime caddy.Duration `json:"oauth_token_lifetime,omitempty"`

	server *sandbox.Server
}

// CaddyModule returns the Caddy module information.
func (SandboxHandler) CaddyModule() caddy.ModuleInfo {
	return caddy.ModuleInfo{
		ID:  "http.handlers.atlassian_sandbox",
		New: func() caddy.Module { return new(SandboxHandler) },
	}
}

// Provision builds the sandbox with its seeded data.
func (s *SandboxHandler) Provision(ctx caddy.Context) error {
	d := atlassian.Cloud
	if s.Deployment != "" {
		var ok bool
		if d, ok = atlassian.ParseDeployment(s.Deployment); !ok {
			return fmt.Errorf("atlassian_sandbox deployment %q must be cloud or server", s.Deployment)
		}
	}
	repl := caddy.NewReplacer()
	s.server = sandbox.New(sandbox.Options{Deployment: d, CloudID: s.CloudID, OAuth: oauthserver.Config{
		ClientID:            repl.ReplaceKnown(s.OAuthClientID, ""),
		ClientSecret:        repl.ReplaceKnown(s.OAuthClientSecret, ""),
		AccessTokenLifetime: time.Duration(s.OAuthTokenLifetime),
	}})
	ctx.Logger().Info("Atlassian sandbox ready (demo data, in memory)", zap.String("deployment", string(d)))
	return nil
}

// ServeHTTP serves the sandbox; it is terminal.
func (s *SandboxHandler) ServeHTTP(w http.ResponseWriter, r *http.Request, _ caddyhttp.Handler) error {
	s.server.ServeHTTP(w, r)
	return nil
}

func parseSandboxCaddyfile(h httpcaddyfile.Helper) (caddyhttp.MiddlewareHandler, error) {
	s := new(SandboxHandler)
	err := s.UnmarshalCaddyfile(h.Dispenser)
	return s, err
}

// UnmarshalCaddyfile reads:
//
//	atlassian_sandbox [<matcher>] {
//		deployment cloud|server
//		cloud_id   <id>
//		oauth_client <client_id> <client_secret>
//		oauth_token_lifetime <duration>
//	}
func (s *SandboxHandler) UnmarshalCaddyfile(d *caddyfile.Dispenser) error {
	d.Next()
	if d.NextArg() {
		return d.ArgErr()
	}
	for d.NextBlock(0) {
		switch d.Val() {
		case "deployment":
			if err := oneArg(d, &s.Deployment); err != nil {
				return err
			}
		case "cloud_id":
			if err := oneArg(d, &s.CloudID); err != nil {
				return err
			}
		case "oauth_client":
			args := d.RemainingArgs()
			if len(args) != 2 {
				return d.Errf("oauth_client takes a client id and a client secret")
			}
			s.OAuthClientID, s.OAuthClientSecret = args[0], args[1]
		case "oauth_token_lifetime":
			if err := durationArg(d, &s.OAuthTokenLifetime); err != nil {
				return err
			}
		default:
			return d.Errf("unrecognized atlassian_sandbox subdirective %q", d.Val())
		}
	}
	return nil
}

// sandboxSites points both products at a sandbox with its first demo
// user's credentials.
func sandboxSites(base string, d atlassian.Deployment) (jira, confluence *Site, err error) {
	demo := sandbox.DefaultUsers()[0]
	site := func(path string) *Site {
		s := &Site{URL: base + path, Deployment: string(d)}
		if d == atlassian.Cloud {
			s.Username, s.APIToken = demo.Email, demo.APIToken
		} else {
			s.PersonalToken = demo.PAT
		}
		return s
	}
	prefix := sandbox.ConfluenceCloudPrefix
	if d == atlassian.Server {
		prefix = sandbox.ConfluenceServerPrefix
	}
	return site(""), site(prefix), nil
}

// Interface guards.
var (
	_ caddy.Provisioner           = (*SandboxHandler)(nil)
	_ caddyhttp.MiddlewareHandler = (*SandboxHandler)(nil)
	_ caddyfile.Unmarshaler       = (*SandboxHandler)(nil)
)
