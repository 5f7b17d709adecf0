package confluence

import (
	"context"
	"net/http"
	"net/url"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Label is a content label.
type Label struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Prefix string `json:"prefix"`
}

// Labels lists the labels of a page or blog post: Cloud's v2 page labels,
// Server/DC's v1 content labels.
func (c *Client) Labels(ctx context.Context, contentID string) ([]Label, error) {
	var out struct {
		Results []Label `json:"results"`
	}
	if c.cloud {
		q := url.Values{"limit": {"250"}}
		if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/api/v2/pages/" + url.PathEscape(contentID) + "/labels", Query: q}, &out); err != nil {
			return nil, err
		}
		return out.Results, nil
	}
	if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: contentPath(contentID) + "/label", Query: url.Values{"limit": {"200"}}}, &out); err != nil {
		return nil, err
	}
	return out.Results, nil
}

// AddLabel adds a global label to content and returns its labels now.
func (c *Client) AddLabel(ctx context.Context, contentID, name string) ([]Label, error) {
	var body any = []map[string]string{{"prefix": "global", "name": name}}
	if !c.cloud {
		// The DC document takes a single label object.
		body = map[string]string{"prefix": "global", "name": name}
	}
	if err := c.do(ctx, atlassian.Request{Method: http.MethodPost, Path: contentPath(contentID) + "/label", Body: body}, nil); err != nil {
		return nil, err
	}
	return c.Labels(ctx, contentID)
}
