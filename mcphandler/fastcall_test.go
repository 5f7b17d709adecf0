package mcphandler

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// fastPair serves the same configuration twice over HTTP, against one
// sandbox: with the fast path, and with every request through the SDK.
func fastPair(t *testing.T, opts Options) (fast, sdk *Handler, fastURL, sdkURL string) {
	t.Helper()
	sb := httptest.NewServer(sandbox.New(sandbox.Options{Deployment: atlassian.Cloud}))
	t.Cleanup(sb.Close)
	base, _ := url.Parse(sb.URL)
	site := &atlassian.Site{Product: atlassian.Jira, Deployment: atlassian.Cloud, BaseURL: base, HTTP: atlassian.NewHTTPClient(atlassian.TransportOptions{})}
	opts.Jira = &Product{Site: site}
	var err error
	if fast, err = New(opts); err != nil {
		t.Fatal(err)
	}
	if sdk, err = New(opts); err != nil {
		t.Fatal(err)
	}
	sdk.sdkOnly = true
	fs, ss := httptest.NewServer(fast), httptest.NewServer(sdk)
	t.Cleanup(fs.Close)
	t.Cleanup(ss.Close)
	return fast, sdk, fs.URL, ss.URL
}

// alice is the identity of the sandbox user the requests authenticate as.
func alice(t *testing.T, h *Handler) *Identity {
	r := httptest.NewRequest(http.MethodPost, "/", nil)
	r.SetBasicAuth("alice@example.com", "alice-api-token")
	id, err := h.parseIdentity(r.Header)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

type answer struct {
	status  int
	header  http.Header
	message any // the JSON-RPC message, from the SSE event or the JSON body
	raw     string
}

func post(t *testing.T, endpoint string, header http.Header, body string) answer {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, endpoint, strings.NewReader(body))
	req.Header = header.Clone()
	req.SetBasicAuth("alice@example.com", "alice-api-token")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, header: resp.Header, raw: string(raw)}
	data := raw
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		const prefix = "event: message\ndata: "
		if !bytes.HasPrefix(raw, []byte(prefix)) || !bytes.HasSuffix(raw, []byte("\n\n")) || bytes.Count(raw, []byte("\n\n")) != 1 {
			t.Fatalf("not one SSE message event: %q", raw)
		}
		data = raw[len(prefix) : len(raw)-2]
	}
	if json.Unmarshal(data, &a.message) != nil {
		a.message = nil
	}
	return a
}

func mcpHeader(version, accept string) http.Header {
	h := http.Header{"Content-Type": {"application/json"}, "Accept": {accept}}
	if version != "" {
		h.Set("Mcp-Protocol-Version", version)
	}
	return h
}

// stateless turns a request into the 2026-07-28 protocol's: the client's
// identity in _meta (as the go-sdk client sends it), the method and tool
// name in headers.
func stateless(t *testing.T, body string, h http.Header) (string, http.Header) {
	var msg map[string]any
	if err := json.Unmarshal([]byte(body), &msg); err != nil {
		t.Fatal(err)
	}
	params := msg["params"].(map[string]any)
	meta, _ := params["_meta"].(map[string]any)
	if meta == nil {
		meta = map[string]any{}
	}
	meta[mcp.MetaKeyProtocolVersion] = statelessProtocol
	meta[mcp.MetaKeyClientInfo] = map[string]any{"name": "test", "version": "1"}
	meta[mcp.MetaKeyClientCapabilities] = map[string]any{"roots": map[string]any{"listChanged": true}}
	params["_meta"] = meta
	out, _ := json.Marshal(msg)
	h = h.Clone()
	h.Set("Mcp-Method", "tools/call")
	h.Set("Mcp-Name", params["name"].(string))
	return string(out), h
}

// TestFastCallMatchesSDK: for every request the fast path answers, its
// answer is the SDK's: status, the headers a client reads, and the
// JSON-RPC message; for JSON answers and SSE alike, every protocol
// version it takes, results, tool errors and non-text content.
func TestFastCallMatchesSDK(t *testing.T) {
	for _, jsonResponse := range []bool{false, true} {
		fast, _, fastURL, sdkURL := fastPair(t, Options{JSONResponse: jsonResponse})
		bodies := []string{
			`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"jira_get_issue","arguments":{"issue_key":"DEMO-14"}}}`,
			`{"jsonrpc":"2.0","id":"a-<b>&\u00e9","method":"tools/call","params":{"name":"jira_get_issue","arguments":{"issue_key":"DEMO-1","fields":"summary,description"}}}`,
			` {"params":{"_meta":{"progressToken":7},"arguments":{"issue_key":"DEMO-404"},"name":"jira_get_issue"},"method":"tools/call","id":-42,"jsonrpc":"2.0"} `,
			`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"jira_get_issue","arguments":{"issue_key":"DEMO-1","bogus":1}}}`,
			`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"jira_download_attachments","arguments":{"issue_key":"DEMO-4"}}}`,
			`{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"jira_search","arguments":{"jql":"project = DEMO ORDER BY key","limit":3}}}`,
			`{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"jira_get_all_projects"}}`,
		}
		for _, version := range []string{"", "2025-03-26", "2025-06-18", "2025-11-25", statelessProtocol} {
			for _, accept := range []string{"application/json, text/event-stream", "*/*"} {
				for _, body := range bodies {
					h := mcpHeader(version, accept)
					if version == statelessProtocol {
						body, h = stateless(t, body, h)
					}
					if _, ok := parseToolCall([]byte(body), version); !ok {
						t.Fatalf("the fast path does not take %s", body)
					}
					before := fast.fastCalls.Load()
					got, want := post(t, fastURL, h, body), post(t, sdkURL, h, body)
					if fast.fastCalls.Load() != before+1 {
						t.Fatalf("version %q, %s: the fast path did not answer", version, body)
					}
					if got.status != want.status || got.message == nil || !reflect.DeepEqual(got.message, want.message) {
						t.Fatalf("json_response %v, version %q, %s:\nfast %d %s\nSDK  %d %s", jsonResponse, version, body,
							got.status, got.raw, want.status, want.raw)
					}
					for _, k := range []string{"Content-Type", "Cache-Control"} {
						if got.header.Get(k) != want.header.Get(k) {
							t.Errorf("%s: fast %q, SDK %q", k, got.header.Get(k), want.header.Get(k))
						}
					}
				}
			}
		}
		// A plain call answers its result, not a tool error.
		if a := post(t, fastURL, mcpHeader("2025-06-18", "*/*"), bodies[0]); !strings.Contains(a.raw, `DEMO-14`) || strings.Contains(a.raw, `"isError"`) {
			t.Fatalf("jira_get_issue: %s", a.raw)
		}
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(bodies[0]))
		req.Header = mcpHeader("2025-06-18", "application/json, text/event-stream")
		if !fast.serveToolCall(rec, req, alice(t, fast)) || rec.Code != http.StatusOK {
			t.Fatalf("fast path declined a plain call: %d %s", rec.Code, rec.Body)
		}
	}
}

func statelessHeader(name string) http.Header {
	h := mcpHeader(statelessProtocol, "application/json, text/event-stream")
	h.Set("Mcp-Method", "tools/call")
	h.Set("Mcp-Name", name)
	return h
}

// statelessPlain is a 2026-07-28 jira_get_issue call with the given
// capabilities and more _meta.
func statelessPlain(capabilities, more string) string {
	return `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"_meta":{"` + mcp.MetaKeyProtocolVersion + `":"` + statelessProtocol +
		`","` + mcp.MetaKeyClientCapabilities + `":{` + capabilities + `}` + more + `},"name":"jira_get_issue","arguments":{"issue_key":"DEMO-1"}}}`
}

// TestFastCallDeclines: whatever is not a plain stateless tools/call goes
// to the SDK untouched, its body readable in full, and is answered as the
// SDK answers it.
func TestFastCallDeclines(t *testing.T) {
	fast, _, fastURL, sdkURL := fastPair(t, Options{})
	const plain = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"jira_get_issue","arguments":{"issue_key":"DEMO-1"}}}`
	sse := "application/json, text/event-stream"
	cases := []struct {
		name   string
		header http.Header
		body   string
	}{
		{"other method", mcpHeader("2025-06-18", sse), `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`},
		{"notification", mcpHeader("2025-06-18", sse), `{"jsonrpc":"2.0","method":"notifications/initialized"}`},
		{"batch", mcpHeader("2025-03-26", sse), `[` + plain + `]`},
		{"newer protocol", mcpHeader("2027-01-01", sse), plain},
		{"stateless protocol without _meta", statelessHeader("jira_get_issue"), plain},
		{"stateless protocol without Mcp-Name", func() http.Header { h := statelessHeader(""); h.Del("Mcp-Name"); return h }(), statelessPlain(`"roots":{}`, "")},
		{"stateless protocol, other Mcp-Name", statelessHeader("jira_search"), statelessPlain(`"roots":{}`, "")},
		{"stateless protocol, other Mcp-Method", func() http.Header {
			h := statelessHeader("jira_get_issue")
			h.Set("Mcp-Method", "tools/list")
			return h
		}(), statelessPlain(`"roots":{}`, "")},
		{"stateless protocol, other _meta version", statelessHeader("jira_get_issue"), strings.Replace(statelessPlain(`"roots":{}`, ""), statelessProtocol, "2025-06-18", 1)},
		{"stateless protocol, no capabilities", statelessHeader("jira_get_issue"), strings.Replace(statelessPlain(`"roots":{}`, ""), mcp.MetaKeyClientCapabilities, "x", 1)},
		{"stateless protocol, bad capabilities", statelessHeader("jira_get_issue"), statelessPlain(`"roots":5`, "")},
		{"stateless protocol, bad client info", statelessHeader("jira_get_issue"), statelessPlain(`"roots":{}`, `,"`+mcp.MetaKeyClientInfo+`":"me"`)},
		{"unknown version", mcpHeader("1999-01-01", sse), plain},
		{"unknown tool", mcpHeader("2025-06-18", sse), strings.Replace(plain, "jira_get_issue", "jira_nope", 1)},
		{"upper-case key", mcpHeader("2025-06-18", sse), strings.Replace(plain, `"method"`, `"Method"`, 1)},
		{"extra key", mcpHeader("2025-06-18", sse), strings.Replace(plain, `"id":1`, `"id":1,"x":2`, 1)},
		{"repeated key", mcpHeader("2025-06-18", sse), strings.Replace(plain, `"id":1`, `"id":1,"id":2`, 1)},
		{"null id", mcpHeader("2025-06-18", sse), strings.Replace(plain, `"id":1`, `"id":null`, 1)},
		{"float id", mcpHeader("2025-06-18", sse), strings.Replace(plain, `"id":1`, `"id":1.5`, 1)},
		{"array arguments", mcpHeader("2025-06-18", sse), strings.Replace(plain, `{"issue_key":"DEMO-1"}`, `["DEMO-1"]`, 1)},
		{"meta beyond a progress token", mcpHeader("2025-06-18", sse), strings.Replace(plain, `"arguments"`, `"_meta":{"io.modelcontextprotocol/protocolVersion":"2025-06-18"},"arguments"`, 1)},
		{"wrong version tag", mcpHeader("2025-06-18", sse), strings.Replace(plain, `"2.0"`, `"1.0"`, 1)},
		{"not JSON", mcpHeader("2025-06-18", sse), plain[:40]},
		{"nested deeper than the SDK allows", mcpHeader("2025-06-18", sse), strings.Replace(plain, `"DEMO-1"}`, `"DEMO-1","x":`+strings.Repeat("[", 1000)+strings.Repeat("]", 1000)+`}`, 1)},
		{"no event stream accepted", mcpHeader("2025-06-18", "application/json"), plain},
		{"form content", http.Header{"Content-Type": {"text/plain"}, "Accept": {sse}}, plain},
		{"last event id", func() http.Header { h := mcpHeader("2025-06-18", sse); h.Set("Last-Event-ID", "x_1"); return h }(), plain},
	}
	for _, tc := range cases {
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(tc.body))
		req.Header = tc.header.Clone()
		rec := httptest.NewRecorder()
		if fast.serveToolCall(rec, req, alice(t, fast)) {
			t.Errorf("%s: the fast path answered", tc.name)
			continue
		}
		if rest, _ := io.ReadAll(req.Body); string(rest) != tc.body {
			t.Errorf("%s: the SDK would read %q", tc.name, rest)
		}
		before := fast.fastCalls.Load()
		got, want := post(t, fastURL, tc.header, tc.body), post(t, sdkURL, tc.header, tc.body)
		if fast.fastCalls.Load() != before {
			t.Errorf("%s: the fast path answered over HTTP", tc.name)
		}
		if got.status != want.status || got.raw != want.raw && !reflect.DeepEqual(got.message, want.message) {
			t.Errorf("%s: fast %d %q, SDK %d %q", tc.name, got.status, got.raw, want.status, want.raw)
		}
	}
	// What is valid in one _meta field is not taken for valid in another.
	meta := func(caps, info string) []byte {
		return []byte(`{"` + mcp.MetaKeyProtocolVersion + `":"` + statelessProtocol + `","` + mcp.MetaKeyClientCapabilities + `":` + caps + info + `}`)
	}
	if !validMeta(meta(`{"name":5}`, ""), statelessProtocol) {
		t.Error(`capabilities {"name":5} refused; the SDK ignores the unknown field`)
	}
	if validMeta(meta(`{}`, `,"`+mcp.MetaKeyClientInfo+`":{"name":5}`), statelessProtocol) {
		t.Error(`client info {"name":5} accepted; the SDK refuses a name that is not a string`)
	}
	// A stateful server leaves everything to the SDK.
	stateful, _, _, _ := fastPair(t, Options{Stateful: true})
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(plain))
	req.Header = mcpHeader("2025-06-18", sse)
	if stateful.serveToolCall(httptest.NewRecorder(), req, alice(t, stateful)) {
		t.Error("stateful: the fast path answered")
	}
}

// TestNoToolMirrorsHeaders: every tool is one the fast path may answer.
func TestNoToolMirrorsHeaders(t *testing.T) {
	h, _, _, _ := fastPair(t, Options{})
	for name, p := range h.tools {
		if mirrorsHeaders(p) || h.headerTools[name] {
			t.Errorf("%s: the fast path would leave it to the SDK", name)
		}
	}
}
