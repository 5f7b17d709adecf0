package jira

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Jira Service Management's REST API lives under /rest/servicedeskapi on
// Cloud and Server/DC alike, with the same shapes; only its paging differs
// from the platform's (start/limit/size/isLastPage).

const serviceDeskAPI = "/rest/servicedeskapi"

// experimental opts in to the endpoints JSM still marks experimental
// (request types, comments); the others ignore the header.
var experimental = http.Header{"X-ExperimentalApi": {"opt-in"}}

// sd sends one request to the JSM API.
func (j *Client) sd(ctx context.Context, r atlassian.Request, out any) error {
	r.Path = serviceDeskAPI + r.Path
	r.Header = experimental
	return j.rest.Do(ctx, r, out)
}

// SDPage is one page of a JSM list.
type SDPage struct {
	Start      int              `json:"start"`
	Limit      int              `json:"limit"`
	Size       int              `json:"size"`
	IsLastPage bool             `json:"isLastPage"`
	Values     []map[string]any `json:"values"`
}

func sdPaging(start, limit int) url.Values {
	return url.Values{"start": {strconv.Itoa(start)}, "limit": {strconv.Itoa(limit)}}
}

func deskPath(deskID string) string { return "/servicedesk/" + url.PathEscape(deskID) }

// ServiceDeskForProject finds the service desk of a project by paging
// through the desks the user can see; nil when the project has none.
func (j *Client) ServiceDeskForProject(ctx context.Context, projectKey string) (map[string]any, error) {
	for start := 0; ; {
		var page SDPage
		if err := j.sd(ctx, atlassian.Request{Method: http.MethodGet, Path: "/servicedesk", Query: sdPaging(start, 50)}, &page); err != nil {
			return nil, err
		}
		for _, desk := range page.Values {
			if key, _ := desk["projectKey"].(string); strings.EqualFold(key, projectKey) {
				return desk, nil
			}
		}
		if page.IsLastPage || len(page.Values) == 0 {
			return nil, nil
		}
		start += len(page.Values)
	}
}

// ServiceDesk reads one service desk (its project tells the allow-list).
func (j *Client) ServiceDesk(ctx context.Context, deskID string) (map[string]any, error) {
	var out map[string]any
	err := j.sd(ctx, atlassian.Request{Method: http.MethodGet, Path: deskPath(deskID)}, &out)
	return out, err
}

// Queues lists a service desk's queues with their issue counts.
func (j *Client) Queues(ctx context.Context, deskID string, start, limit int) (*SDPage, error) {
	q := sdPaging(start, limit)
	q.Set("includeCount", "true")
	var page SDPage
	err := j.sd(ctx, atlassian.Request{Method: http.MethodGet, Path: deskPath(deskID) + "/queue", Query: q}, &page)
	return &page, err
}

// Queue reads one queue with its issue count.
func (j *Client) Queue(ctx context.Context, deskID, queueID string) (map[string]any, error) {
	var out map[string]any
	err := j.sd(ctx, atlassian.Request{Method: http.MethodGet, Path: deskPath(deskID) + "/queue/" + url.PathEscape(queueID),
		Query: url.Values{"includeCount": {"true"}}}, &out)
	return out, err
}

// QueueIssues lists the issues in a queue, in the queue's order.
func (j *Client) QueueIssues(ctx context.Context, deskID, queueID string, start, limit int) (*SDPage, error) {
	var page SDPage
	err := j.sd(ctx, atlassian.Request{Method: http.MethodGet, Path: deskPath(deskID) + "/queue/" + url.PathEscape(queueID) + "/issue",
		Query: sdPaging(start, limit)}, &page)
	return &page, err
}

// RequestTypes lists the request types customers can raise on a desk.
func (j *Client) RequestTypes(ctx context.Context, deskID string, start, limit int) (*SDPage, error) {
	var page SDPage
	err := j.sd(ctx, atlassian.Request{Method: http.MethodGet, Path: deskPath(deskID) + "/requesttype", Query: sdPaging(start, limit)}, &page)
	return &page, err
}

// RequestTypeFields is what a request type asks of a customer.
type RequestTypeFields struct {
	Fields                    []map[string]any `json:"requestTypeFields"`
	CanRaiseOnBehalfOf        *bool            `json:"canRaiseOnBehalfOf"`
	CanAddRequestParticipants *bool            `json:"canAddRequestParticipants"`
}

// RequestTypeFields reads the fields of a request type.
func (j *Client) RequestTypeFields(ctx context.Context, deskID, requestTypeID string) (*RequestTypeFields, error) {
	var out RequestTypeFields
	err := j.sd(ctx, atlassian.Request{Method: http.MethodGet, Path: deskPath(deskID) + "/requesttype/" + url.PathEscape(requestTypeID) + "/field"}, &out)
	return &out, err
}

// CustomerRequest is what raising a request sends.
type CustomerRequest struct {
	ServiceDeskID       string         `json:"serviceDeskId"`
	RequestTypeID       string         `json:"requestTypeId"`
	RequestFieldValues  map[string]any `json:"requestFieldValues"`
	RaiseOnBehalfOf     string         `json:"raiseOnBehalfOf,omitempty"`
	RequestParticipants []string       `json:"requestParticipants,omitempty"`
}

// CreateRequest raises a customer request.
func (j *Client) CreateRequest(ctx context.Context, req CustomerRequest) (map[string]any, error) {
	var out map[string]any
	err := j.sd(ctx, atlassian.Request{Method: http.MethodPost, Path: "/request", Body: req}, &out)
	return out, err
}

// IsCustomerRequest reports whether an issue is a JSM customer request
// (has a portal view). Only a definite 404 says no; any other failure is
// returned, so that callers guarding customer visibility fail closed.
func (j *Client) IsCustomerRequest(ctx context.Context, key string) (bool, error) {
	var out map[string]any
	err := j.sd(ctx, atlassian.Request{Method: http.MethodGet, Path: "/request/" + url.PathEscape(key)}, &out)
	var ae *atlassian.APIError
	if errors.As(err, &ae) && ae.StatusCode == http.StatusNotFound {
		return false, nil
	}
	return err == nil, err
}

// AddRequestComment posts a JSM comment: public for the customer, or an
// internal note. The body is plain text; JSM renders it itself.
func (j *Client) AddRequestComment(ctx context.Context, key, body string, public bool) (map[string]any, error) {
	var out map[string]any
	err := j.sd(ctx, atlassian.Request{Method: http.MethodPost, Path: "/request/" + url.PathEscape(key) + "/comment",
		Body: map[string]any{"body": body, "public": public}}, &out)
	return out, err
}

// RequestCommentIsPublic tells whether a comment of a customer request is
// visible to the customer (an internal note is not).
func (j *Client) RequestCommentIsPublic(ctx context.Context, key, commentID string) (bool, error) {
	var out struct {
		Public bool `json:"public"`
	}
	err := j.sd(ctx, atlassian.Request{Method: http.MethodGet, Path: "/request/" + url.PathEscape(key) + "/comment/" + url.PathEscape(commentID)}, &out)
	return out.Public, err
}
