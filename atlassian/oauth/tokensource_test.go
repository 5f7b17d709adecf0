package oauth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox/oauthserver"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// sourceFixture is a TokenSource on a fake clock shared with the server.
type sourceFixture struct {
	srv   *oauthserver.Server
	cfg   *Config
	store *failingStore
	clock *clock
	logs  *bytes.Buffer
	ts    *TokenSource
	seed  *Grant
}

func newSourceFixture(t *testing.T) *sourceFixture {
	t.Helper()
	c := newClock()
	srv, cfg := authServer(t, oauthserver.Config{Now: c.Now, ReuseGrace: time.Minute})
	store := &failingStore{inner: fileStore(t.TempDir())}
	seed := seedGrant(t, cfg, store, c.Now())
	logs := new(bytes.Buffer)
	logger := zap.New(zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(logs), zap.DebugLevel))
	ts := NewTokenSource(cfg, store, DefaultGrant, TokenSourceOptions{Now: c.Now, Logger: logger})
	return &sourceFixture{srv: srv, cfg: cfg, store: store, clock: c, logs: logs, ts: ts, seed: seed}
}

// failingStore fails Store calls while fail is set.
type failingStore struct {
	inner Store
	mu    sync.Mutex
	fail  bool
}

func (s *failingStore) Store(ctx context.Context, key string, value []byte) error {
	s.mu.Lock()
	fail := s.fail
	s.mu.Unlock()
	if fail {
		return errors.New("disk full")
	}
	return s.inner.Store(ctx, key, value)
}

func (s *failingStore) Lock(ctx context.Context, name string) error { return s.inner.Lock(ctx, name) }
func (s *failingStore) Unlock(ctx context.Context, name string) error {
	return s.inner.Unlock(ctx, name)
}
func (s *failingStore) Load(ctx context.Context, key string) ([]byte, error) {
	return s.inner.Load(ctx, key)
}
func (s *failingStore) Delete(ctx context.Context, key string) error { return s.inner.Delete(ctx, key) }
func (s *failingStore) Exists(ctx context.Context, key string) bool  { return s.inner.Exists(ctx, key) }
func (s *failingStore) List(ctx context.Context, path string, recursive bool) ([]string, error) {
	return s.inner.List(ctx, path, recursive)
}

func (s *failingStore) setFail(v bool) { s.mu.Lock(); s.fail = v; s.mu.Unlock() }

func TestTokenSourceUsesStoredTokenUntilItExpires(t *testing.T) {
	f := newSourceFixture(t)
	ctx := context.Background()
	tok, err := f.ts.Token(ctx)
	if err != nil || tok.AccessToken != f.seed.Token.AccessToken {
		t.Fatalf("first token: %v %v", tok, err)
	}
	f.clock.Add(58 * time.Minute) // 2 min left, more than the 60 s margin
	if tok, _ = f.ts.Token(ctx); tok.AccessToken != f.seed.Token.AccessToken {
		t.Fatal("refreshed too early")
	}
	if f.srv.Stats().Refreshes != 0 {
		t.Fatal("refresh without need")
	}

	f.clock.Add(time.Minute + time.Second) // inside the margin
	g, err := f.ts.Grant(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if g.Token.AccessToken == f.seed.Token.AccessToken || g.Token.RefreshToken == f.seed.Token.RefreshToken {
		t.Fatal("token not rotated")
	}
	if g.CloudID != oauthserver.DefaultSite.ID || !g.Obtained.Equal(f.clock.Now()) {
		t.Fatalf("grant metadata: %v obtained %v", g.CloudID, g.Obtained)
	}
	if _, ok := f.srv.ValidateSite(g.Token.AccessToken, g.CloudID); !ok {
		t.Fatal("new token not accepted")
	}
	// The rotated pair was persisted.
	stored, err := LoadGrant(ctx, f.store, testClientID, DefaultGrant)
	if err != nil || stored.Token.RefreshToken != g.Token.RefreshToken || stored.Token.AccessToken != g.Token.AccessToken {
		t.Fatalf("stored grant %v %v", stored, err)
	}
	if st := f.srv.Stats(); st.Refreshes != 1 || st.InvalidGrants != 0 {
		t.Fatalf("stats %+v", st)
	}
	if !strings.Contains(f.logs.String(), "refreshed Atlassian OAuth token") {
		t.Fatalf("no refresh log: %s", f.logs)
	}
}

func TestTokenSourceSingleFlight(t *testing.T) {
	f := newSourceFixture(t)
	f.clock.Add(time.Hour)
	var wg sync.WaitGroup
	tokens := make([]string, 32)
	errs := make([]error, 32)
	for i := range tokens {
		wg.Go(func() {
			tok, err := f.ts.Token(context.Background())
			errs[i] = err
			if err == nil {
				tokens[i] = tok.AccessToken
			}
		})
	}
	wg.Wait()
	for i := range tokens {
		if errs[i] != nil || tokens[i] != tokens[0] {
			t.Fatalf("caller %d: %q %v (first %q)", i, tokens[i], errs[i], tokens[0])
		}
	}
	if n := f.srv.Stats().Refreshes; n != 1 {
		t.Fatalf("%d refreshes for one expiry", n)
	}
}

func TestTokenSourceSeesAnotherInstancesRotation(t *testing.T) {
	f := newSourceFixture(t)
	ctx := context.Background()
	other := NewTokenSource(f.cfg, f.store, DefaultGrant, TokenSourceOptions{Now: f.clock.Now})
	if _, err := f.ts.Token(ctx); err != nil { // cache the seed
		t.Fatal(err)
	}
	f.clock.Add(time.Hour)
	a, err := other.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// f.ts's cache is stale; it must pick up other's pair from storage,
	// not present the spent refresh token.
	b, err := f.ts.Token(ctx)
	if err != nil || b.AccessToken != a.AccessToken {
		t.Fatalf("second instance: %v %v", b, err)
	}
	if st := f.srv.Stats(); st.Refreshes != 1 || st.GraceReuses != 0 {
		t.Fatalf("stats %+v", st)
	}
}

func TestTokenSourceForcedRefresh(t *testing.T) {
	f := newSourceFixture(t)
	ctx := context.Background()
	g, err := f.ts.Refresh(ctx, f.seed.Token.AccessToken)
	if err != nil || g.Token.AccessToken == f.seed.Token.AccessToken {
		t.Fatalf("forced refresh: %v %v", g, err)
	}
	// A second caller that also saw the old token rejected gets the new
	// one without another refresh.
	g2, err := f.ts.Refresh(ctx, f.seed.Token.AccessToken)
	if err != nil || g2.Token.AccessToken != g.Token.AccessToken || f.srv.Stats().Refreshes != 1 {
		t.Fatalf("second forced refresh: %v %v %+v", g2, err, f.srv.Stats())
	}
}

func TestTokenSourceDoesNotUseAnUnpersistedPair(t *testing.T) {
	f := newSourceFixture(t)
	ctx := context.Background()
	f.clock.Add(time.Hour)
	f.store.setFail(true)
	tok, err := f.ts.Token(ctx)
	if err == nil || tok != nil || !strings.Contains(err.Error(), "persisting the rotated token") {
		t.Fatalf("token %v, err %v", tok, err)
	}
	// The stored refresh token is the spent one; presenting it again
	// within the server's leeway recovers.
	f.store.setFail(false)
	f.clock.Add(10 * time.Second)
	tok, err = f.ts.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, ok := f.srv.Validate(tok.AccessToken); !ok {
		t.Fatal("recovered token rejected")
	}
	if st := f.srv.Stats(); st.GraceReuses != 1 || st.RevokedGrants != 0 {
		t.Fatalf("stats %+v", st)
	}
}

func TestTokenSourceInvalidGrant(t *testing.T) {
	f := newSourceFixture(t)
	ctx := context.Background()
	// Spend the stored refresh token elsewhere, then let the leeway pass.
	if _, err := f.cfg.refresh(ctx, f.seed.Token.RefreshToken); err != nil {
		t.Fatal(err)
	}
	f.clock.Add(time.Hour)
	_, err := f.ts.Token(ctx)
	if !errors.Is(err, ErrInvalidGrant) {
		t.Fatalf("err = %v", err)
	}
	if f.srv.Stats().RevokedGrants != 1 {
		t.Fatal("grant not revoked")
	}
	assertNoSecrets(t, "error", err.Error(), f.seed, testSecret)
	assertNoSecrets(t, "logs", f.logs.String(), f.seed, testSecret)
	if !strings.Contains(f.logs.String(), "consent is needed again") {
		t.Fatalf("invalid_grant not logged: %s", f.logs)
	}
}

func TestTokenSourceErrors(t *testing.T) {
	f := newSourceFixture(t)
	ctx := context.Background()
	empty := NewTokenSource(f.cfg, f.store, "nobody", TokenSourceOptions{})
	if _, err := empty.Token(ctx); !errors.Is(err, ErrNoGrant) {
		t.Fatalf("missing grant: %v", err)
	}
	noRT := &Grant{Token: Token{AccessToken: "at-only", Expiry: f.clock.Now().Add(time.Minute)}}
	if err := SaveGrant(ctx, f.store, testClientID, "short", noRT); err != nil {
		t.Fatal(err)
	}
	short := NewTokenSource(f.cfg, f.store, "short", TokenSourceOptions{Now: f.clock.Now})
	if _, err := short.Token(ctx); !errors.Is(err, ErrNoRefreshToken) {
		t.Fatalf("no refresh token: %v", err)
	}
	// A caller whose context ends while another refreshes gives up.
	f.ts.flight <- struct{}{}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	f.clock.Add(time.Hour)
	if _, err := f.ts.Token(cctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled wait: %v", err)
	}
	<-f.ts.flight
}

func TestStoredGrantFormat(t *testing.T) {
	f := newSourceFixture(t)
	ctx := context.Background()
	raw, err := f.store.Load(ctx, GrantKey(testClientID, DefaultGrant))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if m["version"] != float64(1) || m["refresh_token"] != f.seed.Token.RefreshToken || m["cloud_id"] != oauthserver.DefaultSite.ID {
		t.Fatalf("stored %s", raw)
	}
	if err := f.store.inner.Store(ctx, GrantKey(testClientID, "future"), []byte(`{"version":2}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadGrant(ctx, f.store, testClientID, "future"); err == nil || !strings.Contains(err.Error(), "version 2") {
		t.Fatalf("future version: %v", err)
	}
	if err := DeleteGrant(ctx, f.store, testClientID, DefaultGrant); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadGrant(ctx, f.store, testClientID, DefaultGrant); !errors.Is(err, ErrNoGrant) {
		t.Fatalf("after delete: %v", err)
	}
	if k := GrantKey("my client", "../x"); strings.Contains(k, "..") || strings.Contains(k, " ") ||
		strings.Count(k, "/") != strings.Count(GrantKey("a", "b"), "/") {
		t.Fatalf("unsafe key %q", k)
	}
}

func TestSourcesSharesOnePerGrant(t *testing.T) {
	f := newSourceFixture(t)
	s := NewSources(f.cfg, f.store, TokenSourceOptions{})
	if s.Get("a") != s.Get("a") || s.Get("a") == s.Get("b") || s.Get("b").GrantID() != "b" {
		t.Fatal("Sources does not share per grant")
	}
	a := s.Get("a")
	s.Forget("a")
	if s.Get("a") == a {
		t.Fatal("Forget kept the source")
	}
}

// TestSourcesDropsIdleSources: a source nobody asked for a token for an
// hour is dropped, by Trim or by a later Get; one in use, or with a
// refresh under way, is kept.
func TestSourcesDropsIdleSources(t *testing.T) {
	f := newSourceFixture(t)
	ctx := context.Background()
	s := NewSources(f.cfg, f.store, TokenSourceOptions{Now: f.clock.Now})
	used, idle := s.Get(DefaultGrant), s.Get("idle")
	f.clock.Add(40 * time.Minute)
	if _, err := used.Token(ctx); err != nil { // a caller holding it uses it
		t.Fatal(err)
	}
	f.clock.Add(30 * time.Minute)
	if n := s.Trim(); n != 1 {
		t.Fatalf("Trim dropped %d sources, want 1 (idle)", n)
	}
	if s.Get(DefaultGrant) != used || s.Get("idle") == idle {
		t.Fatal("Trim dropped the source in use or kept the idle one")
	}

	// A refresh under way keeps its source however long it waits.
	used.flight <- struct{}{}
	f.clock.Add(2 * time.Hour)
	if n := s.Trim(); n != 1 || s.byID[DefaultGrant] != used {
		t.Fatalf("Trim dropped %d, kept %v; want the idle one only", n, s.byID)
	}
	<-used.flight

	// Get trims too, at most once a minute.
	f.clock.Add(2 * time.Hour)
	s.Get("new")
	if len(s.byID) != 1 {
		t.Fatalf("after Get: %d sources kept, want 1", len(s.byID))
	}
}

// TestSourcesRefreshOnceAfterTrim: callers arriving after a grant's
// source was dropped share one new source and one refresh; a caller still
// holding the dropped source does not refresh a second time either, as
// both refresh under the grant's storage lock and re-read it there.
func TestSourcesRefreshOnceAfterTrim(t *testing.T) {
	f := newSourceFixture(t)
	ctx := context.Background()
	s := NewSources(f.cfg, f.store, TokenSourceOptions{Now: f.clock.Now})
	held := s.Get(DefaultGrant)
	if _, err := held.Token(ctx); err != nil {
		t.Fatal(err)
	}
	f.clock.Add(2 * time.Hour) // idle, and its token expired
	if s.Trim() != 1 {
		t.Fatal("the idle source was kept")
	}
	var wg sync.WaitGroup
	tokens := make([]string, 17)
	errs := make([]error, len(tokens))
	for i := range tokens {
		wg.Go(func() {
			ts := held
			if i > 0 {
				ts = s.Get(DefaultGrant)
			}
			tok, err := ts.Token(ctx)
			if errs[i] = err; err == nil {
				tokens[i] = tok.AccessToken
			}
		})
	}
	wg.Wait()
	for i := range tokens {
		if errs[i] != nil || tokens[i] != tokens[0] {
			t.Fatalf("caller %d: %q %v (first %q)", i, tokens[i], errs[i], tokens[0])
		}
	}
	if st := f.srv.Stats(); st.Refreshes != 1 || st.GraceReuses != 0 {
		t.Fatalf("stats %+v, want one refresh", st)
	}
}

// assertNoSecrets fails if out contains any secret of g or extra.
func assertNoSecrets(t *testing.T, what, out string, g *Grant, extra ...string) {
	t.Helper()
	for _, s := range append([]string{g.Token.AccessToken, g.Token.RefreshToken}, extra...) {
		if s != "" && strings.Contains(out, s) {
			t.Errorf("%s leaks a secret: %s", what, out)
		}
	}
}

func TestSecretsAreRedacted(t *testing.T) {
	f := newSourceFixture(t)
	cfg := *f.cfg
	g := *f.seed
	logger := zap.New(zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(f.logs), zap.DebugLevel))
	logger.Info("values", zap.Any("token", g.Token), zap.Any("grant", g), zap.Any("config", cfg),
		zap.Stringer("tok", g.Token), zap.Any("ptr", &g.Token))
	for _, out := range []string{
		fmt.Sprint(g.Token), fmt.Sprintf("%+v", g.Token), fmt.Sprintf("%#v", g.Token), fmt.Sprintf("%v", &g.Token),
		fmt.Sprint(g), fmt.Sprintf("%+v", g), fmt.Sprintf("%#v", g),
		fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg),
		mustJSON(t, g.Token), mustJSON(t, g), mustJSON(t, cfg),
		f.logs.String(),
	} {
		assertNoSecrets(t, "output", out, &g, testSecret)
		if !strings.Contains(out, redacted) {
			t.Errorf("no redaction marker in %s", out)
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
