package confluence

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// InlineComment is a comment anchored to text of a page.
type InlineComment struct {
	Comment
	// Selection is the page text the comment is anchored to.
	Selection  string
	Resolution string // open, resolved, ... (Cloud only)
}

// InlineSelection anchors a new inline comment: the Index-th (from 0) of
// Count occurrences of Text on the page.
type InlineSelection struct {
	Text         string
	Count, Index int
}

// inlineV2 is a v2 inline comment (Cloud).
type inlineV2 struct {
	ID               string    `json:"id"`
	ParentCommentID  string    `json:"parentCommentId"`
	ResolutionStatus string    `json:"resolutionStatus"`
	Version          versionV2 `json:"version"`
	Body             bodyV2    `json:"body"`
	Properties       struct {
		Selection string `json:"inlineOriginalSelection"`
	} `json:"properties"`
}

func (r *inlineV2) comment() InlineComment {
	return InlineComment{Comment: Comment{ID: r.ID, Body: r.Body.Storage.Value, Author: r.Version.AuthorID,
		Created: r.Version.CreatedAt, Version: r.Version.Number, ParentID: r.ParentCommentID},
		Selection: r.Properties.Selection, Resolution: r.ResolutionStatus}
}

// inlineV1 is a v1 comment with its inline extensions (Server/DC).
type inlineV1 struct {
	contentV1
	Extensions struct {
		Location         string `json:"location"`
		InlineProperties struct {
			OriginalSelection string `json:"originalSelection"`
		} `json:"inlineProperties"`
	} `json:"extensions"`
}

func (r *inlineV1) comment(pageID string) InlineComment {
	cm := Comment{ID: r.ID, Body: r.Body.Storage.Value, Author: r.History.CreatedBy.DisplayName,
		Created: r.History.CreatedDate, Version: r.Version.Number}
	if cm.Author == "" {
		cm.Author = r.Version.By.DisplayName
	}
	for _, a := range r.Ancestors {
		if a.ID != pageID {
			cm.ParentID = a.ID
		}
	}
	return InlineComment{Comment: cm, Selection: r.Extensions.InlineProperties.OriginalSelection}
}

func (c *Client) inlineListV2(ctx context.Context, path string) ([]InlineComment, error) {
	var out struct {
		Results []inlineV2 `json:"results"`
	}
	v := url.Values{"body-format": {"storage"}, "limit": {"250"}}
	if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: path, Query: v}, &out); err != nil {
		return nil, err
	}
	list := make([]InlineComment, 0, len(out.Results))
	for i := range out.Results {
		list = append(list, out.Results[i].comment())
	}
	return list, nil
}

// InlineComments lists a page's inline comments, replies included.
func (c *Client) InlineComments(ctx context.Context, pageID string) ([]InlineComment, error) {
	if c.cloud {
		// v2 lists a page's top-level inline comments; each thread's
		// replies are read from its children (breadth first, so nested
		// replies too), as for footer comments.
		list, err := c.inlineListV2(ctx, "/api/v2/pages/"+url.PathEscape(pageID)+"/inline-comments")
		if err != nil {
			return nil, err
		}
		for i := 0; i < len(list) && i < maxCommentThreads; i++ {
			replies, err := c.inlineListV2(ctx, "/api/v2/inline-comments/"+url.PathEscape(list[i].ID)+"/children")
			if err != nil {
				return nil, fmt.Errorf("reading the replies to inline comment %s: %w", list[i].ID, err)
			}
			for j := range replies {
				if replies[j].ParentID == "" {
					replies[j].ParentID = list[i].ID
				}
			}
			list = append(list, replies...)
		}
		return list, nil
	}
	var out struct {
		Results []inlineV1 `json:"results"`
	}
	v := url.Values{"expand": {"body.storage,version,history,ancestors,extensions.inlineProperties"},
		"depth": {"all"}, "location": {"inline"}, "limit": {"200"}}
	if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: contentPath(pageID) + "/child/comment", Query: v}, &out); err != nil {
		return nil, err
	}
	list := make([]InlineComment, 0, len(out.Results))
	for i := range out.Results {
		// Sites that ignore the location filter list footer comments too.
		if out.Results[i].Extensions.Location == "inline" {
			list = append(list, out.Results[i].comment(pageID))
		}
	}
	return list, nil
}

// AddInlineComment anchors a comment (storage format) to text of a page.
func (c *Client) AddInlineComment(ctx context.Context, pageID, storageBody string, sel InlineSelection) (*InlineComment, error) {
	if c.cloud {
		body := map[string]any{"pageId": pageID, "body": map[string]any{"representation": "storage", "value": storageBody},
			"inlineCommentProperties": map[string]any{"textSelection": sel.Text, "textSelectionMatchCount": sel.Count, "textSelectionMatchIndex": sel.Index}}
		var out inlineV2
		if err := c.do(ctx, atlassian.Request{Method: http.MethodPost, Path: "/api/v2/inline-comments", Body: body}, &out); err != nil {
			return nil, err
		}
		cm := out.comment()
		cm.Body, cm.Selection = storageBody, sel.Text
		return &cm, nil
	}
	// Server/DC wants what its editor sends when text is highlighted: the
	// match count and index, the fetch time in milliseconds and the
	// highlights as a JSON array of arrays.
	highlights, _ := json.Marshal([][]string{{sel.Text}})
	body := map[string]any{
		"type": "comment", "container": map[string]any{"id": pageID, "type": "page"},
		"body": bodyV1(Storage, storageBody),
		"extensions": map[string]any{"location": "inline", "inlineProperties": map[string]any{
			"originalSelection": sel.Text, "numMatches": sel.Count, "matchIndex": sel.Index,
			"lastFetchTime": strconv.FormatInt(time.Now().UnixMilli(), 10), "serializedHighlights": string(highlights),
		}},
	}
	var out inlineV1
	if err := c.do(ctx, atlassian.Request{Method: http.MethodPost, Path: "/rest/api/content", Body: body}, &out); err != nil {
		return nil, err
	}
	cm := out.comment(pageID)
	cm.Body, cm.Selection = storageBody, sel.Text
	return &cm, nil
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

// ReplyToComment adds a reply (storage format) under a footer comment of
// pageID.
func (c *Client) ReplyToComment(ctx context.Context, pageID, commentID, storageBody string) (*Comment, error) {
	if c.cloud {
		body := map[string]any{"parentCommentId": commentID, "body": map[string]any{"representation": "storage", "value": storageBody}}
		var out struct {
			ID      string    `json:"id"`
			Version versionV2 `json:"version"`
		}
		if err := c.do(ctx, atlassian.Request{Method: http.MethodPost, Path: "/api/v2/footer-comments", Body: body}, &out); err != nil {
			return nil, err
		}
		return &Comment{ID: out.ID, Body: storageBody, Author: out.Version.AuthorID, Created: out.Version.CreatedAt,
			Version: out.Version.Number, ParentID: commentID}, nil
	}
	body := map[string]any{
		"type": "comment", "container": map[string]any{"id": pageID, "type": "page"},
		"ancestors": []map[string]any{{"id": commentID}}, "body": bodyV1(Storage, storageBody),
	}
	var out contentV1
	if err := c.do(ctx, atlassian.Request{Method: http.MethodPost, Path: "/rest/api/content", Body: body}, &out); err != nil {
		return nil, err
	}
	return &Comment{ID: out.ID, Body: storageBody, Author: out.History.CreatedBy.DisplayName, Created: out.History.CreatedDate,
		Version: out.Version.Number, ParentID: commentID}, nil
}
