package confluence

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Template is a page content template (Cloud's v1 template API).
type Template struct {
	ID          string `json:"templateId"`
	Name        string `json:"name"`
	Type        string `json:"templateType"`
	Description string `json:"description"`
	Body        struct {
		Storage struct {
			Value string `json:"value"`
		} `json:"storage"`
	} `json:"body"`
}

// PageTemplates lists the page templates of a space, or the global ones
// when spaceKey is empty.
func (c *Client) PageTemplates(ctx context.Context, spaceKey string, limit int) ([]Template, error) {
	v := url.Values{"limit": {strconv.Itoa(limit)}}
	if spaceKey != "" {
		v.Set("spaceKey", spaceKey)
	}
	var out struct {
		Results []Template `json:"results"`
	}
	if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/rest/api/template/page", Query: v}, &out); err != nil {
		return nil, err
	}
	return out.Results, nil
}

// PageTemplate reads a template with its storage body.
func (c *Client) PageTemplate(ctx context.Context, id string) (*Template, error) {
	var t Template
	if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/rest/api/template/" + url.PathEscape(id), Query: url.Values{"expand": {"body"}}}, &t); err != nil {
		return nil, err
	}
	return &t, nil
}
