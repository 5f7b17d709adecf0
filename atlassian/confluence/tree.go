package confluence

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Child is one direct child of a page: a page, or a folder (Cloud).
type Child struct {
	Page
	// Position orders siblings, as Confluence reports it (Cloud's
	// childPosition); 0 when unknown.
	Position int
}

// Children lists the direct children of a page from offset start, at most
// limit of them. withBody reads each child's storage body too. more tells
// whether Confluence has children past the ones returned.
//
// Cloud's v2 direct-children pages with cursors; the offset is walked
// through them here, so callers keep mcp-atlassian's start/limit.
func (c *Client) Children(ctx context.Context, parentID string, start, limit int, withBody bool) (children []Child, more bool, err error) {
	if c.cloud {
		return c.childrenV2(ctx, parentID, start, limit, withBody)
	}
	return c.childrenV1(ctx, parentID, start, limit, withBody)
}

func (c *Client) childrenV2(ctx context.Context, parentID string, start, limit int, withBody bool) ([]Child, bool, error) {
	type childV2 struct {
		ID            string `json:"id"`
		Status        string `json:"status"`
		Title         string `json:"title"`
		Type          string `json:"type"`
		SpaceID       string `json:"spaceId"`
		ChildPosition int    `json:"childPosition"`
	}
	var all []childV2
	more := false
	q := url.Values{"limit": {strconv.Itoa(min(start+limit, 250))}}
	for {
		var out struct {
			Results []childV2 `json:"results"`
			Links   struct {
				Next string `json:"next"`
			} `json:"_links"`
		}
		if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/api/v2/pages/" + url.PathEscape(parentID) + "/direct-children", Query: q}, &out); err != nil {
			return nil, false, err
		}
		all = append(all, out.Results...)
		cursor := cursorOf(out.Links.Next)
		more = cursor != ""
		if len(all) >= start+limit || cursor == "" || len(out.Results) == 0 {
			break
		}
		q.Set("cursor", cursor)
	}
	if len(all) > start+limit {
		all, more = all[:start+limit], true
	}
	var children []Child
	for _, ch := range window(all, start) {
		if withBody && ch.Type == "page" {
			p, err := c.GetPage(ctx, ch.ID)
			if err != nil {
				return nil, false, err
			}
			children = append(children, Child{Page: *p, Position: ch.ChildPosition})
			continue
		}
		children = append(children, Child{Page: Page{ID: ch.ID, Title: ch.Title, Type: ch.Type, Status: ch.Status, SpaceID: ch.SpaceID, ParentID: parentID}, Position: ch.ChildPosition})
	}
	return children, more, nil
}

func (c *Client) childrenV1(ctx context.Context, parentID string, start, limit int, withBody bool) ([]Child, bool, error) {
	expand := "version,space,history,ancestors"
	if withBody {
		expand += ",body.storage"
	}
	var out struct {
		Results []contentV1 `json:"results"`
		Size    int         `json:"size"`
		Links   struct {
			Next string `json:"next"`
		} `json:"_links"`
	}
	q := url.Values{"start": {strconv.Itoa(start)}, "limit": {strconv.Itoa(limit)}, "expand": {expand}}
	if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: contentPath(parentID) + "/child/page", Query: q}, &out); err != nil {
		return nil, false, err
	}
	d := v1{c}
	children := make([]Child, 0, len(out.Results))
	for i := range out.Results {
		children = append(children, Child{Page: *d.page(&out.Results[i])})
	}
	return children, out.Links.Next != "", nil
}

// TreePage is one page of a space's hierarchy.
type TreePage struct {
	ID       string
	Title    string
	ParentID string // "" for a page at the space's root
	Position int
}

// SpacePages lists up to limit pages of a space with their parents, in
// the order Confluence returns them; more tells whether the space has
// more pages.
func (c *Client) SpacePages(ctx context.Context, spaceKey string, limit int) (pages []TreePage, more bool, err error) {
	if c.cloud {
		return c.spacePagesV2(ctx, spaceKey, limit)
	}
	return c.spacePagesV1(ctx, spaceKey, limit)
}

func (c *Client) spacePagesV2(ctx context.Context, spaceKey string, limit int) ([]TreePage, bool, error) {
	spaceID, err := c.SpaceID(ctx, spaceKey)
	if err != nil {
		return nil, false, err
	}
	var pages []TreePage
	q := url.Values{"space-id": {spaceID}, "status": {"current"}, "limit": {strconv.Itoa(min(limit, 250))}}
	for {
		var out struct {
			Results []struct {
				ID       string `json:"id"`
				Title    string `json:"title"`
				ParentID string `json:"parentId"`
				Position int    `json:"position"`
			} `json:"results"`
			Links struct {
				Next string `json:"next"`
			} `json:"_links"`
		}
		if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/api/v2/pages", Query: q}, &out); err != nil {
			return nil, false, err
		}
		for _, p := range out.Results {
			pages = append(pages, TreePage{ID: p.ID, Title: p.Title, ParentID: p.ParentID, Position: p.Position})
		}
		cursor := cursorOf(out.Links.Next)
		if len(pages) >= limit {
			return pages[:limit], cursor != "" || len(pages) > limit, nil
		}
		if cursor == "" || len(out.Results) == 0 {
			return pages, false, nil
		}
		q.Set("cursor", cursor)
	}
}

func (c *Client) spacePagesV1(ctx context.Context, spaceKey string, limit int) ([]TreePage, bool, error) {
	var pages []TreePage
	for start := 0; ; {
		var out struct {
			Results []struct {
				ID        string    `json:"id"`
				Title     string    `json:"title"`
				Ancestors []PageRef `json:"ancestors"`
				Extension struct {
					Position any `json:"position"`
				} `json:"extensions"`
			} `json:"results"`
			Links struct {
				Next string `json:"next"`
			} `json:"_links"`
		}
		q := url.Values{"spaceKey": {spaceKey}, "type": {"page"}, "start": {strconv.Itoa(start)},
			"limit": {strconv.Itoa(min(limit-len(pages), 200))}, "expand": {"ancestors"}}
		if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/rest/api/content", Query: q}, &out); err != nil {
			return nil, false, err
		}
		for _, p := range out.Results {
			tp := TreePage{ID: p.ID, Title: p.Title}
			if n := len(p.Ancestors); n > 0 {
				tp.ParentID = p.Ancestors[n-1].ID
			}
			if pos, ok := p.Extension.Position.(float64); ok {
				tp.Position = int(pos)
			}
			pages = append(pages, tp)
		}
		start += len(out.Results)
		if len(pages) >= limit {
			return pages, out.Links.Next != "", nil
		}
		if out.Links.Next == "" || len(out.Results) == 0 {
			return pages, false, nil
		}
	}
}

// cursorOf is the cursor parameter of a v2 _links.next URL, "" when there
// is no next page.
func cursorOf(next string) string {
	if next == "" {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil {
		return ""
	}
	return u.Query().Get("cursor")
}

// window is items from offset on.
func window[T any](items []T, offset int) []T {
	if offset >= len(items) {
		return nil
	}
	return items[offset:]
}
