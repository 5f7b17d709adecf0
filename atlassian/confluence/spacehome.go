package confluence

import (
	"context"
	"net/http"
	"net/url"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// SpaceHomePageID is the id of a space's home page, "" when it has none.
func (c *Client) SpaceHomePageID(ctx context.Context, key string) (string, error) {
	if c.cloud {
		id, err := c.SpaceID(ctx, key)
		if err != nil {
			return "", err
		}
		var out struct {
			HomepageID string `json:"homepageId"`
		}
		err = c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/api/v2/spaces/" + url.PathEscape(id)}, &out)
		return out.HomepageID, err
	}
	var out struct {
		Homepage struct {
			ID string `json:"id"`
		} `json:"homepage"`
	}
	err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/rest/api/space/" + url.PathEscape(key), Query: url.Values{"expand": {"homepage"}}}, &out)
	return out.Homepage.ID, err
}
