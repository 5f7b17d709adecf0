package confluencetools

import (
	"context"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// analyticsTools are the tools of mcp-atlassian's confluence_analytics toolset that this
// server implements, in mcp-atlassian's order.
func analyticsTools(d *Deps) []tool.Tool {
	return []tool.Tool{getPageViews(d)}
}

type pageViewsInput struct {
	tool.PageRef
	IncludeTitle *bool `json:"include_title,omitempty" jsonschema:"Include the page title"`
}

// getPageViews reads Cloud's analytics API. Server/DC has none, and
// mcp-atlassian fails the tool there; here it is hidden on Server/DC
// (CloudOnly) rather than listed and bound to fail.
func getPageViews(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_get_page_views", Title: "Get Page Views", Product: atlassian.Confluence, Toolset: "confluence_analytics",
		CloudOnly:   true,
		Description: "How many times a Confluence Cloud page was viewed.",
		Params:      map[string]tool.Param{"include_title": {Default: true}},
	}, func(ctx context.Context, c *tool.Call, in pageViewsInput) (any, error) {
		count, err := c.Confluence().PageViews(ctx, in.PageID)
		if err != nil {
			return nil, err
		}
		out := map[string]any{"page_id": in.PageID, "total_views": count}
		if in.IncludeTitle == nil || *in.IncludeTitle {
			// With a spaces allow-list, the check has read it already.
			page, err := c.ContentHead(ctx, in.PageID)
			if err != nil {
				return nil, err
			}
			out["page_title"] = page.Title
		}
		return out, nil
	})
}
