package contract_test

import (
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

func init() { extraTours["confluence_comments"] = confCommentsTour }

// confCommentsTour adds and lists inline comments and replies to footer
// comments, on the seeded Home page of DEMO.
func confCommentsTour(tr *tourist, d atlassian.Deployment) {
	if d == atlassian.Cloud {
		spaces := tr.ok("GET", "/wiki/api/v2/spaces?keys=DEMO", "")
		pages := tr.ok("GET", "/wiki/api/v2/pages?space-id="+str(spaces, "results", 0, "id")+"&title=Home", "")
		pid := str(pages, "results", 0, "id")
		c := tr.ok("POST", "/wiki/api/v2/inline-comments",
			`{"pageId":`+quote(pid)+`,"body":{"representation":"storage","value":"<p>inline</p>"},"inlineCommentProperties":{"textSelection":"Demo Space","textSelectionMatchCount":1,"textSelectionMatchIndex":0}}`)
		tr.ok("POST", "/wiki/api/v2/inline-comments", `{"parentCommentId":`+quote(str(c, "id"))+`,"body":{"representation":"storage","value":"<p>reply</p>"}}`)
		// An inline comment is read by id under /inline-comments only, and
		// a reply to it is not a footer comment.
		if got := tr.ok("GET", "/wiki/api/v2/inline-comments/"+str(c, "id")+"?include-version=false", ""); str(got, "pageId") != pid {
			tr.t.Errorf("inline comment read by id = %v", got)
		}
		tr.status(404, "GET", "/wiki/api/v2/footer-comments/"+str(c, "id"), "")
		tr.status(404, "POST", "/wiki/api/v2/footer-comments", `{"parentCommentId":`+quote(str(c, "id"))+`,"body":{"representation":"storage","value":"<p>x</p>"}}`)
		roots := tr.ok("GET", "/wiki/api/v2/pages/"+pid+"/inline-comments?body-format=storage", "")
		for _, r := range roots.(map[string]any)["results"].([]any) {
			if r.(map[string]any)["parentCommentId"] != nil {
				tr.t.Errorf("a reply among the page's inline comments: %v", r)
			}
		}
		replies := tr.ok("GET", "/wiki/api/v2/inline-comments/"+str(c, "id")+"/children?body-format=storage", "")
		if str(replies, "results", 0, "parentCommentId") != str(c, "id") {
			tr.t.Errorf("the reply is not among the comment's children: %v", replies)
		}
		tr.status(400, "POST", "/wiki/api/v2/inline-comments",
			`{"pageId":`+quote(pid)+`,"body":{"representation":"storage","value":"<p>x</p>"},"inlineCommentProperties":{"textSelection":"not on the page","textSelectionMatchCount":1,"textSelectionMatchIndex":0}}`)
		confBlogPostTour(tr, pid)
		return
	}
	const api = "/confluence/rest/api"
	list := tr.ok("GET", api+"/content?spaceKey=DEMO&title=Home&type=page", "")
	pid := str(list, "results", 0, "id")
	c := tr.ok("POST", api+"/content", `{"type":"comment","container":{"id":`+quote(pid)+`,"type":"page"},"body":{"storage":{"value":"<p>inline</p>","representation":"storage"}},`+
		`"extensions":{"location":"inline","inlineProperties":{"originalSelection":"Demo Space","numMatches":1,"matchIndex":0,"lastFetchTime":"1736154000000","serializedHighlights":"[[\"Demo Space\"]]"}}}`)
	tr.ok("POST", api+"/content", `{"type":"comment","container":{"id":`+quote(pid)+`,"type":"page"},"ancestors":[{"id":`+quote(str(c, "id"))+`}],"body":{"storage":{"value":"<p>reply</p>","representation":"storage"}}}`)
	tr.ok("GET", api+"/content/"+pid+"/child/comment?location=inline&depth=all&expand=body.storage,extensions.inlineProperties", "")
	// No location means all of them (the document's default); footer
	// leaves the inline one out.
	if !hasID(tr.ok("GET", api+"/content/"+pid+"/child/comment?depth=all", ""), str(c, "id")) {
		tr.t.Errorf("comments without a location leave out the inline comment %s", str(c, "id"))
	}
	if hasID(tr.ok("GET", api+"/content/"+pid+"/child/comment?location=footer&depth=all", ""), str(c, "id")) {
		tr.t.Errorf("footer comments list the inline comment %s", str(c, "id"))
	}
	tr.ok("GET", api+"/content/"+str(c, "id")+"?expand=container", "")
	tr.status(400, "POST", api+"/content", `{"type":"comment","container":{"id":`+quote(pid)+`,"type":"page"},"body":{"storage":{"value":"<p>x</p>","representation":"storage"}},"extensions":{"location":"inline","inlineProperties":{"originalSelection":"Demo Space"}}}`)
}

// hasID reports whether a list answer's results hold the id.
func hasID(list any, id string) bool {
	for _, r := range list.(map[string]any)["results"].([]any) {
		if r.(map[string]any)["id"] == id {
			return true
		}
	}
	return false
}

// confBlogPostTour comments on and lists the comments and labels of a
// Cloud blog post, which v2 serves under /blogposts/{id}; the pages paths
// do not know it, nor the blog post paths a page (pid).
func confBlogPostTour(tr *tourist, pid string) {
	blog := str(tr.ok("GET", "/wiki/rest/api/content/search?cql=type%3Dblogpost%20and%20space%3DDEMO", ""), "results", 0, "id")
	c := tr.ok("POST", "/wiki/api/v2/footer-comments", `{"blogPostId":`+quote(blog)+`,"body":{"representation":"storage","value":"<p>on the blog</p>"}}`)
	if str(c, "blogPostId") != blog {
		tr.t.Errorf("a blog post's comment names it as %v", c)
	}
	if !hasID(tr.ok("GET", "/wiki/api/v2/blogposts/"+blog+"/footer-comments?body-format=storage&sort=created-date", ""), str(c, "id")) {
		tr.t.Errorf("the blog post's footer comments leave out %s", str(c, "id"))
	}
	tr.ok("GET", "/wiki/api/v2/blogposts/"+blog+"/inline-comments?body-format=storage&sort=created-date", "")
	// The reverse of the inline tour: a footer comment is no inline one.
	tr.ok("GET", "/wiki/api/v2/footer-comments/"+str(c, "id")+"?include-version=false", "")
	tr.status(404, "GET", "/wiki/api/v2/inline-comments/"+str(c, "id"), "")
	tr.status(404, "POST", "/wiki/api/v2/inline-comments", `{"parentCommentId":`+quote(str(c, "id"))+`,"body":{"representation":"storage","value":"<p>x</p>"}}`)
	if labels := tr.ok("GET", "/wiki/api/v2/blogposts/"+blog+"/labels?limit=250", ""); str(labels, "results", 0, "name") != "announcement" {
		tr.t.Errorf("blog post labels = %v", labels)
	}
	// Labels come a page at a time: the client follows _links.next.
	first := tr.ok("GET", "/wiki/api/v2/pages/"+pid+"/labels?limit=1", "")
	next := str(first, "_links", "next")
	if next == "" {
		tr.t.Errorf("a page's first label of several has no next link: %v", first)
	} else if rest := tr.ok("GET", next, ""); str(rest, "results", 0, "name") == "" || str(rest, "results", 0, "name") == str(first, "results", 0, "name") {
		tr.t.Errorf("the next page of labels = %v after %v", rest, first)
	}
	for _, path := range []string{"/pages/" + blog + "/footer-comments", "/pages/" + blog + "/inline-comments", "/pages/" + blog + "/labels",
		"/blogposts/" + pid + "/footer-comments", "/blogposts/" + pid + "/inline-comments", "/blogposts/" + pid + "/labels"} {
		tr.status(404, "GET", "/wiki/api/v2"+path, "")
	}
}
