package confluence

import (
	"context"
	"errors"
	"net/http"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// ErrPageNotFound is returned by PageByTitle when no page matches.
var ErrPageNotFound = errors.New("page not found")

// GetPage reads a page with its storage body.
func (c *Client) GetPage(ctx context.Context, id string) (*Page, error) {
	return c.dialect.getPage(ctx, id)
}

// PageHead reads what names and places a page (id, title, status, space,
// parent, link) without its body or version, for callers that need no
// more: the allow-list check, a page's title.
func (c *Client) PageHead(ctx context.Context, id string) (*Page, error) {
	return c.dialect.pageHead(ctx, id)
}

// ContentHead is PageHead for a page or a blog post, for the spaces
// allow-list check of tools that take either. Server/DC's content API
// serves both under one path; Cloud's v2 keeps blog posts apart, so there
// an id no page has is asked of the blog posts before it is called unknown.
func (c *Client) ContentHead(ctx context.Context, id string) (*Page, error) {
	page, err := c.dialect.pageHead(ctx, id)
	if !c.cloud || !atlassian.IsStatus(err, http.StatusNotFound) {
		return page, err
	}
	blog, blogErr := v2{c}.blogPostHead(ctx, id)
	if atlassian.IsStatus(blogErr, http.StatusNotFound) {
		return nil, err // neither a page nor a blog post: the page's 404 says so
	}
	return blog, blogErr
}

// PageByTitle finds a page by its exact title in a space.
func (c *Client) PageByTitle(ctx context.Context, spaceKey, title string) (*Page, error) {
	return c.dialect.pageByTitle(ctx, spaceKey, title)
}

// CreatePage creates a page and returns it as stored.
func (c *Client) CreatePage(ctx context.Context, np NewPage) (*Page, error) {
	if np.Representation == "" {
		np.Representation = Storage
	}
	return c.dialect.createPage(ctx, np)
}

// UpdatePage writes a new version of a page: of u.Base when the caller
// read the page itself, else of the current version, read first.
// Confluence rejects the write with 409 if someone else saved in between,
// which surfaces as an APIError telling the caller to retry.
func (c *Client) UpdatePage(ctx context.Context, u PageUpdate) (*Page, error) {
	cur := u.Base
	if cur == nil {
		var err error
		if cur, err = c.GetPage(ctx, u.ID); err != nil {
			return nil, err
		}
	}
	rep, value := u.Representation, cur.Body
	if rep == "" {
		rep = Storage
	}
	if u.Body != nil {
		value = *u.Body
	} else {
		rep = Storage
	}
	title := u.Title
	if title == "" {
		title = cur.Title
	}
	return c.dialect.putPage(ctx, cur, u, title, rep, value)
}
