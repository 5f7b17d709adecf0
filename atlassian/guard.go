package atlassian

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"syscall"
)

// TargetPolicy restricts where a client may connect. Sites whose URL a
// caller chooses (X-Atlassian-*-Url headers) get one, so a request cannot
// make this server reach its own network (SSRF). The check runs on every
// address actually dialed, after DNS resolution, so a name that resolves to
// a public address at validation time and to 127.0.0.1 at dial time (DNS
// rebinding) is still refused.
//
// Proxies: the dial to a configured proxy is not checked (the operator chose
// that address, and it is usually private). For a proxied request the
// target name is resolved and checked before the request is handed to the
// proxy; the proxy resolves the name again, so through a proxy the check
// cannot exclude rebinding. Leave caller-chosen sites unproxied (no_proxy)
// where that matters.
type TargetPolicy struct {
	// AllowPrivate admits loopback, private, link-local and other
	// non-public addresses (a Jira on the intranet).
	AllowPrivate bool
	// Ports, when set, are the only destination ports allowed.
	Ports []int
}

// ForbiddenTargetError is a connection the TargetPolicy refused. The HTTP
// layer answers it with 403: the caller asked for a place it may not reach.
type ForbiddenTargetError struct {
	Host   string     // the name asked for, when known
	Addr   netip.Addr // the resolved address
	Port   int
	Reason string // e.g. "loopback address", "port not allowed"
}

func (e *ForbiddenTargetError) Error() string {
	target := net.JoinHostPort(e.Addr.String(), strconv.Itoa(e.Port))
	if e.Host != "" && e.Host != e.Addr.String() {
		target = e.Host + " (" + target + ")"
	}
	return fmt.Sprintf("refusing to connect to %s: %s; sites given in request headers must be public Atlassian addresses", target, e.Reason)
}

// check reports why addr:port is not allowed, or nil.
func (p *TargetPolicy) check(addr netip.Addr, port int) *ForbiddenTargetError {
	addr = addr.Unmap()
	if len(p.Ports) > 0 && !slices.Contains(p.Ports, port) {
		return &ForbiddenTargetError{Addr: addr, Port: port, Reason: "port " + strconv.Itoa(port) + " is not allowed"}
	}
	if p.AllowPrivate {
		return nil
	}
	if reason := nonPublic(addr); reason != "" {
		return &ForbiddenTargetError{Addr: addr, Port: port, Reason: reason}
	}
	return nil
}

// specialPrefixes are ranges that are not the public internet beyond what
// netip's predicates cover (IANA special-purpose registries).
var specialPrefixes = []struct {
	prefix netip.Prefix
	reason string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "reserved \"this network\" address"},
	{netip.MustParsePrefix("100.64.0.0/10"), "carrier-grade NAT address"},
	{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol address"},
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation address"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking address"},
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation address"},
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation address"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved address"},
	{netip.MustParsePrefix("100::/64"), "discard-only address"},
	{netip.MustParsePrefix("2001:db8::/32"), "documentation address"},
}

// nat64 and sixToFour embed an IPv4 address that decides where the packet
// really goes.
var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour = netip.MustParsePrefix("2002::/16")
)

// nonPublic names the kind of a non-global address, or "" for a public one.
// Addresses embedding IPv4 (NAT64, 6to4) are judged by the embedded one.
func nonPublic(a netip.Addr) string {
	switch {
	case a.IsLoopback():
		return "loopback address"
	case a.IsUnspecified():
		return "unspecified address"
	case a.IsLinkLocalUnicast():
		return "link-local address (cloud metadata lives here)"
	case a.IsMulticast():
		return "multicast address"
	case a.IsPrivate():
		return "private network address"
	}
	for _, s := range specialPrefixes {
		if s.prefix.Contains(a) {
			return s.reason
		}
	}
	if a.Is6() {
		b := a.As16()
		if nat64.Contains(a) {
			return nonPublic(netip.AddrFrom4([4]byte(b[12:16])))
		}
		if sixToFour.Contains(a) {
			return nonPublic(netip.AddrFrom4([4]byte(b[2:6])))
		}
	}
	return ""
}

// guardedDialer dials through d, refusing addresses the policy forbids.
// Dials to the configured proxies are exempt (see TargetPolicy).
func guardedDialer(d *net.Dialer, p *TargetPolicy, proxies []string) func(ctx context.Context, network, addr string) (net.Conn, error) {
	guarded := *d
	guarded.ControlContext = func(_ context.Context, _, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("checking dial address %q: %w", address, err)
		}
		if fe := p.check(ap.Addr(), int(ap.Port())); fe != nil {
			return fe
		}
		return nil
	}
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if slices.Contains(proxies, addr) {
			return d.DialContext(ctx, network, addr)
		}
		conn, err := guarded.DialContext(ctx, network, addr)
		if fe, ok := asForbidden(err); ok {
			fe.Host, _, _ = net.SplitHostPort(addr)
		}
		return conn, err
	}
}

func asForbidden(err error) (*ForbiddenTargetError, bool) {
	var fe *ForbiddenTargetError
	ok := errors.As(err, &fe)
	return fe, ok
}

// guardedProxy wraps a proxy function so a proxied request's target is
// checked before it leaves: the proxy would otherwise reach it on our behalf.
func guardedProxy(proxy func(*http.Request) (*url.URL, error), p *TargetPolicy) func(*http.Request) (*url.URL, error) {
	return func(r *http.Request) (*url.URL, error) {
		u, err := proxy(r)
		if err != nil || u == nil {
			return u, err
		}
		host, port := r.URL.Hostname(), r.URL.Port()
		if port == "" {
			port = map[string]string{"http": "80", "https": "443"}[r.URL.Scheme]
		}
		portNum, _ := strconv.Atoi(port)
		addrs, err := net.DefaultResolver.LookupNetIP(r.Context(), "ip", host)
		if err != nil {
			return nil, fmt.Errorf("resolving %s to check it before using the proxy: %w", host, err)
		}
		for _, a := range addrs {
			if fe := p.check(a, portNum); fe != nil {
				fe.Host = host
				return nil, fe
			}
		}
		return u, nil
	}
}

// proxyAddrs lists the host:port of the configured proxies, the dials the
// guard lets through.
func proxyAddrs(p ProxyConfig) []string {
	var out []string
	for _, raw := range []string{p.HTTPProxy, p.HTTPSProxy} {
		if raw == "" {
			continue
		}
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" {
			// httpproxy accepts "host:port" without a scheme.
			if u, err = url.Parse("http://" + raw); err != nil {
				continue
			}
		}
		port := u.Port()
		if port == "" {
			port = map[string]string{"https": "443", "socks5": "1080", "socks5h": "1080"}[u.Scheme]
			if port == "" {
				port = "80"
			}
		}
		out = append(out, net.JoinHostPort(u.Hostname(), port))
	}
	return out
}

// CheckHost resolves host and reports the first of its addresses the policy
// refuses, as a *ForbiddenTargetError; it lets a caller refuse a
// caller-chosen site before any request (the dialer still checks every
// connection, so a name that changes its answer later is refused then). A
// name that does not resolve is not refused here: the call will fail with
// a clearer error of its own.
func (p *TargetPolicy) CheckHost(ctx context.Context, host string, port int) error {
	if addr, err := netip.ParseAddr(host); err == nil {
		if fe := p.check(addr, port); fe != nil {
			fe.Host = host
			return fe
		}
		return nil
	}
	addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil
	}
	for _, a := range addrs {
		if fe := p.check(a, port); fe != nil {
			fe.Host = host
			return fe
		}
	}
	return nil
}
