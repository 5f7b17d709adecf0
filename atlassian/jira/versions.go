package jira

import (
	"context"
	"net/http"
	"net/url"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// ProjectVersions lists every version of a project, released and
// archived ones included.
func (j *Client) ProjectVersions(ctx context.Context, project string) ([]map[string]any, error) {
	var out []map[string]any
	err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/project/" + url.PathEscape(project) + "/versions"}, &out)
	return out, err
}

// ProjectComponents lists the components of a project.
func (j *Client) ProjectComponents(ctx context.Context, project string) ([]map[string]any, error) {
	var out []map[string]any
	err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/project/" + url.PathEscape(project) + "/components"}, &out)
	return out, err
}

// Version reads one version; its projectId tells which project it is in.
func (j *Client) Version(ctx context.Context, id string) (map[string]any, error) {
	var out map[string]any
	err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/version/" + url.PathEscape(id)}, &out)
	return out, err
}

// CreateVersion creates a version from Jira's version fields (project,
// name, startDate, releaseDate, description, …).
func (j *Client) CreateVersion(ctx context.Context, fields map[string]any) (map[string]any, error) {
	var out map[string]any
	err := j.do(ctx, atlassian.Request{Method: http.MethodPost, Path: "/version", Body: fields}, &out)
	return out, err
}

// UpdateVersion changes the given fields of a version and answers it as
// it is now.
func (j *Client) UpdateVersion(ctx context.Context, id string, fields map[string]any) (map[string]any, error) {
	var out map[string]any
	err := j.do(ctx, atlassian.Request{Method: http.MethodPut, Path: "/version/" + url.PathEscape(id), Body: fields}, &out)
	return out, err
}
