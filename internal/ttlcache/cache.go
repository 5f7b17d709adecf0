// Package ttlcache is the one small cache the handler's lookups share: a
// map whose entries expire, bounded by starting over when full. That is
// crude but enough for what it holds: facts that are cheap to read again
// (a field catalogue, space names, a site's cloud id, a token's record).
package ttlcache

import (
	"sync"
	"time"
)

// Cache maps keys to values until each value's expiry. It is safe for
// concurrent use.
type Cache[K comparable, V any] struct {
	mu  sync.Mutex
	max int
	m   map[K]entry[V]
}

type entry[V any] struct {
	v       V
	expires time.Time
}

// New makes a cache of at most max entries.
func New[K comparable, V any](max int) *Cache[K, V] {
	return &Cache[K, V]{max: max}
}

// Get returns the value for k if it has not expired at now.
func (c *Cache[K, V]) Get(k K, now time.Time) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[k]
	if !ok || !now.Before(e.expires) {
		var zero V
		return zero, false
	}
	return e.v, true
}

// Put keeps v for k until expires; a full cache is emptied first (unless
// k is in it already: replacing an entry does not grow it).
func (c *Cache[K, V]) Put(k K, v V, expires time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, replacing := c.m[k]; c.m == nil || !replacing && len(c.m) >= c.max {
		c.m = make(map[K]entry[V])
	}
	c.m[k] = entry[V]{v: v, expires: expires}
}

// Delete drops k.
func (c *Cache[K, V]) Delete(k K) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, k)
}
