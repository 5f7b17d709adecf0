package confluence

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// PermissionCheck is Cloud's answer to "may this user or group do this
// to that content".
type PermissionCheck struct {
	HasPermission bool `json:"hasPermission"`
	Errors        []struct {
		Translation string `json:"translation"`
		Key         string `json:"key"`
	} `json:"errors"`
}

// CheckContentPermission asks Cloud whether a subject (type "user" with an
// account id, or "group" with a group id) may perform operation on
// content.
func (c *Client) CheckContentPermission(ctx context.Context, contentID, subjectType, identifier, operation string) (*PermissionCheck, error) {
	body := map[string]any{"subject": map[string]any{"type": subjectType, "identifier": identifier}, "operation": operation}
	var out PermissionCheck
	if err := c.do(ctx, atlassian.Request{Method: http.MethodPost, Path: contentPath(contentID) + "/permission/check", Body: body, Idempotent: true}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// SpacePermissions is one page of a space's permission assignments, as
// Cloud's v2 API lists them (never nil); Next is the cursor of the
// following page.
type SpacePermissions struct {
	Results []json.RawMessage
	Next    string
}

// SpacePermissionAssignments lists who may do what in a space (by numeric
// space id), a page at a time.
func (c *Client) SpacePermissionAssignments(ctx context.Context, spaceID string, limit int, cursor string) (*SpacePermissions, error) {
	v := url.Values{"limit": {strconv.Itoa(limit)}}
	if cursor != "" {
		v.Set("cursor", cursor)
	}
	var out struct {
		Results []json.RawMessage `json:"results"`
		Links   struct {
			Next string `json:"next"`
		} `json:"_links"`
	}
	if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/api/v2/spaces/" + url.PathEscape(spaceID) + "/permissions", Query: v}, &out); err != nil {
		return nil, err
	}
	sp := &SpacePermissions{Results: out.Results}
	if sp.Results == nil {
		sp.Results = []json.RawMessage{}
	}
	if out.Links.Next != "" {
		sp.Next = cursorOf(out.Links.Next)
	}
	return sp, nil
}

// SpaceKeyByID is the key of a space named by its numeric id (Cloud).
func (c *Client) SpaceKeyByID(ctx context.Context, spaceID string) (string, error) {
	key, _, err := c.spaceByID(ctx, spaceID)
	return key, err
}
