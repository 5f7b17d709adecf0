package caddymodule_test

import (
	"strings"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

func init() { registerTour("confluence_comments", confCommentsTour) }

// confPageID finds a seeded DEMO page by title through confluence_get_page.
func confPageID(t *testing.T, cs *mcp.ClientSession, title string) string {
	t.Helper()
	page := mustCall(t, cs, "confluence_get_page", map[string]any{"title": title, "space_key": "DEMO", "include_metadata": true}).obj(t)
	id, _ := dig(page, "metadata", "id").(string)
	if id == "" {
		t.Fatalf("no DEMO page titled %q: %v", title, page)
	}
	return id
}

// confCommentsTour replies to a footer comment and adds and lists inline
// comments on the seeded Architecture page.
func confCommentsTour(t *testing.T, cs *mcp.ClientSession, d atlassian.Deployment) {
	pageID := confPageID(t, cs, "Architecture")

	top := mustCall(t, cs, "confluence_add_comment", map[string]any{"page_id": pageID, "body": "Is the cache sized right? " + string(d)}).obj(t)
	topID, _ := dig(top, "comment", "id").(string)
	reply := mustCall(t, cs, "confluence_reply_to_comment", map[string]any{"comment_id": topID, "body": "Yes, **30 s** is fine."}).obj(t)
	if reply["success"] != true || dig(reply, "comment", "parent_id") != topID || !strings.Contains(dig(reply, "comment", "body").(string), "**30 s**") {
		t.Errorf("reply_to_comment = %v", reply)
	}
	replyID := dig(reply, "comment", "id")
	found := false
	for _, cm := range mustCall(t, cs, "confluence_get_comments", map[string]any{"page_id": pageID}).list(t) {
		found = found || (dig(cm, "id") == replyID && dig(cm, "parent_id") == topID)
	}
	if !found {
		t.Errorf("the reply %v is not listed under comment %s", replyID, topID)
	}
	mustFail(t, cs, "confluence_reply_to_comment", map[string]any{"comment_id": "c-1", "body": "x"}, "comment_id")
	mustFail(t, cs, "confluence_reply_to_comment", map[string]any{"comment_id": topID, "body": "  "}, "body")
	mustFail(t, cs, "confluence_add_comment", map[string]any{"page_id": pageID, "body": " \n "}, "body is empty")

	added := mustCall(t, cs, "confluence_add_inline_comment", map[string]any{
		"page_id": pageID, "body": "Which *regions*?", "text_selection": "two regions",
	}).obj(t)
	if added["success"] != true || dig(added, "comment", "text_selection") != "two regions" || dig(added, "comment", "location") != "inline" {
		t.Errorf("add_inline_comment = %v", added)
	}
	inline := mustCall(t, cs, "confluence_get_inline_comments", map[string]any{"page_id": pageID}).obj(t)
	comments := asList(inline["comments"])
	if inline["count"] != float64(len(comments)) || len(comments) == 0 {
		t.Fatalf("get_inline_comments = %v", inline)
	}
	last := comments[len(comments)-1]
	if dig(last, "id") != dig(added, "comment", "id") || dig(last, "text_selection") != "two regions" || !strings.Contains(dig(last, "body").(string), "*regions*") {
		t.Errorf("inline comment read back as %v", last)
	}
	// On Server/DC, get_comments asks for the page's comments without a
	// location, which the document defines as all of them, inline ones
	// too, as mcp-atlassian does; Cloud's v2 lists footer comments only.
	listed := false
	for _, cm := range mustCall(t, cs, "confluence_get_comments", map[string]any{"page_id": pageID}).list(t) {
		listed = listed || dig(cm, "id") == dig(added, "comment", "id")
	}
	if want := d == atlassian.Server; listed != want {
		t.Errorf("the inline comment listed by get_comments: %v, want %v", listed, want)
	}
	mustFail(t, cs, "confluence_add_inline_comment", map[string]any{"page_id": pageID, "body": "x", "text_selection": "not on this page at all"}, "not found")
	mustFail(t, cs, "confluence_add_inline_comment", map[string]any{"page_id": pageID, "body": "x", "text_selection": "Go", "text_selection_match_index": 2, "text_selection_match_count": 2}, "text_selection_match_index")
}
