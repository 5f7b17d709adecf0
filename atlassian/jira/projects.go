package jira

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Projects lists the projects the user can see: the paged
// /project/search on Cloud, the plain /project list on Server/DC.
func (j *Client) Projects(ctx context.Context, includeArchived bool) ([]map[string]any, error) {
	if !j.cloud {
		v := url.Values{"expand": {"description,lead"}, "includeArchived": {strconv.FormatBool(includeArchived)}}
		var out []map[string]any
		err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/project", Query: v}, &out)
		return out, err
	}
	statuses := []string{"live"}
	if includeArchived {
		statuses = append(statuses, "archived")
	}
	var all []map[string]any
	for startAt := 0; ; {
		v := url.Values{"expand": {"description,lead"}, "status": statuses, "startAt": {strconv.Itoa(startAt)}, "maxResults": {"50"}}
		var out struct {
			Values []map[string]any `json:"values"`
			IsLast bool             `json:"isLast"`
		}
		if err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/project/search", Query: v}, &out); err != nil {
			return nil, err
		}
		all = append(all, out.Values...)
		if out.IsLast || len(out.Values) == 0 {
			return all, nil
		}
		startAt += len(out.Values)
	}
}

// Project reads one project (its type tells service desks apart).
func (j *Client) Project(ctx context.Context, key string) (map[string]any, error) {
	var out map[string]any
	err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/project/" + url.PathEscape(key)}, &out)
	return out, err
}
