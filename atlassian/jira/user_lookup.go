package jira

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// User reads one user by account id (Cloud) or by username or key
// (Server/DC): by names the query parameter, e.g. "accountId".
func (j *Client) User(ctx context.Context, by, value string) (map[string]any, error) {
	var out map[string]any
	err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/user", Query: url.Values{by: {value}}}, &out)
	return out, err
}

// AssignableQuery is a search for users who may be assigned issues of a
// project or one issue.
type AssignableQuery struct {
	Query     string // name, username or email fragment
	AccountID string // Cloud: one account instead of Query
	Project   string
	IssueKey  string
	Limit     int
}

// AssignableUsers searches users who can be assigned in a project or
// issue; it works without the global Browse Users permission.
func (j *Client) AssignableUsers(ctx context.Context, q AssignableQuery) ([]map[string]any, error) {
	v := url.Values{"maxResults": {strconv.Itoa(q.Limit)}}
	switch {
	case q.AccountID != "":
		v.Set("accountId", q.AccountID)
	case j.cloud:
		v.Set("query", q.Query)
	default:
		v.Set("username", q.Query)
	}
	if q.IssueKey != "" {
		v.Set("issueKey", q.IssueKey)
	} else {
		v.Set("project", q.Project)
	}
	var out []map[string]any
	err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/user/assignable/search", Query: v}, &out)
	return out, err
}
