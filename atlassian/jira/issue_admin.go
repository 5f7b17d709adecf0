package jira

import (
	"context"
	"net/http"
	"net/url"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// AssignIssue sets the assignee through the dedicated endpoint, which some
// sites honour where an edit of the assignee field is ignored. user is
// {"accountId"} on Cloud or {"name"} on Server/DC; nil unassigns.
func (j *Client) AssignIssue(ctx context.Context, key string, user map[string]any) error {
	body := user
	if body == nil {
		body = map[string]any{"name": nil}
		if j.cloud {
			body = map[string]any{"accountId": nil}
		}
	}
	return j.do(ctx, atlassian.Request{Method: http.MethodPut, Path: issuePath(key) + "/assignee", Body: body}, nil)
}

// DeleteIssue deletes an issue with its sub-tasks.
func (j *Client) DeleteIssue(ctx context.Context, key string) error {
	v := url.Values{"deleteSubtasks": {"true"}}
	return j.do(ctx, atlassian.Request{Method: http.MethodDelete, Path: issuePath(key), Query: v}, nil)
}

// BulkCreated is Jira's answer to a bulk create: the issues it made and,
// per failed element, why.
type BulkCreated struct {
	Issues []CreatedIssue `json:"issues"`
	Errors []struct {
		Status              int `json:"status"`
		FailedElementNumber int `json:"failedElementNumber"`
		ElementErrors       struct {
			ErrorMessages []string          `json:"errorMessages"`
			Errors        map[string]string `json:"errors"`
		} `json:"elementErrors"`
	} `json:"errors"`
}

// CreateIssues creates several issues in one request, each from a fields
// map in the deployment's dialect.
func (j *Client) CreateIssues(ctx context.Context, fields []map[string]any) (*BulkCreated, error) {
	updates := make([]any, len(fields))
	for i, f := range fields {
		updates[i] = map[string]any{"fields": f}
	}
	var out BulkCreated
	err := j.do(ctx, atlassian.Request{Method: http.MethodPost, Path: "/issue/bulk", Body: map[string]any{"issueUpdates": updates}}, &out)
	return &out, err
}
