package atlassian

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestMaxConcurrentRequests: with a cap of 2, no more than 2 calls are in
// flight at once, however many callers there are.
func TestMaxConcurrentRequests(t *testing.T) {
	var now, peak atomic.Int32
	gate := make(chan struct{})
	site := testSite(t, Jira, func(w http.ResponseWriter, r *http.Request) {
		n := now.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		<-gate
		now.Add(-1)
		_, _ = w.Write([]byte(`{}`))
	}, 0)
	SetMaxConcurrentRequests(2)
	defer SetMaxConcurrentRequests(0)
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := site.Client(Bearer("x")).Do(context.Background(), Request{Method: "GET", Path: "/x"}, nil); err != nil {
				t.Error(err)
			}
		}()
	}
	for i := range 6 {
		// Let a call finish only once as many as the cap allows are in
		// flight, so the peak shows the cap and not the test's pace.
		want := int32(min(2, 6-i))
		for now.Load() < want {
			time.Sleep(time.Millisecond)
		}
		gate <- struct{}{}
	}
	wg.Wait()
	if p := peak.Load(); p != 2 {
		t.Errorf("peak in flight = %d, want 2", p)
	}
	// A caller whose context ends while waiting gets its error back.
	SetMaxConcurrentRequests(1)
	release, _ := acquireSlot(context.Background())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := acquireSlot(ctx); err == nil {
		t.Error("a cancelled wait for a slot succeeded")
	}
	release()
}

// TestSlotFreeWhileRetryWaits: a call waiting to try again after a 503
// gives its slot back, so with a cap of 1 another call still goes through.
func TestSlotFreeWhileRetryWaits(t *testing.T) {
	refused := make(chan struct{})
	var once sync.Once
	site := testSiteWith(t, Jira, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/busy" {
			w.Header().Set("Retry-After", "60")
			w.WriteHeader(http.StatusServiceUnavailable)
			once.Do(func() { close(refused) })
			return
		}
		_, _ = w.Write([]byte(`{}`))
	}, TransportOptions{Retry: &RetryPolicy{MaxAttempts: 2, MaxWait: 120 * time.Second}})
	SetMaxConcurrentRequests(1)
	defer SetMaxConcurrentRequests(0)

	busyCtx, stopBusy := context.WithCancel(context.Background())
	busyDone := make(chan error, 1)
	go func() {
		busyDone <- site.Client(Bearer("x")).Do(busyCtx, Request{Method: "GET", Path: "/busy"}, nil)
	}()
	<-refused
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := site.Client(Bearer("x")).Do(ctx, Request{Method: "GET", Path: "/free"}, nil); err != nil {
		t.Errorf("a call while another waits to retry: %v", err)
	}
	stopBusy()
	if err := <-busyDone; !errors.Is(err, context.Canceled) {
		t.Errorf("the waiting call ended with %v, want its cancellation", err)
	}
}
