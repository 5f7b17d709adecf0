package jira

import (
	"context"
	"net/http"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

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
func (j *Client) Transitions(ctx context.Context, key string) ([]Transition, error) {
	var out struct {
		Transitions []Transition `json:"transitions"`
	}
	err := j.do(ctx, atlassian.Request{Method: http.MethodGet, Path: issuePath(key) + "/transitions"}, &out)
	return out.Transitions, err
}

// DoTransition moves an issue through a transition, optionally setting
// fields and adding a comment (update).
func (j *Client) DoTransition(ctx context.Context, key, id string, fields, update map[string]any) error {
	body := map[string]any{"transition": map[string]any{"id": id}}
	if len(fields) > 0 {
		body["fields"] = fields
	}
	if len(update) > 0 {
		body["update"] = update
	}
	return j.do(ctx, atlassian.Request{Method: http.MethodPost, Path: issuePath(key) + "/transitions", Body: body}, nil)
}
