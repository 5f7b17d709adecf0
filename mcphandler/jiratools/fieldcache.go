package jiratools

import (
	"context"
	"crypto/sha256"
	"sync"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/jira"
)

// fieldCacheTTL bounds how stale a field catalogue may be: custom fields
// are added rarely, and a name that is not found yet only costs a retry
// after the TTL.
const (
	fieldCacheTTL  = 5 * time.Minute
	fieldCacheSize = 256
)

// FieldCache keeps each user's Jira field catalogue (GET /field) for a few
// minutes, so tools that take fields by display name do not fetch the
// whole catalogue on every call. Entries are keyed by site and a hash of
// the caller's credentials: what a user may see stays theirs.
type FieldCache struct {
	mu      sync.Mutex
	entries map[[32]byte]fieldCacheEntry
}

// NewFieldCache makes an empty cache.
func NewFieldCache() *FieldCache { return &FieldCache{} }

type fieldCacheEntry struct {
	fields  []jira.Field
	expires time.Time
}

func (fc *FieldCache) get(ctx context.Context, j *jira.Client) ([]jira.Field, error) {
	key := cacheKey(j.REST())
	now := time.Now()
	fc.mu.Lock()
	e, ok := fc.entries[key]
	fc.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.fields, nil
	}
	fields, err := j.Fields(ctx)
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
