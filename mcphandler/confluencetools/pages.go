package confluencetools

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/confluence"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// pageTools are the tools of this toolset, in mcp-atlassian's order.
func pageTools(d *Deps) []tool.Tool {
	return []tool.Tool{
		search(d), getPage(d), getPageChildren(d), getSpacePageTree(d), createPage(d), updatePage(d),
		updatePageSection(d), deletePage(d), movePage(d), getPageHistory(d), getPageDiff(d),
		getPageRestrictions(d), setPageRestrictions(d), copyPage(d),
	}
}

type searchInput struct {
	Query        string `json:"query" jsonschema:"Search terms, or a CQL query such as 'type=page AND space=DEV AND title~\"Meeting\"'"`
	Limit        int    `json:"limit,omitempty" jsonschema:"Maximum number of results"`
	SpacesFilter string `json:"spaces_filter,omitempty" jsonschema:"Comma-separated space keys to restrict the search to"`
}

// cqlSyntax tells CQL from plain search terms.
var cqlSyntax = regexp.MustCompile(`(?i)[=~<>]|\b(AND|OR)\b|currentUser\(\)`)

func search(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_search", Title: "Search Content", Product: atlassian.Confluence, Toolset: "confluence_pages",
		Description: "Search Confluence content with plain terms or CQL.",
		Params:      map[string]tool.Param{"limit": {Default: 10, Min: tool.Bound(1), Max: tool.Bound(50)}},
	}, func(ctx context.Context, c *tool.Call, in searchInput) (any, error) {
		q := strings.TrimSpace(in.Query)
		if q == "" {
			return nil, tool.BadInput("query is empty: give search terms or a CQL query")
		}
		spaces, err := tool.NarrowFilter(c.Filter, in.SpacesFilter, "spaces")
		if err != nil {
			return nil, err
		}
		limit := max(in.Limit, 1)
		conf := c.Confluence()
		var results []confluence.SearchResult
		restricted := func(cql string) (string, error) { return tool.RestrictQuery(cql, "space", spaces) }
		if cqlSyntax.MatchString(q) {
			cql, rerr := restricted(q)
			if rerr != nil {
				return nil, tool.BadInput("query: %v", rerr)
			}
			results, err = conf.Search(ctx, cql, limit)
		} else {
			// Plain terms: siteSearch ranks like the UI; sites without it
			// (Server/DC) answer 400, so fall back to a text search. CQL
			// quotes strings as JQL does.
			terms := tool.QuoteJQL(q)
			cql, _ := restricted("siteSearch ~ " + terms) // balanced by construction
			results, err = conf.Search(ctx, cql, limit)
			if atlassian.IsStatus(err, 400) {
				cql, _ = restricted("text ~ " + terms)
				results, err = conf.Search(ctx, cql, limit)
			}
		}
		if err != nil {
			return nil, err
		}
		out := make([]map[string]any, 0, len(results))
		for _, r := range results {
			entry := map[string]any{"id": r.ID, "title": r.Title, "type": r.Type, "url": r.URL,
				"space": map[string]any{"key": r.SpaceKey, "name": r.SpaceName}}
			if r.Excerpt != "" {
				entry["excerpt"] = cleanExcerpt(r.Excerpt)
			}
			if r.LastModified != "" {
				entry["last_modified"] = r.LastModified
			}
			out = append(out, entry)
		}
		return out, nil
	})
}

// cleanExcerpt strips Confluence's highlight markers from search excerpts.
func cleanExcerpt(s string) string {
	r := strings.NewReplacer("@@@hl@@@", "", "@@@endhl@@@", "", "\n", " ")
	return strings.TrimSpace(r.Replace(s))
}

type getPageInput struct {
	PageID            string `json:"page_id,omitempty" jsonschema:"Page id, or a page URL; alternatively give title and space_key"`
	Title             string `json:"title,omitempty" jsonschema:"Exact page title (with space_key) when page_id is not known"`
	SpaceKey          string `json:"space_key,omitempty" jsonschema:"Space key (with title), e.g. 'DEV'"`
	IncludeMetadata   *bool  `json:"include_metadata,omitempty" jsonschema:"Include page metadata (space, version, author, ancestors)"`
	ConvertToMarkdown *bool  `json:"convert_to_markdown,omitempty" jsonschema:"Return the body as Markdown; false returns the raw storage XHTML, for editing with content_format 'storage'"`
}

// pageIDInURL finds the page id in a Confluence page URL.
var pageIDInURL = regexp.MustCompile(`(?:/pages/|[?&]pageId=)(\d+)`)

func getPage(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_get_page", Title: "Get Page", Product: atlassian.Confluence, Toolset: "confluence_pages",
		Description: "Get a Confluence page by its id (or URL), or by its title and space key.",
		Params:      map[string]tool.Param{"include_metadata": {Default: true}, "convert_to_markdown": {Default: true}},
	}, func(ctx context.Context, c *tool.Call, in getPageInput) (any, error) {
		conf := c.Confluence()
		var page *confluence.Page
		var err error
		switch id := strings.TrimSpace(in.PageID); {
		case id != "":
			if m := pageIDInURL.FindStringSubmatch(id); m != nil {
				id = m[1]
			}
			if !tool.IsDigits(id) {
				return nil, tool.BadInput("page_id %q is not a page id: give the numeric id or a page URL containing /pages/<id>", in.PageID)
			}
			page, err = conf.GetPage(ctx, id)
		case in.Title != "" && in.SpaceKey != "":
			if err := c.CheckSpace(in.SpaceKey); err != nil {
				return nil, err
			}
			page, err = conf.PageByTitle(ctx, in.SpaceKey, in.Title)
		default:
			return nil, tool.BadInput("give page_id, or both title and space_key")
		}
		if errors.Is(err, confluence.ErrPageNotFound) {
			return nil, tool.BadInput("%v", err)
		}
		if err != nil {
			return nil, err
		}
		if err := c.CheckSpace(page.SpaceKey); err != nil {
			return nil, err
		}
		toMarkdown := in.ConvertToMarkdown == nil || *in.ConvertToMarkdown
		if in.IncludeMetadata != nil && !*in.IncludeMetadata {
			return map[string]any{"content": pageContent(c, page, toMarkdown)}, nil
		}
		meta := simplifyPage(c, page, true, toMarkdown)
		readLook(ctx, c, page.ID, meta)
		return map[string]any{"metadata": meta}, nil
	})
}

func pageContent(c *tool.Call, p *confluence.Page, toMarkdown bool) map[string]any {
	if !toMarkdown {
		return map[string]any{"value": p.Body, "format": "storage"}
	}
	md, format := pageMarkdown(c, p.Body, p.ID)
	return map[string]any{"value": md, "format": format}
}

// simplifyPage is the page shape tools return.
func simplifyPage(c *tool.Call, p *confluence.Page, withContent, toMarkdown bool) map[string]any {
	out := map[string]any{
		"id": p.ID, "title": p.Title, "type": p.Type, "status": p.Status, "url": p.URL,
		"space":   map[string]any{"key": p.SpaceKey, "name": p.SpaceName},
		"version": p.Version, "created": p.Created, "updated": p.VersionDate,
		"author": p.Author, "version_author": p.VersionAuthor,
	}
	if p.VersionMessage != "" {
		out["version_comment"] = p.VersionMessage
	}
	if p.ParentID != "" {
		out["parent_id"] = p.ParentID
	}
	if len(p.Ancestors) > 0 {
		out["ancestors"] = p.Ancestors
	}
	if withContent {
		out["content"] = pageContent(c, p, toMarkdown)
	}
	if p.Subtype != "" {
		out["subtype"] = p.Subtype
	}
	if len(p.Notes) > 0 {
		out["notes"] = p.Notes
	}
	return out
}

// contentFormatParam lists the body formats; xhtml is mcp-atlassian's
// alias for storage.
var contentFormatParam = tool.Param{Default: "markdown", Enum: []any{"markdown", "wiki", "storage", "xhtml"}}

// pageBody is what create and update take as the page body.
type pageBody struct {
	Content              string
	ContentFile          string
	ContentFormat        string
	EnableHeadingAnchors bool
	TableLayout          string
}

// resolve turns the body arguments into the value and representation
// Confluence takes.
func (b pageBody) resolve(required bool) (*string, confluence.Representation, error) {
	content := b.Content
	if b.ContentFile != "" {
		if content != "" {
			return nil, "", tool.BadInput("give either content or content_file, not both")
		}
		data, err := readSafeFile(b.ContentFile)
		if err != nil {
			return nil, "", err
		}
		content = string(data)
	}
	if content == "" && b.ContentFile == "" {
		if required {
			return nil, "", tool.BadInput("content is empty: give the page body (Markdown by default) or content_file")
		}
		return nil, "", nil
	}
	var value string
	var rep confluence.Representation
	switch strings.ToLower(strings.TrimSpace(b.ContentFormat)) {
	case "", "markdown":
		var err error
		if value, err = storageFromMarkdown("content", content, b.EnableHeadingAnchors); err != nil {
			return nil, "", err
		}
		rep = confluence.Storage
	case "wiki":
		value, rep = content, confluence.Wiki
	case "storage", "xhtml":
		value, rep = content, confluence.Storage
	default:
		return nil, "", tool.BadInput("content_format %q is not one of markdown, wiki, storage", b.ContentFormat)
	}
	if rep == confluence.Storage && b.TableLayout != "" {
		layout, err := tableLayout(b.TableLayout)
		if err != nil {
			return nil, "", err
		}
		value = strings.ReplaceAll(value, "<table>", `<table data-layout="`+layout+`">`)
	}
	return &value, rep, nil
}

func tableLayout(s string) (string, error) {
	switch strings.ToLower(s) {
	case "default", "wide", "full-width":
		return strings.ToLower(s), nil
	}
	return "", tool.BadInput("table_layout %q is not one of default, wide, full-width", s)
}

// readSafeFile reads content_file under the shared rule: only inside the
// server's working directory.
func readSafeFile(name string) ([]byte, error) {
	return tool.ReadSafeFile("content_file", name, tool.MaxFileBytes)
}

// pageBodyArgs are the body arguments create and update share.
type pageBodyArgs struct {
	Content              string `json:"content,omitempty" jsonschema:"Page body in the format given by content_format (Markdown by default); on update, omit to keep the current body"`
	ContentFormat        string `json:"content_format,omitempty" jsonschema:"Format of content: 'markdown', 'wiki' or 'storage' ('xhtml' is the same as storage)"`
	EnableHeadingAnchors bool   `json:"enable_heading_anchors,omitempty" jsonschema:"Add anchors to headings (Markdown only)"`
	IncludeContent       bool   `json:"include_content,omitempty" jsonschema:"Return the page body in the result"`
	Emoji                string `json:"emoji,omitempty" jsonschema:"Page title emoji, e.g. '📝'"`
	ContentFile          string `json:"content_file,omitempty" jsonschema:"Path of a file, inside the server's working directory, holding the body instead of content"`
	PageWidth            string `json:"page_width,omitempty" jsonschema:"Page width: 'full-width', 'max' or 'default'"`
	TableLayout          string `json:"table_layout,omitempty" jsonschema:"Layout of tables: 'default', 'wide' or 'full-width'"`
}

func (a pageBodyArgs) look() pageLook {
	return pageLook{emoji: strings.TrimSpace(a.Emoji), width: a.PageWidth}
}

func (a pageBodyArgs) body() pageBody {
	return pageBody{a.Content, a.ContentFile, a.ContentFormat, a.EnableHeadingAnchors, a.TableLayout}
}

type createPageInput struct {
	tool.SpaceRef
	Title    string `json:"title" jsonschema:"Page title"`
	ParentID string `json:"parent_id,omitempty" jsonschema:"Id of the parent page"`
	pageBodyArgs
	Subtype string `json:"subtype,omitempty" jsonschema:"Cloud only: 'live' creates a live doc"`
}

func createPage(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_create_page", Title: "Create Page", Product: atlassian.Confluence, Toolset: "confluence_pages", Write: true,
		Description: "Create a new Confluence page from Markdown (or wiki markup or storage XHTML).",
		Params:      map[string]tool.Param{"content_format": contentFormatParam},
	}, func(ctx context.Context, c *tool.Call, in createPageInput) (any, error) {
		if err := in.look().check(); err != nil {
			return nil, err
		}
		if in.Subtype != "" && in.Subtype != "live" {
			return nil, tool.BadInput("subtype %q is not 'live'", in.Subtype)
		}
		if in.Subtype != "" && !c.Cloud() {
			return nil, tool.BadInput("subtype is only supported on Confluence Cloud; omit it on Server/Data Center")
		}
		if strings.TrimSpace(in.Title) == "" {
			return nil, tool.BadInput("title is empty")
		}
		body, rep, err := in.body().resolve(true)
		if err != nil {
			return nil, err
		}
		page, err := c.Confluence().CreatePage(ctx, confluence.NewPage{SpaceKey: in.SpaceKey, Title: in.Title, ParentID: in.ParentID,
			Body: *body, Representation: rep, Subtype: in.Subtype})
		if err != nil {
			return nil, err
		}
		out := simplifyPage(c, page, in.IncludeContent, true)
		if err := in.look().apply(ctx, c, page.ID, out); err != nil {
			return nil, err
		}
		return map[string]any{"message": "Page created successfully", "page": out}, nil
	})
}

type updatePageInput struct {
	tool.PageRef
	Title          string `json:"title" jsonschema:"New page title (repeat the current one to keep it)"`
	IsMinorEdit    bool   `json:"is_minor_edit,omitempty" jsonschema:"Mark the change as a minor edit (no notifications)"`
	VersionComment string `json:"version_comment,omitempty" jsonschema:"Comment describing the change"`
	ParentID       string `json:"parent_id,omitempty" jsonschema:"Move the page under this parent page"`
	pageBodyArgs
}

func updatePage(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_update_page", Title: "Update Page", Product: atlassian.Confluence, Toolset: "confluence_pages", Write: true, Destructive: true,
		Description: "Update an existing Confluence page: title, body (Markdown by default) or parent. Writes a new version.",
		Params:      map[string]tool.Param{"content_format": contentFormatParam},
	}, func(ctx context.Context, c *tool.Call, in updatePageInput) (any, error) {
		if err := in.look().check(); err != nil {
			return nil, err
		}
		if strings.TrimSpace(in.Title) == "" {
			return nil, tool.BadInput("title is empty: repeat the current title to keep it")
		}
		conf := c.Confluence()
		body, rep, err := in.body().resolve(false)
		if err != nil {
			return nil, err
		}
		page, err := conf.UpdatePage(ctx, confluence.PageUpdate{
			ID: in.PageID, Title: in.Title, Body: body, Representation: rep,
			ParentID: in.ParentID, MinorEdit: in.IsMinorEdit, Message: in.VersionComment,
		})
		if err != nil {
			return nil, err
		}
		out := simplifyPage(c, page, in.IncludeContent, true)
		if err := in.look().apply(ctx, c, page.ID, out); err != nil {
			return nil, err
		}
		return map[string]any{"message": "Page updated successfully", "page": out}, nil
	})
}
