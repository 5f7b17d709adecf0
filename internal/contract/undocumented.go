package contract

import (
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox"
)

// Undocumented are the allow patterns (for Middleware) of the sandbox
// routes no document describes: Cloud's removed /rest/api/2/search, and
// APIs Atlassian publishes no document for here (Jira Service Management,
// ProForma forms, development information). The recorder passes them
// through unvalidated and notes them.
func Undocumented(routes []sandbox.Route) []string {
	var allow []string
	for _, r := range routes {
		if r.OperationID != "" {
			continue
		}
		segs := strings.Split(r.Pattern, "/")
		for i, s := range segs {
			if strings.HasPrefix(s, "{") {
				segs[i] = "*"
			}
		}
		allow = append(allow, r.Method+" "+strings.Join(segs, "/"))
	}
	return allow
}
