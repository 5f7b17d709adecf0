package jira

import (
	"context"
	"net/http"
	"net/url"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// FindUsers searches users by name or email (Cloud: query; Server/DC:
// username, which also matches names and emails).
func (j *Client) FindUsers(ctx context.Context, query string) ([]map[string]any, error) {
	v := url.Values{"maxResults": {"10"}}
	if j.cloud {
		v.Set("query", query)
	} else {
		v.Set("username", query)
	}
	var out []map[string]any
	err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/user/search", Query: v}, &out)
	return out, err
}

// Myself returns the authenticated user.
func (j *Client) Myself(ctx context.Context) (map[string]any, error) {
	var out map[string]any
	err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/myself"}, &out)
	return out, err
}
