// Package jira is the Jira REST client: platform v3 with ADF rich text and
// accountId users on Cloud, v2 with wiki markup and usernames on Server/Data
// Center. The dialect is chosen once, when the client is made, so callers
// never branch on the deployment for the shape of a request.
package jira

import (
	"context"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Client speaks Jira's REST dialect of one site for one caller.
type Client struct {
	rest  *atlassian.Client
	cloud bool
	// api is the platform REST prefix: /rest/api/3 on Cloud, /rest/api/2
	// on Server/DC.
	api string
}

// New wraps a REST client bound to a Jira site and a caller's credentials.
func New(c *atlassian.Client) *Client {
	j := &Client{rest: c, cloud: c.Deployment() == atlassian.Cloud, api: "/rest/api/2"}
	if j.cloud {
		j.api = "/rest/api/3"
	}
	return j
}

// Cloud reports whether the site is Jira Cloud (ADF, accountId users).
func (j *Client) Cloud() bool { return j.cloud }

// REST is the underlying client, for its base URL and identity.
func (j *Client) REST() *atlassian.Client { return j.rest }

// do sends one request under the platform prefix.
func (j *Client) do(ctx context.Context, r atlassian.Request, out any) error {
	r.Path = j.api + r.Path
	return j.rest.Do(ctx, r, out)
}
