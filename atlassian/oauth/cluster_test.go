package oauth

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox/oauthserver"
)

// TestTwoInstancesShareAGrant is the cluster case: two TokenSources, each
// with its own FileStorage over one directory (as two Caddy instances
// configured with the same storage), hammer one grant while the access
// token expires every 2 s. The server has no reuse leeway at all, so a
// single refresh with a spent refresh token would revoke the grant and
// fail every later call.
func TestTwoInstancesShareAGrant(t *testing.T) {
	srv, cfg := authServer(t, oauthserver.Config{
		AccessTokenLifetime: 2 * time.Second,
		ReuseGrace:          -1,
	})
	dir := t.TempDir()
	seedGrant(t, cfg, fileStore(dir), time.Now())

	const (
		perInstance = 6
		run         = 8 * time.Second
	)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	stop := time.Now().Add(run)

	var calls, failures atomic.Int64
	var errMu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	for range 2 {
		c := *cfg // each instance its own app config and HTTP client
		c.HTTPClient = &http.Client{Timeout: 10 * time.Second}
		ts := NewTokenSource(&c, fileStore(dir), DefaultGrant, TokenSourceOptions{RefreshBefore: time.Second})
		for range perInstance {
			wg.Go(func() {
				for time.Now().Before(stop) && ctx.Err() == nil {
					err := useToken(ctx, &c, ts)
					calls.Add(1)
					if err != nil {
						failures.Add(1)
						errMu.Lock()
						if firstErr == nil {
							firstErr = err
						}
						errMu.Unlock()
					}
					time.Sleep(10 * time.Millisecond)
				}
			})
		}
	}
	wg.Wait()

	st := srv.Stats()
	t.Logf("%d calls, %d failures, server %+v", calls.Load(), failures.Load(), st)
	if n := failures.Load(); n != 0 {
		t.Fatalf("%d of %d calls failed; first: %v", n, calls.Load(), firstErr)
	}
	if st.InvalidGrants != 0 || st.RevokedGrants != 0 || st.GraceReuses != 0 {
		t.Fatalf("refresh tokens were reused: %+v", st)
	}
	// Calls kept succeeding for 8 s with 2 s tokens, so the grant must
	// have been refreshed at least three times.
	if st.Refreshes < 3 {
		t.Fatalf("only %d refreshes", st.Refreshes)
	}
	if calls.Load() < 2*perInstance {
		t.Fatalf("only %d calls", calls.Load())
	}
}

// useToken is one "tool call": get a token and use it against a
// protected endpoint.
func useToken(ctx context.Context, cfg *Config, ts *TokenSource) error {
	tok, err := ts.Token(ctx)
	if err != nil {
		return err
	}
	_, err = cfg.AccessibleResources(ctx, tok.AccessToken)
	return err
}

// TestInstancesWithoutSharedStorageRevokeTheGrant is the control: the
// same grant copied into two separate storages is refreshed by both, the
// second presents a spent refresh token, and Atlassian's rule revokes the
// grant. This is the failure the shared lock prevents.
func TestInstancesWithoutSharedStorageRevokeTheGrant(t *testing.T) {
	c := newClock()
	srv, cfg := authServer(t, oauthserver.Config{Now: c.Now, ReuseGrace: -1})
	a, b := fileStore(t.TempDir()), fileStore(t.TempDir())
	g := seedGrant(t, cfg, a, c.Now())
	if err := SaveGrant(context.Background(), b, cfg.ClientID, DefaultGrant, g); err != nil {
		t.Fatal(err)
	}
	c.Add(time.Hour)
	ctx := context.Background()
	if _, err := NewTokenSource(cfg, a, DefaultGrant, TokenSourceOptions{}).Token(ctx); err != nil {
		t.Fatal(err)
	}
	_, err := NewTokenSource(cfg, b, DefaultGrant, TokenSourceOptions{}).Token(ctx)
	if !errors.Is(err, ErrInvalidGrant) || srv.Stats().RevokedGrants != 1 {
		t.Fatalf("err %v, stats %+v", err, srv.Stats())
	}
}
