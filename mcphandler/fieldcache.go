package mcphandler

import (
	"context"
	"crypto/sha256"
	"sync"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// fieldCacheTTL bounds how stale a field catalogue may be: custom fields
// are added rarely, and a name that is not found yet only costs a retry
// after the TTL.
const (
	fieldCacheTTL  = 5 * time.Minute
	fieldCacheSize = 256
)

// fieldCache keeps each user's Jira field catalogue (GET /field) for a few
// minutes, so tools that take fields by display name do not fetch the
// whole catalogue on every call. Entries are keyed by site and a hash of
// the caller's credentials: what a user may see stays theirs.
type fieldCache struct {
	mu      sync.Mutex
	entries map[[32]byte]fieldCacheEntry
}

type fieldCacheEntry struct {
	fields  []atlassian.Field
	expires time.Time
}

func (fc *fieldCache) get(ctx context.Context, c *atlassian.Client, key [32]byte) ([]atlassian.Field, error) {
	now := time.Now()
	fc.mu.Lock()
	e, ok := fc.entries[key]
	fc.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.fields, nil
	}
	fields, err := c.Jira().Fields(ctx)
	if err != nil {
		return nil, err
	}
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if fc.entries == nil || len(fc.entries) >= fieldCacheSize {
		fc.entries = map[[32]byte]fieldCacheEntry{} // crude but bounded
	}
	fc.entries[key] = fieldCacheEntry{fields: fields, expires: now.Add(fieldCacheTTL)}
	return fields, nil
}

// cacheKey identifies a client's site and caller without keeping the
// secret itself.
func cacheKey(c *atlassian.Client) [32]byte {
	return sha256.Sum256([]byte(c.BaseURL().String() + "\x00" + c.CredentialsFingerprint()))
}
