package confluence

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// SetPageProperty creates or replaces a content property of a page, the
// way Confluence stores page settings such as the title emoji
// (emoji-title-published) and width (content-appearance-published).
func (c *Client) SetPageProperty(ctx context.Context, pageID, key string, value any) error {
	if c.cloud {
		return c.setPropertyV2(ctx, pageID, key, value)
	}
	return c.setPropertyV1(ctx, pageID, key, value)
}

// PageProperty reads a page property's value; found is false when the
// page has no such property.
func (c *Client) PageProperty(ctx context.Context, pageID, key string) (value json.RawMessage, found bool, err error) {
	if c.cloud {
		p, err := c.propertyV2(ctx, pageID, key)
		if err != nil || p == nil {
			return nil, false, err
		}
		return p.Value, true, nil
	}
	var out struct {
		Value json.RawMessage `json:"value"`
	}
	err = c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: contentPath(pageID) + "/property/" + url.PathEscape(key)}, &out)
	if atlassian.IsStatus(err, http.StatusNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return out.Value, true, nil
}

type propertyV2 struct {
	ID      string          `json:"id"`
	Key     string          `json:"key"`
	Value   json.RawMessage `json:"value"`
	Version struct {
		Number int `json:"number"`
	} `json:"version"`
}

func (c *Client) propertyV2(ctx context.Context, pageID, key string) (*propertyV2, error) {
	var out struct {
		Results []propertyV2 `json:"results"`
	}
	path := "/api/v2/pages/" + url.PathEscape(pageID) + "/properties"
	if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: path, Query: url.Values{"key": {key}}}, &out); err != nil {
		return nil, err
	}
	for i := range out.Results {
		if out.Results[i].Key == key {
			return &out.Results[i], nil
		}
	}
	return nil, nil
}

func (c *Client) setPropertyV2(ctx context.Context, pageID, key string, value any) error {
	cur, err := c.propertyV2(ctx, pageID, key)
	if err != nil {
		return err
	}
	path := "/api/v2/pages/" + url.PathEscape(pageID) + "/properties"
	if cur == nil {
		return c.do(ctx, atlassian.Request{Method: http.MethodPost, Path: path, Body: map[string]any{"key": key, "value": value}}, nil)
	}
	body := map[string]any{"key": key, "value": value, "version": map[string]any{"number": cur.Version.Number + 1}}
	return c.do(ctx, atlassian.Request{Method: http.MethodPut, Path: path + "/" + url.PathEscape(cur.ID), Body: body}, nil)
}

func (c *Client) setPropertyV1(ctx context.Context, pageID, key string, value any) error {
	var cur struct {
		Version struct {
			Number int `json:"number"`
		} `json:"version"`
	}
	path := contentPath(pageID) + "/property/" + url.PathEscape(key)
	err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: path}, &cur)
	if atlassian.IsStatus(err, http.StatusNotFound) {
		return c.do(ctx, atlassian.Request{Method: http.MethodPost, Path: contentPath(pageID) + "/property", Body: map[string]any{"key": key, "value": value}}, nil)
	}
	if err != nil {
		return err
	}
	body := map[string]any{"key": key, "value": value, "version": map[string]any{"number": cur.Version.Number + 1, "minorEdit": true}}
	return c.do(ctx, atlassian.Request{Method: http.MethodPut, Path: path, Body: body}, nil)
}
