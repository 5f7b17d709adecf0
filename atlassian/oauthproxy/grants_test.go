package oauthproxy

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/caddyserver/certmagic"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/oauth"
	"github.com/modelcontextprotocol/go-sdk/auth"
)

// session signs user in through a fresh client and returns the MCP
// client's id, its tokens and the grant they stand for.
type session struct {
	clientID, access, refresh, grantID string
}

func (e *env) session(t *testing.T, user string) session {
	t.Helper()
	_, reg := e.register(t, clientRedir)
	clientID := reg["client_id"].(string)
	status, tok := e.redeem(t, clientID, e.signIn(t, clientID, user), testVerifier)
	if status != http.StatusOK {
		t.Fatalf("redeem: %d %v", status, tok)
	}
	s := session{clientID: clientID, access: tok["access_token"].(string), refresh: tok["refresh_token"].(string)}
	res, err := e.proxy.Resolve(context.Background(), s.access)
	if err != nil {
		t.Fatal(err)
	}
	s.grantID = res.GrantID
	return s
}

// refreshCall presents the session's refresh token at /token.
func (e *env) refreshCall(t *testing.T, s session) (int, map[string]any) {
	return e.tokenCall(t, url.Values{"grant_type": {"refresh_token"}, "client_id": {s.clientID}, "refresh_token": {s.refresh}})
}

// forceRefresh resolves the MCP access token on p and refreshes its
// grant's Atlassian token, as a tool call whose gateway request got 401
// does. It returns the refresh's error.
func forceRefresh(t *testing.T, p *Proxy, access string) error {
	t.Helper()
	ctx := context.Background()
	s, err := p.Resolve(ctx, access)
	if err != nil {
		t.Fatal(err)
	}
	g, err := s.Source.Grant(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Source.Refresh(ctx, g.Token.AccessToken)
	return err
}

func (e *env) grantStored(t *testing.T, grantID string) bool {
	t.Helper()
	ok, err := oauth.GrantExists(context.Background(), e.proxy.cfg.Store, appID, grantID)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

func (e *env) count(folder string) int {
	keys, _ := e.proxy.cfg.Store.List(context.Background(), oauth.KeyPrefix+"/proxy/"+folder, false)
	return len(keys)
}

// instance is a second Proxy over the same storage directory, as another
// Caddy instance sharing the storage has, on its own clock.
func (e *env) instance(t *testing.T, clock *fakeClock) *Proxy {
	t.Helper()
	cfg := e.proxy.cfg
	cfg.Store = &certmagic.FileStorage{Path: e.storeDir}
	cfg.Now = clock.Now
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestRevokedGrantSignsTheClientOut: the user revokes the app at
// Atlassian; the refresh that meets invalid_grant deletes the grant, and
// from then on the MCP client's access token gets the 401 that makes it
// sign in again (even though it was resolved from memory a moment ago),
// its refresh token invalid_grant, and the sweep deletes both records.
// Another user's session goes on.
func TestRevokedGrantSignsTheClientOut(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	clock := newFakeClock()
	e.proxy.cfg.Now = clock.Now
	alice, bob := e.session(t, "alice"), e.session(t, "bob")
	e.atl.RevokeUser("alice")
	// A tool call's gateway request gets 401 and forces a refresh.
	if err := forceRefresh(t, e.proxy, alice.access); !errors.Is(err, oauth.ErrInvalidGrant) {
		t.Fatalf("refresh after the revocation: %v", err)
	}
	if e.grantStored(t, alice.grantID) {
		t.Fatal("the refused grant is still stored")
	}
	if _, err := e.proxy.Resolve(ctx, alice.access); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("the next request resolves: %v", err)
	}
	if _, err := e.proxy.Verifier()(ctx, alice.access, nil); !errors.Is(err, auth.ErrInvalidToken) {
		t.Fatalf("go-sdk's verifier: %v, want auth.ErrInvalidToken (a 401 with the challenge)", err)
	}
	if status, body := e.refreshCall(t, alice); status != http.StatusBadRequest || body["error"] != "invalid_grant" {
		t.Fatalf("the client's refresh: %d %v", status, body)
	}
	if _, err := e.proxy.Resolve(ctx, bob.access); err != nil {
		t.Fatalf("bob: %v", err)
	}

	// The refused refresh left alice's refresh record as it was (a record
	// is spent only by a rotation). Left: alice's two records, bob's two.
	if n, err := e.proxy.Sweep(ctx); n != 2 || err != nil {
		t.Fatalf("the sweep deleted %d (%v), want alice's 2 records", n, err)
	}
	if e.count("tokens") != 2 || !e.proxy.cfg.Store.Exists(ctx, tokenKey(bob.refresh)) {
		t.Fatalf("%d token records left, want bob's 2", e.count("tokens"))
	}
	if status, body := e.refreshCall(t, bob); status != http.StatusOK {
		t.Fatalf("bob's refresh: %d %v", status, body)
	}
}

// TestUnclearRefreshFailureKeepsTheGrant: Atlassian out of reach is no
// reason to sign anyone out.
func TestUnclearRefreshFailureKeepsTheGrant(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.proxy.cfg.Now = newFakeClock().Now
	alice := e.session(t, "alice")
	e.proxy.cfg.Upstream.TokenURL = "http://127.0.0.1:1/oauth/token" // nothing listens
	e.proxy.sources.Forget(alice.grantID)                            // a source copies the app's settings
	if err := forceRefresh(t, e.proxy, alice.access); err == nil || errors.Is(err, oauth.ErrInvalidGrant) {
		t.Fatalf("refresh with Atlassian unreachable: %v", err)
	}
	if !e.grantStored(t, alice.grantID) {
		t.Fatal("the grant was deleted")
	}
	if _, err := e.proxy.Resolve(ctx, alice.access); err != nil {
		t.Fatalf("the token no longer resolves: %v", err)
	}
}

// TestGrantGoneOnAnotherInstance: instance B resolved a token from
// memory when instance A deleted its grant. B refuses it as soon as its
// own token source finds the grant missing, and without that once it
// reads the token's record again, after resolvedTTL.
func TestGrantGoneOnAnotherInstance(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	clockA, clockB := newFakeClock(), newFakeClock()
	e.proxy.cfg.Now = clockA.Now
	b := e.instance(t, clockB)
	alice, bob := e.session(t, "alice"), e.session(t, "bob")
	sa, err := b.Resolve(ctx, alice.access)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Resolve(ctx, bob.access); err != nil {
		t.Fatal(err)
	}

	// A meets the revocation and deletes alice's grant.
	e.atl.RevokeUser("alice")
	if err := forceRefresh(t, e.proxy, alice.access); !errors.Is(err, oauth.ErrInvalidGrant) {
		t.Fatalf("A's refresh: %v", err)
	}

	// B's memory still has the token; its source finds the grant gone.
	if _, err := b.Resolve(ctx, alice.access); err != nil {
		t.Fatalf("within resolvedTTL B resolves from memory: %v", err)
	}
	if _, err := sa.Source.Refresh(ctx, "rejected"); !errors.Is(err, oauth.ErrNoGrant) {
		t.Fatalf("B's refresh: %v", err)
	}
	if _, err := b.Resolve(ctx, alice.access); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("B after its source found the grant gone: %v", err)
	}

	// Bob's grant goes by hand; B reads his record again after resolvedTTL
	// and refuses it, without ever using his source.
	if err := oauth.DeleteGrant(ctx, e.proxy.cfg.Store, appID, bob.grantID); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Resolve(ctx, bob.access); err != nil {
		t.Fatalf("within resolvedTTL: %v", err)
	}
	clockB.Add(resolvedTTL)
	if _, err := b.Resolve(ctx, bob.access); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("after resolvedTTL: %v", err)
	}
}

// TestSweepDeletesLapsedGrants: a grant not refreshed for Atlassian's
// refresh-token inactivity lifetime (plus the margin) is deleted with the
// records naming it; a younger one, and the server's own grant however
// old, are kept.
func TestSweepDeletesLapsedGrants(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	clock := newFakeClock()
	e.proxy.cfg.Now = clock.Now
	old, young := e.session(t, "alice"), e.session(t, "bob")
	store := e.proxy.cfg.Store
	age := func(grantID string, d time.Duration) {
		t.Helper()
		g, err := oauth.LoadGrant(ctx, store, appID, grantID)
		if err != nil {
			t.Fatal(err)
		}
		g.Obtained = clock.Now().Add(-d)
		g.Updated = g.Obtained
		if err := oauth.SaveGrant(ctx, store, appID, grantID, g); err != nil {
			t.Fatal(err)
		}
	}
	lapse := oauth.RefreshTokenIdleLifetime + 24*time.Hour
	age(old.grantID, lapse)
	age(young.grantID, lapse-time.Minute)
	g, err := oauth.LoadGrant(ctx, store, appID, young.grantID)
	if err != nil {
		t.Fatal(err)
	}
	if err := oauth.SaveGrant(ctx, store, appID, oauth.DefaultGrant, g); err != nil {
		t.Fatal(err)
	}
	age(oauth.DefaultGrant, 400*24*time.Hour)

	// old: its grant, access and refresh records.
	if n, err := e.proxy.Sweep(ctx); n != 3 || err != nil {
		t.Fatalf("the sweep deleted %d (%v), want 3", n, err)
	}
	if e.grantStored(t, old.grantID) || !e.grantStored(t, young.grantID) || !e.grantStored(t, oauth.DefaultGrant) {
		t.Fatalf("stored after the sweep: old %v, young %v, default %v; want young and default",
			e.grantStored(t, old.grantID), e.grantStored(t, young.grantID), e.grantStored(t, oauth.DefaultGrant))
	}
	if e.count("tokens") != 2 || store.Exists(ctx, tokenKey(old.refresh)) || store.Exists(ctx, tokenKey(old.access)) {
		t.Fatalf("%d token records left, want young's 2", e.count("tokens"))
	}
	if _, err := e.proxy.Resolve(ctx, old.access); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("a lapsed grant's token resolves: %v", err)
	}
	if n, err := e.proxy.Sweep(ctx); n != 0 || err != nil {
		t.Fatalf("a second sweep deleted %d (%v)", n, err)
	}

	// young lapses a minute later, unless a refresh (which rewrites
	// Updated) keeps it.
	clock.Add(time.Minute)
	if err := forceRefresh(t, e.proxy, young.access); err != nil {
		t.Fatal(err)
	}
	g, err = oauth.LoadGrant(ctx, store, appID, young.grantID)
	if err != nil || g.Lapsed(clock.Now()) {
		t.Fatalf("after a refresh: %v %v", g, err)
	}
	if n, err := e.proxy.Sweep(ctx); n != 0 || err != nil || !e.grantStored(t, young.grantID) {
		t.Fatalf("the sweep deleted %d (%v) after the refresh", n, err)
	}
}

// TestSweepUnreferencedGrants: a grant no record names goes once two
// consecutive sweeps found it so and older than a sign-in could take; a
// younger one, the server's own, and every grant of a sweep that could
// not read all records stay.
func TestSweepUnreferencedGrants(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	clock := newFakeClock()
	e.proxy.cfg.Now = clock.Now
	store := e.proxy.cfg.Store
	named := e.session(t, "alice")
	g, err := oauth.LoadGrant(ctx, store, appID, named.grantID)
	if err != nil {
		t.Fatal(err)
	}
	save := func(id string, age time.Duration) {
		t.Helper()
		c := *g
		c.Updated = clock.Now().Add(-age)
		if err := oauth.SaveGrant(ctx, store, appID, id, &c); err != nil {
			t.Fatal(err)
		}
	}
	save(named.grantID, 48*time.Hour) // named by alice's tokens: stays however old
	save("orphan-old", orphanAge)
	save("orphan-young", orphanAge-time.Minute)
	save(oauth.DefaultGrant, 48*time.Hour)
	stored := func(id string) bool {
		ok, err := oauth.GrantExists(ctx, store, appID, id)
		return err == nil && ok
	}

	// A record that cannot be read (or was deleted between listing and
	// reading): nothing is judged unreferenced.
	e.proxy.cfg.Store = &faultyStore{store: store, fail: func(op, key string) bool { return op == "load" && key == tokenKey(named.refresh) }}
	if _, err := e.proxy.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	e.proxy.cfg.Store = store
	if !stored("orphan-old") {
		t.Fatal("a sweep that could not read every record deleted an unreferenced grant")
	}

	if _, err := e.proxy.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	if !stored("orphan-old") {
		t.Fatal("the first sweep to find a grant unreferenced deleted it")
	}
	if _, err := e.proxy.Sweep(ctx); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]bool{named.grantID: true, "orphan-old": false, "orphan-young": true, oauth.DefaultGrant: true} {
		if stored(id) != want {
			t.Errorf("grant %s stored = %v, want %v", id, !want, want)
		}
	}
	if status, tok := e.refreshCall(t, named); status != http.StatusOK {
		t.Errorf("alice's refresh after the sweeps: %d %v", status, tok)
	}
}

// missingList lists a folder as empty, as a listing that is no snapshot
// may when the records in it are rewritten meanwhile.
type missingList struct {
	store
	folder string
}

func (s *missingList) List(ctx context.Context, prefix string, recursive bool) ([]string, error) {
	if strings.HasSuffix(prefix, s.folder) {
		return nil, nil
	}
	return s.store.List(ctx, prefix, recursive)
}

// TestSweepSurvivesListingsMissingRecords: a grant in use whose token
// records one sweep's listing missed (a refresh rotated them meanwhile) is
// kept, as the next sweep finds it named again.
func TestSweepSurvivesListingsMissingRecords(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	clock := newFakeClock()
	e.proxy.cfg.Now = clock.Now
	real := e.proxy.cfg.Store
	s := e.session(t, "alice")
	clock.Add(2 * orphanAge)
	for range 3 {
		e.proxy.cfg.Store = &missingList{store: real, folder: "/proxy/tokens"}
		if _, err := e.proxy.Sweep(ctx); err != nil {
			t.Fatal(err)
		}
		e.proxy.cfg.Store = real
		if !e.grantStored(t, s.grantID) {
			t.Fatal("a sweep whose listing missed the grant's tokens deleted the grant")
		}
		if _, err := e.proxy.Sweep(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if status, tok := e.refreshCall(t, s); status != http.StatusOK {
		t.Errorf("alice's refresh after the sweeps: %d %v", status, tok)
	}
}
