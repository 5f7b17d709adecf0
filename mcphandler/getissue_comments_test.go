package mcphandler

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// TestGetIssueEmbeddedComments: jira_get_issue takes the comments Jira
// embeds in the issue when that list is complete (one request), and asks
// for the newest ones separately when it is not; both give the same answer.
func TestGetIssueEmbeddedComments(t *testing.T) {
	// partial makes Jira's embedded comment list look truncated.
	var truncate atomic.Bool
	partial := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !truncate.Load() || !strings.HasSuffix(r.URL.Path, "/issue/DEMO-4") {
				next.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			var is map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &is); err != nil {
				t.Error(err)
			}
			if cm, ok := is["fields"].(map[string]any)["comment"].(map[string]any); ok {
				cm["total"] = 1000
			}
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(is)
		})
	}
	for _, d := range []atlassian.Deployment{atlassian.Cloud, atlassian.Server} {
		t.Run(string(d), func(t *testing.T) {
			args := map[string]any{"issue_key": "DEMO-4", "comment_limit": 2}
			truncate.Store(false)
			cs, seen := sandboxSession(t, d, Options{}, partial)
			embedded := mustSucceed(t, cs, "jira_get_issue", args)
			if n := len(seen()); n != 1 {
				t.Errorf("complete embedded comments: %d upstream requests, want 1: %+v", n, seen())
			}
			truncate.Store(true)
			fetched := mustSucceed(t, cs, "jira_get_issue", args)
			truncate.Store(false)
			if n := len(seen()); n != 3 {
				t.Errorf("truncated embedded comments: %d upstream requests, want 2 more: %+v", n, seen())
			}
			comments, _ := embedded["comments"].([]any)
			if len(comments) != 2 {
				t.Fatalf("comments = %v", embedded["comments"])
			}
			if !reflect.DeepEqual(embedded, fetched) {
				a, _ := json.Marshal(embedded)
				b, _ := json.Marshal(fetched)
				t.Errorf("embedded and fetched comments differ:\n%s\n%s", a, b)
			}
			// The newest two, oldest first.
			all := mustSucceed(t, cs, "jira_get_issue", map[string]any{"issue_key": "DEMO-4", "comment_limit": 10})["comments"].([]any)
			if len(all) != 3 || !bytes.Equal(mustJSON(t, all[1:]), mustJSON(t, comments)) {
				t.Errorf("limit 2 kept %s of %s", mustJSON(t, comments), mustJSON(t, all))
			}
		})
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestGetIssueTooManyComments: an issue whose embedded comments would
// exceed the response cap is read again without them, and its newest
// comments are asked for separately.
func TestGetIssueTooManyComments(t *testing.T) {
	huge := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, "/issue/DEMO-4") && strings.Contains(r.URL.Query().Get("fields"), "comment") {
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("Content-Length", "1073741824") // more than any cap
				w.WriteHeader(http.StatusOK)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	cs, seen := sandboxSession(t, atlassian.Cloud, Options{}, huge)
	got := mustSucceed(t, cs, "jira_get_issue", map[string]any{"issue_key": "DEMO-4", "comment_limit": 2})
	if comments, _ := got["comments"].([]any); len(comments) != 2 || got["summary"] == nil {
		t.Errorf("answer = %v", got)
	}
	if n := len(seen()); n != 2 { // the refused read is cut before the sandbox
		t.Errorf("%d upstream requests answered by the sandbox, want 2 (issue, comments): %+v", n, seen())
	}
}
