package confluence

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// SpaceID resolves a space key to the numeric id the v2 API wants (Cloud).
func (c *Client) SpaceID(ctx context.Context, key string) (string, error) {
	var out struct {
		Results []struct {
			ID  string `json:"id"`
			Key string `json:"key"`
		} `json:"results"`
	}
	if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/api/v2/spaces", Query: url.Values{"keys": {key}}}, &out); err != nil {
		return "", err
	}
	for _, s := range out.Results {
		if strings.EqualFold(s.Key, key) {
			return s.ID, nil
		}
	}
	return "", fmt.Errorf("Confluence space %q not found or not visible to this user", key)
}
