package confluencetools

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/confluence"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

type updateSectionInput struct {
	tool.PageRef
	HeadingText    string `json:"heading_text" jsonschema:"Exact, case-sensitive text of the heading that starts the section"`
	NewContent     string `json:"new_content" jsonschema:"New body of the section, without the heading itself"`
	ContentFormat  string `json:"content_format,omitempty" jsonschema:"Format of new_content: 'markdown' or 'storage'"`
	IsMinorEdit    bool   `json:"is_minor_edit,omitempty" jsonschema:"Mark the change as a minor edit"`
	VersionComment string `json:"version_comment,omitempty" jsonschema:"Comment describing the change"`
}

func updatePageSection(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_update_page_section", Title: "Update Page Section", Product: atlassian.Confluence, Toolset: "confluence_pages",
		Write: true, Destructive: true,
		Description: "Replace the body of one section of a Confluence page, found by its heading; the rest of the page (macros, layouts) is kept byte for byte.",
		Params:      map[string]tool.Param{"content_format": {Default: "markdown", Enum: []any{"markdown", "storage"}}},
	}, func(ctx context.Context, c *tool.Call, in updateSectionInput) (any, error) {
		if strings.TrimSpace(in.HeadingText) == "" {
			return nil, tool.BadInput("heading_text is empty: give the exact text of the section's heading")
		}
		fragment := in.NewContent
		switch in.ContentFormat {
		case "", "markdown":
			var err error
			if fragment, err = storageFromMarkdown("new_content", in.NewContent, false); err != nil {
				return nil, err
			}
		case "storage":
		default:
			return nil, tool.BadInput("content_format %q is not one of markdown, storage", in.ContentFormat)
		}
		conf := c.Confluence()
		page, err := conf.GetPage(ctx, in.PageID)
		if err != nil {
			return nil, err
		}
		body, err := replaceSection(page.Body, in.HeadingText, fragment)
		if errors.Is(err, errHeadingNotFound) {
			return nil, tool.BadInput("heading %q not found in page %s: heading_text must match a heading's text exactly (case-sensitive); confluence_get_page with convert_to_markdown=false shows the headings",
				strings.TrimSpace(in.HeadingText), in.PageID)
		}
		if err != nil {
			return nil, err
		}
		updated, err := conf.UpdatePage(ctx, confluence.PageUpdate{ID: in.PageID, Title: page.Title, Body: &body,
			Representation: confluence.Storage, MinorEdit: in.IsMinorEdit, Message: in.VersionComment, Base: page})
		if err != nil {
			return nil, err
		}
		return map[string]any{"message": fmt.Sprintf("Section '%s' updated successfully", strings.TrimSpace(in.HeadingText)),
			"page": simplifyPage(c, updated, false, true)}, nil
	})
}

func deletePage(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_delete_page", Title: "Delete Page", Product: atlassian.Confluence, Toolset: "confluence_pages",
		Write: true, Destructive: true,
		Description: "Delete a Confluence page (it goes to the space's trash).",
	}, func(ctx context.Context, c *tool.Call, in tool.PageRef) (any, error) {
		if err := c.Confluence().DeletePage(ctx, in.PageID); err != nil {
			return nil, err
		}
		return map[string]any{"success": true, "message": fmt.Sprintf("Page %s deleted successfully", in.PageID)}, nil
	})
}

type movePageInput struct {
	tool.PageRef
	TargetParentID string `json:"target_parent_id,omitempty" jsonschema:"Page to move under (or beside, see position)"`
	TargetSpaceKey string `json:"target_space_key,omitempty" jsonschema:"Space to move to; alone, moves to the space's home page"`
	Position       string `json:"position,omitempty" jsonschema:"'append' (child of target), 'above' or 'below' (sibling of target)"`
}

func movePage(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_move_page", Title: "Move Page", Product: atlassian.Confluence, Toolset: "confluence_pages",
		Write: true, Destructive: true,
		Description: "Move a Confluence page, with its children, under another page or to another space.",
		Params: map[string]tool.Param{
			"position":         {Default: "append", Enum: []any{"append", "above", "below"}},
			"target_parent_id": {MaxLength: tool.Length(255)}, "target_space_key": {MaxLength: tool.Length(255)},
		},
	}, func(ctx context.Context, c *tool.Call, in movePageInput) (any, error) {
		pos := map[string]confluence.MovePosition{"": confluence.MoveAppend, "append": confluence.MoveAppend,
			"above": confluence.MoveBefore, "below": confluence.MoveAfter}[in.Position]
		if pos == "" {
			return nil, tool.BadInput("position %q is not one of append, above, below", in.Position)
		}
		conf := c.Confluence()
		var target *confluence.Page
		switch {
		case in.TargetParentID != "":
			if !tool.IsDigits(in.TargetParentID) {
				return nil, tool.BadInput("target_parent_id %q is not a numeric page id", in.TargetParentID)
			}
			var err error
			if target, err = conf.PageHead(ctx, in.TargetParentID); err != nil {
				return nil, fmt.Errorf("reading the target page %s: %w", in.TargetParentID, err)
			}
			if in.TargetSpaceKey != "" && !strings.EqualFold(in.TargetSpaceKey, target.SpaceKey) {
				return nil, tool.BadInput("target_parent_id %s is in space %s, not in target_space_key %s", in.TargetParentID, target.SpaceKey, in.TargetSpaceKey)
			}
		case in.TargetSpaceKey != "":
			if pos != confluence.MoveAppend {
				return nil, tool.BadInput("position %q needs a target_parent_id to move beside", in.Position)
			}
			if err := c.CheckSpace(in.TargetSpaceKey); err != nil {
				return nil, err
			}
			home, err := spaceHomePage(ctx, conf, in.TargetSpaceKey)
			if err != nil {
				return nil, err
			}
			target = home
		default:
			return nil, tool.BadInput("give target_parent_id, target_space_key, or both")
		}
		if err := c.CheckSpace(target.SpaceKey); err != nil {
			return nil, err
		}
		if target.ID == in.PageID {
			return nil, tool.BadInput("target_parent_id is the page itself")
		}
		moved, err := conf.MovePage(ctx, in.PageID, pos, target)
		if err != nil {
			return nil, err
		}
		return map[string]any{"message": "Page moved successfully", "page": simplifyPage(c, moved, false, true)}, nil
	})
}

// spaceHomePage is the home page of a space, where a page moved to the
// space's top goes.
func spaceHomePage(ctx context.Context, conf *confluence.Client, spaceKey string) (*confluence.Page, error) {
	id, err := conf.SpaceHomePageID(ctx, spaceKey)
	if err != nil {
		return nil, err
	}
	if id == "" {
		return nil, tool.BadInput("space %s has no home page to move under: give target_parent_id", spaceKey)
	}
	return conf.PageHead(ctx, id)
}

type copyPageInput struct {
	SourcePageID        string `json:"source_page_id" jsonschema:"Id of the page to copy"`
	DestinationSpaceKey string `json:"destination_space_key" jsonschema:"Space to copy into"`
	NewTitle            string `json:"new_title" jsonschema:"Title of the copy"`
	DestinationParentID string `json:"destination_parent_id,omitempty" jsonschema:"Parent page of the copy in that space; omitted, the space's root"`
	CopyAttachments     *bool  `json:"copy_attachments,omitempty" jsonschema:"Copy attachments too (Cloud only)"`
}

func copyPage(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_copy_page", Title: "Copy Page", Product: atlassian.Confluence, Toolset: "confluence_pages",
		Write: true, Destructive: true,
		Description: "Copy a Confluence page (title and body; attachments on Cloud) to a space or under a page.",
		Params: map[string]tool.Param{
			"source_page_id": {MaxLength: tool.Length(255)}, "destination_space_key": {MaxLength: tool.Length(255)},
			"destination_parent_id": {MaxLength: tool.Length(255)}, "copy_attachments": {Default: true},
		},
	}, func(ctx context.Context, c *tool.Call, in copyPageInput) (any, error) {
		if err := c.CheckPageParam(ctx, "source_page_id", in.SourcePageID); err != nil {
			return nil, err
		}
		if strings.TrimSpace(in.DestinationSpaceKey) == "" {
			return nil, tool.BadInput("destination_space_key is empty")
		}
		if strings.TrimSpace(in.NewTitle) == "" {
			return nil, tool.BadInput("new_title is empty")
		}
		if err := c.CheckSpace(in.DestinationSpaceKey); err != nil {
			return nil, err
		}
		conf := c.Confluence()
		if in.DestinationParentID != "" {
			if !tool.IsDigits(in.DestinationParentID) {
				return nil, tool.BadInput("destination_parent_id %q is not a numeric page id", in.DestinationParentID)
			}
			parent, err := conf.PageHead(ctx, in.DestinationParentID)
			if err != nil {
				return nil, fmt.Errorf("reading the destination parent %s: %w", in.DestinationParentID, err)
			}
			if !strings.EqualFold(parent.SpaceKey, in.DestinationSpaceKey) {
				return nil, tool.BadInput("destination_parent_id %s is in space %s, not in destination_space_key %s", parent.ID, parent.SpaceKey, in.DestinationSpaceKey)
			}
		}
		page, err := conf.CopyPage(ctx, confluence.PageCopy{SourceID: in.SourcePageID, SpaceKey: in.DestinationSpaceKey,
			ParentID: in.DestinationParentID, Title: in.NewTitle, Attachments: in.CopyAttachments == nil || *in.CopyAttachments})
		if err != nil {
			return nil, err
		}
		return map[string]any{"message": "Page copied successfully", "page": simplifyPage(c, page, false, true)}, nil
	})
}
