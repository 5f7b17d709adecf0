package mcphandler

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// benchSession serves the handler over streamable HTTP (stateless, as in
// production) against a sandbox over real HTTP, and connects a client
// that sends alice's credentials per request.
func benchSession(b *testing.B, d atlassian.Deployment) *mcp.ClientSession {
	sb := httptest.NewServer(sandbox.New(sandbox.Options{Deployment: d}))
	b.Cleanup(sb.Close)
	base, _ := url.Parse(sb.URL)
	site := &atlassian.Site{Product: atlassian.Jira, Deployment: d, BaseURL: base, HTTP: atlassian.NewHTTPClient(atlassian.TransportOptions{})}
	h, err := New(Options{Jira: &Product{Site: site}})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	b.Cleanup(srv.Close)
	auth := "Token alice-pat"
	if d == atlassian.Cloud {
		r, _ := http.NewRequest("GET", "/", nil)
		r.SetBasicAuth("alice@example.com", "alice-api-token")
		auth = r.Header.Get("Authorization")
	}
	client := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		r = r.Clone(r.Context())
		r.Header.Set("Authorization", auth)
		return http.DefaultTransport.RoundTrip(r)
	})}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "bench", Version: "1"}, nil).Connect(b.Context(), &mcp.StreamableClientTransport{Endpoint: srv.URL, HTTPClient: client}, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { cs.Close() })
	return cs
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// BenchmarkGetIssue measures one jira_get_issue tool call end to end:
// MCP over HTTP in, REST over HTTP out (issue + comments), ADF or wiki
// converted to Markdown.
func BenchmarkGetIssue(b *testing.B) {
	for _, d := range []atlassian.Deployment{atlassian.Cloud, atlassian.Server} {
		b.Run(string(d), func(b *testing.B) {
			cs := benchSession(b, d)
			args := map[string]any{"issue_key": "DEMO-1"}
			b.ReportAllocs()
			for b.Loop() {
				res, err := cs.CallTool(b.Context(), &mcp.CallToolParams{Name: "jira_get_issue", Arguments: args})
				if err != nil || res.IsError {
					b.Fatalf("%v %+v", err, res)
				}
			}
		})
	}
}

// BenchmarkSearch measures a 10-issue jira_search.
func BenchmarkSearch(b *testing.B) {
	for _, d := range []atlassian.Deployment{atlassian.Cloud, atlassian.Server} {
		b.Run(string(d), func(b *testing.B) {
			cs := benchSession(b, d)
			args := map[string]any{"jql": "project = DEMO ORDER BY key", "limit": 10}
			b.ReportAllocs()
			for b.Loop() {
				res, err := cs.CallTool(b.Context(), &mcp.CallToolParams{Name: "jira_search", Arguments: args})
				if err != nil || res.IsError {
					b.Fatalf("%v %+v", err, res)
				}
			}
		})
	}
}
