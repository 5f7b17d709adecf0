package caddymodule

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/caddyserver/certmagic"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/oauth"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox/oauthserver"

	_ "github.com/caddyserver/caddy/v2/modules/filestorage" // the file_system storage module
)

const (
	setupClientID = "setup-client"
	setupSecret   = "setup-SECRET-value-123"
)

var setupSites = []oauthserver.Site{
	{ID: "cloud-one", Name: "one", URL: "https://one.atlassian.net"},
	{ID: "cloud-two", Name: "two", URL: "https://two.atlassian.net"},
}

func setupAuthServer(t *testing.T) (*oauthserver.Server, *httptest.Server) {
	t.Helper()
	srv := oauthserver.New(oauthserver.Config{ClientID: setupClientID, ClientSecret: setupSecret, Sites: setupSites})
	h := httptest.NewServer(srv)
	t.Cleanup(h.Close)
	return srv, h
}

func freeLoopbackPort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// watchOutput copies the command's output into a buffer and calls onURL
// with the authorize URL once it is printed.
type watchedOutput struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (w *watchedOutput) String() string { w.mu.Lock(); defer w.mu.Unlock(); return w.buf.String() }

func watchOutput(r io.Reader, onURL func(string)) (*watchedOutput, <-chan struct{}) {
	w := new(watchedOutput)
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(r)
		seen := false
		for sc.Scan() {
			line := sc.Text()
			w.mu.Lock()
			w.buf.WriteString(line + "\n")
			w.mu.Unlock()
			if u := strings.TrimSpace(line); !seen && strings.Contains(u, oauthserver.AuthorizePath+"?") {
				seen = true
				go onURL(u)
			}
		}
	}()
	return w, done
}

func assertNoSetupSecrets(t *testing.T, out string, g *oauth.Grant) {
	t.Helper()
	for _, s := range []string{setupSecret, g.Token.AccessToken, g.Token.RefreshToken} {
		if strings.Contains(out, s) {
			t.Fatalf("output leaks a secret:\n%s", out)
		}
	}
}

// TestOAuthSetupCommandWithCallback runs the real command: flags and
// ATLASSIAN_OAUTH_* defaults, a Caddyfile naming the storage, the local
// callback server, and a "browser" that follows the authorize redirect.
func TestOAuthSetupCommandWithCallback(t *testing.T) {
	srv, h := setupAuthServer(t)
	dir := t.TempDir()
	caddyfile := filepath.Join(dir, "Caddyfile")
	storeDir := filepath.Join(dir, "storage")
	if err := os.WriteFile(caddyfile, []byte("{\n\tstorage file_system "+storeDir+"\n}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	redirect := "http://127.0.0.1:" + strconv.Itoa(freeLoopbackPort(t)) + "/callback"
	t.Setenv("ATLASSIAN_OAUTH_CLIENT_ID", setupClientID)
	t.Setenv("ATLASSIAN_OAUTH_CLIENT_SECRET", setupSecret)
	t.Setenv("ATLASSIAN_OAUTH_REDIRECT_URI", redirect)
	t.Setenv("ATLASSIAN_OAUTH_SCOPE", "read:jira-work offline_access")
	t.Setenv("ATLASSIAN_OAUTH_CLOUD_ID", "")

	pr, pw := io.Pipe()
	browser := make(chan string, 1)
	out, outDone := watchOutput(pr, func(u string) {
		resp, err := http.Get(u) // follows the redirect to the command's callback
		if err != nil {
			browser <- err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		browser <- string(b)
	})
	oauthSetupIn, oauthSetupOut = strings.NewReader(""), pw
	t.Cleanup(func() { oauthSetupIn, oauthSetupOut = os.Stdin, os.Stdout })

	cmd := newOAuthSetupCommand()
	cmd.SetArgs([]string{
		"--config", caddyfile, "--cloud-id", "two.atlassian.net", "--pkce", "--timeout", "30s",
		"--auth-url", h.URL + oauthserver.AuthorizePath,
		"--token-url", h.URL + oauthserver.TokenPath,
		"--resources-url", h.URL + oauthserver.ResourcesPath,
	})
	err := cmd.Execute()
	pw.Close()
	<-outDone
	if err != nil {
		t.Fatalf("oauth-setup: %v\n%s", err, out)
	}
	if page := <-browser; !strings.Contains(page, "Access approved") {
		t.Fatalf("callback page: %s", page)
	}

	g, err := oauth.LoadGrant(context.Background(), &certmagic.FileStorage{Path: storeDir}, setupClientID, oauth.DefaultGrant)
	if err != nil {
		t.Fatal(err)
	}
	if g.CloudID != "cloud-two" || g.Token.RefreshToken == "" {
		t.Fatalf("stored grant %v", g)
	}
	if _, ok := srv.ValidateSite(g.Token.AccessToken, "cloud-two"); !ok {
		t.Fatal("stored access token not accepted")
	}
	text := out.String()
	assertNoSetupSecrets(t, text, g)
	for _, want := range []string{"ATLASSIAN_OAUTH_CLOUD_ID=cloud-two", "FileStorage:" + storeDir, "ATLASSIAN_OAUTH_CLIENT_SECRET=<the app's client secret>"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
}

// TestOAuthSetupPastedURL covers a redirect URI that is not on this
// machine: the user pastes the URL the browser landed on, then picks one
// of several sites. The storage comes from a JSON config.
func TestOAuthSetupPastedURL(t *testing.T) {
	srv, h := setupAuthServer(t)
	dir := t.TempDir()
	config := filepath.Join(dir, "caddy.json")
	if err := os.WriteFile(config, []byte(`{"storage":{"module":"file_system","root":`+strconv.Quote(dir)+`}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	out, outDone := watchOutput(outR, func(u string) {
		resp, err := noFollow.Get(u)
		if err != nil {
			inW.CloseWithError(err)
			return
		}
		resp.Body.Close()
		io.WriteString(inW, resp.Header.Get("Location")+"\n")
		io.WriteString(inW, "2\n") // the site prompt
	})
	s := oauthSetup{
		configFile: config,
		app: oauth.Config{
			ClientID: setupClientID, ClientSecret: setupSecret, RedirectURI: "https://app.example/callback",
			AuthURL: h.URL + oauthserver.AuthorizePath, TokenURL: h.URL + oauthserver.TokenPath, ResourcesURL: h.URL + oauthserver.ResourcesPath,
		},
		timeout: 30 * time.Second,
	}
	err := runOAuthSetup(context.Background(), s, inR, outW)
	outW.Close()
	<-outDone
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	g, err := oauth.LoadGrant(context.Background(), &certmagic.FileStorage{Path: dir}, setupClientID, oauth.DefaultGrant)
	if err != nil || g.CloudID != "cloud-two" {
		t.Fatalf("grant %v, %v", g, err)
	}
	if _, _, ok := srv.Validate(g.Token.AccessToken); !ok {
		t.Fatal("stored token rejected")
	}
	assertNoSetupSecrets(t, out.String(), g)
	if !strings.Contains(out.String(), "2) two") {
		t.Errorf("sites not listed:\n%s", out)
	}
}

func TestOAuthSetupRefusals(t *testing.T) {
	_, h := setupAuthServer(t)
	dir := t.TempDir()
	config := filepath.Join(dir, "caddy.json")
	if err := os.WriteFile(config, []byte(`{"storage":{"module":"file_system","root":`+strconv.Quote(dir)+`}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	base := oauth.Config{
		ClientID: setupClientID, ClientSecret: setupSecret, RedirectURI: "https://app.example/callback",
		AuthURL: h.URL + oauthserver.AuthorizePath, TokenURL: h.URL + oauthserver.TokenPath, ResourcesURL: h.URL + oauthserver.ResourcesPath,
	}
	run := func(app oauth.Config, code, stdin string) (string, error) {
		var out strings.Builder
		err := runOAuthSetup(context.Background(), oauthSetup{configFile: config, app: app, code: code, timeout: 10 * time.Second}, strings.NewReader(stdin), &out)
		return out.String(), err
	}

	noSecret := base
	noSecret.ClientSecret = ""
	if _, err := run(noSecret, "x", ""); err == nil || !strings.Contains(err.Error(), "client secret") {
		t.Errorf("missing secret: %v", err)
	}
	noOffline := base
	noOffline.Scopes = []string{"read:jira-work"}
	if _, err := run(noOffline, "x", ""); err == nil || !strings.Contains(err.Error(), "offline_access") {
		t.Errorf("no offline_access: %v", err)
	}
	out, err := run(base, "not-a-code", "")
	if !errors.Is(err, oauth.ErrInvalidGrant) || strings.Contains(err.Error()+out, setupSecret) {
		t.Errorf("bad code: %v\n%s", err, out)
	}
	if out, err = run(base, "", "https://app.example/callback?code=abc&state=forged\n"); err == nil || !strings.Contains(err.Error(), "state") {
		t.Errorf("forged state: %v\n%s", err, out)
	}
	if _, err = run(base, "", "https://app.example/callback?error=access_denied\n"); err == nil || !strings.Contains(err.Error(), "access_denied") {
		t.Errorf("denied: %v", err)
	}
}
