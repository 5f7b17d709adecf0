package mcphandler

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
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
)

// requestAuth is the identity one HTTP request brings. It is parsed from
// headers on every request and never stored on an MCP session, so each
// call runs with exactly its own caller's credentials.
type requestAuth struct {
	kind     authKind
	username string
	secret   string
	cloudID  string
	// per-product personal token + URL pairs (X-Atlassian-*-Personal-Token)
	productPAT map[atlassian.Product]productPAT
}

type productPAT struct {
	token string
	url   *url.URL
}

// hasCredentials reports whether the request brought any credentials.
func (a *requestAuth) hasCredentials() bool {
	return a.kind != authNone || len(a.productPAT) > 0
}

// AuthError is a malformed or refused credential header; the HTTP layer
// answers it with 401 and the message as a JSON reason.
type AuthError struct{ Reason string }

func (e *AuthError) Error() string { return e.Reason }

// parseRequestAuth reads the credential headers. Errors are *AuthError.
func (h *Handler) parseRequestAuth(hdr http.Header) (*requestAuth, error) {
	a := &requestAuth{cloudID: strings.TrimSpace(hdr.Get(HeaderCloudID))}
	if raw := strings.TrimSpace(hdr.Get("Authorization")); raw != "" {
		scheme, value, _ := strings.Cut(raw, " ")
		value = strings.TrimSpace(value)
		switch strings.ToLower(scheme) {
		case "basic":
			decoded, err := base64.StdEncoding.DecodeString(value)
			if err != nil || value == "" {
				return nil, &AuthError{"Unauthorized: the Basic credentials are not valid base64 of email:api_token."}
			}
			user, secret, ok := strings.Cut(string(decoded), ":")
			if !ok || user == "" || secret == "" {
				return nil, &AuthError{"Unauthorized: Basic credentials must be base64(email:api_token) with both parts non-empty."}
			}
			a.kind, a.username, a.secret = authBasic, user, secret
		case "token":
			if value == "" {
				return nil, &AuthError{"Unauthorized: the Token (personal access token) is empty."}
			}
			a.kind, a.secret = authToken, value
		case "bearer":
			if value == "" {
				return nil, &AuthError{"Unauthorized: the Bearer token is empty."}
			}
			a.kind, a.secret = authBearer, value
		default:
			return nil, &AuthError{"Unauthorized: only 'Bearer <OAuth token or PAT>', 'Token <PAT>' or 'Basic <base64(email:api_token)>' Authorization headers are supported."}
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
		if token == "" || rawURL == "" {
			return nil, &AuthError{fmt.Sprintf("Unauthorized: %s and %s must be sent together.", p.tokenHdr, p.urlHdr)}
		}
		if a.kind != authNone {
			continue // mcp-atlassian ignores the pair when Authorization is present
		}
		u, err := h.checkHeaderURL(rawURL)
		if err != nil {
			return nil, &AuthError{fmt.Sprintf("Forbidden: invalid %s URL in %s: %v", p.product.Title(), p.urlHdr, err)}
		}
		if a.productPAT == nil {
			a.productPAT = map[atlassian.Product]productPAT{}
		}
		a.productPAT[p.product] = productPAT{token: token, url: u}
	}
	return a, nil
}

// checkHeaderURL admits a caller-chosen site URL only for allow-listed
// hosts: without that, any caller could make the server send requests to
// internal addresses (SSRF).
func (h *Handler) checkHeaderURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return nil, errors.New("must be an absolute http(s) URL without user info")
	}
	host := strings.ToLower(u.Hostname())
	for _, allowed := range h.opts.AllowedURLHosts {
		allowed = strings.ToLower(strings.TrimSpace(allowed))
		if allowed == "" {
			continue
		}
		if host == strings.TrimPrefix(allowed, ".") || (strings.HasPrefix(allowed, ".") && strings.HasSuffix(host, allowed)) {
			u.Path = strings.TrimSuffix(u.Path, "/")
			u.RawQuery, u.Fragment = "", ""
			return u, nil
		}
	}
	return nil, fmt.Errorf("host %q is not in allowed_url_hosts", host)
}

// CheckRequest validates the credential headers of an incoming HTTP request
// before it reaches MCP. It returns an *AuthError (answer 401) when the
// headers are malformed, or when the request brings no credentials and the
// configured ones may not be used.
func (h *Handler) CheckRequest(r *http.Request) error {
	a, err := h.parseRequestAuth(r.Header)
	if err != nil {
		return err
	}
	if !a.hasCredentials() && !h.opts.AllowGlobalCredentials {
		return &AuthError{"Authentication required: no Atlassian credentials were provided (send Authorization: Basic|Token|Bearer, or enable allow_global_credentials for a single-user server)."}
	}
	return nil
}

// clientFor builds the Atlassian client for one tool call from the
// credentials of the request that carried it.
func (h *Handler) clientFor(hdr http.Header, product atlassian.Product) (*atlassian.Client, error) {
	cfg := h.product(product)
	if hdr == nil { // in-process transports carry no HTTP request
		if cfg.hasGlobalCredentials() {
			return cfg.Site.Client(cfg.Credentials), nil
		}
		return nil, fmt.Errorf("%s has no credentials configured", product.Title())
	}
	a, err := h.parseRequestAuth(hdr)
	if err != nil {
		return nil, err
	}
	if pat, ok := a.productPAT[product]; ok {
		site := h.headerSite(product, pat.url)
		return site.Client(atlassian.Bearer(pat.token)), nil
	}
	switch a.kind {
	case authBasic:
		if cfg == nil {
			return nil, notConfigured(product)
		}
		return cfg.userSite().Client(atlassian.Basic(a.username, a.secret)), nil
	case authToken:
		if cfg == nil {
			return nil, notConfigured(product)
		}
		return cfg.userSite().Client(atlassian.Bearer(a.secret)), nil
	case authBearer:
		cloudID := a.cloudID
		if cloudID == "" && (cfg == nil || cfg.Site.Deployment == atlassian.Cloud) {
			cloudID = h.opts.DefaultCloudID
		}
		if cloudID != "" {
			return h.gatewaySite(product).ClientAt(h.gatewayBase(product, cloudID), atlassian.Bearer(a.secret)), nil
		}
		if cfg == nil {
			return nil, notConfigured(product)
		}
		if cfg.Site.Deployment == atlassian.Cloud {
			return nil, fmt.Errorf("a Bearer token for %s Cloud is an OAuth access token and needs the %s header naming the site's cloud id (Cloud API tokens go in Authorization: Basic base64(email:token))", product.Title(), HeaderCloudID)
		}
		return cfg.userSite().Client(atlassian.Bearer(a.secret)), nil
	}
	if len(a.productPAT) > 0 {
		return nil, fmt.Errorf("this request brought credentials for another product only; send %s headers too", product.Title())
	}
	if !h.opts.AllowGlobalCredentials {
		return nil, errors.New("refusing to use the server's configured credentials for a request without credentials (allow_global_credentials is off)")
	}
	if !cfg.hasGlobalCredentials() {
		return nil, fmt.Errorf("%s has no credentials configured and the request brought none", product.Title())
	}
	return cfg.Site.Client(cfg.Credentials), nil
}

func notConfigured(p atlassian.Product) error {
	return fmt.Errorf("%s is not configured on this server (no URL): configure it, or send %s and its URL header", p.Title(), map[atlassian.Product]string{atlassian.Jira: HeaderJiraPersonalToken, atlassian.Confluence: HeaderConfluencePersonalToken}[p])
}

// gatewayBase is the OAuth gateway URL of a Cloud site.
func (h *Handler) gatewayBase(p atlassian.Product, cloudID string) *url.URL {
	u := *h.opts.GatewayURL
	u.Path = strings.TrimSuffix(u.Path, "/") + "/ex/" + string(p) + "/" + url.PathEscape(cloudID)
	if p == atlassian.Confluence {
		u.Path += "/wiki"
	}
	return &u
}
