package caddymodule

import (
	"fmt"
	"github.com/dustin/go-humanize"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp/reverseproxy"
)

// The environment is read the way mcp-atlassian reads it, so existing
// deployments keep working when they move to Caddy. Values written in the
// Caddyfile or JSON win; the environment fills what they leave empty.

// lookupEnv is os.LookupEnv, replaceable in tests.
var lookupEnv = os.LookupEnv

func getenv(name string) string {
	v, _ := lookupEnv(name)
	return strings.TrimSpace(v)
}

// envTruthy is mcp-atlassian's is_env_truthy (true|1|yes); extended adds
// y|on as READ_ONLY_MODE accepts.
func envBool(name string, extended bool) (value, set bool) {
	raw, ok := lookupEnv(name)
	if !ok || strings.TrimSpace(raw) == "" {
		return false, false
	}
	switch strings.ToLower(strings.TrimSpace(raw)) {
	case "true", "1", "yes":
		return true, true
	case "y", "on":
		return extended, true
	}
	return false, true
}

// mergeEnv fills the site from PREFIX_* variables. A missing site is
// created when PREFIX_URL is set.
func mergeSiteEnv(s *Site, prefix string) (*Site, error) {
	if s == nil {
		if getenv(prefix+"URL") == "" {
			return nil, nil
		}
		s = &Site{}
	}
	if s.URL == "" {
		s.URL = getenv(prefix + "URL")
	}
	// Credentials are taken as a unit: if the config gave any, none come
	// from the environment, so the two are never mixed.
	if !s.hasCredentials() {
		s.Username = getenv(prefix + "USERNAME")
		s.APIToken = getenv(prefix + "API_TOKEN")
		s.PersonalToken = getenv(prefix + "PERSONAL_TOKEN")
		if cert := getenv(prefix + "CLIENT_CERT"); cert != "" {
			if s.TLS == nil {
				s.TLS = &reverseproxy.TLSConfig{}
			}
			s.TLS.ClientCertificateFile = cert
			s.TLS.ClientCertificateKeyFile = getenv(prefix + "CLIENT_KEY")
			if s.TLS.ClientCertificateKeyFile == "" {
				// mcp-atlassian accepts a combined PEM holding both.
				s.TLS.ClientCertificateKeyFile = cert
			}
		}
	}
	if getenv(prefix+"CLIENT_KEY_PASSWORD") != "" {
		return nil, fmt.Errorf("%sCLIENT_KEY_PASSWORD is set, but encrypted client keys are not supported: decrypt the key file", prefix)
	}
	if raw := getenv(prefix + "SSL_VERIFY"); raw != "" {
		switch strings.ToLower(raw) {
		case "false", "0", "no":
			if s.TLS == nil {
				s.TLS = &reverseproxy.TLSConfig{}
			}
			s.TLS.InsecureSkipVerify = true
		}
	}
	if s.Timeout == 0 {
		if raw := getenv(prefix + "TIMEOUT"); raw != "" {
			secs, err := strconv.Atoi(raw)
			if err != nil || secs <= 0 {
				return nil, fmt.Errorf("%sTIMEOUT=%q must be a positive number of seconds", prefix, raw)
			}
			s.Timeout = caddy.Duration(time.Duration(secs) * time.Second)
		}
	}
	if raw := getenv(prefix + "CUSTOM_HEADERS"); raw != "" {
		headers, err := parseCustomHeaders(raw)
		if err != nil {
			return nil, fmt.Errorf("%sCUSTOM_HEADERS: %w", prefix, err)
		}
		if s.Headers == nil {
			s.Headers = map[string]string{}
		}
		for k, v := range headers {
			if _, ok := s.Headers[k]; !ok {
				s.Headers[k] = v
			}
		}
	}
	if prefix == "JIRA_" && len(s.ProjectsFilter) == 0 {
		s.ProjectsFilter = splitEnv(prefix + "PROJECTS_FILTER")
	}
	if prefix == "JIRA_" && s.SLA == nil {
		sla, err := slaFromEnv()
		if err != nil {
			return nil, err
		}
		s.SLA = sla
	}
	if prefix == "JIRA_" && len(s.InternalOnlyProjects) == 0 {
		s.InternalOnlyProjects = splitEnv("JIRA_INTERNAL_ONLY_PROJECTS")
	}
	if prefix == "CONFLUENCE_" && len(s.SpacesFilter) == 0 {
		s.SpacesFilter = splitEnv(prefix + "SPACES_FILTER")
	}
	// Per-product proxy variables win over the global ones, even when set
	// to empty; SOCKS_PROXY covers both schemes when nothing else does.
	proxy := func(name string) string {
		if v, ok := lookupEnv(prefix + name); ok {
			return strings.TrimSpace(v)
		}
		if v := getenv(name); v != "" {
			return v
		}
		return getenv(strings.ToLower(name))
	}
	socks := proxy("SOCKS_PROXY")
	if s.HTTPProxy == "" {
		s.HTTPProxy = proxy("HTTP_PROXY")
		if s.HTTPProxy == "" {
			s.HTTPProxy = socks
		}
	}
	if s.HTTPSProxy == "" {
		s.HTTPSProxy = proxy("HTTPS_PROXY")
		if s.HTTPSProxy == "" {
			s.HTTPSProxy = socks
		}
	}
	if s.NoProxy == "" {
		s.NoProxy = proxy("NO_PROXY")
	}
	if len(s.PassthroughHeaders) == 0 {
		s.PassthroughHeaders = splitEnv(prefix + "PASSTHROUGH_HEADERS")
	}
	if err := s.mergeTransportEnv(); err != nil {
		return nil, err
	}
	return s, nil
}

// parseCustomHeaders reads K=V,K2=V2.
func parseCustomHeaders(raw string) (map[string]string, error) {
	out := map[string]string{}
	for _, pair := range strings.Split(raw, ",") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		k, v, ok := strings.Cut(pair, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, fmt.Errorf("%q is not Name=Value", pair)
		}
		out[k] = strings.TrimSpace(v)
	}
	return out, nil
}

func splitEnv(name string) []string {
	raw := getenv(name)
	if raw == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(raw, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// mergeHandlerEnv fills the handler-wide settings from the environment.
func (h *Handler) mergeEnv() error {
	var err error
	if h.Jira, err = mergeSiteEnv(h.Jira, "JIRA_"); err != nil {
		return err
	}
	if h.Confluence, err = mergeSiteEnv(h.Confluence, "CONFLUENCE_"); err != nil {
		return err
	}
	if h.ReadOnly == nil {
		if v, set := envBool("READ_ONLY_MODE", true); set {
			h.ReadOnly = &v
		}
	}
	if len(h.EnabledTools) == 0 {
		h.EnabledTools = splitEnv("ENABLED_TOOLS")
	}
	if len(h.Toolsets) == 0 {
		h.Toolsets = splitEnv("TOOLSETS")
	}
	if h.AllowGlobalCredentials == nil {
		if v, set := envBool("ALLOW_GLOBAL_CRED_FALLBACK", false); set {
			h.AllowGlobalCredentials = &v
		}
	}
	if len(h.AllowedURLHosts) == 0 {
		h.AllowedURLHosts = splitEnv("MCP_ALLOWED_URL_DOMAINS")
	}
	if h.IgnoreHeaderAuth == nil {
		if v, set := envBool("IGNORE_HEADER_AUTH", false); set {
			h.IgnoreHeaderAuth = &v
		}
	}
	if h.ExternalAuth == nil {
		if v, set := envBool("ATLASSIAN_EXTERNAL_AUTH_ENABLE", false); set {
			h.ExternalAuth = &v
		}
	}
	if h.AllowPrivateURLTargets == nil {
		if v, set := envBool("MCP_ATLASSIAN_HEADER_URL_ALLOW_PRIVATE", true); set {
			h.AllowPrivateURLTargets = &v
		}
	}
	if len(h.AllowedURLPorts) == 0 {
		for _, raw := range splitEnv("MCP_ATLASSIAN_HEADER_URL_PORTS") {
			port, err := strconv.Atoi(raw)
			if err != nil || port < 1 || port > 65535 {
				return fmt.Errorf("MCP_ATLASSIAN_HEADER_URL_PORTS: %q is not a port", raw)
			}
			h.AllowedURLPorts = append(h.AllowedURLPorts, port)
		}
	}
	for _, v := range []struct {
		name string
		dst  *int
	}{{"ATLASSIAN_MAX_PAGINATION_LIMIT", &h.MaxPaginationLimit}, {"ATLASSIAN_MAX_CONCURRENT_REQUESTS", &h.MaxConcurrentRequests}} {
		if raw := getenv(v.name); raw != "" && *v.dst == 0 {
			n, err := strconv.Atoi(raw)
			if err != nil || n < 0 {
				return fmt.Errorf("%s=%q is not a whole number", v.name, raw)
			}
			*v.dst = n
		}
	}
	if h.ResponseMemoryBudget == 0 {
		if raw := getenv("ATLASSIAN_RESPONSE_MEMORY_BUDGET"); raw != "" {
			n, err := humanize.ParseBytes(raw)
			if err != nil || n == 0 {
				return fmt.Errorf("ATLASSIAN_RESPONSE_MEMORY_BUDGET=%q is not a size such as 64MiB", raw)
			}
			h.ResponseMemoryBudget = int64(n)
		}
	}
	if h.CloudID == "" {
		h.CloudID = getenv("ATLASSIAN_OAUTH_CLOUD_ID")
	}
	if h.IssueKeyPattern == "" {
		h.IssueKeyPattern = getenv("JIRA_ISSUE_KEY_PATTERN")
	}
	if h.ProjectKeyPattern == "" {
		h.ProjectKeyPattern = getenv("JIRA_PROJECT_KEY_PATTERN")
	}
	return nil
}
