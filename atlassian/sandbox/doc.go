// Package sandbox is an in-memory Atlassian: Jira and Confluence, Cloud or
// Server/Data Center, speaking the real REST dialects (Jira v3 with ADF and
// nextPageToken search on Cloud, v2 with wiki markup and startAt on DC;
// Confluence v2 pages plus v1 CQL search on Cloud, v1 content on DC) over
// seeded demo data. It checks credentials and answers with Atlassian's own
// error shapes, so the MCP server can be developed, demonstrated and tested
// without a real site. It knows nothing of Caddy; caddymodule serves it as
// the atlassian_sandbox handler.
//
// Layout of one sandbox host:
//
//	/rest/api/{2,3}/..., /rest/agile/1.0/...   Jira (v3 on Cloud only)
//	/wiki/rest/api/..., /wiki/api/v2/...       Confluence Cloud
//	/confluence/rest/api/...                   Confluence Server/DC
//	/ex/jira/{cloudId}/..., /ex/confluence/{cloudId}/wiki/...
//	                                           the api.atlassian.com OAuth gateway (Cloud)
package sandbox
