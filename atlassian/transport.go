package atlassian

import (
	"crypto/tls"
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
	Timeout          time.Duration // whole request; 0 means DefaultTimeout
	Proxy            ProxyConfig
}

// NewHTTPClient builds the client one site uses for all its requests, so
// connections are pooled across users and tool calls.
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
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &http.Client{Transport: rt, Timeout: timeout, CheckRedirect: sameHostRedirects}
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
// addresses.
func sameHostRedirects(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return http.ErrUseLastResponse
	}
	if req.URL.Host != via[0].URL.Host {
		return http.ErrUseLastResponse
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
