package mcphandler

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// targetVerdicts remembers, for a minute, whether a header-named host may
// be reached, so a busy client naming its site on every request does not
// cost a DNS look-up each time. It is bounded; the dialer still checks
// every connection, so a stale verdict cannot open a private address.
type targetVerdicts struct {
	mu      sync.Mutex
	entries map[string]targetVerdict
}

type targetVerdict struct {
	err     error
	expires time.Time
}

const (
	targetVerdictTTL  = time.Minute
	targetVerdictMax  = 1024
	targetResolveWait = 2 * time.Second
)

func (v *targetVerdicts) check(policy atlassian.TargetPolicy, host string, port int) error {
	key := host + ":" + strconv.Itoa(port)
	now := time.Now()
	v.mu.Lock()
	e, ok := v.entries[key]
	v.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.err
	}
	ctx, cancel := context.WithTimeout(context.Background(), targetResolveWait)
	defer cancel()
	err := policy.CheckHost(ctx, host, port)
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.entries == nil || len(v.entries) >= targetVerdictMax {
		v.entries = map[string]targetVerdict{} // crude but bounded
	}
	v.entries[key] = targetVerdict{err: err, expires: now.Add(targetVerdictTTL)}
	return err
}
