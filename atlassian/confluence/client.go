// Package confluence is the Confluence REST client. Cloud pages and
// comments go through the v2 API (with v1 for CQL search, which v2 lacks);
// Server/Data Center speaks the v1 content API. The dialect is chosen once,
// when the client is made; callers see one Page and one Comment shape.
package confluence

import (
	"context"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Client speaks Confluence's REST dialect of one site for one caller.
type Client struct {
	rest    *atlassian.Client
	cloud   bool
	dialect dialect
	// SpaceNames, when set, remembers the spaces Cloud pages name by id.
	SpaceNames *SpaceNames
}

// dialect is what differs between the v2 (Cloud) and v1 (Server/DC)
// content APIs.
type dialect interface {
	getPage(ctx context.Context, id string) (*Page, error)
	pageHead(ctx context.Context, id string) (*Page, error)
	pageByTitle(ctx context.Context, spaceKey, title string) (*Page, error)
	createPage(ctx context.Context, np NewPage) (*Page, error)
	putPage(ctx context.Context, cur *Page, u PageUpdate, title string, rep Representation, value string) (*Page, error)
	// comments lists the footer and inline comments of a page or blog
	// post (contentType: see content.go).
	comments(ctx context.Context, contentID, contentType string) ([]Comment, error)
	// addComment adds a footer comment to a page or blog post, or a
	// reply to parent when that is set.
	addComment(ctx context.Context, contentID, contentType string, parent *CommentRef, storageBody string) (*Comment, error)
}

// New wraps a REST client bound to a Confluence site and a caller's
// credentials.
func New(c *atlassian.Client) *Client {
	cl := &Client{rest: c, cloud: c.Deployment() == atlassian.Cloud}
	if cl.cloud {
		cl.dialect = v2{cl}
	} else {
		cl.dialect = v1{cl}
	}
	return cl
}

func (c *Client) do(ctx context.Context, r atlassian.Request, out any) error {
	return c.rest.Do(ctx, r, out)
}

// webURL makes a site-relative link absolute.
func (c *Client) webURL(rel string) string {
	if rel == "" || strings.HasPrefix(rel, "http://") || strings.HasPrefix(rel, "https://") {
		return rel
	}
	return strings.TrimSuffix(c.rest.BaseURL().String(), "/") + rel
}
