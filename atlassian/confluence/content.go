package confluence

import (
	"net/http"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Tools that take a page or a blog post id (labels, comments) pass the
// content's type when they know it: Page.Type, "page" or "blogpost", as
// the spaces allow-list check read it; "" when nothing has read it.
// Server/DC's content API serves both under /rest/api/content/{id}, so
// there the type does not matter. Cloud's v2 keeps them apart
// (/pages/{id}/…, /blogposts/{id}/…): an unknown type is tried as a page
// first and as a blog post when the page path answers 404, as
// ContentHead does, so a page read costs no extra request. A comment
// written to content of unknown type probes the type first
// (v2.collectionOf): how Cloud refuses a write to the wrong collection is
// not documented.

// v2Collection is the v2 collection that holds content of a type.
func v2Collection(contentType string) string {
	if contentType == "blogpost" {
		return "blogposts"
	}
	return "pages"
}

// onV2Content runs a Cloud request against the collection holding the
// content: the one its type names or, when the type is unknown, pages and
// then blog posts. It reports the collection that answered. When neither
// knows the id, the page path's 404 is returned.
func onV2Content(contentType string, do func(collection string) error) (string, error) {
	collection := v2Collection(contentType)
	err := do(collection)
	if contentType != "" || !atlassian.IsStatus(err, http.StatusNotFound) {
		return collection, err
	}
	if blogErr := do("blogposts"); !atlassian.IsStatus(blogErr, http.StatusNotFound) {
		return "blogposts", blogErr
	}
	return collection, err
}
