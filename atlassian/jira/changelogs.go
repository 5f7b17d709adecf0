package jira

import (
	"context"
	"net/http"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// IssueChangelog is the change history of one issue.
type IssueChangelog struct {
	IssueID         string           `json:"issueId"`
	ChangeHistories []map[string]any `json:"changeHistories"`
}

// changelogPage is the most Jira returns per bulk changelog request.
const changelogPage = 1000

// BulkChangelogs reads the changelogs of several issues (Cloud only),
// following nextPageToken until every page is read. fieldIDs, when given,
// keeps only changes of those fields.
func (j *Client) BulkChangelogs(ctx context.Context, issues, fieldIDs []string) ([]IssueChangelog, error) {
	if !j.cloud {
		return nil, ErrCloudOnly
	}
	byIssue := map[string]int{}
	var all []IssueChangelog
	for token := ""; ; {
		body := map[string]any{"issueIdsOrKeys": issues, "maxResults": changelogPage}
		if len(fieldIDs) > 0 {
			body["fieldIds"] = fieldIDs
		}
		if token != "" {
			body["nextPageToken"] = token
		}
		var out struct {
			IssueChangeLogs []IssueChangelog `json:"issueChangeLogs"`
			NextPageToken   string           `json:"nextPageToken"`
		}
		if err := j.do(ctx, atlassian.Request{Method: http.MethodPost, Path: "/changelog/bulkfetch", Body: body, Idempotent: true}, &out); err != nil {
			return nil, err
		}
		// A later page may continue an issue of an earlier one.
		for _, cl := range out.IssueChangeLogs {
			if i, ok := byIssue[cl.IssueID]; ok {
				all[i].ChangeHistories = append(all[i].ChangeHistories, cl.ChangeHistories...)
				continue
			}
			byIssue[cl.IssueID] = len(all)
			all = append(all, cl)
		}
		if out.NextPageToken == "" || len(out.IssueChangeLogs) == 0 {
			return all, nil
		}
		token = out.NextPageToken
	}
}
