package mcphandler

import (
	"fmt"
	"go.uber.org/zap"
	"regexp"
	"slices"
	"strings"
)

// Toolsets are mcp-atlassian's tool groups; every tool belongs to one.
var Toolsets = []string{
	"jira_issues", "jira_fields", "jira_comments", "jira_transitions", "jira_projects", "jira_agile",
	"jira_links", "jira_worklog", "jira_attachments", "jira_users", "jira_watchers", "jira_service_desk",
	"jira_forms", "jira_metrics", "jira_development", "jira_project_analysis",
	"confluence_pages", "confluence_comments", "confluence_labels", "confluence_users",
	"confluence_analytics", "confluence_attachments", "confluence_templates", "confluence_permissions",
	"legacy",
}

// DefaultToolsets is what TOOLSETS=default selects: the core set.
var DefaultToolsets = []string{
	"jira_issues", "jira_fields", "jira_comments", "jira_transitions", "confluence_pages", "confluence_comments",
}

// toolFilter decides which tools exist at all for a configuration. A tool
// it drops is never registered, so calling it answers exactly like calling
// a tool that does not exist.
type toolFilter struct {
	readOnly bool
	enabled  map[string]bool // nil: all
	toolsets map[string]bool // nil: all
}

func newToolFilter(o Options) *toolFilter {
	f := &toolFilter{readOnly: o.ReadOnly}
	if names := cleanList(o.EnabledTools); len(names) > 0 {
		f.enabled = map[string]bool{}
		for _, n := range names {
			f.enabled[n] = true
		}
	}
	if names := cleanList(o.Toolsets); len(names) > 0 {
		f.toolsets = map[string]bool{}
		var unknown []string
		for _, n := range names {
			switch {
			case n == "all":
				f.toolsets = nil
			case n == "default":
				for _, d := range DefaultToolsets {
					f.toolsets[d] = true
				}
			case slices.Contains(Toolsets, n):
				f.toolsets[n] = true
			default:
				unknown = append(unknown, n)
			}
			if f.toolsets == nil {
				break
			}
		}
		if len(unknown) > 0 && o.Logger != nil {
			o.Logger.Warn("ignoring unknown toolsets", zap.Strings("toolsets", unknown), zap.Strings("known", Toolsets))
		}
		// Only unknown names: expose nothing rather than everything
		// (fail closed, as mcp-atlassian does).
	}
	return f
}

func (f *toolFilter) allows(s toolSpec) bool {
	if f.readOnly && s.write {
		return false
	}
	if f.enabled != nil && !f.enabled[s.name] {
		return false
	}
	if f.toolsets != nil && !f.toolsets[s.toolset] {
		return false
	}
	return true
}

func (f *toolFilter) apply(all []toolEntry) []toolEntry {
	var kept []toolEntry
	for _, t := range all {
		if f.allows(t.spec) {
			kept = append(kept, t)
		}
	}
	return kept
}

// cleanList trims entries, drops empty ones and lower-cases nothing: tool
// and toolset names are case-sensitive identifiers.
func cleanList(in []string) []string {
	var out []string
	for _, s := range in {
		for _, part := range strings.Split(s, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// SplitList parses a comma-separated setting such as JIRA_PROJECTS_FILTER.
func SplitList(s string) []string { return cleanList([]string{s}) }

// orderBy finds a trailing ORDER BY clause of JQL or CQL.
var orderBy = regexp.MustCompile(`(?is)\s+order\s+by\s+.*$|^\s*order\s+by\s+.*$`)

// restrictQuery ANDs an allow-list clause (project IN (...) / space IN
// (...)) into a JQL or CQL query, keeping ORDER BY at the end.
func restrictQuery(query, field string, keys []string) string {
	if len(keys) == 0 {
		return query
	}
	quoted := make([]string, len(keys))
	for i, k := range keys {
		quoted[i] = `"` + strings.ReplaceAll(strings.ReplaceAll(k, `\`, `\\`), `"`, `\"`) + `"`
	}
	clause := fmt.Sprintf("%s IN (%s)", field, strings.Join(quoted, ", "))
	order := ""
	if loc := orderBy.FindStringIndex(query); loc != nil {
		order = " " + strings.TrimSpace(query[loc[0]:])
		query = query[:loc[0]]
	}
	if strings.TrimSpace(query) == "" {
		return clause + order
	}
	return "(" + strings.TrimSpace(query) + ") AND " + clause + order
}

// narrowFilter combines the configured allow-list with a per-call filter:
// the call may only narrow what the configuration allows.
func narrowFilter(configured []string, perCall string, what string) ([]string, error) {
	call := SplitList(perCall)
	if len(call) == 0 {
		return configured, nil
	}
	if len(configured) == 0 {
		return call, nil
	}
	var both []string
	for _, k := range call {
		if containsFold(configured, k) {
			both = append(both, k)
		}
	}
	if len(both) == 0 {
		return nil, badInput("%s %q are all outside this server's allowed %s (%s)", what, perCall, what, strings.Join(configured, ", "))
	}
	return both, nil
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
