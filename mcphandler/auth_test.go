package mcphandler

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
)

func TestParseRequestAuth(t *testing.T) {
	h := &Handler{opts: Options{AllowedURLHosts: []string{"jira.example.com", ".corp.example"}}}
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	for _, tc := range []struct {
		name    string
		hdr     http.Header
		kind    authKind
		wantErr string
	}{
		{"none", http.Header{}, authNone, ""},
		{"basic", http.Header{"Authorization": {"Basic " + b64("a@b.c:tok")}}, authBasic, ""},
		{"basic lower-case scheme", http.Header{"Authorization": {"basic " + b64("a@b.c:tok")}}, authBasic, ""},
		{"basic no colon", http.Header{"Authorization": {"Basic " + b64("abc")}}, 0, "both parts"},
		{"basic empty secret", http.Header{"Authorization": {"Basic " + b64("a:")}}, 0, "both parts"},
		{"basic not base64", http.Header{"Authorization": {"Basic %%%"}}, 0, "base64"},
		{"token", http.Header{"Authorization": {"Token pat"}}, authToken, ""},
		{"empty token", http.Header{"Authorization": {"Token"}}, 0, "empty"},
		{"bearer", http.Header{"Authorization": {"Bearer x"}}, authBearer, ""},
		{"other scheme", http.Header{"Authorization": {"Negotiate x"}}, 0, "only 'Bearer"},
		{"pair allowed", http.Header{"X-Atlassian-Jira-Personal-Token": {"p"}, "X-Atlassian-Jira-Url": {"https://jira.example.com/"}}, authNone, ""},
		{"pair subdomain", http.Header{"X-Atlassian-Confluence-Personal-Token": {"p"}, "X-Atlassian-Confluence-Url": {"https://wiki.corp.example/confluence"}}, authNone, ""},
		{"pair refused host", http.Header{"X-Atlassian-Jira-Personal-Token": {"p"}, "X-Atlassian-Jira-Url": {"http://127.0.0.1:22"}}, 0, "allowed_url_hosts"},
		{"pair half", http.Header{"X-Atlassian-Jira-Personal-Token": {"p"}}, 0, "together"},
		{"pair user info", http.Header{"X-Atlassian-Jira-Personal-Token": {"p"}, "X-Atlassian-Jira-Url": {"https://u:p@jira.example.com"}}, 0, "user info"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := h.parseRequestAuth(tc.hdr)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a.kind != tc.kind {
				t.Errorf("kind = %v, want %v", a.kind, tc.kind)
			}
		})
	}
}

func TestCheckRequestWithoutCredentials(t *testing.T) {
	r, _ := http.NewRequest(http.MethodPost, "/mcp", nil)
	if err := (&Handler{opts: Options{AllowGlobalCredentials: true}}).CheckRequest(r); err != nil {
		t.Errorf("global credentials allowed: %v", err)
	}
	err := (&Handler{}).CheckRequest(r)
	if _, ok := err.(*AuthError); !ok || !strings.Contains(err.Error(), "no Atlassian credentials") {
		t.Errorf("global credentials refused: %v", err)
	}
}
