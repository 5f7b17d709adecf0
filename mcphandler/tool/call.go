package tool

import (
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/confluence"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/jira"
)

// Call is what a tool's handler gets: the caller's REST client for the
// tool's product and the product's allow-list. It lives for one tool call.
type Call struct {
	// Client is bound to the caller's own credentials (or the configured
	// ones, when the server allows that).
	Client *atlassian.Client
	// Filter is the projects (Jira) or spaces (Confluence) allow-list;
	// empty allows everything.
	Filter []string

	jira *jira.Client
	conf *confluence.Client
	// checked is the page or blog post the spaces allow-list check read
	// last (by id), for the handler to use rather than read it again.
	checked   *confluence.Page
	checkedID string
}

// Jira is the caller's Jira client.
func (c *Call) Jira() *jira.Client {
	if c.jira == nil {
		c.jira = jira.New(c.Client)
	}
	return c.jira
}

// Confluence is the caller's Confluence client.
func (c *Call) Confluence() *confluence.Client {
	if c.conf == nil {
		c.conf = confluence.New(c.Client)
	}
	return c.conf
}

// UseConfluence makes conf the call's Confluence client, for a toolset
// that gives its calls one sharing its caches (see Tool.WithSetup).
func (c *Call) UseConfluence(conf *confluence.Client) { c.conf = conf }

// Cloud reports whether the site is a Cloud site.
func (c *Call) Cloud() bool { return c.Client.Deployment() == atlassian.Cloud }

// BaseURL is the site's base URL as text, for links.
func (c *Call) BaseURL() string { return c.Client.BaseURL().String() }
