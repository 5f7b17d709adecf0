package jira

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Issue is a Jira issue as Jira returns it; fields stay raw JSON values
// because their shape depends on the field (custom fields above all).
type Issue struct {
	ID             string            `json:"id"`
	Key            string            `json:"key"`
	Self           string            `json:"self"`
	Fields         map[string]any    `json:"fields"`
	Names          map[string]string `json:"names,omitempty"`
	RenderedFields map[string]any    `json:"renderedFields,omitempty"`
	Changelog      map[string]any    `json:"changelog,omitempty"`
}

// ProjectKey is the key of the project the issue lives in now, when the
// project field was read; a moved issue answers under its old key with
// its new project.
func (is *Issue) ProjectKey() (string, bool) {
	p, ok := is.Fields["project"].(map[string]any)
	if !ok {
		return "", false
	}
	key, ok := p["key"].(string)
	return key, ok
}

// IssueQuery narrows what GetIssue returns.
type IssueQuery struct {
	Fields        []string
	Expand        string
	Properties    string
	UpdateHistory bool
}

func issuePath(key string) string { return "/issue/" + url.PathEscape(key) }

// GetIssue reads one issue.
func (j *Client) GetIssue(ctx context.Context, key string, q IssueQuery) (*Issue, error) {
	v := url.Values{}
	if len(q.Fields) > 0 {
		v.Set("fields", strings.Join(q.Fields, ","))
	}
	if q.Expand != "" {
		v.Set("expand", q.Expand)
	}
	if q.Properties != "" {
		v.Set("properties", q.Properties)
	}
	if q.UpdateHistory {
		v.Set("updateHistory", "true")
	}
	var out Issue
	err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: issuePath(key), Query: v}, &out)
	return &out, err
}

// IssueProject reads only the project an issue lives in now: the
// allow-list is checked on it, since a moved issue keeps answering to its
// old key.
func (j *Client) IssueProject(ctx context.Context, key string) (string, error) {
	is, err := j.GetIssue(ctx, key, IssueQuery{Fields: []string{"project"}})
	if err != nil {
		return "", err
	}
	p, _ := is.ProjectKey()
	return p, nil
}

// CreatedIssue is Jira's answer to a create.
type CreatedIssue struct {
	ID   string `json:"id"`
	Key  string `json:"key"`
	Self string `json:"self"`
}

// CreateIssue creates an issue from a fields map in the deployment's dialect.
func (j *Client) CreateIssue(ctx context.Context, fields map[string]any) (*CreatedIssue, error) {
	var out CreatedIssue
	err := j.do(ctx, atlassian.Request{Method: http.MethodPost, Path: "/issue", Body: map[string]any{"fields": fields}}, &out)
	return &out, err
}

// UpdateIssue edits fields (set) and applies update operations.
func (j *Client) UpdateIssue(ctx context.Context, key string, fields, update map[string]any) error {
	body := map[string]any{}
	if len(fields) > 0 {
		body["fields"] = fields
	}
	if len(update) > 0 {
		body["update"] = update
	}
	return j.do(ctx, atlassian.Request{Method: http.MethodPut, Path: issuePath(key), Body: body}, nil)
}

// Comments returns the newest limit comments of an issue, oldest first.
func (j *Client) Comments(ctx context.Context, key string, limit int) ([]map[string]any, error) {
	v := url.Values{"maxResults": {strconv.Itoa(limit)}, "orderBy": {"-created"}}
	var out struct {
		Comments []map[string]any `json:"comments"`
	}
	if err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: issuePath(key) + "/comment", Query: v}, &out); err != nil {
		return nil, err
	}
	// Asked newest first so the limit keeps the latest; show them in order.
	for i, k := 0, len(out.Comments)-1; i < k; i, k = i+1, k-1 {
		out.Comments[i], out.Comments[k] = out.Comments[k], out.Comments[i]
	}
	return out.Comments, nil
}

// AddComment posts a comment; body is ADF on Cloud and a wiki string on
// Server/DC. visibility may be nil.
func (j *Client) AddComment(ctx context.Context, key string, body any, visibility map[string]any) (map[string]any, error) {
	req := map[string]any{"body": body}
	if visibility != nil {
		req["visibility"] = visibility
	}
	var out map[string]any
	err := j.do(ctx, atlassian.Request{Method: http.MethodPost, Path: issuePath(key) + "/comment", Body: req}, &out)
	return out, err
}
