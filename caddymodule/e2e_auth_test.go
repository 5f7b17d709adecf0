package caddymodule_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// TestMultiUserCloud: concurrent requests with different credentials each
// reach Atlassian with their own, and the server's own credentials are
// never used for a request that brought some.
func TestMultiUserCloud(t *testing.T) {
	u := startUpstream(t, atlassian.Cloud, false)
	endpoint := startMCP(t, fmt.Sprintf(`		jira %[1]s {
			deployment cloud
			username carol@example.com
			api_token carol-api-token
		}
		confluence %[1]s/wiki {
			deployment cloud
		}
		gateway_url %[1]s
		allow_global_credentials false`, u.URL))

	users := []struct{ email, token, display, name string }{
		{"alice@example.com", "alice-api-token", "Alice Example", "alice"},
		{"bob@example.com", "bob-api-token", "Bob Builder", "bob"},
	}
	var wg sync.WaitGroup
	for _, usr := range users {
		for i := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cs := connect(t, endpoint, basicHeader(usr.email, usr.token))
				c := call(t, cs, "jira_add_comment", map[string]any{"issue_key": "DEMO-1", "body": fmt.Sprintf("from %s #%d", usr.name, i)})
				if c.isError {
					t.Errorf("%s: %s", usr.name, c.text)
					return
				}
				if got := dig(c.json, "author", "display_name"); got != usr.display {
					t.Errorf("comment by %s has author %v", usr.name, got)
				}
			}()
		}
	}
	wg.Wait()
	for _, o := range u.observations() {
		if o.User == "carol" {
			t.Errorf("configured credentials (carol) were used for %s %s", o.Method, o.Path)
		}
		if o.User == "" {
			t.Errorf("unauthenticated upstream call %s %s → %d", o.Method, o.Path, o.Status)
		}
	}

	// OAuth: a bearer token with a cloud id goes through the gateway.
	oauth := http.Header{"Authorization": {"Bearer bob-oauth-token"}, "X-Atlassian-Cloud-Id": {sandbox.DefaultCloudID}}
	cs := connect(t, endpoint, oauth)
	got := mustCall(t, cs, "jira_add_comment", map[string]any{"issue_key": "DEMO-2", "body": "via oauth"}).obj(t)
	if dig(got, "author", "display_name") != "Bob Builder" {
		t.Errorf("oauth comment author = %v", dig(got, "author"))
	}
	pages := mustCall(t, cs, "confluence_search", map[string]any{"query": "type = page", "limit": 2}).list(t)
	if len(pages) == 0 {
		t.Error("confluence through the gateway found nothing")
	}
	sawGateway := false
	for _, o := range u.observations() {
		if o.Gateway && o.User == "bob" {
			sawGateway = true
		}
	}
	if !sawGateway {
		t.Error("no request went through the OAuth gateway")
	}

	// Confluence has no configured credentials: a Basic user still reaches it.
	alice := connect(t, endpoint, basicHeader("alice@example.com", "alice-api-token"))
	if names := toolNames(t, alice); len(names) != len(allTools()) {
		t.Errorf("alice sees %d tools, want %d", len(names), len(allTools()))
	}
	// Wrong credentials: Atlassian's 401 becomes a clear tool error.
	mallory := connect(t, endpoint, basicHeader("alice@example.com", "wrong"))
	mustFail(t, mallory, "jira_get_issue", map[string]any{"issue_key": "DEMO-1"}, "401", "authentication failed")

	// HTTP-level refusals, before MCP.
	for _, tc := range []struct {
		name   string
		header http.Header
		want   string
	}{
		{"no credentials", nil, "no Atlassian credentials"},
		{"bad scheme", http.Header{"Authorization": {"Digest abc"}}, "only 'Bearer"},
		{"bad basic", http.Header{"Authorization": {"Basic !!!"}}, "base64"},
		{"empty bearer", http.Header{"Authorization": {"Bearer "}}, "empty"},
		{"url not allowed", http.Header{"X-Atlassian-Jira-Personal-Token": {"x"}, "X-Atlassian-Jira-Url": {"http://169.254.169.254/"}}, "allowed_url_hosts"},
	} {
		status := http.StatusUnauthorized
		if tc.name == "url not allowed" {
			status = http.StatusForbidden // the target is refused, not the credentials
		}
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, endpoint, strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"tools/list"}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", "application/json, text/event-stream")
			for k, v := range tc.header {
				req.Header[k] = v
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body map[string]string
			_ = json.NewDecoder(resp.Body).Decode(&body)
			if resp.StatusCode != status || !strings.Contains(body["error"], tc.want) {
				t.Errorf("status %d body %v, want %d mentioning %q", resp.StatusCode, body, status, tc.want)
			}
			if strings.Contains(body["error"], "abc") {
				t.Errorf("the reason echoes the credential: %v", body)
			}
		})
	}
}

// TestMultiUserServer covers the Server/DC header forms: Token <PAT>,
// Bearer <PAT> and the X-Atlassian-*-Personal-Token + URL pair.
func TestMultiUserServer(t *testing.T) {
	u := startUpstream(t, atlassian.Server, false)
	endpoint := startMCP(t, fmt.Sprintf(`		jira %[1]s
		confluence %[1]s/confluence
		allowed_url_hosts 127.0.0.1
		allow_private_url_targets
		allow_global_credentials false`, u.URL))

	for _, tc := range []struct {
		name, display string
		header        http.Header
	}{
		{"token", "Alice Example", http.Header{"Authorization": {"Token alice-pat"}}},
		{"bearer", "Bob Builder", http.Header{"Authorization": {"Bearer bob-pat"}}},
		{"basic", "Carol Reviewer", basicHeader("carol", "carol-password")},
		{"header pair", "Bob Builder", http.Header{"X-Atlassian-Jira-Personal-Token": {"bob-pat"}, "X-Atlassian-Jira-Url": {u.URL}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs := connect(t, endpoint, tc.header)
			got := mustCall(t, cs, "jira_add_comment", map[string]any{"issue_key": "DEMO-3", "body": "hello from " + tc.name}).obj(t)
			if dig(got, "author", "display_name") != tc.display {
				t.Errorf("author = %v, want %s", dig(got, "author"), tc.display)
			}
		})
	}
	// The Jira header pair gives Jira only: Confluence tools are not listed.
	cs := connect(t, endpoint, http.Header{"X-Atlassian-Jira-Personal-Token": {"bob-pat"}, "X-Atlassian-Jira-Url": {u.URL}})
	for _, name := range toolNames(t, cs) {
		if strings.HasPrefix(name, "confluence_") {
			t.Errorf("%s listed for a Jira-only request", name)
		}
	}
	// Calling it answers exactly like a tool that does not exist.
	_, hiddenErr := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: "confluence_search", Arguments: map[string]any{"query": "x"}})
	_, noneErr := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: "confluence_nonexistent", Arguments: map[string]any{}})
	if hiddenErr == nil || noneErr == nil {
		t.Fatalf("hidden tool error %v, unknown tool error %v: want both to fail", hiddenErr, noneErr)
	}
	if strings.ReplaceAll(hiddenErr.Error(), "confluence_search", "X") != strings.ReplaceAll(noneErr.Error(), "confluence_nonexistent", "X") {
		t.Errorf("hidden tool error %q differs from unknown tool error %q", hiddenErr, noneErr)
	}
}

// TestStateful: with the stateful option, sessions carry an id, and
// identity still comes from each request's headers.
func TestStateful(t *testing.T) {
	u := startUpstream(t, atlassian.Server, false)
	endpoint := startMCP(t, fmt.Sprintf(`		jira %s
		stateful
		session_timeout 5m
		allow_global_credentials false`, u.URL))
	cs := connect(t, endpoint, http.Header{"Authorization": {"Token alice-pat"}})
	if cs.ID() == "" {
		t.Error("stateful session has no id")
	}
	got := mustCall(t, cs, "jira_add_comment", map[string]any{"issue_key": "DEMO-4", "body": "stateful"}).obj(t)
	if dig(got, "author", "display_name") != "Alice Example" {
		t.Errorf("author = %v", dig(got, "author"))
	}
}

// TestMetrics: tool calls are counted in Caddy's metrics.
func TestMetrics(t *testing.T) {
	u := startUpstream(t, atlassian.Server, false)
	port := freePort(t)
	startCaddy(t, fmt.Sprintf(`{
	admin off
	auto_https off
	persist_config off
}
http://127.0.0.1:%d {
	metrics /metrics
	mcp_atlassian /mcp* {
		allow_global_credentials true
		jira %s {
			personal_token alice-pat
		}
	}
}
`, port, u.URL))
	cs := connect(t, fmt.Sprintf("http://127.0.0.1:%d/mcp", port), nil)
	mustCall(t, cs, "jira_get_issue", map[string]any{"issue_key": "DEMO-1"})
	mustFail(t, cs, "jira_get_issue", map[string]any{"issue_key": "DEMO-99999"}, "404")
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/metrics", port))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, want := range []string{
		`caddy_mcp_atlassian_tool_calls_total{outcome="ok",product="jira",tool="jira_get_issue",upstream_status="200"}`,
		`caddy_mcp_atlassian_tool_calls_total{outcome="error",product="jira",tool="jira_get_issue",upstream_status="404"}`,
		`caddy_mcp_atlassian_tool_call_duration_seconds_count{product="jira",tool="jira_get_issue"}`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// TestLogsHoldNoSecrets: at debug level, with good and bad credentials,
// nothing Caddy logs contains a secret. Caddy's access log redacts
// Authorization itself; the X-Atlassian-*-Personal-Token headers need the
// log filter README.md documents (access logs are off unless configured).
func TestLogsHoldNoSecrets(t *testing.T) {
	t.Setenv("E2E_CAROL_TOKEN", "carol-api-token")
	u := startUpstream(t, atlassian.Cloud, false)
	logFile := t.TempDir() + "/caddy.log"
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
	log {
		output file %s
		format filter {
			request>headers>X-Atlassian-Jira-Personal-Token replace REDACTED
			request>headers>X-Atlassian-Confluence-Personal-Token replace REDACTED
		}
	}
	mcp_atlassian /mcp* {
		jira %[4]s {
			deployment cloud
			username carol@example.com
			api_token {env.E2E_CAROL_TOKEN}
		}
		allowed_url_hosts 127.0.0.1
		allow_private_url_targets
	}
}
`, logFile, port, logFile, u.URL))
	endpoint := fmt.Sprintf("http://127.0.0.1:%d/mcp", port)
	good := connect(t, endpoint, basicHeader("alice@example.com", "alice-api-token"))
	mustCall(t, good, "jira_get_issue", map[string]any{"issue_key": "DEMO-1"})
	bad := connect(t, endpoint, basicHeader("alice@example.com", "wrong-secret-value"))
	mustFail(t, bad, "jira_get_issue", map[string]any{"issue_key": "DEMO-1"}, "401")
	oauth := connect(t, endpoint, http.Header{"Authorization": {"Token secret-pat-value"}})
	call(t, oauth, "jira_get_issue", map[string]any{"issue_key": "DEMO-1"})
	dc := startUpstream(t, atlassian.Server, false) // the header pair names a Server/DC site
	pair := connect(t, endpoint, http.Header{"X-Atlassian-Jira-Personal-Token": {"pair-pat-value"}, "X-Atlassian-Jira-Url": {dc.URL}})
	mustFail(t, pair, "jira_get_issue", map[string]any{"issue_key": "DEMO-1"}, "401")

	logs, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(logs), `"tool":"jira_get_issue"`) {
		t.Fatalf("no tool-call log line in %s", logs)
	}
	for _, secret := range []string{"alice-api-token", "wrong-secret-value", "secret-pat-value", "carol-api-token", "pair-pat-value",
		basicHeader("alice@example.com", "alice-api-token").Get("Authorization")[6:]} {
		for _, line := range strings.Split(string(logs), "\n") {
			if strings.Contains(line, secret) {
				t.Errorf("the log contains the secret %q: %.300s", secret, line)
				break
			}
		}
	}
}
