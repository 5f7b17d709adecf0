package atlassian

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// RetryPolicy says when a call that failed in a passing way (429, 502, 503,
// 504, or a connection that broke before any answer) is tried again.
// Only idempotent calls are retried: GET, HEAD, OPTIONS, PUT, DELETE
// (but PUTs marked Request.NotIdempotent), and POSTs marked
// Request.Idempotent (searches). A refused connection and a
// 429 are retried for any method: nothing was processed.
type RetryPolicy struct {
	// MaxAttempts counts the first try; 0 means 3, 1 turns retries off.
	MaxAttempts int
	// BaseDelay is the first backoff step, doubled per retry, each wait
	// drawn at random below it (full jitter); 0 means 500ms.
	BaseDelay time.Duration
	// MaxDelay caps one backoff step; 0 means 5s.
	MaxDelay time.Duration
	// MaxWait caps the time spent waiting between attempts of one call,
	// Retry-After included; an answer asking for longer is returned as it
	// is. 0 means 30s.
	MaxWait time.Duration
	// IgnoreRetryAfter uses the backoff alone, for gateways that send
	// Retry-After: 0 to everything.
	IgnoreRetryAfter bool
	// RetryWrites also retries POST and PATCH not marked idempotent,
	// accepting that a write may then happen twice.
	RetryWrites bool
}

// DefaultRetryPolicy is what a site gets when TransportOptions.Retry is nil.
var DefaultRetryPolicy = RetryPolicy{MaxAttempts: 3, BaseDelay: 500 * time.Millisecond, MaxDelay: 5 * time.Second, MaxWait: 30 * time.Second}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = DefaultRetryPolicy.MaxAttempts
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = DefaultRetryPolicy.BaseDelay
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = DefaultRetryPolicy.MaxDelay
	}
	if p.MaxWait <= 0 {
		p.MaxWait = DefaultRetryPolicy.MaxWait
	}
	return p
}

// backoff is the wait before retry number n (1-based): a random duration
// below min(MaxDelay, BaseDelay·2^(n-1)).
func (p RetryPolicy) backoff(n int) time.Duration {
	step := p.BaseDelay << min(n-1, 30)
	if step <= 0 || step > p.MaxDelay {
		step = p.MaxDelay
	}
	return rand.N(step + 1)
}

// idempotentKey marks a context whose request may (true) or may not
// (false) be sent twice, whatever its method says.
type idempotentKey struct{}

func withIdempotent(ctx context.Context) context.Context {
	return context.WithValue(ctx, idempotentKey{}, true)
}

func withNotIdempotent(ctx context.Context) context.Context {
	return context.WithValue(ctx, idempotentKey{}, false)
}

// idempotent reports whether sending req twice does no more than once.
func (p RetryPolicy) idempotent(req *http.Request) bool {
	if marked, ok := req.Context().Value(idempotentKey{}).(bool); ok {
		return marked || p.RetryWrites
	}
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace, http.MethodPut, http.MethodDelete:
		return true
	}
	return p.RetryWrites
}

// retryableStatus are answers that say "try again later", not "no".
func retryableStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryableError reports whether a failure before any answer is worth a
// second try: a refused connection (nothing was sent) always, a reset or
// a connection closed without answer only when the call is idempotent.
func retryableError(err error, idempotent bool) bool {
	if _, forbidden := asForbidden(err); forbidden {
		return false
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		return true
	}
	if !idempotent {
		return false
	}
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

// retryAfter reads Retry-After as seconds or an HTTP date; 0 if absent.
func retryAfter(h http.Header, now time.Time) time.Duration {
	ra := strings.TrimSpace(h.Get("Retry-After"))
	if ra == "" {
		return 0
	}
	if secs, err := strconv.Atoi(ra); err == nil {
		if secs < 0 {
			return 0
		}
		return time.Duration(min(secs, 1<<30)) * time.Second
	}
	if t, err := http.ParseTime(ra); err == nil {
		if d := t.Sub(now).Round(time.Second); d > 0 {
			return d
		}
	}
	return 0
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
