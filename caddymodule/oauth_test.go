package caddymodule

import (
	"strings"
	"testing"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
)

// oauthEnv are mcp-atlassian's OAuth variables; tests clear them so the
// developer's own settings do not leak in.
var oauthEnv = []string{
	"ATLASSIAN_OAUTH_CLIENT_ID", "ATLASSIAN_OAUTH_CLIENT_SECRET", "ATLASSIAN_OAUTH_REDIRECT_URI", "ATLASSIAN_OAUTH_SCOPE",
	"ATLASSIAN_OAUTH_ACCESS_TOKEN", "ATLASSIAN_OAUTH_ENABLE", "ATLASSIAN_OAUTH_PROXY_ENABLE", "PUBLIC_BASE_URL",
	"ATLASSIAN_OAUTH_ALLOWED_CLIENT_REDIRECT_URIS",
}

func TestUnmarshalOAuth(t *testing.T) {
	var h Handler
	err := h.UnmarshalCaddyfile(caddyfile.NewTestDispenser(`mcp_atlassian {
		oauth {
			client_id app-1
			client_secret {env.SECRET}
			redirect_uri https://mcp.example.com/callback
			scope read:jira-work offline_access
			cloud_id cloud-1
			access_token {file./run/t}
			enable false
			auth_url http://127.0.0.1:1/authorize
			token_url http://127.0.0.1:1/oauth/token
			resources_url http://127.0.0.1:1/oauth/token/accessible-resources
			proxy {
				base_url https://mcp.example.com
				allowed_redirect_uris http://localhost:* https://claude.ai/api/mcp/auth_callback
				resource_path /mcp
				unused_client_lifetime 2h
				registrations_per_minute 30
				authorizations_per_minute 60
			}
		}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	o := h.OAuth
	if o.ClientID != "app-1" || o.ClientSecret != "{env.SECRET}" || o.Scope != "read:jira-work offline_access" ||
		o.AccessToken != "{file./run/t}" || *o.Enable || o.TokenURL != "http://127.0.0.1:1/oauth/token" ||
		!o.Proxy.enabled() || len(o.Proxy.AllowedRedirectURIs) != 2 || o.Proxy.ResourcePath != "/mcp" ||
		time.Duration(o.Proxy.UnusedClientLifetime) != 2*time.Hour || o.Proxy.RegistrationsPerMinute != 30 ||
		o.Proxy.AuthorizationsPerMinute != 60 {
		t.Errorf("oauth = %+v proxy = %+v", o, o.Proxy)
	}

	var off Handler
	if err := off.UnmarshalCaddyfile(caddyfile.NewTestDispenser("mcp_atlassian {\n oauth {\n proxy false\n }\n }")); err != nil {
		t.Fatal(err)
	}
	if off.OAuth.Proxy.enabled() {
		t.Error("proxy false is enabled")
	}
	for _, tc := range []struct{ in, want string }{
		{"mcp_atlassian {\n oauth {\n bogus\n }\n }", "unrecognized oauth subdirective"},
		{"mcp_atlassian {\n oauth {\n proxy {\n bogus\n }\n }\n }", "unrecognized oauth proxy subdirective"},
		{"mcp_atlassian {\n oauth\n oauth\n }", "oauth configured twice"},
		{"mcp_atlassian {\n oauth {\n enable maybe\n }\n }", "true or false"},
		{"mcp_atlassian {\n oauth {\n proxy {\n unused_client_lifetime soon\n }\n }\n }", "bad duration"},
		{"mcp_atlassian {\n oauth {\n proxy {\n unused_client_lifetime 0s\n }\n }\n }", "must be positive"},
		{"mcp_atlassian {\n oauth {\n proxy {\n registrations_per_minute 0\n }\n }\n }", "whole number ≥ 1"},
		{"mcp_atlassian {\n oauth {\n proxy {\n registrations_per_minute many\n }\n }\n }", "whole number ≥ 1"},
		{"mcp_atlassian {\n oauth {\n proxy {\n authorizations_per_minute 0\n }\n }\n }", "authorizations_per_minute \"0\" must be a whole number ≥ 1"},
		{"mcp_atlassian {\n oauth {\n proxy {\n authorizations_per_minute\n }\n }\n }", "wrong argument count"},
	} {
		var h Handler
		if err := h.UnmarshalCaddyfile(caddyfile.NewTestDispenser(tc.in)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.in, err, tc.want)
		}
	}
}

// TestOAuthEffective: placeholders are resolved and the environment fills
// the gaps on a copy; the config itself keeps the placeholders.
func TestOAuthEffective(t *testing.T) {
	clearAtlassianEnv(t)
	t.Setenv("MY_SECRET", "resolved-secret")
	t.Setenv("ATLASSIAN_OAUTH_CLIENT_SECRET", "env-secret")
	t.Setenv("ATLASSIAN_OAUTH_REDIRECT_URI", "https://mcp.example.com/oauth/callback")
	t.Setenv("ATLASSIAN_OAUTH_SCOPE", "read:jira-work offline_access")
	t.Setenv("ATLASSIAN_OAUTH_ALLOWED_CLIENT_REDIRECT_URIS", "")
	o := &OAuth{ClientID: "app", ClientSecret: "{env.MY_SECRET}", Proxy: &OAuthProxy{}}
	c, err := o.effective(caddy.NewReplacer())
	if err != nil {
		t.Fatal(err)
	}
	if c.ClientSecret != "resolved-secret" || c.RedirectURI != "https://mcp.example.com/oauth/callback" || c.Scope != "read:jira-work offline_access" {
		t.Errorf("effective = %+v", c)
	}
	if c.Proxy.AllowedRedirectURIs == nil || len(c.Proxy.AllowedRedirectURIs) != 0 {
		t.Errorf("an empty ATLASSIAN_OAUTH_ALLOWED_CLIENT_REDIRECT_URIS should allow none: %#v", c.Proxy.AllowedRedirectURIs)
	}
	if o.ClientSecret != "{env.MY_SECRET}" || o.RedirectURI != "" || o.Proxy.AllowedRedirectURIs != nil {
		t.Errorf("the config was modified: %+v", o)
	}
	if got := defaultBaseURL(c.RedirectURI); got != "https://mcp.example.com/oauth" {
		t.Errorf("default base URL %q", got)
	}
	if got := defaultBaseURL("http://localhost:8080/callback"); got != "http://localhost:8080" {
		t.Errorf("default base URL %q", got)
	}

	// Nothing configured anywhere: no OAuth.
	clearAtlassianEnv(t)
	if c, err := (*OAuth)(nil).effective(caddy.NewReplacer()); err != nil || c != nil {
		t.Errorf("no config: %+v %v", c, err)
	}
	// The environment alone turns it on.
	t.Setenv("ATLASSIAN_OAUTH_ACCESS_TOKEN", "byot")
	t.Setenv("ATLASSIAN_OAUTH_PROXY_ENABLE", "true")
	if c, err := (*OAuth)(nil).effective(caddy.NewReplacer()); err != nil || c.AccessToken != "byot" || !c.Proxy.enabled() {
		t.Errorf("env only: %+v %v", c, err)
	}
}
