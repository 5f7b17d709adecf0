package jira_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/jira"
)

// TestServerSearchPages: Server/DC answers at most 50 issues a call; a
// search for more reads page after page from start_at, up to the limit or
// the last match.
func TestServerSearchPages(t *testing.T) {
	const matches = 120
	var calls []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start, _ := strconv.Atoi(r.URL.Query().Get("startAt"))
		size, _ := strconv.Atoi(r.URL.Query().Get("maxResults"))
		calls = append(calls, fmt.Sprintf("%d+%d", start, size))
		size = min(size, 50) // what Jira allows
		issues := []map[string]any{}
		for i := start; i < min(start+size, matches); i++ {
			issues = append(issues, map[string]any{"id": strconv.Itoa(i), "key": fmt.Sprintf("P-%d", i+1), "fields": map[string]any{}})
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"startAt": start, "maxResults": size, "total": matches, "issues": issues})
	}))
	defer srv.Close()
	base, _ := url.Parse(srv.URL)
	site := &atlassian.Site{Product: atlassian.Jira, Deployment: atlassian.Server, BaseURL: base, HTTP: atlassian.NewHTTPClient(atlassian.TransportOptions{})}
	j := jira.New(site.Client(atlassian.Bearer("pat")))
	for _, tc := range []struct {
		start, limit, want int
		first, last        string
	}{
		{0, 75, 75, "P-1", "P-75"},
		{10, 500, 110, "P-11", "P-120"},
		{0, 5, 5, "P-1", "P-5"},
	} {
		calls = nil
		page, err := j.Search(t.Context(), jira.SearchQuery{JQL: "project = P", Limit: tc.limit, StartAt: tc.start})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Issues) != tc.want || page.Issues[0].Key != tc.first || page.Issues[len(page.Issues)-1].Key != tc.last ||
			page.Total != matches || page.StartAt != tc.start {
			t.Errorf("start %d limit %d: %d issues %s..%s, total %d, start %d (calls %v)", tc.start, tc.limit, len(page.Issues),
				page.Issues[0].Key, page.Issues[len(page.Issues)-1].Key, page.Total, page.StartAt, calls)
		}
	}
}
