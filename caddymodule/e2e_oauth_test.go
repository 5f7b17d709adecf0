package caddymodule_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/caddyserver/caddy/v2/caddyconfig"
	caddycmd "github.com/caddyserver/caddy/v2/cmd"
	"github.com/caddyserver/certmagic"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/oauth"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox/oauthserver"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/internal/contract"
	"github.com/spf13/cobra"

	_ "github.com/caddyserver/caddy/v2/modules/filestorage" // storage file_system
)

const (
	e2eOAuthClient = "e2e-oauth-app"
	e2eOAuthSecret = "e2e-oauth-SECRET-4f9a1c"
	e2eOAuthScope  = "read:jira-work write:jira-work read:confluence-content.all offline_access"
)

// oauthUpstream is a Cloud sandbox with its OAuth 2.0 (3LO) server on the
// same host, over real HTTP behind the contract recorder. It keeps every
// token its token endpoint issues, so tests can look for them where they
// must not be.
type oauthUpstream struct {
	*upstream
	mu     sync.Mutex
	issued []string
}

func (u *oauthUpstream) tokens() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]string(nil), u.issued...)
}

// startOAuthUpstream starts it with access tokens living lifetime and no
// leeway for a rotated refresh token: presenting one twice revokes the
// grant, so any lost rotation shows.
func startOAuthUpstream(t *testing.T, lifetime time.Duration) *oauthUpstream {
	t.Helper()
	u := &oauthUpstream{upstream: &upstream{}}
	u.sandbox = sandbox.New(sandbox.Options{
		Deployment: atlassian.Cloud,
		Observe: func(o sandbox.Observation) {
			u.upstream.mu.Lock()
			u.obs = append(u.obs, o)
			u.upstream.mu.Unlock()
		},
		OAuth: oauthserver.Config{ClientID: e2eOAuthClient, ClientSecret: e2eOAuthSecret, AccessTokenLifetime: lifetime, ReuseGrace: -1},
	})
	var handler http.Handler = u.sandbox
	if v := contract.Optional(t); v != nil {
		allow := append(contract.Undocumented(sandbox.Routes(atlassian.Cloud)), allowedOffContract...)
		// auth.atlassian.com's endpoints are not in the REST documents.
		allow = append(allow, "GET "+oauthserver.AuthorizePath, "POST "+oauthserver.TokenPath, "GET "+oauthserver.ResourcesPath)
		u.recorder = v.Middleware(u.sandbox, atlassian.Cloud, allow...)
		handler = u.recorder
	}
	inner := handler
	handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != oauthserver.TokenPath {
			inner.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		inner.ServeHTTP(rec, r)
		var tok struct{ AccessToken, RefreshToken string }
		var raw map[string]any
		if json.Unmarshal(rec.Body.Bytes(), &raw) == nil {
			tok.AccessToken, _ = raw["access_token"].(string)
			tok.RefreshToken, _ = raw["refresh_token"].(string)
		}
		u.mu.Lock()
		for _, s := range []string{tok.AccessToken, tok.RefreshToken} {
			if s != "" {
				u.issued = append(u.issued, s)
			}
		}
		u.mu.Unlock()
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	})
	u.Server = httptest.NewServer(handler)
	t.Cleanup(func() {
		u.Server.Close()
		if u.recorder != nil {
			u.recorder.Check(t)
		}
	})
	return u
}

var noFollow = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// runWizard runs `caddy mcp-atlassian oauth-setup --config caddyfile` from
// Caddy's command registry, with a code the sandbox's authorize gave user,
// so the default grant lands in the storage the Caddyfile names.
func runWizard(t *testing.T, u *oauthUpstream, caddyfile, user string) {
	t.Helper()
	redirect := "http://127.0.0.1:9/callback" // never reached: the code is taken from the redirect
	q := url.Values{"client_id": {e2eOAuthClient}, "redirect_uri": {redirect}, "response_type": {"code"},
		"scope": {e2eOAuthScope}, "state": {"st"}, "login_hint": {user}}
	resp, err := noFollow.Get(u.URL + oauthserver.AuthorizePath + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || loc == nil || loc.Query().Get("code") == "" {
		t.Fatalf("authorize: %d %v", resp.StatusCode, loc)
	}
	cmd, ok := caddycmd.Commands()["mcp-atlassian"]
	if !ok {
		t.Fatal("caddy mcp-atlassian is not registered")
	}
	root := &cobra.Command{Use: "mcp-atlassian"}
	cmd.CobraFunc(root)
	t.Setenv("ATLASSIAN_OAUTH_CLIENT_SECRET", e2eOAuthSecret) // as documented: not a flag
	root.SetArgs([]string{"oauth-setup", "--config", caddyfile, "--client-id", e2eOAuthClient,
		"--redirect-uri", redirect, "--scope", e2eOAuthScope, "--code", loc.Query().Get("code"),
		"--auth-url", u.URL + oauthserver.AuthorizePath, "--token-url", u.URL + oauthserver.TokenPath,
		"--resources-url", u.URL + oauthserver.ResourcesPath})
	if err := root.Execute(); err != nil {
		t.Fatalf("oauth-setup: %v", err)
	}
}

// oauthSite is one Caddy site serving MCP with the server's OAuth grant.
func oauthSite(port int, gateway, logFile string) string {
	return fmt.Sprintf(`http://127.0.0.1:%d {
	log {
		output file %s
	}
	mcp_atlassian /mcp* {
		gateway_url %[3]s
		allow_global_credentials
		oauth {
			client_id %[4]s
			client_secret {env.E2E_OAUTH_SECRET}
			auth_url %[3]s/authorize
			token_url %[3]s/oauth/token
			resources_url %[3]s/oauth/token/accessible-resources
		}
	}
	respond 404
}
`, port, logFile, gateway, e2eOAuthClient)
}

func globalOptions(storeDir, logFile string) string {
	return fmt.Sprintf(`{
	admin off
	auto_https off
	persist_config off
	storage file_system %s
	log {
		output file %s
		level DEBUG
	}
}
`, storeDir, logFile)
}

// writeCaddyfile writes the Caddyfile and checks that adapting it, which
// is what Caddy's autosave and admin API hold, keeps the secret out.
func writeCaddyfile(t *testing.T, dir, content string) string {
	t.Helper()
	path := filepath.Join(dir, "Caddyfile")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	adapted, _, err := caddyconfig.GetAdapter("caddyfile").Adapt([]byte(content), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(adapted), `"client_secret":"{env.E2E_OAUTH_SECRET}"`) {
		t.Errorf("adapted config lacks the placeholder: %s", adapted)
	}
	assertNoSecrets(t, "the adapted config", string(adapted), []string{e2eOAuthSecret})
	return path
}

func assertNoSecrets(t *testing.T, where, text string, secrets []string) {
	t.Helper()
	for _, s := range secrets {
		if s != "" && strings.Contains(text, s) {
			i := strings.Index(text, s)
			t.Errorf("%s contains a secret (%.8s…) near %q", where, s, text[max(0, i-120):i])
		}
	}
}

func assertLogsClean(t *testing.T, logFile string, secrets []string) {
	t.Helper()
	logs, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(logs), `"msg":"tool call"`) {
		t.Fatalf("no tool-call log line in %s", logs)
	}
	assertNoSecrets(t, "the log", string(logs), secrets)
}

// TestOAuthServerGrant: the wizard's grant in a storage dir → a Caddy
// configured with the oauth block serves Jira and Confluence tools through
// the gateway, as the grant's user, for requests without credentials. The
// stored access token is made stale first, so the first call gets
// Atlassian's 401, refreshes once and retries.
func TestOAuthServerGrant(t *testing.T) {
	clearOAuthEnv(t)
	t.Setenv("E2E_OAUTH_SECRET", e2eOAuthSecret)
	u := startOAuthUpstream(t, time.Hour)
	dir := t.TempDir()
	storeDir, logFile := filepath.Join(dir, "storage"), filepath.Join(dir, "caddy.log")
	port := freePort(t)
	cf := writeCaddyfile(t, dir, globalOptions(storeDir, logFile)+oauthSite(port, u.URL, logFile))
	runWizard(t, u, cf, "bob")

	store := &certmagic.FileStorage{Path: storeDir}
	ctx := context.Background()
	g, err := oauth.LoadGrant(ctx, store, e2eOAuthClient, oauth.DefaultGrant)
	if err != nil || g.CloudID != sandbox.DefaultCloudID {
		t.Fatalf("wizard grant %v, %v", g, err)
	}
	g.Token.AccessToken = "revoked-access-token"
	if err := oauth.ReplaceGrant(ctx, store, e2eOAuthClient, oauth.DefaultGrant, g); err != nil {
		t.Fatal(err)
	}

	startCaddy(t, readFile(t, cf))
	cs := connect(t, fmt.Sprintf("http://127.0.0.1:%d/mcp", port), nil)
	if n := len(toolNames(t, cs)); n != len(allTools()) {
		t.Errorf("the grant should reach both products: %d tools, want %d", n, len(allTools()))
	}
	var outputs []string
	issue := mustCall(t, cs, "jira_get_issue", map[string]any{"issue_key": "DEMO-1"})
	comment := mustCall(t, cs, "jira_add_comment", map[string]any{"issue_key": "DEMO-1", "body": "via the server's grant"})
	if got := dig(comment.json, "author", "display_name"); got != "Bob Builder" {
		t.Errorf("comment author %v, want the grant's user", got)
	}
	pages := mustCall(t, cs, "confluence_search", map[string]any{"query": "type = page", "limit": 2})
	outputs = append(outputs, issue.text, comment.text, pages.text)

	if s := u.sandbox.OAuth().Stats(); s.Refreshes != 1 || s.InvalidGrants != 0 {
		t.Errorf("stats %+v: want exactly one refresh (the stale token), no invalid_grant", s)
	}
	var refused, served int
	for _, o := range u.observations() {
		switch {
		case !o.Gateway:
			t.Errorf("%s %s did not go through the gateway", o.Method, o.Path)
		case o.Status == http.StatusUnauthorized:
			refused++
		case o.User == "bob":
			served++
		default:
			t.Errorf("%s %s as %q → %d", o.Method, o.Path, o.User, o.Status)
		}
	}
	if refused != 1 || served < 3 {
		t.Errorf("gateway: %d refused (want the one stale token), %d served as bob", refused, served)
	}
	secrets := append(u.tokens(), e2eOAuthSecret)
	assertNoSecrets(t, "tool output", strings.Join(outputs, "\n"), secrets)
	assertLogsClean(t, logFile, secrets)
}

// TestOAuthTwoInstancesShareGrant: two mcp_atlassian handlers on two ports
// (each with its own token sources, as two instances have) share one
// file_system storage and one grant whose access tokens live 2 s, and
// hammer tool calls for 10 s. Atlassian's rule (here without leeway: a
// rotated refresh token presented again revokes the grant) must never
// fire, and no call may fail.
func TestOAuthTwoInstancesShareGrant(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for 10 s")
	}
	clearOAuthEnv(t)
	t.Setenv("E2E_OAUTH_SECRET", e2eOAuthSecret)
	u := startOAuthUpstream(t, 2*time.Second)
	dir := t.TempDir()
	storeDir, logFile := filepath.Join(dir, "storage"), filepath.Join(dir, "caddy.log")
	ports := []int{freePort(t), freePort(t)}
	cf := writeCaddyfile(t, dir, globalOptions(storeDir, logFile)+oauthSite(ports[0], u.URL, logFile)+oauthSite(ports[1], u.URL, logFile))
	runWizard(t, u, cf, "alice")
	startCaddy(t, readFile(t, cf))

	hammerSharedGrant(t, u, ports, "two instances")
	assertLogsClean(t, logFile, append(u.tokens(), e2eOAuthSecret))
}

// hammerSharedGrant calls jira_get_issue from three clients per port for
// 10 s and checks that no call failed, that the grant was refreshed
// several times (the tokens live 2 s) and that no refresh token was ever
// presented twice.
func hammerSharedGrant(t *testing.T, u *oauthUpstream, ports []int, what string) {
	t.Helper()
	const workersPerPort = 3
	const maxCallsPerWorker = 2000 // a bound; the deadline ends the loop first
	deadline := time.Now().Add(10 * time.Second)
	var ok, failed atomic.Int64
	var firstErr sync.Once
	var wg sync.WaitGroup
	for _, port := range ports {
		for range workersPerPort {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cs := connect(t, fmt.Sprintf("http://127.0.0.1:%d/mcp", port), nil)
				for i := 0; i < maxCallsPerWorker && time.Now().Before(deadline); i++ {
					r := call(t, cs, "jira_get_issue", map[string]any{"issue_key": "DEMO-1", "fields": "summary"})
					if r.isError {
						failed.Add(1)
						firstErr.Do(func() { t.Errorf("tool call failed on :%d: %s", port, r.text) })
						continue
					}
					ok.Add(1)
				}
			}()
		}
	}
	wg.Wait()
	s := u.sandbox.OAuth().Stats()
	t.Logf("%s, 10 s, 2 s tokens: %d calls ok, %d failed; sandbox %+v", what, ok.Load(), failed.Load(), s)
	if failed.Load() != 0 || ok.Load() == 0 {
		t.Errorf("%d calls failed, %d succeeded", failed.Load(), ok.Load())
	}
	if s.InvalidGrants != 0 || s.RevokedGrants != 0 {
		t.Errorf("a refresh token was presented twice: %+v", s)
	}
	// 10 s of 2 s tokens cannot be served without refreshing several times.
	if s.Refreshes < 3 {
		t.Errorf("only %d refreshes in 10 s of 2 s tokens", s.Refreshes)
	}
}

// TestOAuthProxyFlow: an MCP client without a token gets 401 pointing at
// the resource metadata, registers, signs its user in through the
// sandbox's auto-approving authorize, redeems the code, and its calls run
// as that Atlassian user. mcp_atlassian is mounted without a path matcher;
// paths that are neither MCP nor OAuth go on to the next handler.
func TestOAuthProxyFlow(t *testing.T) {
	clearOAuthEnv(t)
	t.Setenv("E2E_OAUTH_SECRET", e2eOAuthSecret)
	u := startOAuthUpstream(t, time.Hour)
	dir := t.TempDir()
	storeDir, logFile := filepath.Join(dir, "storage"), filepath.Join(dir, "caddy.log")
	port := freePort(t)
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	// The access log filter of Caddyfile.example's setup 4.
	cf := writeCaddyfile(t, dir, globalOptions(storeDir, logFile)+fmt.Sprintf(`%[1]s {
	log {
		output file %[2]s
		format filter {
			request>uri query {
				replace code REDACTED
			}
			resp_headers>Location query {
				replace code REDACTED
			}
		}
	}
	mcp_atlassian {
		gateway_url %[3]s
		oauth {
			client_id %[4]s
			client_secret {env.E2E_OAUTH_SECRET}
			redirect_uri %[1]s/callback
			scope %[5]s
			auth_url %[3]s/authorize
			token_url %[3]s/oauth/token
			resources_url %[3]s/oauth/token/accessible-resources
			proxy {
				registrations_per_minute 2
				authorizations_per_minute 1
			}
		}
	}
	respond "next handler" 404
}
`, base, logFile, u.URL, e2eOAuthClient, e2eOAuthScope))
	startCaddy(t, readFile(t, cf))
	endpoint := base + "/mcp"

	// Without a token: 401 with the RFC 9728 pointer.
	resp := postJSON(t, endpoint, nil, `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`)
	challenge := resp.Header.Get("WWW-Authenticate")
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(challenge, `resource_metadata="`+base+`/.well-known/oauth-protected-resource/mcp"`) {
		t.Fatalf("no token: %d, WWW-Authenticate %q", resp.StatusCode, challenge)
	}
	prm := getJSONMap(t, base+"/.well-known/oauth-protected-resource/mcp")
	if prm["resource"] != endpoint || prm["authorization_servers"].([]any)[0] != base {
		t.Fatalf("protected resource metadata %v", prm)
	}
	asm := getJSONMap(t, base+"/.well-known/oauth-authorization-server")
	if asm["registration_endpoint"] != base+"/register" || asm["token_endpoint"] != base+"/token" {
		t.Fatalf("authorization server metadata %v", asm)
	}
	if r, err := http.Get(base + "/elsewhere"); err != nil || r.StatusCode != 404 || readBody(r) != "next handler" {
		t.Fatalf("other paths should go to the next handler: %v", err)
	}

	// Register, sign carol in, redeem the code.
	clientRedirect := "http://127.0.0.1:5555/cb"
	reg := postJSON(t, base+"/register", nil, `{"redirect_uris":["`+clientRedirect+`"],"client_name":"e2e"}`)
	var client struct {
		ClientID string `json:"client_id"`
	}
	if err := json.NewDecoder(reg.Body).Decode(&client); err != nil || reg.StatusCode != http.StatusCreated {
		t.Fatalf("register: %d %v", reg.StatusCode, err)
	}
	// Registration is bounded: a name too long is refused, and this
	// address's two registrations a minute are spent.
	long := postJSON(t, base+"/register", nil, `{"redirect_uris":["`+clientRedirect+`"],"client_name":"`+strings.Repeat("n", 201)+`"}`)
	if body := readBody(long); long.StatusCode != http.StatusBadRequest || !strings.Contains(body, `"invalid_client_metadata"`) {
		t.Fatalf("a too long client_name: %d %s", long.StatusCode, body)
	}
	if again := postJSON(t, base+"/register", nil, `{"redirect_uris":["`+clientRedirect+`"]}`); again.StatusCode != http.StatusTooManyRequests || again.Header.Get("Retry-After") == "" {
		t.Fatalf("a third registration in a minute: %d, Retry-After %q", again.StatusCode, again.Header.Get("Retry-After"))
	}
	verifier := "e2e-verifier-0123456789-0123456789-0123456789"
	sum := sha256.Sum256([]byte(verifier))
	q := url.Values{"client_id": {client.ClientID}, "redirect_uri": {clientRedirect}, "response_type": {"code"},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"},
		"state": {"client-state"}, "resource": {endpoint}}
	var hops []string
	var upstreamCode string
	browser := &http.Client{CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		hops = append(hops, req.URL.Host+req.URL.Path)
		if req.URL.Path == "/callback" {
			upstreamCode = req.URL.Query().Get("code")
		}
		if req.URL.Host == "127.0.0.1:5555" {
			return http.ErrUseLastResponse // the client's own redirect: done
		}
		if req.URL.Path == oauthserver.AuthorizePath && req.URL.Query().Get("login_hint") == "" {
			v := req.URL.Query()
			v.Set("login_hint", "carol") // the user signing in at "Atlassian"
			req.URL.RawQuery = v.Encode()
		}
		return nil
	}}
	r, err := browser.Get(base + "/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	back, _ := url.Parse(r.Header.Get("Location"))
	if r.StatusCode != http.StatusFound || back.Query().Get("code") == "" || back.Query().Get("state") != "client-state" || upstreamCode == "" {
		t.Fatalf("sign-in ended with %d at %v after %v", r.StatusCode, back, hops)
	}
	// That was this address's one sign-in a minute: the next is sent back
	// to the client with RFC 6749's temporarily_unavailable.
	r, err = noFollow.Get(base + "/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	busy, _ := url.Parse(r.Header.Get("Location"))
	if r.StatusCode != http.StatusFound || busy.Query().Get("error") != "temporarily_unavailable" || busy.Query().Get("state") != "client-state" {
		t.Fatalf("a second sign-in in a minute: %d at %v", r.StatusCode, busy)
	}
	form := url.Values{"grant_type": {"authorization_code"}, "client_id": {client.ClientID}, "code": {back.Query().Get("code")},
		"redirect_uri": {clientRedirect}, "code_verifier": {verifier}}
	tr, err := http.PostForm(base+"/token", form)
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
	}
	if err := json.NewDecoder(tr.Body).Decode(&tok); err != nil || tr.StatusCode != 200 || tok.AccessToken == "" {
		t.Fatalf("token: %d %v", tr.StatusCode, err)
	}
	tr.Body.Close()

	// MCP calls act as carol.
	cs := connect(t, endpoint, http.Header{"Authorization": {"Bearer " + tok.AccessToken}})
	if n := len(toolNames(t, cs)); n != len(allTools()) {
		t.Errorf("signed-in user sees %d tools, want %d", n, len(allTools()))
	}
	comment := mustCall(t, cs, "jira_add_comment", map[string]any{"issue_key": "DEMO-2", "body": "signed in through the proxy"})
	if got := dig(comment.json, "author", "display_name"); got != "Carol Reviewer" {
		t.Errorf("comment author %v, want Carol Reviewer", got)
	}
	sawCarol := false
	for _, o := range u.observations() {
		if o.Gateway && o.User == "carol" && o.Status < 300 {
			sawCarol = true
		}
		if o.User != "" && o.User != "carol" {
			t.Errorf("%s %s ran as %s", o.Method, o.Path, o.User)
		}
	}
	if !sawCarol {
		t.Error("no gateway call ran as carol")
	}

	// A token we did not issue: 401 with the challenge again.
	resp = postJSON(t, endpoint, http.Header{"Authorization": {"Bearer mcpat-forged"}}, `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`)
	if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("WWW-Authenticate") != challenge {
		t.Errorf("forged token: %d %q", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
	}

	// carol revokes the app at Atlassian: the call that meets it fails (its
	// refresh gets invalid_grant and the grant is deleted), the next
	// request gets the 401 that sends the client to sign in again, and
	// its refresh token no longer works.
	if n := u.sandbox.OAuth().RevokeUser("carol"); n != 1 {
		t.Fatalf("revoked %d grants", n)
	}
	revoked := mustFail(t, cs, "jira_get_issue", map[string]any{"issue_key": "DEMO-2"}, "invalid_grant")
	resp = postJSON(t, endpoint, http.Header{"Authorization": {"Bearer " + tok.AccessToken}}, `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`)
	if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("WWW-Authenticate") != challenge {
		t.Errorf("after the revocation: %d %q", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
	}
	rr, err := http.PostForm(base+"/token", url.Values{"grant_type": {"refresh_token"}, "client_id": {client.ClientID}, "refresh_token": {tok.RefreshToken}})
	if err != nil {
		t.Fatal(err)
	}
	if body := readBody(rr); rr.StatusCode != http.StatusBadRequest || !strings.Contains(body, `"invalid_grant"`) {
		t.Errorf("the client's refresh after the revocation: %d %s", rr.StatusCode, body)
	}

	secrets := append(u.tokens(), e2eOAuthSecret, tok.AccessToken, tok.RefreshToken, upstreamCode, back.Query().Get("code"))
	assertNoSecrets(t, "tool output", comment.text+revoked.text, secrets)
	assertLogsClean(t, logFile, secrets)
	// Storage holds the Atlassian pair (it must, to refresh) but never the
	// client secret or the MCP client's tokens.
	filepath.Walk(storeDir, func(path string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			b, _ := os.ReadFile(path)
			assertNoSecrets(t, path, path+string(b), []string{e2eOAuthSecret, tok.AccessToken, tok.RefreshToken})
		}
		return nil
	})
}

func clearOAuthEnv(t *testing.T) {
	for _, k := range []string{"ATLASSIAN_OAUTH_CLIENT_ID", "ATLASSIAN_OAUTH_CLIENT_SECRET", "ATLASSIAN_OAUTH_REDIRECT_URI",
		"ATLASSIAN_OAUTH_SCOPE", "ATLASSIAN_OAUTH_CLOUD_ID", "ATLASSIAN_OAUTH_ACCESS_TOKEN", "ATLASSIAN_OAUTH_ENABLE",
		"ATLASSIAN_OAUTH_PROXY_ENABLE", "PUBLIC_BASE_URL", "ATLASSIAN_OAUTH_ALLOWED_CLIENT_REDIRECT_URIS",
		"JIRA_URL", "CONFLUENCE_URL", "ALLOW_GLOBAL_CRED_FALLBACK"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func readBody(r *http.Response) string {
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	return string(b)
}

func postJSON(t *testing.T, u string, header http.Header, body string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func getJSONMap(t *testing.T, u string) map[string]any {
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

// TestOAuthBYOT: a configured access token (ATLASSIAN_OAUTH_ACCESS_TOKEN)
// is a static bearer for the gateway; when Atlassian refuses it, the tool
// error says it cannot be refreshed, without showing it.
func TestOAuthBYOT(t *testing.T) {
	clearOAuthEnv(t)
	u := startOAuthUpstream(t, time.Hour)
	logFile := filepath.Join(t.TempDir(), "caddy.log")
	for _, tc := range []struct{ token, user string }{{"alice-oauth-token", "alice"}, {"expired-byot-token", ""}} {
		t.Run(tc.token, func(t *testing.T) {
			t.Setenv("ATLASSIAN_OAUTH_ACCESS_TOKEN", tc.token)
			t.Setenv("ATLASSIAN_OAUTH_CLOUD_ID", sandbox.DefaultCloudID)
			port := freePort(t)
			startCaddy(t, fmt.Sprintf(`{
	admin off
	auto_https off
	persist_config off
	log {
		output file %s
		level DEBUG
	}
}
http://127.0.0.1:%d {
	mcp_atlassian /mcp* {
		gateway_url %s
		allow_global_credentials
	}
}
`, logFile, port, u.URL))
			cs := connect(t, fmt.Sprintf("http://127.0.0.1:%d/mcp", port), nil)
			if tc.user == "" {
				r := mustFail(t, cs, "jira_get_issue", map[string]any{"issue_key": "DEMO-1"}, "401", "cannot be refreshed")
				assertNoSecrets(t, "tool error", r.text, []string{tc.token})
				return
			}
			mustCall(t, cs, "jira_get_issue", map[string]any{"issue_key": "DEMO-1"})
			obs := u.observations()
			if last := obs[len(obs)-1]; !last.Gateway || last.User != tc.user {
				t.Errorf("last upstream call %+v, want %s through the gateway", last, tc.user)
			}
		})
	}
	assertLogsClean(t, logFile, []string{"alice-oauth-token", "expired-byot-token"})
}
