package sandbox

import (
	"net/http"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// call is one routed request and the single argument of every handler: the
// exchange, the authenticated caller, the store and the dialect to answer
// in. Handlers run one at a time under Server.mu, so neither the store nor
// the call needs locking of its own.
type call struct {
	s       *Server
	w       http.ResponseWriter
	r       *http.Request
	product atlassian.Product
	user    *User
	cloud   bool // answer in the Cloud dialect (Jira v3, Confluence v2/v1 Cloud)
	gateway bool // came through /ex/{product}/{cloudId}

	jira *jiraStore
	conf *confluenceStore

	// base is scheme://host, plus /ex/jira/{cloudId} through the gateway;
	// api is base plus the Jira REST root (/rest/api/3 or /rest/api/2).
	// Jira builds its self links from them.
	base, api string
}

func (s *Server) newCall(w http.ResponseWriter, r *http.Request, product atlassian.Product) *call {
	c := &call{s: s, w: w, r: r, product: product, cloud: s.Cloud(), jira: s.jira, conf: s.conf}
	if info, ok := r.Context().Value(ctxKey{}).(*requestInfo); ok {
		c.user, c.gateway = info.user, info.gateway
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	c.base = scheme + "://" + r.Host
	if c.gateway && product == atlassian.Jira {
		c.base += "/ex/jira/" + s.opts.CloudID
	}
	c.api = c.base + "/rest/api/2"
	if c.cloud {
		c.api = c.base + "/rest/api/3"
	}
	return c
}

// json answers status with v as the body.
func (c *call) json(status int, v any) { writeJSON(c.w, status, v) }

// fail answers an error in the shape of the product and API version the
// request was sent to. For Jira, details are further errorMessages; for
// Confluence v1 they are listed under data.errors; v2 has no room for them.
func (c *call) fail(status int, message string, details ...string) {
	productError(c.w, c.product, c.r.URL.Path, status, message, details...)
}

// failMessages answers a Jira error listing several messages, such as
// every error of a JQL query.
func (c *call) failMessages(status int, messages []string) { jiraError(c.w, status, messages, nil) }

// failFields answers a Jira 400-style error naming the offending fields.
func (c *call) failFields(status int, errs map[string]string) { jiraError(c.w, status, nil, errs) }

// confluence is the renderer of Confluence answers for this request.
func (c *call) confluence() *confCtx {
	return &confCtx{st: c.conf, base: c.s.confBase(c.r), user: c.user, now: c.conf.now()}
}
