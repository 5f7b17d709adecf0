package mcphandler

import (
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/jiratools"
	"net/http"
	"net/url"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"go.uber.org/zap"
)

// Options configure a Handler. They are resolved once, at provision time.
type Options struct {
	Jira       *Product // nil: Jira is not configured
	Confluence *Product // nil: Confluence is not configured

	ReadOnly     bool
	EnabledTools []string // empty: all
	Toolsets     []string // empty: all; "all", "default" and names

	// AllowGlobalCredentials lets a request that brings no credentials of its
	// own use the configured ones (single-user setups). A request that brings
	// credentials never uses the configured ones.
	AllowGlobalCredentials bool
	// AllowedURLHosts are the host names X-Atlassian-*-Url headers may
	// name: an entry admits its host and subdomains, "=host" exactly it.
	AllowedURLHosts []string
	// IgnoreHeaderAuth skips the Authorization header (IGNORE_HEADER_AUTH),
	// for platforms (Cloud Run, load balancers) that put their own there.
	IgnoreHeaderAuth bool
	// ExternalAuth serves requests without credentials of their own with
	// no Authorization header at all (ATLASSIAN_EXTERNAL_AUTH_ENABLE): a
	// gateway in front injects the user's session through passthrough
	// headers. A header URL may then come without a personal token.
	ExternalAuth bool
	// HeaderURLPolicy restricts the addresses header-named sites may
	// resolve to: by default only public ones (no loopback, private or
	// link-local targets), on any port.
	HeaderURLPolicy atlassian.TargetPolicy
	// GatewayURL is the Atlassian API gateway for OAuth tokens
	// (https://api.atlassian.com unless testing).
	GatewayURL *url.URL
	// DefaultCloudID is used for OAuth bearer tokens when the request names
	// no X-Atlassian-Cloud-Id.
	DefaultCloudID string

	Stateful                   bool
	SessionTimeout             time.Duration
	JSONResponse               bool
	DisableLocalhostProtection bool

	// MaxPaginationLimit, when positive, clamps every tool's limit
	// argument (ATLASSIAN_MAX_PAGINATION_LIMIT).
	MaxPaginationLimit int

	// IssueKeyPattern and ProjectKeyPattern validate tool arguments;
	// empty means mcp-atlassian's defaults.
	IssueKeyPattern   string
	ProjectKeyPattern string

	Logger  *zap.Logger
	Version string
	// OnToolCall, when set, is told about every tool call (metrics).
	OnToolCall func(ToolCall)

	// OAuth is the server's own OAuth grant (or static token): requests
	// without credentials (when AllowGlobalCredentials) and in-process
	// clients reach Atlassian Cloud through the gateway with it, in
	// preference to the products' configured credentials.
	OAuth TokenProvider
	// Authorizer, when set, is the authorization server MCP clients sign
	// in with; its endpoints are served here, and its bearer tokens act as
	// the signed-in Atlassian user.
	Authorizer Authorizer
}

// ToolCall describes one finished tool call; it never carries arguments or
// credentials.
type ToolCall struct {
	Tool           string
	Product        string
	Outcome        string // "ok" or "error"
	Duration       time.Duration
	UpstreamStatus int // last Atlassian HTTP status, 0 if none
}

// Product is one configured product.
type Product struct {
	Site *atlassian.Site
	// Credentials are the configured (global) credentials; Scheme AuthNone
	// with CertAuth means the TLS client certificate authenticates.
	Credentials atlassian.Credentials
	CertAuth    bool
	// UserSite reaches the same site without the server's own TLS client
	// certificate; requests that bring their own credentials use it, so
	// that only their credentials identify them. Nil means Site.
	UserSite *atlassian.Site
	// Filter is the projects (Jira) or spaces (Confluence) allow-list.
	Filter []string
	// Passthrough names request headers copied to every call to this
	// product (JIRA_PASSTHROUGH_HEADERS), replacing static ones.
	Passthrough []string
	// HeaderHTTP reaches sites named in request headers with this
	// product's TLS and proxy settings and the HeaderURLPolicy guard; nil
	// means a guarded client with default settings.
	HeaderHTTP *http.Client
	// InternalOnly (Jira) are the projects where automation may add
	// internal notes only (JIRA_INTERNAL_ONLY_PROJECTS).
	InternalOnly []string
	// SLA (Jira) is the calendar of jira_get_issue_sla (JIRA_SLA_*).
	SLA jiratools.SLAConfig
}

// userSite is the site for calls made with a request's own credentials.
func (p *Product) userSite() *atlassian.Site {
	if p.UserSite != nil {
		return p.UserSite
	}
	return p.Site
}

// hasGlobalCredentials reports whether the configuration itself can
// authenticate to the product.
func (p *Product) hasGlobalCredentials() bool {
	return p != nil && (!p.Credentials.IsZero() || p.CertAuth)
}
