package confluence

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Comments: a reply is a comment with a parent, written by the same
// dialect operation as a top-level one. Pages and blog posts take
// comments alike; contentType is the content's type when known (see
// content.go).

// Comments lists the comments of a page or blog post, footer and inline,
// replies included, as mcp-atlassian's v1 listing without a location
// does. Server/DC lists them in the order the site answers; Cloud lists
// the footer comments, then the inline ones (see v2.comments).
func (c *Client) Comments(ctx context.Context, contentID, contentType string) ([]Comment, error) {
	return c.dialect.comments(ctx, contentID, contentType)
}

// AddComment adds a footer comment in storage format to a page or blog
// post.
func (c *Client) AddComment(ctx context.Context, contentID, contentType, storageBody string) (*Comment, error) {
	return c.dialect.addComment(ctx, contentID, contentType, "", storageBody)
}

// ReplyToComment adds a reply (storage format) under a footer comment of
// pageID (a page or blog post).
func (c *Client) ReplyToComment(ctx context.Context, pageID, commentID, storageBody string) (*Comment, error) {
	return c.dialect.addComment(ctx, pageID, "", commentID, storageBody)
}

// CommentPage finds the page (or blog post) a comment belongs to, for the
// spaces allow-list and for replies on Server/DC.
func (c *Client) CommentPage(ctx context.Context, commentID string) (string, error) {
	if c.cloud {
		var out struct {
			PageID     string `json:"pageId"`
			BlogPostID string `json:"blogPostId"`
		}
		if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/api/v2/footer-comments/" + url.PathEscape(commentID)}, &out); err != nil {
			return "", err
		}
		if out.PageID != "" {
			return out.PageID, nil
		}
		return out.BlogPostID, nil
	}
	var out struct {
		Type      string `json:"type"`
		Container struct {
			ID string `json:"id"`
		} `json:"container"`
	}
	if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: contentPath(commentID), Query: url.Values{"expand": {"container"}}}, &out); err != nil {
		return "", err
	}
	if out.Type != "comment" {
		return "", fmt.Errorf("content %s is a %s, not a comment", commentID, out.Type)
	}
	return out.Container.ID, nil
}
