package confluence

import (
	"context"
	"fmt"
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
	if key, name, ok := d.c.SpaceNames.get(d.c.rest, p.SpaceID); ok {
		page.SpaceKey, page.SpaceName = key, name
		return page
	}
	var space struct {
		Key  string `json:"key"`
		Name string `json:"name"`
	}
	if err := d.c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/api/v2/spaces/" + url.PathEscape(p.SpaceID)}, &space); err != nil {
		page.Notes = append(page.Notes, fmt.Sprintf("the space of this page (id %s) could not be looked up: %v", p.SpaceID, err))
		return page
	}
	page.SpaceKey, page.SpaceName = space.Key, space.Name
	d.c.SpaceNames.put(d.c.rest, p.SpaceID, space.Key, space.Name)
	return page
}

func (d v2) getPage(ctx context.Context, id string) (*Page, error) {
	var p pageV2
	if err := d.c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/api/v2/pages/" + url.PathEscape(id), Query: url.Values{"body-format": {"storage"}}}, &p); err != nil {
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

// maxCommentThreads bounds the reply lists read for one page: v2 lists
// only top-level footer comments, and each thread's replies cost a call.
const maxCommentThreads = 50

func (d v2) comments(ctx context.Context, pageID string) ([]Comment, error) {
	v := url.Values{"body-format": {"storage"}, "limit": {"100"}}
	comments, err := d.commentList(ctx, "/api/v2/pages/"+url.PathEscape(pageID)+"/footer-comments", v)
	if err != nil {
		return nil, err
	}
	// Replies, thread by thread (breadth first, so nested replies too).
	for i := 0; i < len(comments) && i < maxCommentThreads; i++ {
		replies, err := d.commentList(ctx, "/api/v2/footer-comments/"+url.PathEscape(comments[i].ID)+"/children", v)
		if err != nil {
			return nil, fmt.Errorf("reading the replies to comment %s: %w", comments[i].ID, err)
		}
		for j := range replies {
			if replies[j].ParentID == "" {
				replies[j].ParentID = comments[i].ID
			}
		}
		comments = append(comments, replies...)
	}
	return comments, nil
}

func (d v2) commentList(ctx context.Context, path string, v url.Values) ([]Comment, error) {
	var out struct {
		Results []struct {
			ID              string    `json:"id"`
			ParentCommentID string    `json:"parentCommentId"`
			Version         versionV2 `json:"version"`
			Body            bodyV2    `json:"body"`
		} `json:"results"`
	}
	if err := d.c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: path, Query: v}, &out); err != nil {
		return nil, err
	}
	comments := make([]Comment, 0, len(out.Results))
	for _, r := range out.Results {
		comments = append(comments, Comment{ID: r.ID, Body: r.Body.Storage.Value, Author: r.Version.AuthorID,
			Created: r.Version.CreatedAt, Version: r.Version.Number, ParentID: r.ParentCommentID})
	}
	return comments, nil
}

func (d v2) addComment(ctx context.Context, pageID, storageBody string) (*Comment, error) {
	body := map[string]any{"pageId": pageID, "body": map[string]any{"representation": "storage", "value": storageBody}}
	var out struct {
		ID      string    `json:"id"`
		Version versionV2 `json:"version"`
	}
	if err := d.c.do(ctx, atlassian.Request{Method: http.MethodPost, Path: "/api/v2/footer-comments", Body: body}, &out); err != nil {
		return nil, err
	}
	return &Comment{ID: out.ID, Body: storageBody, Author: out.Version.AuthorID, Created: out.Version.CreatedAt, Version: out.Version.Number}, nil
}
