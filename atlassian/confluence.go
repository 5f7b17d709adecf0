package atlassian

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// ConfluenceClient is a Client speaking Confluence's REST dialects: v2 for
// pages and comments plus v1 for CQL search on Cloud; the v1 content API on
// Server/DC. It hides the difference behind Page and Comment.
type ConfluenceClient struct{ *Client }

// Confluence returns the Confluence view of the client.
func (c *Client) Confluence() ConfluenceClient { return ConfluenceClient{c} }

func (c ConfluenceClient) cloud() bool { return c.Deployment() == Cloud }

// Page is a Confluence page in one shape for both deployments.
type Page struct {
	ID             string
	Title          string
	Type           string
	Status         string
	SpaceID        string
	SpaceKey       string
	SpaceName      string
	ParentID       string
	Body           string // storage-format XHTML
	Version        int
	VersionMessage string
	VersionAuthor  string // account id (Cloud) or username (DC)
	VersionDate    string
	Author         string // account id (Cloud) or username (DC)
	Created        string
	URL            string // absolute web URL
	Ancestors      []PageRef
}

// PageRef names a page.
type PageRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Comment is a footer comment.
type Comment struct {
	ID       string
	Body     string // storage-format XHTML
	Author   string // account id (Cloud) or display name (DC)
	Created  string
	Version  int
	ParentID string
}

// SearchResult is one CQL hit.
type SearchResult struct {
	ID           string
	Type         string
	Title        string
	SpaceKey     string
	SpaceName    string
	URL          string
	Excerpt      string
	LastModified string
}

// webURL makes a site-relative link absolute.
func (c ConfluenceClient) webURL(rel string) string {
	if rel == "" || strings.HasPrefix(rel, "http://") || strings.HasPrefix(rel, "https://") {
		return rel
	}
	return strings.TrimSuffix(c.BaseURL().String(), "/") + rel
}

// Search runs CQL (v1 search on both deployments).
func (c ConfluenceClient) Search(ctx context.Context, cql string, limit int) ([]SearchResult, error) {
	v := url.Values{"cql": {cql}, "limit": {strconv.Itoa(limit)}, "expand": {"content.space,content.version"}}
	var out struct {
		Results []struct {
			Content struct {
				ID    string `json:"id"`
				Type  string `json:"type"`
				Title string `json:"title"`
				Space struct {
					Key  string `json:"key"`
					Name string `json:"name"`
				} `json:"space"`
				Links struct {
					WebUI string `json:"webui"`
				} `json:"_links"`
			} `json:"content"`
			Title                 string `json:"title"`
			Excerpt               string `json:"excerpt"`
			URL                   string `json:"url"`
			LastModified          string `json:"lastModified"`
			ResultGlobalContainer struct {
				Title string `json:"title"`
			} `json:"resultGlobalContainer"`
		} `json:"results"`
	}
	if err := c.Do(ctx, Request{Method: http.MethodGet, Path: "/rest/api/search", Query: v}, &out); err != nil {
		return nil, err
	}
	results := make([]SearchResult, 0, len(out.Results))
	for _, r := range out.Results {
		sr := SearchResult{
			ID: r.Content.ID, Type: r.Content.Type, Title: r.Content.Title,
			SpaceKey: r.Content.Space.Key, SpaceName: r.Content.Space.Name,
			Excerpt: r.Excerpt, LastModified: r.LastModified,
		}
		if sr.Title == "" {
			sr.Title = r.Title
		}
		if sr.SpaceName == "" {
			sr.SpaceName = r.ResultGlobalContainer.Title
		}
		sr.URL = c.webURL(r.Content.Links.WebUI)
		if sr.URL == "" {
			sr.URL = c.webURL(r.URL)
		}
		results = append(results, sr)
	}
	return results, nil
}

// GetPage reads a page with its storage body.
func (c ConfluenceClient) GetPage(ctx context.Context, id string) (*Page, error) {
	if c.cloud() {
		return c.getPageV2(ctx, id)
	}
	return c.getContentV1(ctx, id)
}

// versionV2 and bodyV2 are the v2 (Cloud) version and storage body shapes
// shared by pages and comments.
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

// v2 page shape (Cloud).
type pageV2 struct {
	ID       string    `json:"id"`
	Status   string    `json:"status"`
	Title    string    `json:"title"`
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

func (c ConfluenceClient) pageFromV2(ctx context.Context, p *pageV2) (*Page, error) {
	page := &Page{
		ID: p.ID, Title: p.Title, Type: "page", Status: p.Status, SpaceID: p.SpaceID, ParentID: p.ParentID,
		Body: p.Body.Storage.Value, Version: p.Version.Number, VersionMessage: p.Version.Message,
		VersionAuthor: p.Version.AuthorID, VersionDate: p.Version.CreatedAt, Author: p.AuthorID,
		Created: p.Created, URL: c.webURL(p.Links.WebUI),
	}
	if p.SpaceID != "" {
		var space struct {
			Key  string `json:"key"`
			Name string `json:"name"`
		}
		if err := c.Do(ctx, Request{Method: http.MethodGet, Path: "/api/v2/spaces/" + url.PathEscape(p.SpaceID)}, &space); err != nil {
			return nil, err
		}
		page.SpaceKey, page.SpaceName = space.Key, space.Name
	}
	return page, nil
}

func (c ConfluenceClient) getPageV2(ctx context.Context, id string) (*Page, error) {
	var p pageV2
	if err := c.Do(ctx, Request{Method: http.MethodGet, Path: "/api/v2/pages/" + url.PathEscape(id), Query: url.Values{"body-format": {"storage"}}}, &p); err != nil {
		return nil, err
	}
	return c.pageFromV2(ctx, &p)
}

// v1 content shape (Server/DC).
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

func (c ConfluenceClient) pageFromV1(p *contentV1) *Page {
	page := &Page{
		ID: p.ID, Title: p.Title, Type: p.Type, Status: p.Status, SpaceKey: p.Space.Key, SpaceName: p.Space.Name,
		Body: p.Body.Storage.Value, Version: p.Version.Number, VersionMessage: p.Version.Message,
		VersionAuthor: p.Version.By.Username, VersionDate: p.Version.When,
		Author: p.History.CreatedBy.Username, Created: p.History.CreatedDate,
		URL: c.webURL(p.Links.WebUI), Ancestors: p.Ancestors,
	}
	if p.Space.ID != 0 {
		page.SpaceID = strconv.FormatInt(p.Space.ID, 10)
	}
	if n := len(p.Ancestors); n > 0 {
		page.ParentID = p.Ancestors[n-1].ID
	}
	return page
}

func (c ConfluenceClient) getContentV1(ctx context.Context, id string) (*Page, error) {
	var p contentV1
	if err := c.Do(ctx, Request{Method: http.MethodGet, Path: "/rest/api/content/" + url.PathEscape(id), Query: url.Values{"expand": {contentExpand}}}, &p); err != nil {
		return nil, err
	}
	return c.pageFromV1(&p), nil
}

// ErrPageNotFound is returned by PageByTitle when no page matches.
var ErrPageNotFound = fmt.Errorf("page not found")

// PageByTitle finds a page by its exact title in a space.
func (c ConfluenceClient) PageByTitle(ctx context.Context, spaceKey, title string) (*Page, error) {
	if c.cloud() {
		spaceID, err := c.spaceID(ctx, spaceKey)
		if err != nil {
			return nil, err
		}
		var out struct {
			Results []pageV2 `json:"results"`
		}
		v := url.Values{"space-id": {spaceID}, "title": {title}, "body-format": {"storage"}, "limit": {"1"}}
		if err := c.Do(ctx, Request{Method: http.MethodGet, Path: "/api/v2/pages", Query: v}, &out); err != nil {
			return nil, err
		}
		if len(out.Results) == 0 {
			return nil, fmt.Errorf("%w: no page titled %q in space %s", ErrPageNotFound, title, spaceKey)
		}
		return c.pageFromV2(ctx, &out.Results[0])
	}
	var out struct {
		Results []contentV1 `json:"results"`
	}
	v := url.Values{"spaceKey": {spaceKey}, "title": {title}, "type": {"page"}, "expand": {contentExpand}, "limit": {"1"}}
	if err := c.Do(ctx, Request{Method: http.MethodGet, Path: "/rest/api/content", Query: v}, &out); err != nil {
		return nil, err
	}
	if len(out.Results) == 0 {
		return nil, fmt.Errorf("%w: no page titled %q in space %s", ErrPageNotFound, title, spaceKey)
	}
	return c.pageFromV1(&out.Results[0]), nil
}

// spaceID resolves a space key to the numeric id v2 wants.
func (c ConfluenceClient) spaceID(ctx context.Context, key string) (string, error) {
	var out struct {
		Results []struct {
			ID  string `json:"id"`
			Key string `json:"key"`
		} `json:"results"`
	}
	if err := c.Do(ctx, Request{Method: http.MethodGet, Path: "/api/v2/spaces", Query: url.Values{"keys": {key}}}, &out); err != nil {
		return "", err
	}
	for _, s := range out.Results {
		if strings.EqualFold(s.Key, key) {
			return s.ID, nil
		}
	}
	return "", fmt.Errorf("Confluence space %q not found or not visible to this user", key)
}

// Representation is how a page or comment body is written.
type Representation string

const (
	Storage Representation = "storage"
	Wiki    Representation = "wiki"
)

// NewPage describes a page to create.
type NewPage struct {
	SpaceKey       string
	Title          string
	ParentID       string
	Body           string
	Representation Representation
}

// CreatePage creates a page and returns it as stored.
func (c ConfluenceClient) CreatePage(ctx context.Context, np NewPage) (*Page, error) {
	if np.Representation == "" {
		np.Representation = Storage
	}
	if c.cloud() {
		spaceID, err := c.spaceID(ctx, np.SpaceKey)
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
		var p pageV2
		if err := c.Do(ctx, Request{Method: http.MethodPost, Path: "/api/v2/pages", Body: body}, &p); err != nil {
			return nil, err
		}
		return c.getPageV2(ctx, p.ID)
	}
	body := map[string]any{
		"type": "page", "title": np.Title, "space": map[string]any{"key": np.SpaceKey},
		"body": map[string]any{string(np.Representation): map[string]any{"value": np.Body, "representation": string(np.Representation)}},
	}
	if np.ParentID != "" {
		body["ancestors"] = []map[string]any{{"id": np.ParentID}}
	}
	var p contentV1
	if err := c.Do(ctx, Request{Method: http.MethodPost, Path: "/rest/api/content", Body: body}, &p); err != nil {
		return nil, err
	}
	return c.getContentV1(ctx, p.ID)
}

// PageUpdate describes a change to a page. A nil Body keeps the current
// body; an empty ParentID keeps the parent.
type PageUpdate struct {
	ID             string
	Title          string
	Body           *string
	Representation Representation
	ParentID       string
	MinorEdit      bool
	Message        string
}

// UpdatePage writes a new version of a page. It reads the current version
// first; Confluence rejects the write with 409 if someone else saved in
// between, which surfaces as an APIError telling the caller to retry.
func (c ConfluenceClient) UpdatePage(ctx context.Context, u PageUpdate) (*Page, error) {
	cur, err := c.GetPage(ctx, u.ID)
	if err != nil {
		return nil, err
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
	if c.cloud() {
		body := map[string]any{
			"id": u.ID, "status": "current", "title": title,
			"body":    map[string]any{"representation": string(rep), "value": value},
			"version": map[string]any{"number": cur.Version + 1, "message": u.Message},
		}
		if u.ParentID != "" {
			body["parentId"] = u.ParentID
		}
		if err := c.Do(ctx, Request{Method: http.MethodPut, Path: "/api/v2/pages/" + url.PathEscape(u.ID), Body: body}, nil); err != nil {
			return nil, err
		}
		return c.getPageV2(ctx, u.ID)
	}
	body := map[string]any{
		"id": u.ID, "type": "page", "title": title,
		"body":    map[string]any{string(rep): map[string]any{"value": value, "representation": string(rep)}},
		"version": map[string]any{"number": cur.Version + 1, "minorEdit": u.MinorEdit, "message": u.Message},
	}
	if u.ParentID != "" {
		body["ancestors"] = []map[string]any{{"id": u.ParentID}}
	}
	if err := c.Do(ctx, Request{Method: http.MethodPut, Path: "/rest/api/content/" + url.PathEscape(u.ID), Body: body}, nil); err != nil {
		return nil, err
	}
	return c.getContentV1(ctx, u.ID)
}

// Comments lists a page's footer comments, replies included.
func (c ConfluenceClient) Comments(ctx context.Context, pageID string) ([]Comment, error) {
	if c.cloud() {
		var out struct {
			Results []struct {
				ID              string    `json:"id"`
				ParentCommentID string    `json:"parentCommentId"`
				Version         versionV2 `json:"version"`
				Body            bodyV2    `json:"body"`
			} `json:"results"`
		}
		v := url.Values{"body-format": {"storage"}, "limit": {"100"}}
		if err := c.Do(ctx, Request{Method: http.MethodGet, Path: "/api/v2/pages/" + url.PathEscape(pageID) + "/footer-comments", Query: v}, &out); err != nil {
			return nil, err
		}
		comments := make([]Comment, 0, len(out.Results))
		for _, r := range out.Results {
			comments = append(comments, Comment{ID: r.ID, Body: r.Body.Storage.Value, Author: r.Version.AuthorID,
				Created: r.Version.CreatedAt, Version: r.Version.Number, ParentID: r.ParentCommentID})
		}
		return comments, nil
	}
	var out struct {
		Results []contentV1 `json:"results"`
	}
	v := url.Values{"expand": {"body.storage,version,history,ancestors"}, "depth": {"all"}, "limit": {"100"}}
	if err := c.Do(ctx, Request{Method: http.MethodGet, Path: "/rest/api/content/" + url.PathEscape(pageID) + "/child/comment", Query: v}, &out); err != nil {
		return nil, err
	}
	comments := make([]Comment, 0, len(out.Results))
	for _, r := range out.Results {
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
		comments = append(comments, cm)
	}
	return comments, nil
}

// AddComment adds a footer comment in storage format.
func (c ConfluenceClient) AddComment(ctx context.Context, pageID, storageBody string) (*Comment, error) {
	if c.cloud() {
		body := map[string]any{"pageId": pageID, "body": map[string]any{"representation": "storage", "value": storageBody}}
		var out struct {
			ID      string    `json:"id"`
			Version versionV2 `json:"version"`
		}
		if err := c.Do(ctx, Request{Method: http.MethodPost, Path: "/api/v2/footer-comments", Body: body}, &out); err != nil {
			return nil, err
		}
		return &Comment{ID: out.ID, Body: storageBody, Author: out.Version.AuthorID, Created: out.Version.CreatedAt, Version: out.Version.Number}, nil
	}
	body := map[string]any{
		"type": "comment", "container": map[string]any{"id": pageID, "type": "page"},
		"body": map[string]any{"storage": map[string]any{"value": storageBody, "representation": "storage"}},
	}
	var out contentV1
	if err := c.Do(ctx, Request{Method: http.MethodPost, Path: "/rest/api/content", Body: body}, &out); err != nil {
		return nil, err
	}
	return &Comment{ID: out.ID, Body: storageBody, Author: out.History.CreatedBy.DisplayName, Created: out.History.CreatedDate, Version: out.Version.Number}, nil
}

// CurrentUser returns the authenticated user.
func (c ConfluenceClient) CurrentUser(ctx context.Context) (map[string]any, error) {
	var out map[string]any
	err := c.Do(ctx, Request{Method: http.MethodGet, Path: "/rest/api/user/current"}, &out)
	return out, err
}
