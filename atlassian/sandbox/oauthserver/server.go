package oauthserver

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Paths, as on auth.atlassian.com and api.atlassian.com.
const (
	AuthorizePath = "/authorize"
	TokenPath     = "/oauth/token"
	ResourcesPath = "/oauth/token/accessible-resources"
)

// Server is the authorization server. It is safe for concurrent use; its
// state is in memory.
type Server struct {
	cfg Config
	mux *http.ServeMux

	mu      sync.Mutex
	codes   map[string]*authCode
	refresh map[string]*grant // every refresh token ever issued, current or rotated
	access  map[string]*accessToken
	issued  int
	stats   Stats
}

// Stats counts what happened, for tests.
type Stats struct {
	Authorizations int // codes issued
	Exchanges      int // codes redeemed
	Refreshes      int // successful refresh_token grants
	GraceReuses    int // rotated refresh tokens presented within the grace
	InvalidGrants  int // invalid_grant answers
	RevokedGrants  int // grants revoked for refresh-token reuse
}

// grant is one consent: a family of refresh tokens.
type grant struct {
	user    string
	scope   string
	current string               // the refresh token to present next
	rotated map[string]time.Time // refresh tokens already used, and when
	revoked bool
}

type authCode struct {
	user, scope, redirectURI string
	challenge, method        string
	expires                  time.Time
}

type accessToken struct {
	grant   *grant
	expires time.Time
}

// New returns a server for cfg.
func New(cfg Config) *Server {
	cfg.setDefaults()
	s := &Server{
		cfg:     cfg,
		mux:     http.NewServeMux(),
		codes:   make(map[string]*authCode),
		refresh: make(map[string]*grant),
		access:  make(map[string]*accessToken),
	}
	s.mux.HandleFunc("GET "+AuthorizePath, s.authorize)
	s.mux.HandleFunc("POST "+TokenPath, s.token)
	s.mux.HandleFunc("GET "+ResourcesPath, s.resources)
	return s
}

// ServeHTTP serves the three endpoints at their Atlassian paths.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Validate reports whose token accessToken is and the first site it
// reaches, if it is a current access token of a live grant.
func (s *Server) Validate(accessToken string) (user, cloudID string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.live(accessToken)
	if g == nil {
		return "", "", false
	}
	return g.user, s.cfg.Sites[0].ID, true
}

// ValidateSite is Validate for a gateway call to cloudID: the token must
// be live and reach that site.
func (s *Server) ValidateSite(accessToken, cloudID string) (user string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.live(accessToken)
	if g == nil || !slices.ContainsFunc(s.cfg.Sites, func(site Site) bool { return site.ID == cloudID }) {
		return "", false
	}
	return g.user, true
}

// Stats returns the counters so far.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// RevokeUser revokes every grant of user, as removing the app's access in
// the user's Atlassian account settings does: their access tokens stop
// working and their refresh tokens get invalid_grant. It returns how many
// grants it revoked (Stats.RevokedGrants counts only reuse).
func (s *Server) RevokeUser(user string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	revoke := func(g *grant) {
		if g.user == user && !g.revoked {
			g.revoked = true
			n++
		}
	}
	for _, g := range s.refresh {
		revoke(g)
	}
	for _, at := range s.access { // grants without offline_access have no refresh token
		revoke(at.grant)
	}
	return n
}

// live returns the grant of a valid access token. s.mu must be held.
func (s *Server) live(token string) *grant {
	at, ok := s.access[token]
	if !ok || at.grant.revoked || !s.cfg.Now().Before(at.expires) {
		return nil
	}
	return at.grant
}

// newAccessToken issues an access token for g. s.mu must be held.
func (s *Server) newAccessToken(g *grant) (string, time.Time) {
	now := s.cfg.Now()
	if s.issued++; s.issued%256 == 0 {
		for k, at := range s.access {
			if !now.Before(at.expires) {
				delete(s.access, k)
			}
		}
	}
	tok := "sbx-at-" + random()
	exp := now.Add(s.cfg.AccessTokenLifetime)
	s.access[tok] = &accessToken{grant: g, expires: exp}
	return tok, exp
}

func random() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// oauthError writes an RFC 6749 error answer.
func oauthError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": description})
}
