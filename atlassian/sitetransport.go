package atlassian

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// RateLimit paces calls to one upstream host on the client side, so a busy
// server stays under Atlassian's limits instead of collecting 429s.
type RateLimit struct {
	PerSecond float64 // 0: no limit
	Burst     int     // 0 means one second's worth
}

// siteTransport is the RoundTripper of a site's http.Client: rate limit,
// circuit breaker and retries in front of the pooled connections. It keeps
// its state per upstream host, since one client also serves the sites
// named in request headers.
type siteTransport struct {
	base     *http.Transport
	retry    RetryPolicy
	limit    RateLimit
	breaker  BreakerPolicy
	maxBytes int64
	timeout  time.Duration // bounds a whole call, retries included (Client.send)

	mu    sync.Mutex
	hosts map[string]*hostState
}

// hostState is the pacing and health of one upstream host.
type hostState struct {
	limiter *rate.Limiter
	breaker *breaker
}

// maxTrackedHosts bounds the per-host state; header sites are allow-listed
// but a wildcard entry still admits many names.
const maxTrackedHosts = 1024

func newSiteTransport(base *http.Transport, o TransportOptions) *siteTransport {
	t := &siteTransport{base: base, retry: DefaultRetryPolicy, limit: o.RateLimit, breaker: o.Breaker, maxBytes: o.MaxResponseBytes}
	if o.Retry != nil {
		t.retry = o.Retry.withDefaults()
	}
	if t.maxBytes <= 0 {
		t.maxBytes = DefaultMaxResponseBytes
	}
	t.timeout = o.Timeout
	if t.timeout <= 0 {
		t.timeout = DefaultTimeout
	}
	return t
}

// host returns the state for one upstream host, nil when neither a rate
// limit nor a breaker is configured.
func (t *siteTransport) host(name string) *hostState {
	if t.limit.PerSecond <= 0 && t.breaker.Threshold <= 0 {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if hs, ok := t.hosts[name]; ok {
		return hs
	}
	if t.hosts == nil || len(t.hosts) >= maxTrackedHosts {
		t.hosts = map[string]*hostState{}
	}
	hs := &hostState{}
	if t.limit.PerSecond > 0 {
		burst := t.limit.Burst
		if burst <= 0 {
			burst = max(1, int(math.Ceil(t.limit.PerSecond)))
		}
		hs.limiter = rate.NewLimiter(rate.Limit(t.limit.PerSecond), burst)
	}
	if t.breaker.Threshold > 0 {
		hs.breaker = newBreaker(t.breaker, name)
	}
	t.hosts[name] = hs
	return hs
}

// circuitOpen reports whether the host's breaker would refuse the next
// call: a retry would only trade the real answer for a breaker error.
func (hs *hostState) circuitOpen() bool {
	return hs != nil && hs.breaker != nil && hs.breaker.isOpen()
}

// RoundTrip sends req, trying again when the answer or the failure is a
// passing one and the call may be repeated.
func (t *siteTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	hs := t.host(req.URL.Host)
	idempotent := t.retry.idempotent(req)
	var waited time.Duration
	for attempt := 1; ; attempt++ {
		resp, err := t.attempt(req, hs)
		if attempt >= t.retry.MaxAttempts || ctx.Err() != nil {
			return resp, err
		}
		var wait time.Duration
		switch {
		case err != nil:
			if !retryableError(err, idempotent) {
				return resp, err
			}
			wait = t.retry.backoff(attempt)
		case resp.StatusCode == http.StatusTooManyRequests || retryableStatus(resp.StatusCode) && idempotent:
			// A 429 was refused unprocessed, so any method may repeat it.
			wait = t.retry.backoff(attempt)
			if ra := retryAfter(resp.Header, time.Now()); ra > 0 && !t.retry.IgnoreRetryAfter {
				wait = max(wait, ra)
			}
		default:
			return resp, err
		}
		if waited+wait > t.retry.MaxWait || beyondDeadline(ctx, wait) || hs.circuitOpen() {
			return resp, err
		}
		next, rewound := rewind(req)
		if !rewound {
			return resp, err
		}
		if resp != nil {
			discard(resp.Body)
		}
		if err := sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("waiting %s to try again: %w", wait.Round(time.Millisecond), err)
		}
		waited += wait
		req = next
	}
}

// attempt is one try: paced, let through by the breaker, and judged.
func (t *siteTransport) attempt(req *http.Request, hs *hostState) (*http.Response, error) {
	if hs == nil {
		return send(t.base, req)
	}
	if hs.limiter != nil {
		if err := hs.limiter.Wait(req.Context()); err != nil {
			if req.Context().Err() == nil {
				// Wait refuses up front when the deadline comes first.
				err = fmt.Errorf("client-side rate limit of %g calls/s leaves no time before the deadline: %w", t.limit.PerSecond, context.DeadlineExceeded)
			}
			return nil, err
		}
	}
	probe := false
	if hs.breaker != nil {
		var err error
		if probe, err = hs.breaker.allow(); err != nil {
			return nil, err
		}
	}
	resp, err := send(t.base, req)
	if hs.breaker != nil {
		hs.breaker.record(judge(resp, err, req.Context().Err() != nil), probe)
	}
	return resp, err
}

// beyondDeadline reports whether waiting d would outlast ctx, in which
// case the answer in hand is more useful than a timeout.
func beyondDeadline(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return ok && time.Until(deadline) <= d
}

// rewind makes the request for the next attempt with a fresh body.
// RoundTrip may still be reading the old one.
func rewind(req *http.Request) (*http.Request, bool) {
	next := req.Clone(req.Context())
	if req.Body == nil || req.Body == http.NoBody {
		return next, true
	}
	if req.GetBody == nil {
		return nil, false
	}
	body, err := req.GetBody()
	if err != nil {
		return nil, false
	}
	next.Body = body
	return next, true
}

// discard drains a little of a body we will not use, so its connection
// can be reused, and closes it.
func discard(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, 64<<10)
	_ = body.Close()
}

// CloseIdleConnections lets http.Client.CloseIdleConnections reach the pool.
func (t *siteTransport) CloseIdleConnections() { t.base.CloseIdleConnections() }

// transportOf returns the siteTransport behind c, if c was built by
// NewHTTPClient.
func transportOf(c *http.Client) (*siteTransport, bool) {
	if c == nil {
		return nil, false
	}
	t, ok := c.Transport.(*siteTransport)
	return t, ok
}
