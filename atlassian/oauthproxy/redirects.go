package oauthproxy

import (
	"net/url"
	"strings"
)

// redirectAllowed checks a client's redirect URI against the allowlist.
// URIs with user info or a fragment are refused outright: user info is how
// "http://localhost:*" could be stretched to "http://localhost:@evil".
func redirectAllowed(uri string, patterns []string) bool {
	u, err := url.Parse(uri)
	if err != nil || u.User != nil || u.Fragment != "" || u.Host == "" ||
		(u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	for _, p := range patterns {
		if glob(p, uri) {
			return true
		}
	}
	return false
}

// glob matches s against p, where each * stands for any run of characters.
func glob(p, s string) bool {
	parts := strings.Split(p, "*")
	if len(parts) == 1 {
		return p == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for _, mid := range parts[1 : len(parts)-1] {
		i := strings.Index(s, mid)
		if i < 0 {
			return false
		}
		s = s[i+len(mid):]
	}
	return strings.HasSuffix(s, parts[len(parts)-1])
}
