package confluence_test

import (
	"maps"
	"net/http"
	"strings"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/confluence"
)

// TestInlineCommentRepliesOnCloud: Cloud lists a page's top-level inline
// comments only; the replies are read from each thread's children and
// come back with their parent.
func TestInlineCommentRepliesOnCloud(t *testing.T) {
	c := newCountingSandbox(t, atlassian.Cloud).c
	ctx := t.Context()
	home, err := c.PageByTitle(ctx, "DEMO", "Home")
	if err != nil {
		t.Fatal(err)
	}
	root, err := c.AddInlineComment(ctx, home.ID, "<p>inline</p>", confluence.InlineSelection{Text: "Demo Space", Count: 1, Index: 0})
	if err != nil {
		t.Fatal(err)
	}
	ref, err := c.CommentHead(ctx, root.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ReplyToComment(ctx, ref, "<p>reply</p>"); err != nil {
		t.Fatalf("reply: %v", err)
	}

	list, err := c.InlineComments(ctx, home.ID)
	if err != nil {
		t.Fatal(err)
	}
	var sawRoot, sawReply bool
	for _, cm := range list {
		switch {
		case cm.ID == root.ID:
			sawRoot = true
		case cm.ParentID == root.ID && strings.Contains(cm.Body, "reply"):
			sawReply = true
		}
	}
	if !sawRoot || !sawReply {
		t.Fatalf("inline comments = %+v; want the comment and its reply", list)
	}
}

// TestBlogPostAttachmentsOnCloud: v2 lists a blog post's attachments under
// /blogposts, not /pages; given a blog post's id the client finds them,
// with one request when the type is known and the page path's 404 first
// when it is not.
func TestBlogPostAttachmentsOnCloud(t *testing.T) {
	cs := newCountingSandbox(t, atlassian.Cloud)
	pages, blogs := "GET /wiki/api/v2/pages/"+blogPostID+"/attachments", "GET /wiki/api/v2/blogposts/"+blogPostID+"/attachments"
	for _, tc := range []struct {
		typ  string
		want map[string]int
	}{
		{"blogpost", map[string]int{blogs: 1}},
		{"", map[string]int{pages: 1, blogs: 1}},
	} {
		cs.requests()
		if _, _, err := cs.c.Attachments(t.Context(), blogPostID, confluence.AttachmentQuery{Limit: 10, ContentType: tc.typ}); err != nil {
			t.Fatalf("attachments of blog post %s (type %q): %v", blogPostID, tc.typ, err)
		}
		if got := cs.requests(); !maps.Equal(got, tc.want) {
			t.Errorf("attachments of a blog post (type %q): requests %v, want %v", tc.typ, got, tc.want)
		}
	}
	if _, _, err := cs.c.Attachments(t.Context(), "999999", confluence.AttachmentQuery{Limit: 10}); !atlassian.IsStatus(err, http.StatusNotFound) {
		t.Errorf("unknown content: %v, want 404", err)
	}
}
