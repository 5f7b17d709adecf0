package caddymodule_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// The attacks of docs/SECURITY.md, each against a real Caddy with the
// module over HTTP.

// TestQueryFiltersCannotBeEscaped: with projects_filter DEMO and
// spaces_filter DEMO, no JQL or CQL reaches another project or space, nor
// does a blog post's id.
func TestQueryFiltersCannotBeEscaped(t *testing.T) {
	for _, d := range []atlassian.Deployment{atlassian.Cloud, atlassian.Server} {
		t.Run(string(d), func(t *testing.T) {
			t.Setenv("E2E_ALICE_TOKEN", "alice-api-token")
			t.Setenv("E2E_ALICE_PAT", "alice-pat")
			u := startUpstream(t, d, false)
			blocks := strings.Replace(siteBlocks(u, d), "\t\tconfluence ", "\t\tconfluence ", 1)
			blocks = strings.Replace(blocks, "jira "+u.URL+" {", "jira "+u.URL+" {\n\t\t\tprojects_filter DEMO", 1)
			blocks = strings.Replace(blocks, "/wiki {", "/wiki {\n\t\t\tspaces_filter DEMO", 1)
			blocks = strings.Replace(blocks, "/confluence {", "/confluence {\n\t\t\tspaces_filter DEMO", 1)
			cs := connect(t, startMCP(t, blocks), nil)

			for _, jql := range []string{
				"project = OPS) OR (project = DEMO",
				"project = OPS OR summary ~ 'x order by y')",
				`project = OPS OR summary ~ "x order by y")`,
			} {
				mustFail(t, cs, "jira_search", map[string]any{"jql": jql}, "jql", "parenthes")
			}
			// A legitimate query for another project finds nothing of it.
			res := mustCall(t, cs, "jira_search", map[string]any{"jql": "project = OPS ORDER BY key", "limit": 50}).obj(t)
			for _, is := range res["issues"].([]any) {
				if key := is.(map[string]any)["key"].(string); !strings.HasPrefix(key, "DEMO-") {
					t.Errorf("search returned %s outside projects_filter", key)
				}
			}
			for _, cql := range []string{
				"space = TEAM) OR (space = DEMO",
				"space = 'TEAM') OR (space = 'DEMO'",
			} {
				mustFail(t, cs, "confluence_search", map[string]any{"query": cql}, "query", "parenthes")
			}
			for _, hit := range mustCall(t, cs, "confluence_search", map[string]any{"query": "type = page", "limit": 50}).list(t) {
				if space := dig(hit, "space", "key"); space != "DEMO" {
					t.Errorf("CQL search returned a page of space %v outside spaces_filter", space)
				}
			}
			// Tools that take a page or a blog post check a blog post's space
			// too (Cloud reads it under /blogposts, as /pages does not know
			// it): the seeded 65549 is in DEMO, 65561 in TEAM.
			res = mustCall(t, cs, "confluence_get_attachments", map[string]any{"content_id": "65549"}).obj(t)
			if res["content_id"] != "65549" {
				t.Errorf("attachments of the DEMO blog post = %v", res)
			}
			mustFail(t, cs, "confluence_get_attachments", map[string]any{"content_id": "65561"}, "TEAM", "allowed spaces")
			// The check's read tells Cloud's labels and comments reads it is
			// a blog post.
			if labels := mustCall(t, cs, "confluence_get_labels", map[string]any{"page_id": "65549"}).list(t); len(labels) == 0 {
				t.Errorf("no labels on the DEMO blog post")
			}
			if comments := mustCall(t, cs, "confluence_get_comments", map[string]any{"page_id": "65549"}).list(t); len(comments) == 0 {
				t.Errorf("no comments on the DEMO blog post")
			}
			mustFail(t, cs, "confluence_get_labels", map[string]any{"page_id": "65561"}, "TEAM", "allowed spaces")
			mustFail(t, cs, "confluence_get_comments", map[string]any{"page_id": "65561"}, "TEAM", "allowed spaces")
		})
	}
}

// TestHeaderURLsCannotReachPrivateAddresses: even an allow-listed host
// name is refused (403) when it resolves to this machine, unless
// allow_private_url_targets says so.
func TestHeaderURLsCannotReachPrivateAddresses(t *testing.T) {
	endpoint := startMCP(t, `		allowed_url_hosts localhost 127.0.0.1 169.254.169.254`)
	for _, target := range []string{"http://localhost:2019", "http://127.0.0.1:2019/config/", "http://169.254.169.254/latest/meta-data"} {
		status, body := rawMCP(t, endpoint, http.Header{"X-Atlassian-Jira-Personal-Token": {"x"}, "X-Atlassian-Jira-Url": {target}})
		if status != http.StatusForbidden || !strings.Contains(body, "refusing to connect") {
			t.Errorf("%s: status %d %s, want 403 refusing the address", target, status, body)
		}
	}
}

// rawMCP posts a tools/list with the given headers and returns the status
// and body.
func rawMCP(t *testing.T, endpoint string, hdr http.Header) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, endpoint, strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"tools/list"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	for k, v := range hdr {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil || b.Len() > 1<<16 {
			break
		}
	}
	return resp.StatusCode, b.String()
}

// TestDistinctHeaderURLsKeepMemoryFlat: thousands of requests naming
// distinct site URLs (no valid credentials needed) leave no state behind.
func TestDistinctHeaderURLsKeepMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("sends 2,000 requests")
	}
	endpoint := startMCP(t, "\t\tallowed_url_hosts 127.0.0.1\n\t\tallow_private_url_targets")
	send := func(i int) {
		status, _ := rawMCP(t, endpoint, http.Header{
			"X-Atlassian-Jira-Personal-Token": {"x"},
			"X-Atlassian-Jira-Url":            {fmt.Sprintf("https://127.0.0.1/ctx-%d/%s", i, strings.Repeat("p", 200))},
		})
		if status != http.StatusOK {
			t.Fatalf("request %d: status %d", i, status)
		}
	}
	for i := range 200 { // warm pools and caches
		send(i)
	}
	before := heapInUse()
	for i := range 2000 {
		send(1000 + i)
	}
	growth := int64(heapInUse()) - int64(before)
	t.Logf("heap in use grew by %d KiB over 2,000 distinct header URLs", growth/1024)
	if growth > 8<<20 {
		t.Errorf("heap grew by %d MiB over 2,000 distinct header URLs; header sites must not be retained", growth>>20)
	}
}

func heapInUse() uint64 {
	var m runtime.MemStats
	for range 2 {
		runtime.GC()
	}
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// TestClientDisconnectCancelsUpstreamCalls: abandoned tool calls against a
// hanging Jira end their upstream requests when the client goes, not at
// the 75 s timeout.
func TestClientDisconnectCancelsUpstreamCalls(t *testing.T) {
	var started, cancelled atomic.Int32
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started.Add(1)
		select {
		case <-r.Context().Done():
			cancelled.Add(1)
		case <-time.After(60 * time.Second):
		}
	}))
	t.Cleanup(hang.Close)
	endpoint := startMCP(t, fmt.Sprintf(`		allow_global_credentials true
		jira %s {
			personal_token alice-pat
			retry 1
		}`, hang.URL))
	const calls = 20
	for i := range calls {
		ctx, cancel := context.WithCancel(context.Background())
		body := fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"jira_get_issue","arguments":{"issue_key":"DEMO-%d"}}}`, i+1, i+1)
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		go func() { // the call hangs until the client gives up
			resp, err := http.DefaultClient.Do(req)
			if err == nil {
				resp.Body.Close()
			}
		}()
		waitFor(t, 10*time.Second, func() bool { return started.Load() == int32(i+1) }, "the upstream call to start")
		cancel()
	}
	waitFor(t, 20*time.Second, func() bool { return cancelled.Load() == calls }, "every abandoned call to be cancelled upstream")
}

// waitFor polls cond until it holds; a bound on waiting for an event, not
// a timing assertion.
func waitFor(t *testing.T, limit time.Duration, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s after %s", what, limit)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestOversizedArgumentsAreRefused: a megabyte key or an absurd limit is a
// short tool error, not an echo of the input.
func TestOversizedArgumentsAreRefused(t *testing.T) {
	t.Setenv("E2E_ALICE_TOKEN", "alice-api-token")
	t.Setenv("E2E_ALICE_PAT", "alice-pat")
	u := startUpstream(t, atlassian.Server, false)
	cs := connect(t, startMCP(t, siteBlocks(u, atlassian.Server)), nil)
	r := mustFail(t, cs, "jira_get_issue", map[string]any{"issue_key": strings.Repeat("A", 1<<20)}, "issue_key")
	if len(r.text) > 1000 {
		t.Errorf("the error echoes %d bytes", len(r.text))
	}
	mustFail(t, cs, "jira_search", map[string]any{"jql": "project = DEMO", "limit": 1_000_000}, "limit")
}
