package caddymodule

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/caddyserver/caddy/v2"
	caddycmd "github.com/caddyserver/caddy/v2/cmd"
	"github.com/caddyserver/certmagic"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/oauth"
	"github.com/spf13/cobra"
)

// `caddy mcp-atlassian oauth-setup` is mcp-atlassian's --oauth-setup
// wizard: it obtains an Atlassian OAuth 2.0 (3LO) grant and writes it to the
// storage the server's config uses (Caddy's storage, so every instance of a
// cluster sees it), where the server's TokenSource refreshes it.

func init() {
	mcpAtlassianSubcommands = append(mcpAtlassianSubcommands, newOAuthSetupCommand)
}

// Stdin and stdout of the wizard, replaceable in tests.
var (
	oauthSetupIn  io.Reader = os.Stdin
	oauthSetupOut io.Writer = os.Stdout
)

func newOAuthSetupCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "oauth-setup [--config <path> [--adapter <name>]] [--client-id <id>] [--client-secret <secret>] [--redirect-uri <uri>] [--scope <scopes>] [--cloud-id <site>] [--code <code>]",
		Short: "Obtains an Atlassian OAuth 2.0 (3LO) grant and stores it in Caddy's storage",
		Long: `
Runs the OAuth 2.0 (3LO) consent flow for an Atlassian Cloud app and stores
the resulting token pair in the storage configured by --config (the same
storage the server uses; Caddy's default storage without one). The server
refreshes it from there; Atlassian rotates refresh tokens, and instances
sharing the storage take turns.

The app is created in the Atlassian developer console. Its values default to
the environment variables mcp-atlassian reads:
  --client-id      ATLASSIAN_OAUTH_CLIENT_ID
  --client-secret  ATLASSIAN_OAUTH_CLIENT_SECRET (prefer the variable: flags
                   are visible in the process list)
  --redirect-uri   ATLASSIAN_OAUTH_REDIRECT_URI, else http://localhost:8080/callback
  --scope          ATLASSIAN_OAUTH_SCOPE, else the Jira and Confluence
                   read/write scopes; offline_access is required
  --cloud-id       ATLASSIAN_OAUTH_CLOUD_ID: the site to use (cloud id, URL
                   or name); asked for when the grant reaches several sites

The command prints the URL to open in a browser. If the redirect URI is on
localhost or 127.0.0.1, it catches the redirect on that port (loopback only);
otherwise paste the code, or the whole URL the browser was sent to. With
--code, an already obtained code is exchanged and no URL is printed.
`,
		RunE: caddycmd.WrapCommandFuncForCobra(cmdOAuthSetup),
	}
	f := cmd.Flags()
	f.StringP("config", "c", "", "Configuration file whose storage receives the grant")
	f.StringP("adapter", "a", "", "Name of config adapter to apply")
	f.String("client-id", "", "OAuth app client id (ATLASSIAN_OAUTH_CLIENT_ID)")
	f.String("client-secret", "", "OAuth app client secret (ATLASSIAN_OAUTH_CLIENT_SECRET)")
	f.String("redirect-uri", "", "Callback URL registered for the app (ATLASSIAN_OAUTH_REDIRECT_URI)")
	f.String("scope", "", "Space-separated scopes (ATLASSIAN_OAUTH_SCOPE)")
	f.String("cloud-id", "", "Site to use: cloud id, URL or name (ATLASSIAN_OAUTH_CLOUD_ID)")
	f.String("code", "", "Exchange this authorization code instead of starting the flow")
	f.Bool("pkce", false, "Send a PKCE code challenge (Atlassian does not document it for 3LO)")
	f.Duration("timeout", 5*time.Minute, "How long to wait for the consent")
	f.String("auth-url", "", "Authorize endpoint (default Atlassian Cloud's; for the sandbox)")
	f.String("token-url", "", "Token endpoint (default Atlassian Cloud's; for the sandbox)")
	f.String("resources-url", "", "Accessible-resources endpoint (default Atlassian Cloud's; for the sandbox)")
	return cmd
}

// oauthSetup is what the flags and environment ask for.
type oauthSetup struct {
	configFile, adapter string
	app                 oauth.Config
	site                string
	code                string
	timeout             time.Duration
}

func cmdOAuthSetup(fl caddycmd.Flags) (int, error) {
	env := func(flag, name string) string {
		if v := strings.TrimSpace(fl.String(flag)); v != "" {
			return v
		}
		v, _ := os.LookupEnv(name)
		return strings.TrimSpace(v)
	}
	s := oauthSetup{
		configFile: fl.String("config"),
		adapter:    fl.String("adapter"),
		app: oauth.Config{
			ClientID:     env("client-id", "ATLASSIAN_OAUTH_CLIENT_ID"),
			ClientSecret: env("client-secret", "ATLASSIAN_OAUTH_CLIENT_SECRET"),
			RedirectURI:  env("redirect-uri", "ATLASSIAN_OAUTH_REDIRECT_URI"),
			Scopes:       oauth.ParseScopes(env("scope", "ATLASSIAN_OAUTH_SCOPE")),
			AuthURL:      fl.String("auth-url"),
			TokenURL:     fl.String("token-url"),
			ResourcesURL: fl.String("resources-url"),
			PKCE:         fl.Bool("pkce"),
		},
		site:    env("cloud-id", "ATLASSIAN_OAUTH_CLOUD_ID"),
		code:    strings.TrimSpace(fl.String("code")),
		timeout: fl.Duration("timeout"),
	}
	if err := runOAuthSetup(context.Background(), s, oauthSetupIn, oauthSetupOut); err != nil {
		return caddy.ExitCodeFailedStartup, err
	}
	return caddy.ExitCodeSuccess, nil
}

func runOAuthSetup(ctx context.Context, s oauthSetup, in io.Reader, out io.Writer) error {
	store, where, err := configStorage(s.configFile, s.adapter)
	if err != nil {
		return err
	}
	lines := readLines(in)
	app := &s.app
	if app.RedirectURI == "" {
		app.RedirectURI = oauth.DefaultRedirectURI
	}
	if len(app.Scopes) == 0 {
		app.Scopes = oauth.DefaultScopes
	}
	if app.ClientID == "" {
		app.ClientID = prompt(out, lines, "Client ID: ")
	}
	if app.ClientSecret == "" {
		app.ClientSecret = prompt(out, lines, "Client secret: ")
	}
	if err := app.Validate(); err != nil {
		return fmt.Errorf("%w (set the ATLASSIAN_OAUTH_* variables or the flags)", err)
	}
	if !app.HasOfflineAccess() {
		return errors.New("the scopes must include offline_access, or Atlassian issues no refresh token and the grant dies within the hour")
	}

	if s.timeout <= 0 {
		s.timeout = 5 * time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	code, verifier := s.code, ""
	if code == "" {
		if code, verifier, err = consentFlow(ctx, app, lines, out); err != nil {
			return err
		}
	}
	tok, err := app.Exchange(ctx, code, verifier)
	if err != nil {
		return err
	}
	if tok.RefreshToken == "" {
		return errors.New("Atlassian returned no refresh token; is offline_access allowed for the app?")
	}
	resources, err := app.AccessibleResources(ctx, tok.AccessToken)
	if err != nil {
		return err
	}
	site, err := chooseSite(resources, s.site, lines, out)
	if err != nil {
		return err
	}
	now := time.Now()
	g := &oauth.Grant{Token: *tok, CloudID: site.ID, Obtained: now, Updated: now}
	if err := oauth.ReplaceGrant(ctx, store, app.ClientID, oauth.DefaultGrant, g); err != nil {
		return err
	}

	fmt.Fprintf(out, "\nStored the grant for %s (%s) in %s, key %s.\n", site.Name, site.URL, where, oauth.GrantKey(app.ClientID, oauth.DefaultGrant))
	fmt.Fprintf(out, "The server finds it with these settings (environment, or the handler's oauth block):\n\n")
	fmt.Fprintf(out, "  ATLASSIAN_OAUTH_CLIENT_ID=%s\n", app.ClientID)
	fmt.Fprintf(out, "  ATLASSIAN_OAUTH_CLIENT_SECRET=<the app's client secret>\n")
	fmt.Fprintf(out, "  ATLASSIAN_OAUTH_REDIRECT_URI=%s\n", app.RedirectURI)
	fmt.Fprintf(out, "  ATLASSIAN_OAUTH_SCOPE=%s\n", strings.Join(app.Scopes, " "))
	fmt.Fprintf(out, "  ATLASSIAN_OAUTH_CLOUD_ID=%s\n", site.ID)
	return nil
}

// configStorage loads the storage module of the config, as `caddy storage
// export` does, so the grant lands where the server will look.
func configStorage(configFile, adapter string) (certmagic.Storage, string, error) {
	cfg, _, _, err := caddycmd.LoadConfig(configFile, adapter)
	if err != nil {
		return nil, "", fmt.Errorf("loading config for its storage: %w", err)
	}
	var c struct {
		StorageRaw json.RawMessage `json:"storage,omitempty" caddy:"namespace=caddy.storage inline_key=module"`
	}
	if len(cfg) > 0 {
		if err := json.Unmarshal(cfg, &c); err != nil {
			return nil, "", fmt.Errorf("reading the config's storage: %w", err)
		}
	}
	if c.StorageRaw == nil {
		return caddy.DefaultStorage, describeStorage(caddy.DefaultStorage), nil
	}
	ctx, cancel := caddy.NewContext(caddy.Context{Context: context.Background()})
	defer cancel()
	val, err := ctx.LoadModule(&c, "StorageRaw")
	if err != nil {
		return nil, "", fmt.Errorf("loading the config's storage module: %w", err)
	}
	stor, err := val.(caddy.StorageConverter).CertMagicStorage()
	if err != nil {
		return nil, "", fmt.Errorf("opening the config's storage: %w", err)
	}
	return stor, describeStorage(stor), nil
}

func describeStorage(s certmagic.Storage) string {
	if st, ok := s.(fmt.Stringer); ok {
		return st.String()
	}
	return fmt.Sprintf("%T", s)
}

// consentFlow prints the authorize URL and waits for the code: from the
// local callback when the redirect URI is on this machine, or pasted.
func consentFlow(ctx context.Context, app *oauth.Config, lines <-chan string, out io.Writer) (code, verifier string, err error) {
	state := oauth.NewState()
	if app.PKCE {
		verifier = oauth.NewVerifier()
	}
	redirect, err := url.Parse(app.RedirectURI)
	if err != nil {
		return "", "", fmt.Errorf("parsing redirect URI: %w", err)
	}
	results := make(chan callbackResult, 1)
	if addr, ok := loopbackAddr(redirect); ok {
		stop, err := serveCallback(addr, redirect.Path, results)
		if err != nil {
			return "", "", err
		}
		defer stop()
		fmt.Fprintf(out, "Open this URL in a browser and approve access; the answer comes back to %s:\n\n  %s\n\nWaiting (or paste the code or the URL you were sent to)...\n", addr, app.AuthCodeURL(state, verifier))
	} else {
		fmt.Fprintf(out, "Open this URL in a browser and approve access:\n\n  %s\n\nThen paste the code, or the whole URL you were sent to: ", app.AuthCodeURL(state, verifier))
	}
	for {
		var r callbackResult
		select {
		case <-ctx.Done():
			return "", "", fmt.Errorf("waiting for consent: %w", ctx.Err())
		case r = <-results:
		case line, ok := <-lines:
			if !ok {
				lines = nil // stdin closed: keep waiting for the callback
				continue
			}
			if r = parsePasted(line); r.code == "" && r.err == "" {
				continue
			}
		}
		if r.err != "" {
			return "", "", fmt.Errorf("authorization refused: %s", r.err)
		}
		if r.state != "" && r.state != state {
			return "", "", errors.New("the state in the answer does not match this request; start again")
		}
		return r.code, verifier, nil
	}
}

type callbackResult struct{ code, state, err string }

// parsePasted accepts a bare code or the redirect URL with ?code=&state=.
func parsePasted(line string) callbackResult {
	line = strings.TrimSpace(line)
	if u, err := url.Parse(line); err == nil && u.Scheme != "" {
		q := u.Query()
		return callbackResult{code: q.Get("code"), state: q.Get("state"), err: q.Get("error")}
	}
	return callbackResult{code: line}
}

// loopbackAddr is where to listen for a redirect URI on this machine. It
// binds the loopback interface only: the code must not be reachable from
// the network.
func loopbackAddr(u *url.URL) (string, bool) {
	host := u.Hostname()
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			return "", false // we cannot terminate TLS for it
		}
	}
	switch host {
	case "localhost", "127.0.0.1":
		return net.JoinHostPort("127.0.0.1", port), true
	case "::1":
		return net.JoinHostPort("::1", port), true
	}
	return "", false
}

// serveCallback answers the one redirect and hands its parameters over.
func serveCallback(addr, path string, results chan<- callbackResult) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listening for the OAuth callback on %s: %w", addr, err)
	}
	if path == "" {
		path = "/"
	}
	srv := &http.Server{
		ReadHeaderTimeout: 10 * time.Second,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			q := r.URL.Query()
			if r.URL.Path != path || (q.Get("code") == "" && q.Get("error") == "") {
				http.NotFound(w, r)
				return
			}
			res := callbackResult{code: q.Get("code"), state: q.Get("state"), err: q.Get("error")}
			msg := "Access approved. You can close this window and return to the terminal."
			if res.err != "" {
				msg = "Authorization failed: " + res.err
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, "<!doctype html><title>mcp-atlassian</title><p>%s</p>", html.EscapeString(msg))
			select {
			case results <- res:
			default: // an answer is already being handled
			}
		}),
	}
	go srv.Serve(ln) //nolint:errcheck // ends with Close
	return func() { srv.Close() }, nil
}

// chooseSite picks the site the server uses by default: the one asked for,
// the only one, or one the user chooses.
func chooseSite(resources []oauth.Resource, want string, lines <-chan string, out io.Writer) (oauth.Resource, error) {
	if r, err := oauth.PickResource(resources, want); err == nil || want != "" || len(resources) == 0 {
		return r, err
	}
	fmt.Fprintln(out, "\nThe grant reaches several sites:")
	for i, r := range resources {
		fmt.Fprintf(out, "  %d) %s  %s  (cloud id %s)\n", i+1, r.Name, r.URL, r.ID)
	}
	answer := prompt(out, lines, "Site number [1]: ")
	if answer == "" {
		return resources[0], nil
	}
	n, err := strconv.Atoi(answer)
	if err != nil || n < 1 || n > len(resources) {
		return oauth.Resource{}, fmt.Errorf("no site number %q", answer)
	}
	return resources[n-1], nil
}

// readLines feeds stdin's lines to a channel, so a prompt and the OAuth
// callback can be waited for together. It is closed at end of input.
func readLines(in io.Reader) <-chan string {
	ch := make(chan string)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(in)
		for sc.Scan() {
			ch <- strings.TrimRight(sc.Text(), "\r\n")
		}
	}()
	return ch
}

// prompt asks once; without input it answers "".
func prompt(out io.Writer, lines <-chan string, question string) string {
	fmt.Fprint(out, question)
	line, _ := <-lines
	return strings.TrimSpace(line)
}
