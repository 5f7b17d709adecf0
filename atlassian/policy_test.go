package atlassian

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestBreakerOpensAndRecovers: after Threshold failing attempts the host
// is not called at all and the error says why; after the cool-down one
// probe goes through and a good answer closes the circuit.
func TestBreakerOpensAndRecovers(t *testing.T) {
	var status atomic.Int32
	status.Store(http.StatusServiceUnavailable)
	var hits atomic.Int32
	site := testSiteWith(t, Jira, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(int(status.Load()))
	}, TransportOptions{Retry: noRetry, Breaker: BreakerPolicy{Threshold: 3, Cooldown: time.Hour}})
	b := transportOfSite(t, site).host(site.BaseURL.Host).breaker
	now := time.Now()
	b.now = func() time.Time { return now }

	for range 3 {
		if err := get(context.Background(), site, "/rest/api/2/myself", nil); !IsStatus(err, 503) {
			t.Fatalf("err = %v, want 503", err)
		}
	}
	err := get(context.Background(), site, "/rest/api/2/myself", nil)
	var open *CircuitOpenError
	if !errors.As(err, &open) || hits.Load() != 3 {
		t.Fatalf("err = %v, hits = %d; want the circuit open without a call", err, hits.Load())
	}
	want := "Jira API GET /rest/api/2/myself: Jira at " + site.BaseURL.Host + " is failing (3 failures in a row); not calling it again for 1h0m0s (circuit breaker)"
	if err.Error() != want {
		t.Errorf("message = %q\nwant      %q", err, want)
	}

	// Cool-down over, still failing: the probe fails and the circuit
	// opens again at once.
	now = now.Add(time.Hour)
	_ = get(context.Background(), site, "/rest/api/2/myself", nil)
	if err := get(context.Background(), site, "/rest/api/2/myself", nil); !errors.As(err, &open) || hits.Load() != 4 {
		t.Fatalf("after failed probe: err = %v, hits = %d", err, hits.Load())
	}

	// Cool-down over, healthy again: the probe succeeds and calls flow.
	now = now.Add(time.Hour)
	status.Store(http.StatusOK)
	for range 3 {
		if err := get(context.Background(), site, "/rest/api/2/myself", nil); err != nil {
			t.Fatalf("after recovery: %v", err)
		}
	}
	if hits.Load() != 7 {
		t.Errorf("hits = %d, want 7", hits.Load())
	}
}

// TestBreakerStopsRetries: when the breaker opens during a call's retries,
// the call reports the upstream's own answer, not the breaker.
func TestBreakerStopsRetries(t *testing.T) {
	var hits atomic.Int32
	site := testSiteWith(t, Jira, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}, TransportOptions{Retry: fastRetry, Breaker: BreakerPolicy{Threshold: 2}})
	err := get(context.Background(), site, "/", nil)
	if !IsStatus(err, http.StatusServiceUnavailable) || hits.Load() != 2 {
		t.Errorf("err = %v, hits = %d; want the 503 after 2 attempts", err, hits.Load())
	}
	var open *CircuitOpenError
	if err := get(context.Background(), site, "/", nil); !errors.As(err, &open) || hits.Load() != 2 {
		t.Errorf("next call: err = %v, hits = %d; want the breaker", err, hits.Load())
	}
}

// TestBreakerIgnoresOwnErrors: 500, 404 and 429 are about the request or
// the user, not the host, and reset the count.
func TestBreakerIgnoresOwnErrors(t *testing.T) {
	b := newBreaker(BreakerPolicy{Threshold: 2}, "h")
	for _, code := range []int{503, 500, 503, 404, 502, 429, 504} {
		if _, err := b.allow(); err != nil {
			t.Fatalf("open after %d: %v", code, err)
		}
		b.record(judge(&http.Response{StatusCode: code}, nil, false), false)
	}
	// A cancelled call says nothing either way.
	b.record(judge(nil, context.Canceled, true), false)
	if _, err := b.allow(); err != nil {
		t.Fatalf("open: %v", err)
	}
	b.record(judge(nil, errors.New("connection refused"), false), false)
	if _, err := b.allow(); err == nil {
		t.Fatal("two transport failures in a row did not open the circuit")
	}
}

// TestBreakerSingleProbe: while the probe is out, other calls fail fast.
func TestBreakerSingleProbe(t *testing.T) {
	b := newBreaker(BreakerPolicy{Threshold: 1, Cooldown: time.Second}, "h")
	now := time.Now()
	b.now = func() time.Time { return now }
	b.record(failing, false)
	now = now.Add(2 * time.Second)
	probe, err := b.allow()
	if !probe || err != nil {
		t.Fatalf("probe = %v, err = %v", probe, err)
	}
	if _, err := b.allow(); err == nil {
		t.Fatal("a second call went through while the probe was out")
	}
	b.record(neutral, true)
	if probe, err := b.allow(); !probe || err != nil {
		t.Fatalf("after a neutral probe: probe = %v, err = %v; want another probe", probe, err)
	}
}

// TestRateLimit: with a limit, calls beyond the burst wait; one that would
// wait past the caller's deadline fails at once with DeadlineExceeded.
func TestRateLimit(t *testing.T) {
	var hits atomic.Int32
	site := testSiteWith(t, Jira, func(w http.ResponseWriter, r *http.Request) { hits.Add(1) },
		TransportOptions{RateLimit: RateLimit{PerSecond: 0.001, Burst: 2}})
	for range 2 {
		if err := get(context.Background(), site, "/", nil); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err := get(ctx, site, "/", nil)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "rate limit") || hits.Load() != 2 {
		t.Errorf("err = %v, hits = %d; want the third call refused by the limiter", err, hits.Load())
	}
}

// TestRetryPolicy covers the decisions behind retries.
func TestRetryPolicy(t *testing.T) {
	p := RetryPolicy{}.withDefaults()
	if p != DefaultRetryPolicy {
		t.Errorf("defaults = %+v", p)
	}
	for n := 1; n <= 40; n++ {
		step := min(p.BaseDelay<<min(n-1, 30), p.MaxDelay)
		for range 20 {
			if d := p.backoff(n); d < 0 || d > step {
				t.Fatalf("backoff(%d) = %v, want in [0, %v]", n, d, step)
			}
		}
	}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"": 0, "7": 7 * time.Second, " 0 ": 0, "-3": 0, "soon": 0,
		now.Add(90 * time.Second).Format(http.TimeFormat): 90 * time.Second,
		now.Add(-time.Minute).Format(http.TimeFormat):     0,
	} {
		if got := retryAfter(http.Header{"Retry-After": {v}}, now); got != want {
			t.Errorf("Retry-After %q = %v, want %v", v, got, want)
		}
	}
	req := func(method string, ctx context.Context) *http.Request {
		r, _ := http.NewRequestWithContext(ctx, method, "http://h/", nil)
		return r
	}
	bg := context.Background()
	for _, tc := range []struct {
		r    *http.Request
		p    RetryPolicy
		want bool
	}{
		{req("GET", bg), p, true}, {req("PUT", bg), p, true}, {req("DELETE", bg), p, true},
		{req("POST", bg), p, false}, {req("PATCH", bg), p, false},
		{req("POST", withIdempotent(bg)), p, true},
		{req("PUT", withNotIdempotent(bg)), p, false},
		{req("PUT", withNotIdempotent(bg)), RetryPolicy{RetryWrites: true}, true},
		{req("POST", bg), RetryPolicy{RetryWrites: true}, true},
	} {
		if got := tc.p.idempotent(tc.r); got != tc.want {
			t.Errorf("%s idempotent = %v, want %v", tc.r.Method, got, tc.want)
		}
	}
}

// TestRetryStopsAtDeadline: a Retry-After longer than the time left is
// not waited for; the answer comes back as it is.
func TestRetryStopsAtDeadline(t *testing.T) {
	var hits atomic.Int32
	site := testSiteWith(t, Jira, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", "20")
		w.WriteHeader(http.StatusServiceUnavailable)
	}, TransportOptions{Timeout: 10 * time.Second})
	err := get(context.Background(), site, "/", nil)
	var ae *APIError
	if !errors.As(err, &ae) || ae.RetryAfter != 20*time.Second || hits.Load() != 1 {
		t.Errorf("err = %v, hits = %d", err, hits.Load())
	}
}

// TestErrorsKeepCause: what callers test for survives Client.Do.
func TestErrorsKeepCause(t *testing.T) {
	site := testSite(t, Jira, func(w http.ResponseWriter, r *http.Request) {}, 0)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := get(ctx, site, "/", nil)
	var te *TransportError
	if !errors.Is(err, context.Canceled) || !errors.As(err, &te) || te.Host != site.BaseURL.Host {
		t.Errorf("err = %#v", err)
	}
	if strings.Contains(err.Error(), "http://") {
		t.Errorf("message repeats the URL: %q", err)
	}
}

func transportOfSite(t *testing.T, s *Site) *siteTransport {
	t.Helper()
	tr, ok := transportOf(s.HTTP)
	if !ok {
		t.Fatal("not a siteTransport")
	}
	return tr
}

// TestBudgetWaitHonoursContext: a large answer waiting for memory held by
// others gives up with the caller's deadline, and small answers never wait.
func TestBudgetWaitHonoursContext(t *testing.T) {
	SetResponseMemoryBudget(4 << 20)
	defer SetResponseMemoryBudget(0)
	hold, err := responseBudget.Load().acquire(context.Background(), 4<<20)
	if err != nil {
		t.Fatal(err)
	}
	defer hold()
	big := strings.Repeat("x", 2<<20)
	site := testSite(t, Jira, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/big" {
			_, _ = w.Write([]byte(`"` + big + `"`))
			return
		}
		_, _ = w.Write([]byte(`"small"`))
	}, 0)
	var out string
	if err := get(context.Background(), site, "/small", &out); err != nil || out != "small" {
		t.Fatalf("small answer: %v", err)
	}
	// The deadline is long enough for the answer's headers to arrive on a
	// loaded machine; the wait for memory then lasts until it passes.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err = get(ctx, site, "/big", &out)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "waiting for memory") {
		t.Errorf("err = %v, want the wait for memory cut by the deadline", err)
	}
	hold()
	if err := get(context.Background(), site, "/big", &out); err != nil || len(out) != len(big) {
		t.Errorf("after release: err = %v, len = %d", err, len(out))
	}
}

// TestRetry429AnyMethod: a 429 was not processed, so even a plain POST is
// sent again; a 503 to a plain POST is not.
func TestRetry429AnyMethod(t *testing.T) {
	var hits atomic.Int32
	status := http.StatusTooManyRequests
	site := testSiteWith(t, Jira, func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			w.WriteHeader(status)
			return
		}
		_, _ = w.Write([]byte(`{"id":"10001"}`))
	}, TransportOptions{Retry: fastRetry})
	post := Request{Method: http.MethodPost, Path: "/rest/api/2/issue", Body: map[string]string{"summary": "x"}}
	if err := site.Client(Bearer("x")).Do(context.Background(), post, nil); err != nil || hits.Load() != 2 {
		t.Errorf("429: err = %v, hits = %d; want success on the second try", err, hits.Load())
	}
	hits.Store(0)
	status = http.StatusServiceUnavailable
	if err := site.Client(Bearer("x")).Do(context.Background(), post, nil); !IsStatus(err, 503) || hits.Load() != 1 {
		t.Errorf("503: err = %v, hits = %d; want the 503 after one try", err, hits.Load())
	}
}
