package sandbox

import (
	"net/http"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox/oauthserver"
)

// Demo OAuth 2.0 (3LO) app of a Cloud sandbox, used when Options.OAuth
// names none (README.md lists them with the other demo credentials).
const (
	DefaultOAuthClientID     = "sandbox-oauth-client"
	DefaultOAuthClientSecret = "sandbox-oauth-secret"
)

// newOAuth builds the Cloud sandbox's authorization server: Atlassian's
// auth.atlassian.com and the accessible-resources endpoint on the sandbox
// host, for the sandbox's users and its one site. Its access tokens open
// the gateway like the users' fixed OAuth tokens.
func newOAuth(opts Options, users []User) *oauthserver.Server {
	cfg := opts.OAuth
	if cfg.ClientID == "" {
		cfg.ClientID = DefaultOAuthClientID
	}
	if cfg.ClientSecret == "" {
		cfg.ClientSecret = DefaultOAuthClientSecret
	}
	if len(cfg.Users) == 0 {
		for _, u := range users {
			cfg.Users = append(cfg.Users, u.Name)
		}
	}
	if len(cfg.Sites) == 0 {
		cfg.Sites = []oauthserver.Site{{ID: opts.CloudID, Name: "sandbox", URL: "https://sandbox.atlassian.net"}}
	}
	return oauthserver.New(cfg)
}

// OAuth is the Cloud sandbox's authorization server (nil on Server/DC),
// for tests that look at its Stats.
func (s *Server) OAuth() *oauthserver.Server { return s.oauth }

// isOAuthPath reports whether path is one of the authorization server's.
func isOAuthPath(path string) bool {
	switch path {
	case oauthserver.AuthorizePath, oauthserver.TokenPath, oauthserver.ResourcesPath:
		return true
	}
	return false
}

// serveOAuth answers the authorization server's paths on a Cloud sandbox.
func (s *Server) serveOAuth(w http.ResponseWriter, r *http.Request) bool {
	if s.oauth == nil || !isOAuthPath(r.URL.Path) {
		return false
	}
	s.oauth.ServeHTTP(w, r)
	return true
}

// oauthUser is the user whose token from the authorization server this is,
// if it is live and reaches this site.
func (s *Server) oauthUser(token string) *User {
	if s.oauth == nil || token == "" {
		return nil
	}
	name, ok := s.oauth.ValidateSite(token, s.opts.CloudID)
	if !ok {
		return nil
	}
	return s.userByName(name)
}
