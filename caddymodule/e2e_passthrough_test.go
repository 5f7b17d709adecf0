package caddymodule_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox"
)

// headerLog is a sandbox that remembers one header of every request.
type headerLog struct {
	*httptest.Server
	mu   sync.Mutex
	seen []string
}

func startHeaderLog(t *testing.T, name string) *headerLog {
	t.Helper()
	l := &headerLog{}
	sb := sandbox.New(sandbox.Options{Deployment: atlassian.Server})
	l.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.seen = append(l.seen, r.Header.Get(name))
		l.mu.Unlock()
		sb.ServeHTTP(w, r)
	}))
	t.Cleanup(l.Server.Close)
	return l
}

func (l *headerLog) last() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.seen) == 0 {
		return ""
	}
	return l.seen[len(l.seen)-1]
}

// TestPassthroughHeaders: JIRA_PASSTHROUGH_HEADERS copies named headers of
// the MCP request to Jira, replacing a static header of the same name.
func TestPassthroughHeaders(t *testing.T) {
	up := startHeaderLog(t, "X-Trace-Id")
	endpoint := startMCP(t, fmt.Sprintf(`		allow_global_credentials true
		jira %s {
			personal_token alice-pat
			header X-Trace-Id static
			passthrough_headers X-Trace-Id
		}`, up.URL))
	cs := connect(t, endpoint, http.Header{"X-Trace-Id": {"trace-42"}})
	mustCall(t, cs, "jira_get_issue", map[string]any{"issue_key": "DEMO-1"})
	if got := up.last(); got != "trace-42" {
		t.Errorf("Jira saw X-Trace-Id %q, want the request's trace-42", got)
	}
	plain := connect(t, endpoint, nil)
	mustCall(t, plain, "jira_get_issue", map[string]any{"issue_key": "DEMO-1"})
	if got := up.last(); got != "static" {
		t.Errorf("without the request header Jira saw %q, want the static value", got)
	}
}

// TestIgnoreHeaderAuth: with ignore_header_auth a platform's own
// Authorization header is not taken for the user's credentials.
func TestIgnoreHeaderAuth(t *testing.T) {
	up := startHeaderLog(t, "Authorization")
	endpoint := startMCP(t, fmt.Sprintf(`		allow_global_credentials true
		ignore_header_auth
		jira %s {
			personal_token alice-pat
		}`, up.URL))
	cs := connect(t, endpoint, http.Header{"Authorization": {"Bearer platform-injected-token"}})
	mustCall(t, cs, "jira_get_issue", map[string]any{"issue_key": "DEMO-1"})
	if got := up.last(); got != "Bearer alice-pat" {
		t.Errorf("Jira saw Authorization %q, want the configured PAT", got)
	}
}

// TestExternalAuth: ATLASSIAN_EXTERNAL_AUTH_ENABLE serves requests
// without credentials and sends no Authorization of its own; the gateway's
// session header, passed through, authenticates.
func TestExternalAuth(t *testing.T) {
	up := startHeaderLog(t, "Authorization")
	t.Setenv("ATLASSIAN_EXTERNAL_AUTH_ENABLE", "true")
	t.Setenv("IGNORE_HEADER_AUTH", "true")
	t.Setenv("JIRA_URL", up.URL)
	t.Setenv("JIRA_PASSTHROUGH_HEADERS", "Authorization")
	endpoint := startMCP(t, "")
	cs := connect(t, endpoint, http.Header{"Authorization": {"Bearer bob-pat"}})
	got := mustCall(t, cs, "jira_get_issue", map[string]any{"issue_key": "DEMO-1"}).obj(t)
	if got["key"] != "DEMO-1" || up.last() != "Bearer bob-pat" {
		t.Errorf("issue %v, Jira saw Authorization %q; want the gateway's session passed through", got["key"], up.last())
	}
	anonymous := connect(t, endpoint, nil)
	mustFail(t, anonymous, "jira_get_issue", map[string]any{"issue_key": "DEMO-1"}, "401")
	if up.last() != "" {
		t.Errorf("without a session Jira saw Authorization %q, want none", up.last())
	}
}
