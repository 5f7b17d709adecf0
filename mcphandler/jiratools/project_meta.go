package jiratools

import (
	"context"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// The read tools of jira_projects beyond the project list: what a project
// can create (issue types, fields), its versions and components, and the
// project search.

func getProjectIssueTypes(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_project_issue_types", Title: "Get Project Issue Types", Product: atlassian.Jira, Toolset: "jira_projects",
		Description: "Get the issue types that can be created in a Jira project; pass an id to jira_get_create_fields.",
	}, func(ctx context.Context, c *tool.Call, in tool.ProjectRef) (any, error) {
		types, err := c.Jira().CreateMetaIssueTypes(ctx, in.ProjectKey)
		if err != nil {
			return nil, err
		}
		out := make([]map[string]any, 0, len(types))
		for _, t := range types {
			entry := map[string]any{"id": str(t["id"]), "name": str(t["name"]), "description": t["description"], "subtask": t["subtask"] == true}
			if u := str(t["untranslatedName"]); u != "" {
				entry["untranslated_name"] = u
			}
			out = append(out, entry)
		}
		return out, nil
	})
}

type getCreateFieldsInput struct {
	tool.ProjectRef
	IssueTypeID string `json:"issue_type_id" jsonschema:"Issue type id from jira_get_project_issue_types, e.g. '10002'"`
}

func getCreateFields(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_create_fields", Title: "Get Create Fields", Product: atlassian.Jira, Toolset: "jira_projects",
		Description: "Get the fields (required and optional) for creating an issue of one type in a project.",
		Params:      map[string]tool.Param{"issue_type_id": {Pattern: `^\d+$`, MaxLength: tool.Length(32), Hint: "expected a numeric issue type id from jira_get_project_issue_types"}},
	}, func(ctx context.Context, c *tool.Call, in getCreateFieldsInput) (any, error) {
		fields, err := c.Jira().CreateMetaFields(ctx, in.ProjectKey, in.IssueTypeID)
		if err != nil {
			return nil, err
		}
		out := make([]map[string]any, 0, len(fields))
		for _, f := range fields {
			schema, _ := f["schema"].(map[string]any)
			if schema == nil {
				schema = map[string]any{}
			}
			out = append(out, map[string]any{"field_id": fieldIDOf(f), "name": str(f["name"]), "required": f["required"] == true, "schema": schema})
		}
		return out, nil
	})
}

// fieldIDOf is a create-metadata field's id: fieldId, or key on older
// Cloud answers.
func fieldIDOf(f map[string]any) string {
	if id := str(f["fieldId"]); id != "" {
		return id
	}
	return str(f["key"])
}

func getProjectVersions(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_project_versions", Title: "Get Project Versions", Product: atlassian.Jira, Toolset: "jira_projects",
		Description: "Get all fix versions of a Jira project, released and archived ones included.",
	}, func(ctx context.Context, c *tool.Call, in tool.ProjectRef) (any, error) {
		versions, err := c.Jira().ProjectVersions(ctx, in.ProjectKey)
		if err != nil {
			return nil, err
		}
		out := make([]map[string]any, 0, len(versions))
		for _, v := range versions {
			out = append(out, simplifyVersion(v))
		}
		return out, nil
	})
}

// simplifyVersion is a version as mcp-atlassian shows it: id, name, the
// two flags, and description and dates when set.
func simplifyVersion(v map[string]any) map[string]any {
	out := map[string]any{"id": str(v["id"]), "name": str(v["name"]), "released": v["released"] == true, "archived": v["archived"] == true}
	for _, k := range []string{"description", "startDate", "releaseDate"} {
		if s, ok := v[k].(string); ok {
			out[k] = s
		}
	}
	return out
}

func getProjectComponents(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_project_components", Title: "Get Project Components", Product: atlassian.Jira, Toolset: "jira_projects",
		Description: "Get all components of a Jira project.",
	}, func(ctx context.Context, c *tool.Call, in tool.ProjectRef) (any, error) {
		comps, err := c.Jira().ProjectComponents(ctx, in.ProjectKey)
		if err != nil {
			return nil, err
		}
		out := make([]map[string]any, 0, len(comps))
		for _, x := range comps {
			entry := map[string]any{"id": str(x["id"]), "name": str(x["name"])}
			if s := str(x["description"]); s != "" {
				entry["description"] = s
			}
			if lead, ok := x["lead"]; ok {
				entry["lead"] = simplifyUser(lead)
			}
			if s := str(x["assigneeType"]); s != "" {
				entry["assignee_type"] = s
			}
			out = append(out, entry)
		}
		return out, nil
	})
}

type searchProjectsInput struct {
	Query             string `json:"query" jsonschema:"Name or key prefix to search for"`
	MaxResults        int    `json:"max_results,omitempty" jsonschema:"Maximum number of projects to return"`
	CurrentProjectIDs string `json:"current_project_ids,omitempty" jsonschema:"Comma-separated project ids to leave out"`
}

func searchProjects(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_search_projects", Title: "Search Projects", Product: atlassian.Jira, Toolset: "jira_projects",
		Description: "Search Jira projects by name or key, without listing every project.",
		Params: map[string]tool.Param{
			"query":       {MaxLength: tool.Length(255)},
			"max_results": {Default: 20, Min: tool.Bound(1), Max: tool.Bound(50)},
		},
	}, func(ctx context.Context, c *tool.Call, in searchProjectsInput) (any, error) {
		if strings.TrimSpace(in.Query) == "" {
			return nil, tool.BadInput("query is empty: give part of a project name or key, e.g. 'DEMO'")
		}
		limit := in.MaxResults
		if limit == 0 {
			limit = 20
		}
		exclude := tool.SplitList(in.CurrentProjectIDs)
		// Excluded projects would use up the page; ask for that many more.
		found, err := c.Jira().SearchProjects(ctx, strings.TrimSpace(in.Query), min(limit+len(exclude), 100))
		if err != nil {
			return nil, err
		}
		out := []map[string]any{}
		for _, p := range found {
			key := strings.ToUpper(str(p["key"]))
			if tool.ContainsFold(exclude, str(p["id"])) || c.CheckProject(key) != nil || len(out) == limit {
				continue
			}
			entry := map[string]any{"id": str(p["id"]), "key": key, "name": str(p["name"])}
			if t := str(p["projectTypeKey"]); t != "" {
				entry["project_type"] = t
			}
			out = append(out, entry)
		}
		return out, nil
	})
}

func getProjectFields(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_project_fields", Title: "Get Project Fields", Product: atlassian.Jira, Toolset: "jira_projects",
		Description: "Get the fields issues of a project can have (its create screens), merged across its issue types.",
	}, func(ctx context.Context, c *tool.Call, in tool.ProjectRef) (any, error) {
		types, err := c.Jira().CreateMetaIssueTypes(ctx, in.ProjectKey)
		if err != nil {
			return nil, err
		}
		var order []string
		merged := map[string]map[string]any{}
		for _, t := range types {
			typeID, typeName := str(t["id"]), str(t["name"])
			if typeID == "" {
				continue
			}
			fields, err := c.Jira().CreateMetaFields(ctx, in.ProjectKey, typeID)
			if err != nil {
				return nil, err
			}
			for _, f := range fields {
				id := fieldIDOf(f)
				if id == "" {
					continue
				}
				rec, seen := merged[id]
				if !seen {
					schema, _ := f["schema"].(map[string]any)
					rec = map[string]any{"field_id": id, "name": str(f["name"]), "required": false,
						"schema_type": str(schema["type"]), "custom": schema["custom"] != nil, "issue_types": []string{}}
					merged[id] = rec
					order = append(order, id)
				}
				if f["required"] == true {
					rec["required"] = true
				}
				if typeName != "" {
					rec["issue_types"] = append(rec["issue_types"].([]string), typeName)
				}
			}
		}
		out := make([]map[string]any, 0, len(order))
		for _, id := range order {
			out = append(out, merged[id])
		}
		return out, nil
	})
}
