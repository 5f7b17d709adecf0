package confluence

import (
	"context"
	"net/http"
	"net/url"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// PageViews is the total number of views of a page (Cloud analytics).
func (c *Client) PageViews(ctx context.Context, pageID string) (int, error) {
	var out struct {
		Count int `json:"count"`
	}
	err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/rest/api/analytics/content/" + url.PathEscape(pageID) + "/views"}, &out)
	return out.Count, err
}
