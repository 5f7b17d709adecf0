package confluence

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// PageVersion reads one version of a page, with that version's title and
// storage body.
func (c *Client) PageVersion(ctx context.Context, id string, version int) (*Page, error) {
	n := strconv.Itoa(version)
	if c.cloud {
		var p pageV2
		q := url.Values{"body-format": {"storage"}, "version": {n}}
		if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/api/v2/pages/" + url.PathEscape(id), Query: q}, &p); err != nil {
			return nil, err
		}
		return v2{c}.page(ctx, &p), nil
	}
	var p contentV1
	q := url.Values{"version": {n}, "status": {"historical"}, "expand": {contentExpand}}
	if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: contentPath(id), Query: q}, &p); err != nil {
		return nil, err
	}
	return v1{c}.page(&p), nil
}

// DeletePage moves a page to the space's trash.
func (c *Client) DeletePage(ctx context.Context, id string) error {
	path := contentPath(id)
	if c.cloud {
		path = "/api/v2/pages/" + url.PathEscape(id)
	}
	return c.do(ctx, atlassian.Request{Method: http.MethodDelete, Path: path}, nil)
}
