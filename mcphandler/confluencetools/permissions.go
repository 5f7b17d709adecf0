package confluencetools

import (
	"context"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// permissionTools are the tools of mcp-atlassian's confluence_permissions
// toolset, in mcp-atlassian's order. Both use Cloud-only APIs; mcp-atlassian
// fails them on Server/DC, this server hides them there.
func permissionTools(d *Deps) []tool.Tool {
	return []tool.Tool{checkContentPermissions(d), getSpacePermissions(d)}
}

type checkPermissionInput struct {
	contentRef
	UserIdentifier string `json:"user_identifier" jsonschema:"Account id of the user, or group id when subject_type is group"`
	Operation      string `json:"operation" jsonschema:"Operation to check: read, update or delete"`
	SubjectType    string `json:"subject_type,omitempty" jsonschema:"Whether user_identifier names a user or a group"`
}

func checkContentPermissions(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_check_content_permissions", Title: "Check Content Permissions", Product: atlassian.Confluence, Toolset: "confluence_permissions",
		CloudOnly: true, Description: "Check whether a user or group may read, update or delete Confluence Cloud content.",
		Params: map[string]tool.Param{"subject_type": {Default: "user", Enum: []any{"user", "group"}}},
	}, func(ctx context.Context, c *tool.Call, in checkPermissionInput) (any, error) {
		if err := in.check(ctx, c); err != nil {
			return nil, err
		}
		if strings.TrimSpace(in.UserIdentifier) == "" {
			return nil, tool.BadInput("user_identifier is empty: give an account id (or a group id with subject_type group)")
		}
		op := strings.ToLower(strings.TrimSpace(in.Operation))
		if op == "" {
			return nil, tool.BadInput("operation is empty: give read, update or delete")
		}
		res, err := c.Confluence().CheckContentPermission(ctx, in.ContentID, in.SubjectType, in.UserIdentifier, op)
		if err != nil {
			return nil, err
		}
		out := map[string]any{"content_id": in.ContentID, "subject": map[string]any{"type": in.SubjectType, "identifier": in.UserIdentifier},
			"operation": op, "hasPermission": res.HasPermission}
		var reasons []string
		for _, e := range res.Errors {
			reasons = append(reasons, e.Translation)
		}
		if len(reasons) > 0 {
			out["errors"] = reasons
		}
		return out, nil
	})
}

type spacePermissionsInput struct {
	SpaceID string `json:"space_id" jsonschema:"Numeric space id (not the key)"`
	Limit   int    `json:"limit,omitempty" jsonschema:"Maximum number of assignments"`
	Cursor  string `json:"cursor,omitempty" jsonschema:"Cursor from a previous answer's next_cursor"`
}

func getSpacePermissions(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_get_space_permissions", Title: "Get Space Permissions", Product: atlassian.Confluence, Toolset: "confluence_permissions",
		CloudOnly: true, Description: "List who (user, group or role) may do what in a Confluence Cloud space.",
		Params: map[string]tool.Param{"limit": {Default: 25, Min: tool.Bound(1)}, "space_id": {MaxLength: tool.Length(64)},
			"cursor": {MaxLength: tool.Length(4096)}},
	}, func(ctx context.Context, c *tool.Call, in spacePermissionsInput) (any, error) {
		if !tool.IsDigits(in.SpaceID) {
			return nil, tool.BadInput("space_id %q is not a numeric space id: the id, not the key", in.SpaceID)
		}
		conf := c.Confluence()
		if len(c.Filter) > 0 {
			key, err := conf.SpaceKeyByID(ctx, in.SpaceID)
			if err != nil {
				return nil, err
			}
			if err := c.CheckSpace(key); err != nil {
				return nil, err
			}
		}
		page, err := conf.SpacePermissionAssignments(ctx, in.SpaceID, min(max(in.Limit, 1), 250), in.Cursor) // v2 pages at most 250
		if err != nil {
			return nil, err
		}
		out := map[string]any{"space_id": in.SpaceID, "results": page.Results, "count": len(page.Results)}
		if page.Next != "" {
			out["next_cursor"] = page.Next
		}
		return out, nil
	})
}
