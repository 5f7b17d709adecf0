package atlassian

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

// BreakerPolicy opens a circuit breaker per upstream host: after Threshold
// consecutive failed attempts (502, 503, 504, or no answer at all) calls
// fail at once for Cooldown, then a single probe decides whether the host
// is back. Other answers, 500 and 429 included, close it again: a 500 is
// usually about one request, and Cloud rate limits are per user, so
// neither says the site is down for everyone.
type BreakerPolicy struct {
	Threshold int           // 0: no breaker
	Cooldown  time.Duration // 0 means 30s
}

// CircuitOpenError is a call refused without trying because its host kept
// failing.
type CircuitOpenError struct {
	Host     string
	Failures int           // consecutive failures that opened the circuit
	Wait     time.Duration // until the next probe is allowed
}

func (e *CircuitOpenError) Error() string {
	return fmt.Sprintf("%s is failing (%d failures in a row); not calling it again for %s", e.Host, e.Failures, e.Wait.Round(time.Second))
}

// verdict is what one attempt says about the host's health.
type verdict int

const (
	neutral verdict = iota // cancelled by the caller, refused by policy
	healthy
	failing
)

func judge(resp *http.Response, err error, cancelled bool) verdict {
	switch {
	case cancelled:
		return neutral
	case err != nil:
		if _, forbidden := asForbidden(err); forbidden {
			return neutral
		}
		return failing
	case resp.StatusCode == http.StatusBadGateway || resp.StatusCode == http.StatusServiceUnavailable || resp.StatusCode == http.StatusGatewayTimeout:
		return failing
	}
	return healthy
}

type breaker struct {
	policy BreakerPolicy
	host   string
	now    func() time.Time

	mu       sync.Mutex
	failures int       // consecutive
	openedAt time.Time // zero while closed
	probing  bool      // a half-open probe is out
}

func newBreaker(p BreakerPolicy, host string) *breaker {
	if p.Cooldown <= 0 {
		p.Cooldown = 30 * time.Second
	}
	return &breaker{policy: p, host: host, now: time.Now}
}

// allow lets a call through, or says why not. probe is true for the one
// call let through after the cool-down; its record decides the state.
func (b *breaker) allow() (probe bool, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.openedAt.IsZero() {
		return false, nil
	}
	if wait := b.openedAt.Add(b.policy.Cooldown).Sub(b.now()); wait > 0 || b.probing {
		return false, &CircuitOpenError{Host: b.host, Failures: b.failures, Wait: max(wait, time.Second)}
	}
	b.probing = true
	return true, nil
}

// isOpen reports whether allow would refuse a call now.
func (b *breaker) isOpen() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return !b.openedAt.IsZero() && (b.probing || b.now().Before(b.openedAt.Add(b.policy.Cooldown)))
}

// record counts one attempt's outcome.
func (b *breaker) record(v verdict, probe bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if probe {
		b.probing = false
	}
	switch v {
	case healthy:
		b.failures, b.openedAt = 0, time.Time{}
	case failing:
		b.failures++
		if probe || b.failures >= b.policy.Threshold {
			b.openedAt = b.now()
		}
	}
}
