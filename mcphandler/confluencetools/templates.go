package confluencetools

import (
	"context"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/confluence"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// templateTools are the tools of mcp-atlassian's confluence_templates
// toolset, in mcp-atlassian's order. Only Confluence Cloud has the
// template API they use; mcp-atlassian fails them on Server/DC, this
// server hides them there.
func templateTools(d *Deps) []tool.Tool {
	return []tool.Tool{listPageTemplates(d), getPageTemplate(d), createPageFromTemplate(d)}
}

func simplifyTemplate(t *confluence.Template) map[string]any {
	return map[string]any{"templateId": t.ID, "name": t.Name, "templateType": t.Type, "description": t.Description}
}

type listTemplatesInput struct {
	SpaceKey string `json:"space_key,omitempty" jsonschema:"Space whose templates to list; omit for the global ones"`
	Limit    int    `json:"limit,omitempty" jsonschema:"Maximum number of templates"`
}

func listPageTemplates(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_list_page_templates", Title: "List Page Templates", Product: atlassian.Confluence, Toolset: "confluence_templates",
		CloudOnly: true, Description: "List Confluence Cloud page templates of a space, or the global ones (no bodies).",
		Params: map[string]tool.Param{"limit": {Default: 25, Min: tool.Bound(1), Max: tool.Bound(200)}},
	}, func(ctx context.Context, c *tool.Call, in listTemplatesInput) (any, error) {
		if in.SpaceKey != "" {
			if err := c.CheckSpace(in.SpaceKey); err != nil {
				return nil, err
			}
		}
		list, err := c.Confluence().PageTemplates(ctx, in.SpaceKey, max(in.Limit, 1))
		if err != nil {
			return nil, err
		}
		out := make([]map[string]any, 0, len(list))
		for i := range list {
			out = append(out, simplifyTemplate(&list[i]))
		}
		return map[string]any{"templates": out, "total": len(out)}, nil
	})
}

type templateRef struct {
	TemplateID string `json:"template_id" jsonschema:"Template id (see confluence_list_page_templates)"`
}

func (r templateRef) read(ctx context.Context, c *tool.Call) (*confluence.Template, error) {
	if !tool.IsDigits(r.TemplateID) {
		return nil, tool.BadInput("template_id %q is not a numeric template id (see confluence_list_page_templates)", r.TemplateID)
	}
	return c.Confluence().PageTemplate(ctx, r.TemplateID)
}

func getPageTemplate(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_get_page_template", Title: "Get Page Template", Product: atlassian.Confluence, Toolset: "confluence_templates",
		CloudOnly: true, Description: "Get a Confluence Cloud page template with its storage-format body.",
	}, func(ctx context.Context, c *tool.Call, in templateRef) (any, error) {
		t, err := in.read(ctx, c)
		if err != nil {
			return nil, err
		}
		out := simplifyTemplate(t)
		out["body"] = t.Body.Storage.Value
		return out, nil
	})
}

type createFromTemplateInput struct {
	tool.SpaceRef
	Title string `json:"title" jsonschema:"Title of the new page"`
	templateRef
	ParentID string `json:"parent_id,omitempty" jsonschema:"Id of the parent page"`
}

func createPageFromTemplate(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_create_page_from_template", Title: "Create Page from Template", Product: atlassian.Confluence, Toolset: "confluence_templates",
		Write: true, CloudOnly: true, Description: "Create a Confluence Cloud page whose body is a template's.",
	}, func(ctx context.Context, c *tool.Call, in createFromTemplateInput) (any, error) {
		if strings.TrimSpace(in.Title) == "" {
			return nil, tool.BadInput("title is empty")
		}
		if in.ParentID != "" && !tool.IsDigits(in.ParentID) {
			return nil, tool.BadInput("parent_id %q is not a numeric page id", in.ParentID)
		}
		t, err := in.read(ctx, c)
		if err != nil {
			return nil, err
		}
		page, err := c.Confluence().CreatePage(ctx, confluence.NewPage{SpaceKey: in.SpaceKey, Title: in.Title, ParentID: in.ParentID,
			Body: t.Body.Storage.Value, Representation: confluence.Storage})
		if err != nil {
			return nil, err
		}
		return map[string]any{"message": "Page created from template " + t.Name, "template_id": t.ID, "page": simplifyPage(c, page, false, true)}, nil
	})
}
