package oauth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/caddyserver/certmagic"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox/oauthserver"
)

const (
	testClientID = "test-client"
	testSecret   = "S3CRET-client-secret-value"
	testRedirect = "http://127.0.0.1:9/callback"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }
func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// authServer starts the sandbox authorization server; now may be nil for
// the real clock.
func authServer(t *testing.T, cfg oauthserver.Config) (*oauthserver.Server, *Config) {
	t.Helper()
	cfg.ClientID, cfg.ClientSecret = testClientID, testSecret
	cfg.RedirectURIs = []string{testRedirect}
	srv := oauthserver.New(cfg)
	h := httptest.NewServer(srv)
	t.Cleanup(h.Close)
	return srv, &Config{
		ClientID: testClientID, ClientSecret: testSecret, RedirectURI: testRedirect,
		Scopes:       []string{"read:jira-work", "offline_access"},
		AuthURL:      h.URL + oauthserver.AuthorizePath,
		TokenURL:     h.URL + oauthserver.TokenPath,
		ResourcesURL: h.URL + oauthserver.ResourcesPath,
		HTTPClient:   h.Client(),
		Now:          cfg.Now,
	}
}

// consent plays the browser: it follows the authorize URL to the redirect
// and returns the code.
func consent(t *testing.T, cfg *Config, state, verifier string) string {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(cfg.AuthCodeURL(state, verifier))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize: %d %v", resp.StatusCode, err)
	}
	if loc.Query().Get("state") != state {
		t.Fatalf("state %q came back as %q", state, loc.Query().Get("state"))
	}
	return loc.Query().Get("code")
}

// seedGrant runs the code flow and stores the grant as oauth-setup would.
func seedGrant(t *testing.T, cfg *Config, store Store, now time.Time) *Grant {
	t.Helper()
	tok, err := cfg.Exchange(context.Background(), consent(t, cfg, "s", ""), "")
	if err != nil {
		t.Fatal(err)
	}
	g := &Grant{Token: *tok, CloudID: oauthserver.DefaultSite.ID, Obtained: now, Updated: now}
	if err := SaveGrant(context.Background(), store, cfg.ClientID, DefaultGrant, g); err != nil {
		t.Fatal(err)
	}
	return g
}

func fileStore(dir string) *certmagic.FileStorage { return &certmagic.FileStorage{Path: dir} }

// Compile-time proof that Caddy's storage is a Store.
var _ Store = (certmagic.Storage)(nil)
