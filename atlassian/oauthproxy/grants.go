package oauthproxy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/oauth"
)

// A grant (one user's consent at Atlassian, stored at the callback) ends
// in one of two ways, and the MCP tokens naming it end with it:
//
//   - Atlassian refuses its refresh token (invalid_grant: consent revoked,
//     token expired or reused). The TokenSource that meets the refusal
//     deletes it under its lock and reports it (GrantGone → grantGone).
//   - Nobody uses it for Atlassian's refresh-token inactivity lifetime
//     (oauth.Grant.Lapsed), after which Atlassian would refuse it anyway.
//     The sweep deletes it. "Used" is read from the grant's last refresh,
//     which the TokenSource writes anyway: Atlassian's access tokens
//     live an hour, so a grant in use is refreshed at least once per hour
//     of use, and Atlassian's inactivity clock restarts at exactly those
//     refreshes. No MCP request has to write to storage to count as use.
//
// The server's own grant (oauth.DefaultGrant, from oauth-setup) shares
// the folder but is the operator's: it is never swept, and its errors
// tell the operator to run oauth-setup again.
//
// Once the grant is gone, its access tokens are refused with the 401 that
// makes the MCP client sign in again: at once on the instance that saw it
// go (gone), and on the others when they next read the token's record
// from storage, a minute at most (Resolve checks the grant then), or when
// their own TokenSource finds the grant missing. Its refresh tokens get
// invalid_grant at /token, and the sweep deletes every record that names
// a grant no longer stored.

// goneTTL is how long an instance remembers a grant it saw go: longer
// than any token resolution it keeps in memory (resolvedTTL), after which
// Resolve reads the token's record and checks the grant again.
const goneTTL = 2 * resolvedTTL

// grantGone is the proxy's TokenSourceOptions.GrantGone.
func (p *Proxy) grantGone(grantID string) {
	p.gone.Put(grantID, struct{}{}, p.cfg.Now().Add(goneTTL))
}

func (p *Proxy) isGone(grantID string, now time.Time) bool {
	_, ok := p.gone.Get(grantID, now)
	return ok
}

// checkGrant is ErrInvalidToken if the grant is gone.
func (p *Proxy) checkGrant(ctx context.Context, grantID string, now time.Time) error {
	if p.isGone(grantID, now) {
		return ErrInvalidToken
	}
	ok, err := oauth.GrantExists(ctx, p.cfg.Store, p.cfg.Upstream.ClientID, grantID)
	if err != nil {
		return err
	}
	if !ok {
		p.grantGone(grantID)
		return ErrInvalidToken
	}
	return nil
}

// sweepGrants deletes, of the grants ids, the lapsed ones.
func (p *Proxy) sweepGrants(ctx context.Context, now time.Time, ids []string) (int, error) {
	lapsed := func(g *oauth.Grant) bool { return g.Lapsed(now) }
	return p.deleteGrants(ctx, ids, "a lapsed grant", func(string) bool { return false }, lapsed)
}

// deleteGrants deletes, of the grants ids, those dead says so of, except
// the server's own and those skip picks. Most grants are alive, so each
// is judged without the lock first, and the dead ones again under it
// (oauth.DeleteGrantIf): a refresh another instance makes meanwhile keeps
// the grant. A grant gone meanwhile or unreadable is left alone.
func (p *Proxy) deleteGrants(ctx context.Context, ids []string, what string, skip func(id string) bool, dead func(*oauth.Grant) bool) (int, error) {
	app, store := p.cfg.Upstream.ClientID, p.cfg.Store
	deleted := 0
	var errs []error
	for _, id := range ids {
		if ctx.Err() != nil {
			return deleted, errors.Join(append(errs, ctx.Err())...)
		}
		if id == oauth.DefaultGrant || skip(id) {
			continue
		}
		if g, err := oauth.LoadGrant(ctx, store, app, id); err != nil || !dead(g) {
			continue
		}
		ok, err := oauth.DeleteGrantIf(ctx, store, app, id, dead)
		if err != nil {
			errs = append(errs, fmt.Errorf("deleting %s: %w", what, err))
			continue
		}
		if ok {
			deleted++
			p.sources.Forget(id)
			p.grantGone(id)
		}
	}
	return deleted, errors.Join(errs...)
}

// grantStored reports whether a grant is stored, asking storage once per
// grant per sweep (known). A storage error counts as stored: what names
// the grant is left for the next sweep.
func (p *Proxy) grantStored(ctx context.Context, grantID string, known map[string]bool) bool {
	if v, ok := known[grantID]; ok {
		return v
	}
	ok, err := oauth.GrantExists(ctx, p.cfg.Store, p.cfg.Upstream.ClientID, grantID)
	if err != nil {
		return true
	}
	known[grantID] = ok
	return ok
}

// orphanAge is how long a grant no record names is kept: its code is
// redeemed or expired by then (the callback stores the grant, and its
// code lives codeLifetime), with the clock margin on top. Younger grants
// may be between their code and their tokens.
const orphanAge = pendingLifetime + codeLifetime + sweepMargin

// maxUnreferenced bounds the grants a sweep remembers as unreferenced
// for the next (Proxy.unreferenced). One beyond it is judged a sweep
// later: it is only kept longer.
const maxUnreferenced = 4096

// sweepUnreferencedGrants deletes the grants no code or token names, such
// as the grant of a sign-in whose code was never redeemed, which would
// otherwise keep a live Atlassian refresh token for 90 days. A grant in
// use is always named: a refresh stores the new tokens before it deletes
// the old ones. But a listing of storage is not a snapshot (a paged or
// directory-reading backend may miss the refresh's new token record and
// the old one it deleted meanwhile), so a grant is deleted only once two
// consecutive sweeps of this process found it unnamed and older than
// orphanAge, and is judged again under its lock. A sweep that could not
// read every record (refs incomplete) judges none and forgets the
// previous findings; the server's own grant is never judged.
func (p *Proxy) sweepUnreferencedGrants(ctx context.Context, now time.Time, ids []string, refs *grantRefs) (int, error) {
	p.unreferencedMu.Lock()
	before := p.unreferenced // never written once stored: read unlocked
	p.unreferencedMu.Unlock()
	found := map[string]struct{}{}
	defer func() {
		p.unreferencedMu.Lock()
		p.unreferenced = found
		p.unreferencedMu.Unlock()
	}()
	if refs.incomplete || refs.named == nil {
		return 0, nil
	}
	old := func(g *oauth.Grant) bool { return now.Sub(g.LastRefreshed()) >= orphanAge }
	remember := func(id string) {
		if len(found) < maxUnreferenced {
			found[id] = struct{}{}
		}
	}
	// A grant found unnamed and old for the first time is remembered and
	// left; one found so again is judged, and remembered in case its
	// deletion fails (if it succeeds, no later sweep lists it).
	skip := func(id string) bool {
		if refs.named[id] {
			return true
		}
		if _, again := before[id]; again {
			remember(id)
			return false
		}
		if g, err := oauth.LoadGrant(ctx, p.cfg.Store, p.cfg.Upstream.ClientID, id); err == nil && old(g) {
			remember(id)
		}
		return true
	}
	return p.deleteGrants(ctx, ids, "a grant no record names", skip, old)
}
