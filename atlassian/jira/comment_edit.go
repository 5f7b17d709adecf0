package jira

import (
	"context"
	"net/http"
	"net/url"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// UpdateComment replaces a comment's body (ADF on Cloud, wiki on
// Server/DC) and, when visibility is not nil, its visibility.
func (j *Client) UpdateComment(ctx context.Context, key, id string, body any, visibility map[string]any) (map[string]any, error) {
	req := map[string]any{"body": body}
	if visibility != nil {
		req["visibility"] = visibility
	}
	var out map[string]any
	err := j.do(ctx, atlassian.Request{Method: http.MethodPut, Path: issuePath(key) + "/comment/" + url.PathEscape(id), Body: req}, &out)
	return out, err
}
