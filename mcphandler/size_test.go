package mcphandler

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox"
)

// readBytes counts the bytes of the issue answers the tools read, and
// remembers the host they were asked at.
type readBytes struct {
	mu   sync.Mutex
	n    int
	host string
}

func (rb *readBytes) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		rb.mu.Lock()
		if strings.Contains(r.URL.Path, "/issue/") {
			rb.n += rec.Body.Len()
		}
		rb.host = r.Host
		rb.mu.Unlock()
		for k, vs := range rec.Header() {
			w.Header()[k] = vs
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

// rawIssue is the issue as Jira's REST API gives it to a plain GET: every
// navigable field, comments included.
func rawIssue(t *testing.T, d atlassian.Deployment, host, key string) int {
	t.Helper()
	version, user, pass := "3", "alice@example.com", "alice-api-token"
	if d == atlassian.Server {
		version, user, pass = "2", "alice", "alice-password"
	}
	r := httptest.NewRequest(http.MethodGet, "http://"+host+"/rest/api/"+version+"/issue/"+key, nil)
	r.SetBasicAuth(user, pass)
	w := httptest.NewRecorder()
	sandbox.New(sandbox.Options{Deployment: d}).ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		t.Fatalf("raw issue: %d %s", w.Code, w.Body)
	}
	return w.Body.Len()
}

// TestGetIssueSizeBudget: jira_get_issue answers a typical issue (the
// sandbox's DEMO-14: a bug with a description, a table, a code block and
// two comments) in at most a quarter of the bytes of the issue's REST
// representation, on Cloud (ADF) and Server/DC (wiki markup). A budget,
// not a timing; docs/PERFORMANCE.md has the figures.
func TestGetIssueSizeBudget(t *testing.T) {
	for _, d := range []atlassian.Deployment{atlassian.Cloud, atlassian.Server} {
		t.Run(string(d), func(t *testing.T) {
			var read readBytes
			cs, _ := sandboxSession(t, d, Options{}, read.wrap)
			text, failed := callText(t, cs, "jira_get_issue", map[string]any{"issue_key": "DEMO-14"})
			if failed {
				t.Fatal(text)
			}
			raw := rawIssue(t, d, read.host, "DEMO-14")
			ratio := float64(len(text)) / float64(raw)
			t.Logf("answer %d bytes; REST issue %d bytes (%.1f%%); the issue and comment answers read %d bytes (%.1f%%)",
				len(text), raw, 100*ratio, read.n, 100*float64(len(text))/float64(read.n))
			if ratio > 0.25 {
				t.Errorf("answer is %.1f%% of the REST issue; the budget is 25%%:\n%s", 100*ratio, text)
			}
		})
	}
}
