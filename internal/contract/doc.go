// Package contract checks HTTP traffic against Atlassian's own OpenAPI
// documents, so that tests notice when the MCP server sends a request real
// Jira or Confluence would reject, or when the sandbox answers in a shape
// real Jira or Confluence would never produce.
//
// The documents live outside the module (see Dir). They are loaded with
// kin-openapi, lazily and once per process each, patched in memory where
// Atlassian's publications are wrong (see patch.go), and used by a
// Middleware that sits in front of an http.Handler (the sandbox), validates
// every request it receives and every response it writes, and records
// violations and the operations exercised:
//
//	v := contract.Require(t)
//	rec := v.Middleware(sandbox.New(...), atlassian.Cloud)
//	srv := httptest.NewServer(rec)
//	... drive the MCP server against srv.URL ...
//	rec.Check(t)
//
// Which documents apply depends on the deployment: Jira Cloud is platform
// v3 plus Jira Software (agile); Confluence Cloud is v2 (under
// /wiki/api/v2) plus the current v1 (/wiki/rest/api); Jira Data Center is
// jira-software-dc-10.3 (under /rest); Confluence Data Center is
// confluence-dc-10.0.3 (under the /confluence context path). Requests
// through the OAuth gateway (/ex/jira/{cloudId}/..., /ex/confluence/{cloudId}/...)
// are checked as if sent to the site itself.
//
// Security requirements are not checked: auth is under-declared in the
// documents and is the sandbox's own business.
package contract
