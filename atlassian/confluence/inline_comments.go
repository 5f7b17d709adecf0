package confluence

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"time"
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

// inlineV2 is a v2 comment (Cloud), inline or footer: a footer comment
// leaves the inline fields empty.
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

// inlineV1 is a v1 comment with its extensions (Server/DC), which say
// whether it is inline and what it is anchored to.
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
	return InlineComment{Comment: r.contentV1.comment(pageID), Selection: r.Extensions.InlineProperties.OriginalSelection}
}

// InlineComments lists a page's inline comments, replies included.
func (c *Client) InlineComments(ctx context.Context, pageID string) ([]InlineComment, error) {
	if c.cloud {
		threads := maxCommentThreads
		return v2{c}.commentThreads(ctx, "pages", pageID, inlineComments, &threads)
	}
	v := url.Values{"expand": {commentExpandV1 + ",extensions.inlineProperties"},
		"depth": {"all"}, "location": {"inline"}, "limit": {"200"}}
	all, err := v1{c}.listComments(ctx, pageID, v)
	if err != nil {
		return nil, err
	}
	list := make([]InlineComment, 0, len(all))
	for i := range all {
		// Sites that ignore the location filter list footer comments too.
		if all[i].Extensions.Location == "inline" {
			list = append(list, all[i].comment(pageID))
		}
	}
	return list, nil
}

// AddInlineComment anchors a comment (storage format) to text of a page.
func (c *Client) AddInlineComment(ctx context.Context, pageID, storageBody string, sel InlineSelection) (*InlineComment, error) {
	var cm InlineComment
	if c.cloud {
		out, err := v2{c}.postComment(ctx, inlineComments, map[string]any{"pageId": pageID, "body": storageV2(storageBody),
			"inlineCommentProperties": map[string]any{"textSelection": sel.Text, "textSelectionMatchCount": sel.Count, "textSelectionMatchIndex": sel.Index}})
		if err != nil {
			return nil, err
		}
		cm = out.comment()
	} else {
		// Server/DC wants what its editor sends when text is highlighted:
		// the match count and index, the fetch time in milliseconds and
		// the highlights as a JSON array of arrays.
		highlights, _ := json.Marshal([][]string{{sel.Text}})
		out, err := v1{c}.postComment(ctx, pageID, storageBody, map[string]any{
			"extensions": map[string]any{"location": "inline", "inlineProperties": map[string]any{
				"originalSelection": sel.Text, "numMatches": sel.Count, "matchIndex": sel.Index,
				"lastFetchTime": strconv.FormatInt(time.Now().UnixMilli(), 10), "serializedHighlights": string(highlights),
			}},
		})
		if err != nil {
			return nil, err
		}
		cm = out.comment(pageID)
	}
	cm.Body, cm.Selection = storageBody, sel.Text
	return &cm, nil
}
