package jiratools

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/jira"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// projectAnalysisTools are the tools of mcp-atlassian's
// jira_project_analysis toolset, in mcp-atlassian's order: both read a
// project's issues with their parents and links and classify the ones
// that reach into other projects.
func projectAnalysisTools(d *Deps) []tool.Tool {
	return []tool.Tool{getProjectEpicHierarchy(d), getCrossProjectDependencies(d)}
}

// linkFields are what the analyses read of each issue.
var linkFields = []string{"summary", "status", "issuetype", "issuelinks", "parent"}

type epicHierarchyInput struct {
	tool.ProjectRef
	MaxEpics int `json:"max_epics,omitempty" jsonschema:"Maximum number of epics to read (1-500)"`
}

func getProjectEpicHierarchy(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_project_epic_hierarchy", Title: "Get Project Epic Hierarchy", Product: atlassian.Jira, Toolset: "jira_project_analysis",
		Description: "Group a project's epics under their parent issues in other projects (by parent field or hierarchy links).",
		Params:      map[string]tool.Param{"max_epics": {Default: 200, Min: tool.Bound(1), Max: tool.Bound(500)}},
	}, func(ctx context.Context, c *tool.Call, in epicHierarchyInput) (any, error) {
		jql := fmt.Sprintf(`project = %s AND issuetype = Epic ORDER BY updated DESC`, tool.QuoteJQL(in.ProjectKey))
		epics, err := searchAll(ctx, c, jql, linkFields, max(in.MaxEpics, 1))
		if err != nil {
			return nil, err
		}
		parentOf := map[string]string{}
		summaries := map[string]any{} // as the epics embed them: no reads outside the allow-list
		var parents []string
		for _, e := range epics {
			if p := crossProjectParent(e, in.ProjectKey); p != "" {
				parentOf[e.Key] = p
				if !slices.Contains(parents, p) {
					parents = append(parents, p)
					summaries[p] = embeddedSummary(e, p)
				}
			}
		}
		slices.Sort(parents)
		grouped := map[string][]map[string]any{}
		for _, e := range epics {
			grouped[parentOf[e.Key]] = append(grouped[parentOf[e.Key]], map[string]any{
				"key": e.Key, "summary": e.Fields["summary"], "status": statusName(e.Fields["status"])})
		}
		groups := []map[string]any{}
		for _, p := range parents {
			groups = append(groups, map[string]any{"parent": map[string]any{"key": p, "summary": summaries[p], "project": tool.ProjectOfKey(p)}, "epics": grouped[p]})
		}
		if unlinked := grouped[""]; len(unlinked) > 0 {
			groups = append(groups, map[string]any{"parent": nil, "group_name": "Unlinked", "epics": unlinked})
		}
		return map[string]any{"project_key": in.ProjectKey, "total_epics": len(epics), "groups": groups}, nil
	})
}

type crossProjectInput struct {
	tool.ProjectRef
	MaxIssues int `json:"max_issues,omitempty" jsonschema:"Maximum number of issues to scan (1-500)"`
}

func getCrossProjectDependencies(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_cross_project_dependencies", Title: "Get Cross-Project Dependencies", Product: atlassian.Jira, Toolset: "jira_project_analysis",
		Description: "Find a project's issue links to other projects, grouped by project and link type.",
		Params:      map[string]tool.Param{"max_issues": {Default: 200, Min: tool.Bound(1), Max: tool.Bound(500)}},
	}, func(ctx context.Context, c *tool.Call, in crossProjectInput) (any, error) {
		jql := fmt.Sprintf(`project = %s ORDER BY updated DESC`, tool.QuoteJQL(in.ProjectKey))
		issues, err := searchAll(ctx, c, jql, linkFields, max(in.MaxIssues, 1))
		if err != nil {
			return nil, err
		}
		byProject := map[string]map[string][]map[string]any{}
		total := 0
		for _, is := range issues {
			for _, l := range crossProjectLinks(is, in.ProjectKey) {
				p := tool.ProjectOfKey(l.target)
				if byProject[p] == nil {
					byProject[p] = map[string][]map[string]any{}
				}
				byProject[p][l.linkType] = append(byProject[p][l.linkType], map[string]any{"source": is.Key, "target": l.target, "direction": l.direction})
				total++
			}
		}
		out := map[string]any{}
		for p, types := range byProject {
			n := 0
			for _, links := range types {
				n += len(links)
			}
			out[p] = map[string]any{"total_links": n, "by_link_type": types}
		}
		return map[string]any{"project_key": in.ProjectKey, "total_issues_scanned": len(issues),
			"total_cross_project_links": total, "by_project": out}, nil
	})
}

// searchAll reads up to limit issues of a query inside the projects
// allow-list (Search pages on both deployments).
func searchAll(ctx context.Context, c *tool.Call, jql string, fields []string, limit int) ([]jira.Issue, error) {
	jql, err := tool.RestrictQuery(jql, "project", c.Filter)
	if err != nil {
		return nil, tool.BadInput("%v", err)
	}
	page, err := c.Jira().Search(ctx, jira.SearchQuery{JQL: jql, Fields: fields, Limit: limit})
	if err != nil {
		return nil, err
	}
	return page.Issues, nil
}

// embeddedSummary is the summary of a related issue as Jira embeds it in
// an issue's parent field or links.
func embeddedSummary(is jira.Issue, key string) any {
	if member(is.Fields["parent"], "key") == key {
		return digJSON(is.Fields["parent"], "fields", "summary")
	}
	for _, l := range asSlice(is.Fields["issuelinks"]) {
		for _, side := range []string{"inwardIssue", "outwardIssue"} {
			if other := digJSON(l, side); member(other, "key") == key {
				return digJSON(other, "fields", "summary")
			}
		}
	}
	return nil
}

// Link phrases that make the linking issue the child (mcp-atlassian's
// built-in CHILD_OF_PHRASES).
var childOfPhrases = []string{"is child of", "is contained by", "split from"}

// crossProjectParent is the parent of an epic in another project: its
// parent field, else a link whose wording makes the epic the child.
func crossProjectParent(epic jira.Issue, project string) string {
	if p, _ := digJSON(epic.Fields["parent"], "key").(string); p != "" && tool.ProjectOfKey(p) != project {
		return p
	}
	for _, l := range asSlice(epic.Fields["issuelinks"]) {
		typ, ok := digJSON(l, "type").(map[string]any)
		if !ok {
			continue
		}
		name := strings.ToLower(member(typ, "name"))
		for _, side := range []struct{ issue, label string }{{"inwardIssue", "inward"}, {"outwardIssue", "outward"}} {
			key := member(digJSON(l, side.issue), "key")
			if key == "" || tool.ProjectOfKey(key) == project {
				continue
			}
			if slices.Contains(childOfPhrases, name) || slices.Contains(childOfPhrases, strings.ToLower(member(typ, side.label))) {
				return key
			}
		}
	}
	return ""
}

type crossLink struct{ target, linkType, direction string }

// crossProjectLinks are an issue's links to issues of other projects.
func crossProjectLinks(is jira.Issue, project string) []crossLink {
	var out []crossLink
	for _, l := range asSlice(is.Fields["issuelinks"]) {
		typ := member(digJSON(l, "type"), "name")
		for _, side := range []struct{ issue, direction string }{{"outwardIssue", "outward"}, {"inwardIssue", "inward"}} {
			if key := member(digJSON(l, side.issue), "key"); key != "" && tool.ProjectOfKey(key) != project {
				out = append(out, crossLink{key, typ, side.direction})
			}
		}
	}
	return out
}

func statusName(v any) string {
	if s := member(v, "name"); s != "" {
		return s
	}
	return "Unknown"
}
