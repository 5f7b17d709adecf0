package mcphandler

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// inMemory connects an in-process client to a handler configured with
// both products (pointing nowhere: these tests never reach Atlassian).
func inMemory(t *testing.T, opts Options) *mcp.ClientSession {
	t.Helper()
	for _, p := range []atlassian.Product{atlassian.Jira, atlassian.Confluence} {
		site := &atlassian.Site{Product: p, Deployment: atlassian.Cloud, BaseURL: &url.URL{Scheme: "http", Host: "127.0.0.1:1"},
			HTTP: atlassian.NewHTTPClient(atlassian.TransportOptions{})}
		prod := &Product{Site: site, Credentials: atlassian.Basic("a@example.com", "tok")}
		if p == atlassian.Jira {
			opts.Jira = prod
		} else {
			opts.Confluence = prod
		}
	}
	h, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	st, ct := mcp.NewInMemoryTransports()
	if _, err := h.Server().Connect(t.Context(), st, nil); err != nil {
		t.Fatal(err)
	}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "t", Version: "1"}, nil).Connect(t.Context(), ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close(); h.Close() })
	return cs
}

// TestToolSchemas: the schemas carry mcp-atlassian's defaults, bounds and
// key patterns, flat types (no nullable unions) and no $defs.
func TestToolSchemas(t *testing.T) {
	cs := inMemory(t, Options{})
	res, err := cs.ListTools(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]map[string]any{}
	total := 0
	for _, td := range res.Tools {
		raw, _ := json.Marshal(td.InputSchema)
		total += len(raw)
		if strings.Contains(string(raw), "$defs") || strings.Contains(string(raw), `"null"`) {
			t.Errorf("%s schema has $defs or null types: %s", td.Name, raw)
		}
		var m map[string]any
		_ = json.Unmarshal(raw, &m)
		byName[td.Name] = m
	}
	t.Logf("%d tools, %d bytes of input schemas", len(res.Tools), total)
	prop := func(tool, name string) map[string]any {
		p, _ := byName[tool]["properties"].(map[string]any)[name].(map[string]any)
		if p == nil {
			t.Fatalf("%s has no property %s", tool, name)
		}
		return p
	}
	if got := prop("jira_get_issue", "comment_limit"); got["default"] != 10.0 || got["maximum"] != 100.0 || got["minimum"] != 0.0 {
		t.Errorf("comment_limit = %v", got)
	}
	if got := prop("jira_get_issue", "issue_key"); got["pattern"] != tool.DefaultIssueKeyPattern {
		t.Errorf("issue_key = %v", got)
	}
	if got := prop("jira_get_issue", "update_history"); got["type"] != "boolean" || got["default"] != true {
		t.Errorf("update_history = %v", got)
	}
	if got := prop("confluence_search", "limit"); got["default"] != 10.0 || got["maximum"] != 50.0 {
		t.Errorf("confluence_search limit = %v", got)
	}
	if req := byName["jira_create_issue"]["required"]; len(req.([]any)) != 3 {
		t.Errorf("jira_create_issue required = %v", req)
	}
}

// TestBadArguments: invalid arguments are tool errors that name the
// parameter and say what is expected.
func TestBadArguments(t *testing.T) {
	cs := inMemory(t, Options{})
	for _, tc := range []struct {
		tool string
		args map[string]any
		want []string
	}{
		{"jira_get_issue", map[string]any{"issue_key": "not a key"}, []string{"issue_key", "PROJ-123"}},
		{"jira_get_issue", map[string]any{}, []string{"issue_key", "required"}},
		{"jira_get_issue", map[string]any{"issue_key": "DEMO-1", "comment_limit": 500}, []string{"comment_limit", "100"}},
		{"jira_search", map[string]any{"jql": 7}, []string{"jql", "string"}},
		{"jira_get_issue", map[string]any{"issue_key": "DEMO-1", "bogus": 1}, []string{"bogus"}},
		{"jira_get_issue", map[string]any{"issue_key": "DEMO-1", "include": "everything"}, []string{"include", "transitions"}},
		{"jira_create_issue", map[string]any{"project_key": "DEMO", "summary": "s", "issue_type": "Task", "additional_fields": "[1]"}, []string{"additional_fields", "JSON object"}},
		{"jira_add_comment", map[string]any{"issue_key": "DEMO-1", "body": "x", "visibility": `{"type":"everyone"}`}, []string{"visibility", "group"}},
		{"confluence_get_page", map[string]any{}, []string{"page_id", "title and space_key"}},
		{"jira_add_comment", map[string]any{"issue_key": "DEMO-1", "body": strings.Repeat("[a](", 10000)}, []string{"body", "32767"}},
		{"jira_add_comment", map[string]any{"issue_key": "DEMO-1", "body": strings.Repeat("*a_", 6000)}, []string{"body", "paragraph", "split"}},
		{"confluence_add_comment", map[string]any{"page_id": "1", "body": strings.Repeat("[a](\n", 100) + strings.Repeat("[a](", 5000)}, []string{"body", "paragraph"}},
		{"confluence_create_page", map[string]any{"space_key": "DEMO", "title": "t", "content": "x", "content_format": "rtf"}, []string{"content_format"}},
		{"confluence_create_page", map[string]any{"space_key": "DEMO", "title": "t", "content_file": "../../etc/passwd"}, []string{"content_file"}},
	} {
		res, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: tc.tool, Arguments: tc.args})
		if err != nil {
			t.Errorf("%s %v: protocol error %v, want a tool error", tc.tool, tc.args, err)
			continue
		}
		text := res.Content[0].(*mcp.TextContent).Text
		if !res.IsError {
			t.Errorf("%s %v succeeded: %s", tc.tool, tc.args, text)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s %v: error %q does not mention %q", tc.tool, tc.args, text, w)
			}
		}
		if strings.Contains(text, "tok") {
			t.Errorf("error leaks the token: %s", text)
		}
	}
}

// TestNullArguments: "arguments": null must not crash the server (the SDK
// panics applying schema defaults to null).
func TestNullArguments(t *testing.T) {
	cs := inMemory(t, Options{})
	res, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: "jira_get_all_projects"})
	if err != nil {
		t.Fatalf("protocol error: %v", err)
	}
	// 127.0.0.1:1 refuses connections: the call reached the REST client.
	if !res.IsError || !strings.Contains(res.Content[0].(*mcp.TextContent).Text, "cannot reach") {
		t.Errorf("result = %+v", res.Content[0])
	}
}
