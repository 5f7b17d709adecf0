package atlassian

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// JiraClient is a Client speaking Jira's REST dialect: platform v3 with ADF on
// Cloud, v2 with wiki markup on Server/DC.
type JiraClient struct{ *Client }

// Jira returns the Jira view of the client.
func (c *Client) Jira() JiraClient { return JiraClient{c} }

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

// api prefixes a platform path with the REST version of the deployment.
func (j JiraClient) api(path string) string {
	if j.Deployment() == Cloud {
		return "/rest/api/3" + path
	}
	return "/rest/api/2" + path
}

// IssueQuery narrows what GetIssue returns.
type IssueQuery struct {
	Fields        []string
	Expand        string
	Properties    string
	UpdateHistory bool
}

// GetIssue reads one issue.
func (j JiraClient) GetIssue(ctx context.Context, key string, q IssueQuery) (*Issue, error) {
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
	err := j.Do(ctx, Request{Method: http.MethodGet, Path: j.api("/issue/" + url.PathEscape(key)), Query: v}, &out)
	return &out, err
}

// Comments returns the newest limit comments of an issue, oldest first.
func (j JiraClient) Comments(ctx context.Context, key string, limit int) ([]map[string]any, error) {
	v := url.Values{"maxResults": {strconv.Itoa(limit)}, "orderBy": {"-created"}}
	var out struct {
		Comments []map[string]any `json:"comments"`
	}
	if err := j.Do(ctx, Request{Method: http.MethodGet, Path: j.api("/issue/" + url.PathEscape(key) + "/comment"), Query: v}, &out); err != nil {
		return nil, err
	}
	// Asked newest first so the limit keeps the latest; show them in order.
	for i, k := 0, len(out.Comments)-1; i < k; i, k = i+1, k-1 {
		out.Comments[i], out.Comments[k] = out.Comments[k], out.Comments[i]
	}
	return out.Comments, nil
}

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

// Pages sizes Atlassian accepts for a search call.
const (
	cloudSearchPage  = 100
	serverSearchPage = 50
)

// Search runs JQL, collecting pages until Limit issues are found.
func (j JiraClient) Search(ctx context.Context, q SearchQuery) (*SearchPage, error) {
	if j.Deployment() == Cloud {
		return j.searchCloud(ctx, q)
	}
	return j.searchServer(ctx, q)
}

func (j JiraClient) searchCloud(ctx context.Context, q SearchQuery) (*SearchPage, error) {
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
		if err := j.Do(ctx, Request{Method: http.MethodPost, Path: "/rest/api/3/search/jql", Body: body}, &out); err != nil {
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

func (j JiraClient) searchServer(ctx context.Context, q SearchQuery) (*SearchPage, error) {
	v := url.Values{
		"jql":        {q.JQL},
		"startAt":    {strconv.Itoa(q.StartAt)},
		"maxResults": {strconv.Itoa(min(q.Limit, serverSearchPage))},
	}
	if len(q.Fields) > 0 {
		v.Set("fields", strings.Join(q.Fields, ","))
	}
	if q.Expand != "" {
		v.Set("expand", q.Expand)
	}
	var out struct {
		Issues     []Issue `json:"issues"`
		Total      int     `json:"total"`
		StartAt    int     `json:"startAt"`
		MaxResults int     `json:"maxResults"`
	}
	if err := j.Do(ctx, Request{Method: http.MethodGet, Path: "/rest/api/2/search", Query: v}, &out); err != nil {
		return nil, err
	}
	return &SearchPage{Issues: out.Issues, Total: out.Total, StartAt: out.StartAt, MaxResults: out.MaxResults}, nil
}

// Projects lists the projects the user can see.
func (j JiraClient) Projects(ctx context.Context, includeArchived bool) ([]map[string]any, error) {
	if j.Deployment() != Cloud {
		v := url.Values{"expand": {"description,lead"}, "includeArchived": {strconv.FormatBool(includeArchived)}}
		var out []map[string]any
		err := j.Do(ctx, Request{Method: http.MethodGet, Path: "/rest/api/2/project", Query: v}, &out)
		return out, err
	}
	statuses := []string{"live"}
	if includeArchived {
		statuses = append(statuses, "archived")
	}
	var all []map[string]any
	for startAt := 0; ; {
		v := url.Values{"expand": {"description,lead"}, "status": statuses, "startAt": {strconv.Itoa(startAt)}, "maxResults": {"50"}}
		var out struct {
			Values []map[string]any `json:"values"`
			IsLast bool             `json:"isLast"`
		}
		if err := j.Do(ctx, Request{Method: http.MethodGet, Path: "/rest/api/3/project/search", Query: v}, &out); err != nil {
			return nil, err
		}
		all = append(all, out.Values...)
		if out.IsLast || len(out.Values) == 0 {
			return all, nil
		}
		startAt += len(out.Values)
	}
}

// Field is one entry of Jira's field catalogue.
type Field struct {
	ID     string `json:"id"`
	Key    string `json:"key"`
	Name   string `json:"name"`
	Custom bool   `json:"custom"`
	Schema *struct {
		Type   string `json:"type"`
		Items  string `json:"items"`
		System string `json:"system"`
		Custom string `json:"custom"`
	} `json:"schema,omitempty"`
}

// Fields lists every system and custom field.
func (j JiraClient) Fields(ctx context.Context) ([]Field, error) {
	var out []Field
	err := j.Do(ctx, Request{Method: http.MethodGet, Path: j.api("/field")}, &out)
	return out, err
}

// CreatedIssue is Jira's answer to a create.
type CreatedIssue struct {
	ID   string `json:"id"`
	Key  string `json:"key"`
	Self string `json:"self"`
}

// CreateIssue creates an issue from a fields map in the deployment's dialect.
func (j JiraClient) CreateIssue(ctx context.Context, fields map[string]any) (*CreatedIssue, error) {
	var out CreatedIssue
	err := j.Do(ctx, Request{Method: http.MethodPost, Path: j.api("/issue"), Body: map[string]any{"fields": fields}}, &out)
	return &out, err
}

// UpdateIssue edits fields (set) and applies update operations.
func (j JiraClient) UpdateIssue(ctx context.Context, key string, fields, update map[string]any) error {
	body := map[string]any{}
	if len(fields) > 0 {
		body["fields"] = fields
	}
	if len(update) > 0 {
		body["update"] = update
	}
	return j.Do(ctx, Request{Method: http.MethodPut, Path: j.api("/issue/" + url.PathEscape(key)), Body: body}, nil)
}

// AddComment posts a comment; body is ADF on Cloud and a wiki string on
// Server/DC. visibility may be nil.
func (j JiraClient) AddComment(ctx context.Context, key string, body any, visibility map[string]any) (map[string]any, error) {
	req := map[string]any{"body": body}
	if visibility != nil {
		req["visibility"] = visibility
	}
	var out map[string]any
	err := j.Do(ctx, Request{Method: http.MethodPost, Path: j.api("/issue/" + url.PathEscape(key) + "/comment"), Body: req}, &out)
	return out, err
}

// Transition is one workflow step available from an issue's status.
type Transition struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	To   struct {
		ID             string `json:"id"`
		Name           string `json:"name"`
		StatusCategory struct {
			Key  string `json:"key"`
			Name string `json:"name"`
		} `json:"statusCategory"`
	} `json:"to"`
}

// Transitions lists the transitions available now.
func (j JiraClient) Transitions(ctx context.Context, key string) ([]Transition, error) {
	var out struct {
		Transitions []Transition `json:"transitions"`
	}
	err := j.Do(ctx, Request{Method: http.MethodGet, Path: j.api("/issue/" + url.PathEscape(key) + "/transitions")}, &out)
	return out.Transitions, err
}

// DoTransition moves an issue through a transition, optionally setting
// fields and adding a comment (update).
func (j JiraClient) DoTransition(ctx context.Context, key, id string, fields, update map[string]any) error {
	body := map[string]any{"transition": map[string]any{"id": id}}
	if len(fields) > 0 {
		body["fields"] = fields
	}
	if len(update) > 0 {
		body["update"] = update
	}
	return j.Do(ctx, Request{Method: http.MethodPost, Path: j.api("/issue/" + url.PathEscape(key) + "/transitions"), Body: body}, nil)
}

// FindUsers searches users by name or email (Cloud: query; Server/DC:
// username, which also matches names and emails).
func (j JiraClient) FindUsers(ctx context.Context, query string) ([]map[string]any, error) {
	v := url.Values{"maxResults": {"10"}}
	if j.Deployment() == Cloud {
		v.Set("query", query)
	} else {
		v.Set("username", query)
	}
	var out []map[string]any
	err := j.Do(ctx, Request{Method: http.MethodGet, Path: j.api("/user/search"), Query: v}, &out)
	return out, err
}

// Myself returns the authenticated user.
func (j JiraClient) Myself(ctx context.Context) (map[string]any, error) {
	var out map[string]any
	err := j.Do(ctx, Request{Method: http.MethodGet, Path: j.api("/myself")}, &out)
	return out, err
}
