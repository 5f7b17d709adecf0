package oauthproxy

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestUnusedClientsExpire: a registration that never redeems a code stops
// working after UnusedClientLifetime and is swept once a sign-in started
// before then would have ended; a used one, and one stored before
// registrations expired, are kept and keep working.
func TestUnusedClientsExpire(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	clock := newFakeClock()
	start := clock.Now()
	e.proxy.cfg.Now = clock.Now
	register := func() string {
		t.Helper()
		status, reg := e.register(t, clientRedir)
		if status != http.StatusCreated {
			t.Fatalf("register: %d %v", status, reg)
		}
		return reg["client_id"].(string)
	}
	authorize := func(clientID string) int {
		t.Helper()
		resp, err := noRedirects.Get(e.url + "/authorize?" + url.Values{"client_id": {clientID}, "redirect_uri": {clientRedir}}.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	stored := func(clientID string) bool {
		return e.proxy.cfg.Store.Exists(ctx, clientKey(clientID))
	}

	abandoned := register()
	halfway := register() // gets a code, never redeems it
	used := register()
	late := register() // starts signing in just before its deadline
	legacy := "mcpc-legacy"
	if err := e.proxy.cfg.Store.Store(ctx, clientKey(legacy), []byte(
		`{"version":1,"client_id":"mcpc-legacy","redirect_uris":["`+clientRedir+`"],"created":"2025-01-01T00:00:00Z"}`)); err != nil {
		t.Fatal(err)
	}
	e.signIn(t, halfway, "alice")
	if status, tok := e.redeem(t, used, e.signIn(t, used, "alice"), testVerifier); status != http.StatusOK {
		t.Fatalf("redeem: %d %v", status, tok)
	}
	var c client
	if err := e.proxy.get(ctx, clientKey(used), &c); err != nil || !c.Expires.IsZero() {
		t.Fatalf("a used client still expires: %+v %v", c, err)
	}

	clock.Set(start.Add(defaultUnusedClientLifetime - time.Minute))
	lateCode := e.signIn(t, late, "bob")
	sweep := func() {
		t.Helper()
		if _, err := e.proxy.Sweep(ctx); err != nil {
			t.Fatal(err)
		}
	}
	sweep()
	if !stored(abandoned) || !stored(halfway) {
		t.Fatal("a sweep before the deadline deleted clients")
	}

	// Past the deadline: unused clients can no longer start a sign-in,
	// but one started before may finish, and the sweep waits for it.
	clock.Set(start.Add(defaultUnusedClientLifetime + time.Minute))
	if status := authorize(abandoned); status != http.StatusBadRequest {
		t.Fatalf("an expired client may authorize: %d", status)
	}
	sweep()
	if !stored(abandoned) || !stored(late) {
		t.Fatal("a sweep within the grace deleted clients")
	}
	if status, tok := e.redeem(t, late, lateCode, testVerifier); status != http.StatusOK {
		t.Fatalf("a sign-in started before the deadline: %d %v", status, tok)
	}

	clock.Set(start.Add(defaultUnusedClientLifetime + pendingLifetime + codeLifetime + sweepMargin - time.Second))
	sweep()
	if !stored(abandoned) || !stored(halfway) {
		t.Fatal("a sweep within the margin for clock differences deleted clients")
	}
	clock.Set(start.Add(defaultUnusedClientLifetime + pendingLifetime + codeLifetime + sweepMargin))
	if n, err := e.proxy.sweepClients(ctx, clock.Now()); n != 2 || err != nil {
		t.Fatalf("the sweep deleted %d clients (%v), want 2", n, err)
	}
	if stored(abandoned) || stored(halfway) || !stored(used) || !stored(late) || !stored(legacy) {
		t.Fatalf("after the sweep: abandoned %v, halfway %v, used %v, late %v, legacy %v; want only the last three",
			stored(abandoned), stored(halfway), stored(used), stored(late), stored(legacy))
	}

	// Kept clients still sign in, however late; so does the legacy one.
	clock.Add(365 * 24 * time.Hour)
	for _, id := range []string{used, late, legacy} {
		if status, tok := e.redeem(t, id, e.signIn(t, id, "alice"), testVerifier); status != http.StatusOK {
			t.Fatalf("%s: %d %v", id, status, tok)
		}
	}
	sweep()
	if !stored(used) || !stored(late) || !stored(legacy) {
		t.Fatal("a year later the sweep deleted used clients")
	}
}

// TestRedeemForDeletedClient: a code whose client was deleted meanwhile
// gets invalid_client, so the client registers again.
func TestRedeemForDeletedClient(t *testing.T) {
	e := newEnv(t)
	_, reg := e.register(t, clientRedir)
	clientID := reg["client_id"].(string)
	code := e.signIn(t, clientID, "alice")
	if err := e.proxy.cfg.Store.Delete(context.Background(), clientKey(clientID)); err != nil {
		t.Fatal(err)
	}
	status, body := e.redeem(t, clientID, code, testVerifier)
	if status != http.StatusBadRequest || body["error"] != "invalid_client" || !strings.Contains(body["error_description"].(string), "register again") {
		t.Fatalf("redeem: %d %v", status, body)
	}
}

var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// TestLateSignInSurvivesASkewedSweep: a sign-in begun just before the
// client lapses, that takes its full time at Atlassian and redeems its
// code at the last moment, is not undone by the sweeps of another
// instance whose clock runs two minutes ahead: its sign-in in progress,
// its code and the client it marks used are all still there.
func TestLateSignInSurvivesASkewedSweep(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	clockA := newFakeClock()
	e.proxy.cfg.Now = clockA.Now
	clockB := newFakeClock()
	b := e.instance(t, clockB)
	sweepB := func() {
		t.Helper()
		clockB.Set(clockA.Now().Add(2 * time.Minute))
		if _, err := b.Sweep(ctx); err != nil {
			t.Fatal(err)
		}
	}
	_, reg := e.register(t, clientRedir)
	clientID := reg["client_id"].(string)
	var c client
	if err := e.proxy.get(ctx, clientKey(clientID), &c); err != nil {
		t.Fatal(err)
	}

	// /authorize a second before the deadline; the user comes back from
	// Atlassian just before the sign-in expires.
	clockA.Set(c.Expires.Add(-time.Second))
	sum := sha256.Sum256([]byte(testVerifier))
	resp, err := noRedirects.Get(e.url + "/authorize?" + url.Values{
		"client_id": {clientID}, "redirect_uri": {clientRedir}, "response_type": {"code"},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"},
	}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize: %d", resp.StatusCode)
	}
	clockA.Set(c.Expires.Add(pendingLifetime - 2*time.Second))
	sweepB()
	browser := &http.Client{CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		if req.URL.Host == "127.0.0.1:5555" {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	resp, err = browser.Get(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	code := loc.Query().Get("code")
	if code == "" {
		t.Fatalf("callback: %d %v", resp.StatusCode, loc)
	}

	// The code's last moment on A is already past the sweep's deadline
	// on B's clock.
	clockA.Set(c.Expires.Add(pendingLifetime + codeLifetime - 3*time.Second))
	sweepB()
	if status, tok := e.redeem(t, clientID, code, testVerifier); status != http.StatusOK {
		t.Fatalf("redeem after B's sweep: %d %v", status, tok)
	}
}

// slashStore lists keys with a leading slash, which it also accepts, as
// a storage backend may, and records the locks taken.
type slashStore struct {
	store
	mu    sync.Mutex
	locks []string
}

func (s *slashStore) List(ctx context.Context, prefix string, recursive bool) ([]string, error) {
	keys, err := s.store.List(ctx, prefix, recursive)
	for i := range keys {
		keys[i] = "/" + keys[i]
	}
	return keys, err
}

func (s *slashStore) Load(ctx context.Context, key string) ([]byte, error) {
	return s.store.Load(ctx, strings.TrimPrefix(key, "/"))
}

func (s *slashStore) Delete(ctx context.Context, key string) error {
	return s.store.Delete(ctx, strings.TrimPrefix(key, "/"))
}

func (s *slashStore) Lock(ctx context.Context, name string) error {
	s.mu.Lock()
	s.locks = append(s.locks, name)
	s.mu.Unlock()
	return s.store.Lock(ctx, name)
}

func (s *slashStore) taken() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.locks)
}

// TestSweepLocksClientsAsMarkingDoes: the sweep deletes a client under
// the lock markUsed takes, named from the client's id, whatever form the
// storage lists its key in.
func TestSweepLocksClientsAsMarkingDoes(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	_, reg := e.register(t, clientRedir)
	clientID := reg["client_id"].(string)
	slashed := &slashStore{store: e.proxy.cfg.Store}
	e.proxy.cfg.Store = slashed

	// The lock markUsed takes: it marks under locked(clientKey(id)).
	if err := e.proxy.locked(ctx, clientKey(clientID), func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	marking := slashed.taken()[0]

	later := time.Now().Add(defaultUnusedClientLifetime + pendingLifetime + codeLifetime + sweepMargin)
	if n, err := e.proxy.sweepClients(ctx, later); n != 1 || err != nil {
		t.Fatalf("the sweep deleted %d clients (%v), want 1", n, err)
	}
	if !slices.Contains(slashed.taken()[1:], marking) {
		t.Fatalf("the sweep took the locks %v, not markUsed's %s", slashed.taken()[1:], marking)
	}
}
