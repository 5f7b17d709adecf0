package confluence_test

import (
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/confluence"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox"
)

// countingSandbox is a sandbox of one deployment that counts the requests
// it answers by path, and a client of alice's for it.
type countingSandbox struct {
	c    *confluence.Client
	mu   sync.Mutex
	hits map[string]int
}

func newCountingSandbox(t *testing.T, d atlassian.Deployment) *countingSandbox {
	t.Helper()
	cs := &countingSandbox{hits: map[string]int{}}
	sb := sandbox.New(sandbox.Options{Deployment: d})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cs.mu.Lock()
		cs.hits[r.Method+" "+r.URL.Path]++
		cs.mu.Unlock()
		sb.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	base, _ := url.Parse(srv.URL + sandbox.ConfluenceServerPrefix)
	creds := atlassian.Bearer("alice-pat")
	if d == atlassian.Cloud {
		base, _ = url.Parse(srv.URL + sandbox.ConfluenceCloudPrefix)
		creds = atlassian.Basic("alice@example.com", "alice-api-token")
	}
	site := &atlassian.Site{Product: atlassian.Confluence, Deployment: d, BaseURL: base, HTTP: atlassian.NewHTTPClient(atlassian.TransportOptions{})}
	cs.c = confluence.New(site.Client(creds))
	return cs
}

// requests is how many requests were answered since the last call, by
// method and path.
func (cs *countingSandbox) requests() map[string]int {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	out := cs.hits
	cs.hits = map[string]int{}
	return out
}

// blogPostID is the seeded DEMO blog post ("Welcome to the Demo Space"),
// which has a footer comment and the label "announcement".
const blogPostID = "65549"

// TestCommentsListFooterAndInline: get_comments lists a page's footer and
// inline comments with their location, as mcp-atlassian's v1 listing
// without a location does; Cloud lists the footer comments first.
func TestCommentsListFooterAndInline(t *testing.T) {
	for _, d := range []atlassian.Deployment{atlassian.Cloud, atlassian.Server} {
		t.Run(string(d), func(t *testing.T) {
			cs := newCountingSandbox(t, d)
			ctx := t.Context()
			home, err := cs.c.PageByTitle(ctx, "DEMO", "Home")
			if err != nil {
				t.Fatal(err)
			}
			inline, err := cs.c.AddInlineComment(ctx, home.ID, "<p>inline</p>", confluence.InlineSelection{Text: "Demo Space", Count: 1})
			if err != nil {
				t.Fatal(err)
			}
			footer, err := cs.c.AddComment(ctx, home.ID, "", "<p>footer</p>")
			if err != nil {
				t.Fatal(err)
			}
			if footer.Location != "footer" {
				t.Errorf("added comment location = %q, want footer", footer.Location)
			}
			list, err := cs.c.Comments(ctx, home.ID, "page")
			if err != nil {
				t.Fatal(err)
			}
			at := func(id string) int {
				return slices.IndexFunc(list, func(cm confluence.Comment) bool { return cm.ID == id })
			}
			i, j := at(footer.ID), at(inline.ID)
			if i < 0 || j < 0 {
				t.Fatalf("comments = %+v; want footer %s and inline %s", list, footer.ID, inline.ID)
			}
			if list[i].Location != "footer" || list[j].Location != "inline" {
				t.Errorf("locations = %q, %q; want footer, inline", list[i].Location, list[j].Location)
			}
			if d == atlassian.Cloud && i > j {
				t.Errorf("Cloud lists the inline comment (%d) before the footer comment (%d)", j, i)
			}
		})
	}
}

// TestBlogPostCommentsAndLabels: given a blog post's id, the comment and
// label tools read and write it on both deployments. On Cloud a known
// type costs one request per list; an unknown one is tried as a page
// first, so a page costs no extra request and a blog post one.
func TestBlogPostCommentsAndLabels(t *testing.T) {
	for _, d := range []atlassian.Deployment{atlassian.Cloud, atlassian.Server} {
		t.Run(string(d), func(t *testing.T) {
			cs := newCountingSandbox(t, d)
			ctx := t.Context()
			for _, typ := range []string{"", "blogpost"} {
				added, err := cs.c.AddComment(ctx, blogPostID, typ, "<p>on the blog "+typ+"</p>")
				if err != nil {
					t.Fatalf("add comment (type %q): %v", typ, err)
				}
				list, err := cs.c.Comments(ctx, blogPostID, typ)
				if err != nil {
					t.Fatalf("comments (type %q): %v", typ, err)
				}
				if len(list) < 2 || !slices.ContainsFunc(list, func(cm confluence.Comment) bool { return cm.ID == added.ID }) {
					t.Errorf("comments (type %q) = %+v; want the seeded one and %s", typ, list, added.ID)
				}
				labels, err := cs.c.AddLabel(ctx, blogPostID, typ, "blog-"+map[string]string{"": "any", "blogpost": "known"}[typ])
				if err != nil {
					t.Fatalf("add label (type %q): %v", typ, err)
				}
				if names := labelNames(labels); !strings.Contains(names, "announcement") || !strings.Contains(names, "blog-") {
					t.Errorf("labels (type %q) = %s", typ, names)
				}
			}
			if d != atlassian.Cloud {
				return
			}
			cs.requests()
			mustLabels(t, cs.c, blogPostID, "blogpost")
			if got := cs.requests(); got["GET /wiki/api/v2/blogposts/"+blogPostID+"/labels"] != 1 || len(got) != 1 {
				t.Errorf("labels of a known blog post: requests %v, want the blog post's labels only", got)
			}
			mustLabels(t, cs.c, blogPostID, "")
			if got := cs.requests(); got["GET /wiki/api/v2/pages/"+blogPostID+"/labels"] != 1 || got["GET /wiki/api/v2/blogposts/"+blogPostID+"/labels"] != 1 {
				t.Errorf("labels of a blog post of unknown type: requests %v, want the page path, then the blog post's", got)
			}
			home, err := cs.c.PageByTitle(ctx, "DEMO", "Home")
			if err != nil {
				t.Fatal(err)
			}
			cs.requests()
			mustLabels(t, cs.c, home.ID, "")
			if got := cs.requests(); len(got) != 1 || got["GET /wiki/api/v2/pages/"+home.ID+"/labels"] != 1 {
				t.Errorf("labels of a page of unknown type: requests %v, want one", got)
			}
			if _, err := cs.c.Labels(ctx, "99999", ""); !atlassian.IsStatus(err, http.StatusNotFound) {
				t.Errorf("labels of unknown content: %v, want 404", err)
			}
			if _, err := cs.c.Comments(ctx, "99999", ""); !atlassian.IsStatus(err, http.StatusNotFound) {
				t.Errorf("comments of unknown content: %v, want 404", err)
			}
			// A comment written to content of unknown type: its type is
			// probed first (the page path, then the blog post's), with no
			// space read, and the write is sent once, to the right target.
			cs.requests()
			if _, err := cs.c.AddComment(ctx, blogPostID, "", "<p>typed by a read</p>"); err != nil {
				t.Fatal(err)
			}
			want := map[string]int{"GET /wiki/api/v2/pages/" + blogPostID: 1, "GET /wiki/api/v2/blogposts/" + blogPostID: 1,
				"POST /wiki/api/v2/footer-comments": 1}
			if got := cs.requests(); !maps.Equal(got, want) {
				t.Errorf("comment on a blog post of unknown type: requests %v, want %v", got, want)
			}
			if _, err := cs.c.AddComment(ctx, home.ID, "", "<p>on a page of unknown type</p>"); err != nil {
				t.Fatal(err)
			}
			want = map[string]int{"GET /wiki/api/v2/pages/" + home.ID: 1, "POST /wiki/api/v2/footer-comments": 1}
			if got := cs.requests(); !maps.Equal(got, want) {
				t.Errorf("comment on a page of unknown type: requests %v, want %v", got, want)
			}
			if _, err := cs.c.AddComment(ctx, "99999", "", "<p>x</p>"); !atlassian.IsStatus(err, http.StatusNotFound) {
				t.Errorf("comment on unknown content: %v, want 404", err)
			}
			if got := cs.requests(); got["POST /wiki/api/v2/footer-comments"] != 0 {
				t.Errorf("comment on unknown content: requests %v, want no write", got)
			}
		})
	}
}

// TestCloudCommentsFollowTheCursor: a blog post with more footer comments
// than one answer holds is listed whole.
func TestCloudCommentsFollowTheCursor(t *testing.T) {
	cs := newCountingSandbox(t, atlassian.Cloud)
	ctx := t.Context()
	const n = 101 // the footer list asks for 100 at a time
	for i := range n {
		if _, err := cs.c.AddComment(ctx, blogPostID, "blogpost", "<p>comment "+strings.Repeat("x", i%3)+"</p>"); err != nil {
			t.Fatal(err)
		}
	}
	cs.requests()
	list, err := cs.c.Comments(ctx, blogPostID, "blogpost")
	if err != nil {
		t.Fatal(err)
	}
	if got := cs.requests()["GET /wiki/api/v2/blogposts/"+blogPostID+"/footer-comments"]; got != 2 {
		t.Errorf("%d footer comment list requests, want 2 (a cursor's next page)", got)
	}
	if len(list) != n+1 { // and the seeded one
		t.Errorf("listed %d comments, want %d", len(list), n+1)
	}
	seen := map[string]bool{}
	for _, cm := range list {
		if seen[cm.ID] {
			t.Errorf("comment %s listed twice", cm.ID)
		}
		seen[cm.ID] = true
	}
}

// TestServerCommentsFollowTheNextLink: on Server/DC too, a blog post with
// more comments than one answer holds is listed whole, paged by start.
func TestServerCommentsFollowTheNextLink(t *testing.T) {
	cs := newCountingSandbox(t, atlassian.Server)
	ctx := t.Context()
	const n = 101 // the list asks for 100 at a time
	for i := range n {
		if _, err := cs.c.AddComment(ctx, blogPostID, "blogpost", "<p>comment "+strings.Repeat("x", i%3)+"</p>"); err != nil {
			t.Fatal(err)
		}
	}
	cs.requests()
	list, err := cs.c.Comments(ctx, blogPostID, "blogpost")
	if err != nil {
		t.Fatal(err)
	}
	if got := cs.requests()["GET "+sandbox.ConfluenceServerPrefix+"/rest/api/content/"+blogPostID+"/child/comment"]; got != 2 {
		t.Errorf("%d comment list requests, want 2 (the next page by start)", got)
	}
	if len(list) != n+1 { // and the seeded one
		t.Errorf("listed %d comments, want %d", len(list), n+1)
	}
	seen := map[string]bool{}
	for _, cm := range list {
		if seen[cm.ID] {
			t.Errorf("comment %s listed twice", cm.ID)
		}
		seen[cm.ID] = true
	}
}

// TestCloudCommentThreadsShareOneBudget: the reply lists get_comments
// reads on Cloud, one per top-level comment, are bounded for footer and
// inline comments together (50), not for each kind.
func TestCloudCommentThreadsShareOneBudget(t *testing.T) {
	cs := newCountingSandbox(t, atlassian.Cloud)
	ctx := t.Context()
	home, err := cs.c.PageByTitle(ctx, "DEMO", "Home")
	if err != nil {
		t.Fatal(err)
	}
	const n = 40 // of each kind
	for range n {
		if _, err := cs.c.AddComment(ctx, home.ID, "page", "<p>footer</p>"); err != nil {
			t.Fatal(err)
		}
		if _, err := cs.c.AddInlineComment(ctx, home.ID, "<p>inline</p>", confluence.InlineSelection{Text: "Demo Space", Count: 1}); err != nil {
			t.Fatal(err)
		}
	}
	cs.requests()
	list, err := cs.c.Comments(ctx, home.ID, "page")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < 2*n {
		t.Errorf("listed %d comments, want at least %d", len(list), 2*n)
	}
	replyLists := 0
	for path, hits := range cs.requests() {
		if strings.HasSuffix(path, "/children") {
			replyLists += hits
		}
	}
	if replyLists != 50 {
		t.Errorf("%d reply lists read, want 50 for both kinds together", replyLists)
	}
}

func mustLabels(t *testing.T, c *confluence.Client, id, typ string) {
	t.Helper()
	if _, err := c.Labels(t.Context(), id, typ); err != nil {
		t.Fatalf("labels of %s (type %q): %v", id, typ, err)
	}
}

func labelNames(labels []confluence.Label) string {
	names := make([]string, 0, len(labels))
	for _, l := range labels {
		names = append(names, l.Name)
	}
	return strings.Join(names, ",")
}

// TestReplyToInlineComment: a reply goes to its parent's kind of comment.
// Cloud finds the kind by reading the parent as a footer comment, then as
// an inline one on 404, and posts an inline comment's reply to
// /inline-comments (Cloud refuses it under /footer-comments); Server/DC's
// v1 reply names its parent and is inline as its parent is.
func TestReplyToInlineComment(t *testing.T) {
	for _, d := range []atlassian.Deployment{atlassian.Cloud, atlassian.Server} {
		t.Run(string(d), func(t *testing.T) {
			cs := newCountingSandbox(t, d)
			ctx := t.Context()
			home, err := cs.c.PageByTitle(ctx, "DEMO", "Home")
			if err != nil {
				t.Fatal(err)
			}
			inline, err := cs.c.AddInlineComment(ctx, home.ID, "<p>inline</p>", confluence.InlineSelection{Text: "Demo Space", Count: 1})
			if err != nil {
				t.Fatal(err)
			}
			footer, err := cs.c.AddComment(ctx, home.ID, "page", "<p>footer</p>")
			if err != nil {
				t.Fatal(err)
			}
			for _, parent := range []struct{ id, location string }{{inline.ID, "inline"}, {footer.ID, "footer"}} {
				cs.requests()
				ref, err := cs.c.CommentHead(ctx, parent.id)
				if err != nil {
					t.Fatalf("comment head of the %s comment: %v", parent.location, err)
				}
				if ref.ContentID != home.ID || ref.ID != parent.id {
					t.Errorf("comment head of the %s comment = %+v, want page %s", parent.location, ref, home.ID)
				}
				reply, err := cs.c.ReplyToComment(ctx, ref, "<p>reply to "+parent.location+"</p>")
				if err != nil {
					t.Fatalf("reply to the %s comment: %v", parent.location, err)
				}
				if reply.ParentID != parent.id || reply.Location != parent.location {
					t.Errorf("reply to the %s comment = %+v", parent.location, reply)
				}
				got := cs.requests()
				if d == atlassian.Cloud {
					if ref.Location != parent.location {
						t.Errorf("comment head location = %q, want %q", ref.Location, parent.location)
					}
					want := map[string]int{"GET /wiki/api/v2/footer-comments/" + parent.id: 1, "POST /wiki/api/v2/" + parent.location + "-comments": 1}
					if parent.location == "inline" {
						want["GET /wiki/api/v2/inline-comments/"+parent.id] = 1
					}
					if !maps.Equal(got, want) {
						t.Errorf("reply to the %s comment: requests %v, want %v", parent.location, got, want)
					}
				}
				list, err := cs.c.Comments(ctx, home.ID, "page")
				if err != nil {
					t.Fatal(err)
				}
				if !slices.ContainsFunc(list, func(cm confluence.Comment) bool {
					return cm.ID == reply.ID && cm.ParentID == parent.id && cm.Location == parent.location
				}) {
					t.Errorf("comments = %+v; want the reply %s under %s, %s", list, reply.ID, parent.id, parent.location)
				}
			}
			if _, err := cs.c.CommentHead(ctx, "99999"); !atlassian.IsStatus(err, http.StatusNotFound) {
				t.Errorf("comment head of an unknown id: %v, want 404", err)
			}
		})
	}
}

// TestCommentHeadOffPagesAndBlogPosts: a Cloud footer comment on an
// attachment names neither a page nor a blog post; CommentHead says so,
// naming the comment, instead of handing on an empty content id.
func TestCommentHeadOffPagesAndBlogPosts(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || !strings.HasSuffix(r.URL.Path, "/api/v2/footer-comments/4242") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"4242","attachmentId":"att77","status":"current","title":"Re: file"}`))
	}))
	t.Cleanup(srv.Close)
	base, _ := url.Parse(srv.URL + sandbox.ConfluenceCloudPrefix)
	site := &atlassian.Site{Product: atlassian.Confluence, Deployment: atlassian.Cloud, BaseURL: base, HTTP: atlassian.NewHTTPClient(atlassian.TransportOptions{})}
	c := confluence.New(site.Client(atlassian.Basic("alice@example.com", "alice-api-token")))
	ref, err := c.CommentHead(t.Context(), "4242")
	if err == nil || !strings.Contains(err.Error(), "4242") || !strings.Contains(err.Error(), "neither a page nor a blog post") {
		t.Fatalf("comment head = %+v, %v; want an error naming comment 4242", ref, err)
	}
}

// TestCloudLabelsFollowTheCursor: a page with more labels than one answer
// holds (250) is listed whole, its labels in two requests.
func TestCloudLabelsFollowTheCursor(t *testing.T) {
	cs := newCountingSandbox(t, atlassian.Cloud)
	ctx := t.Context()
	home, err := cs.c.PageByTitle(ctx, "DEMO", "Home")
	if err != nil {
		t.Fatal(err)
	}
	before, err := cs.c.Labels(ctx, home.ID, "page")
	if err != nil {
		t.Fatal(err)
	}
	const n = 251
	for i := range n {
		if _, err := cs.c.AddLabel(ctx, home.ID, "page", "many-"+strconv.Itoa(i)); err != nil {
			t.Fatal(err)
		}
	}
	cs.requests()
	labels, err := cs.c.Labels(ctx, home.ID, "page")
	if err != nil {
		t.Fatal(err)
	}
	if got := cs.requests()["GET /wiki/api/v2/pages/"+home.ID+"/labels"]; got != 2 {
		t.Errorf("%d label list requests, want 2 (a cursor's next page)", got)
	}
	if len(labels) != len(before)+n {
		t.Errorf("listed %d labels, want %d", len(labels), len(before)+n)
	}
	seen := map[string]bool{}
	for _, l := range labels {
		if seen[l.Name] {
			t.Errorf("label %s listed twice", l.Name)
		}
		seen[l.Name] = true
	}
	if !seen["many-0"] || !seen["many-250"] {
		t.Errorf("labels leave out the first or last added: %s", labelNames(labels))
	}
}
