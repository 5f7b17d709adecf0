package oauthproxy

import (
	"context"
	"net/http"
	"net/url"
	"strings"
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

	clock.Set(start.Add(defaultUnusedClientLifetime + pendingLifetime + codeLifetime))
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
