package oauthserver

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// authorize auto-approves: there is no login page, the user is the
// login_hint (if it names a known user) or the default user, and consent
// is implied. Errors about the client or redirect URI are shown here, as
// redirecting them would be an open redirect; others go back to the client.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if !equal(q.Get("client_id"), s.cfg.ClientID) {
		http.Error(w, "unknown client_id", http.StatusBadRequest)
		return
	}
	redirect := q.Get("redirect_uri")
	u, err := url.Parse(redirect)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		(len(s.cfg.RedirectURIs) > 0 && !slices.Contains(s.cfg.RedirectURIs, redirect)) {
		http.Error(w, "redirect_uri is not registered for this client", http.StatusBadRequest)
		return
	}
	back := func(params url.Values) {
		if st := q.Get("state"); st != "" {
			params.Set("state", st)
		}
		v := u.Query()
		for k, vs := range params {
			v[k] = vs
		}
		u.RawQuery = v.Encode()
		http.Redirect(w, r, u.String(), http.StatusFound)
	}
	if q.Get("response_type") != "code" {
		back(url.Values{"error": {"unsupported_response_type"}})
		return
	}
	scope := strings.Join(strings.Fields(q.Get("scope")), " ")
	if scope == "" {
		back(url.Values{"error": {"invalid_scope"}, "error_description": {"scope is required"}})
		return
	}
	challenge, method := q.Get("code_challenge"), q.Get("code_challenge_method")
	if challenge != "" && method == "" {
		method = "plain"
	}
	if method != "" && method != "S256" && method != "plain" {
		back(url.Values{"error": {"invalid_request"}, "error_description": {"unsupported code_challenge_method"}})
		return
	}
	user := s.cfg.DefaultUser
	if hint := q.Get("login_hint"); hint != "" {
		if !slices.Contains(s.cfg.Users, hint) {
			back(url.Values{"error": {"access_denied"}, "error_description": {"unknown user"}})
			return
		}
		user = hint
	}

	code := random()
	s.mu.Lock()
	s.codes[code] = &authCode{
		user: user, scope: scope, redirectURI: redirect,
		challenge: challenge, method: method,
		expires: s.cfg.Now().Add(codeLifetime),
	}
	s.stats.Authorizations++
	s.mu.Unlock()
	back(url.Values{"code": {code}})
}

// verifyPKCE checks an RFC 7636 code verifier against the challenge.
func verifyPKCE(c *authCode, verifier string) bool {
	if c.challenge == "" {
		return true
	}
	if verifier == "" {
		return false
	}
	if c.method == "S256" {
		sum := sha256.Sum256([]byte(verifier))
		return equal(base64.RawURLEncoding.EncodeToString(sum[:]), c.challenge)
	}
	return equal(verifier, c.challenge)
}
