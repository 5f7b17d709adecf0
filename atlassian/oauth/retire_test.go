package oauth

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox/oauthserver"
)

// goneLog records GrantGone calls.
type goneLog struct {
	mu  sync.Mutex
	ids []string
}

func (g *goneLog) add(id string) { g.mu.Lock(); g.ids = append(g.ids, id); g.mu.Unlock() }
func (g *goneLog) get() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.Clone(g.ids)
}

// roundTripFunc makes a function an http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// withTransport returns a copy of cfg whose token calls go through wrap
// (given the real transport).
func withTransport(cfg *Config, wrap func(next http.RoundTripper) http.RoundTripper) *Config {
	c := *cfg
	next := cfg.HTTPClient.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	c.HTTPClient = &http.Client{Transport: wrap(next), Timeout: 10 * time.Second}
	return &c
}

// TestInvalidGrantDeletesTheGrant: Atlassian refusing the refresh token
// deletes the grant, drops its source and tells the hook; later calls find
// no grant instead of presenting the dead token again.
func TestInvalidGrantDeletesTheGrant(t *testing.T) {
	f := newSourceFixture(t)
	ctx := context.Background()
	var gone goneLog
	s := NewSources(f.cfg, f.store, TokenSourceOptions{Now: f.clock.Now, Logger: f.ts.opts.Logger, GrantGone: gone.add})
	ts := s.Get(DefaultGrant)
	// Spend the stored refresh token elsewhere, then let the leeway pass:
	// the next refresh is refused and the grant revoked.
	if _, err := f.cfg.refresh(ctx, f.seed.Token.RefreshToken); err != nil {
		t.Fatal(err)
	}
	f.clock.Add(time.Hour)

	_, err := ts.Token(ctx)
	if !errors.Is(err, ErrInvalidGrant) || !strings.Contains(err.Error(), "the grant was deleted") {
		t.Fatalf("err = %v", err)
	}
	if _, err := LoadGrant(ctx, f.store, testClientID, DefaultGrant); !errors.Is(err, ErrNoGrant) {
		t.Fatalf("the refused grant is still stored: %v", err)
	}
	if got := gone.get(); !slices.Equal(got, []string{DefaultGrant}) {
		t.Fatalf("GrantGone calls %v", got)
	}
	if s.Get(DefaultGrant) == ts {
		t.Fatal("Sources kept the source of the deleted grant")
	}
	if !strings.Contains(f.logs.String(), "the grant was deleted") {
		t.Fatalf("the deletion is not logged: %s", f.logs)
	}
	assertNoSecrets(t, "logs", f.logs.String(), f.seed, testSecret)

	// The source that met the refusal does not present the token again.
	if _, err := ts.Token(ctx); !errors.Is(err, ErrNoGrant) {
		t.Fatalf("after the deletion: %v", err)
	}
	if n := f.srv.Stats().InvalidGrants; n != 1 {
		t.Fatalf("%d invalid_grant answers, want 1", n)
	}
}

// TestUnclearRefreshFailuresKeepTheGrant: a network error, or a 5xx (even
// one saying invalid_grant), says nothing definite about the grant.
func TestUnclearRefreshFailuresKeepTheGrant(t *testing.T) {
	for name, answer := range map[string]func() (*http.Response, error){
		"network error": func() (*http.Response, error) { return nil, errors.New("connection reset") },
		"503": func() (*http.Response, error) {
			return &http.Response{StatusCode: http.StatusServiceUnavailable, Header: http.Header{"Content-Type": {"application/json"}},
				Body: io.NopCloser(strings.NewReader(`{"error":"invalid_grant"}`))}, nil
		},
	} {
		t.Run(name, func(t *testing.T) {
			f := newSourceFixture(t)
			cfg := withTransport(f.cfg, func(http.RoundTripper) http.RoundTripper {
				return roundTripFunc(func(*http.Request) (*http.Response, error) { return answer() })
			})
			var gone goneLog
			ts := NewTokenSource(cfg, f.store, DefaultGrant, TokenSourceOptions{Now: f.clock.Now, GrantGone: gone.add})
			f.clock.Add(time.Hour)
			if _, err := ts.Token(context.Background()); err == nil {
				t.Fatal("the refresh succeeded")
			}
			g, err := LoadGrant(context.Background(), f.store, testClientID, DefaultGrant)
			if err != nil || g.Token.RefreshToken != f.seed.Token.RefreshToken {
				t.Fatalf("stored grant %v %v, want the seed kept", g, err)
			}
			if got := gone.get(); len(got) != 0 {
				t.Fatalf("GrantGone calls %v", got)
			}
		})
	}
}

// TestInvalidGrantKeepsANewerPair: when a new pair lands in storage while
// the refused refresh is in flight (another instance whose lock had gone
// stale, or a fresh consent), the re-read under the lock sees it and the
// grant is kept.
func TestInvalidGrantKeepsANewerPair(t *testing.T) {
	f := newSourceFixture(t)
	ctx := context.Background()
	// The seed's refresh token is spent (and the grant revoked at the
	// server) by a refresh that also yields the pair "the other
	// instance" stores.
	tok, err := f.cfg.refresh(ctx, f.seed.Token.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	newer := &Grant{Token: *tok, CloudID: f.seed.CloudID, Obtained: f.clock.Now(), Updated: f.clock.Now()}
	f.clock.Add(time.Hour) // the seed is due, and the server's leeway over
	cfg := withTransport(f.cfg, func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			if err := SaveGrant(ctx, f.store.inner, testClientID, DefaultGrant, newer); err != nil {
				return nil, err
			}
			return next.RoundTrip(r)
		})
	})
	var gone goneLog
	ts := NewTokenSource(cfg, f.store, DefaultGrant, TokenSourceOptions{Now: f.clock.Now, Logger: f.ts.opts.Logger, GrantGone: gone.add})
	if _, err := ts.Token(ctx); !errors.Is(err, ErrInvalidGrant) || strings.Contains(err.Error(), "deleted") {
		t.Fatalf("err = %v", err)
	}
	g, err := LoadGrant(ctx, f.store, testClientID, DefaultGrant)
	if err != nil || g.Token.RefreshToken != newer.Token.RefreshToken {
		t.Fatalf("stored grant %v %v, want the newer pair", g, err)
	}
	if got := gone.get(); len(got) != 0 {
		t.Fatalf("GrantGone calls %v", got)
	}
	if !strings.Contains(f.logs.String(), "a newer one was stored meanwhile") {
		t.Fatalf("not logged: %s", f.logs)
	}
}

// TestGrantGoneWhenDeletedElsewhere: a source whose grant another
// instance deleted reports it when it next needs the stored grant.
func TestGrantGoneWhenDeletedElsewhere(t *testing.T) {
	f := newSourceFixture(t)
	ctx := context.Background()
	var gone goneLog
	s := NewSources(f.cfg, f.store, TokenSourceOptions{Now: f.clock.Now, GrantGone: gone.add})
	ts := s.Get(DefaultGrant)
	if _, err := ts.Token(ctx); err != nil {
		t.Fatal(err)
	}
	if err := DeleteGrant(ctx, f.store, testClientID, DefaultGrant); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Refresh(ctx, f.seed.Token.AccessToken); !errors.Is(err, ErrNoGrant) {
		t.Fatalf("err = %v", err)
	}
	if got := gone.get(); !slices.Equal(got, []string{DefaultGrant}) || s.Get(DefaultGrant) == ts {
		t.Fatalf("GrantGone calls %v; source kept: %v", got, s.Get(DefaultGrant) == ts)
	}
}

// TestGrantLapse: a grant lapses a day past Atlassian's 90 days after its
// last refresh; one recording no time never does.
func TestGrantLapse(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	due := RefreshTokenIdleLifetime + lapseMargin
	for _, tc := range []struct {
		name string
		g    Grant
		want bool
	}{
		{"refreshed just now", Grant{Updated: now, Obtained: now}, false},
		{"just before", Grant{Updated: now.Add(-due + time.Second)}, false},
		{"at the limit", Grant{Updated: now.Add(-due)}, true},
		{"obtained only", Grant{Obtained: now.Add(-due - time.Hour)}, true},
		{"updated wins", Grant{Obtained: now.Add(-365 * 24 * time.Hour), Updated: now.Add(-time.Hour)}, false},
		{"no time", Grant{}, false},
		{"in the future", Grant{Updated: now.Add(time.Hour)}, false},
	} {
		if got := tc.g.Lapsed(now); got != tc.want {
			t.Errorf("%s: Lapsed = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestDeleteGrantIfAndListGrants: DeleteGrantIf judges the stored grant
// and deletes only when told; ListGrants names what is stored, hashed ids
// included, in a form that reaches the same grant.
func TestDeleteGrantIfAndListGrants(t *testing.T) {
	f := newSourceFixture(t)
	ctx := context.Background()
	weird := "user@example.com/../x" // stored under a hash
	for _, id := range []string{"a", weird} {
		if err := SaveGrant(ctx, f.store, testClientID, id, f.seed); err != nil {
			t.Fatal(err)
		}
	}
	ids, err := ListGrants(ctx, f.store, testClientID)
	if err != nil || len(ids) != 3 || !slices.Contains(ids, DefaultGrant) || !slices.Contains(ids, "a") {
		t.Fatalf("ListGrants = %v, %v", ids, err)
	}
	hashed := safeKey(weird)
	if !slices.Contains(ids, hashed) {
		t.Fatalf("ListGrants = %v, want %s among them", ids, hashed)
	}
	if ok, err := DeleteGrantIf(ctx, f.store, testClientID, "a", func(*Grant) bool { return false }); ok || err != nil {
		t.Fatalf("kept grant deleted: %v %v", ok, err)
	}
	var seen *Grant
	if ok, err := DeleteGrantIf(ctx, f.store, testClientID, hashed, func(g *Grant) bool { seen = g; return true }); !ok || err != nil {
		t.Fatalf("delete by listed id: %v %v", ok, err)
	}
	if seen == nil || seen.CloudID != oauthserver.DefaultSite.ID {
		t.Fatalf("dead was shown %v", seen)
	}
	if ok, err := GrantExists(ctx, f.store, testClientID, weird); ok || err != nil {
		t.Fatalf("the hashed grant survived: %v %v", ok, err)
	}
	if ok, err := DeleteGrantIf(ctx, f.store, testClientID, hashed, func(*Grant) bool { return true }); ok || err != nil {
		t.Fatalf("deleting a missing grant: %v %v", ok, err)
	}
	if ok, err := GrantExists(ctx, f.store, testClientID, "a"); !ok || err != nil {
		t.Fatalf("GrantExists(a) = %v %v", ok, err)
	}
	if ids, err := ListGrants(ctx, f.store, "no-such-app"); len(ids) != 0 || err != nil {
		t.Fatalf("an app without grants: %v %v", ids, err)
	}
}
