package confluence

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Search runs CQL through the v1 search API, which both deployments serve
// (v2 has no CQL).
func (c *Client) Search(ctx context.Context, cql string, limit int) ([]SearchResult, error) {
	v := url.Values{"cql": {cql}, "limit": {strconv.Itoa(limit)}, "expand": {"content.space,content.version"}}
	var out struct {
		Results []struct {
			Content struct {
				ID    string `json:"id"`
				Type  string `json:"type"`
				Title string `json:"title"`
				Space struct {
					Key  string `json:"key"`
					Name string `json:"name"`
				} `json:"space"`
				Links struct {
					WebUI string `json:"webui"`
				} `json:"_links"`
			} `json:"content"`
			Title                 string `json:"title"`
			Excerpt               string `json:"excerpt"`
			URL                   string `json:"url"`
			LastModified          string `json:"lastModified"`
			ResultGlobalContainer struct {
				Title string `json:"title"`
			} `json:"resultGlobalContainer"`
		} `json:"results"`
	}
	if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/rest/api/search", Query: v}, &out); err != nil {
		return nil, err
	}
	results := make([]SearchResult, 0, len(out.Results))
	for _, r := range out.Results {
		sr := SearchResult{
			ID: r.Content.ID, Type: r.Content.Type, Title: r.Content.Title,
			SpaceKey: r.Content.Space.Key, SpaceName: r.Content.Space.Name,
			Excerpt: r.Excerpt, LastModified: r.LastModified,
		}
		if sr.Title == "" {
			sr.Title = r.Title
		}
		if sr.SpaceName == "" {
			sr.SpaceName = r.ResultGlobalContainer.Title
		}
		sr.URL = c.webURL(r.Content.Links.WebUI)
		if sr.URL == "" {
			sr.URL = c.webURL(r.URL)
		}
		results = append(results, sr)
	}
	return results, nil
}
