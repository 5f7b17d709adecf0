package caddymodule_test

import (
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// TestEnvOnly: an empty mcp_atlassian block configures itself from
// mcp-atlassian's environment variables.
func TestEnvOnly(t *testing.T) {
	u := startUpstream(t, atlassian.Server, false)
	t.Setenv("JIRA_URL", u.URL)
	t.Setenv("JIRA_PERSONAL_TOKEN", "alice-pat")
	t.Setenv("JIRA_PROJECTS_FILTER", "DEMO")
	t.Setenv("CONFLUENCE_URL", u.URL+"/confluence")
	t.Setenv("CONFLUENCE_USERNAME", "bob")
	t.Setenv("CONFLUENCE_API_TOKEN", "bob-password")
	t.Setenv("CONFLUENCE_SPACES_FILTER", "DEMO")
	t.Setenv("READ_ONLY_MODE", "true")
	t.Setenv("TOOLSETS", "default,jira_projects")
	t.Setenv("JIRA_CUSTOM_HEADERS", "X-Team=platform")
	t.Setenv("ALLOW_GLOBAL_CRED_FALLBACK", "true")

	endpoint := startMCP(t, "")
	cs := connect(t, endpoint, nil)
	names := toolNames(t, cs)
	slices.Sort(names)
	want := []string{"confluence_get_comments", "confluence_get_inline_comments", "confluence_get_page", "confluence_search", "jira_get_all_projects", "jira_get_issue", "jira_get_transitions", "jira_search"}
	if !slices.Equal(names, want) {
		t.Errorf("read-only default+jira_projects tools = %v, want %v", names, want)
	}
	// The projects filter is ANDed into JQL and enforced on direct reads.
	res := mustCall(t, cs, "jira_search", map[string]any{"jql": "ORDER BY key", "limit": 50}).obj(t)
	for _, is := range dig(res, "issues").([]any) {
		if k := dig(is, "key").(string); !strings.HasPrefix(k, "DEMO-") {
			t.Errorf("search returned %s outside JIRA_PROJECTS_FILTER", k)
		}
	}
	mustFail(t, cs, "jira_get_issue", map[string]any{"issue_key": "OPS-1"}, "OPS", "allowed projects")
	// The spaces filter likewise, for search, page reads and comments.
	for _, hit := range mustCall(t, cs, "confluence_search", map[string]any{"query": "type = page", "limit": 50}).list(t) {
		if dig(hit, "space", "key") != "DEMO" {
			t.Errorf("search returned %v outside CONFLUENCE_SPACES_FILTER", hit)
		}
	}
	mustFail(t, cs, "confluence_get_page", map[string]any{"title": "Team Home", "space_key": "TEAM"}, "TEAM", "allowed spaces")
	mustFail(t, cs, "confluence_get_page", map[string]any{"page_id": "65550"}, "TEAM", "allowed spaces")
	mustFail(t, cs, "confluence_get_comments", map[string]any{"page_id": "65550"}, "TEAM", "allowed spaces")
	for _, o := range u.observations() {
		want := map[atlassian.Product]string{atlassian.Jira: "alice", atlassian.Confluence: "bob"}[o.Product]
		if o.User != want {
			t.Errorf("%s %s as %q, want %q", o.Method, o.Path, o.User, want)
		}
	}
}

// TestCaddyfileExample runs Caddyfile.example as shipped: with no Atlassian
// environment it serves MCP on :8080 against the sandbox on :8081.
func TestCaddyfileExample(t *testing.T) {
	for _, k := range []string{"JIRA_URL", "CONFLUENCE_URL"} {
		if os.Getenv(k) != "" {
			t.Setenv(k, "")
		}
	}
	cf, err := os.ReadFile("../Caddyfile.example")
	if err != nil {
		t.Fatal(err)
	}
	// The example keeps its admin endpoint; tests run without one.
	startCaddy(t, strings.Replace(string(cf), "admin localhost:2019", "admin off", 1))
	resp, err := http.Get("http://localhost:8080/healthz")
	if err != nil {
		t.Fatal(err)
	}
	health, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(health) != `{"status":"ok"}` {
		t.Errorf("/healthz = %d %s", resp.StatusCode, health)
	}
	cs := connect(t, "http://localhost:8080/mcp", nil)
	if n := len(toolNames(t, cs)); n != len(allTools()) {
		t.Errorf("example lists %d tools, want %d", n, len(allTools()))
	}
	res := mustCall(t, cs, "jira_search", map[string]any{"jql": "project = DEMO", "limit": 3}).obj(t)
	if len(dig(res, "issues").([]any)) != 3 {
		t.Errorf("search = %v", res)
	}
	created := mustCall(t, cs, "confluence_create_page", map[string]any{"space_key": "DEMO", "title": "From the example", "content": "Hello"}).obj(t)
	if dig(created, "page", "id") == nil {
		t.Errorf("create_page = %v", created)
	}
}
