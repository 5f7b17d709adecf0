package mcphandler

import (
	"context"
	"encoding/base64"
	"fmt"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"testing"
)

func TestParseIdentity(t *testing.T) {
	h := &Handler{opts: Options{AllowGlobalCredentials: true, AllowedURLHosts: []string{"jira.example.com", ".corp.example", "=exact.example.org"}}}
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
		{"pair domain entry admits subdomains", http.Header{"X-Atlassian-Jira-Personal-Token": {"p"}, "X-Atlassian-Jira-Url": {"https://eu.jira.example.com"}}, authNone, ""},
		{"pair exact entry", http.Header{"X-Atlassian-Jira-Personal-Token": {"p"}, "X-Atlassian-Jira-Url": {"https://exact.example.org"}}, authNone, ""},
		{"pair exact entry refuses subdomains", http.Header{"X-Atlassian-Jira-Personal-Token": {"p"}, "X-Atlassian-Jira-Url": {"https://sub.exact.example.org"}}, 0, "allowed_url_hosts"},
		{"pair look-alike domain", http.Header{"X-Atlassian-Jira-Personal-Token": {"p"}, "X-Atlassian-Jira-Url": {"https://evil-jira.example.com.attacker.net"}}, 0, "allowed_url_hosts"},
		{"pair half", http.Header{"X-Atlassian-Jira-Personal-Token": {"p"}}, 0, "together"},
		{"pair user info", http.Header{"X-Atlassian-Jira-Personal-Token": {"p"}, "X-Atlassian-Jira-Url": {"https://u:p@jira.example.com"}}, 0, "user info"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := h.parseIdentity(tc.hdr)
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

// TestIdentityWithoutCredentials: without allow_global_credentials (the
// default, as in mcp-atlassian) a request without credentials is refused
// with a 401 that says how to allow it.
func TestIdentityWithoutCredentials(t *testing.T) {
	if _, err := (&Handler{opts: Options{AllowGlobalCredentials: true}}).parseIdentity(http.Header{}); err != nil {
		t.Errorf("global credentials allowed: %v", err)
	}
	_, err := (&Handler{}).parseIdentity(http.Header{})
	ae, ok := err.(*AuthError)
	if !ok || ae.Status != http.StatusUnauthorized {
		t.Fatalf("error = %v, want a 401 AuthError", err)
	}
	for _, want := range []string{"no Atlassian credentials", "allow_global_credentials true", "ALLOW_GLOBAL_CRED_FALLBACK=true"} {
		if !strings.Contains(ae.Reason, want) {
			t.Errorf("reason %q does not mention %q", ae.Reason, want)
		}
	}
}

// TestRefusedSiteIsForbidden: a header URL outside allowed_url_hosts is a
// 403 (the credentials may be fine; the target is not allowed).
func TestRefusedSiteIsForbidden(t *testing.T) {
	h := &Handler{opts: Options{AllowedURLHosts: []string{"jira.example.com"}}}
	_, err := h.parseIdentity(http.Header{"X-Atlassian-Jira-Personal-Token": {"p"}, "X-Atlassian-Jira-Url": {"https://intranet.local"}})
	if ae, ok := err.(*AuthError); !ok || ae.Status != http.StatusForbidden {
		t.Errorf("error = %#v, want a 403 AuthError", err)
	}
}

// TestIdentityNeverPrintsSecrets: identities are safe to log by accident.
func TestIdentityNeverPrintsSecrets(t *testing.T) {
	h := &Handler{opts: Options{AllowGlobalCredentials: true}}
	id, err := h.parseIdentity(http.Header{"Authorization": {"Token very-secret-pat"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{fmt.Sprint(id), fmt.Sprintf("%v %+v %#v", id, id, id), id.fingerprint()} {
		if strings.Contains(s, "very-secret-pat") {
			t.Errorf("secret printed: %s", s)
		}
	}
}

// TestDistinctHeaderURLsLeaveNothingBehind: 20,000 requests naming
// distinct site URLs resolve to clients without growing the heap: sites
// named in headers are made per call, not cached per URL.
func TestDistinctHeaderURLsLeaveNothingBehind(t *testing.T) {
	h, err := New(Options{AllowedURLHosts: []string{"127.0.0.1"}, HeaderURLPolicy: atlassian.TargetPolicy{AllowPrivate: true}})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	resolve := func(i int) {
		id, err := h.parseIdentity(http.Header{
			"X-Atlassian-Jira-Personal-Token": {"x"},
			"X-Atlassian-Jira-Url":            {fmt.Sprintf("https://127.0.0.1/ctx-%d/%s", i, strings.Repeat("p", 200))},
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.sites.client(context.Background(), id, atlassian.Jira); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 1000 {
		resolve(i)
	}
	before := heapInUse()
	for i := range 20000 {
		resolve(10000 + i)
	}
	growth := int64(heapInUse()) - int64(before)
	t.Logf("heap grew by %d KiB over 20,000 distinct header URLs", growth/1024)
	if growth > 4<<20 {
		t.Errorf("heap grew by %d MiB over 20,000 distinct header URLs", growth>>20)
	}
}

func heapInUse() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// TestExternalAuthVisibility: with external auth, HTTP requests without
// credentials see the configured products (the gateway authenticates
// them); in-process clients, which have no gateway, see only products
// with configured credentials, so they are never shown tools that fail.
func TestExternalAuthVisibility(t *testing.T) {
	site := &atlassian.Site{Product: atlassian.Jira, Deployment: atlassian.Server, BaseURL: &url.URL{Scheme: "https", Host: "jira.example.com"}}
	s := newSites(Options{ExternalAuth: true, Jira: &Product{Site: site}})
	defer s.close()
	if !s.reaches(anonymous, atlassian.Jira) {
		t.Error("an HTTP request behind the gateway does not reach Jira")
	}
	if s.reaches(inProcess, atlassian.Jira) {
		t.Error("an in-process client reaches a Jira it has no credentials for")
	}
	if _, err := s.client(context.Background(), inProcess, atlassian.Jira); err == nil {
		t.Error("an in-process client got a client without credentials")
	}
}
