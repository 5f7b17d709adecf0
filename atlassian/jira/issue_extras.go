package jira

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// RemoteLinks lists an issue's links to web pages and other applications.
func (j *Client) RemoteLinks(ctx context.Context, key string) ([]map[string]any, error) {
	var out []map[string]any
	err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: issuePath(key) + "/remotelink"}, &out)
	return out, err
}

// worklogPage is the page size of worklog reads; Jira answers 20 a page
// when not asked, so an issue with more would look short.
const worklogPage = 100

// Worklogs reads every worklog entry of an issue, page by page.
func (j *Client) Worklogs(ctx context.Context, key string) ([]map[string]any, error) {
	var all []map[string]any
	for startAt := 0; ; {
		v := url.Values{"startAt": {strconv.Itoa(startAt)}, "maxResults": {strconv.Itoa(worklogPage)}}
		var out struct {
			Worklogs []map[string]any `json:"worklogs"`
			Total    int              `json:"total"`
		}
		if err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: issuePath(key) + "/worklog", Query: v}, &out); err != nil {
			return nil, err
		}
		all = append(all, out.Worklogs...)
		startAt += len(out.Worklogs)
		if len(out.Worklogs) == 0 || startAt >= out.Total {
			return all, nil
		}
	}
}
