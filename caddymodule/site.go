package caddymodule

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp/reverseproxy"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler"
	"go.uber.org/zap"
)

// Site configures one product (the jira or confluence block). String
// fields may hold {env.*} and {file.*} placeholders, resolved at provision
// time so secrets never appear in adapted JSON or Caddy's autosave.
type Site struct {
	// URL of the site, e.g. https://acme.atlassian.net (Jira),
	// https://acme.atlassian.net/wiki (Confluence Cloud) or
	// https://wiki.example.com/confluence (Server/DC).
	URL string `json:"url,omitempty"`
	// Username is the Cloud account email or the Server/DC username.
	Username string `json:"username,omitempty"`
	// APIToken is the Cloud API token, or the Server/DC password.
	APIToken string `json:"api_token,omitempty"`
	// PersonalToken is a Server/DC personal access token (sent as Bearer).
	PersonalToken string `json:"personal_token,omitempty"`
	// Deployment is "cloud" or "server"; default: detected from the host
	// name as mcp-atlassian does.
	Deployment string `json:"deployment,omitempty"`
	// Timeout bounds each request; default 75s.
	Timeout caddy.Duration `json:"timeout,omitempty"`
	// Headers are added to every request to the site.
	Headers map[string]string `json:"headers,omitempty"`
	// PassthroughHeaders name headers of the MCP request copied to every
	// call to the site (JIRA_PASSTHROUGH_HEADERS), replacing Headers of
	// the same name.
	PassthroughHeaders []string `json:"passthrough_headers,omitempty"`
	// ProjectsFilter (Jira) and SpacesFilter (Confluence) allow-list keys.
	ProjectsFilter []string `json:"projects_filter,omitempty"`
	SpacesFilter   []string `json:"spaces_filter,omitempty"`
	// InternalOnlyProjects (Jira) are the projects whose customer requests
	// take internal notes only (JIRA_INTERNAL_ONLY_PROJECTS).
	InternalOnlyProjects []string `json:"internal_only_projects,omitempty"`
	// SLA (Jira) is the working-time calendar of jira_get_issue_sla.
	SLA *SLA `json:"sla,omitempty"`
	// Proxy settings; empty means none unless the environment sets them.
	HTTPProxy  string `json:"http_proxy,omitempty"`
	HTTPSProxy string `json:"https_proxy,omitempty"`
	NoProxy    string `json:"no_proxy,omitempty"`
	// TLS are reverse_proxy's TLS client settings.
	TLS *reverseproxy.TLSConfig `json:"tls,omitempty"`

	// MaxResponseSize caps one answer in bytes (default 32 MiB).
	MaxResponseSize int64 `json:"max_response_size,omitempty"`
	// Retry, RateLimit and CircuitBreaker shape calls to the site; see
	// transport.go.
	Retry          *RetryConfig          `json:"retry,omitempty"`
	RateLimit      *RateLimitConfig      `json:"rate_limit,omitempty"`
	CircuitBreaker *CircuitBreakerConfig `json:"circuit_breaker,omitempty"`
}

// resolve replaces placeholders in every string field.
func (s *Site) resolve(repl *caddy.Replacer) {
	for _, f := range []*string{&s.URL, &s.Username, &s.APIToken, &s.PersonalToken, &s.Deployment, &s.HTTPProxy, &s.HTTPSProxy, &s.NoProxy} {
		*f = strings.TrimSpace(repl.ReplaceKnown(*f, ""))
	}
	for k, v := range s.Headers {
		s.Headers[k] = repl.ReplaceKnown(v, "")
	}
	for i, v := range s.ProjectsFilter {
		s.ProjectsFilter[i] = repl.ReplaceKnown(v, "")
	}
	for i, v := range s.SpacesFilter {
		s.SpacesFilter[i] = repl.ReplaceKnown(v, "")
	}
	for i, v := range s.InternalOnlyProjects {
		s.InternalOnlyProjects[i] = repl.ReplaceKnown(v, "")
	}
	if s.SLA != nil {
		for _, f := range []*string{&s.SLA.WorkingHoursStart, &s.SLA.WorkingHoursEnd, &s.SLA.Timezone} {
			*f = strings.TrimSpace(repl.ReplaceKnown(*f, ""))
		}
		for i, v := range s.SLA.Metrics {
			s.SLA.Metrics[i] = repl.ReplaceKnown(v, "")
		}
	}
	if s.TLS != nil {
		s.TLS.ClientCertificateFile = repl.ReplaceKnown(s.TLS.ClientCertificateFile, "")
		s.TLS.ClientCertificateKeyFile = repl.ReplaceKnown(s.TLS.ClientCertificateKeyFile, "")
		s.TLS.ServerName = repl.ReplaceKnown(s.TLS.ServerName, "")
	}
}

func (s *Site) hasCredentials() bool {
	return s.Username != "" || s.APIToken != "" || s.PersonalToken != "" ||
		(s.TLS != nil && s.TLS.ClientCertificateFile != "")
}

// build validates the site and makes its pooled client and credentials.
// It returns (nil, nil) when the site has no URL.
func (s *Site) build(ctx caddy.Context, product atlassian.Product, headerPolicy atlassian.TargetPolicy, logger *zap.Logger) (*mcphandler.Product, error) {
	name := product.Title()
	envPrefix := strings.ToUpper(string(product)) + "_"
	if s.URL == "" {
		return nil, nil
	}
	u, err := url.Parse(s.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%s url %q must be an absolute http(s) URL (set it in the %s block or %sURL)", name, s.URL, strings.ToLower(name), envPrefix)
	}
	if u.User != nil {
		return nil, fmt.Errorf("%s url must not carry credentials: use username/api_token or personal_token", name)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawQuery, u.Fragment = "", ""
	deployment := atlassian.DetectDeployment(u.String())
	if s.Deployment != "" {
		d, ok := atlassian.ParseDeployment(s.Deployment)
		if !ok {
			return nil, fmt.Errorf("%s deployment %q must be cloud or server", name, s.Deployment)
		}
		deployment = d
	}
	if product == atlassian.Confluence && deployment == atlassian.Cloud && !strings.HasSuffix(u.Path, "/wiki") && !strings.Contains(u.Path, "/ex/confluence/") {
		u.Path += "/wiki" // Confluence Cloud lives under /wiki
	}

	creds, certAuth, err := s.credentials(name, envPrefix, deployment)
	if err != nil {
		return nil, err
	}

	var tlsCfg *tls.Config
	var handshake time.Duration
	if s.TLS != nil {
		if tlsCfg, err = s.TLS.MakeTLSClientConfig(ctx); err != nil {
			return nil, fmt.Errorf("%s TLS settings: %w", name, err)
		}
		handshake = time.Duration(s.TLS.HandshakeTimeout)
		if s.TLS.InsecureSkipVerify {
			logger.Warn("TLS certificate verification is OFF for "+name+": any certificate is accepted, so traffic can be intercepted; use tls_trust_pool with the site's CA instead",
				zap.String("product", string(product)), zap.String("host", u.Host))
		}
	}
	header := make(map[string][]string, len(s.Headers))
	for k, v := range s.Headers {
		header[http.CanonicalHeaderKey(k)] = []string{v}
	}
	site := &atlassian.Site{
		Product:    product,
		Deployment: deployment,
		BaseURL:    u,
		Header:     header,
		HTTP: atlassian.NewHTTPClient(s.transportOptions(atlassian.TransportOptions{
			TLS: tlsCfg, HandshakeTimeout: handshake, Timeout: time.Duration(s.Timeout),
			Proxy: atlassian.ProxyConfig{HTTPProxy: s.HTTPProxy, HTTPSProxy: s.HTTPSProxy, NoProxy: s.NoProxy},
		})),
	}
	filter := s.ProjectsFilter
	if product == atlassian.Confluence {
		filter = s.SpacesFilter
	}
	p := &mcphandler.Product{Site: site, Credentials: creds, CertAuth: certAuth, Filter: cleanKeys(filter), Passthrough: cleanKeys(s.PassthroughHeaders)}
	if product == atlassian.Jira {
		p.InternalOnly = cleanKeys(s.InternalOnlyProjects)
		if p.SLA, err = s.SLA.config(); err != nil {
			return nil, err
		}
	}
	if certAuth && tlsCfg != nil {
		// The client certificate is this server's identity; calls made with
		// a request's own credentials must not present it. (A certificate
		// next to a token or password is transport-level and stays.)
		userTLS := tlsCfg.Clone()
		userTLS.Certificates, userTLS.GetClientCertificate = nil, nil
		user := *site
		user.HTTP = atlassian.NewHTTPClient(s.transportOptions(atlassian.TransportOptions{
			TLS: userTLS, HandshakeTimeout: handshake, Timeout: time.Duration(s.Timeout),
			Proxy: atlassian.ProxyConfig{HTTPProxy: s.HTTPProxy, HTTPSProxy: s.HTTPSProxy, NoProxy: s.NoProxy},
		}))
		p.UserSite = &user
	}
	// Sites named in request headers are reached with this site's TLS and
	// proxy settings, never its client certificate, and only at addresses
	// the header URL policy allows.
	headerTLS := tlsCfg
	if tlsCfg != nil && (len(tlsCfg.Certificates) > 0 || tlsCfg.GetClientCertificate != nil) {
		headerTLS = tlsCfg.Clone()
		headerTLS.Certificates, headerTLS.GetClientCertificate = nil, nil
	}
	guard := headerPolicy
	p.HeaderHTTP = atlassian.NewHTTPClient(s.transportOptions(atlassian.TransportOptions{
		TLS: headerTLS, HandshakeTimeout: handshake, Timeout: time.Duration(s.Timeout),
		Proxy: atlassian.ProxyConfig{HTTPProxy: s.HTTPProxy, HTTPSProxy: s.HTTPSProxy, NoProxy: s.NoProxy},
		Guard: &guard,
	}))
	return p, nil
}

// credentials picks the auth method as mcp-atlassian does: Cloud takes
// email + API token; Server/DC takes a PAT, else username + password, else
// the TLS client certificate alone. Incomplete combinations are errors
// naming what is missing.
func (s *Site) credentials(name, envPrefix string, d atlassian.Deployment) (atlassian.Credentials, bool, error) {
	hasCert := s.TLS != nil && s.TLS.ClientCertificateFile != ""
	if s.Username != "" && s.APIToken == "" {
		return atlassian.Credentials{}, false, fmt.Errorf("%s username is set but api_token (%sAPI_TOKEN) is missing", name, envPrefix)
	}
	if s.APIToken != "" && s.Username == "" {
		return atlassian.Credentials{}, false, fmt.Errorf("%s api_token is set but username (%sUSERNAME) is missing", name, envPrefix)
	}
	if d == atlassian.Cloud {
		if s.Username != "" {
			return atlassian.Basic(s.Username, s.APIToken), false, nil
		}
		if s.PersonalToken != "" {
			return atlassian.Credentials{}, false, fmt.Errorf("%s Cloud does not accept personal access tokens: set username (%sUSERNAME, the account email) and api_token (%sAPI_TOKEN), or set deployment server if this is a Server/Data Center site", name, envPrefix, envPrefix)
		}
		return atlassian.Credentials{}, false, nil
	}
	switch {
	case s.PersonalToken != "":
		return atlassian.Bearer(s.PersonalToken), false, nil
	case s.Username != "":
		return atlassian.Basic(s.Username, s.APIToken), false, nil
	case hasCert:
		if s.TLS.ClientCertificateKeyFile == "" {
			return atlassian.Credentials{}, false, fmt.Errorf("%s client certificate is set but its key file (%sCLIENT_KEY) is missing", name, envPrefix)
		}
		return atlassian.Credentials{}, true, nil
	}
	return atlassian.Credentials{}, false, nil
}

func cleanKeys(in []string) []string {
	var out []string
	for _, s := range in {
		out = append(out, mcphandler.SplitList(s)...)
	}
	return out
}
