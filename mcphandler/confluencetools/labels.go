package confluencetools

import (
	"context"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/confluence"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// labelTools are the tools of mcp-atlassian's confluence_labels toolset that this
// server implements, in mcp-atlassian's order.
func labelTools(d *Deps) []tool.Tool {
	return []tool.Tool{getLabels(d), addLabel(d)}
}

func getLabels(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_get_labels", Title: "Get Labels", Product: atlassian.Confluence, Toolset: "confluence_labels",
		Description: "List the labels of a Confluence page.",
	}, func(ctx context.Context, c *tool.Call, in tool.PageRef) (any, error) {
		labels, err := c.Confluence().Labels(ctx, in.PageID, c.ContentType(in.PageID))
		if err != nil {
			return nil, err
		}
		return simplifyLabels(labels), nil
	})
}

type addLabelInput struct {
	tool.PageRef
	Name string `json:"name" jsonschema:"Label to add: lowercase, no spaces, e.g. 'reviewed'"`
}

func addLabel(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_add_label", Title: "Add Label", Product: atlassian.Confluence, Toolset: "confluence_labels", Write: true,
		Description: "Add a label to a Confluence page; returns the page's labels.",
		Params:      map[string]tool.Param{"name": {MaxLength: tool.Length(255)}},
	}, func(ctx context.Context, c *tool.Call, in addLabelInput) (any, error) {
		name := strings.TrimSpace(in.Name)
		if name == "" || strings.ContainsAny(name, " \t\n:;,.?&[]()#^*@!") {
			return nil, tool.BadInput("name %q is not a label: use one word without spaces or any of :;,.?&[]()#^*@!, e.g. 'needs-review'", in.Name)
		}
		labels, err := c.Confluence().AddLabel(ctx, in.PageID, c.ContentType(in.PageID), strings.ToLower(name))
		if err != nil {
			return nil, err
		}
		return simplifyLabels(labels), nil
	})
}

// simplifyLabels is mcp-atlassian's label shape: id, name, prefix and
// label (the name again).
func simplifyLabels(labels []confluence.Label) []map[string]any {
	out := make([]map[string]any, 0, len(labels))
	for _, l := range labels {
		out = append(out, map[string]any{"id": l.ID, "name": l.Name, "prefix": l.Prefix, "label": l.Name})
	}
	return out
}
