package main

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler"
)

// TestFakeJiraReplays: the first answer to a URL is the sandbox's, and
// later ones are the same bytes, whatever the sandbox would say now.
func TestFakeJiraReplays(t *testing.T) {
	f := newFakeJira(atlassian.Cloud)
	get := func() *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, "/rest/api/3/issue/DEMO-14?fields=summary", nil)
		r.SetBasicAuth("alice@example.com", "alice-api-token")
		w := httptest.NewRecorder()
		f.ServeHTTP(w, r)
		return w
	}
	first := get()
	if first.Code != http.StatusOK || first.Body.Len() == 0 {
		t.Fatalf("first answer: %d %s", first.Code, first.Body)
	}
	f.sb = nil // a second look at the sandbox would panic
	if again := get(); again.Body.String() != first.Body.String() {
		t.Errorf("replayed %q, first %q", again.Body, first.Body)
	}
	if got := f.canned(); len(got) != 1 {
		t.Errorf("canned = %v", got)
	}
	r := httptest.NewRequest(http.MethodPost, "/rest/api/3/issue", nil)
	w := httptest.NewRecorder()
	f.ServeHTTP(w, r)
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", w.Code)
	}
}

func TestSummarize(t *testing.T) {
	lat := make([]time.Duration, 100)
	for i := range lat {
		lat[i] = time.Duration(100-i) * time.Millisecond
	}
	t0 := time.Unix(0, 0)
	r := summarize(lat, sample{at: t0}, sample{at: t0.Add(2 * time.Second), serverCPU: time.Second, mallocs: 1000, numGC: 5})
	if r.rate != 50 || r.p50 != 51 || r.p99 != 100 || r.cpuPerCall != 10000 || r.allocsPerCall != 10 || r.gcPer1k != 50 {
		t.Errorf("summary = %+v", r)
	}
}

// TestRawCaller: the minimal client gets jira_get_issue's answer from a
// stateless and a stateful server (which needs the session id it keeps),
// and reports a tool error as a failure.
func TestRawCaller(t *testing.T) {
	sb := httptest.NewServer(sandbox.New(sandbox.Options{Deployment: atlassian.Cloud}))
	defer sb.Close()
	base, _ := url.Parse(sb.URL)
	for _, stateful := range []bool{false, true} {
		site := &atlassian.Site{Product: atlassian.Jira, Deployment: atlassian.Cloud, BaseURL: base, HTTP: atlassian.NewHTTPClient(atlassian.TransportOptions{})}
		h, err := mcphandler.New(mcphandler.Options{Jira: &mcphandler.Product{Site: site}, Stateful: stateful})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(h)
		hc := &http.Client{Transport: &basicAuth{user: "alice@example.com", pass: "alice-api-token", next: http.DefaultTransport}}
		c, err := newRawCaller(t.Context(), hc, srv.URL, "2025-06-18", "jira_get_issue", map[string]any{"issue_key": "DEMO-14"})
		if err != nil {
			t.Fatalf("stateful %v: %v", stateful, err)
		}
		if stateful && c.session == "" {
			t.Error("stateful: no session id kept")
		}
		text, err := c.call(t.Context())
		if err != nil || !strings.Contains(text, `"key":"DEMO-14"`) {
			t.Errorf("stateful %v: %v, %.200s", stateful, err, text)
		}
		bad, err := newRawCaller(t.Context(), hc, srv.URL, "2025-06-18", "jira_get_issue", map[string]any{"issue_key": "NOPE-1"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := bad.call(t.Context()); err == nil || !strings.Contains(err.Error(), "tool error") {
			t.Errorf("stateful %v: a missing issue gave %v", stateful, err)
		}
		srv.Close()
		h.Close()
	}
}
