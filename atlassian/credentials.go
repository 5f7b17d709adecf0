package atlassian

import (
	"encoding/base64"
	"net/http"
)

// AuthScheme names how a request proves who it is to Atlassian.
type AuthScheme int

const (
	// AuthNone sends no Authorization header (client-certificate auth, or a
	// gateway in front that injects its own).
	AuthNone AuthScheme = iota
	// AuthBasic is email + API token on Cloud, username + password on Server/DC.
	AuthBasic
	// AuthBearer is a Server/DC personal access token or an OAuth 2.0 access token.
	AuthBearer
)

// Credentials are one user's secret for one product. They are values: the
// MCP handler builds a fresh one per request from headers or configuration,
// so nothing ties a user's identity to a shared client.
type Credentials struct {
	Scheme   AuthScheme
	Username string // basic auth only
	Secret   string // API token, password, PAT or OAuth access token
}

// Basic returns basic-auth credentials.
func Basic(username, secret string) Credentials {
	return Credentials{Scheme: AuthBasic, Username: username, Secret: secret}
}

// Bearer returns bearer-token credentials (PAT or OAuth access token).
func Bearer(token string) Credentials {
	return Credentials{Scheme: AuthBearer, Secret: token}
}

// IsZero reports whether no credentials were given at all.
func (c Credentials) IsZero() bool { return c == Credentials{} }

// Apply sets the Authorization header for these credentials.
func (c Credentials) Apply(h http.Header) {
	switch c.Scheme {
	case AuthBasic:
		h.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(c.Username+":"+c.Secret)))
	case AuthBearer:
		h.Set("Authorization", "Bearer "+c.Secret)
	}
}

// String describes the credentials without revealing the secret, so they are
// safe to log by accident.
func (c Credentials) String() string {
	switch c.Scheme {
	case AuthBasic:
		return "basic(" + c.Username + ", secret redacted)"
	case AuthBearer:
		return "bearer(redacted)"
	}
	return "none"
}

// GoString keeps %#v from printing the secret too.
func (c Credentials) GoString() string { return c.String() }
