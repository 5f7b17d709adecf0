package mcphandler

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Probes answer GET <anything>/healthz (liveness, as mcp-atlassian's
// GET /healthz) and GET <anything>/readyz (which products are configured
// and how), without credentials and without calling Atlassian. They say
// nothing secret: no URLs, no user names, no tokens.
func (h *Handler) serveProbe(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	var body any
	switch {
	case strings.HasSuffix(r.URL.Path, "/healthz"):
		body = map[string]string{"status": "ok"}
	case strings.HasSuffix(r.URL.Path, "/readyz"):
		body = h.readiness()
	default:
		return false
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(body)
	return true
}

// readiness describes the configuration a probe may see.
func (h *Handler) readiness() map[string]any {
	products := map[string]any{}
	for _, p := range []atlassian.Product{atlassian.Jira, atlassian.Confluence} {
		cfg := h.sites.product(p)
		if cfg == nil {
			products[string(p)] = map[string]any{"configured": false}
			continue
		}
		products[string(p)] = map[string]any{
			"configured":             true,
			"deployment":             cfg.Site.Deployment,
			"configured_credentials": cfg.hasGlobalCredentials(),
			"allow_list":             len(cfg.Filter) > 0,
		}
	}
	return map[string]any{
		"status":                   "ready",
		"tools":                    len(h.names),
		"stateful":                 h.opts.Stateful,
		"read_only":                h.opts.ReadOnly,
		"allow_global_credentials": h.opts.AllowGlobalCredentials,
		"products":                 products,
	}
}
