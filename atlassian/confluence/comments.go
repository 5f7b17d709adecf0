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
	return c.dialect.addComment(ctx, contentID, contentType, nil, storageBody)
}

// CommentRef is where a comment is: the page or blog post it belongs to
// and, on Cloud, which of v2's collections holds it, since a reply is
// written to its parent's collection.
type CommentRef struct {
	ID        string
	ContentID string // the page or blog post
	// Location is footer or inline on Cloud; "" on Server/DC, whose v1
	// reply names its parent and container whatever the kind.
	Location string
}

// ReplyToComment adds a reply (storage format) under a footer or inline
// comment, as CommentHead found it.
func (c *Client) ReplyToComment(ctx context.Context, parent *CommentRef, storageBody string) (*Comment, error) {
	return c.dialect.addComment(ctx, parent.ContentID, "", parent, storageBody)
}

// CommentHead finds where a comment is, for the spaces allow-list and for
// a reply. On Cloud a footer comment's id answers 404 under
// /inline-comments and the reverse, so a 404 as a footer comment is asked
// again as an inline one.
func (c *Client) CommentHead(ctx context.Context, commentID string) (*CommentRef, error) {
	if c.cloud {
		var out struct {
			PageID     string `json:"pageId"`
			BlogPostID string `json:"blogPostId"`
		}
		ref := &CommentRef{ID: commentID}
		for _, kind := range []commentKindV2{footerComments, inlineComments} {
			err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/api/v2/" + kind.path + "/" + url.PathEscape(commentID),
				Query: url.Values{"include-version": {"false"}}}, &out)
			if err == nil {
				ref.Location = kind.location
				break
			}
			if kind == inlineComments || !atlassian.IsStatus(err, http.StatusNotFound) {
				return nil, err
			}
		}
		ref.ContentID = out.PageID
		if ref.ContentID == "" {
			ref.ContentID = out.BlogPostID
		}
		if ref.ContentID == "" {
			// A comment on an attachment or custom content names neither.
			return nil, fmt.Errorf("confluence: comment %s is on neither a page nor a blog post", commentID)
		}
		return ref, nil
	}
	var out struct {
		Type      string `json:"type"`
		Container struct {
			ID string `json:"id"`
		} `json:"container"`
	}
	if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: contentPath(commentID), Query: url.Values{"expand": {"container"}}}, &out); err != nil {
		return nil, err
	}
	if out.Type != "comment" {
		return nil, fmt.Errorf("content %s is a %s, not a comment", commentID, out.Type)
	}
	if out.Container.ID == "" {
		return nil, fmt.Errorf("confluence: comment %s names no container", commentID)
	}
	return &CommentRef{ID: commentID, ContentID: out.Container.ID}, nil
}
