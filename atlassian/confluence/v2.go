package confluence

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// v2 is the Cloud dialect: /api/v2 pages and footer comments, which name
// spaces by numeric id.
type v2 struct{ c *Client }

// versionV2 and bodyV2 are the v2 version and storage body shapes shared
// by pages and comments.
type versionV2 struct {
	Number    int    `json:"number"`
	Message   string `json:"message"`
	AuthorID  string `json:"authorId"`
	CreatedAt string `json:"createdAt"`
}

type bodyV2 struct {
	Storage struct {
		Value string `json:"value"`
	} `json:"storage"`
}

type pageV2 struct {
	ID       string    `json:"id"`
	Status   string    `json:"status"`
	Title    string    `json:"title"`
	Subtype  string    `json:"subtype"`
	SpaceID  string    `json:"spaceId"`
	ParentID string    `json:"parentId"`
	AuthorID string    `json:"authorId"`
	Created  string    `json:"createdAt"`
	Version  versionV2 `json:"version"`
	Body     bodyV2    `json:"body"`
	Links    struct {
		WebUI string `json:"webui"`
	} `json:"_links"`
}

// page converts a v2 page and looks up its space key. A failed space
// lookup does not fail the read: the page comes back without its space
// key and with a note saying why.
func (d v2) page(ctx context.Context, p *pageV2) *Page {
	page := &Page{
		ID: p.ID, Title: p.Title, Type: "page", Subtype: p.Subtype, Status: p.Status, SpaceID: p.SpaceID, ParentID: p.ParentID,
		Body: p.Body.Storage.Value, Version: p.Version.Number, VersionMessage: p.Version.Message,
		VersionAuthor: p.Version.AuthorID, VersionDate: p.Version.CreatedAt, Author: p.AuthorID,
		Created: p.Created, URL: d.c.webURL(p.Links.WebUI),
	}
	if p.SpaceID == "" {
		return page
	}
	key, name, err := d.c.spaceByID(ctx, p.SpaceID)
	if err != nil {
		page.Notes = append(page.Notes, fmt.Sprintf("the space of this page (id %s) could not be looked up: %v", p.SpaceID, err))
		return page
	}
	page.SpaceKey, page.SpaceName = key, name
	return page
}

func (d v2) getPage(ctx context.Context, id string) (*Page, error) {
	return d.readPage(ctx, id, url.Values{"body-format": {"storage"}})
}

// pageHead asks for no body (no body-format) and no version.
func (d v2) pageHead(ctx context.Context, id string) (*Page, error) {
	return d.readPage(ctx, id, url.Values{"include-version": {"false"}})
}

// blogPostHead reads a blog post as pageHead reads a page.
func (d v2) blogPostHead(ctx context.Context, id string) (*Page, error) {
	var p pageV2
	q := url.Values{"include-version": {"false"}}
	if err := d.c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/api/v2/blogposts/" + url.PathEscape(id), Query: q}, &p); err != nil {
		return nil, err
	}
	page := d.page(ctx, &p)
	page.Type = "blogpost"
	return page, nil
}

func (d v2) readPage(ctx context.Context, id string, q url.Values) (*Page, error) {
	var p pageV2
	if err := d.c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/api/v2/pages/" + url.PathEscape(id), Query: q}, &p); err != nil {
		return nil, err
	}
	return d.page(ctx, &p), nil
}

func (d v2) pageByTitle(ctx context.Context, spaceKey, title string) (*Page, error) {
	spaceID, err := d.c.SpaceID(ctx, spaceKey)
	if err != nil {
		return nil, err
	}
	var out struct {
		Results []pageV2 `json:"results"`
	}
	v := url.Values{"space-id": {spaceID}, "title": {title}, "body-format": {"storage"}, "limit": {"1"}}
	if err := d.c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/api/v2/pages", Query: v}, &out); err != nil {
		return nil, err
	}
	if len(out.Results) == 0 {
		return nil, fmt.Errorf("%w: no page titled %q in space %s", ErrPageNotFound, title, spaceKey)
	}
	return d.page(ctx, &out.Results[0]), nil
}

func (d v2) createPage(ctx context.Context, np NewPage) (*Page, error) {
	spaceID, err := d.c.SpaceID(ctx, np.SpaceKey)
	if err != nil {
		return nil, err
	}
	body := map[string]any{
		"spaceId": spaceID, "status": "current", "title": np.Title,
		"body": map[string]any{"representation": string(np.Representation), "value": np.Body},
	}
	if np.ParentID != "" {
		body["parentId"] = np.ParentID
	}
	if np.Subtype != "" {
		body["subtype"] = np.Subtype
	}
	var p pageV2
	if err := d.c.do(ctx, atlassian.Request{Method: http.MethodPost, Path: "/api/v2/pages", Body: body}, &p); err != nil {
		return nil, err
	}
	return d.getPage(ctx, p.ID)
}

func (d v2) putPage(ctx context.Context, cur *Page, u PageUpdate, title string, rep Representation, value string) (*Page, error) {
	body := map[string]any{
		"id": u.ID, "status": "current", "title": title,
		"body":    map[string]any{"representation": string(rep), "value": value},
		"version": map[string]any{"number": cur.Version + 1, "message": u.Message},
	}
	if u.ParentID != "" {
		body["parentId"] = u.ParentID
	}
	if err := d.c.do(ctx, atlassian.Request{Method: http.MethodPut, Path: "/api/v2/pages/" + url.PathEscape(u.ID), Body: body}, nil); err != nil {
		return nil, err
	}
	return d.getPage(ctx, u.ID)
}

// maxCommentThreads bounds the reply lists read for one page, footer and
// inline threads together: v2 lists only a page's top-level comments, and
// each thread's replies cost a call.
const maxCommentThreads = 50

// maxCommentsListed bounds the walk of one comment list: Cloud's cursor,
// Server/DC's start.
const maxCommentsListed = 1000

// commentKindV2 is one of v2's two comment collections, footer and
// inline, which are read and written alike under their own paths.
type commentKindV2 struct {
	path     string // footer-comments, inline-comments
	location string // footer, inline: what v1's extensions.location calls them
	noun     string // for errors
	limit    string // how many a list asks for
}

var (
	footerComments = commentKindV2{path: "footer-comments", location: "footer", noun: "comment", limit: "100"}
	inlineComments = commentKindV2{path: "inline-comments", location: "inline", noun: "inline comment", limit: "250"}
)

// comments lists a page's or blog post's footer comments, then its inline
// comments, each kind as commentThreads orders it. mcp-atlassian reads
// v1's listing without a location, which v2 splits in two; the v1 route
// is deprecated on Cloud and gone from its current document.
func (d v2) comments(ctx context.Context, contentID, contentType string) ([]Comment, error) {
	var footer []InlineComment
	threads := maxCommentThreads // one budget for both kinds
	collection, err := onV2Content(contentType, func(collection string) error {
		var err error
		footer, err = d.commentThreads(ctx, collection, contentID, footerComments, &threads)
		return err
	})
	if err != nil {
		return nil, err
	}
	inline, err := d.commentThreads(ctx, collection, contentID, inlineComments, &threads)
	if err != nil {
		return nil, err
	}
	comments := make([]Comment, 0, len(footer)+len(inline))
	for _, list := range [][]InlineComment{footer, inline} {
		for i := range list {
			comments = append(comments, list[i].Comment)
		}
	}
	return comments, nil
}

// commentThreads lists the top-level comments of one kind on a page or
// blog post (collection: pages, blogposts), oldest first, then each
// thread's replies (breadth first, so nested replies too), while threads
// (the reply lists left to read, see maxCommentThreads) lasts.
func (d v2) commentThreads(ctx context.Context, collection, contentID string, kind commentKindV2, threads *int) ([]InlineComment, error) {
	v := url.Values{"body-format": {"storage"}, "sort": {"created-date"}, "limit": {kind.limit}}
	list, err := d.commentList(ctx, "/api/v2/"+collection+"/"+url.PathEscape(contentID)+"/"+kind.path, v)
	if err != nil {
		return nil, err
	}
	for i := 0; i < len(list) && *threads > 0; i++ {
		*threads--
		replies, err := d.commentList(ctx, "/api/v2/"+kind.path+"/"+url.PathEscape(list[i].ID)+"/children", v)
		if err != nil {
			return nil, fmt.Errorf("reading the replies to %s %s: %w", kind.noun, list[i].ID, err)
		}
		for j := range replies {
			if replies[j].ParentID == "" {
				replies[j].ParentID = list[i].ID
			}
		}
		list = append(list, replies...)
	}
	for i := range list {
		list[i].Location = kind.location
	}
	return list, nil
}

// commentList reads a comment list, following its cursor up to
// maxCommentsListed comments.
func (d v2) commentList(ctx context.Context, path string, v url.Values) ([]InlineComment, error) {
	results, err := listV2[inlineV2](ctx, d.c, path, v, maxCommentsListed)
	if err != nil {
		return nil, err
	}
	list := make([]InlineComment, 0, len(results))
	for i := range results {
		list = append(list, results[i].comment())
	}
	return list, nil
}

// listV2 reads a v2 list, following the cursor of its _links.next until
// the list ends or holds at least most items (a page's worth may pass
// it). An answer with no results ends it too, whatever its cursor, so a
// site that keeps answering a cursor cannot keep the walk going.
func listV2[T any](ctx context.Context, c *Client, path string, v url.Values, most int) ([]T, error) {
	list, _, err := walkV2[T](ctx, c, path, v, most)
	return list, err
}

// walkV2 is listV2 that also tells whether the last answer linked a
// next page, for callers that report whether the list goes on.
func walkV2[T any](ctx context.Context, c *Client, path string, v url.Values, most int) (list []T, more bool, err error) {
	q := maps.Clone(v)
	for {
		var out struct {
			Results []T `json:"results"`
			Links   struct {
				Next string `json:"next"`
			} `json:"_links"`
		}
		if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: path, Query: q}, &out); err != nil {
			return nil, false, err
		}
		list = append(list, out.Results...)
		cursor := cursorOf(out.Links.Next)
		if cursor == "" || len(out.Results) == 0 || len(list) >= most {
			return list, out.Links.Next != "", nil
		}
		q.Set("cursor", cursor)
	}
}

// addComment adds a footer comment to a page or blog post, or a reply,
// which names only its parent and goes to its parent's collection: Cloud
// takes a reply to an inline comment under /inline-comments only.
func (d v2) addComment(ctx context.Context, contentID, contentType string, parent *CommentRef, storageBody string) (*Comment, error) {
	kind := footerComments
	var out *inlineV2
	var err error
	parentID := ""
	if parent != nil {
		parentID = parent.ID
		if parent.Location == inlineComments.location {
			kind = inlineComments
		}
		out, err = d.postComment(ctx, kind, map[string]any{"body": storageV2(storageBody), "parentCommentId": parentID})
	} else {
		// A write is not tried as a page and then as a blog post: how Cloud
		// refuses a comment for a blog post's id given as pageId (400 or
		// 404) is not documented. An unknown type is probed first instead.
		collection, err := d.collectionOf(ctx, contentID, contentType)
		if err != nil {
			return nil, err
		}
		target := "pageId"
		if collection == "blogposts" {
			target = "blogPostId"
		}
		out, err = d.postComment(ctx, kind, map[string]any{"body": storageV2(storageBody), target: contentID})
	}
	if err != nil {
		return nil, err
	}
	cm := out.comment().Comment
	cm.Body, cm.ParentID, cm.Location = storageBody, parentID, kind.location
	return &cm, nil
}

// collectionOf is the v2 collection holding content (pages, blogposts):
// the one its type names or, when the type is unknown, the one that knows
// the id. The probe reads the content without its version and decodes
// nothing, so unlike ContentHead it costs no space lookup.
func (d v2) collectionOf(ctx context.Context, contentID, contentType string) (string, error) {
	if contentType != "" {
		return v2Collection(contentType), nil
	}
	return onV2Content("", func(collection string) error {
		return d.c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/api/v2/" + collection + "/" + url.PathEscape(contentID),
			Query: url.Values{"include-version": {"false"}}}, nil)
	})
}

// postComment creates a comment of one kind; body names where it goes
// (a page, a parent comment, a text selection).
func (d v2) postComment(ctx context.Context, kind commentKindV2, body map[string]any) (*inlineV2, error) {
	var out inlineV2
	if err := d.c.do(ctx, atlassian.Request{Method: http.MethodPost, Path: "/api/v2/" + kind.path, Body: body}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// storageV2 is a v2 comment body to write, in storage format.
func storageV2(value string) map[string]any {
	return map[string]any{"representation": string(Storage), "value": value}
}
