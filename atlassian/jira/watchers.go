package jira

import (
	"context"
	"net/http"
	"net/url"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Watchers is who watches an issue.
type Watchers struct {
	IsWatching bool             `json:"isWatching"`
	WatchCount int              `json:"watchCount"`
	Watchers   []map[string]any `json:"watchers"`
}

// IssueWatchers lists the watchers of an issue.
func (j *Client) IssueWatchers(ctx context.Context, key string) (*Watchers, error) {
	var out Watchers
	err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: issuePath(key) + "/watchers"}, &out)
	return &out, err
}

// AddWatcher adds a user (account id on Cloud, username on Server/DC);
// Jira takes the identity as a bare JSON string.
func (j *Client) AddWatcher(ctx context.Context, key, user string) error {
	return j.do(ctx, atlassian.Request{Method: http.MethodPost, Path: issuePath(key) + "/watchers", Body: user}, nil)
}

// RemoveWatcher removes a user: by accountId on Cloud, by username on
// Server/DC.
func (j *Client) RemoveWatcher(ctx context.Context, key, user string) error {
	v := url.Values{"username": {user}}
	if j.cloud {
		v = url.Values{"accountId": {user}}
	}
	return j.do(ctx, atlassian.Request{Method: http.MethodDelete, Path: issuePath(key) + "/watchers", Query: v}, nil)
}
