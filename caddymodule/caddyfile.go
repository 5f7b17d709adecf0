package caddymodule

import (
	"github.com/dustin/go-humanize"
	"strconv"
	"strings"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	"github.com/caddyserver/caddy/v2/caddyconfig/httpcaddyfile"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp/reverseproxy"
	"github.com/caddyserver/caddy/v2/modules/caddytls"
)

func init() {
	httpcaddyfile.RegisterHandlerDirective("mcp_atlassian", parseCaddyfile)
	// Before respond, so a catch-all "respond 404" in the same site does not
	// shadow it; after the auth directives, so they run first.
	httpcaddyfile.RegisterDirectiveOrder("mcp_atlassian", httpcaddyfile.Before, "respond")
}

func parseCaddyfile(h httpcaddyfile.Helper) (caddyhttp.MiddlewareHandler, error) {
	m := new(Handler)
	err := m.UnmarshalCaddyfile(h.Dispenser)
	return m, err
}

// UnmarshalCaddyfile sets up the handler from Caddyfile tokens. Syntax:
//
//	mcp_atlassian [<matcher>] {
//		jira [<url>] {
//			url             <url>
//			username        <email or username>
//			api_token       <Cloud API token or Server/DC password>
//			personal_token  <Server/DC personal access token>
//			deployment      cloud|server
//			timeout         <duration>
//			header          <name> <value>
//			projects_filter <key...>
//			internal_only_projects <key...>
//			http_proxy      <url>
//			https_proxy     <url>
//			no_proxy        <hosts>
//			tls_insecure_skip_verify
//			tls_trust_pool  <module> ...
//			tls_client_auth <cert_file> <key_file>
//			tls_server_name <name>
//			tls_timeout     <duration>
//			passthrough_headers <name...>
//			sla {                        # jira only
//				metrics            <metric...>
//				working_hours_only
//				working_hours      <HH:MM> <HH:MM>
//				working_days       <1-7...>
//				timezone           <zone>
//			}
//			max_response_size <size>
//			retry [<attempts>] {
//				attempts <n>
//				backoff  <duration>
//				max_wait <duration>
//				ignore_retry_after
//				include_writes
//			}
//			rate_limit      <per_second> [<burst>]
//			circuit_breaker <threshold> [<cooldown>]
//		}
//		confluence [<url>] {
//			# the same subdirectives, with spaces_filter instead of projects_filter
//		}
//		read_only                [true|false]
//		enabled_tools            <name...>
//		toolsets                 <name...>
//		allow_global_credentials [true|false]
//		allowed_url_hosts        <host...>
//		allow_private_url_targets [true|false]
//		ignore_header_auth       [true|false]
//		external_auth            [true|false]
//		allowed_url_ports        <port...>
//		response_memory_budget   <size>
//		max_pagination_limit     <n>
//		max_concurrent_requests  <n>
//		cloud_id                 <id>
//		gateway_url              <url>
//		issue_key_pattern        <regexp>
//		project_key_pattern      <regexp>
//		stateful
//		session_timeout          <duration>
//		json_response
//		disable_localhost_protection
//		sandbox                  <url> [cloud|server]
//		oauth {
//			# see unmarshalOAuth (oauth_caddyfile.go)
//		}
//	}
//
// Secrets should be written as {env.NAME} or {file.PATH} placeholders: they
// are resolved when the config loads and never stored in the JSON. Anything
// not set here is taken from mcp-atlassian's environment variables.
func (h *Handler) UnmarshalCaddyfile(d *caddyfile.Dispenser) error {
	d.Next() // directive name
	if d.NextArg() {
		return d.ArgErr()
	}
	for d.NextBlock(0) {
		switch name := d.Val(); name {
		case "jira", "confluence":
			site := new(Site)
			if err := site.unmarshal(d, name); err != nil {
				return err
			}
			if name == "jira" {
				if h.Jira != nil {
					return d.Err("jira configured twice")
				}
				h.Jira = site
			} else {
				if h.Confluence != nil {
					return d.Err("confluence configured twice")
				}
				h.Confluence = site
			}
		case "oauth":
			if err := h.unmarshalOAuth(d); err != nil {
				return err
			}
		case "read_only":
			v, err := optionalBool(d)
			if err != nil {
				return err
			}
			h.ReadOnly = &v
		case "allow_global_credentials":
			v, err := optionalBool(d)
			if err != nil {
				return err
			}
			h.AllowGlobalCredentials = &v
		case "enabled_tools":
			if h.EnabledTools = listArgs(d); len(h.EnabledTools) == 0 {
				return d.ArgErr()
			}
		case "toolsets":
			if h.Toolsets = listArgs(d); len(h.Toolsets) == 0 {
				return d.ArgErr()
			}
		case "allowed_url_hosts":
			if h.AllowedURLHosts = listArgs(d); len(h.AllowedURLHosts) == 0 {
				return d.ArgErr()
			}
		case "ignore_header_auth":
			v, err := optionalBool(d)
			if err != nil {
				return err
			}
			h.IgnoreHeaderAuth = &v
		case "external_auth":
			v, err := optionalBool(d)
			if err != nil {
				return err
			}
			h.ExternalAuth = &v
		case "allow_private_url_targets":
			v, err := optionalBool(d)
			if err != nil {
				return err
			}
			h.AllowPrivateURLTargets = &v
		case "allowed_url_ports":
			for _, a := range listArgs(d) {
				port, err := strconv.Atoi(a)
				if err != nil || port < 1 || port > 65535 {
					return d.Errf("allowed_url_ports: %q is not a port", a)
				}
				h.AllowedURLPorts = append(h.AllowedURLPorts, port)
			}
			if len(h.AllowedURLPorts) == 0 {
				return d.ArgErr()
			}
		case "max_pagination_limit", "max_concurrent_requests":
			var raw string
			if err := oneArg(d, &raw); err != nil {
				return err
			}
			n, err := strconv.Atoi(raw)
			if err != nil || n < 0 {
				return d.Errf("%s %q must be a whole number", name, raw)
			}
			if name == "max_pagination_limit" {
				h.MaxPaginationLimit = n
			} else {
				h.MaxConcurrentRequests = n
			}
		case "response_memory_budget":
			var raw string
			if err := oneArg(d, &raw); err != nil {
				return err
			}
			n, err := humanize.ParseBytes(raw)
			if err != nil || n == 0 {
				return d.Errf("response_memory_budget %q is not a size such as 64MiB", raw)
			}
			h.ResponseMemoryBudget = int64(n)
		case "cloud_id":
			if err := oneArg(d, &h.CloudID); err != nil {
				return err
			}
		case "gateway_url":
			if err := oneArg(d, &h.GatewayURL); err != nil {
				return err
			}
		case "issue_key_pattern":
			if err := oneArg(d, &h.IssueKeyPattern); err != nil {
				return err
			}
		case "project_key_pattern":
			if err := oneArg(d, &h.ProjectKeyPattern); err != nil {
				return err
			}
		case "stateful":
			if d.NextArg() {
				return d.ArgErr()
			}
			h.Stateful = true
		case "session_timeout":
			if err := durationArg(d, &h.SessionTimeout); err != nil {
				return err
			}
		case "json_response":
			if d.NextArg() {
				return d.ArgErr()
			}
			h.JSONResponse = true
		case "disable_localhost_protection":
			if d.NextArg() {
				return d.ArgErr()
			}
			h.DisableLocalhostProtection = true
		case "sandbox":
			args := d.RemainingArgs()
			if len(args) < 1 || len(args) > 2 {
				return d.ArgErr()
			}
			h.Sandbox = &SandboxFallback{URL: args[0]}
			if len(args) == 2 {
				h.Sandbox.Deployment = args[1]
			}
		default:
			return d.Errf("unrecognized mcp_atlassian subdirective %q", name)
		}
	}
	return nil
}

// unmarshal reads a jira or confluence block.
func (s *Site) unmarshal(d *caddyfile.Dispenser, product string) error {
	if d.NextArg() {
		s.URL = d.Val()
	}
	if d.NextArg() {
		return d.ArgErr()
	}
	for nesting := d.Nesting(); d.NextBlock(nesting); {
		switch name := d.Val(); name {
		case "url":
			if err := oneArg(d, &s.URL); err != nil {
				return err
			}
		case "username":
			if err := oneArg(d, &s.Username); err != nil {
				return err
			}
		case "api_token":
			if err := oneArg(d, &s.APIToken); err != nil {
				return err
			}
		case "personal_token":
			if err := oneArg(d, &s.PersonalToken); err != nil {
				return err
			}
		case "deployment":
			if err := oneArg(d, &s.Deployment); err != nil {
				return err
			}
			if s.Deployment != "cloud" && s.Deployment != "server" {
				return d.Errf("deployment must be cloud or server, not %q", s.Deployment)
			}
		case "timeout":
			if err := durationArg(d, &s.Timeout); err != nil {
				return err
			}
		case "header":
			args := d.RemainingArgs()
			if len(args) != 2 {
				return d.ArgErr()
			}
			if s.Headers == nil {
				s.Headers = map[string]string{}
			}
			s.Headers[args[0]] = args[1]
		case "projects_filter", "spaces_filter":
			if (name == "projects_filter") != (product == "jira") {
				return d.Errf("%s belongs in the %s block", name, map[string]string{"projects_filter": "jira", "spaces_filter": "confluence"}[name])
			}
			keys := listArgs(d)
			if len(keys) == 0 {
				return d.ArgErr()
			}
			if product == "jira" {
				s.ProjectsFilter = keys
			} else {
				s.SpacesFilter = keys
			}
		case "internal_only_projects":
			if product != "jira" {
				return d.Errf("internal_only_projects belongs in the jira block")
			}
			if s.InternalOnlyProjects = listArgs(d); len(s.InternalOnlyProjects) == 0 {
				return d.ArgErr()
			}
		case "sla":
			if product != "jira" {
				return d.Errf("sla belongs in the jira block")
			}
			s.SLA = &SLA{}
			if err := s.SLA.unmarshal(d); err != nil {
				return err
			}
		case "http_proxy":
			if err := oneArg(d, &s.HTTPProxy); err != nil {
				return err
			}
		case "https_proxy":
			if err := oneArg(d, &s.HTTPSProxy); err != nil {
				return err
			}
		case "no_proxy":
			if err := oneArg(d, &s.NoProxy); err != nil {
				return err
			}
		case "tls_insecure_skip_verify":
			if d.NextArg() {
				return d.ArgErr()
			}
			s.tls().InsecureSkipVerify = true
		case "tls_trust_pool":
			if !d.NextArg() {
				return d.ArgErr()
			}
			modStem := d.Val()
			modID := "tls.ca_pool.source." + modStem
			unm, err := caddyfile.UnmarshalModule(d, modID)
			if err != nil {
				return err
			}
			ca, ok := unm.(caddytls.CA)
			if !ok {
				return d.Errf("module %s is not a caddytls.CA", modID)
			}
			if s.tls().CARaw != nil {
				return d.Err("tls_trust_pool given twice")
			}
			s.tls().CARaw = caddyconfig.JSONModuleObject(ca, "provider", modStem, nil)
		case "passthrough_headers":
			if s.PassthroughHeaders = listArgs(d); len(s.PassthroughHeaders) == 0 {
				return d.ArgErr()
			}
		case "tls_client_auth":
			args := d.RemainingArgs()
			if len(args) != 2 {
				return d.Errf("tls_client_auth takes a certificate file and a key file")
			}
			s.tls().ClientCertificateFile, s.tls().ClientCertificateKeyFile = args[0], args[1]
		case "tls_server_name":
			if err := oneArg(d, &s.tls().ServerName); err != nil {
				return err
			}
		case "tls_timeout":
			if err := durationArg(d, &s.tls().HandshakeTimeout); err != nil {
				return err
			}
		default:
			if ok, err := s.unmarshalTransport(d, name); ok {
				if err != nil {
					return err
				}
				continue
			}
			return d.Errf("unrecognized %s subdirective %q", product, name)
		}
	}
	return nil
}

func (s *Site) tls() *reverseproxy.TLSConfig {
	if s.TLS == nil {
		s.TLS = new(reverseproxy.TLSConfig)
	}
	return s.TLS
}

func oneArg(d *caddyfile.Dispenser, dst *string) error {
	if !d.NextArg() {
		return d.ArgErr()
	}
	*dst = d.Val()
	if d.NextArg() {
		return d.ArgErr()
	}
	return nil
}

func durationArg(d *caddyfile.Dispenser, dst *caddy.Duration) error {
	var raw string
	if err := oneArg(d, &raw); err != nil {
		return err
	}
	dur, err := caddy.ParseDuration(raw)
	if err != nil {
		return d.Errf("bad duration %q: %v", raw, err)
	}
	*dst = caddy.Duration(dur)
	return nil
}

// optionalBool reads "flag" (true) or "flag true|false".
func optionalBool(d *caddyfile.Dispenser) (bool, error) {
	if !d.NextArg() {
		return true, nil
	}
	v, err := strconv.ParseBool(d.Val())
	if err != nil {
		return false, d.Errf("expected true or false, got %q", d.Val())
	}
	if d.NextArg() {
		return false, d.ArgErr()
	}
	return v, nil
}

// listArgs reads the remaining arguments, also splitting commas so both
// "a b" and "a,b" work.
func listArgs(d *caddyfile.Dispenser) []string {
	var out []string
	for _, a := range d.RemainingArgs() {
		for _, p := range strings.Split(a, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// Interface guard.
var _ caddyfile.Unmarshaler = (*Handler)(nil)
