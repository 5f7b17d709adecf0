package oauthproxy

import (
	"math"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"
)

// maxLimitedAddrs bounds the addresses each limit tracks (about 100 bytes
// each).
const maxLimitedAddrs = 4096

// rateLimiter is a token bucket per client address: each holds up to
// burst tokens and refills at rate per second. It lives in the process:
// instances sharing storage each allow the rate, which still bounds what
// one address can store.
type rateLimiter struct {
	rate  float64
	burst float64
	max   int

	mu      sync.Mutex
	buckets map[string]bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newRateLimiter(perMinute, maxAddrs int) *rateLimiter {
	return &rateLimiter{
		rate: float64(perMinute) / 60, burst: float64(perMinute), max: maxAddrs,
		buckets: make(map[string]bucket),
	}
}

// allow spends a token of addr at now. Without one left, it says how long
// until the next one.
func (l *rateLimiter) allow(addr string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[addr]
	if ok {
		b.tokens = l.refilled(b, now)
	} else {
		if len(l.buckets) >= l.max {
			l.trim(now)
		}
		b.tokens = l.burst
	}
	b.at = now
	if b.tokens < 1 {
		l.buckets[addr] = b
		return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	}
	b.tokens--
	l.buckets[addr] = b
	return true, 0
}

func (l *rateLimiter) refilled(b bucket, now time.Time) float64 {
	elapsed := max(now.Sub(b.at), 0) // a clock stepping back refills nothing
	return min(l.burst, b.tokens+elapsed.Seconds()*l.rate)
}

// trim makes room: buckets that are full again are dropped, which changes
// nothing, as a new one starts full. If most are still in use (very many
// addresses at once), it starts over: crude, but memory stays bounded and
// one trim pays for many new addresses.
func (l *rateLimiter) trim(now time.Time) {
	for addr, b := range l.buckets {
		if l.refilled(b, now) >= l.burst {
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
