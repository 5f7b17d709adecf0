package jira

import (
	"context"
	"net/http"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

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
func (j *Client) Fields(ctx context.Context) ([]Field, error) {
	var out []Field
	err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/field"}, &out)
	return out, err
}
