package sandbox

import (
	"net/http"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Route is one endpoint a sandbox serves, as Routes lists it: the contract
// tests check each against Atlassian's OpenAPI documents.
type Route struct {
	Method string
	// Pattern is the wire path with {name} wildcards, as Go's ServeMux
	// writes them: /rest/api/3/issue/{issueIdOrKey}.
	Pattern string
	// OperationID names the operation in the document that describes
	// Pattern for the deployment; "" for an endpoint no document describes
	// (Cloud's removed /rest/api/2/search, which answers 410).
	OperationID string
	Product     atlassian.Product
}

// route is one row of a routeTable: an endpoint below the table's API
// root, the operation it implements in each deployment's document, and its
// handler. An empty operation id means the deployment lacks the endpoint.
type route struct {
	method, path string
	cloud, dc    string // operation ids in the Cloud and the Data Center document
	handle       func(*call)
}

// undocumented marks an endpoint a deployment serves although no document
// describes it.
const undocumented = "-"

// routeTable is the routes of one resource, all below the same API roots.
type routeTable struct {
	product   atlassian.Product
	cloudRoot string   // API root on Cloud; "" when Cloud serves none of these
	dcRoots   []string // API roots on Server/DC (Jira's /rest/api/latest is an alias)
	routes    []route
}

// Jira and Confluence API roots.
var (
	jiraCloudRoot      = "/rest/api/3"
	jiraDCRoots        = []string{"/rest/api/2", "/rest/api/latest"}
	confluenceV2Root   = ConfluenceCloudPrefix + "/api/v2"
	confluenceV1Cloud  = ConfluenceCloudPrefix + "/rest/api"
	confluenceV1DCRoot = []string{ConfluenceServerPrefix + "/rest/api"}
)

// routeTables is every resource's table. A resource added later appends
// its own from an init function in its file, so that adding one touches no
// shared list.
var routeTables = []*routeTable{
	&jiraUserRoutes, &jiraIssueRoutes, &jiraMetaRoutes, &jiraSearchRoutes, &jiraRemovedV2Routes,
	&confluenceSearchRoutes, &confluenceV2Routes, &confluenceDCRoutes,
}

// each calls fn with every route a deployment serves, its wire pattern and
// operation id.
func eachRoute(d atlassian.Deployment, fn func(t *routeTable, rt *route, pattern, op string)) {
	for _, t := range routeTables {
		roots := t.dcRoots
		if d == atlassian.Cloud {
			roots = nil
			if t.cloudRoot != "" {
				roots = []string{t.cloudRoot}
			}
		}
		for i := range t.routes {
			rt := &t.routes[i]
			op := rt.dc
			if d == atlassian.Cloud {
				op = rt.cloud
			}
			if op == "" {
				continue
			}
			for _, root := range roots {
				fn(t, rt, root+rt.path, op)
			}
		}
	}
}

// Routes lists the endpoints a sandbox of deployment d serves.
func Routes(d atlassian.Deployment) []Route {
	if d == "" {
		d = atlassian.Cloud
	}
	var out []Route
	eachRoute(d, func(t *routeTable, rt *route, pattern, op string) {
		if op == undocumented {
			op = ""
		}
		out = append(out, Route{Method: rt.method, Pattern: pattern, OperationID: op, Product: t.product})
	})
	return out
}

// registerRoutes adds every route of this deployment to the mux. Each
// handler runs under s.mu with a fresh call.
func (s *Server) registerRoutes() {
	eachRoute(s.opts.Deployment, func(t *routeTable, rt *route, pattern, _ string) {
		product, handle := t.product, rt.handle
		s.mux.HandleFunc(rt.method+" "+pattern, func(w http.ResponseWriter, r *http.Request) {
			c := s.newCall(w, r, product)
			s.mu.Lock()
			defer s.mu.Unlock()
			handle(c)
		})
	})
}
