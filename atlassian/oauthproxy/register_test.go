package oauthproxy

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock for Config.Now.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Now()} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

func (c *fakeClock) Add(d time.Duration) { c.Set(c.Now().Add(d)) }

// TestRegistrationLimits: too many or too long redirect URIs and a too
// long client_name are refused with RFC 7591 codes; the limits themselves
// are accepted.
func TestRegistrationLimits(t *testing.T) {
	e := newEnv(t)
	post := func(body map[string]any) (int, map[string]any) {
		b, _ := json.Marshal(body)
		resp, err := http.Post(e.url+"/register", "application/json", strings.NewReader(string(b)))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m
	}
	uris := func(n int) []string {
		var u []string
		for i := range n {
			u = append(u, fmt.Sprintf("http://localhost:%d/cb", 3000+i))
		}
		return u
	}
	long := "http://localhost:3000/" + strings.Repeat("a", maxRedirectURILen)
	for _, tc := range []struct {
		name string
		body map[string]any
		code string
	}{
		{"11 redirect URIs", map[string]any{"redirect_uris": uris(maxRedirectURIs + 1)}, "invalid_redirect_uri"},
		{"a long redirect URI", map[string]any{"redirect_uris": []string{long}}, "invalid_redirect_uri"},
		{"a long name", map[string]any{"redirect_uris": uris(1), "client_name": strings.Repeat("n", maxClientNameLen+1)}, "invalid_client_metadata"},
	} {
		if status, body := post(tc.body); status != http.StatusBadRequest || body["error"] != tc.code || body["error_description"] == "" {
			t.Errorf("%s: %d %v, want 400 %s", tc.name, status, body, tc.code)
		}
	}
	status, body := post(map[string]any{"redirect_uris": uris(maxRedirectURIs), "client_name": strings.Repeat("n", maxClientNameLen)})
	if status != http.StatusCreated || len(body["redirect_uris"].([]any)) != maxRedirectURIs {
		t.Errorf("at the limits: %d %v", status, body)
	}
}

// TestRegistrationRateLimit: an address gets RegistrationsPerMinute
// registrations at once, then 429 with Retry-After until its bucket
// refills; other addresses are not affected, and an IPv6 /64 counts as
// one address.
func TestRegistrationRateLimit(t *testing.T) {
	e := newEnv(t)
	clock := newFakeClock()
	e.proxy.cfg.Now = clock.Now
	register := func(remote string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("POST", "/register", strings.NewReader(`{"redirect_uris":["`+clientRedir+`"]}`))
		r.RemoteAddr = remote
		w := httptest.NewRecorder()
		e.proxy.ServeHTTP(w, r)
		return w
	}
	for i := range defaultRegistrationsPerMinute {
		if w := register("192.0.2.1:4000"); w.Code != http.StatusCreated {
			t.Fatalf("registration %d: %d %s", i, w.Code, w.Body)
		}
	}
	w := register("192.0.2.1:4001")
	var body map[string]string
	_ = json.Unmarshal(w.Body.Bytes(), &body)
	// 10 a minute: the next token is 6 s away.
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") != "6" ||
		body["error"] != "temporarily_unavailable" || w.Header().Get("Content-Type") != "application/json" ||
		w.Header().Get("Access-Control-Allow-Origin") != "*" || w.Header().Get("Access-Control-Expose-Headers") != "Retry-After" {
		t.Fatalf("over the limit: %d %v %s", w.Code, w.Header(), w.Body)
	}
	if w := register("192.0.2.2:4000"); w.Code != http.StatusCreated {
		t.Fatalf("another address: %d", w.Code)
	}
	clock.Add(3 * time.Second)
	if w := register("192.0.2.1:4000"); w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") != "3" {
		t.Fatalf("3 s later: %d Retry-After %q", w.Code, w.Header().Get("Retry-After"))
	}
	clock.Add(3 * time.Second)
	if w := register("192.0.2.1:4000"); w.Code != http.StatusCreated {
		t.Fatalf("after Retry-After: %d %s", w.Code, w.Body)
	}

	for i := range defaultRegistrationsPerMinute {
		register(fmt.Sprintf("[2001:db8:1:2::%x]:443", i))
	}
	if w := register("[2001:db8:1:2:ffff::1]:443"); w.Code != http.StatusTooManyRequests {
		t.Fatalf("same /64: %d", w.Code)
	}
	if w := register("[2001:db8:1:3::1]:443"); w.Code != http.StatusCreated {
		t.Fatalf("other /64: %d", w.Code)
	}

	// ClientIP, when set, names the caller instead of the peer.
	e.proxy.cfg.ClientIP = func(r *http.Request) string { return r.Header.Get("X-Test-Client") }
	r := httptest.NewRequest("POST", "/register", strings.NewReader(`{"redirect_uris":["`+clientRedir+`"]}`))
	r.RemoteAddr = "192.0.2.1:4000" // spent, but not the caller
	r.Header.Set("X-Test-Client", "198.51.100.7")
	rec := httptest.NewRecorder()
	e.proxy.ServeHTTP(rec, r)
	if rec.Code != http.StatusCreated {
		t.Fatalf("ClientIP: %d", rec.Code)
	}
}

// TestRateLimiterStaysBounded: however many addresses come, the limiter
// tracks at most its maximum, and forgetting a refilled bucket changes
// nothing for its address.
func TestRateLimiterStaysBounded(t *testing.T) {
	l := newRateLimiter(2, 8)
	now := time.Now()
	for i := range 100 {
		l.allow(fmt.Sprint("addr", i), now)
		if len(l.buckets) > 8 {
			t.Fatalf("%d addresses tracked after %d", len(l.buckets), i+1)
		}
	}
	l.allow("a", now)
	l.allow("a", now)
	if ok, wait := l.allow("a", now); ok || wait != 30*time.Second {
		t.Fatalf("third in a minute: %v, wait %v", ok, wait)
	}
	later := now.Add(time.Hour)
	for i := range 8 {
		l.allow(fmt.Sprint("new", i), later)
	}
	if ok, _ := l.allow("a", later); !ok {
		t.Fatal("an hour later a is still limited")
	}
	// A clock stepping back refills nothing and never waits less.
	back := later.Add(-time.Minute)
	if ok, _ := l.allow("a", back); !ok {
		t.Fatal("a's second token is gone")
	}
	if ok, wait := l.allow("a", back); ok || wait != 30*time.Second {
		t.Fatalf("after the clock stepped back: %v, wait %v", ok, wait)
	}
}

func TestLimitKey(t *testing.T) {
	for in, want := range map[string]string{
		"192.0.2.1":           "192.0.2.1",
		"::ffff:192.0.2.1":    "192.0.2.1",
		"2001:db8::1":         "2001:db8::/64",
		"fe80::1%eth0":        "fe80::/64",
		"not an address":      "not an address",
		"2001:db8:0:0:1::abc": "2001:db8::/64",
	} {
		if got := limitKey(in); got != want {
			t.Errorf("limitKey(%q) = %q, want %q", in, got, want)
		}
	}
}
