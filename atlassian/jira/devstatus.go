package jira

import (
	"context"
	"net/http"
	"net/url"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// devStatusAPI is the development panel's REST root (the dev-status
// plugin), the same on Cloud and Server/DC; Atlassian documents it
// nowhere, and it wants the numeric issue id, not the key.
const devStatusAPI = "/rest/dev-status/1.0/issue"

// DevSummary counts an issue's linked pull requests, branches and
// repositories per application type.
func (j *Client) DevSummary(ctx context.Context, issueID string) (map[string]any, error) {
	var out map[string]any
	err := j.rest.Do(ctx, atlassian.Request{Method: http.MethodGet, Path: devStatusAPI + "/summary", Query: url.Values{"issueId": {issueID}}}, &out)
	return out, err
}

// DevDetail lists an issue's development data of one application type
// (case-sensitive: stash, bitbucket, GitHub, GitLab, ...) and, when
// dataType is not empty, of one kind (pullrequest, branch, repository).
func (j *Client) DevDetail(ctx context.Context, issueID, appType, dataType string) (map[string]any, error) {
	v := url.Values{"issueId": {issueID}, "applicationType": {appType}}
	setNonEmpty(v, "dataType", dataType)
	var out map[string]any
	err := j.rest.Do(ctx, atlassian.Request{Method: http.MethodGet, Path: devStatusAPI + "/detail", Query: v}, &out)
	return out, err
}
