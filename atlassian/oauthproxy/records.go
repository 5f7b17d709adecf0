package oauthproxy

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/oauth"
)

// Storage layout, below oauth.KeyPrefix. Secrets (codes, tokens) are keyed
// by their hash, so listing the storage reveals none of them.
func clientKey(id string) string  { return oauth.KeyPrefix + "/proxy/clients/" + hashKey(id) + ".json" }
func pendingKey(st string) string { return oauth.KeyPrefix + "/proxy/pending/" + hashKey(st) + ".json" }
func codeKey(code string) string  { return oauth.KeyPrefix + "/proxy/codes/" + hashKey(code) + ".json" }
func tokenKey(token string) string {
	return oauth.KeyPrefix + "/proxy/tokens/" + hashKey(token) + ".json"
}

func hashKey(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func random(prefix string) string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// client is a dynamic registration (RFC 7591). Clients are public: they
// prove themselves with PKCE, not a secret.
type client struct {
	Version      int       `json:"version"`
	ID           string    `json:"client_id"`
	Name         string    `json:"client_name,omitempty"`
	RedirectURIs []string  `json:"redirect_uris"`
	Created      time.Time `json:"created"`
	// Expires is when the registration lapses unless it is used: the
	// first redeemed code clears it (markUsed), and a client in use is
	// kept for good. Zero also stands for registrations stored before
	// the field existed, which are kept as used. An older build ignores
	// the field, so adding it kept recordVersion at 1.
	Expires time.Time `json:"expires,omitzero"`
}

// lapsed reports whether the unused registration may no longer start a
// sign-in.
func (c *client) lapsed(now time.Time) bool {
	return !c.Expires.IsZero() && !now.Before(c.Expires)
}

// abandoned reports whether the sweep may delete it: lapsed, and for long
// enough that a sign-in started just before it lapsed has ended, so that
// its code finds the client to mark used, even on an instance whose clock
// is behind the sweeper's (sweepMargin).
func (c *client) abandoned(now time.Time) bool {
	return !c.Expires.IsZero() && !now.Before(c.Expires.Add(pendingLifetime+codeLifetime+sweepMargin))
}

// pending is an authorization waiting for Atlassian's answer, keyed by the
// state we sent upstream.
type pending struct {
	Version     int    `json:"version"`
	ClientID    string `json:"client_id"`
	RedirectURI string `json:"redirect_uri"`
	State       string `json:"state,omitempty"`
	Challenge   string `json:"code_challenge"`
	// UpstreamVerifier is our PKCE verifier towards Atlassian, if used.
	UpstreamVerifier string    `json:"upstream_verifier,omitempty"`
	Expires          time.Time `json:"expires"`
}

// issuedCode is our authorization code, mapped to the new grant.
type issuedCode struct {
	Version     int       `json:"version"`
	ClientID    string    `json:"client_id"`
	RedirectURI string    `json:"redirect_uri"`
	Challenge   string    `json:"code_challenge"`
	GrantID     string    `json:"grant_id"`
	Expires     time.Time `json:"expires"`
}

// tokenRecord maps an access or refresh token given to an MCP client to
// the grant it stands for.
type tokenRecord struct {
	Version  int       `json:"version"`
	Kind     string    `json:"kind"` // "access" or "refresh"
	ClientID string    `json:"client_id"`
	GrantID  string    `json:"grant_id"`
	Expires  time.Time `json:"expires,omitzero"`
}

const recordVersion = 1

var errNotFound = errors.New("not found")

func (p *Proxy) put(ctx context.Context, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return p.cfg.Store.Store(ctx, key, b)
}

func (p *Proxy) get(ctx context.Context, key string, v any) error {
	b, err := p.cfg.Store.Load(ctx, key)
	if errors.Is(err, fs.ErrNotExist) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	var probe struct {
		Version int `json:"version"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return fmt.Errorf("decoding %s: %w", key, err)
	}
	if probe.Version != recordVersion {
		return fmt.Errorf("record %s has format version %d; this build reads %d", key, probe.Version, recordVersion)
	}
	return json.Unmarshal(b, v)
}

// take loads a single-use record and deletes it. Deleting under the lock
// makes the use single even across instances.
func (p *Proxy) take(ctx context.Context, key string, v any) error {
	return p.locked(ctx, key, func() error {
		if err := p.get(ctx, key, v); err != nil {
			return err
		}
		return p.cfg.Store.Delete(ctx, key)
	})
}

// locked runs fn under the storage lock of the record key, which every
// instance sharing the storage honours.
func (p *Proxy) locked(ctx context.Context, key string, fn func() error) error {
	lock := "mcp_atlassian_oauthproxy_" + hashKey(key)[:32]
	if err := p.cfg.Store.Lock(ctx, lock); err != nil {
		return fmt.Errorf("locking a record: %w", err)
	}
	defer p.cfg.Store.Unlock(context.WithoutCancel(ctx), lock) //nolint:errcheck // goes stale
	return fn()
}
