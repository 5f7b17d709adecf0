package jira

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// SearchQuery is a JQL search. Cloud pages with NextPageToken, Server/DC
// with StartAt.
type SearchQuery struct {
	JQL           string
	Fields        []string
	Expand        string
	Limit         int
	StartAt       int
	NextPageToken string
}

// SearchPage is one page of search results. Total is -1 on Cloud, which
// does not count matches.
type SearchPage struct {
	Issues        []Issue
	Total         int
	StartAt       int
	MaxResults    int
	NextPageToken string
}

// Page sizes Atlassian accepts for one search call.
const (
	cloudSearchPage  = 100
	serverSearchPage = 50
)

// Search runs JQL, collecting pages until Limit issues are found.
func (j *Client) Search(ctx context.Context, q SearchQuery) (*SearchPage, error) {
	if j.cloud {
		return j.searchCloud(ctx, q)
	}
	return j.searchServer(ctx, q)
}

// searchCloud uses POST /rest/api/3/search/jql, the only search Cloud
// still serves; the old /search answers 410.
func (j *Client) searchCloud(ctx context.Context, q SearchQuery) (*SearchPage, error) {
	page := &SearchPage{Total: -1, MaxResults: q.Limit}
	token := q.NextPageToken
	for len(page.Issues) < q.Limit {
		body := map[string]any{"jql": q.JQL, "maxResults": min(cloudSearchPage, q.Limit-len(page.Issues))}
		if len(q.Fields) > 0 {
			body["fields"] = q.Fields
		}
		if q.Expand != "" {
			body["expand"] = q.Expand
		}
		if token != "" {
			body["nextPageToken"] = token
		}
		var out struct {
			Issues        []Issue `json:"issues"`
			NextPageToken string  `json:"nextPageToken"`
			IsLast        bool    `json:"isLast"`
		}
		if err := j.do(ctx, atlassian.Request{Method: http.MethodPost, Path: "/search/jql", Body: body, Idempotent: true}, &out); err != nil {
			return nil, err
		}
		page.Issues = append(page.Issues, out.Issues...)
		token = out.NextPageToken
		if out.IsLast || token == "" || len(out.Issues) == 0 {
			token = ""
			break
		}
	}
	page.NextPageToken = token
	return page, nil
}

// searchServer pages through GET /rest/api/2/search from StartAt, a page
// of at most 50 at a time, until Limit issues or the last match.
func (j *Client) searchServer(ctx context.Context, q SearchQuery) (*SearchPage, error) {
	page := &SearchPage{StartAt: q.StartAt, MaxResults: q.Limit}
	for len(page.Issues) < q.Limit {
		v := url.Values{
			"jql":        {q.JQL},
			"startAt":    {strconv.Itoa(q.StartAt + len(page.Issues))},
			"maxResults": {strconv.Itoa(min(q.Limit-len(page.Issues), serverSearchPage))},
		}
		if len(q.Fields) > 0 {
			v.Set("fields", strings.Join(q.Fields, ","))
		}
		if q.Expand != "" {
			v.Set("expand", q.Expand)
		}
		var out struct {
			Issues []Issue `json:"issues"`
			Total  int     `json:"total"`
		}
		if err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/search", Query: v}, &out); err != nil {
			return nil, err
		}
		page.Issues = append(page.Issues, out.Issues...)
		page.Total = out.Total
		if len(out.Issues) == 0 || q.StartAt+len(page.Issues) >= out.Total {
			break
		}
	}
	return page, nil
}
