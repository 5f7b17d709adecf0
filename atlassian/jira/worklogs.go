package jira

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// worklogsPage is the page size of worklog reads: Jira answers few entries
// a page when not asked, so an issue with many would look short.
const worklogsPage = 100

// IssueWorklogs reads every worklog entry of an issue, oldest first, page
// by page.
func (j *Client) IssueWorklogs(ctx context.Context, key string) ([]map[string]any, error) {
	var all []map[string]any
	for startAt := 0; ; {
		v := url.Values{"startAt": {strconv.Itoa(startAt)}, "maxResults": {strconv.Itoa(worklogsPage)}}
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

// NewWorklog is one entry of work logged on an issue.
type NewWorklog struct {
	TimeSpent string // Jira duration: "1h 30m", "2d"
	Started   string // Jira timestamp: 2026-01-02T15:04:05.000+0000
	Comment   any    // ADF on Cloud, a wiki string on Server/DC; nil for none
	// RemainingEstimate, when set, becomes the issue's remaining estimate
	// (adjustEstimate=new); otherwise Jira reduces it by the time spent.
	RemainingEstimate string
}

// AddWorklog logs work on an issue and answers the stored entry.
func (j *Client) AddWorklog(ctx context.Context, key string, w NewWorklog) (map[string]any, error) {
	body := map[string]any{"timeSpent": w.TimeSpent, "started": w.Started}
	if w.Comment != nil {
		body["comment"] = w.Comment
	}
	var v url.Values
	if w.RemainingEstimate != "" {
		v = url.Values{"adjustEstimate": {"new"}, "newEstimate": {w.RemainingEstimate}}
	}
	var out map[string]any
	err := j.do(ctx, atlassian.Request{Method: http.MethodPost, Path: issuePath(key) + "/worklog", Query: v, Body: body}, &out)
	return out, err
}
