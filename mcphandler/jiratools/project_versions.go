package jiratools

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// The version tools of jira_projects: create one, create several, update.

type createVersionInput struct {
	tool.ProjectRef
	Name        string `json:"name" jsonschema:"Name of the version, e.g. '2.4'"`
	StartDate   string `json:"start_date,omitempty" jsonschema:"Start date (YYYY-MM-DD)"`
	ReleaseDate string `json:"release_date,omitempty" jsonschema:"Release date (YYYY-MM-DD)"`
	Description string `json:"description,omitempty" jsonschema:"Description of the version"`
}

// dateParam is the schema of a YYYY-MM-DD parameter.
var dateParam = tool.Param{Pattern: `^\d{4}-\d{2}-\d{2}$`, Hint: "expected a date as YYYY-MM-DD, e.g. 2026-03-31"}

func createVersion(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_create_version", Title: "Create Version", Product: atlassian.Jira, Toolset: "jira_projects", Write: true,
		Description: "Create a new fix version in a Jira project.",
		Params:      map[string]tool.Param{"name": {MaxLength: tool.Length(255)}, "start_date": dateParam, "release_date": dateParam},
	}, func(ctx context.Context, c *tool.Call, in createVersionInput) (any, error) {
		fields, err := versionFields(in.ProjectKey, in.Name, in.StartDate, in.ReleaseDate, in.Description, "")
		if err != nil {
			return nil, err
		}
		created, err := c.Jira().CreateVersion(ctx, fields)
		if err != nil {
			return nil, fmt.Errorf("creating version %q in %s: %w", in.Name, in.ProjectKey, err)
		}
		return simplifyVersion(created), nil
	})
}

// versionFields is Jira's body for a new version. where names the item of
// a batch in errors ("" for a single version).
func versionFields(project, name, start, release, description, where string) (map[string]any, error) {
	if strings.TrimSpace(name) == "" {
		return nil, tool.BadInput("%sname is empty: every version needs a name such as '2.4'", where)
	}
	fields := map[string]any{"project": project, "name": strings.TrimSpace(name)}
	for _, d := range []struct{ param, field, value string }{{"start_date", "startDate", start}, {"release_date", "releaseDate", release}} {
		if d.value == "" {
			continue
		}
		if _, err := time.Parse("2006-01-02", d.value); err != nil {
			return nil, tool.BadInput("%s%s %q is not a date: use YYYY-MM-DD", where, d.param, d.value)
		}
		fields[d.field] = d.value
	}
	if description != "" {
		fields["description"] = description
	}
	return fields, nil
}

type batchCreateVersionsInput struct {
	tool.ProjectRef
	Versions string `json:"versions" jsonschema:"JSON array of versions: [{\"name\": \"v1.0\", \"startDate\": \"2025-01-01\", \"releaseDate\": \"2025-02-01\", \"description\": \"...\"}]"`
}

// maxBatchVersions bounds one batch: each item is one request to Jira.
const maxBatchVersions = 50

func batchCreateVersions(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_batch_create_versions", Title: "Batch Create Versions", Product: atlassian.Jira, Toolset: "jira_projects", Write: true,
		Description: "Create several versions in a Jira project; the result says per version whether it was created.",
	}, func(ctx context.Context, c *tool.Call, in batchCreateVersionsInput) (any, error) {
		var items []json.RawMessage
		if err := json.Unmarshal([]byte(in.Versions), &items); err != nil {
			return nil, tool.BadInput("versions is not a JSON array of version objects: %v", err)
		}
		if len(items) > maxBatchVersions {
			return nil, tool.BadInput("versions has %d items; create at most %d per call", len(items), maxBatchVersions)
		}
		results := make([]map[string]any, 0, len(items))
		for i, raw := range items {
			var v struct {
				Name        string `json:"name"`
				StartDate   string `json:"startDate"`
				ReleaseDate string `json:"releaseDate"`
				Description string `json:"description"`
			}
			var input any
			_ = json.Unmarshal(raw, &input)
			if err := json.Unmarshal(raw, &v); err != nil || v.Name == "" {
				results = append(results, map[string]any{"success": false, "error": fmt.Sprintf("item %d: each version must be an object with at least a name", i), "input": input})
				continue
			}
			fields, err := versionFields(in.ProjectKey, v.Name, v.StartDate, v.ReleaseDate, v.Description, fmt.Sprintf("item %d: ", i))
			if err == nil {
				var created map[string]any
				if created, err = c.Jira().CreateVersion(ctx, fields); err == nil {
					results = append(results, map[string]any{"success": true, "version": simplifyVersion(created)})
					continue
				}
			}
			results = append(results, map[string]any{"success": false, "error": err.Error(), "input": input})
		}
		return results, nil
	})
}

type updateVersionInput struct {
	VersionID   string  `json:"version_id" jsonschema:"Numeric id of the version, e.g. '10001'"`
	Name        *string `json:"name,omitempty" jsonschema:"New name"`
	Description *string `json:"description,omitempty" jsonschema:"New description"`
	StartDate   *string `json:"start_date,omitempty" jsonschema:"New start date (YYYY-MM-DD)"`
	ReleaseDate *string `json:"release_date,omitempty" jsonschema:"New release date (YYYY-MM-DD)"`
	Archived    *bool   `json:"archived,omitempty" jsonschema:"true to archive, false to unarchive"`
	Released    *bool   `json:"released,omitempty" jsonschema:"true to mark released"`
}

func updateVersion(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_update_version", Title: "Update Version", Product: atlassian.Jira, Toolset: "jira_projects", Write: true, Destructive: true,
		Description: "Update a fix version: only the fields given change (rename, dates, archive, release).",
		Params: map[string]tool.Param{
			"version_id": {Pattern: `^\d+$`, MaxLength: tool.Length(32), Hint: "expected a numeric version id from jira_get_project_versions"},
			"name":       {MaxLength: tool.Length(255)}, "start_date": dateParam, "release_date": dateParam,
		},
	}, func(ctx context.Context, c *tool.Call, in updateVersionInput) (any, error) {
		fields := map[string]any{}
		if in.Name != nil {
			if strings.TrimSpace(*in.Name) == "" {
				return nil, tool.BadInput("name is empty: give the new name, or leave name out to keep it")
			}
			fields["name"] = strings.TrimSpace(*in.Name)
		}
		if in.Description != nil {
			fields["description"] = *in.Description
		}
		for _, dt := range []struct {
			param, field string
			value        *string
		}{{"start_date", "startDate", in.StartDate}, {"release_date", "releaseDate", in.ReleaseDate}} {
			if dt.value == nil {
				continue
			}
			if _, err := time.Parse("2006-01-02", *dt.value); err != nil {
				return nil, tool.BadInput("%s %q is not a date: use YYYY-MM-DD", dt.param, *dt.value)
			}
			fields[dt.field] = *dt.value
		}
		if in.Archived != nil {
			fields["archived"] = *in.Archived
		}
		if in.Released != nil {
			fields["released"] = *in.Released
		}
		if len(fields) == 0 {
			return nil, tool.BadInput("nothing to update: pass name, description, start_date, release_date, archived or released")
		}
		if err := checkVersionProject(ctx, c, in.VersionID); err != nil {
			return nil, err
		}
		updated, err := c.Jira().UpdateVersion(ctx, in.VersionID, fields)
		if err != nil {
			return nil, fmt.Errorf("updating version %s: %w", in.VersionID, err)
		}
		return simplifyVersion(updated), nil
	})
}

// checkVersionProject enforces the projects allow-list on a version named
// by id: it reads the version, then its project, only when there is a
// list.
func checkVersionProject(ctx context.Context, c *tool.Call, id string) error {
	if len(c.Filter) == 0 {
		return nil
	}
	v, err := c.Jira().Version(ctx, id)
	if err != nil {
		return err
	}
	project := str(v["project"])
	if project == "" {
		pid, _ := v["projectId"].(float64)
		p, err := c.Jira().Project(ctx, strconv.FormatInt(int64(pid), 10))
		if err != nil {
			return fmt.Errorf("finding the project of version %s: %w", id, err)
		}
		project = str(p["key"])
	}
	return c.CheckProject(project)
}
