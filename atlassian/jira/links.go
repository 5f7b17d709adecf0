package jira

import (
	"context"
	"net/http"
	"net/url"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// LinkTypes lists the issue link types of the site (Blocks, Relates, …).
func (j *Client) LinkTypes(ctx context.Context) ([]map[string]any, error) {
	var out struct {
		IssueLinkTypes []map[string]any `json:"issueLinkTypes"`
	}
	err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/issueLinkType"}, &out)
	return out.IssueLinkTypes, err
}

// NewIssueLink links two issues with a link type named by its name.
// Comment, when not nil, is posted on the inward issue: ADF on Cloud, a
// wiki string on Server/DC; visibility may be nil.
type NewIssueLink struct {
	Type, Inward, Outward string
	Comment               any
	Visibility            map[string]any
}

// LinkIssues creates an issue link. Jira answers no body: read the
// issue's issuelinks to learn the new link's id.
func (j *Client) LinkIssues(ctx context.Context, l NewIssueLink) error {
	body := map[string]any{
		"type": map[string]any{"name": l.Type}, "inwardIssue": map[string]any{"key": l.Inward}, "outwardIssue": map[string]any{"key": l.Outward},
	}
	if l.Comment != nil {
		c := map[string]any{"body": l.Comment}
		if l.Visibility != nil {
			c["visibility"] = l.Visibility
		}
		body["comment"] = c
	}
	return j.do(ctx, atlassian.Request{Method: http.MethodPost, Path: "/issueLink", Body: body}, nil)
}

// IssueLink reads one issue link with the two issues it joins.
func (j *Client) IssueLink(ctx context.Context, id string) (map[string]any, error) {
	var out map[string]any
	err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/issueLink/" + url.PathEscape(id)}, &out)
	return out, err
}

// DeleteIssueLink removes an issue link.
func (j *Client) DeleteIssueLink(ctx context.Context, id string) error {
	return j.do(ctx, atlassian.Request{Method: http.MethodDelete, Path: "/issueLink/" + url.PathEscape(id)}, nil)
}

// CreateRemoteLink adds a link from an issue to a web page or another
// application; link is Jira's remote link ({object:{url,title,…},
// relationship}). Jira answers the new link's id and self.
func (j *Client) CreateRemoteLink(ctx context.Context, key string, link map[string]any) (map[string]any, error) {
	var out map[string]any
	err := j.do(ctx, atlassian.Request{Method: http.MethodPost, Path: issuePath(key) + "/remotelink", Body: link}, &out)
	return out, err
}
