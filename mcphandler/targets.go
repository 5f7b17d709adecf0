package mcphandler

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/internal/ttlcache"
)

// targetVerdicts remembers, for a minute, whether a header-named host may
// be reached, so a busy client naming its site on every request does not
// cost a DNS look-up each time. It is bounded; the dialer still checks
// every connection, so a stale verdict cannot open a private address.
type targetVerdicts struct {
	once  sync.Once
	cache *ttlcache.Cache[string, error] // CheckHost's answers; nil is "may be reached"
}

const (
	targetVerdictTTL  = time.Minute
	targetVerdictMax  = 1024
	targetResolveWait = 2 * time.Second
)

func (v *targetVerdicts) check(policy atlassian.TargetPolicy, host string, port int) error {
	v.once.Do(func() { v.cache = ttlcache.New[string, error](targetVerdictMax) })
	key := host + ":" + strconv.Itoa(port)
	now := time.Now()
	if err, ok := v.cache.Get(key, now); ok {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), targetResolveWait)
	defer cancel()
	err := policy.CheckHost(ctx, host, port)
	v.cache.Put(key, err, now.Add(targetVerdictTTL))
	return err
}
