package oauthproxy

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/oauth"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/internal/ttlcache"
)

// countingStore counts the records read from storage.
type countingStore struct {
	store // its Store method is promoted
	loads atomic.Int64
}

type store = oauth.Store

func (s *countingStore) Load(ctx context.Context, key string) ([]byte, error) {
	s.loads.Add(1)
	return s.store.Load(ctx, key)
}

// TestResolveKeepsValidTokens: a valid access token is read from storage
// once, with its grant, and then resolved from memory, for resolvedTTL at
// most and never past its expiry; unknown tokens are read (and refused)
// every time.
func TestResolveKeepsValidTokens(t *testing.T) {
	e := newEnv(t)
	_, reg := e.register(t, clientRedir)
	clientID := reg["client_id"].(string)
	status, tok := e.redeem(t, clientID, e.signIn(t, clientID, "alice"), testVerifier)
	if status != http.StatusOK {
		t.Fatalf("redeem: %d %v", status, tok)
	}
	access := tok["access_token"].(string)
	counted := &countingStore{store: e.proxy.cfg.Store}
	e.proxy.cfg.Store = counted
	now := time.Now()
	e.proxy.cfg.Now = func() time.Time { return now }
	ctx := context.Background()

	for range 3 {
		if _, err := e.proxy.Resolve(ctx, access); err != nil {
			t.Fatal(err)
		}
	}
	if n := counted.loads.Load(); n != 2 {
		t.Fatalf("three resolutions read storage %d times, want 2 (the token's record and its grant)", n)
	}
	for range 2 {
		if _, err := e.proxy.Resolve(ctx, "mcpat-bogus"); !errors.Is(err, ErrInvalidToken) {
			t.Fatalf("bogus token: %v", err)
		}
	}
	if n := counted.loads.Load(); n != 4 {
		t.Fatalf("unknown tokens are not cached: %d reads, want 4", n)
	}

	// A record deleted from storage by hand works until the cache lets go.
	if err := e.proxy.cfg.Store.Delete(ctx, tokenKey(access)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.proxy.Resolve(ctx, access); err != nil {
		t.Fatalf("within resolvedTTL: %v", err)
	}
	now = now.Add(resolvedTTL)
	if _, err := e.proxy.Resolve(ctx, access); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("after resolvedTTL, a deleted record still resolves: %v", err)
	}

	// A token is never kept past its own expiry.
	status, tok = e.redeem(t, clientID, e.signIn(t, clientID, "bob"), testVerifier)
	if status != http.StatusOK {
		t.Fatalf("redeem: %d %v", status, tok)
	}
	access = tok["access_token"].(string)
	now = time.Now()
	if _, err := e.proxy.Resolve(ctx, access); err != nil {
		t.Fatal(err)
	}
	var rec tokenRecord
	if err := e.proxy.get(ctx, tokenKey(access), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.Expires.Sub(now) > resolvedTTL {
		now = rec.Expires.Add(-resolvedTTL / 2) // cached again below, until the expiry
		if _, err := e.proxy.Resolve(ctx, access); err != nil {
			t.Fatal(err)
		}
	}
	now = rec.Expires
	if _, err := e.proxy.Resolve(ctx, access); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("an expired token resolves: %v", err)
	}
}

// BenchmarkResolve: an access token read from file storage on every
// request, against one kept in memory.
func BenchmarkResolve(b *testing.B) {
	e := newEnv(b)
	_, reg := e.register(b, clientRedir)
	clientID := reg["client_id"].(string)
	_, tok := e.redeem(b, clientID, e.signIn(b, clientID, "alice"), testVerifier)
	access, _ := tok["access_token"].(string)
	ctx := context.Background()
	b.Run("storage", func(b *testing.B) {
		for b.Loop() {
			e.proxy.resolved = ttlcache.New[string, tokenRecord](maxResolved)
			if _, err := e.proxy.Resolve(ctx, access); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cached", func(b *testing.B) {
		for b.Loop() {
			if _, err := e.proxy.Resolve(ctx, access); err != nil {
				b.Fatal(err)
			}
		}
	})
}
