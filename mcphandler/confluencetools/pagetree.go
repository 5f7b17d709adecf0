package confluencetools

import (
	"context"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

type pageChildrenInput struct {
	ParentID          string `json:"parent_id" jsonschema:"Id of the parent page"`
	Expand            string `json:"expand,omitempty" jsonschema:"Fields to expand (kept for compatibility; body.storage also returns content)"`
	Limit             int    `json:"limit,omitempty" jsonschema:"Maximum number of children"`
	IncludeContent    bool   `json:"include_content,omitempty" jsonschema:"Include each child's body"`
	ConvertToMarkdown *bool  `json:"convert_to_markdown,omitempty" jsonschema:"Return bodies as Markdown (false: storage XHTML)"`
	Start             int    `json:"start,omitempty" jsonschema:"Index of the first child to return"`
	IncludeFolders    *bool  `json:"include_folders,omitempty" jsonschema:"Include child folders (Cloud) besides pages"`
}

func getPageChildren(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_get_page_children", Title: "Get Page Children", Product: atlassian.Confluence, Toolset: "confluence_pages",
		Description: "List the child pages (and folders) of a Confluence page.",
		Params: map[string]tool.Param{
			"expand": {Default: "version,history"}, "limit": {Default: 25, Min: tool.Bound(1), Max: tool.Bound(50)},
			"convert_to_markdown": {Default: true}, "start": {Default: 0, Min: tool.Bound(0)}, "include_folders": {Default: true},
		},
	}, func(ctx context.Context, c *tool.Call, in pageChildrenInput) (any, error) {
		if err := c.CheckPageParam(ctx, "parent_id", in.ParentID); err != nil {
			return nil, err
		}
		limit := in.Limit // Decode fills in the default
		withBody := in.IncludeContent || strings.Contains(in.Expand, "body")
		toMarkdown := in.ConvertToMarkdown == nil || *in.ConvertToMarkdown
		folders := in.IncludeFolders == nil || *in.IncludeFolders
		children, more, err := c.Confluence().Children(ctx, in.ParentID, in.Start, limit, withBody)
		if err != nil {
			return nil, err
		}
		results := make([]map[string]any, 0, len(children))
		for i := range children {
			ch := &children[i]
			if ch.Type == "folder" && !folders {
				continue
			}
			entry := simplifyPage(c, &ch.Page, withBody && ch.Type == "page", toMarkdown)
			if ch.Position != 0 {
				entry["position"] = ch.Position
			}
			results = append(results, entry)
		}
		return map[string]any{"parent_id": in.ParentID, "count": len(results), "limit_requested": limit,
			"start_requested": in.Start, "has_more": more, "results": results}, nil
	})
}

type spacePageTreeInput struct {
	tool.SpaceRef
	Limit int `json:"limit,omitempty" jsonschema:"Maximum number of pages to fetch"`
}

func getSpacePageTree(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_get_space_page_tree", Title: "Get Space Page Tree", Product: atlassian.Confluence, Toolset: "confluence_pages",
		Description: "The page hierarchy of a Confluence space as a flat list of {id, title, parent_id, position, depth}; roots have depth 0.",
		Params:      map[string]tool.Param{"limit": {Default: 100, Min: tool.Bound(1), Max: tool.Bound(1000)}},
	}, func(ctx context.Context, c *tool.Call, in spacePageTreeInput) (any, error) {
		if strings.TrimSpace(in.SpaceKey) == "" {
			return nil, tool.BadInput("space_key is empty: give a space key such as 'DEV'")
		}
		limit := in.Limit // Decode fills in the default
		pages, more, err := c.Confluence().SpacePages(ctx, in.SpaceKey, limit)
		if err != nil {
			return nil, err
		}
		parent := make(map[string]string, len(pages))
		for _, p := range pages {
			parent[p.ID] = p.ParentID
		}
		// depth counts the ancestors among the fetched pages; a page whose
		// parent was not fetched (or is outside the space) is a root here.
		depth := func(id string) int {
			n := 0
			for p, ok := parent[id]; ok && p != "" && n <= len(pages); p, ok = parent[p] {
				if _, fetched := parent[p]; !fetched {
					break
				}
				n++
			}
			return n
		}
		out := make([]map[string]any, 0, len(pages))
		for _, p := range pages {
			var parentID any
			if _, fetched := parent[p.ParentID]; fetched {
				parentID = p.ParentID
			}
			out = append(out, map[string]any{"id": p.ID, "title": p.Title, "parent_id": parentID, "position": p.Position, "depth": depth(p.ID)})
		}
		result := map[string]any{"space_key": in.SpaceKey, "total_pages": len(out), "has_more": more, "pages": out}
		if more {
			result["hint"] = "Results truncated: increase limit to see more pages."
		}
		return result, nil
	})
}
