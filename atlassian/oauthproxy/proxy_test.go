package oauthproxy

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caddyserver/certmagic"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/oauth"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox/oauthserver"
	"github.com/modelcontextprotocol/go-sdk/auth"
)

const (
	appID        = "proxy-app"
	appSecret    = "proxy-app-SECRET-42"
	clientRedir  = "http://127.0.0.1:5555/cb"
	testVerifier = "client-verifier-0123456789-0123456789-0123456789"
)

type env struct {
	atl      *oauthserver.Server
	proxy    *Proxy
	url      string
	storeDir string
}

func newEnv(t testing.TB) *env {
	t.Helper()
	atl := oauthserver.New(oauthserver.Config{ClientID: appID, ClientSecret: appSecret, Users: []string{"alice", "bob"}})
	ah := httptest.NewServer(atl)
	t.Cleanup(ah.Close)
	var p *Proxy
	ph := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { p.ServeHTTP(w, r) }))
	t.Cleanup(ph.Close)
	dir := t.TempDir()
	var err error
	p, err = New(Config{
		BaseURL: ph.URL,
		Upstream: &oauth.Config{
			ClientID: appID, ClientSecret: appSecret, RedirectURI: ph.URL + "/callback",
			Scopes:  []string{"read:jira-work", "offline_access"},
			AuthURL: ah.URL + oauthserver.AuthorizePath, TokenURL: ah.URL + oauthserver.TokenPath, ResourcesURL: ah.URL + oauthserver.ResourcesPath,
		},
		Store: &certmagic.FileStorage{Path: dir},
	})
	if err != nil {
		t.Fatal(err)
	}
	return &env{atl: atl, proxy: p, url: ph.URL, storeDir: dir}
}

func getJSON(t *testing.T, u string) map[string]any {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", u, resp.StatusCode, err)
	}
	return m
}

func (e *env) register(t testing.TB, redirects ...string) (int, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"redirect_uris": redirects, "client_name": "test"})
	resp, err := http.Post(e.url+"/register", "application/json", strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}

// signIn runs /authorize through Atlassian (the sandbox auto-approves)
// and back, stopping at the client's redirect; it returns the code.
func (e *env) signIn(t testing.TB, clientID, user string) string {
	t.Helper()
	sum := sha256.Sum256([]byte(testVerifier))
	q := url.Values{
		"client_id": {clientID}, "redirect_uri": {clientRedir}, "response_type": {"code"},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"},
		"state": {"client-state"}, "resource": {e.url + "/mcp"},
	}
	browser := &http.Client{CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		if req.URL.Host == "127.0.0.1:5555" {
			return http.ErrUseLastResponse
		}
		if user != "" && strings.HasSuffix(req.URL.Path, oauthserver.AuthorizePath) && req.URL.Query().Get("login_hint") == "" {
			v := req.URL.Query()
			v.Set("login_hint", user)
			req.URL.RawQuery = v.Encode()
		}
		return nil
	}}
	resp, err := browser.Get(e.url + "/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || loc == nil || loc.Query().Get("state") != "client-state" || loc.Query().Get("code") == "" {
		t.Fatalf("sign-in ended with %d at %v", resp.StatusCode, loc)
	}
	return loc.Query().Get("code")
}

func (e *env) tokenCall(t testing.TB, form url.Values) (int, map[string]any) {
	t.Helper()
	resp, err := http.PostForm(e.url+"/token", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}

func (e *env) redeem(t testing.TB, clientID, code, verifier string) (int, map[string]any) {
	return e.tokenCall(t, url.Values{
		"grant_type": {"authorization_code"}, "client_id": {clientID}, "code": {code},
		"redirect_uri": {clientRedir}, "code_verifier": {verifier},
	})
}

func TestMetadata(t *testing.T) {
	e := newEnv(t)
	prm := getJSON(t, e.url+"/.well-known/oauth-protected-resource/mcp")
	if prm["resource"] != e.url+"/mcp" || prm["authorization_servers"].([]any)[0] != e.url {
		t.Fatalf("protected resource metadata %v", prm)
	}
	asm := getJSON(t, e.url+"/.well-known/oauth-authorization-server")
	for k, want := range map[string]string{
		"issuer": e.url, "authorization_endpoint": e.url + "/authorize", "token_endpoint": e.url + "/token", "registration_endpoint": e.url + "/register",
	} {
		if asm[k] != want {
			t.Errorf("%s = %v, want %s", k, asm[k], want)
		}
	}
	if got := e.proxy.WWWAuthenticate(); got != `Bearer resource_metadata="`+e.url+`/.well-known/oauth-protected-resource/mcp"` {
		t.Errorf("WWW-Authenticate %s", got)
	}
	rec := httptest.NewRecorder()
	e.proxy.Unauthorized(rec, "sign in")
	if rec.Code != 401 || rec.Header().Get("WWW-Authenticate") != e.proxy.WWWAuthenticate() {
		t.Errorf("Unauthorized: %d %v", rec.Code, rec.Header())
	}
	if r := httptest.NewRequest("GET", "/token", nil); e.proxy.Handles(r) {
		t.Error("GET /token claimed")
	}
	if r := httptest.NewRequest("POST", "/mcp", nil); e.proxy.Handles(r) {
		t.Error("the MCP endpoint claimed")
	}
	if r := httptest.NewRequest("POST", "/register", nil); !e.proxy.Handles(r) {
		t.Error("/register not claimed")
	}
}

func TestRegistrationRules(t *testing.T) {
	e := newEnv(t)
	for _, bad := range []string{"https://evil.example/cb", e.url + "/callback", "http://localhost:@evil.example/", "http://localhost:3000/cb#frag"} {
		if status, body := e.register(t, bad); status != http.StatusBadRequest || body["error"] != "invalid_redirect_uri" {
			t.Errorf("%s: %d %v", bad, status, body)
		}
	}
	for _, good := range []string{"http://localhost:3000/callback", "https://claude.ai/api/mcp/auth_callback", clientRedir} {
		if status, body := e.register(t, good); status != http.StatusCreated || body["client_id"] == "" || body["token_endpoint_auth_method"] != "none" {
			t.Errorf("%s: %d %v", good, status, body)
		}
	}
}

func TestConnectorFlowEndToEnd(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	_, reg := e.register(t, clientRedir)
	clientID := reg["client_id"].(string)

	// A wrong verifier burns the code.
	code := e.signIn(t, clientID, "")
	if status, body := e.redeem(t, clientID, code, "wrong-verifier"); status != 400 || body["error"] != "invalid_grant" {
		t.Fatalf("wrong verifier: %d %v", status, body)
	}
	if status, _ := e.redeem(t, clientID, code, testVerifier); status != 400 {
		t.Fatalf("burnt code redeemed: %d", status)
	}

	code = e.signIn(t, clientID, "bob")
	status, tok := e.redeem(t, clientID, code, testVerifier)
	if status != 200 || tok["token_type"] != "Bearer" {
		t.Fatalf("redeem: %d %v", status, tok)
	}
	access, refresh := tok["access_token"].(string), tok["refresh_token"].(string)
	if status, _ := e.redeem(t, clientID, code, testVerifier); status != 400 {
		t.Fatalf("code redeemed twice: %d", status)
	}

	// The MCP token resolves to bob's Atlassian grant.
	s, err := e.proxy.Resolve(ctx, access)
	if err != nil {
		t.Fatal(err)
	}
	g, err := s.Source.Grant(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if user, ok := e.atl.ValidateSite(g.Token.AccessToken, g.CloudID); !ok || user != "bob" {
		t.Fatalf("Atlassian token for %q, %v", user, ok)
	}
	if _, err := e.proxy.Resolve(ctx, "mcpat-bogus"); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("bogus token: %v", err)
	}
	if _, err := e.proxy.Resolve(ctx, refresh); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("refresh token used as access token: %v", err)
	}

	// Refresh rotates the client's refresh token.
	status, tok2 := e.tokenCall(t, url.Values{"grant_type": {"refresh_token"}, "client_id": {clientID}, "refresh_token": {refresh}})
	if status != 200 || tok2["access_token"] == access || tok2["refresh_token"] == refresh {
		t.Fatalf("refresh: %d %v", status, tok2)
	}
	if status, _ := e.tokenCall(t, url.Values{"grant_type": {"refresh_token"}, "client_id": {clientID}, "refresh_token": {refresh}}); status != 400 {
		t.Fatalf("spent refresh token accepted: %d", status)
	}

	// go-sdk's bearer middleware with our verifier: 401 with the metadata
	// pointer without a token; with one, the tool side reaches Atlassian.
	mcp := auth.RequireBearerToken(e.proxy.Verifier(), &auth.RequireBearerTokenOptions{ResourceMetadataURL: e.proxy.ResourceMetadataURL()})(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			info := auth.TokenInfoFromContext(r.Context())
			g, err := e.proxy.Source(info.UserID).Grant(r.Context())
			if err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			user, _ := e.atl.ValidateSite(g.Token.AccessToken, g.CloudID)
			io.WriteString(w, user)
		}))
	rec := httptest.NewRecorder()
	mcp.ServeHTTP(rec, httptest.NewRequest("POST", "/mcp", nil))
	if rec.Code != 401 || !strings.Contains(rec.Header().Get("WWW-Authenticate"), `resource_metadata="`+e.proxy.ResourceMetadataURL()) {
		t.Fatalf("no token: %d %v", rec.Code, rec.Header())
	}
	req := httptest.NewRequest("POST", "/mcp", nil)
	req.Header.Set("Authorization", "Bearer "+tok2["access_token"].(string))
	rec = httptest.NewRecorder()
	mcp.ServeHTTP(rec, req)
	if rec.Code != 200 || rec.Body.String() != "bob" {
		t.Fatalf("with token: %d %q", rec.Code, rec.Body)
	}

	// Storage holds the MCP client's tokens and codes only as hashes.
	err = filepath.Walk(e.storeDir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, _ := os.ReadFile(path)
		for _, secret := range []string{access, refresh, tok2["access_token"].(string), code, appSecret} {
			if strings.Contains(path, secret) || strings.Contains(string(b), secret) {
				t.Errorf("%s holds a secret in clear", path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAuthorizeRefusals(t *testing.T) {
	e := newEnv(t)
	_, reg := e.register(t, clientRedir)
	clientID := reg["client_id"].(string)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(q url.Values) *http.Response {
		resp, err := noFollow.Get(e.url + "/authorize?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := get(url.Values{"client_id": {"nobody"}, "redirect_uri": {clientRedir}}); resp.StatusCode != 400 {
		t.Errorf("unknown client: %d", resp.StatusCode)
	}
	if resp := get(url.Values{"client_id": {clientID}, "redirect_uri": {"http://127.0.0.1:5555/other"}}); resp.StatusCode != 400 {
		t.Errorf("unregistered redirect: %d", resp.StatusCode)
	}
	resp := get(url.Values{"client_id": {clientID}, "redirect_uri": {clientRedir}, "response_type": {"code"}, "state": {"s"}})
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != 302 || loc.Query().Get("error") != "invalid_request" || loc.Query().Get("state") != "s" {
		t.Errorf("no PKCE: %d %v", resp.StatusCode, loc)
	}
	if resp, err := http.Get(e.url + "/callback?state=forged&code=x"); err != nil || resp.StatusCode != 400 {
		t.Errorf("forged callback: %v %v", resp.StatusCode, err)
	}
}

// TestSweep: expired access tokens, unredeemed codes and abandoned
// sign-ins leave storage; refresh tokens stay and still work.
func TestSweep(t *testing.T) {
	e := newEnv(t)
	_, reg := e.register(t, clientRedir)
	clientID := reg["client_id"].(string)
	status, tok := e.redeem(t, clientID, e.signIn(t, clientID, "alice"), testVerifier)
	if status != http.StatusOK {
		t.Fatalf("redeem: %d %v", status, tok)
	}
	e.signIn(t, clientID, "bob") // a code never redeemed
	sum := sha256.Sum256([]byte(testVerifier))
	abandoned := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := abandoned.Get(e.url + "/authorize?" + url.Values{
		"client_id": {clientID}, "redirect_uri": {clientRedir}, "response_type": {"code"},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"},
	}.Encode())
	if err != nil || resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize: %v %v", resp, err)
	}
	resp.Body.Close()

	count := func(folder string) int {
		keys, _ := e.proxy.cfg.Store.List(context.Background(), oauth.KeyPrefix+"/proxy/"+folder, false)
		return len(keys)
	}
	if count("pending") != 1 || count("codes") != 1 || count("tokens") != 2 {
		t.Fatalf("before: %d pending, %d codes, %d tokens; want 1, 1, 2", count("pending"), count("codes"), count("tokens"))
	}
	if n, err := e.proxy.Sweep(context.Background()); n != 0 || err != nil {
		t.Fatalf("a sweep with nothing expired deleted %d (%v)", n, err)
	}

	grants := func() int {
		ids, _ := oauth.ListGrants(context.Background(), e.proxy.cfg.Store, appID)
		return len(ids)
	}
	if grants() != 2 {
		t.Fatalf("before: %d grants, want alice's and bob's", grants())
	}

	later := time.Now().Add(2 * time.Hour)
	e.proxy.cfg.Now = func() time.Time { return later }
	// The abandoned sign-in, bob's code and alice's expired access token;
	// then bob's grant, which no record names once its code is gone, in
	// the second sweep to find it so.
	if n, err := e.proxy.Sweep(context.Background()); n != 3 || err != nil {
		t.Fatalf("sweep deleted %d (%v), want 3", n, err)
	}
	if grants() != 2 {
		t.Fatalf("one sweep deleted bob's grant: %d grants", grants())
	}
	if n, err := e.proxy.Sweep(context.Background()); n != 1 || err != nil {
		t.Fatalf("the second sweep deleted %d (%v), want bob's grant", n, err)
	}
	if count("pending") != 0 || count("codes") != 0 || count("tokens") != 1 || grants() != 1 {
		t.Fatalf("after: %d pending, %d codes, %d tokens, %d grants; want 0, 0, 1, 1", count("pending"), count("codes"), count("tokens"), grants())
	}
	status, fresh := e.tokenCall(t, url.Values{"grant_type": {"refresh_token"}, "client_id": {clientID}, "refresh_token": {tok["refresh_token"].(string)}})
	if status != http.StatusOK || fresh["access_token"] == "" {
		t.Fatalf("refresh after the sweep: %d %v", status, fresh)
	}
}
