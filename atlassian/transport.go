package atlassian

import (
	"crypto/tls"
	"net"
	"net/http"
	"net/url"
	"time"

	"golang.org/x/net/http/httpproxy"
)

// DefaultTimeout matches mcp-atlassian's JIRA_TIMEOUT / CONFLUENCE_TIMEOUT
// default of 75 seconds per request.
const DefaultTimeout = 75 * time.Second

// ProxyConfig are outbound proxy settings; empty fields mean "none".
type ProxyConfig struct {
	HTTPProxy  string
	HTTPSProxy string
	NoProxy    string
}

// TransportOptions shape the pooled HTTP client of one site.
type TransportOptions struct {
	TLS              *tls.Config // nil: system roots, verification on
	HandshakeTimeout time.Duration
	// Timeout bounds a whole call, retries and their waits included; 0
	// means DefaultTimeout.
	Timeout time.Duration
	Proxy   ProxyConfig

	// MaxResponseBytes caps one answer; 0 means DefaultMaxResponseBytes.
	// Request.MaxResponseBytes overrides it per call (attachments).
	MaxResponseBytes int64
	// Retry says when a failed call is tried again; nil means
	// DefaultRetryPolicy, &RetryPolicy{MaxAttempts: 1} turns retries off.
	Retry *RetryPolicy
	// RateLimit paces calls per upstream host; the zero value is off.
	RateLimit RateLimit
	// Breaker fails fast on an upstream host that keeps failing; the zero
	// value is off.
	Breaker BreakerPolicy
	// Guard, when set, refuses connections to addresses the policy
	// forbids. Set it on clients whose site URL a caller chooses.
	Guard *TargetPolicy
}

// NewHTTPClient builds the client one site uses for all its requests, so
// connections are pooled across users and tool calls. Its transport adds
// the site's policies (rate limit, circuit breaker, retries) in front of
// the pool.
func NewHTTPClient(o TransportOptions) *http.Client {
	rt := http.DefaultTransport.(*http.Transport).Clone()
	rt.Proxy = proxyFunc(o.Proxy)
	if o.TLS != nil {
		rt.TLSClientConfig = o.TLS
	}
	if o.HandshakeTimeout > 0 {
		rt.TLSHandshakeTimeout = o.HandshakeTimeout
	}
	rt.MaxIdleConnsPerHost = 32
	if o.Guard != nil {
		rt.DialContext = guardedDialer(&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}, o.Guard, proxyAddrs(o.Proxy))
		if rt.Proxy != nil {
			rt.Proxy = guardedProxy(rt.Proxy, o.Guard)
		}
	}
	// No http.Client.Timeout: it costs a timer and a goroutine on every
	// request (net/http's setRequestCancel). Client.send bounds each call
	// with a deadline on its context instead (siteTransport.timeout).
	return &http.Client{Transport: newSiteTransport(rt, o), CheckRedirect: sameHostRedirects}
}

func proxyFunc(p ProxyConfig) func(*http.Request) (*url.URL, error) {
	if p == (ProxyConfig{}) {
		return nil
	}
	pf := (&httpproxy.Config{HTTPProxy: p.HTTPProxy, HTTPSProxy: p.HTTPSProxy, NoProxy: p.NoProxy}).ProxyFunc()
	return func(r *http.Request) (*url.URL, error) { return pf(r.URL) }
}

// sameHostRedirects follows redirects only within the original host, so a
// hostile or misconfigured site cannot bounce our credentials (Go drops the
// Authorization header across hosts anyway) or our requests to internal
// addresses. It never follows https to http: Go keeps the Authorization
// header when only the scheme changes, and it would travel in clear.
func sameHostRedirects(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return http.ErrUseLastResponse
	}
	if req.URL.Host != via[0].URL.Host {
		return http.ErrUseLastResponse
	}
	for _, prev := range via {
		if prev.URL.Scheme == "https" && req.URL.Scheme != "https" {
			return http.ErrUseLastResponse
		}
	}
	return nil
}

// CloseIdle releases the pooled connections of a client built by
// NewHTTPClient.
func CloseIdle(c *http.Client) {
	if c != nil {
		c.CloseIdleConnections()
	}
}
