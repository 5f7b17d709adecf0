package jira

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// SearchProjects finds projects whose key or name matches query, at most
// limit of them: Cloud's /project/search, Server/DC's project picker.
// Both answer id, key and name; Cloud answers whole projects.
func (j *Client) SearchProjects(ctx context.Context, query string, limit int) ([]map[string]any, error) {
	v := url.Values{"query": {query}, "maxResults": {strconv.Itoa(limit)}}
	if j.cloud {
		var out struct {
			Values []map[string]any `json:"values"`
		}
		err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/project/search", Query: v}, &out)
		return out.Values, err
	}
	var out struct {
		Projects []map[string]any `json:"projects"`
	}
	err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/projects/picker", Query: v}, &out)
	return out.Projects, err
}
