package oauthproxy

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/oauth"
	"github.com/modelcontextprotocol/go-sdk/auth"
)

// ErrInvalidToken means a bearer token is not a live access token of ours.
var ErrInvalidToken = errors.New("unknown or expired access token")

// Session is what an MCP client's access token stands for.
type Session struct {
	ClientID string
	GrantID  string
	Expires  time.Time
	// Source gives the user's Atlassian access token, refreshed as needed.
	Source *oauth.TokenSource
}

// Resolve maps a bearer token from an MCP request to its session. A token
// whose grant is gone is ErrInvalidToken, like an unknown one, so the
// client gets the 401 that has it sign in again (grants.go).
func (p *Proxy) Resolve(ctx context.Context, bearer string) (*Session, error) {
	key := tokenKey(bearer)
	now := p.cfg.Now()
	rec, ok := p.resolved.Get(key, now)
	if ok && p.isGone(rec.GrantID, now) {
		p.resolved.Delete(key)
		return nil, ErrInvalidToken
	}
	if !ok {
		if err := p.get(ctx, key, &rec); err != nil {
			if errors.Is(err, errNotFound) {
				return nil, ErrInvalidToken
			}
			return nil, fmt.Errorf("resolving access token: %w", err)
		}
		if rec.Kind != "access" || !now.Before(rec.Expires) {
			return nil, ErrInvalidToken
		}
		if err := p.checkGrant(ctx, rec.GrantID, now); errors.Is(err, ErrInvalidToken) {
			return nil, err
		} else if err != nil {
			return nil, fmt.Errorf("resolving access token: %w", err)
		}
		until := now.Add(resolvedTTL)
		if rec.Expires.Before(until) {
			until = rec.Expires
		}
		p.resolved.Put(key, rec, until)
	}
	return &Session{ClientID: rec.ClientID, GrantID: rec.GrantID, Expires: rec.Expires, Source: p.sources.Get(rec.GrantID)}, nil
}

// Every MCP request carries its access token, and reading its record from
// storage (a file, a database row) on each one cost more than the rest of
// a tool call's overhead. An access token is revoked before it expires
// only with its grant (a refresh spends only the refresh token), so one
// found valid, with its grant, is kept in memory until it expires, or for
// resolvedTTL at most, which bounds how long a record or grant deleted
// from storage by another instance (or by hand) still works here.
const (
	resolvedTTL = time.Minute
	maxResolved = 4096
)

// Verifier adapts Resolve to go-sdk's auth.RequireBearerToken. TokenInfo's
// UserID is the grant id, so go-sdk binds sessions to the grant; tools read
// it from req.Extra.TokenInfo and call Source to get the Atlassian token.
func (p *Proxy) Verifier() auth.TokenVerifier {
	return func(ctx context.Context, token string, _ *http.Request) (*auth.TokenInfo, error) {
		s, err := p.Resolve(ctx, token)
		if errors.Is(err, ErrInvalidToken) {
			return nil, fmt.Errorf("%w: %w", auth.ErrInvalidToken, err)
		}
		if err != nil {
			return nil, err
		}
		return &auth.TokenInfo{
			UserID:     s.GrantID,
			Expiration: s.Expires,
			Scopes:     p.cfg.Upstream.Scopes,
			Extra:      map[string]any{"grant_id": s.GrantID, "client_id": s.ClientID},
		}, nil
	}
}

// Source returns the TokenSource of a grant (from TokenInfo's UserID).
func (p *Proxy) Source(grantID string) *oauth.TokenSource { return p.sources.Get(grantID) }
