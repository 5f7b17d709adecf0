package jira

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// FieldContext is one context of a custom field (Cloud).
type FieldContext struct {
	ID              string `json:"id"`
	Name            string `json:"name"`
	IsGlobalContext bool   `json:"isGlobalContext"`
	IsAnyIssueType  bool   `json:"isAnyIssueType"`
}

// FieldOption is one option of a select-like custom field; OptionID names
// the parent option of a cascading select's child.
type FieldOption struct {
	ID       string `json:"id"`
	Value    string `json:"value"`
	Disabled bool   `json:"disabled"`
	OptionID string `json:"optionId,omitempty"`
}

// optionPage is the page size of option and context reads.
const optionPage = 100

// FieldContexts lists a custom field's contexts (Cloud).
func (j *Client) FieldContexts(ctx context.Context, fieldID string) ([]FieldContext, error) {
	if !j.cloud {
		return nil, ErrCloudOnly
	}
	return pagedValues[FieldContext](ctx, j, "/field/"+url.PathEscape(fieldID)+"/context")
}

// ContextOptions lists the options of a custom field in one context (Cloud).
func (j *Client) ContextOptions(ctx context.Context, fieldID, contextID string) ([]FieldOption, error) {
	if !j.cloud {
		return nil, ErrCloudOnly
	}
	return pagedValues[FieldOption](ctx, j, "/field/"+url.PathEscape(fieldID)+"/context/"+url.PathEscape(contextID)+"/option")
}

// pagedValues reads every page of a startAt/isLast list of values.
func pagedValues[T any](ctx context.Context, j *Client, path string) ([]T, error) {
	var all []T
	for startAt := 0; ; {
		v := url.Values{"startAt": {strconv.Itoa(startAt)}, "maxResults": {strconv.Itoa(optionPage)}}
		var out struct {
			Values []T  `json:"values"`
			IsLast bool `json:"isLast"`
			Total  int  `json:"total"`
		}
		if err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: path, Query: v}, &out); err != nil {
			return nil, err
		}
		all = append(all, out.Values...)
		startAt += len(out.Values)
		if out.IsLast || len(out.Values) == 0 || (out.Total > 0 && startAt >= out.Total) {
			return all, nil
		}
	}
}
