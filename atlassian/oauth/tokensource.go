package oauth

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"go.uber.org/zap"
)

// TokenSourceOptions tune a TokenSource; the zero value is fine.
type TokenSourceOptions struct {
	// RefreshBefore is how long before expiry a refresh starts; default
	// 60 s. It is capped at half the token's lifetime so short-lived
	// tokens are not refreshed on every call.
	RefreshBefore time.Duration
	// RefreshTimeout bounds one refresh (lock wait excluded); default 30 s.
	RefreshTimeout time.Duration
	// Logger gets one line per refresh; never a secret. Default: none.
	Logger *zap.Logger
	// Now is the clock; default time.Now.
	Now func() time.Time
	// GrantGone, if set, is called with the grant's id when a source
	// finds its grant gone: it deleted it itself, because Atlassian
	// refused its refresh token (invalid_grant), or found it deleted
	// under the lock (by another instance, or a sweep). Sources drops the
	// source then; the OAuth proxy refuses the grant's MCP tokens. It
	// must not block.
	GrantGone func(grantID string)
}

// TokenSource hands out a valid access token for one stored grant,
// refreshing it when it is about to expire.
//
// Refreshes are single-flight: inside the process one caller refreshes
// while the others wait for its result; across processes the refresh runs
// under the Store's lock for the grant, and starts by re-loading the
// stored pair, because another instance may have rotated it meanwhile.
// The rotated pair is persisted before it is returned, so a crash can
// never lose the only valid refresh token after it was used.
//
// Use one TokenSource per grant per process (Sources helps); several
// are still safe, only slower.
type TokenSource struct {
	cfg      Config
	store    Store
	clientID string
	grantID  string
	lock     string
	opts     TokenSourceOptions

	flight chan struct{} // capacity 1: the in-process refresh slot
	// lastUsed is when a token was last asked for (Unix ns), so Sources
	// can drop a source nobody uses.
	lastUsed atomic.Int64

	mu     sync.Mutex
	cached *Grant
}

// NewTokenSource returns the TokenSource of grantID (DefaultGrant for the
// server's own grant) of the app cfg, stored in store.
func NewTokenSource(cfg *Config, store Store, grantID string, opts TokenSourceOptions) *TokenSource {
	if opts.RefreshBefore <= 0 {
		opts.RefreshBefore = 60 * time.Second
	}
	if opts.RefreshTimeout <= 0 {
		opts.RefreshTimeout = 30 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = zap.NewNop()
	}
	if opts.Now == nil {
		opts.Now = cfg.now
	}
	c := *cfg
	c.Now = opts.Now // expires_in counts on the same clock as the margin
	return &TokenSource{
		cfg:      c,
		store:    store,
		clientID: cfg.ClientID,
		grantID:  grantID,
		lock:     grantLockName(cfg.ClientID, grantID),
		opts:     opts,
		flight:   make(chan struct{}, 1),
	}
}

// GrantID is the grant this source serves.
func (ts *TokenSource) GrantID() string { return ts.grantID }

// Token returns an access token valid for at least the refresh margin.
func (ts *TokenSource) Token(ctx context.Context) (*Token, error) {
	g, err := ts.Grant(ctx)
	if err != nil {
		return nil, err
	}
	return &g.Token, nil
}

// Grant is Token with the grant's stored cloud id.
func (ts *TokenSource) Grant(ctx context.Context) (*Grant, error) {
	ts.touch(ts.opts.Now())
	if g := ts.fresh(); g != nil {
		return g, nil
	}
	return ts.slow(ctx, "")
}

// Refresh forces a refresh after Atlassian rejected accessToken (a 401
// before the expiry we know of). If the stored token already differs,
// another caller refreshed it and that one is returned instead.
func (ts *TokenSource) Refresh(ctx context.Context, rejected string) (*Grant, error) {
	ts.touch(ts.opts.Now())
	return ts.slow(ctx, rejected)
}

func (ts *TokenSource) touch(now time.Time) { ts.lastUsed.Store(now.UnixNano()) }

// idle reports whether the source has not been asked for a token for d
// and no refresh is under way in this process.
func (ts *TokenSource) idle(now time.Time, d time.Duration) bool {
	return len(ts.flight) == 0 && now.Sub(time.Unix(0, ts.lastUsed.Load())) >= d
}

// fresh returns a copy of the cached grant if it needs no refresh.
func (ts *TokenSource) fresh() *Grant {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.cached == nil || ts.expiring(ts.cached) {
		return nil
	}
	g := *ts.cached
	return &g
}

// expiring says whether g should be refreshed now.
func (ts *TokenSource) expiring(g *Grant) bool {
	margin := ts.opts.RefreshBefore
	if !g.Obtained.IsZero() && !g.Token.Expiry.IsZero() {
		if half := g.Token.Expiry.Sub(g.Obtained) / 2; half < margin {
			margin = half
		}
	}
	return g.Token.ExpiresWithin(ts.opts.Now(), margin)
}

func (ts *TokenSource) remember(g *Grant) *Grant {
	ts.mu.Lock()
	ts.cached = g
	ts.mu.Unlock()
	c := *g
	return &c
}

// slow takes the in-process slot, then the storage lock, and refreshes
// only if the stored grant still needs it.
func (ts *TokenSource) slow(ctx context.Context, rejected string) (*Grant, error) {
	select {
	case ts.flight <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("waiting for OAuth refresh of grant %q: %w", ts.grantID, ctx.Err())
	}
	defer func() { <-ts.flight }()

	// Whoever held the slot before us may have refreshed already.
	if rejected == "" {
		if g := ts.fresh(); g != nil {
			return g, nil
		}
	} else if g := ts.fresh(); g != nil && g.Token.AccessToken != rejected {
		return g, nil
	}

	if err := ts.store.Lock(ctx, ts.lock); err != nil {
		return nil, fmt.Errorf("locking OAuth grant %q: %w", ts.grantID, err)
	}
	defer func() {
		// Release even if the caller gave up: a held lock blocks every
		// instance until it goes stale.
		if err := ts.store.Unlock(context.WithoutCancel(ctx), ts.lock); err != nil {
			ts.opts.Logger.Error("unlocking OAuth grant", zap.String("grant", ts.grantID), zap.Error(err))
		}
	}()

	g, err := LoadGrant(ctx, ts.store, ts.clientID, ts.grantID)
	if errors.Is(err, ErrNoGrant) {
		ts.gone()
	}
	if err != nil {
		return nil, err
	}
	if !ts.expiring(g) && (rejected == "" || g.Token.AccessToken != rejected) {
		return ts.remember(g), nil
	}
	if g.Token.RefreshToken == "" {
		return nil, fmt.Errorf("grant %q: %w", ts.grantID, ErrNoRefreshToken)
	}

	// From here on the refresh token is spent as soon as the request
	// leaves: finish the exchange and the write even if the caller goes
	// away, or the rotated pair would be lost.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ts.opts.RefreshTimeout)
	defer cancel()
	now := ts.opts.Now()
	tok, err := ts.cfg.refresh(rctx, g.Token.RefreshToken)
	if refused(err) {
		return nil, ts.retire(rctx, g, err)
	}
	if err != nil {
		return nil, fmt.Errorf("refreshing OAuth grant %q: %w", ts.grantID, err)
	}
	if tok.RefreshToken == "" {
		tok.RefreshToken = g.Token.RefreshToken // not rotated: keep it
	}
	if tok.Scope == "" {
		tok.Scope = g.Token.Scope
	}
	next := &Grant{Token: *tok, CloudID: g.CloudID, Obtained: now, Updated: now}
	if err := SaveGrant(rctx, ts.store, ts.clientID, ts.grantID, next); err != nil {
		// Do not use a pair we could not persist: the next attempt
		// presents the old refresh token again, which Atlassian accepts
		// within its reuse leeway.
		return nil, fmt.Errorf("refreshing OAuth grant %q: persisting the rotated token: %w", ts.grantID, err)
	}
	ts.opts.Logger.Info("refreshed Atlassian OAuth token",
		zap.String("grant", ts.grantID), zap.Time("expires", tok.Expiry))
	return ts.remember(next), nil
}

// retire deletes the grant after Atlassian refused its refresh token
// (cause, a definitive invalid_grant): the consent was revoked, the token
// expired, or a spent one was presented and the grant revoked. Nothing
// but a new consent brings it back, and keeping it would only send the
// dead token again on every call. The caller holds the grant's lock; the
// grant is re-read first and deleted only if it still holds the refused
// refresh token, so a pair another instance stored meanwhile (its lock
// having gone stale, or a fresh consent) is kept.
func (ts *TokenSource) retire(ctx context.Context, refusedGrant *Grant, cause error) error {
	log := ts.opts.Logger.With(zap.String("grant", ts.grantID), zap.Error(cause))
	deleted, err := deleteGrantLocked(ctx, ts.store, ts.clientID, ts.grantID, func(g *Grant) bool {
		return g.Token.RefreshToken == refusedGrant.Token.RefreshToken
	})
	switch {
	case err != nil:
		log.Error("Atlassian rejected the OAuth grant; consent is needed again, and deleting the grant failed", zap.NamedError("delete_error", err))
	case deleted:
		log.Error("Atlassian rejected the OAuth grant; consent is needed again, so the grant was deleted")
		ts.gone()
		return fmt.Errorf("refreshing OAuth grant %q: %w; the grant was deleted, so sign in again", ts.grantID, cause)
	default:
		log.Warn("Atlassian rejected the OAuth grant's refresh token, but a newer one was stored meanwhile; keeping it")
	}
	return fmt.Errorf("refreshing OAuth grant %q: %w", ts.grantID, cause)
}

// gone forgets the cached grant, which no longer exists, and says so.
func (ts *TokenSource) gone() {
	ts.mu.Lock()
	ts.cached = nil
	ts.mu.Unlock()
	if ts.opts.GrantGone != nil {
		ts.opts.GrantGone(ts.grantID)
	}
}

// Sources keeps one TokenSource per grant of one app, so every request for
// a grant shares its single-flight refresh.
//
// It keeps only the sources in use: one not asked for a token for
// sourceIdleTimeout is dropped (Trim, also run by Get once a minute), so
// memory follows the users of the last hour, not every grant ever made.
// Dropping costs the next caller one read of the stored grant. A source
// with a refresh under way in this process is never dropped, so a refresh
// in progress is never joined by a second one from a fresh source. A
// source whose grant is gone (TokenSourceOptions.GrantGone) is dropped at
// once: there is nothing left for it to refresh.
//
// One corner remains: a caller that took a source from Get, then held it
// without using it for the whole idle time, may refresh through it while
// another caller refreshes through the new source Get made meanwhile. The
// two do not share the in-process slot, but each refresh runs under the
// Store's lock for the grant and re-reads the stored pair once it holds
// it, exactly as two instances sharing the storage do: the second finds
// the rotated pair and uses it instead of presenting the spent refresh
// token. Only the in-process shortcut is lost, never the grant.
type Sources struct {
	cfg   *Config
	store Store
	opts  TokenSourceOptions

	mu      sync.Mutex
	byID    map[string]*TokenSource
	trimmed time.Time // last Trim
}

// sourceIdleTimeout is how long Sources keeps a TokenSource nobody uses;
// Get trims at most every sourceTrimInterval.
const (
	sourceIdleTimeout  = time.Hour
	sourceTrimInterval = time.Minute
)

// NewSources returns an empty set for the app cfg over store.
func NewSources(cfg *Config, store Store, opts TokenSourceOptions) *Sources {
	return &Sources{cfg: cfg, store: store, opts: opts, byID: make(map[string]*TokenSource)}
}

// Get returns the TokenSource of grantID, creating it on first use.
func (s *Sources) Get(grantID string) *TokenSource {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if now.Sub(s.trimmed) >= sourceTrimInterval {
		s.trim(now)
	}
	ts, ok := s.byID[grantID]
	if !ok {
		opts := s.opts
		opts.GrantGone = s.gone
		ts = NewTokenSource(s.cfg, s.store, grantID, opts)
		s.byID[grantID] = ts
	}
	ts.touch(now)
	return ts
}

// Trim drops the sources idle for an hour and says how many it dropped.
func (s *Sources) Trim() int {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.trim(now)
}

func (s *Sources) trim(now time.Time) int {
	s.trimmed = now
	n := 0
	for id, ts := range s.byID {
		if ts.idle(now, sourceIdleTimeout) {
			delete(s.byID, id)
			n++
		}
	}
	return n
}

func (s *Sources) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return s.cfg.now()
}

// Forget drops a grant's TokenSource (after the grant was deleted).
func (s *Sources) Forget(grantID string) {
	s.mu.Lock()
	delete(s.byID, grantID)
	s.mu.Unlock()
}

// gone is its sources' GrantGone: it forgets the grant and passes the
// news on to the caller's hook.
func (s *Sources) gone(grantID string) {
	s.Forget(grantID)
	if s.opts.GrantGone != nil {
		s.opts.GrantGone(grantID)
	}
}
