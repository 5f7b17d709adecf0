package caddymodule_test

import (
	"strings"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

func init() {
	registerTour("confluence_comments", confCommentsTour)
	registerTour("confluence_blog_post", confBlogPostTour)
}

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
		found = found || (dig(cm, "id") == replyID && dig(cm, "parent_id") == topID && dig(cm, "parent_comment_id") == topID)
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
	// get_comments lists inline comments too, with their location, as
	// mcp-atlassian's v1 listing without a location does: Server/DC asks
	// v1 so, Cloud reads v2's footer and then its inline comments.
	listed := false
	for _, cm := range mustCall(t, cs, "confluence_get_comments", map[string]any{"page_id": pageID}).list(t) {
		if dig(cm, "id") == dig(added, "comment", "id") {
			listed = dig(cm, "location") == "inline"
		} else if dig(cm, "id") == topID && dig(cm, "location") != "footer" {
			t.Errorf("footer comment listed as %v", cm)
		}
	}
	if !listed {
		t.Errorf("the inline comment %v is not listed by get_comments with location inline", dig(added, "comment", "id"))
	}
	// A reply to an inline comment is inline too: Cloud writes it under
	// /inline-comments, Server/DC names its parent as v1 does any reply.
	inlineReply := mustCall(t, cs, "confluence_reply_to_comment", map[string]any{"comment_id": dig(added, "comment", "id"), "body": "EU and US."}).obj(t)
	if dig(inlineReply, "comment", "parent_comment_id") != dig(added, "comment", "id") || dig(inlineReply, "comment", "location") != "inline" {
		t.Errorf("reply to an inline comment = %v", inlineReply)
	}
	mustFail(t, cs, "confluence_add_inline_comment", map[string]any{"page_id": pageID, "body": "x", "text_selection": "not on this page at all"}, "not found")
	mustFail(t, cs, "confluence_add_inline_comment", map[string]any{"page_id": pageID, "body": "x", "text_selection": "Go", "text_selection_match_index": 2, "text_selection_match_count": 2}, "text_selection_match_index")
}

// demoBlogPostID is the seeded DEMO blog post "Welcome to the Demo Space",
// with one footer comment and the label "announcement".
const demoBlogPostID = "65549"

// confBlogPostTour: the comment and label tools take a blog post's id, as
// mcp-atlassian's do; Cloud's v2 serves blog posts under paths of their
// own, which the client finds when the pages path does not know the id.
func confBlogPostTour(t *testing.T, cs *mcp.ClientSession, d atlassian.Deployment) {
	added := mustCall(t, cs, "confluence_add_comment", map[string]any{"page_id": demoBlogPostID, "body": "Welcome aboard, " + string(d)}).obj(t)
	addedID, _ := dig(added, "comment", "id").(string)
	if added["success"] != true || addedID == "" {
		t.Fatalf("add_comment on a blog post = %v", added)
	}
	comments := mustCall(t, cs, "confluence_get_comments", map[string]any{"page_id": demoBlogPostID}).list(t)
	found := false
	for _, cm := range comments {
		found = found || (dig(cm, "id") == addedID && dig(cm, "location") == "footer")
	}
	if len(comments) < 2 || !found {
		t.Errorf("blog post comments = %v; want the seeded one and %s", comments, addedID)
	}
	reply := mustCall(t, cs, "confluence_reply_to_comment", map[string]any{"comment_id": addedID, "body": "Thanks!"}).obj(t)
	if dig(reply, "comment", "parent_id") != addedID {
		t.Errorf("reply on a blog post = %v", reply)
	}
	labels := mustCall(t, cs, "confluence_add_label", map[string]any{"page_id": demoBlogPostID, "name": "welcome"}).list(t)
	names := map[any]bool{}
	for _, l := range labels {
		names[dig(l, "name")] = true
	}
	if !names["announcement"] || !names["welcome"] {
		t.Errorf("add_label on a blog post = %v", labels)
	}
	if got := mustCall(t, cs, "confluence_get_labels", map[string]any{"page_id": demoBlogPostID}).list(t); len(got) != len(labels) {
		t.Errorf("get_labels on a blog post = %v, want %v", got, labels)
	}
}
