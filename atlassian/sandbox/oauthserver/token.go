package oauthserver

import (
	"encoding/json"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"
)

// tokenRequest reads the token request from a JSON body (as Atlassian's
// documentation shows) or a form body (as OAuth libraries send), and the
// client credentials from the body or HTTP basic auth.
func tokenRequest(r *http.Request) (map[string]string, bool) {
	params := map[string]string{}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "application/json" {
		var raw map[string]any
		if err := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<16)).Decode(&raw); err != nil {
			return nil, false
		}
		for k, v := range raw {
			if s, ok := v.(string); ok {
				params[k] = s
			}
		}
	} else {
		r.Body = http.MaxBytesReader(nil, r.Body, 1<<16)
		if err := r.ParseForm(); err != nil {
			return nil, false
		}
		for k := range r.PostForm {
			params[k] = r.PostForm.Get(k)
		}
	}
	if id, secret, ok := r.BasicAuth(); ok && params["client_id"] == "" {
		params["client_id"], params["client_secret"] = id, secret
	}
	return params, true
}

type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token,omitempty"`
	ExpiresIn    int    `json:"expires_in"`
	Scope        string `json:"scope"`
	TokenType    string `json:"token_type"`
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	p, ok := tokenRequest(r)
	if !ok {
		oauthError(w, http.StatusBadRequest, "invalid_request", "unreadable request body")
		return
	}
	if !equal(p["client_id"], s.cfg.ClientID) || !equal(p["client_secret"], s.cfg.ClientSecret) {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "Client authentication failed.")
		return
	}
	switch p["grant_type"] {
	case "authorization_code":
		s.exchange(w, p)
	case "refresh_token":
		s.refreshGrant(w, p)
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
	}
}

// exchange redeems a code once. A refresh token comes only with
// offline_access, as on Atlassian.
func (s *Server) exchange(w http.ResponseWriter, p map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.codes[p["code"]]
	delete(s.codes, p["code"])
	if !ok || !s.cfg.Now().Before(c.expires) || c.redirectURI != p["redirect_uri"] || !verifyPKCE(c, p["code_verifier"]) {
		s.stats.InvalidGrants++
		oauthError(w, http.StatusForbidden, "invalid_grant", "Invalid authorization code")
		return
	}
	g := &grant{user: c.user, scope: c.scope, rotated: map[string]time.Time{}}
	resp := tokenResponse{Scope: c.scope, TokenType: "Bearer"}
	if slices.Contains(strings.Fields(c.scope), "offline_access") {
		g.current = "sbx-rt-" + random()
		s.refresh[g.current] = g
		resp.RefreshToken = g.current
	}
	resp.AccessToken, _ = s.newAccessToken(g)
	resp.ExpiresIn = int(s.cfg.AccessTokenLifetime.Seconds())
	s.stats.Exchanges++
	writeJSON(w, http.StatusOK, resp)
}

// refreshGrant rotates: the presented token is spent and a new pair is
// issued. A spent token presented again within the grace also gets a new
// pair (so a client that lost an answer can retry); after the grace it
// revokes the grant, every token of it, as Atlassian does.
func (s *Server) refreshGrant(w http.ResponseWriter, p map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rt := p["refresh_token"]
	g, ok := s.refresh[rt]
	now := s.cfg.Now()
	if ok && !g.revoked && rt != g.current {
		if within := s.cfg.ReuseGrace > 0 && now.Sub(g.rotated[rt]) <= s.cfg.ReuseGrace; !within {
			g.revoked = true
			s.stats.RevokedGrants++
			ok = false
		} else {
			s.stats.GraceReuses++
		}
	}
	if !ok || g.revoked {
		s.stats.InvalidGrants++
		oauthError(w, http.StatusForbidden, "invalid_grant", "Unknown or invalid refresh token.")
		return
	}
	if _, spent := g.rotated[g.current]; !spent {
		g.rotated[g.current] = now
	}
	g.current = "sbx-rt-" + random()
	s.refresh[g.current] = g
	at, _ := s.newAccessToken(g)
	s.stats.Refreshes++
	writeJSON(w, http.StatusOK, tokenResponse{
		AccessToken: at, RefreshToken: g.current, Scope: g.scope, TokenType: "Bearer",
		ExpiresIn: int(s.cfg.AccessTokenLifetime.Seconds()),
	})
}
