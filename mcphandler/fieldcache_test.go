package mcphandler

import (
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// TestFieldCatalogueCached: fields named by display name are resolved
// with one catalogue fetch per user, not one per call.
func TestFieldCatalogueCached(t *testing.T) {
	var fieldFetches atomic.Int32
	sb := httptest.NewServer(sandbox.New(sandbox.Options{Deployment: atlassian.Server, Observe: func(o sandbox.Observation) {
		if o.Path == "/rest/api/2/field" {
			fieldFetches.Add(1)
		}
	}}))
	defer sb.Close()
	base, _ := url.Parse(sb.URL)
	site := &atlassian.Site{Product: atlassian.Jira, Deployment: atlassian.Server, BaseURL: base, HTTP: atlassian.NewHTTPClient(atlassian.TransportOptions{})}
	h, err := New(Options{Jira: &Product{Site: site, Credentials: atlassian.Bearer("alice-pat")}})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	st, ct := mcp.NewInMemoryTransports()
	if _, err := h.Server().Connect(t.Context(), st, nil); err != nil {
		t.Fatal(err)
	}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "t", Version: "1"}, nil).Connect(t.Context(), ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	for i := range 3 {
		res, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: "jira_update_issue", Arguments: map[string]any{
			"issue_key": "DEMO-2", "fields": `{"Story Points": ` + string(rune('3'+i)) + `}`,
		}})
		if err != nil || res.IsError {
			t.Fatalf("update %d: %v %v", i, err, res.Content)
		}
	}
	if n := fieldFetches.Load(); n != 1 {
		t.Errorf("field catalogue fetched %d times for 3 calls, want 1", n)
	}
}
