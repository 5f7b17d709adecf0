package atlassian

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// guardedSite points at a local test server through url (same port), with
// the given policy.
func guardedSite(t *testing.T, host string, p *TargetPolicy) (*Site, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	u, _ := url.Parse("http://" + net.JoinHostPort(host, port))
	return &Site{Product: Jira, BaseURL: u, HTTP: NewHTTPClient(TransportOptions{Guard: p, Retry: fastRetry})}, &hits
}

// TestGuardRefusesLoopback: a caller-chosen site on 127.0.0.1, or on a name
// resolving to it, is refused after resolution with a typed error, and
// nothing reaches the server; AllowPrivate admits both.
func TestGuardRefusesLoopback(t *testing.T) {
	for _, host := range []string{"127.0.0.1", "localhost"} {
		t.Run(host, func(t *testing.T) {
			site, hits := guardedSite(t, host, &TargetPolicy{})
			err := get(context.Background(), site, "/rest/api/2/myself", nil)
			var fe *ForbiddenTargetError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want ForbiddenTargetError", err)
			}
			if !fe.Addr.IsLoopback() || fe.Host != host || fe.Reason != "loopback address" {
				t.Errorf("refusal = %+v", fe)
			}
			if !strings.Contains(err.Error(), "refusing to connect to") || strings.Contains(err.Error(), "t0ken") {
				t.Errorf("message = %q", err)
			}
			if hits.Load() != 0 {
				t.Errorf("%d requests reached the server", hits.Load())
			}

			site, hits = guardedSite(t, host, &TargetPolicy{AllowPrivate: true})
			if err := get(context.Background(), site, "/rest/api/2/myself", nil); err != nil {
				t.Fatalf("AllowPrivate: %v", err)
			}
			if hits.Load() != 1 {
				t.Errorf("AllowPrivate: %d requests, want 1", hits.Load())
			}
		})
	}
}

// TestGuardPorts: with Ports set, other ports are refused even for
// allowed addresses.
func TestGuardPorts(t *testing.T) {
	site, hits := guardedSite(t, "127.0.0.1", &TargetPolicy{AllowPrivate: true, Ports: []int{443}})
	err := get(context.Background(), site, "/", nil)
	var fe *ForbiddenTargetError
	if !errors.As(err, &fe) || !strings.Contains(fe.Reason, "port") || hits.Load() != 0 {
		t.Fatalf("err = %v, hits = %d; want the port refused", err, hits.Load())
	}
	_, port, _ := net.SplitHostPort(site.BaseURL.Host)
	p, _ := strconv.Atoi(port)
	site.HTTP = NewHTTPClient(TransportOptions{Guard: &TargetPolicy{AllowPrivate: true, Ports: []int{443, p}}})
	if err := get(context.Background(), site, "/", nil); err != nil || hits.Load() != 1 {
		t.Errorf("allowed port: err = %v, hits = %d", err, hits.Load())
	}
}

// TestGuardUnguardedClientUnchanged: without a policy, private addresses
// are reachable (operator-configured sites live on intranets).
func TestGuardUnguardedClientUnchanged(t *testing.T) {
	site, hits := guardedSite(t, "127.0.0.1", nil)
	if err := get(context.Background(), site, "/", nil); err != nil || hits.Load() != 1 {
		t.Errorf("err = %v, hits = %d", err, hits.Load())
	}
}

// TestGuardProxy: the dial to the configured proxy is allowed even though
// it is on loopback, and a proxied target on a forbidden address is
// refused before the proxy is asked.
func TestGuardProxy(t *testing.T) {
	var proxied atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proxied.Add(1)
		_, _ = w.Write([]byte(`{}`))
	}))
	defer proxy.Close()
	client := NewHTTPClient(TransportOptions{Guard: &TargetPolicy{}, Proxy: ProxyConfig{HTTPProxy: proxy.URL}, Retry: fastRetry})

	u, _ := url.Parse("http://127.0.0.1:9/")
	site := &Site{Product: Jira, BaseURL: u, HTTP: client}
	err := get(context.Background(), site, "/x", nil)
	var fe *ForbiddenTargetError
	if !errors.As(err, &fe) || proxied.Load() != 0 {
		t.Fatalf("err = %v, proxied = %d; want the loopback target refused", err, proxied.Load())
	}

	// A public target (a documentation-free global address) goes to the
	// proxy, which answers for it.
	u, _ = url.Parse("http://8.8.8.8/")
	site = &Site{Product: Jira, BaseURL: u, HTTP: client}
	if err := get(context.Background(), site, "/x", nil); err != nil || proxied.Load() != 1 {
		t.Errorf("public target via proxy: err = %v, proxied = %d", err, proxied.Load())
	}
}

func TestNonPublic(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1": true, "10.1.2.3": true, "172.16.0.1": true, "192.168.1.1": true,
		"169.254.169.254": true, "0.0.0.0": true, "100.64.0.1": true, "224.0.0.1": true,
		"255.255.255.255": true, "::1": true, "::": true, "fe80::1": true, "fd00:ec2::254": true,
		"::ffff:127.0.0.1": true, "64:ff9b::a00:1": true, "2002:7f00:1::": true, "ff02::1": true,
		"8.8.8.8": false, "104.192.136.1": false, "2606:4700::1111": false, "64:ff9b::808:808": false,
	} {
		a := netip.MustParseAddr(addr)
		if got := (&TargetPolicy{}).check(a, 443) != nil; got != want {
			t.Errorf("%s: refused = %v, want %v", addr, got, want)
		}
	}
}
