package jiratools

import (
	"context"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// projectTools are the tools of this toolset, in mcp-atlassian's order.
func projectTools(d *Deps) []tool.Tool {
	return []tool.Tool{
		getProjectIssueTypes(d), getCreateFields(d), getProjectVersions(d), getProjectComponents(d),
		getAllProjects(d), searchProjects(d), getProjectFields(d),
		createVersion(d), batchCreateVersions(d), updateVersion(d),
	}
}

type getAllProjectsInput struct {
	IncludeArchived bool `json:"include_archived,omitempty" jsonschema:"Include archived projects"`
}

func getAllProjects(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_all_projects", Title: "Get All Projects", Product: atlassian.Jira, Toolset: "jira_projects",
		Description: "Get all Jira projects accessible to the current user.",
		Params:      map[string]tool.Param{"include_archived": {Default: false}},
	}, func(ctx context.Context, c *tool.Call, in getAllProjectsInput) (any, error) {
		projects, err := c.Jira().Projects(ctx, in.IncludeArchived)
		if err != nil {
			return nil, err
		}
		out := make([]map[string]any, 0, len(projects))
		for _, p := range projects {
			key, _ := p["key"].(string)
			if c.CheckProject(key) != nil {
				continue
			}
			entry := map[string]any{"id": p["id"], "key": key, "name": p["name"]}
			for from, to := range map[string]string{"description": "description", "projectTypeKey": "project_type", "archived": "archived"} {
				if v, ok := p[from]; ok && v != nil && v != "" {
					entry[to] = v
				}
			}
			if lead, ok := p["lead"]; ok {
				entry["lead"] = simplifyUser(lead)
			}
			out = append(out, entry)
		}
		return out, nil
	})
}
