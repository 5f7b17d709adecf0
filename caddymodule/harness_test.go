package caddymodule_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig"
	_ "github.com/caddyserver/caddy/v2/caddyconfig/httpcaddyfile"
	_ "github.com/caddyserver/caddy/v2/modules/standard"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox"
	_ "github.com/mcp-atlassian/caddy-mcp-atlassian/caddymodule"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/internal/contract"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// upstream is a sandbox Atlassian served over real HTTP, behind the
// OpenAPI contract recorder, with a log of who called what.
type upstream struct {
	*httptest.Server
	sandbox  *sandbox.Server
	recorder *contract.Recorder // nil when the OpenAPI documents are absent (outside CI)

	mu  sync.Mutex
	obs []sandbox.Observation
}

func (u *upstream) observations() []sandbox.Observation {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]sandbox.Observation(nil), u.obs...)
}

// allowedOffContract are requests whose answer Atlassian's documents do
// not describe but the sandbox must give: the removed Cloud search (410).
var allowedOffContract = []string{"* /rest/api/3/search", "* /rest/api/2/search"}

// startUpstream starts a sandbox of deployment d; tlsServer serves it over
// HTTPS with httptest's self-signed certificate.
func startUpstream(t *testing.T, d atlassian.Deployment, tlsServer bool) *upstream {
	t.Helper()
	u := &upstream{}
	u.sandbox = sandbox.New(sandbox.Options{Deployment: d, Observe: func(o sandbox.Observation) {
		u.mu.Lock()
		u.obs = append(u.obs, o)
		u.mu.Unlock()
	}})
	var handler http.Handler = u.sandbox
	if v := contract.Optional(t); v != nil {
		allow := contract.Undocumented(sandbox.Routes(d))
		if d == atlassian.Cloud {
			allow = append(allow, allowedOffContract...)
		}
		u.recorder = v.Middleware(u.sandbox, d, allow...)
		handler = u.recorder
	}
	if tlsServer {
		u.Server = httptest.NewTLSServer(handler)
	} else {
		u.Server = httptest.NewServer(handler)
	}
	t.Cleanup(func() {
		u.Server.Close()
		if u.recorder != nil {
			u.recorder.Check(t)
		}
	})
	return u
}

// freePort finds a loopback port for a Caddy listener.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// caddyMu serialises tests that run Caddy: it is a process-wide singleton.
var caddyMu sync.Mutex

// startCaddy adapts a Caddyfile and runs it in this process until the test
// ends. The Caddyfile's global options should include "admin off".
func startCaddy(t *testing.T, caddyfile string) {
	t.Helper()
	caddyMu.Lock()
	adapter := caddyconfig.GetAdapter("caddyfile")
	cfgJSON, warnings, err := adapter.Adapt([]byte(caddyfile), nil)
	if err != nil {
		caddyMu.Unlock()
		t.Fatalf("adapting Caddyfile: %v\n%s", err, caddyfile)
	}
	for _, w := range warnings {
		t.Logf("caddyfile warning: %s", w.String())
	}
	if err := caddy.Load(cfgJSON, true); err != nil {
		caddyMu.Unlock()
		t.Fatalf("loading config: %v", err)
	}
	t.Cleanup(func() {
		if err := caddy.Stop(); err != nil {
			t.Errorf("stopping caddy: %v", err)
		}
		caddyMu.Unlock()
	})
}

// startMCP runs Caddy with one mcp_atlassian block (given as its body) on
// a free port and returns the MCP endpoint URL.
func startMCP(t *testing.T, block string) string {
	t.Helper()
	port := freePort(t)
	startCaddy(t, fmt.Sprintf(`{
	admin off
	auto_https off
	persist_config off
}
http://127.0.0.1:%d {
	mcp_atlassian /mcp* {
%s
	}
	respond 404
}
`, port, block))
	return fmt.Sprintf("http://127.0.0.1:%d/mcp", port)
}

// headerTransport adds fixed headers (credentials) to every request.
type headerTransport struct {
	headers http.Header
	base    http.RoundTripper
}

func (h *headerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	for k, v := range h.headers {
		r.Header[k] = v
	}
	return h.base.RoundTrip(r)
}

// connect opens an MCP client session over streamable HTTP with the go-sdk
// client, sending the given headers on every request.
func connect(t *testing.T, endpoint string, headers http.Header) *mcp.ClientSession {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client := mcp.NewClient(&mcp.Implementation{Name: "e2e-test", Version: "1"}, nil)
	transport := &mcp.StreamableClientTransport{
		Endpoint:   endpoint,
		HTTPClient: &http.Client{Transport: &headerTransport{headers: headers, base: http.DefaultTransport}, Timeout: 60 * time.Second},
		MaxRetries: -1,
	}
	cs, err := client.Connect(ctx, transport, nil)
	if err != nil {
		t.Fatalf("connecting to %s: %v", endpoint, err)
	}
	t.Cleanup(func() { _ = cs.Close() })
	return cs
}

// toolNames lists the tools a session sees.
func toolNames(t *testing.T, cs *mcp.ClientSession) []string {
	t.Helper()
	res, err := cs.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatalf("tools/list: %v", err)
	}
	names := make([]string, len(res.Tools))
	for i, tool := range res.Tools {
		names[i] = tool.Name
	}
	return names
}

// callResult is a tool result: its text, and its JSON when it parses.
type callResult struct {
	text    string
	isError bool
	json    any
}

func (r callResult) obj(t *testing.T) map[string]any {
	t.Helper()
	m, ok := r.json.(map[string]any)
	if !ok {
		t.Fatalf("tool result is not a JSON object: %s", r.text)
	}
	return m
}

func (r callResult) list(t *testing.T) []any {
	t.Helper()
	l, ok := r.json.([]any)
	if !ok {
		t.Fatalf("tool result is not a JSON array: %s", r.text)
	}
	return l
}

// call invokes a tool and returns its result; protocol errors fail the test.
func call(t *testing.T, cs *mcp.ClientSession, name string, args map[string]any) callResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var texts []string
	for _, c := range res.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			texts = append(texts, tc.Text)
		}
	}
	r := callResult{text: strings.Join(texts, "\n"), isError: res.IsError}
	_ = json.Unmarshal([]byte(r.text), &r.json)
	if !r.isError {
		succeeded.record(cs, name)
	}
	return r
}

// succeeded remembers which tools answered without error on each session,
// so TestToolsEndToEnd can tell that every catalogued tool was driven.
var succeeded = &toolLog{bySession: map[*mcp.ClientSession]map[string]bool{}}

type toolLog struct {
	mu        sync.Mutex
	bySession map[*mcp.ClientSession]map[string]bool
}

func (l *toolLog) record(cs *mcp.ClientSession, name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.bySession[cs] == nil {
		l.bySession[cs] = map[string]bool{}
	}
	l.bySession[cs][name] = true
}

func (l *toolLog) tools(cs *mcp.ClientSession) map[string]bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return maps.Clone(l.bySession[cs])
}

// mustCall is call that also fails the test on a tool error.
func mustCall(t *testing.T, cs *mcp.ClientSession, name string, args map[string]any) callResult {
	t.Helper()
	r := call(t, cs, name, args)
	if r.isError {
		t.Fatalf("%s(%v) failed: %s", name, args, r.text)
	}
	return r
}

// mustFail is call that expects a tool error containing every fragment.
func mustFail(t *testing.T, cs *mcp.ClientSession, name string, args map[string]any, fragments ...string) callResult {
	t.Helper()
	r := call(t, cs, name, args)
	if !r.isError {
		t.Fatalf("%s(%v) succeeded, want an error: %s", name, args, r.text)
	}
	for _, f := range fragments {
		if !strings.Contains(r.text, f) {
			t.Errorf("%s error %q does not mention %q", name, r.text, f)
		}
	}
	return r
}

// dig walks a JSON value by keys and indexes.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func basicHeader(user, secret string) http.Header {
	r, _ := http.NewRequest("GET", "/", nil)
	r.SetBasicAuth(user, secret)
	return http.Header{"Authorization": r.Header["Authorization"]}
}
