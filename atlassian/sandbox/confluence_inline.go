package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Inline comments: comments anchored to a run of page text. Cloud lists
// and creates them through v2's inline-comments; Server/DC through the v1
// content API, with extensions.location "inline" and the inlineProperties
// its editor sends. Replies inherit their thread's anchor.

// confInline is where an inline comment is anchored.
type confInline struct {
	selection  string
	matchCount int
	matchIndex int
	markerRef  string
	resolution string // open, resolved
}

func init() { routeTables = append(routeTables, &confluenceInlineRoutes) }

// confluenceInlineRoutes are Cloud's v2 inline comment operations.
var confluenceInlineRoutes = routeTable{
	product: atlassian.Confluence, cloudRoot: confluenceV2Root,
	routes: []route{
		{method: "GET", path: "/pages/{id}/inline-comments", cloud: "getPageInlineComments", handle: (*call).confV2PageInlineComments},
		{method: "GET", path: "/blogposts/{id}/inline-comments", cloud: "getBlogPostInlineComments", handle: (*call).confV2PageInlineComments},
		{method: "POST", path: "/inline-comments", cloud: "createInlineComment", handle: (*call).confV2CreateInlineComment},
		{method: "GET", path: "/inline-comments/{id}", cloud: "getInlineCommentById", handle: (*call).confV2InlineComment},
		{method: "GET", path: "/inline-comments/{id}/children", cloud: "getInlineCommentChildren", handle: (*call).confV2InlineCommentChildren},
	},
}

// commentsAt lists the comments on a page or blog post at any of the
// locations (footer, inline, resolved), in creation order; no location
// means all of them, as the DC document says of commentsOfContent.
func (st *confluenceStore) commentsAt(containerID string, all bool, locations []string) []*confContent {
	return st.currentWhere(func(c *confContent) bool {
		if c.typ != "comment" || c.containerID != containerID || !(all || c.parentID == "") {
			return false
		}
		location := "footer"
		if c.inline != nil {
			location = "inline"
			if c.inline.resolution == "resolved" {
				location = "resolved"
			}
		}
		return len(locations) == 0 || slices.Contains(locations, location)
	})
}

// inlineComments lists the top-level inline comments on a page in
// creation order, as Cloud lists them.
func (st *confluenceStore) inlineComments(containerID string) []*confContent {
	return st.currentWhere(func(c *confContent) bool {
		return c.typ == "comment" && c.inline != nil && c.containerID == containerID && c.parentID == ""
	})
}

// anchor checks that text occurs count times on the page, as Confluence
// does before it places the marker, and makes the anchor; msg is the 400
// answer otherwise.
func (st *confluenceStore) anchor(page *confContent, text string, count, index int) (*confInline, string) {
	if strings.TrimSpace(text) == "" {
		return nil, "The text selection must not be empty"
	}
	found := strings.Count(confPlainText(page.cur().body, st), text)
	switch {
	case found == 0:
		return nil, "The text selection \"" + text + "\" was not found on the page"
	case count != found:
		return nil, fmt.Sprintf("The text selection occurs %d times on the page, not %d", found, count)
	case index < 0 || index >= count:
		return nil, fmt.Sprintf("The match index %d is not below the match count %d", index, count)
	}
	n := int64(st.content.len())
	return &confInline{selection: text, matchCount: count, matchIndex: index,
		markerRef: fmt.Sprintf("%08x-1c2d-4e5f-8a9b-%012x", n, n*7919), resolution: "open"}, ""
}

// confDCExtensions are the extensions of a v1 comment create.
type confDCExtensions struct {
	Location         string `json:"location"`
	InlineProperties *struct {
		OriginalSelection    string          `json:"originalSelection"`
		NumMatches           *int            `json:"numMatches"`
		MatchIndex           *int            `json:"matchIndex"`
		LastFetchTime        json.RawMessage `json:"lastFetchTime"`
		SerializedHighlights string          `json:"serializedHighlights"`
	} `json:"inlineProperties"`
}

// inline reads an inline comment's anchor from a DC create; nil for a
// footer comment. Server/DC refuses inline properties without what its
// editor sends: the match count and index, the fetch time and the
// serialized highlights.
func (e *confDCExtensions) inline(st *confluenceStore, page *confContent, parentID string) (*confInline, string) {
	if e == nil || e.Location == "" || e.Location == "footer" {
		if p := st.get(parentID); p != nil && p.inline != nil {
			return p.inline, ""
		}
		return nil, ""
	}
	if e.Location != "inline" {
		return nil, "Unsupported comment location: " + e.Location
	}
	if p := st.get(parentID); p != nil && p.inline != nil {
		return p.inline, ""
	}
	ip := e.InlineProperties
	if ip == nil || ip.NumMatches == nil || ip.MatchIndex == nil || len(ip.LastFetchTime) == 0 || ip.SerializedHighlights == "" {
		return nil, "Inline comments need inlineProperties with originalSelection, numMatches, matchIndex, lastFetchTime and serializedHighlights"
	}
	var highlights [][]string
	if json.Unmarshal([]byte(ip.SerializedHighlights), &highlights) != nil {
		return nil, "serializedHighlights must be a JSON array of arrays of strings"
	}
	return st.anchor(page, ip.OriginalSelection, *ip.NumMatches, *ip.MatchIndex)
}

// v1InlineExtensions renders an inline comment's v1 extensions.
func (x *confCtx) v1InlineExtensions(c *confContent, exp confExpand) confMap {
	m := confMap{"location": "inline", "_expandable": confMap{"resolution": ""}}
	props := confMap{"originalSelection": c.inline.selection, "markerRef": c.inline.markerRef}
	if exp.has("inlineProperties") {
		m["inlineProperties"] = props
	} else {
		m["_expandable"].(confMap)["inlineProperties"] = ""
	}
	return m
}

// v2InlineComment renders an inline comment as v2 does.
func (x *confCtx) v2InlineComment(content *confContent, format string) confMap {
	m := x.v2Comment(content, format)
	m["resolutionStatus"] = content.inline.resolution
	m["properties"] = confMap{"inlineMarkerRef": content.inline.markerRef, "inlineOriginalSelection": content.inline.selection}
	return m
}

func (c *call) confV2PageInlineComments() {
	q, ok := c.confV2SubListQuery("created-date", "-created-date", "modified-date", "-modified-date")
	if !ok {
		return
	}
	if _, ok := c.confV2Enum("resolution-status", "open", "reopened", "resolved", "dangling"); !ok {
		return
	}
	if c.confV2Container(q.id) == nil {
		c.fail(http.StatusNotFound, "Not Found")
		return
	}
	c.confV2InlineList(q, c.conf.inlineComments(q.id))
}

// confV2InlineCommentChildren lists the replies to an inline comment.
func (c *call) confV2InlineCommentChildren() {
	q, ok := c.confV2SubListQuery("created-date", "-created-date", "modified-date", "-modified-date")
	if !ok {
		return
	}
	if c.conf.v2CommentOfKind(q.id, true) == nil {
		c.fail(http.StatusNotFound, "Not Found")
		return
	}
	c.confV2InlineList(q, c.conf.replies(q.id))
}

func (c *call) confV2InlineList(q confV2SubList, items []*confContent) {
	sortBy := q.sortBy
	if sortBy == "" {
		sortBy = "created-date"
	}
	confSortV2(items, sortBy)
	x := c.confluence()
	results := []any{}
	for _, content := range window(items, q.offset, q.limit) {
		results = append(results, x.v2InlineComment(content, q.format))
	}
	c.confV2List(x.base, results, q.offset, q.limit, len(items))
}

func (c *call) confV2CreateInlineComment() {
	var in struct {
		PageID          json.RawMessage `json:"pageId"`
		ParentCommentID json.RawMessage `json:"parentCommentId"`
		Body            json.RawMessage `json:"body"`
		Properties      *struct {
			TextSelection string `json:"textSelection"`
			MatchCount    *int   `json:"textSelectionMatchCount"`
			MatchIndex    *int   `json:"textSelectionMatchIndex"`
		} `json:"inlineCommentProperties"`
	}
	if !c.decodeConfJSON(&in) {
		return
	}
	bad := func(msg string) { c.fail(http.StatusBadRequest, msg) }
	pageID, okPage := confStringID(in.PageID)
	parentID, okParent := confStringID(in.ParentCommentID)
	if !okPage || !okParent || (pageID == "") == (parentID == "") {
		bad("Exactly one of pageId or parentCommentId is required")
		return
	}
	bodyIn, storage, adf, msg := c.conf.v2RequiredBody(in.Body, "A body {\"representation\": …, \"value\": …} is required")
	if msg != "" {
		bad(msg)
		return
	}
	st := c.conf
	var page *confContent
	var anchor *confInline
	if parentID != "" {
		if p := st.v2CommentOfKind(parentID, true); p != nil {
			page, anchor = st.get(p.containerID), p.inline
		}
	} else if content := st.get(pageID); content != nil && content.typ == "page" && content.status == "current" {
		page = content
	}
	if page == nil {
		c.fail(http.StatusNotFound, "Not Found")
		return
	}
	if !st.canWrite(c.user, page.space) {
		c.fail(http.StatusForbidden, "User "+c.user.DisplayName+" does not have permission to comment in space "+page.space.key)
		return
	}
	if anchor == nil {
		p := in.Properties
		if p == nil || p.MatchCount == nil || p.MatchIndex == nil {
			bad("inlineCommentProperties with textSelection, textSelectionMatchCount and textSelectionMatchIndex are required")
			return
		}
		if anchor, msg = st.anchor(page, p.TextSelection, *p.MatchCount, *p.MatchIndex); msg != "" {
			bad(msg)
			return
		}
	}
	content := st.add(confNew{typ: "comment", title: "Re: " + page.title(), space: page.space, container: page.id,
		parentID: parentID, body: storage, adf: adf, author: c.user, when: st.now(), inline: anchor})
	x := c.confluence()
	out := x.v2InlineComment(content, confV2AnswerFormat(bodyIn.Representation))
	out["_links"].(confMap)["base"] = x.base
	c.w.Header().Set("Location", x.base+"/api/v2/inline-comments/"+content.id)
	c.json(http.StatusCreated, out)
}
