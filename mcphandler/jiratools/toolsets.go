package jiratools

import "github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"

// Deps are what the Jira tools share across calls.
type Deps struct {
	// Fields caches each user's field catalogue.
	Fields *FieldCache
}

// NewDeps makes the shared state of the Jira tools.
func NewDeps() *Deps { return &Deps{Fields: NewFieldCache()} }

// Toolsets are mcp-atlassian's Jira toolsets with the tools this server
// implements, in mcp-atlassian's order. A toolset without tools yet is
// listed so that TOOLSETS accepts its name.
func Toolsets(d *Deps) []tool.Toolset {
	return []tool.Toolset{
		{ID: "jira_issues", Default: true, Tools: []tool.Tool{
			getIssue(d), search(d), createIssue(d), updateIssue(d),
		}},
		{ID: "jira_fields", Default: true},
		{ID: "jira_comments", Default: true, Tools: []tool.Tool{addComment(d)}},
		{ID: "jira_transitions", Default: true, Tools: []tool.Tool{getTransitions(d), transitionIssue(d)}},
		{ID: "jira_projects", Tools: []tool.Tool{getAllProjects(d)}},
		{ID: "jira_agile"},
		{ID: "jira_links"},
		{ID: "jira_worklog"},
		{ID: "jira_attachments"},
		{ID: "jira_users"},
		{ID: "jira_watchers"},
		{ID: "jira_service_desk"},
		{ID: "jira_forms"},
		{ID: "jira_metrics"},
		{ID: "jira_development"},
		{ID: "jira_project_analysis"},
	}
}
