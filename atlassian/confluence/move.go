package confluence

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// MovePosition places a moved page relative to its target: as the
// target's last child, or as its sibling before or after it.
type MovePosition string

const (
	MoveAppend MovePosition = "append"
	MoveBefore MovePosition = "before"
	MoveAfter  MovePosition = "after"
)

// MovePage moves a page (with its descendants) relative to the target
// page, possibly into the target's space. Cloud has a move endpoint; on
// Server/DC the page is rewritten with its new parent, which places it
// last among the new siblings: before and after keep only the parent
// there.
func (c *Client) MovePage(ctx context.Context, id string, pos MovePosition, target *Page) (*Page, error) {
	if c.cloud {
		path := contentPath(id) + "/move/" + url.PathEscape(string(pos)) + "/" + url.PathEscape(target.ID)
		if err := c.do(ctx, atlassian.Request{Method: http.MethodPut, Path: path}, nil); err != nil {
			return nil, err
		}
		return c.GetPage(ctx, id)
	}
	cur, err := c.GetPage(ctx, id)
	if err != nil {
		return nil, err
	}
	parent := target.ID
	if pos != MoveAppend {
		if parent = target.ParentID; parent == "" {
			return nil, fmt.Errorf("page %s is at the root of its space: Server/DC cannot place a page beside it, move it under a page instead", target.ID)
		}
	}
	body := map[string]any{
		"id": id, "type": "page", "title": cur.Title, "space": map[string]any{"key": target.SpaceKey},
		"ancestors": []map[string]any{{"id": parent}},
		"body":      bodyV1(Storage, cur.Body),
		"version":   map[string]any{"number": cur.Version + 1, "minorEdit": true, "message": "Moved"},
	}
	if err := c.do(ctx, atlassian.Request{Method: http.MethodPut, Path: contentPath(id), Body: body}, nil); err != nil {
		return nil, err
	}
	return c.GetPage(ctx, id)
}

// PageCopy describes a copy of a page.
type PageCopy struct {
	SourceID string
	SpaceKey string
	ParentID string // "" for the space's root (Cloud) or home page (DC)
	Title    string
	// Attachments copies the attachments too; Cloud only, Server/DC copies
	// the title and body.
	Attachments bool
}

// CopyPage copies a page and returns the copy. Cloud copies server-side;
// Server/DC has no copy endpoint, so the source is read and a new page
// created from its body.
func (c *Client) CopyPage(ctx context.Context, pc PageCopy) (*Page, error) {
	if !c.cloud {
		src, err := c.GetPage(ctx, pc.SourceID)
		if err != nil {
			return nil, err
		}
		return c.CreatePage(ctx, NewPage{SpaceKey: pc.SpaceKey, Title: pc.Title, ParentID: pc.ParentID, Body: src.Body, Representation: Storage})
	}
	dest := map[string]any{"type": "space", "value": pc.SpaceKey}
	if pc.ParentID != "" {
		dest = map[string]any{"type": "parent_page", "value": pc.ParentID}
	}
	body := map[string]any{
		"copyAttachments": pc.Attachments, "copyPermissions": false, "copyProperties": false, "copyLabels": false,
		"pageTitle": pc.Title, "destination": dest,
	}
	var out struct {
		ID string `json:"id"`
	}
	if err := c.do(ctx, atlassian.Request{Method: http.MethodPost, Path: contentPath(pc.SourceID) + "/copy", Body: body}, &out); err != nil {
		return nil, err
	}
	return c.GetPage(ctx, out.ID)
}
