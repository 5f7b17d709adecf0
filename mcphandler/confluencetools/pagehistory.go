package confluencetools

import (
	"context"
	"fmt"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

type pageHistoryInput struct {
	tool.PageRef
	Version           int   `json:"version" jsonschema:"Version number to read (1 is the first)"`
	ConvertToMarkdown *bool `json:"convert_to_markdown,omitempty" jsonschema:"Return the body as Markdown (false: storage XHTML)"`
}

func getPageHistory(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_get_page_history", Title: "Get Page History", Product: atlassian.Confluence, Toolset: "confluence_pages",
		Description: "Get one historical version of a Confluence page: its title and body then.",
		Params:      map[string]tool.Param{"version": {Min: tool.Bound(1)}, "convert_to_markdown": {Default: true}},
	}, func(ctx context.Context, c *tool.Call, in pageHistoryInput) (any, error) {
		if in.Version < 1 {
			return nil, tool.BadInput("version must be 1 or more")
		}
		page, err := c.Confluence().PageVersion(ctx, in.PageID, in.Version)
		if atlassian.IsStatus(err, 404) {
			return nil, tool.BadInput("page %s has no version %d (or is not visible): %v", in.PageID, in.Version, err)
		}
		if err != nil {
			return nil, err
		}
		return simplifyPage(c, page, true, in.ConvertToMarkdown == nil || *in.ConvertToMarkdown), nil
	})
}

type pageDiffInput struct {
	tool.PageRef
	FromVersion int `json:"from_version" jsonschema:"Older version number"`
	ToVersion   int `json:"to_version" jsonschema:"Newer version number"`
}

func getPageDiff(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_get_page_diff", Title: "Get Page Version Diff", Product: atlassian.Confluence, Toolset: "confluence_pages",
		Description: "Unified diff between two versions of a Confluence page, over their Markdown bodies.",
		Params:      map[string]tool.Param{"from_version": {Min: tool.Bound(1)}, "to_version": {Min: tool.Bound(1)}},
	}, func(ctx context.Context, c *tool.Call, in pageDiffInput) (any, error) {
		if in.FromVersion < 1 || in.ToVersion < 1 {
			return nil, tool.BadInput("from_version and to_version must be 1 or more")
		}
		conf := c.Confluence()
		var bodies [2]string
		var title string
		for i, v := range []int{in.FromVersion, in.ToVersion} {
			page, err := conf.PageVersion(ctx, in.PageID, v)
			if atlassian.IsStatus(err, 404) {
				return nil, tool.BadInput("page %s has no version %d (or is not visible)", in.PageID, v)
			}
			if err != nil {
				return nil, fmt.Errorf("reading version %d of page %s: %w", v, in.PageID, err)
			}
			bodies[i], _ = pageMarkdown(c, page.Body, page.ID)
			title = page.Title
		}
		return map[string]any{
			"page_id": in.PageID, "title": title, "from_version": in.FromVersion, "to_version": in.ToVersion,
			"diff": unifiedDiff(bodies[0], bodies[1], fmt.Sprintf("v%d", in.FromVersion), fmt.Sprintf("v%d", in.ToVersion)),
		}, nil
	})
}
