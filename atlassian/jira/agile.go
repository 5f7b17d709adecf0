package jira

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// agileAPI is Jira Software's REST root, the same on Cloud and Server/DC.
const agileAPI = "/rest/agile/1.0"

// agile sends one request under the Jira Software prefix.
func (j *Client) agile(ctx context.Context, r atlassian.Request, out any) error {
	r.Path = agileAPI + r.Path
	return j.rest.Do(ctx, r, out)
}

// BoardQuery narrows a board listing; empty strings are left out.
type BoardQuery struct {
	Name, ProjectKey, Type string
	StartAt, Limit         int
}

// Boards lists agile boards.
func (j *Client) Boards(ctx context.Context, q BoardQuery) ([]map[string]any, error) {
	v := url.Values{"startAt": {strconv.Itoa(q.StartAt)}, "maxResults": {strconv.Itoa(q.Limit)}}
	setNonEmpty(v, "name", q.Name)
	setNonEmpty(v, "projectKeyOrId", q.ProjectKey)
	setNonEmpty(v, "type", q.Type)
	var out struct {
		Values []map[string]any `json:"values"`
	}
	err := j.agile(ctx, atlassian.Request{Method: http.MethodGet, Path: "/board", Query: v}, &out)
	return out.Values, err
}

// BoardIssues runs JQL over the issues of a board.
func (j *Client) BoardIssues(ctx context.Context, boardID string, q SearchQuery) (*SearchPage, error) {
	v := url.Values{"jql": {q.JQL}, "startAt": {strconv.Itoa(q.StartAt)}, "maxResults": {strconv.Itoa(q.Limit)}}
	if len(q.Fields) > 0 {
		v.Set("fields", strings.Join(q.Fields, ","))
	}
	setNonEmpty(v, "expand", q.Expand)
	var out struct {
		Issues     []Issue `json:"issues"`
		Total      int     `json:"total"`
		StartAt    int     `json:"startAt"`
		MaxResults int     `json:"maxResults"`
	}
	err := j.agile(ctx, atlassian.Request{Method: http.MethodGet, Path: "/board/" + url.PathEscape(boardID) + "/issue", Query: v}, &out)
	if err != nil {
		return nil, err
	}
	return &SearchPage{Issues: out.Issues, Total: out.Total, StartAt: out.StartAt, MaxResults: out.MaxResults}, nil
}

// BoardSprints lists a board's sprints, optionally of one state
// (future, active, closed).
func (j *Client) BoardSprints(ctx context.Context, boardID, state string, startAt, limit int) ([]map[string]any, error) {
	v := url.Values{"startAt": {strconv.Itoa(startAt)}, "maxResults": {strconv.Itoa(limit)}}
	setNonEmpty(v, "state", state)
	var out struct {
		Values []map[string]any `json:"values"`
	}
	err := j.agile(ctx, atlassian.Request{Method: http.MethodGet, Path: "/board/" + url.PathEscape(boardID) + "/sprint", Query: v}, &out)
	return out.Values, err
}

// CreateSprint creates a sprint from Jira Software's sprint fields
// (name, originBoardId, startDate, endDate, goal).
func (j *Client) CreateSprint(ctx context.Context, sprint map[string]any) (map[string]any, error) {
	var out map[string]any
	err := j.agile(ctx, atlassian.Request{Method: http.MethodPost, Path: "/sprint", Body: sprint}, &out)
	return out, err
}

// UpdateSprint changes only the given fields of a sprint.
func (j *Client) UpdateSprint(ctx context.Context, id string, changes map[string]any) (map[string]any, error) {
	var out map[string]any
	err := j.agile(ctx, atlassian.Request{Method: http.MethodPost, Path: "/sprint/" + url.PathEscape(id), Body: changes}, &out)
	return out, err
}

// MoveToSprint moves issues into a sprint.
func (j *Client) MoveToSprint(ctx context.Context, sprintID string, keys []string) error {
	return j.agile(ctx, atlassian.Request{Method: http.MethodPost, Path: "/sprint/" + url.PathEscape(sprintID) + "/issue",
		Body: map[string]any{"issues": keys}}, nil)
}

// MoveToBacklog takes issues out of their future and active sprints.
func (j *Client) MoveToBacklog(ctx context.Context, keys []string) error {
	return j.agile(ctx, atlassian.Request{Method: http.MethodPost, Path: "/backlog/issue", Body: map[string]any{"issues": keys}}, nil)
}

func setNonEmpty(v url.Values, key, value string) {
	if value != "" {
		v.Set(key, value)
	}
}
