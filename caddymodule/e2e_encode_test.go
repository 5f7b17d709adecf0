package caddymodule_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// TestEncodeInFront: with Caddy's encode directive before the handler,
// tool answers (written whole, with a length, by the stateless fast path)
// arrive intact, to the go-sdk client and to a plain HTTP client that asks
// for gzip. They are not compressed: like the SDK's, they say
// Cache-Control: no-transform, which encode honours.
func TestEncodeInFront(t *testing.T) {
	u := startUpstream(t, atlassian.Cloud, false)
	port := freePort(t)
	startCaddy(t, fmt.Sprintf(`{
	admin off
	auto_https off
	persist_config off
}
http://127.0.0.1:%d {
	encode gzip
	mcp_atlassian /mcp* {
		jira %s {
			deployment cloud
		}
	}
	respond 404
}
`, port, u.URL))
	endpoint := fmt.Sprintf("http://127.0.0.1:%d/mcp", port)
	creds := basicHeader("alice@example.com", "alice-api-token")

	cs := connect(t, endpoint, creds)
	c := mustCall(t, cs, "jira_get_issue", map[string]any{"issue_key": "DEMO-14"})
	if dig(c.json, "key") != "DEMO-14" {
		t.Fatalf("jira_get_issue through encode: %.300s", c.text)
	}

	body := `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"jira_get_issue","arguments":{"issue_key":"DEMO-14"}}}`
	req, _ := http.NewRequest(http.MethodPost, endpoint, strings.NewReader(body))
	req.Header = creds.Clone()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("Accept-Encoding", "gzip") // set by hand, Go would not undo a compressed body
	req.Header.Set("Mcp-Protocol-Version", "2025-06-18")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Encoding") != "" {
		t.Fatalf("status %d, Content-Encoding %q", resp.StatusCode, resp.Header.Get("Content-Encoding"))
	}
	plain, err := io.ReadAll(resp.Body)
	if err != nil || (resp.ContentLength >= 0 && int64(len(plain)) != resp.ContentLength) {
		t.Fatalf("read %d bytes of %d: %v", len(plain), resp.ContentLength, err)
	}
	if !strings.HasPrefix(string(plain), "event: message\ndata: ") || !strings.Contains(string(plain), `"id":7`) ||
		!strings.Contains(string(plain), `\"key\":\"DEMO-14\"`) {
		t.Fatalf("answer: %.300s", plain)
	}
}
