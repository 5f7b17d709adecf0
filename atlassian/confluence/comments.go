package confluence

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Footer comments: a reply is a comment with a parent, written by the same
// dialect operation as a top-level one.

// Comments lists a page's footer comments, replies included.
func (c *Client) Comments(ctx context.Context, pageID string) ([]Comment, error) {
	return c.dialect.comments(ctx, pageID)
}

// AddComment adds a footer comment in storage format.
func (c *Client) AddComment(ctx context.Context, pageID, storageBody string) (*Comment, error) {
	return c.dialect.addComment(ctx, pageID, "", storageBody)
}

// ReplyToComment adds a reply (storage format) under a footer comment of
// pageID.
func (c *Client) ReplyToComment(ctx context.Context, pageID, commentID, storageBody string) (*Comment, error) {
	return c.dialect.addComment(ctx, pageID, commentID, storageBody)
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
