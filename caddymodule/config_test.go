package caddymodule

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	_ "github.com/caddyserver/caddy/v2/caddyconfig/httpcaddyfile"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp/reverseproxy"
	_ "github.com/caddyserver/caddy/v2/modules/standard"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

func TestUnmarshalCaddyfile(t *testing.T) {
	d := caddyfile.NewTestDispenser(`mcp_atlassian {
		jira https://acme.atlassian.net {
			username {env.JIRA_USERNAME}
			api_token {env.JIRA_API_TOKEN}
			timeout 30s
			header X-Team platform
			projects_filter DEMO,OPS
			tls_server_name acme.atlassian.net
		}
		confluence {
			url https://wiki.example.com/confluence
			personal_token {file./run/secrets/pat}
			deployment server
			spaces_filter DEMO TEAM
			tls_insecure_skip_verify
			tls_client_auth /etc/c.pem /etc/k.pem
		}
		read_only
		allow_global_credentials false
		enabled_tools jira_get_issue jira_search
		toolsets default
		allowed_url_hosts .example.com
		stateful
		session_timeout 10m
		sandbox http://localhost:8081 server
	}`)
	var h Handler
	if err := h.UnmarshalCaddyfile(d); err != nil {
		t.Fatal(err)
	}
	j, c := h.Jira, h.Confluence
	if j.URL != "https://acme.atlassian.net" || j.Username != "{env.JIRA_USERNAME}" || j.Headers["X-Team"] != "platform" ||
		strings.Join(j.ProjectsFilter, " ") != "DEMO OPS" || j.TLS.ServerName != "acme.atlassian.net" {
		t.Errorf("jira = %+v", j)
	}
	if c.URL != "https://wiki.example.com/confluence" || c.Deployment != "server" || !c.TLS.InsecureSkipVerify ||
		c.TLS.ClientCertificateFile != "/etc/c.pem" || strings.Join(c.SpacesFilter, " ") != "DEMO TEAM" {
		t.Errorf("confluence = %+v", c)
	}
	if !*h.ReadOnly || *h.AllowGlobalCredentials || len(h.EnabledTools) != 2 || !h.Stateful || h.Sandbox.Deployment != "server" {
		t.Errorf("handler = %+v", h)
	}
}

func TestUnmarshalCaddyfileErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`mcp_atlassian { bogus }`, "unrecognized mcp_atlassian subdirective"},
		{"mcp_atlassian {\n jira {\n bogus 1\n }\n }", "unrecognized jira subdirective"},
		{"mcp_atlassian {\n jira {\n deployment moon\n }\n }", "cloud or server"},
		{"mcp_atlassian {\n confluence {\n projects_filter A\n }\n }", "belongs in the jira block"},
		{"mcp_atlassian {\n jira {\n timeout soon\n }\n }", "bad duration"},
		{`mcp_atlassian { read_only maybe }`, "true or false"},
		{"mcp_atlassian {\n jira {\n tls_client_auth only-one\n }\n }", "certificate file and a key file"},
		{"mcp_atlassian {\n jira a\n jira b\n }", "jira configured twice"},
	} {
		var h Handler
		err := h.UnmarshalCaddyfile(caddyfile.NewTestDispenser(tc.in))
		if err == nil {
			if tc.want != "" {
				t.Errorf("%s: no error, want %q", tc.in, tc.want)
			}
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q, want %q", tc.in, err, tc.want)
		}
	}
}

// TestAdaptKeepsSecretsOut: placeholders stay literal in the adapted JSON,
// so secrets in the environment never reach the config or autosave.
func TestAdaptKeepsSecretsOut(t *testing.T) {
	t.Setenv("JIRA_API_TOKEN", "s3cret-token-value")
	t.Setenv("JIRA_URL", "https://acme.atlassian.net")
	cf := `:8080 {
	mcp_atlassian /mcp* {
		jira {$JIRA_URL} {
			username alice@example.com
			api_token {env.JIRA_API_TOKEN}
			tls_trust_pool file /etc/ssl/ca.pem
		}
		toolsets default
	}
}`
	out, _, err := caddyconfig.GetAdapter("caddyfile").Adapt([]byte(cf), nil)
	if err != nil {
		t.Fatal(err)
	}
	js := string(out)
	if strings.Contains(js, "s3cret") {
		t.Fatalf("adapted JSON contains the secret: %s", js)
	}
	for _, want := range []string{`"handler":"mcp_atlassian"`, `"api_token":"{env.JIRA_API_TOKEN}"`, `"url":"https://acme.atlassian.net"`, `"provider":"file"`} {
		if !strings.Contains(js, want) {
			t.Errorf("adapted JSON lacks %s: %s", want, js)
		}
	}
	// The JSON round-trips into the same handler config.
	var cfg struct {
		Apps struct {
			HTTP struct {
				Servers map[string]struct {
					Routes []struct {
						Handle []json.RawMessage `json:"handle"`
					} `json:"routes"`
				} `json:"servers"`
			} `json:"http"`
		} `json:"apps"`
	}
	if err := json.Unmarshal(out, &cfg); err != nil {
		t.Fatal(err)
	}
	var h Handler
	found := false
	for _, srv := range cfg.Apps.HTTP.Servers {
		for _, r := range srv.Routes {
			for _, raw := range r.Handle {
				if strings.Contains(string(raw), "mcp_atlassian") {
					found = json.Unmarshal(raw, &h) == nil
				}
			}
		}
	}
	if !found || h.Jira.APIToken != "{env.JIRA_API_TOKEN}" || h.Toolsets[0] != "default" {
		t.Errorf("round trip: found=%v jira=%+v", found, h.Jira)
	}
}

func provisionCtx(t *testing.T) caddy.Context {
	ctx, cancel := caddy.NewContext(caddy.Context{Context: context.Background()})
	t.Cleanup(cancel)
	return ctx
}

// TestEffectiveConfig covers env-only, Caddyfile-only and mixed set-ups,
// and start-up errors that name the missing setting.
func TestEffectiveConfig(t *testing.T) {
	clearAtlassianEnv(t)
	t.Run("env only", func(t *testing.T) {
		t.Setenv("JIRA_URL", "https://acme.atlassian.net")
		t.Setenv("JIRA_USERNAME", "a@example.com")
		t.Setenv("JIRA_API_TOKEN", "tok")
		t.Setenv("JIRA_TIMEOUT", "20")
		t.Setenv("CONFLUENCE_URL", "https://acme.atlassian.net")
		t.Setenv("CONFLUENCE_USERNAME", "a@example.com")
		t.Setenv("CONFLUENCE_API_TOKEN", "tok")
		t.Setenv("HTTPS_PROXY", "http://proxy:3128")
		t.Setenv("CONFLUENCE_HTTPS_PROXY", "")
		h := &Handler{}
		if err := h.Provision(provisionCtx(t)); err != nil {
			t.Fatal(err)
		}
		cfg, _ := h.effectiveConfig()
		if time.Duration(cfg.Jira.Timeout) != 20*time.Second || cfg.Jira.HTTPSProxy != "http://proxy:3128" || cfg.Confluence.HTTPSProxy != "" {
			t.Errorf("jira %+v confluence %+v", cfg.Jira, cfg.Confluence)
		}
		if h.Jira != nil {
			t.Error("provisioning wrote environment values back into the config")
		}
		all := 0
		for _, ts := range mcphandler.Catalogue() {
			all += len(ts.Tools)
		}
		if len(h.mcp.ToolNames()) != all {
			t.Errorf("tools = %v, want all %d", h.mcp.ToolNames(), all)
		}
	})
	t.Run("caddyfile wins, credentials as a unit", func(t *testing.T) {
		t.Setenv("JIRA_URL", "https://env.atlassian.net")
		t.Setenv("JIRA_USERNAME", "env@example.com")
		t.Setenv("JIRA_API_TOKEN", "env-token")
		t.Setenv("JIRA_PROJECTS_FILTER", "ENV")
		h := &Handler{Jira: &Site{URL: "https://jira.example.com", PersonalToken: "{env.MY_PAT}"}}
		t.Setenv("MY_PAT", "pat-value")
		cfg, err := h.effectiveConfig()
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Jira.URL != "https://jira.example.com" || cfg.Jira.PersonalToken != "pat-value" || cfg.Jira.Username != "" || cfg.Jira.ProjectsFilter[0] != "ENV" {
			t.Errorf("merged = %+v", cfg.Jira)
		}
	})
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"username without token", map[string]string{"JIRA_URL": "https://acme.atlassian.net", "JIRA_USERNAME": "a@b.c"}, "JIRA_API_TOKEN"},
		{"token without username", map[string]string{"JIRA_URL": "https://jira.example.com", "JIRA_API_TOKEN": "x"}, "JIRA_USERNAME"},
		{"PAT on cloud", map[string]string{"CONFLUENCE_URL": "https://acme.atlassian.net", "CONFLUENCE_PERSONAL_TOKEN": "x"}, "CONFLUENCE_USERNAME"},
		{"encrypted key", map[string]string{"JIRA_URL": "https://jira.example.com", "JIRA_CLIENT_KEY_PASSWORD": "pw"}, "JIRA_CLIENT_KEY_PASSWORD"},
		{"bad timeout", map[string]string{"JIRA_URL": "https://jira.example.com", "JIRA_TIMEOUT": "soon"}, "JIRA_TIMEOUT"},
		{"bad url", map[string]string{"JIRA_URL": "jira.example.com"}, "absolute http(s) URL"},
		{"bad headers", map[string]string{"JIRA_URL": "https://jira.example.com", "JIRA_CUSTOM_HEADERS": "novalue"}, "JIRA_CUSTOM_HEADERS"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			err := (&Handler{}).Provision(provisionCtx(t))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Provision error = %v, want one naming %s", err, tc.want)
			}
			if err != nil && strings.Contains(err.Error(), "pw") {
				t.Errorf("error leaks a secret: %v", err)
			}
		})
	}
	t.Run("no credentials: starts, tools hidden", func(t *testing.T) {
		t.Setenv("JIRA_URL", "https://jira.example.com")
		h := &Handler{}
		if err := h.Provision(provisionCtx(t)); err != nil {
			t.Fatal(err)
		}
		// In-process client on the server used for requests without
		// credentials: Jira has none configured, so it shows no tools.
		st, ct := mcp.NewInMemoryTransports()
		if _, err := h.mcp.Server().Connect(t.Context(), st, nil); err != nil {
			t.Fatal(err)
		}
		cs, err := mcp.NewClient(&mcp.Implementation{Name: "t", Version: "1"}, nil).Connect(t.Context(), ct, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer cs.Close()
		res, err := cs.ListTools(t.Context(), nil)
		if err != nil || len(res.Tools) != 0 {
			t.Errorf("tools without credentials = %v, %v; want none", res, err)
		}
	})
	t.Run("deployment detection", func(t *testing.T) {
		for url, want := range map[string]atlassian.Deployment{
			"https://acme.atlassian.net": atlassian.Cloud, "https://jira.example.com": atlassian.Server,
			"http://localhost:8081": atlassian.Server, "https://x.jira.com": atlassian.Cloud, "http://10.0.0.5": atlassian.Server,
		} {
			if got := atlassian.DetectDeployment(url); got != want {
				t.Errorf("%s: %s, want %s", url, got, want)
			}
		}
	})
}

// clearAtlassianEnv hides the developer's own Atlassian settings.
func clearAtlassianEnv(t *testing.T) {
	for _, p := range []string{"JIRA_", "CONFLUENCE_"} {
		for _, k := range []string{"URL", "USERNAME", "API_TOKEN", "PERSONAL_TOKEN", "SSL_VERIFY", "CLIENT_CERT", "CLIENT_KEY", "CLIENT_KEY_PASSWORD", "TIMEOUT", "CUSTOM_HEADERS", "PROJECTS_FILTER", "SPACES_FILTER", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "SOCKS_PROXY"} {
			unsetenv(t, p+k)
		}
	}
	for _, k := range []string{"READ_ONLY_MODE", "ENABLED_TOOLS", "TOOLSETS", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "SOCKS_PROXY", "ALLOW_GLOBAL_CRED_FALLBACK", "MCP_ALLOWED_URL_DOMAINS", "ATLASSIAN_OAUTH_CLOUD_ID"} {
		unsetenv(t, k)
	}
}

func unsetenv(t *testing.T, k string) {
	t.Setenv(k, "") // restores the old value after the test
	os.Unsetenv(k)
}

// TestInsecureSkipVerifyWarns: turning verification off is logged as a
// warning that names the product.
func TestInsecureSkipVerifyWarns(t *testing.T) {
	core, logs := observer.New(zap.WarnLevel)
	s := &Site{URL: "https://wiki.example.com/confluence", PersonalToken: "x", TLS: &reverseproxy.TLSConfig{InsecureSkipVerify: true}}
	if _, err := s.build(provisionCtx(t), atlassian.Confluence, zap.New(core)); err != nil {
		t.Fatal(err)
	}
	entries := logs.All()
	if len(entries) != 1 || !strings.Contains(entries[0].Message, "Confluence") || !strings.Contains(entries[0].Message, "OFF") {
		t.Errorf("warnings = %v", entries)
	}
	if strings.Contains(fmt.Sprint(entries), "x\"") {
		t.Errorf("warning leaks the token: %v", entries)
	}
}

// TestFilePlaceholder: {file.*} secrets are read at provision time.
func TestFilePlaceholder(t *testing.T) {
	clearAtlassianEnv(t)
	path := t.TempDir() + "/pat"
	if err := os.WriteFile(path, []byte("pat-from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	h := &Handler{Jira: &Site{URL: "https://jira.example.com", PersonalToken: "{file." + path + "}"}}
	cfg, err := h.effectiveConfig()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Jira.PersonalToken != "pat-from-file" {
		t.Errorf("personal_token = %q", cfg.Jira.PersonalToken)
	}
	if h.Jira.PersonalToken != "{file."+path+"}" {
		t.Error("the resolved secret was written back into the config")
	}
}
