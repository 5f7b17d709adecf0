package jira

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// BulkTask is the progress of an asynchronous bulk operation (Cloud).
type BulkTask struct {
	TaskID                    string              `json:"taskId"`
	Status                    string              `json:"status"`
	ProgressPercent           int                 `json:"progressPercent"`
	ProcessedAccessibleIssues []int64             `json:"processedAccessibleIssues"`
	FailedAccessibleIssues    map[string][]string `json:"failedAccessibleIssues"`
}

// ErrCloudOnly is returned by calls that only Jira Cloud offers.
var ErrCloudOnly = errors.New("this operation is only available on Jira Cloud")

// SubmitMove starts moving issues of one issue type into a project (Cloud
// bulk move); Jira infers defaults for fields the target lacks. It
// answers the task to poll with BulkProgress.
func (j *Client) SubmitMove(ctx context.Context, targetProject, issueTypeID string, issues []string) (string, error) {
	if !j.cloud {
		return "", ErrCloudOnly
	}
	body := map[string]any{
		"sendBulkNotification": false,
		"targetToSourcesMapping": map[string]any{
			targetProject + "," + issueTypeID: map[string]any{
				"issueIdsOrKeys":              issues,
				"inferClassificationDefaults": true,
				"inferFieldDefaults":          true,
				"inferStatusDefaults":         true,
				"inferSubtaskTypeDefault":     true,
			},
		},
	}
	var out struct {
		TaskID string `json:"taskId"`
	}
	err := j.do(ctx, atlassian.Request{Method: http.MethodPost, Path: "/bulk/issues/move", Body: body}, &out)
	return out.TaskID, err
}

// BulkProgress reads the state of a bulk operation.
func (j *Client) BulkProgress(ctx context.Context, taskID string) (*BulkTask, error) {
	var out BulkTask
	err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/bulk/queue/" + url.PathEscape(taskID)}, &out)
	return &out, err
}
