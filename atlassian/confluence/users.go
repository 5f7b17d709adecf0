package confluence

import (
	"context"
	"net/http"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// CurrentUser returns the authenticated user.
func (c *Client) CurrentUser(ctx context.Context) (map[string]any, error) {
	var out map[string]any
	err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/rest/api/user/current"}, &out)
	return out, err
}
