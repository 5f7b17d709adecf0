package oauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strings"
	"time"
)

// Grant is a stored consent: the current token pair and the site it was
// set up for.
type Grant struct {
	Token   Token
	CloudID string
	// Obtained is when the access token was issued; with Expiry it gives
	// the token's lifetime, which bounds how early a refresh starts.
	Obtained time.Time
	// Updated is when the grant was last written: its consent or its last
	// refresh, as nothing else rewrites it.
	Updated time.Time
}

// RefreshTokenIdleLifetime is how long Atlassian keeps a refresh token
// nobody presents. Atlassian documents rotating refresh tokens
// (https://developer.atlassian.com/cloud/oauth/getting-started/refresh-tokens)
// as expiring after 90 days of inactivity, a clock every refresh resets,
// and 365 days after the first consent however often they are used. The
// absolute expiry needs no clock here: a grant in use meets it as an
// invalid_grant answer to its next refresh (and is deleted then), and one
// not in use lapses by inactivity first.
const RefreshTokenIdleLifetime = 90 * 24 * time.Hour

// lapseMargin is waited past RefreshTokenIdleLifetime before a grant is
// called lapsed, for the clock differences between this host, the other
// instances and Atlassian, and for the refresh's round trip (Updated is
// taken before the request leaves).
const lapseMargin = 24 * time.Hour

// LastRefreshed is when Atlassian last issued the grant's refresh token,
// as near as the stored grant knows: its consent or its last refresh.
// Zero when the grant records neither.
func (g *Grant) LastRefreshed() time.Time {
	if !g.Updated.IsZero() {
		return g.Updated
	}
	return g.Obtained
}

// Lapsed reports whether Atlassian has certainly let the grant's refresh
// token expire for disuse by now. A grant that records no time never
// lapses here.
func (g *Grant) Lapsed(now time.Time) bool {
	last := g.LastRefreshed()
	return !last.IsZero() && now.Sub(last) >= RefreshTokenIdleLifetime+lapseMargin
}

// storedGrantVersion is the version of the JSON written to the Store.
// Bump it when the format changes incompatibly; loading refuses versions
// it does not know instead of guessing.
const storedGrantVersion = 1

// storedGrant is the storage format. It is the only type in this package
// whose JSON carries secrets, and it never leaves this file.
type storedGrant struct {
	Version      int       `json:"version"`
	AccessToken  string    `json:"access_token"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	TokenType    string    `json:"token_type,omitempty"`
	Scope        string    `json:"scope,omitempty"`
	ExpiresAt    time.Time `json:"expires_at,omitzero"`
	ObtainedAt   time.Time `json:"obtained_at,omitzero"`
	CloudID      string    `json:"cloud_id,omitempty"`
	UpdatedAt    time.Time `json:"updated_at,omitzero"`
}

func encodeGrant(g *Grant) ([]byte, error) {
	return json.Marshal(storedGrant{
		Version:      storedGrantVersion,
		AccessToken:  g.Token.AccessToken,
		RefreshToken: g.Token.RefreshToken,
		TokenType:    g.Token.TokenType,
		Scope:        g.Token.Scope,
		ExpiresAt:    g.Token.Expiry.UTC(),
		ObtainedAt:   g.Obtained.UTC(),
		CloudID:      g.CloudID,
		UpdatedAt:    g.Updated.UTC(),
	})
}

func decodeGrant(b []byte) (*Grant, error) {
	var s storedGrant
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("decoding stored grant: %w", err)
	}
	if s.Version != storedGrantVersion {
		return nil, fmt.Errorf("stored grant has format version %d; this build reads version %d", s.Version, storedGrantVersion)
	}
	return &Grant{
		Token: Token{
			AccessToken: s.AccessToken, RefreshToken: s.RefreshToken,
			TokenType: s.TokenType, Scope: s.Scope, Expiry: s.ExpiresAt,
		},
		CloudID:  s.CloudID,
		Obtained: s.ObtainedAt,
		Updated:  s.UpdatedAt,
	}, nil
}

// SaveGrant writes a grant. Outside a TokenSource, call it only for a
// fresh consent (oauth-setup, a proxy callback): overwriting a grant whose
// refresh token a TokenSource may be rotating loses the rotation.
func SaveGrant(ctx context.Context, s Store, clientID, grantID string, g *Grant) error {
	b, err := encodeGrant(g)
	if err != nil {
		return fmt.Errorf("saving grant %q: %w", grantID, err)
	}
	if err := s.Store(ctx, GrantKey(clientID, grantID), b); err != nil {
		return fmt.Errorf("saving grant %q: %w", grantID, err)
	}
	return nil
}

// LoadGrant reads a grant; a missing one is ErrNoGrant.
func LoadGrant(ctx context.Context, s Store, clientID, grantID string) (*Grant, error) {
	b, err := s.Load(ctx, GrantKey(clientID, grantID))
	if isNotExist(err) {
		return nil, fmt.Errorf("loading grant %q: %w", grantID, ErrNoGrant)
	}
	if err != nil {
		return nil, fmt.Errorf("loading grant %q: %w", grantID, err)
	}
	g, err := decodeGrant(b)
	if err != nil {
		return nil, fmt.Errorf("loading grant %q: %w", grantID, err)
	}
	return g, nil
}

// DeleteGrant forgets a grant unconditionally. To delete one that a
// running instance may be refreshing, use DeleteGrantIf.
func DeleteGrant(ctx context.Context, s Store, clientID, grantID string) error {
	if err := s.Delete(ctx, GrantKey(clientID, grantID)); err != nil {
		return fmt.Errorf("deleting grant %q: %w", grantID, err)
	}
	return nil
}

// DeleteGrantIf deletes a grant if dead says so of it, re-read under the
// grant's lock: a refresh or a new consent another instance stored in the
// meantime is what dead judges, so it is never undone by a decision taken
// on an older copy. It reports whether it deleted; a grant already gone is
// not an error.
func DeleteGrantIf(ctx context.Context, s Store, clientID, grantID string, dead func(*Grant) bool) (bool, error) {
	lock := grantLockName(clientID, grantID)
	if err := s.Lock(ctx, lock); err != nil {
		return false, fmt.Errorf("locking grant %q: %w", grantID, err)
	}
	defer s.Unlock(context.WithoutCancel(ctx), lock) //nolint:errcheck // the lock goes stale if this fails
	return deleteGrantLocked(ctx, s, clientID, grantID, dead)
}

// deleteGrantLocked is DeleteGrantIf for a caller holding the lock.
func deleteGrantLocked(ctx context.Context, s Store, clientID, grantID string, dead func(*Grant) bool) (bool, error) {
	g, err := LoadGrant(ctx, s, clientID, grantID)
	if errors.Is(err, ErrNoGrant) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if !dead(g) {
		return false, nil
	}
	if err := s.Delete(ctx, GrantKey(clientID, grantID)); err != nil && !isNotExist(err) {
		return false, fmt.Errorf("deleting grant %q: %w", grantID, err)
	}
	return true, nil
}

// GrantExists reports whether a grant is stored. Unlike Store.Exists it
// tells a storage error from a missing grant.
func GrantExists(ctx context.Context, s Store, clientID, grantID string) (bool, error) {
	_, err := s.Load(ctx, GrantKey(clientID, grantID))
	if isNotExist(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("looking up grant %q: %w", grantID, err)
	}
	return true, nil
}

// ListGrants returns the ids of the grants stored for the app clientID.
// An id that was stored under a hash (see safeKey) comes back as that
// hash, which GrantKey and the grant's lock map to the same grant.
func ListGrants(ctx context.Context, s Store, clientID string) ([]string, error) {
	keys, err := s.List(ctx, grantFolder(clientID), false)
	if isNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("listing grants: %w", err)
	}
	ids := make([]string, 0, len(keys))
	for _, k := range keys {
		if id, ok := strings.CutSuffix(path.Base(k), ".json"); ok && id != "" {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// String describes the grant without its secrets.
func (g Grant) String() string {
	return fmt.Sprintf("oauth.Grant{%s, cloud_id: %s}", g.Token, g.CloudID)
}

// GoString keeps %#v from printing the secrets.
func (g Grant) GoString() string { return g.String() }

// ReplaceGrant stores a fresh consent under the grant's lock, so it cannot
// interleave with a refresh that a running instance is doing on the old
// one. Running TokenSources pick the new pair up at their next refresh.
func ReplaceGrant(ctx context.Context, s Store, clientID, grantID string, g *Grant) error {
	lock := grantLockName(clientID, grantID)
	if err := s.Lock(ctx, lock); err != nil {
		return fmt.Errorf("locking grant %q: %w", grantID, err)
	}
	defer s.Unlock(context.WithoutCancel(ctx), lock) //nolint:errcheck // the lock goes stale if this fails
	return SaveGrant(ctx, s, clientID, grantID, g)
}
