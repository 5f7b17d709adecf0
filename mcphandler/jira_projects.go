package mcphandler

import (
	"context"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

type getAllProjectsInput struct {
	IncludeArchived bool `json:"include_archived,omitempty" jsonschema:"Include archived projects"`
}

func (h *Handler) jiraGetAllProjects() toolEntry {
	return newTool(h, toolSpec{
		name: "jira_get_all_projects", title: "Get All Projects", product: atlassian.Jira, toolset: "jira_projects",
		description: "Get all Jira projects accessible to the current user.",
		params:      map[string]param{"include_archived": {def: false}},
	}, func(ctx context.Context, c *call, in getAllProjectsInput) (any, error) {
		projects, err := c.client.Jira().Projects(ctx, in.IncludeArchived)
		if err != nil {
			return nil, err
		}
		out := make([]map[string]any, 0, len(projects))
		for _, p := range projects {
			key, _ := p["key"].(string)
			if c.checkProjectKeyAllowed(key) != nil {
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
