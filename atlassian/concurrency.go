package atlassian

import (
	"context"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
)

// A process-wide cap on calls in flight to Atlassian, across both products
// and every user (mcp-atlassian's ATLASSIAN_MAX_CONCURRENT_REQUESTS): it
// protects a small Server/DC site from a burst of tool calls. Off (nil)
// by default.
var inFlight atomic.Pointer[chan struct{}]

// SetMaxConcurrentRequests caps calls in flight; 0 or less removes the
// cap. Calls already waiting keep the cap they started with.
func SetMaxConcurrentRequests(n int) {
	if n <= 0 {
		inFlight.Store(nil)
		return
	}
	ch := make(chan struct{}, n)
	inFlight.Store(&ch)
}

// acquireSlot waits for a place under the cap; the returned func gives it
// back. Waiting ends with the caller's context.
func acquireSlot(ctx context.Context) (func(), error) {
	p := inFlight.Load()
	if p == nil {
		return func() {}, nil
	}
	ch := *p
	select {
	case ch <- struct{}{}:
		return func() { <-ch }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// send is one round trip under the cap. The slot is held until the
// answer's body is closed, so reading it counts as in flight, and is free
// while the retry loop waits between attempts.
func send(rt http.RoundTripper, req *http.Request) (*http.Response, error) {
	if inFlight.Load() == nil {
		return rt.RoundTrip(req) // no cap: nothing to hold or give back
	}
	release, err := acquireSlot(req.Context())
	if err != nil {
		return nil, err
	}
	resp, err := rt.RoundTrip(req)
	if err != nil {
		release()
		return nil, err
	}
	resp.Body = &slotBody{ReadCloser: resp.Body, release: sync.OnceFunc(release)}
	return resp, nil
}

// slotBody gives the slot back when the body is closed.
type slotBody struct {
	io.ReadCloser
	release func()
}

func (b *slotBody) Close() error {
	defer b.release()
	return b.ReadCloser.Close()
}
