package jiratools

import "github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"

// Deps are what the Jira tools share across calls.
type Deps struct {
	// Fields caches each user's field catalogue.
	Fields *FieldCache
	// internalOnlyProjects are the projects (JIRA_INTERNAL_ONLY_PROJECTS) where
	// automation may post internal notes only (see internalonly.go), by
	// normalised key.
	internalOnlyProjects map[string]bool
	// SLA is the calendar of jira_get_issue_sla (JIRA_SLA_*).
	SLA SLAConfig
}

// NewDeps makes the shared state of the Jira tools for a site's
// internal-only projects and SLA calendar.
func NewDeps(internalOnly []string, sla SLAConfig) *Deps {
	return &Deps{Fields: NewFieldCache(), internalOnlyProjects: projectSet(internalOnly), SLA: sla}
}

// Toolsets are mcp-atlassian's Jira toolsets with the tools this server
// implements. Each toolset's tools are listed in its own file, in
// mcp-atlassian's order; every toolset is listed, so that TOOLSETS accepts
// its name, even while it has no tools yet.
func Toolsets(d *Deps) []tool.Toolset {
	return []tool.Toolset{
		{ID: "jira_issues", Default: true, Tools: issueTools(d)},
		{ID: "jira_fields", Default: true, Tools: fieldTools(d)},
		{ID: "jira_comments", Default: true, Tools: commentTools(d)},
		{ID: "jira_transitions", Default: true, Tools: transitionTools(d)},
		{ID: "jira_projects", Tools: projectTools(d)},
		{ID: "jira_agile", Tools: agileTools(d)},
		{ID: "jira_links", Tools: linkTools(d)},
		{ID: "jira_worklog", Tools: worklogTools(d)},
		{ID: "jira_attachments", Tools: attachmentTools(d)},
		{ID: "jira_users", Tools: userTools(d)},
		{ID: "jira_watchers", Tools: watcherTools(d)},
		{ID: "jira_service_desk", Tools: serviceDeskTools(d)},
		{ID: "jira_forms", Tools: formTools(d)},
		{ID: "jira_metrics", Tools: metricTools(d)},
		{ID: "jira_development", Tools: developmentTools(d)},
		{ID: "jira_project_analysis", Tools: projectAnalysisTools(d)},
	}
}
