package atlassian

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// fastRetry retries like the default but without making tests wait.
var fastRetry = &RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}

// faultServer is an upstream that misbehaves on purpose, one way per path.
// hits counts requests per path.
type faultServer struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
	// gone is closed when a /hang request's context ends, i.e. when the
	// client hung up.
	gone chan struct{}
}

func newFaultServer(t *testing.T) *faultServer {
	f := &faultServer{hits: map[string]int{}, gone: make(chan struct{}, 16)}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *faultServer) count(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[path]
}

func (f *faultServer) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.hits[r.URL.Path]++
	n := f.hits[r.URL.Path]
	f.mu.Unlock()
	switch r.URL.Path {
	case "/hang":
		<-r.Context().Done()
		f.gone <- struct{}{}
	case "/reset":
		resetConnection(w)
	case "/garbage":
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, "<html><body>Service temporarily in maintenance</body></html>")
	case "/429":
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, `{"errorMessages":["Rate limit exceeded."]}`)
			return
		}
		_, _ = io.WriteString(w, `{"ok":true}`)
	case "/429-long":
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, `{"errorMessages":["Rate limit exceeded."]}`)
	case "/503-then-ok":
		if n == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = io.WriteString(w, `{"ok":true}`)
	case "/502":
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, "<html>bad gateway</html>")
	case "/big":
		streamBody(w, r, 100<<20)
	case "/big-announced":
		w.Header().Set("Content-Length", strconv.Itoa(100<<20))
		streamBody(w, r, 100<<20)
	default:
		http.NotFound(w, r)
	}
}

// resetConnection closes the connection with a TCP RST before answering.
func resetConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// streamBody writes n bytes of a JSON string, flushing as it goes, and
// stops when the client goes away.
func streamBody(w http.ResponseWriter, r *http.Request, n int) {
	chunk := []byte(strings.Repeat("x", 64<<10))
	_, _ = io.WriteString(w, `"`)
	for sent := 1; sent < n-1 && r.Context().Err() == nil; sent += len(chunk) {
		if _, err := w.Write(chunk[:min(len(chunk), n-1-sent)]); err != nil {
			return
		}
	}
	_, _ = io.WriteString(w, `"`)
}

func (f *faultServer) site(t *testing.T, o TransportOptions) *Site {
	u, _ := url.Parse(f.URL)
	return &Site{Product: Jira, Deployment: Server, BaseURL: u, HTTP: NewHTTPClient(o)}
}

func get(ctx context.Context, s *Site, path string, out any) error {
	return s.Client(Bearer("t0ken-secret")).Do(ctx, Request{Method: http.MethodGet, Path: path}, out)
}

// TestFaultHang: a hanging upstream is let go as soon as the caller's
// context ends, by deadline or by cancel, and the upstream sees the
// disconnect (no connection or goroutine left behind).
func TestFaultHang(t *testing.T) {
	f := newFaultServer(t)
	site := f.site(t, TransportOptions{Retry: fastRetry})

	// Long enough for the request to reach the upstream on a loaded
	// machine; the hang then lasts until the deadline.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	err := get(ctx, site, "/hang", nil)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "timed out") {
		t.Errorf("deadline: err = %v, want context.DeadlineExceeded explained", err)
	}
	waitGone(t, f)

	ctx, cancel = context.WithCancel(context.Background())
	go func() { // cancel once the upstream holds the call
		for f.count("/hang") < 2 {
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
	}()
	err = get(ctx, site, "/hang", nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancel: err = %v, want context.Canceled", err)
	}
	var te *TransportError
	if !errors.As(err, &te) || !strings.Contains(err.Error(), "GET /hang") || strings.Contains(err.Error(), "t0ken") {
		t.Errorf("cancel: err = %v, want a TransportError naming the call and no secret", err)
	}
	waitGone(t, f)
	if n := f.count("/hang"); n != 2 {
		t.Errorf("hang was called %d times, want 2 (a cancelled call is not retried)", n)
	}
}

// waitGone waits until the upstream has seen the client go away.
func waitGone(t *testing.T, f *faultServer) {
	t.Helper()
	select {
	case <-f.gone:
	case <-time.After(10 * time.Second):
		t.Fatal("the upstream never saw the client hang up")
	}
}

// TestFaultReset: a connection reset before any answer is retried for a
// read, not for a plain POST, and the last error keeps ECONNRESET.
func TestFaultReset(t *testing.T) {
	f := newFaultServer(t)
	site := f.site(t, TransportOptions{Retry: fastRetry})
	err := get(context.Background(), site, "/reset", nil)
	if !errors.Is(err, syscall.ECONNRESET) && !errors.Is(err, io.EOF) {
		t.Errorf("err = %v, want a connection reset", err)
	}
	if !strings.Contains(err.Error(), "cannot reach") {
		t.Errorf("err = %q, want it to say the site could not be reached", err)
	}
	if n := f.count("/reset"); n != 3 {
		t.Errorf("GET tried %d times, want 3", n)
	}
	err = site.Client(Bearer("x")).Do(context.Background(), Request{Method: http.MethodPost, Path: "/reset", Body: map[string]string{"a": "b"}}, nil)
	if err == nil {
		t.Fatal("POST to a resetting upstream succeeded")
	}
	if n := f.count("/reset"); n != 4 {
		t.Errorf("plain POST was retried: %d calls in all, want 4", n)
	}
	err = site.Client(Bearer("x")).Do(context.Background(), Request{Method: http.MethodPost, Path: "/reset", Body: map[string]string{"jql": "x"}, Idempotent: true}, nil)
	if err == nil {
		t.Fatal("POST to a resetting upstream succeeded")
	}
	if n := f.count("/reset"); n != 7 {
		t.Errorf("idempotent POST: %d calls in all, want 7", n)
	}
}

// TestFaultRefused: a refused connection is retried (nothing was sent)
// and reported with its cause.
func TestFaultRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	u, _ := url.Parse("http://" + addr)
	site := &Site{Product: Confluence, BaseURL: u, HTTP: NewHTTPClient(TransportOptions{Retry: fastRetry})}
	err = site.Client(Bearer("x")).Do(context.Background(), Request{Method: http.MethodPost, Path: "/rest/api/content"}, nil)
	if !errors.Is(err, syscall.ECONNREFUSED) || !strings.Contains(err.Error(), "Confluence API POST /rest/api/content: cannot reach "+addr) {
		t.Errorf("err = %v, want ECONNREFUSED explained", err)
	}
}

// TestFaultGarbage: a 200 that is not JSON fails decoding with the call
// named, and is not retried.
func TestFaultGarbage(t *testing.T) {
	f := newFaultServer(t)
	var out map[string]any
	err := get(context.Background(), f.site(t, TransportOptions{Retry: fastRetry}), "/garbage", &out)
	if err == nil || !strings.Contains(err.Error(), "Jira API GET /garbage: decoding response") {
		t.Errorf("err = %v, want a decoding error naming the call", err)
	}
	if n := f.count("/garbage"); n != 1 {
		t.Errorf("garbage fetched %d times, want 1", n)
	}
}

// TestFault429RetryAfter: a 429 with Retry-After is retried after the
// wait it asks for; one asking longer than MaxWait is returned at once.
func TestFault429RetryAfter(t *testing.T) {
	f := newFaultServer(t)
	site := f.site(t, TransportOptions{Retry: fastRetry})
	start := time.Now()
	var out struct{ OK bool }
	if err := get(context.Background(), site, "/429", &out); err != nil || !out.OK {
		t.Fatalf("err = %v, out = %+v; want success after one retry", err, out)
	}
	if n := f.count("/429"); n != 2 {
		t.Errorf("429 path called %d times, want 2", n)
	}
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("retried after %v, before the 1s Retry-After", waited)
	}

	err := get(context.Background(), site, "/429-long", nil)
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusTooManyRequests || ae.RetryAfter != time.Hour || !strings.Contains(err.Error(), "retry after 1h0m0s") {
		t.Errorf("err = %v, want the 429 with its Retry-After", err)
	}
	if n := f.count("/429-long"); n != 1 {
		t.Errorf("an hour's Retry-After was waited for: %d calls", n)
	}
}

// TestFault503ThenSuccess: a passing 503 is retried and the call succeeds.
func TestFault503ThenSuccess(t *testing.T) {
	f := newFaultServer(t)
	var out struct{ OK bool }
	if err := get(context.Background(), f.site(t, TransportOptions{Retry: fastRetry}), "/503-then-ok", &out); err != nil || !out.OK {
		t.Fatalf("err = %v, out = %+v", err, out)
	}
	if n := f.count("/503-then-ok"); n != 2 {
		t.Errorf("called %d times, want 2", n)
	}
}

// TestFault5xxExhausted: when every attempt fails, the last answer is the
// error, with its advice; a plain POST is tried once.
func TestFault5xxExhausted(t *testing.T) {
	f := newFaultServer(t)
	site := f.site(t, TransportOptions{Retry: fastRetry})
	err := get(context.Background(), site, "/502", nil)
	if !IsStatus(err, http.StatusBadGateway) || !strings.Contains(err.Error(), "server error on the Atlassian side: retry later") {
		t.Errorf("err = %v, want the 502 with advice", err)
	}
	if n := f.count("/502"); n != 3 {
		t.Errorf("GET tried %d times, want 3", n)
	}
	_ = site.Client(Bearer("x")).Do(context.Background(), Request{Method: http.MethodPost, Path: "/502"}, nil)
	if n := f.count("/502"); n != 4 {
		t.Errorf("plain POST retried: %d calls in all, want 4", n)
	}
}

// TestFaultBigBody: a 100 MB answer is refused with advice, whether its
// length is announced (refused before reading) or not (cut at the cap).
func TestFaultBigBody(t *testing.T) {
	f := newFaultServer(t)
	site := f.site(t, TransportOptions{Retry: fastRetry})
	for _, path := range []string{"/big", "/big-announced"} {
		var out string
		err := get(context.Background(), site, path, &out)
		var tl *ResponseTooLargeError
		if !errors.As(err, &tl) || tl.Limit != DefaultMaxResponseBytes {
			t.Fatalf("%s: err = %v, want ResponseTooLargeError", path, err)
		}
		want := "Jira API GET " + path + ": the Jira answer is larger than 32 MiB; narrow the request (fewer fields, smaller limit)"
		if err.Error() != want {
			t.Errorf("%s: err = %q, want %q", path, err, want)
		}
	}
	// A request may raise its own cap (attachments).
	var out string
	err := site.Client(Bearer("x")).Do(context.Background(), Request{Method: http.MethodGet, Path: "/big", MaxResponseBytes: 101 << 20}, &out)
	if err != nil || len(out) != 100<<20-2 {
		t.Errorf("raised cap: err = %v, len = %d", err, len(out))
	}
	// And a site may lower it.
	small := f.site(t, TransportOptions{MaxResponseBytes: 50e6})
	if err := get(context.Background(), small, "/big-announced", &out); err == nil || !strings.Contains(err.Error(), "larger than 50 MB") {
		t.Errorf("site cap: err = %v", err)
	}
}

// TestFaultBigBodiesBoundedMemory: six concurrent 100 MB answers are read
// under the process-wide budget, so the heap does not hold six bodies at
// once. The peak is logged; the bound is what two budgeted readers need
// plus the garbage collector's headroom, well under six bodies
// (measured without the budget: 192 MiB cut, 600 MiB whole).
func TestFaultBigBodiesBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 600 MB")
	}
	f := newFaultServer(t)
	site := f.site(t, TransportOptions{Retry: fastRetry})

	for _, tc := range []struct {
		name  string
		path  string
		limit int64 // per request
		bound uint64
	}{
		// Each read stops at the 32 MiB cap; the 64 MiB budget lets two
		// run at once.
		{"cut at the default cap", "/big", 0, 160 << 20},
		// Each body is read whole (attachment-sized cap, length
		// announced); the budget admits one at a time.
		{"read whole", "/big-announced", 101 << 20, 300 << 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if raceEnabled && tc.limit > 0 {
				t.Skip("600 MB under the race detector takes half a minute")
			}
			peak := measurePeakHeap(func() {
				var wg sync.WaitGroup
				var ok, tooLarge atomic.Int32
				for range 6 {
					wg.Go(func() {
						var out json100MB
						err := site.Client(Bearer("x")).Do(context.Background(), Request{Method: http.MethodGet, Path: tc.path, MaxResponseBytes: tc.limit}, &out)
						var tl *ResponseTooLargeError
						switch {
						case err == nil:
							ok.Add(1)
						case errors.As(err, &tl):
							tooLarge.Add(1)
						default:
							t.Error(err)
						}
					})
				}
				wg.Wait()
				if tc.limit == 0 && tooLarge.Load() != 6 || tc.limit > 0 && ok.Load() != 6 {
					t.Errorf("ok = %d, too large = %d", ok.Load(), tooLarge.Load())
				}
			})
			t.Logf("six concurrent 100 MB answers (%s): peak heap %d MiB", tc.name, peak>>20)
			if peak > tc.bound {
				t.Errorf("peak heap %d MiB, want under %d MiB", peak>>20, tc.bound>>20)
			}
		})
	}
}

// json100MB decodes the big string without keeping a second copy of it.
type json100MB struct{ n int }

func (j *json100MB) UnmarshalJSON(b []byte) error { j.n = len(b); return nil }

// measurePeakHeap runs fn and returns the highest HeapAlloc seen meanwhile,
// sampled every millisecond, after a GC so earlier tests do not count.
func measurePeakHeap(fn func()) uint64 {
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak.Load() {
				peak.Store(ms.HeapAlloc)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	fn()
	close(stop)
	<-sampled
	return peak.Load()
}

// TestFaultHTTPSDowngrade: an https site redirecting to http on the same
// host is not followed; the redirect is reported.
func TestFaultHTTPSDowngrade(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Redirect(w, r, "http://"+r.Host+"/plain", http.StatusFound)
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	tr := srv.Client().Transport.(*http.Transport)
	site := &Site{Product: Jira, BaseURL: u, HTTP: NewHTTPClient(TransportOptions{TLS: tr.TLSClientConfig, Retry: fastRetry})}
	err := get(context.Background(), site, "/rest/api/2/myself", nil)
	if !IsStatus(err, http.StatusFound) || !strings.Contains(err.Error(), "from https to http, which is not followed") {
		t.Errorf("err = %v, want the 302 reported with advice", err)
	}
	if hits.Load() != 1 {
		t.Errorf("%d requests, want 1", hits.Load())
	}
}

func TestSameHostRedirects(t *testing.T) {
	req := func(raw string) *http.Request {
		u, _ := url.Parse(raw)
		return &http.Request{URL: u}
	}
	for _, tc := range []struct {
		from, to string
		follow   bool
	}{
		{"https://jira.example.com/a", "https://jira.example.com/b", true},
		{"http://jira.example.com/a", "https://jira.example.com/b", true},
		{"http://jira.example.com/a", "http://jira.example.com/b", true},
		{"https://jira.example.com/a", "http://jira.example.com/b", false},
		{"https://jira.example.com/a", "https://evil.example.com/b", false},
		{"https://jira.example.com:443/a", "http://jira.example.com:443/b", false},
	} {
		err := sameHostRedirects(req(tc.to), []*http.Request{req(tc.from)})
		if (err == nil) != tc.follow {
			t.Errorf("%s -> %s: err = %v, want follow %v", tc.from, tc.to, err, tc.follow)
		}
	}
	// https reached by an upgrade is not downgraded again either.
	err := sameHostRedirects(req("http://h/c"), []*http.Request{req("http://h/a"), req("https://h/b")})
	if err == nil {
		t.Error("followed https -> http after an upgrade")
	}
}
