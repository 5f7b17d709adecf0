package jira

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// createMetaPage is the page size of create-metadata reads; Jira allows up
// to 200 and answers 50 when not asked.
const createMetaPage = 100

// CreateMetaIssueTypes lists the issue types a project can create, from
// the paged create metadata (Jira 9+ and Cloud; the old expand-based
// createmeta is gone from Cloud).
func (j *Client) CreateMetaIssueTypes(ctx context.Context, project string) ([]map[string]any, error) {
	return j.createMetaPages(ctx, "/issue/createmeta/"+url.PathEscape(project)+"/issuetypes", "issueTypes")
}

// CreateMetaFields lists the fields of the create screen of one issue type
// in a project: id, name, whether required, schema and allowed values.
func (j *Client) CreateMetaFields(ctx context.Context, project, issueTypeID string) ([]map[string]any, error) {
	return j.createMetaPages(ctx, "/issue/createmeta/"+url.PathEscape(project)+"/issuetypes/"+url.PathEscape(issueTypeID), "fields")
}

// createMetaPages reads every page of a create-metadata list. Cloud names
// the list after what it holds (cloudKey); Server/DC calls it values.
func (j *Client) createMetaPages(ctx context.Context, path, cloudKey string) ([]map[string]any, error) {
	key := "values"
	if j.cloud {
		key = cloudKey
	}
	var all []map[string]any
	for startAt := 0; ; {
		v := url.Values{"startAt": {strconv.Itoa(startAt)}, "maxResults": {strconv.Itoa(createMetaPage)}}
		var page map[string]any
		if err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: path, Query: v}, &page); err != nil {
			return nil, err
		}
		items, _ := page[key].([]any)
		for _, it := range items {
			if m, ok := it.(map[string]any); ok {
				all = append(all, m)
			}
		}
		startAt += len(items)
		total, _ := page["total"].(float64)
		if len(items) == 0 || startAt >= int(total) {
			return all, nil
		}
	}
}
