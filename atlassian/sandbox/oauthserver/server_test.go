package oauthserver

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	testClient   = "client-1"
	testSecret   = "client-secret-xyz"
	testRedirect = "http://127.0.0.1:9/callback"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type fixture struct {
	srv   *Server
	http  *httptest.Server
	clock *clock
}

func newFixture(t *testing.T, cfg Config) *fixture {
	t.Helper()
	c := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	cfg.ClientID, cfg.ClientSecret = testClient, testSecret
	if cfg.RedirectURIs == nil {
		cfg.RedirectURIs = []string{testRedirect}
	}
	cfg.Now = c.Now
	s := New(cfg)
	h := httptest.NewServer(s)
	t.Cleanup(h.Close)
	return &fixture{srv: s, http: h, clock: c}
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// authorize runs /authorize and returns the redirect's query.
func (f *fixture) authorize(t *testing.T, extra url.Values) (int, url.Values) {
	t.Helper()
	q := url.Values{
		"client_id": {testClient}, "redirect_uri": {testRedirect}, "response_type": {"code"},
		"scope": {"read:jira-work offline_access"}, "state": {"st-1"}, "audience": {"api.atlassian.com"},
	}
	for k, v := range extra {
		q[k] = v
	}
	resp, err := noRedirect.Get(f.http.URL + AuthorizePath + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return resp.StatusCode, nil
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != testRedirect {
		t.Fatalf("redirected to %s, want %s", got, testRedirect)
	}
	return resp.StatusCode, loc.Query()
}

// post sends a token request as JSON (asJSON) or a form.
func (f *fixture) post(t *testing.T, params map[string]string, asJSON bool) (int, map[string]any) {
	t.Helper()
	var resp *http.Response
	var err error
	if asJSON {
		b, _ := json.Marshal(params)
		resp, err = http.Post(f.http.URL+TokenPath, "application/json", strings.NewReader(string(b)))
	} else {
		form := url.Values{}
		for k, v := range params {
			form.Set(k, v)
		}
		resp, err = http.PostForm(f.http.URL+TokenPath, form)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, out
}

func (f *fixture) code(t *testing.T, extra url.Values) string {
	t.Helper()
	status, q := f.authorize(t, extra)
	if status != http.StatusFound || q.Get("code") == "" || q.Get("state") != "st-1" {
		t.Fatalf("authorize: status %d, query %v", status, q)
	}
	return q.Get("code")
}

func (f *fixture) exchange(t *testing.T, code string) map[string]any {
	t.Helper()
	status, body := f.post(t, map[string]string{
		"grant_type": "authorization_code", "client_id": testClient, "client_secret": testSecret,
		"code": code, "redirect_uri": testRedirect,
	}, true)
	if status != http.StatusOK {
		t.Fatalf("exchange: %d %v", status, body)
	}
	return body
}

func (f *fixture) refresh(t *testing.T, rt string) (int, map[string]any) {
	t.Helper()
	return f.post(t, map[string]string{
		"grant_type": "refresh_token", "client_id": testClient, "client_secret": testSecret, "refresh_token": rt,
	}, false)
}

func TestCodeFlowAndResources(t *testing.T) {
	f := newFixture(t, Config{Users: []string{"alice", "bob"}, Sites: []Site{
		{ID: "cloud-a", Name: "a", URL: "https://a.atlassian.net"},
		{ID: "cloud-b", Name: "b", URL: "https://b.atlassian.net"},
	}})
	tok := f.exchange(t, f.code(t, url.Values{"login_hint": {"bob"}}))
	at, _ := tok["access_token"].(string)
	rt, _ := tok["refresh_token"].(string)
	if at == "" || rt == "" || tok["token_type"] != "Bearer" || tok["expires_in"] != float64(3600) {
		t.Fatalf("token answer %v", tok)
	}
	if user, cloud, ok := f.srv.Validate(at); !ok || user != "bob" || cloud != "cloud-a" {
		t.Fatalf("Validate = %q %q %v", user, cloud, ok)
	}
	if _, ok := f.srv.ValidateSite(at, "cloud-b"); !ok {
		t.Fatal("token should reach cloud-b")
	}
	if _, ok := f.srv.ValidateSite(at, "cloud-c"); ok {
		t.Fatal("token should not reach an unknown site")
	}

	req, _ := http.NewRequest(http.MethodGet, f.http.URL+ResourcesPath, nil)
	req.Header.Set("Authorization", "Bearer "+at)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var sites []resource
	err = json.NewDecoder(resp.Body).Decode(&sites)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || len(sites) != 2 || sites[1].ID != "cloud-b" ||
		strings.Join(sites[0].Scopes, " ") != "read:jira-work" {
		t.Fatalf("resources: %d %v %+v", resp.StatusCode, err, sites)
	}

	req.Header.Set("Authorization", "Bearer nope")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("resources with a bad token: %d", resp.StatusCode)
	}

	// The access token expires after its lifetime.
	f.clock.Add(time.Hour)
	if _, _, ok := f.srv.Validate(at); ok {
		t.Fatal("expired access token accepted")
	}
}

func TestAuthorizeDefaultsAndErrors(t *testing.T) {
	f := newFixture(t, Config{Users: []string{"alice", "bob"}})
	at := f.exchange(t, f.code(t, nil))["access_token"].(string)
	if user, _, _ := f.srv.Validate(at); user != "alice" {
		t.Fatalf("default user = %q", user)
	}

	if status, _ := f.authorize(t, url.Values{"client_id": {"other"}}); status != http.StatusBadRequest {
		t.Fatalf("unknown client: %d", status)
	}
	if status, _ := f.authorize(t, url.Values{"redirect_uri": {"https://evil.example/cb"}}); status != http.StatusBadRequest {
		t.Fatalf("unregistered redirect: %d", status)
	}
	for name, extra := range map[string]url.Values{
		"access_denied":             {"login_hint": {"mallory"}},
		"unsupported_response_type": {"response_type": {"token"}},
		"invalid_scope":             {"scope": {""}},
	} {
		status, q := f.authorize(t, extra)
		if status != http.StatusFound || q.Get("error") != name || q.Get("state") != "st-1" || q.Get("code") != "" {
			t.Errorf("%s: %d %v", name, status, q)
		}
	}
}

func TestTokenEndpointRejections(t *testing.T) {
	f := newFixture(t, Config{})
	code := f.code(t, nil)
	status, body := f.post(t, map[string]string{
		"grant_type": "authorization_code", "client_id": testClient, "client_secret": "wrong",
		"code": code, "redirect_uri": testRedirect,
	}, false)
	if status != http.StatusUnauthorized || body["error"] != "invalid_client" {
		t.Fatalf("bad secret: %d %v", status, body)
	}
	// A wrong redirect_uri burns the code.
	status, body = f.post(t, map[string]string{
		"grant_type": "authorization_code", "client_id": testClient, "client_secret": testSecret,
		"code": code, "redirect_uri": "http://127.0.0.1:9/other",
	}, false)
	if status != http.StatusForbidden || body["error"] != "invalid_grant" {
		t.Fatalf("wrong redirect: %d %v", status, body)
	}
	status, body = f.post(t, map[string]string{
		"grant_type": "authorization_code", "client_id": testClient, "client_secret": testSecret,
		"code": code, "redirect_uri": testRedirect,
	}, false)
	if status != http.StatusForbidden || body["error"] != "invalid_grant" {
		t.Fatalf("reused code: %d %v", status, body)
	}
	// Codes are single use.
	code = f.code(t, nil)
	f.exchange(t, code)
	status, _ = f.post(t, map[string]string{
		"grant_type": "authorization_code", "client_id": testClient, "client_secret": testSecret,
		"code": code, "redirect_uri": testRedirect,
	}, true)
	if status != http.StatusForbidden {
		t.Fatalf("second redemption: %d", status)
	}
	// Codes expire.
	code = f.code(t, nil)
	f.clock.Add(codeLifetime)
	status, _ = f.post(t, map[string]string{
		"grant_type": "authorization_code", "client_id": testClient, "client_secret": testSecret,
		"code": code, "redirect_uri": testRedirect,
	}, true)
	if status != http.StatusForbidden {
		t.Fatalf("expired code: %d", status)
	}
	status, body = f.post(t, map[string]string{"grant_type": "password", "client_id": testClient, "client_secret": testSecret}, false)
	if status != http.StatusBadRequest || body["error"] != "unsupported_grant_type" {
		t.Fatalf("password grant: %d %v", status, body)
	}
	// Basic client authentication is accepted too.
	req, _ := http.NewRequest(http.MethodPost, f.http.URL+TokenPath, strings.NewReader(url.Values{
		"grant_type": {"authorization_code"}, "code": {f.code(t, nil)}, "redirect_uri": {testRedirect},
	}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(testClient, testSecret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("basic client auth: %d", resp.StatusCode)
	}
}

func TestNoOfflineAccessNoRefreshToken(t *testing.T) {
	f := newFixture(t, Config{})
	tok := f.exchange(t, f.code(t, url.Values{"scope": {"read:jira-work"}}))
	if _, ok := tok["refresh_token"]; ok {
		t.Fatalf("refresh token without offline_access: %v", tok)
	}
}

func TestPKCE(t *testing.T) {
	f := newFixture(t, Config{})
	verifier := "a-verifier-of-sufficient-length-0123456789abcdef"
	sum := sha256.Sum256([]byte(verifier))
	challenge := base64.RawURLEncoding.EncodeToString(sum[:])
	pkce := url.Values{"code_challenge": {challenge}, "code_challenge_method": {"S256"}}

	for _, v := range []string{"", "wrong"} {
		status, body := f.post(t, map[string]string{
			"grant_type": "authorization_code", "client_id": testClient, "client_secret": testSecret,
			"code": f.code(t, pkce), "redirect_uri": testRedirect, "code_verifier": v,
		}, false)
		if status != http.StatusForbidden || body["error"] != "invalid_grant" {
			t.Fatalf("verifier %q: %d %v", v, status, body)
		}
	}
	status, body := f.post(t, map[string]string{
		"grant_type": "authorization_code", "client_id": testClient, "client_secret": testSecret,
		"code": f.code(t, pkce), "redirect_uri": testRedirect, "code_verifier": verifier,
	}, false)
	if status != http.StatusOK {
		t.Fatalf("right verifier: %d %v", status, body)
	}
}

func TestRefreshRotationAndReuse(t *testing.T) {
	f := newFixture(t, Config{ReuseGrace: 30 * time.Second})
	tok := f.exchange(t, f.code(t, nil))
	rt0 := tok["refresh_token"].(string)

	status, tok1 := f.refresh(t, rt0)
	rt1, _ := tok1["refresh_token"].(string)
	if status != http.StatusOK || rt1 == "" || rt1 == rt0 || tok1["access_token"] == tok["access_token"] {
		t.Fatalf("first refresh: %d %v", status, tok1)
	}

	// rt0 again within the grace: a new pair, nothing revoked.
	f.clock.Add(10 * time.Second)
	status, tok2 := f.refresh(t, rt0)
	if status != http.StatusOK {
		t.Fatalf("reuse within grace: %d %v", status, tok2)
	}
	rt2 := tok2["refresh_token"].(string)
	if st := f.srv.Stats(); st.GraceReuses != 1 || st.RevokedGrants != 0 || st.Refreshes != 2 {
		t.Fatalf("stats %+v", st)
	}

	// rt0 after the grace: the whole grant is revoked, current tokens too.
	f.clock.Add(21 * time.Second)
	status, body := f.refresh(t, rt0)
	if status != http.StatusForbidden || body["error"] != "invalid_grant" {
		t.Fatalf("reuse after grace: %d %v", status, body)
	}
	if _, _, ok := f.srv.Validate(tok2["access_token"].(string)); ok {
		t.Fatal("access token of a revoked grant still valid")
	}
	if status, _ := f.refresh(t, rt2); status != http.StatusForbidden {
		t.Fatalf("current refresh token of a revoked grant: %d", status)
	}
	if st := f.srv.Stats(); st.RevokedGrants != 1 || st.InvalidGrants != 2 {
		t.Fatalf("stats %+v", st)
	}

	// An unknown refresh token is invalid_grant and revokes nothing.
	tok = f.exchange(t, f.code(t, nil))
	if status, _ := f.refresh(t, "sbx-rt-unknown"); status != http.StatusForbidden {
		t.Fatalf("unknown refresh token: %d", status)
	}
	if status, _ := f.refresh(t, tok["refresh_token"].(string)); status != http.StatusOK {
		t.Fatalf("unrelated grant hurt: %d", status)
	}
}

func TestNoGraceRevokesOnAnyReuse(t *testing.T) {
	f := newFixture(t, Config{ReuseGrace: -1, AccessTokenLifetime: 2 * time.Second})
	tok := f.exchange(t, f.code(t, nil))
	if tok["expires_in"] != float64(2) {
		t.Fatalf("expires_in %v", tok["expires_in"])
	}
	rt0 := tok["refresh_token"].(string)
	if status, _ := f.refresh(t, rt0); status != http.StatusOK {
		t.Fatal(status)
	}
	if status, _ := f.refresh(t, rt0); status != http.StatusForbidden {
		t.Fatalf("immediate reuse without grace: %d", status)
	}
	if f.srv.Stats().RevokedGrants != 1 {
		t.Fatal("grant not revoked")
	}
}

// TestRevokeUser: a user's revoked consent ends their tokens, refresh and
// access, and no one else's.
func TestRevokeUser(t *testing.T) {
	f := newFixture(t, Config{Users: []string{"alice", "bob"}})
	alice := f.exchange(t, f.code(t, url.Values{"login_hint": {"alice"}}))
	bob := f.exchange(t, f.code(t, url.Values{"login_hint": {"bob"}}))
	if n := f.srv.RevokeUser("alice"); n != 1 {
		t.Fatalf("revoked %d grants, want 1", n)
	}
	if _, _, ok := f.srv.Validate(alice["access_token"].(string)); ok {
		t.Error("alice's access token still works")
	}
	if status, body := f.refresh(t, alice["refresh_token"].(string)); status != http.StatusForbidden || body["error"] != "invalid_grant" {
		t.Errorf("alice's refresh: %d %v", status, body)
	}
	if user, _, ok := f.srv.Validate(bob["access_token"].(string)); !ok || user != "bob" {
		t.Error("bob's access token was revoked too")
	}
	if status, _ := f.refresh(t, bob["refresh_token"].(string)); status != http.StatusOK {
		t.Errorf("bob's refresh: %d", status)
	}
	if n := f.srv.RevokeUser("alice"); n != 0 {
		t.Errorf("revoked %d grants again", n)
	}
}
