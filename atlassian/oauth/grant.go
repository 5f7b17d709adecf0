package oauth

import (
	"context"
	"encoding/json"
	"fmt"
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
	// Updated is when the grant was last written.
	Updated time.Time
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

// DeleteGrant forgets a grant (for example after ErrInvalidGrant).
func DeleteGrant(ctx context.Context, s Store, clientID, grantID string) error {
	if err := s.Delete(ctx, GrantKey(clientID, grantID)); err != nil {
		return fmt.Errorf("deleting grant %q: %w", grantID, err)
	}
	return nil
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
