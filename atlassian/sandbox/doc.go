// Package sandbox is an in-memory Atlassian: Jira and Confluence, Cloud or
// Server/Data Center, speaking the real REST dialects (Jira v3 with ADF and
// nextPageToken search on Cloud, v2 with wiki markup and startAt on DC;
// Confluence v2 pages plus v1 CQL search on Cloud, v1 content on DC) over
// seeded demo data. It checks credentials and answers with Atlassian's own
// error shapes, so the MCP server can be developed, demonstrated and tested
// without a real site. It knows nothing of Caddy; caddymodule serves it as
// the atlassian_sandbox handler, and a build that leaves caddymodule's
// sandbox handler out leaves this package out.
//
// Layout of one sandbox host:
//
//	/rest/api/{2,3}/..., /rest/agile/1.0/...   Jira (v3 on Cloud only)
//	/wiki/rest/api/..., /wiki/api/v2/...       Confluence Cloud
//	/confluence/rest/api/...                   Confluence Server/DC
//	/ex/jira/{cloudId}/..., /ex/confluence/{cloudId}/wiki/...
//	                                           the api.atlassian.com OAuth gateway (Cloud)
//
// # Structure
//
// One store per product (jiraStore, confluenceStore) holds the state for
// both dialects; each kind of resource in it is a collection (collection.go),
// found by id or by key or name. Handlers render it per dialect: Jira's
// userRef, richJSON and friends switch on c.cloud, Confluence has v2 (Cloud)
// and v1 (both) renderers on confCtx. Every endpoint is a row of its
// resource's routeTable (route.go), naming the operation id it implements in
// the Cloud and in the Data Center OpenAPI document; Routes lists them, and
// internal/contract checks each against the documents and makes the
// conformance tour reach every one. Every handler is a func(*call) (call.go)
// run under the server's lock; it answers with c.json, and fails with
// c.fail, which writes Jira's errorMessages/errors, Confluence v1's
// statusCode/message or v2's errors[] as the route demands (errors.go).
// Lists page with window and the envelopes in paging.go. Seed data is in
// seed/*.json, embedded.
//
// # Adding an endpoint
//
// Say the next tools need Jira's issue watchers and Confluence v2's page
// labels. First, find the operation ids in the documents
// (../shared/atlassian-openapi): getIssueWatchers in both Jira documents,
// getPageLabels in Confluence Cloud v2 only. Then add a row to the
// resource's table (or a new routeTable to routeTables); an empty id
// leaves the route out of that deployment:
//
//	// in jiraIssueRoutes
//	{method: "GET", path: "/issue/{issueIdOrKey}/watchers",
//		cloud: "getIssueWatchers", dc: "getIssueWatchers", handle: (*call).getWatchers},
//	// in confluenceV2Routes
//	{method: "GET", path: "/pages/{id}/labels", cloud: "getPageLabels", handle: (*call).confV2PageLabels},
//
// Then write the handlers from the shared pieces: the lookups (findIssue,
// confV2PathID, a collection's find) answer 404 or 400 in the right shape
// themselves; window pages a slice; c.json answers, c.fail fails; the
// renderers (c.userRef, c.confluence()) speak the deployment's dialect:
//
//	func (c *call) getWatchers() {
//		is := c.findIssue()
//		if is == nil {
//			return
//		}
//		watchers := []any{c.userRef(is.reporter)}
//		c.json(http.StatusOK, map[string]any{"self": c.api + "/issue/" + is.key + "/watchers",
//			"isWatching": is.reporter == c.user, "watchCount": len(watchers), "watchers": watchers})
//	}
//
//	func (c *call) confV2PageLabels() {
//		id, ok := c.confV2PathID()
//		if !ok {
//			return
//		}
//		offset, limit, ok := c.confV2Paging()
//		if !ok {
//			return
//		}
//		page := c.conf.get(id)
//		if page == nil {
//			c.fail(http.StatusNotFound, "Not Found")
//			return
//		}
//		results := []any{}
//		for _, l := range window(page.labels, offset, limit) {
//			results = append(results, confMap{"id": c.conf.labelID(l), "name": l, "prefix": "global"})
//		}
//		c.confV2List(c.confluence().base, results, offset, limit, len(page.labels))
//	}
//
// New state goes into the store as a collection, its fixtures into
// seed/*.json. Last, add a step to the conformance tour in
// internal/contract/sandbox_test.go (TestSandboxConformance fails until the
// tour reaches every routed operation, and TestSandboxRoutes fails if an
// operation id is wrong) and a behaviour test next to the handler's file.
package sandbox
