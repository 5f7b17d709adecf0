package confluencetools

import (
	"context"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/confluence"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

func getPageRestrictions(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_get_page_restrictions", Title: "Get Page Restrictions", Product: atlassian.Confluence, Toolset: "confluence_pages",
		Description: "Who may view (read) and edit (update) a Confluence page: users (account ids on Cloud, usernames on Server/DC) and groups.",
	}, func(ctx context.Context, c *tool.Call, in tool.PageRef) (any, error) {
		return c.Confluence().PageRestrictions(ctx, in.PageID)
	})
}

type setRestrictionsInput struct {
	tool.PageRef
	ReadUsers  []string `json:"read_users,omitempty" jsonschema:"Users who may view: account ids (Cloud) or usernames (Server/DC); empty lifts the restriction"`
	ReadGroups []string `json:"read_groups,omitempty" jsonschema:"Groups who may view"`
	EditUsers  []string `json:"edit_users,omitempty" jsonschema:"Users who may edit"`
	EditGroups []string `json:"edit_groups,omitempty" jsonschema:"Groups who may edit"`
}

func setPageRestrictions(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_set_page_restrictions", Title: "Set Page Restrictions", Product: atlassian.Confluence, Toolset: "confluence_pages",
		Write: true, Destructive: true,
		Description: "Replace a Confluence page's view and edit restrictions; empty lists remove them.",
	}, func(ctx context.Context, c *tool.Call, in setRestrictionsInput) (any, error) {
		r := confluence.Restrictions{
			Read:   confluence.Restriction{Users: cleanList(in.ReadUsers), Groups: cleanList(in.ReadGroups)},
			Update: confluence.Restriction{Users: cleanList(in.EditUsers), Groups: cleanList(in.EditGroups)},
		}
		conf := c.Confluence()
		if err := conf.SetPageRestrictions(ctx, in.PageID, r); err != nil {
			return nil, err
		}
		return map[string]any{"message": "Page restrictions updated successfully", "restrictions": r}, nil
	})
}

// cleanList trims entries and drops empty ones; never nil, so the result
// lists [] rather than null.
func cleanList(in []string) []string {
	out := []string{}
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
