package jira

import (
	"context"
	"net/http"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Statuses lists every workflow status of the site with its category.
func (j *Client) Statuses(ctx context.Context) ([]map[string]any, error) {
	var out []map[string]any
	err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/status"}, &out)
	return out, err
}
