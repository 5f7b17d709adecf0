package jira

import (
	"context"
	"net/http"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// RemoteLinks lists an issue's links to web pages and other applications.
func (j *Client) RemoteLinks(ctx context.Context, key string) ([]map[string]any, error) {
	var out []map[string]any
	err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: issuePath(key) + "/remotelink"}, &out)
	return out, err
}
