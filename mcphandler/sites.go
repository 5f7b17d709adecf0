package mcphandler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// sites resolves (identity, product) to the REST client a tool call uses.
// It is the one place that knows where credentials may take a request:
// the configured site, a header-named site, or the OAuth gateway.
//
// Adding several named sites per product or a server-side OAuth token
// source means adding a case here; tools only ever see the client.
type sites struct {
	jira, confluence *Product
	allowGlobal      bool
	externalAuth     bool
	defaultCloudID   string
	gatewayURL       *url.URL
	gateway          map[atlassian.Product]*atlassian.Site
	// headerHTTP reaches sites named in X-Atlassian-*-Url headers. Those
	// sites are made per call (a Site is a few words) and share this
	// pooled client, so distinct header URLs cost no memory.
	headerHTTP map[atlassian.Product]*http.Client
	// oauth is the server's own OAuth grant (Options.OAuth), if any.
	oauth TokenProvider
	// ownHTTP is made here (not configured) and closed with the handler;
	// ownGuarded likewise, for header-named sites of unconfigured products.
	ownHTTP, ownGuarded *http.Client
}

func newSites(o Options) *sites {
	s := &sites{
		jira: o.Jira, confluence: o.Confluence, allowGlobal: o.AllowGlobalCredentials, externalAuth: o.ExternalAuth,
		defaultCloudID: o.DefaultCloudID, gatewayURL: o.GatewayURL, oauth: o.OAuth,
		gateway:    map[atlassian.Product]*atlassian.Site{},
		headerHTTP: map[atlassian.Product]*http.Client{},
		ownHTTP:    atlassian.NewHTTPClient(atlassian.TransportOptions{}),
	}
	policy := o.HeaderURLPolicy
	s.ownGuarded = atlassian.NewHTTPClient(atlassian.TransportOptions{Guard: &policy})
	for _, p := range []atlassian.Product{atlassian.Jira, atlassian.Confluence} {
		client, header := s.ownHTTP, s.ownGuarded
		if cfg := s.product(p); cfg != nil {
			client = cfg.userSite().HTTP
			if cfg.HeaderHTTP != nil {
				header = cfg.HeaderHTTP
			}
		}
		s.gateway[p] = &atlassian.Site{Product: p, Deployment: atlassian.Cloud, BaseURL: o.GatewayURL, HTTP: client}
		s.headerHTTP[p] = header
	}
	return s
}

func (s *sites) product(p atlassian.Product) *Product {
	if p == atlassian.Confluence {
		return s.confluence
	}
	return s.jira
}

// reaches reports whether the identity can call tools of product p: the
// tools of other products are hidden from its tools/list.
func (s *sites) reaches(id *Identity, p atlassian.Product) bool {
	cfg := s.product(p)
	if id.kind == authGrant || s.serverGrant(id) {
		return true // OAuth through the gateway reaches both products
	}
	if !id.hasCredentials() {
		if s.externalAuth && !id.inProcess {
			return cfg != nil // the gateway in front authenticates
		}
		return (s.allowGlobal || id.inProcess) && cfg.hasGlobalCredentials()
	}
	if _, ok := id.productPAT[p]; ok {
		return true
	}
	switch {
	case id.kind == authBearer && (id.cloudID != "" || s.defaultCloudID != ""):
		return true // OAuth through the gateway reaches both products
	case id.kind != authNone:
		return cfg != nil
	}
	return false
}

// deployment is the dialect of the site the identity reaches for product
// p; tools marked CloudOnly are hidden from Server/DC sites, as in
// mcp-atlassian.
func (s *sites) deployment(id *Identity, p atlassian.Product) atlassian.Deployment {
	if pat, ok := id.productPAT[p]; ok {
		return atlassian.DetectDeployment(pat.url.String())
	}
	cfg := s.product(p)
	if id.kind == authGrant || s.serverGrant(id) {
		return atlassian.Cloud
	}
	if id.kind == authBearer && (id.cloudID != "" || (s.defaultCloudID != "" && (cfg == nil || cfg.Site.Deployment == atlassian.Cloud))) {
		return atlassian.Cloud
	}
	if cfg != nil {
		return cfg.Site.Deployment
	}
	return atlassian.Cloud
}

// visible reports whether a tool is shown to an identity: its product is
// reachable, and a Cloud-only tool only on Cloud.
func (s *sites) visible(id *Identity, spec tool.Spec) bool {
	if !s.reaches(id, spec.Product) {
		return false
	}
	return !spec.CloudOnly || s.deployment(id, spec.Product) == atlassian.Cloud
}

// client builds the REST client for one tool call.
func (s *sites) client(ctx context.Context, id *Identity, p atlassian.Product) (*atlassian.Client, error) {
	cfg := s.product(p)
	if id.kind == authGrant {
		return s.grantClient(ctx, id, p, id.grant)
	}
	if s.serverGrant(id) {
		return s.grantClient(ctx, id, p, s.oauth) // OAuth wins over basic, as in mcp-atlassian
	}
	if pat, ok := id.productPAT[p]; ok {
		creds := atlassian.Bearer(pat.token)
		if pat.token == "" { // external auth: the gateway's headers authenticate
			creds = atlassian.Credentials{}
		}
		return s.headerSite(p, pat.url).Client(creds), nil
	}
	switch id.kind {
	case authBasic:
		if cfg == nil {
			return nil, notConfigured(p)
		}
		return cfg.userSite().Client(atlassian.Basic(id.username, id.secret)), nil
	case authToken:
		if cfg == nil {
			return nil, notConfigured(p)
		}
		return cfg.userSite().Client(atlassian.Bearer(id.secret)), nil
	case authBearer:
		cloudID := id.cloudID
		if cloudID == "" && (cfg == nil || cfg.Site.Deployment == atlassian.Cloud) {
			cloudID = s.defaultCloudID
		}
		if cloudID != "" {
			return s.gateway[p].ClientAt(s.gatewayBase(p, cloudID), atlassian.Bearer(id.secret)), nil
		}
		if cfg == nil {
			return nil, notConfigured(p)
		}
		if cfg.Site.Deployment == atlassian.Cloud {
			return nil, fmt.Errorf("a Bearer token for %s Cloud is an OAuth access token and needs the %s header naming the site's cloud id (Cloud API tokens go in Authorization: Basic base64(email:token))", p.Title(), HeaderCloudID)
		}
		return cfg.userSite().Client(atlassian.Bearer(id.secret)), nil
	}
	if len(id.productPAT) > 0 {
		return nil, fmt.Errorf("this request brought credentials for another product only; send %s headers too", p.Title())
	}
	if s.externalAuth && !id.inProcess {
		if cfg == nil {
			return nil, notConfigured(p)
		}
		// No Authorization of our own: the gateway in front injects the
		// user's session through passthrough headers.
		return cfg.userSite().Client(atlassian.Credentials{}), nil
	}
	if !s.allowGlobal && !id.inProcess {
		return nil, errors.New("refusing to use the server's configured credentials for a request without credentials (allow_global_credentials is off)")
	}
	if !cfg.hasGlobalCredentials() {
		return nil, fmt.Errorf("%s has no credentials configured and the request brought none", p.Title())
	}
	return cfg.Site.Client(cfg.Credentials), nil
}

// filter is the product's projects/spaces allow-list.
func (s *sites) filter(p atlassian.Product) []string {
	if cfg := s.product(p); cfg != nil {
		return cfg.Filter
	}
	return nil
}

// headerSite is the site a header URL names, reached with the configured
// product's transport (TLS, proxy) when there is one.
func (s *sites) headerSite(p atlassian.Product, u *url.URL) *atlassian.Site {
	d := atlassian.DetectDeployment(u.String())
	if p == atlassian.Confluence && d == atlassian.Cloud && !strings.HasSuffix(u.Path, "/wiki") {
		v := *u
		v.Path += "/wiki" // Confluence Cloud lives under /wiki
		u = &v
	}
	return &atlassian.Site{Product: p, Deployment: d, BaseURL: u, HTTP: s.headerHTTP[p]}
}

// gatewayBase is the OAuth gateway URL of a Cloud site.
func (s *sites) gatewayBase(p atlassian.Product, cloudID string) *url.URL {
	u := *s.gatewayURL
	u.Path = strings.TrimSuffix(u.Path, "/") + "/ex/" + string(p) + "/" + url.PathEscape(cloudID)
	if p == atlassian.Confluence {
		u.Path += "/wiki"
	}
	return &u
}

func notConfigured(p atlassian.Product) error {
	hdr := map[atlassian.Product]string{atlassian.Jira: HeaderJiraPersonalToken, atlassian.Confluence: HeaderConfluencePersonalToken}[p]
	return fmt.Errorf("%s is not configured on this server (no URL): configure it, or send %s and its URL header", p.Title(), hdr)
}

func (s *sites) close() {
	atlassian.CloseIdle(s.ownHTTP)
	atlassian.CloseIdle(s.ownGuarded)
}
