package jira

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/internal/ttlcache"
)

// Jira Forms (formerly ProForma) on Cloud is served by Atlassian's API
// gateway only, at {gateway}/jira/forms/cloud/{cloudId}, and takes the
// same credentials as the site. Server/DC's ProForma app has another API,
// which mcp-atlassian does not use either.

// ErrFormsCloudOnly is returned on Server/DC sites.
var ErrFormsCloudOnly = errors.New("Jira Forms (ProForma) tools need Jira Cloud: the Forms REST API is a Cloud API")

// defaultGateway is api.atlassian.com, when the client names none.
var defaultGateway = &url.URL{Scheme: "https", Host: "api.atlassian.com"}

// forms returns a client for the site's Forms API. Through the OAuth
// gateway the cloud id is in the base URL already; on the site itself it
// is read from the site's public tenant_info.
func (j *Client) forms(ctx context.Context) (*atlassian.Client, error) {
	if !j.cloud {
		return nil, ErrFormsCloudOnly
	}
	base := j.rest.BaseURL()
	gateway, cloudID := j.rest.Gateway, ""
	if rest, ok := strings.CutPrefix(base.Path, "/ex/jira/"); ok {
		gateway = &url.URL{Scheme: base.Scheme, Host: base.Host}
		cloudID, _, _ = strings.Cut(rest, "/")
	} else {
		var err error
		if cloudID, err = j.CloudID(ctx); err != nil {
			return nil, err
		}
	}
	if gateway == nil {
		gateway = defaultGateway
	}
	u := *gateway
	u.Path = strings.TrimSuffix(u.Path, "/") + "/jira/forms/cloud/" + url.PathEscape(cloudID)
	return j.rest.At(&u), nil
}

// CloudID reads the site's cloud id from /_edge/tenant_info. A site's id
// does not change, so it is read once an hour at most: every Forms call
// needs it, and it used to cost a request each time.
func (j *Client) CloudID(ctx context.Context) (string, error) {
	site := j.rest.BaseURL().String()
	if id, ok := cloudIDs.Get(site, time.Now()); ok {
		return id, nil
	}
	var out struct {
		CloudID string `json:"cloudId"`
	}
	if err := j.rest.Do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/_edge/tenant_info"}, &out); err != nil {
		return "", fmt.Errorf("finding the site's cloud id for the Forms API: %w", err)
	}
	if out.CloudID == "" {
		return "", errors.New("finding the site's cloud id for the Forms API: the site did not say")
	}
	cloudIDs.Put(site, out.CloudID, time.Now().Add(cloudIDTTL))
	return out.CloudID, nil
}

// cloudIDs remembers the cloud ids read from sites' tenant_info (public,
// the same for every caller), for cloudIDTTL, at most maxCloudIDs sites.
var cloudIDs = ttlcache.New[string, string](maxCloudIDs)

const (
	cloudIDTTL  = time.Hour
	maxCloudIDs = 1024
)

func formsPath(key string) string { return "/issue/" + url.PathEscape(key) + "/form" }

// IssueForms lists the forms attached to an issue. The API answers a
// list; an object with a forms list is accepted too.
func (j *Client) IssueForms(ctx context.Context, key string) ([]map[string]any, error) {
	fc, err := j.forms(ctx)
	if err != nil {
		return nil, err
	}
	var raw json.RawMessage
	if err := fc.Do(ctx, atlassian.Request{Method: http.MethodGet, Path: formsPath(key)}, &raw); err != nil {
		return nil, err
	}
	var list []map[string]any
	if json.Unmarshal(raw, &list) == nil {
		return list, nil
	}
	var wrapped struct {
		Forms []map[string]any `json:"forms"`
	}
	if err := json.Unmarshal(raw, &wrapped); err != nil {
		return nil, fmt.Errorf("Jira Forms API: decoding the forms of %s: %w", key, err)
	}
	return wrapped.Forms, nil
}

// Form reads one form: its design (questions, layout) and state (answers).
func (j *Client) Form(ctx context.Context, key, formID string) (map[string]any, error) {
	fc, err := j.forms(ctx)
	if err != nil {
		return nil, err
	}
	var out map[string]any
	err = fc.Do(ctx, atlassian.Request{Method: http.MethodGet, Path: formsPath(key) + "/" + url.PathEscape(formID)}, &out)
	return out, err
}

// SaveFormAnswers replaces answers of a form, keyed by question id, and
// returns the form as saved.
func (j *Client) SaveFormAnswers(ctx context.Context, key, formID string, answers map[string]any) (map[string]any, error) {
	fc, err := j.forms(ctx)
	if err != nil {
		return nil, err
	}
	var out map[string]any
	err = fc.Do(ctx, atlassian.Request{Method: http.MethodPut, Path: formsPath(key) + "/" + url.PathEscape(formID),
		Body: map[string]any{"answers": answers}}, &out)
	return out, err
}
