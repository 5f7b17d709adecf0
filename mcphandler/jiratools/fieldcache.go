package jiratools

import (
	"context"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/jira"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/internal/ttlcache"
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
// whole catalogue on every call. Entries are keyed by site and caller
// (atlassian.Client.CallerKey): what a user may see stays theirs.
type FieldCache struct {
	entries *ttlcache.Cache[[32]byte, []jira.Field]
}

// NewFieldCache makes an empty cache.
func NewFieldCache() *FieldCache {
	return &FieldCache{entries: ttlcache.New[[32]byte, []jira.Field](fieldCacheSize)}
}

func (fc *FieldCache) get(ctx context.Context, j *jira.Client) ([]jira.Field, error) {
	key := j.REST().CallerKey()
	now := time.Now()
	if fields, ok := fc.entries.Get(key, now); ok {
		return fields, nil
	}
	fields, err := j.Fields(ctx)
	if err != nil {
		return nil, err
	}
	fc.entries.Put(key, fields, now.Add(fieldCacheTTL))
	return fields, nil
}

// forget drops the caller's cached catalogue, for refresh=true.
func (fc *FieldCache) forget(j *jira.Client) { fc.entries.Delete(j.REST().CallerKey()) }
