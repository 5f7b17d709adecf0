package confluence

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strconv"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// v1 is the Server/Data Center dialect: the /rest/api/content API, which
// names spaces by key and embeds what v2 links (space, history, ancestors).
type v1 struct{ c *Client }

type contentV1 struct {
	ID     string `json:"id"`
	Type   string `json:"type"`
	Status string `json:"status"`
	Title  string `json:"title"`
	Space  struct {
		ID   int64  `json:"id"`
		Key  string `json:"key"`
		Name string `json:"name"`
	} `json:"space"`
	History struct {
		CreatedDate string `json:"createdDate"`
		CreatedBy   struct {
			Username    string `json:"username"`
			DisplayName string `json:"displayName"`
		} `json:"createdBy"`
	} `json:"history"`
	Version struct {
		Number  int    `json:"number"`
		Message string `json:"message"`
		When    string `json:"when"`
		By      struct {
			Username    string `json:"username"`
			DisplayName string `json:"displayName"`
		} `json:"by"`
	} `json:"version"`
	Ancestors []PageRef `json:"ancestors"`
	Body      struct {
		Storage struct {
			Value string `json:"value"`
		} `json:"storage"`
	} `json:"body"`
	Links struct {
		WebUI string `json:"webui"`
	} `json:"_links"`
}

const contentExpand = "body.storage,version,space,ancestors,history"

func (d v1) page(p *contentV1) *Page {
	page := &Page{
		ID: p.ID, Title: p.Title, Type: p.Type, Status: p.Status, SpaceKey: p.Space.Key, SpaceName: p.Space.Name,
		Body: p.Body.Storage.Value, Version: p.Version.Number, VersionMessage: p.Version.Message,
		VersionAuthor: p.Version.By.Username, VersionDate: p.Version.When,
		Author: p.History.CreatedBy.Username, Created: p.History.CreatedDate,
		URL: d.c.webURL(p.Links.WebUI), Ancestors: p.Ancestors,
	}
	if p.Space.ID != 0 {
		page.SpaceID = strconv.FormatInt(p.Space.ID, 10)
	}
	if n := len(p.Ancestors); n > 0 {
		page.ParentID = p.Ancestors[n-1].ID
	}
	return page
}

func contentPath(id string) string { return "/rest/api/content/" + url.PathEscape(id) }

func (d v1) getPage(ctx context.Context, id string) (*Page, error) {
	return d.readPage(ctx, id, contentExpand)
}

// pageHead expands the space and ancestors only: not the body, nor the
// version and history the content API expands by default.
func (d v1) pageHead(ctx context.Context, id string) (*Page, error) {
	return d.readPage(ctx, id, "space,ancestors")
}

func (d v1) readPage(ctx context.Context, id, expand string) (*Page, error) {
	var p contentV1
	if err := d.c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: contentPath(id), Query: url.Values{"expand": {expand}}}, &p); err != nil {
		return nil, err
	}
	return d.page(&p), nil
}

func (d v1) pageByTitle(ctx context.Context, spaceKey, title string) (*Page, error) {
	var out struct {
		Results []contentV1 `json:"results"`
	}
	v := url.Values{"spaceKey": {spaceKey}, "title": {title}, "type": {"page"}, "expand": {contentExpand}, "limit": {"1"}}
	if err := d.c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/rest/api/content", Query: v}, &out); err != nil {
		return nil, err
	}
	if len(out.Results) == 0 {
		return nil, fmt.Errorf("%w: no page titled %q in space %s", ErrPageNotFound, title, spaceKey)
	}
	return d.page(&out.Results[0]), nil
}

// bodyV1 is the v1 body object: the representation names the key.
func bodyV1(rep Representation, value string) map[string]any {
	return map[string]any{string(rep): map[string]any{"value": value, "representation": string(rep)}}
}

func (d v1) createPage(ctx context.Context, np NewPage) (*Page, error) {
	body := map[string]any{
		"type": "page", "title": np.Title, "space": map[string]any{"key": np.SpaceKey},
		"body": bodyV1(np.Representation, np.Body),
	}
	if np.ParentID != "" {
		body["ancestors"] = []map[string]any{{"id": np.ParentID}}
	}
	var p contentV1
	if err := d.c.do(ctx, atlassian.Request{Method: http.MethodPost, Path: "/rest/api/content", Body: body}, &p); err != nil {
		return nil, err
	}
	return d.getPage(ctx, p.ID)
}

func (d v1) putPage(ctx context.Context, cur *Page, u PageUpdate, title string, rep Representation, value string) (*Page, error) {
	body := map[string]any{
		"id": u.ID, "type": "page", "title": title,
		"body":    bodyV1(rep, value),
		"version": map[string]any{"number": cur.Version + 1, "minorEdit": u.MinorEdit, "message": u.Message},
	}
	if u.ParentID != "" {
		body["ancestors"] = []map[string]any{{"id": u.ParentID}}
	}
	if err := d.c.do(ctx, atlassian.Request{Method: http.MethodPut, Path: contentPath(u.ID), Body: body}, nil); err != nil {
		return nil, err
	}
	return d.getPage(ctx, u.ID)
}

// commentExpandV1 is what a comment listing expands: its body, version,
// author and the ancestors that name its parent comment.
const commentExpandV1 = "body.storage,version,history,ancestors"

// comments asks without a location, which the document defines as all of
// them, as mcp-atlassian does; the content API serves blog posts too.
func (d v1) comments(ctx context.Context, contentID, _ string) ([]Comment, error) {
	v := url.Values{"expand": {commentExpandV1}, "depth": {"all"}, "limit": {"100"}}
	list, err := d.listComments(ctx, contentID, v)
	if err != nil {
		return nil, err
	}
	comments := make([]Comment, 0, len(list))
	for i := range list {
		cm := list[i].contentV1.comment(contentID)
		cm.Location = list[i].Extensions.Location
		comments = append(comments, cm)
	}
	return comments, nil
}

// listComments reads the comments of a page, footer and inline alike: v
// says which (location), what of each (expand) and how many an answer
// holds (limit). It pages by start while the answer links a next page,
// up to maxCommentsListed comments, as Cloud's cursor walk does; an
// answer with no results ends it whatever its link says.
func (d v1) listComments(ctx context.Context, pageID string, v url.Values) ([]inlineV1, error) {
	q := maps.Clone(v)
	var list []inlineV1
	for {
		q.Set("start", strconv.Itoa(len(list)))
		var out struct {
			Results []inlineV1 `json:"results"`
			Links   struct {
				Next string `json:"next"`
			} `json:"_links"`
		}
		if err := d.c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: contentPath(pageID) + "/child/comment", Query: q}, &out); err != nil {
			return nil, err
		}
		list = append(list, out.Results...)
		if out.Links.Next == "" || len(out.Results) == 0 || len(list) >= maxCommentsListed {
			return list, nil
		}
	}
}

// comment is v1 comment content as a Comment: its parent is the last
// ancestor that is not the page.
func (r *contentV1) comment(pageID string) Comment {
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
	return cm
}

// addComment names the content a page as its container, whatever its
// type, as mcp-atlassian does; the content API finds a blog post by it
// too. A reply names its parent as its ancestor, footer or inline alike:
// a reply to an inline comment is inline, anchored as its parent is.
func (d v1) addComment(ctx context.Context, pageID, _ string, parent *CommentRef, storageBody string) (*Comment, error) {
	var fields map[string]any
	parentID := ""
	if parent != nil {
		parentID = parent.ID
		fields = map[string]any{"ancestors": []map[string]any{{"id": parentID}}}
	}
	out, err := d.postComment(ctx, pageID, storageBody, fields)
	if err != nil {
		return nil, err
	}
	cm := out.contentV1.comment(pageID)
	cm.Body, cm.ParentID, cm.Location = storageBody, parentID, out.Extensions.Location
	return &cm, nil
}

// postComment creates a comment on a page, footer or inline: fields adds
// to the comment content what makes it a reply (ancestors) or inline
// (extensions).
func (d v1) postComment(ctx context.Context, pageID, storageBody string, fields map[string]any) (*inlineV1, error) {
	body := map[string]any{
		"type": "comment", "container": map[string]any{"id": pageID, "type": "page"},
		"body": bodyV1(Storage, storageBody),
	}
	maps.Copy(body, fields)
	var out inlineV1
	if err := d.c.do(ctx, atlassian.Request{Method: http.MethodPost, Path: "/rest/api/content", Body: body}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
