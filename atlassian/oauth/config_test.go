package oauth

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox/oauthserver"
)

func TestAuthCodeURL(t *testing.T) {
	cfg := &Config{ClientID: "cid", ClientSecret: testSecret, RedirectURI: "http://localhost:8080/callback", Scopes: []string{"read:jira-work", "offline_access"}}
	u, err := url.Parse(cfg.AuthCodeURL("the-state", "the-verifier-0123456789012345678901234567890123"))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Scheme+"://"+u.Host+u.Path != DefaultAuthURL {
		t.Errorf("endpoint %s", u)
	}
	for k, want := range map[string]string{
		"client_id": "cid", "redirect_uri": "http://localhost:8080/callback", "response_type": "code",
		"state": "the-state", "scope": "read:jira-work offline_access", "audience": "api.atlassian.com", "prompt": "consent",
	} {
		if q.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, q.Get(k), want)
		}
	}
	if q.Has("code_challenge") || strings.Contains(u.String(), testSecret) {
		t.Errorf("unexpected parameters in %s", u)
	}
	cfg.PKCE = true
	q = mustQuery(t, cfg.AuthCodeURL("s", "the-verifier-0123456789012345678901234567890123"))
	if q.Get("code_challenge") == "" || q.Get("code_challenge_method") != "S256" {
		t.Errorf("PKCE parameters missing: %v", q)
	}
}

func mustQuery(t *testing.T, raw string) url.Values {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

func TestValidateAndScopes(t *testing.T) {
	if err := (&Config{}).Validate(); err == nil || !strings.Contains(err.Error(), "client id, client secret, redirect uri") {
		t.Errorf("empty config: %v", err)
	}
	if err := (&Config{ClientID: "a", ClientSecret: "b", RedirectURI: "localhost:8080"}).Validate(); err == nil {
		t.Error("relative redirect URI accepted")
	}
	if got := ParseScopes(" read:jira-work,write:jira-work  offline_access\n"); strings.Join(got, "|") != "read:jira-work|write:jira-work|offline_access" {
		t.Errorf("ParseScopes = %q", got)
	}
	if !(&Config{Scopes: DefaultScopes}).HasOfflineAccess() {
		t.Error("default scopes lack offline_access")
	}
}

func TestExchangeAndResources(t *testing.T) {
	_, cfg := authServer(t, oauthserver.Config{Sites: []oauthserver.Site{
		{ID: "c1", Name: "one", URL: "https://one.atlassian.net"},
		{ID: "c2", Name: "two", URL: "https://two.atlassian.net"},
	}})
	cfg.PKCE = true
	verifier := NewVerifier()
	ctx := context.Background()
	tok, err := cfg.Exchange(ctx, consent(t, cfg, NewState(), verifier), verifier)
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken == "" || tok.RefreshToken == "" || tok.Expiry.IsZero() || tok.Scope != "read:jira-work offline_access" {
		t.Fatalf("token %+v", *tok)
	}
	res, err := cfg.AccessibleResources(ctx, tok.AccessToken)
	if err != nil || len(res) != 2 {
		t.Fatalf("resources %v %v", res, err)
	}
	for want, pick := range map[string]string{"c2": "c2", "c1": "https://one.atlassian.net/", "c2 ": "TWO.atlassian.net"} {
		r, err := PickResource(res, pick)
		if err != nil || r.ID != strings.TrimSpace(want) {
			t.Errorf("PickResource(%q) = %v %v", pick, r.ID, err)
		}
	}
	if _, err := PickResource(res, ""); err == nil {
		t.Error("ambiguous pick accepted")
	}
	if _, err := PickResource(res, "three"); err == nil {
		t.Error("unknown site accepted")
	}

	// A second redemption fails, with a clean error.
	if _, err := cfg.Exchange(ctx, "not-a-code", ""); !errors.Is(err, ErrInvalidGrant) {
		t.Fatalf("bad code: %v", err)
	}
	if _, err := cfg.AccessibleResources(ctx, "bogus"); err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("bad token: %v", err)
	}
	bad := *cfg
	bad.ClientSecret = "wrong-secret-value"
	_, err = bad.Exchange(ctx, consent(t, cfg, "s", ""), "")
	var te *TokenError
	if !errors.As(err, &te) || te.Code != "invalid_client" || te.Status != 401 || strings.Contains(err.Error(), "wrong-secret-value") {
		t.Fatalf("bad client secret: %v", err)
	}
}
