package oauth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"strings"
)

// Store is where grants and their locks live. It is the subset of
// certmagic.Storage this package needs, so Caddy's ctx.Storage() (file
// system, Redis, Consul, …) satisfies it directly, and instances sharing
// that storage share grants and serialise their refreshes.
//
// Load must return an error wrapping fs.ErrNotExist for a missing key, as
// certmagic.Storage documents.
type Store interface {
	// Lock blocks until the named lock is held or ctx ends.
	Lock(ctx context.Context, name string) error
	Unlock(ctx context.Context, name string) error
	Store(ctx context.Context, key string, value []byte) error
	Load(ctx context.Context, key string) ([]byte, error)
	Delete(ctx context.Context, key string) error
	Exists(ctx context.Context, key string) bool
	List(ctx context.Context, path string, recursive bool) ([]string, error)
}

// KeyPrefix is the storage folder for everything this module stores.
const KeyPrefix = "mcp_atlassian/oauth"

// DefaultGrant is the id of the server's own grant, the one oauth-setup
// writes and the server uses when a request brings no token.
const DefaultGrant = "default"

// GrantKey is the storage key of a grant of the app clientID.
func GrantKey(clientID, grantID string) string {
	return grantFolder(clientID) + "/" + safeKey(grantID) + ".json"
}

// grantFolder holds the grants of the app clientID.
func grantFolder(clientID string) string { return KeyPrefix + "/grants/" + safeKey(clientID) }

// grantLockName names the storage lock serialising a grant's refreshes.
func grantLockName(clientID, grantID string) string {
	return "mcp_atlassian_oauth_" + safeKey(clientID) + "_" + safeKey(grantID)
}

// safeKey keeps a key component to characters every storage backend and
// file system accepts; anything else is replaced by its hash.
func safeKey(s string) string {
	if s != "" && len(s) <= 128 && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_')
	}) < 0 {
		return s
	}
	sum := sha256.Sum256([]byte(s))
	return "h" + hex.EncodeToString(sum[:16])
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
