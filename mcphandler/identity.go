package mcphandler

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Request headers of mcp-atlassian's multi-user contract.
const (
	HeaderCloudID                 = "X-Atlassian-Cloud-Id"
	HeaderJiraPersonalToken       = "X-Atlassian-Jira-Personal-Token"
	HeaderJiraURL                 = "X-Atlassian-Jira-Url"
	HeaderConfluencePersonalToken = "X-Atlassian-Confluence-Personal-Token"
	HeaderConfluenceURL           = "X-Atlassian-Confluence-Url"
)

// authKind is what a request's Authorization header carries.
type authKind int

const (
	authNone authKind = iota
	authBasic
	authToken  // "Token <PAT>": a Server/DC personal access token
	authBearer // OAuth access token, or a PAT when no cloud id applies
	authGrant  // a token of the Authorizer, resolved to an Atlassian grant
)

// Identity is who one HTTP request says it is: parsed once from its
// headers, carried through the MCP SDK with the request, and never stored
// on an MCP session, so each call runs with exactly its own caller's
// credentials.
type Identity struct {
	kind     authKind
	username string
	secret   string
	cloudID  string
	// per-product personal token + URL pairs (X-Atlassian-*-Personal-Token)
	productPAT map[atlassian.Product]productPAT
	// inProcess marks a client connected to Server() directly, with no
	// HTTP request: it acts with the configured credentials.
	inProcess bool
	// subject and grant are an authGrant's grant (oauth.go).
	subject string
	grant   TokenProvider
}

type productPAT struct {
	token string
	url   *url.URL
}

// anonymous is the identity of an HTTP request without credentials: it may
// use the configured credentials only if allow_global_credentials is on.
var anonymous = &Identity{}

// inProcess is the identity of in-process clients.
var inProcess = &Identity{inProcess: true}

// hasCredentials reports whether the request brought any credentials.
func (id *Identity) hasCredentials() bool {
	return id.kind != authNone || len(id.productPAT) > 0
}

// fingerprint identifies the caller without the secret: a hash of the
// credentials. The SDK binds stateful sessions to it, so one user cannot
// continue another's session.
func (id *Identity) fingerprint() string {
	if !id.hasCredentials() {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "%d\x00%s\x00%s\x00%s\x00%s", id.kind, id.username, id.secret, id.cloudID, id.subject)
	for _, p := range []atlassian.Product{atlassian.Jira, atlassian.Confluence} {
		if pat, ok := id.productPAT[p]; ok {
			fmt.Fprintf(h, "\x00%s\x00%s\x00%s", p, pat.token, pat.url)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// String never shows secrets, so an identity is safe to log by accident.
func (id *Identity) String() string {
	switch id.kind {
	case authBasic:
		return "basic(" + id.username + ")"
	case authToken:
		return "token(redacted)"
	case authBearer:
		return "bearer(redacted)"
	case authGrant:
		return "oauth-grant(" + id.subject + ")"
	}
	if len(id.productPAT) > 0 {
		return "personal-token-headers(redacted)"
	}
	return "anonymous"
}

// GoString keeps %#v from printing the secret too.
func (id *Identity) GoString() string { return id.String() }

// AuthError is a malformed, missing or refused credential; the HTTP layer
// answers it with Status (401, or 403 for a refused site) and the reason
// as JSON.
type AuthError struct {
	Status int
	Reason string
}

func (e *AuthError) Error() string { return e.Reason }

func unauthorized(format string, args ...any) *AuthError {
	return &AuthError{Status: http.StatusUnauthorized, Reason: fmt.Sprintf(format, args...)}
}

// parseIdentity reads the credential headers. Errors are *AuthError.
func (h *Handler) parseIdentity(hdr http.Header) (*Identity, error) {
	id := &Identity{cloudID: strings.TrimSpace(hdr.Get(HeaderCloudID))}
	if raw := strings.TrimSpace(hdr.Get("Authorization")); raw != "" && !h.opts.IgnoreHeaderAuth {
		scheme, value, _ := strings.Cut(raw, " ")
		value = strings.TrimSpace(value)
		switch strings.ToLower(scheme) {
		case "basic":
			decoded, err := base64.StdEncoding.DecodeString(value)
			if err != nil || value == "" {
				return nil, unauthorized("Unauthorized: the Basic credentials are not valid base64 of email:api_token.")
			}
			user, secret, ok := strings.Cut(string(decoded), ":")
			if !ok || user == "" || secret == "" {
				return nil, unauthorized("Unauthorized: Basic credentials must be base64(email:api_token) with both parts non-empty.")
			}
			id.kind, id.username, id.secret = authBasic, user, secret
		case "token":
			if value == "" {
				return nil, unauthorized("Unauthorized: the Token (personal access token) is empty.")
			}
			id.kind, id.secret = authToken, value
		case "bearer":
			if value == "" {
				return nil, unauthorized("Unauthorized: the Bearer token is empty.")
			}
			id.kind, id.secret = authBearer, value
		default:
			return nil, unauthorized("Unauthorized: only 'Bearer <OAuth token or PAT>', 'Token <PAT>' or 'Basic <base64(email:api_token)>' Authorization headers are supported.")
		}
	}
	for _, p := range []struct {
		product          atlassian.Product
		tokenHdr, urlHdr string
	}{
		{atlassian.Jira, HeaderJiraPersonalToken, HeaderJiraURL},
		{atlassian.Confluence, HeaderConfluencePersonalToken, HeaderConfluenceURL},
	} {
		token, rawURL := strings.TrimSpace(hdr.Get(p.tokenHdr)), strings.TrimSpace(hdr.Get(p.urlHdr))
		if token == "" && rawURL == "" {
			continue
		}
		if rawURL == "" || (token == "" && !h.opts.ExternalAuth) {
			return nil, unauthorized("Unauthorized: %s and %s must be sent together.", p.tokenHdr, p.urlHdr)
		}
		if id.kind != authNone {
			continue // mcp-atlassian ignores the pair when Authorization is present
		}
		u, err := h.checkHeaderURL(rawURL)
		if err != nil {
			return nil, &AuthError{Status: http.StatusForbidden, Reason: fmt.Sprintf("Forbidden: invalid %s URL in %s: %v", p.product.Title(), p.urlHdr, err)}
		}
		if id.productPAT == nil {
			id.productPAT = map[atlassian.Product]productPAT{}
		}
		id.productPAT[p.product] = productPAT{token: token, url: u}
	}
	if !id.hasCredentials() && !h.opts.AllowGlobalCredentials && !h.opts.ExternalAuth {
		return nil, unauthorized("Authentication required: no Atlassian credentials were provided. Send Authorization: Basic|Token|Bearer (or the X-Atlassian-*-Personal-Token headers), or, for a single-user server, enable allow_global_credentials true in the Caddyfile (ALLOW_GLOBAL_CRED_FALLBACK=true) to use the configured credentials.")
	}
	return id, nil
}

// checkHeaderURL admits a caller-chosen site URL only for allow-listed
// hosts: without that, any caller could make the server send requests to
// internal addresses (SSRF). An entry admits its host and every subdomain
// (as mcp-atlassian's MCP_ALLOWED_URL_DOMAINS); an entry written "=host"
// admits exactly that host. The URL is reduced to scheme, host, port and
// path.
func (h *Handler) checkHeaderURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return nil, errors.New("must be an absolute http(s) URL without user info")
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if !hostAllowed(host, h.opts.AllowedURLHosts) {
		return nil, fmt.Errorf("host %q is not in allowed_url_hosts (MCP_ALLOWED_URL_DOMAINS)", truncate(host, 100))
	}
	port := 443
	if u.Scheme == "http" {
		port = 80
	}
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil {
			return nil, fmt.Errorf("port %q is not a number", truncate(p, 20))
		}
	}
	// Refuse a host that resolves to this server's own networks now, with
	// a 403; the dialer checks every connection again (DNS rebinding).
	if err := h.targets.check(h.opts.HeaderURLPolicy, host, port); err != nil {
		return nil, err
	}
	return &url.URL{Scheme: u.Scheme, Host: strings.ToLower(u.Host), Path: strings.TrimSuffix(u.Path, "/")}, nil
}

// hostAllowed matches a host against allowed_url_hosts entries.
func hostAllowed(host string, allowed []string) bool {
	for _, entry := range allowed {
		entry = strings.ToLower(strings.TrimSpace(entry))
		switch {
		case entry == "":
		case strings.HasPrefix(entry, "="):
			if host == entry[1:] {
				return true
			}
		default:
			domain := strings.TrimPrefix(entry, ".")
			if host == domain || strings.HasSuffix(host, "."+domain) {
				return true
			}
		}
	}
	return false
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
