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

// maxLabelsListed bounds the cursor walk of a v2 label list.
const maxLabelsListed = 1000

// Labels lists the labels of a page or blog post (contentType: see
// content.go): Cloud's v2 page or blog post labels, following their
// cursor up to maxLabelsListed, Server/DC's v1 content labels.
func (c *Client) Labels(ctx context.Context, contentID, contentType string) ([]Label, error) {
	if c.cloud {
		var labels []Label
		q := url.Values{"limit": {"250"}}
		_, err := onV2Content(contentType, func(collection string) error {
			path := "/api/v2/" + collection + "/" + url.PathEscape(contentID) + "/labels"
			var err error
			labels, err = listV2[Label](ctx, c, path, q, maxLabelsListed)
			return err
		})
		if err != nil {
			return nil, err
		}
		return labels, nil
	}
	var out struct {
		Results []Label `json:"results"`
	}
	if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: contentPath(contentID) + "/label", Query: url.Values{"limit": {"200"}}}, &out); err != nil {
		return nil, err
	}
	return out.Results, nil
}

// AddLabel adds a global label to content and returns its labels now. The
// v1 content label route serves pages and blog posts alike on both
// deployments; contentType only spares Cloud's re-read a guess.
func (c *Client) AddLabel(ctx context.Context, contentID, contentType, name string) ([]Label, error) {
	var body any = []map[string]string{{"prefix": "global", "name": name}}
	if !c.cloud {
		// The DC document takes a single label object.
		body = map[string]string{"prefix": "global", "name": name}
	}
	if err := c.do(ctx, atlassian.Request{Method: http.MethodPost, Path: contentPath(contentID) + "/label", Body: body}, nil); err != nil {
		return nil, err
	}
	return c.Labels(ctx, contentID, contentType)
}
