package oauthproxy

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

// TestAuthorizeRateLimit: an address may start AuthorizationsPerMinute
// sign-ins at once. Beyond that, a request whose client and redirect URI
// check out is sent back to its redirect URI with temporarily_unavailable;
// any other gets 429 with Retry-After. Nothing is stored for either; other
// addresses are not affected; the bucket refills.
func TestAuthorizeRateLimit(t *testing.T) {
	e := newEnv(t)
	clock := newFakeClock()
	e.proxy.cfg.Now = clock.Now
	_, reg := e.register(t, clientRedir)
	clientID := reg["client_id"].(string)
	sum := sha256.Sum256([]byte(testVerifier))
	valid := url.Values{
		"client_id": {clientID}, "redirect_uri": {clientRedir}, "response_type": {"code"},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"},
		"state": {"st"},
	}
	authorize := func(remote string, q url.Values) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/authorize?"+q.Encode(), nil)
		r.RemoteAddr = remote
		w := httptest.NewRecorder()
		e.proxy.ServeHTTP(w, r)
		return w
	}
	upstream := func(w *httptest.ResponseRecorder) bool {
		return w.Code == http.StatusFound && strings.HasPrefix(w.Header().Get("Location"), e.proxy.cfg.Upstream.AuthURL)
	}
	for i := range defaultAuthorizationsPerMinute {
		if w := authorize("192.0.2.1:4000", valid); !upstream(w) {
			t.Fatalf("authorization %d: %d %s", i, w.Code, w.Header().Get("Location"))
		}
	}
	if n := e.count("pending"); n != defaultAuthorizationsPerMinute {
		t.Fatalf("%d pending records, want %d", n, defaultAuthorizationsPerMinute)
	}

	w := authorize("192.0.2.1:4001", valid)
	loc, _ := url.Parse(w.Header().Get("Location"))
	if w.Code != http.StatusFound || loc == nil || !strings.HasPrefix(loc.String(), clientRedir+"?") ||
		loc.Query().Get("error") != "temporarily_unavailable" || loc.Query().Get("state") != "st" ||
		!strings.Contains(loc.Query().Get("error_description"), "retry in 2 s") {
		t.Fatalf("over the limit with a checked redirect URI: %d %v", w.Code, loc)
	}
	for name, q := range map[string]url.Values{
		"unknown client":        {"client_id": {"mcpc-nobody"}, "redirect_uri": {clientRedir}},
		"unregistered redirect": {"client_id": {clientID}, "redirect_uri": {"https://evil.example/cb"}},
	} {
		// 30 a minute: the next token is 2 s away.
		if w := authorize("192.0.2.1:4002", q); w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") != "2" || w.Header().Get("Location") != "" {
			t.Errorf("%s over the limit: %d %v", name, w.Code, w.Header())
		}
	}
	if n := e.count("pending"); n != defaultAuthorizationsPerMinute {
		t.Fatalf("refused requests stored records: %d pending", n)
	}
	if w := authorize("192.0.2.2:4000", valid); !upstream(w) {
		t.Fatalf("another address: %d", w.Code)
	}
	clock.Add(2 * time.Second)
	if w := authorize("192.0.2.1:4000", valid); !upstream(w) {
		t.Fatalf("after Retry-After: %d %s", w.Code, w.Header().Get("Location"))
	}
	// Under the limit, a bad request still gets its own answer.
	if w := authorize("192.0.2.3:4000", url.Values{"client_id": {"mcpc-nobody"}}); w.Code != http.StatusBadRequest {
		t.Fatalf("unknown client under the limit: %d", w.Code)
	}
}

// TestAuthorizationsPerMinuteSetting: the limit is configurable and may
// not be negative.
func TestAuthorizationsPerMinuteSetting(t *testing.T) {
	e := newEnv(t)
	cfg := e.proxy.cfg
	cfg.AuthorizationsPerMinute = 1
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := p.authorizations.allow("a", time.Now()); !ok {
		t.Fatal("the first authorization was refused")
	}
	if ok, wait := p.authorizations.allow("a", time.Now()); ok || wait > time.Minute || wait < 59*time.Second {
		t.Fatalf("the second in a minute: %v, wait %v", ok, wait)
	}
	cfg.AuthorizationsPerMinute = -1
	if _, err := New(cfg); err == nil {
		t.Fatal("a negative limit was accepted")
	}
}

// TestAuthorizeSurvivesStorageFailures: a client registration that cannot
// be read because storage fails is a plain 500 server_error page, not a
// request to register again (nor a redirect: the redirect URI is not
// checked yet), and once storage is back the same request goes upstream.
func TestAuthorizeSurvivesStorageFailures(t *testing.T) {
	e := newEnv(t)
	core, logs := observer.New(zap.ErrorLevel)
	e.proxy.cfg.Logger = zap.New(core)
	_, reg := e.register(t, clientRedir)
	clientID := reg["client_id"].(string)
	sum := sha256.Sum256([]byte(testVerifier))
	q := url.Values{
		"client_id": {clientID}, "redirect_uri": {clientRedir}, "response_type": {"code"},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"},
	}
	authorize := func() *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		e.proxy.ServeHTTP(w, httptest.NewRequest("GET", "/authorize?"+q.Encode(), nil))
		return w
	}
	real := e.proxy.cfg.Store
	e.proxy.cfg.Store = &faultyStore{store: real, fail: func(op, key string) bool { return op == "load" && key == clientKey(clientID) }}
	w := authorize()
	e.proxy.cfg.Store = real
	if body := w.Body.String(); w.Code != http.StatusInternalServerError || !strings.Contains(body, "server_error") ||
		strings.Contains(body, "register again") || w.Header().Get("Location") != "" {
		t.Errorf("reading the client fails: %d %v %q, want a 500 server_error page", w.Code, w.Header(), body)
	}
	if entries := logs.TakeAll(); len(entries) != 1 || !strings.Contains(fmt.Sprint(entries[0].ContextMap()), "storage unreachable") {
		t.Errorf("logged %v, want one error with the cause", entries)
	}
	if n := e.count("pending"); n != 0 {
		t.Errorf("%d pending records stored, want none", n)
	}
	if w := authorize(); w.Code != http.StatusFound || !strings.HasPrefix(w.Header().Get("Location"), e.proxy.cfg.Upstream.AuthURL) {
		t.Errorf("the retry: %d %s", w.Code, w.Header().Get("Location"))
	}
	q.Set("client_id", "mcpc-nobody")
	if w := authorize(); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "register again") {
		t.Errorf("an unknown client: %d %q", w.Code, w.Body.String())
	}
}
