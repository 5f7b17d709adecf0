package oauthproxy

import (
	"math"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// maxLimitedAddrs bounds the addresses each limit tracks (about 200 bytes
// each).
const maxLimitedAddrs = 4096

// rateLimiter is a token bucket (rate.Limiter) per client address: each
// holds up to perMinute tokens and refills at that rate. It lives in the
// process: instances sharing storage each allow the rate, which still
// bounds what one address can store.
type rateLimiter struct {
	limit rate.Limit
	burst int
	max   int

	mu      sync.Mutex
	buckets map[string]*rate.Limiter
}

func newRateLimiter(perMinute, maxAddrs int) *rateLimiter {
	return &rateLimiter{
		limit: rate.Limit(float64(perMinute) / 60), burst: perMinute, max: maxAddrs,
		buckets: make(map[string]*rate.Limiter),
	}
}

// allow spends a token of addr at now. Without one left, it spends
// nothing and says how long until the next one. A clock stepping back
// refills nothing (rate.Limiter counts no negative time).
func (l *rateLimiter) allow(addr string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[addr]
	if !ok {
		if len(l.buckets) >= l.max {
			l.trim(now)
		}
		b = rate.NewLimiter(l.limit, l.burst)
		l.buckets[addr] = b
	}
	r := b.ReserveN(now, 1)
	if wait := r.DelayFrom(now); wait > 0 {
		r.CancelAt(now)
		return false, wait
	}
	return true, 0
}

// trim makes room: buckets that are full again are dropped, which changes
// nothing, as a new one starts full. If most are still in use (very many
// addresses at once), it starts over: crude, but memory stays bounded and
// one trim pays for many new addresses.
func (l *rateLimiter) trim(now time.Time) {
	for addr, b := range l.buckets {
		if b.TokensAt(now) >= float64(l.burst) {
			delete(l.buckets, addr)
		}
	}
	if len(l.buckets) > l.max*3/4 {
		clear(l.buckets)
	}
}

// limitKey is the address a limit counts against: an IPv6 client gets
// its /64, which one host usually holds whole, so that rotating through
// it does not escape the limit.
func limitKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.WithZone("").Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}

// limitKey is the address r counts against: Config.ClientIP's, else the
// peer's.
func (p *Proxy) limitKey(r *http.Request) string {
	addr := p.cfg.ClientIP(r)
	if addr == "" {
		addr = remoteHost(r)
	}
	return limitKey(addr)
}

// retryAfter is a wait in whole seconds, rounded up, for Retry-After.
func retryAfter(wait time.Duration) int { return int(math.Ceil(wait.Seconds())) }

// remoteHost is the default Config.ClientIP: the peer's address.
func remoteHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
