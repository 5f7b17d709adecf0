package storage

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Private elements the rewrite produces for things plain HTML cannot carry;
// the renderers in render.go turn them into Markdown.
const (
	elMD      = "x-md"      // inline Markdown, verbatim, in attribute "md"
	elMDBlock = "x-mdblock" // block of Markdown, verbatim, in attribute "md"
	elCode    = "x-code"    // code block: attributes "lang", "title", "code"
	elAlert   = "x-alert"   // alert blockquote: attributes "kind", "title"
	elDetails = "x-details" // <details> block: attribute "summary"
	attrTask  = "x-task"    // on <li>: "complete" or "incomplete"
)

// rewriter turns a storage DOM into plain HTML plus the private elements
// above, so html-to-markdown only ever sees HTML it knows how to render.
type rewriter struct {
	opts ToMarkdownOptions
}

// children rewrites every child of parent.
func (r *rewriter) children(parent *html.Node) {
	for c := parent.FirstChild; c != nil; {
		c = r.node(c)
	}
}

// node rewrites n in place and returns the next node to visit.
func (r *rewriter) node(n *html.Node) *html.Node {
	switch n.Type {
	case html.TextNode:
		if strings.ContainsRune(n.Data, '\u00a0') {
			n.Data = strings.ReplaceAll(n.Data, "\u00a0", " ")
		}
		if strings.IndexByte(n.Data, '&') >= 0 && !hasAncestor(n, "code") {
			n.Data = protectEntities(n.Data)
		}
		return n.NextSibling
	case html.ElementNode:
	default:
		return remove(n)
	}
	switch n.Data {
	case "ac:structured-macro", "ac:macro":
		return r.macro(n)
	case "ac:link":
		return r.link(n)
	case "ac:image":
		return r.image(n)
	case "ac:emoticon":
		return r.emoticon(n)
	case "ac:task-list":
		return r.taskList(n)
	case "ac:adf-extension":
		return r.adfExtension(n)
	case "ac:layout", "ac:layout-section", "ac:layout-cell", "ac:rich-text-body", "ac:adf-content",
		"ac:adf-fallback", "ac:task-body", "section", "article", "header", "footer", "main", "aside", "nav":
		rename(n, "div")
	case "ac:placeholder", "ac:parameter", "ac:default-parameter", "ac:plain-text-body", "ac:task-id",
		"ac:task-status", "ac:task-date", "ac:task-assignee", "ac:adf-attribute", "colgroup", "col",
		"script", "style", "head", "title", "meta", "link":
		return remove(n)
	case "time":
		if n.FirstChild == nil {
			t := textNode(attr(n, "datetime"))
			replaceNode(n, t)
			return t.NextSibling
		}
		return unwrap(n)
	case "span":
		if strings.Contains(strings.ToLower(attr(n, "style")), "line-through") {
			rename(n, "del")
			break
		}
		return unwrap(n)
	case "font", "small", "big", "center", "abbr", "cite", "ac:inline-comment-marker", "label":
		return unwrap(n)
	case "ins":
		rename(n, "u")
	case "strike":
		rename(n, "del")
	case "a":
		if attr(n, "href") == "" {
			return unwrap(n)
		}
	case "pre":
		code := newElement(elCode, "code", strings.TrimSuffix(textContent(n), "\n"))
		replaceNode(n, code)
		return code.NextSibling
	case "p":
		r.children(n)
		trimBreaks(n)
		if isEmptyBlock(n) {
			return remove(n)
		}
		return n.NextSibling
	case "h1", "h2", "h3", "h4", "h5", "h6":
		r.children(n)
		trimBreaks(n)
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if isElement(c, "br") { // a Markdown heading is one line
				repl := textNode(" ")
				replaceNode(c, repl)
				c = repl
			}
		}
		return n.NextSibling
	case "li":
		r.children(n)
		unwrapLonelyParagraph(n)
		trimBreaks(n)
		return n.NextSibling
	case "table":
		r.children(n)
		r.table(n)
		return n.NextSibling
	default:
		if strings.HasPrefix(n.Data, "ri:") {
			return remove(n)
		}
		if strings.HasPrefix(n.Data, "ac:") {
			// Unknown Confluence element: keep whatever content it has.
			return unwrap(n)
		}
	}
	r.children(n)
	return n.NextSibling
}

// protectEntities escapes the '&' of text that Markdown would read as an
// entity reference ("&amp;" written as text must not become "&").
func protectEntities(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '&' {
			if _, n := entity([]byte(s[i:min(len(s), i+40)])); n > 0 {
				b.WriteString("&amp;")
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// rename turns n into a plain element of another name, dropping attributes.
func rename(n *html.Node, name string) {
	n.Data = name
	n.DataAtom = atom.Lookup([]byte(name))
	n.Attr = nil
}

// inlineContext reports whether n sits inside running text, where a
// replacement must be inline Markdown rather than a block.
func inlineContext(n *html.Node) bool {
	switch n.Parent.Data {
	case "body", "div", "li", "td", "th", "blockquote", elAlert, elDetails, "ac:rich-text-body",
		"ac:layout-cell", "ac:task-body", "ac:adf-content", "ac:adf-fallback":
		return false
	}
	return true
}

// trimBreaks drops <br> at the start and end of a block: Confluence's editor
// leaves them behind, and in Markdown they would be stray backslashes.
func trimBreaks(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if isElement(c, "br") {
			n.RemoveChild(c)
		} else if !isBlank(c) {
			break
		}
		c = next
	}
	for c := n.LastChild; c != nil; {
		prev := c.PrevSibling
		if isElement(c, "br") {
			n.RemoveChild(c)
		} else if !isBlank(c) {
			break
		}
		c = prev
	}
}

// isEmptyBlock reports whether n has neither text nor content elements:
// Confluence uses such paragraphs as vertical spacing.
func isEmptyBlock(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode || !isBlank(c) {
			return false
		}
	}
	return true
}

// unwrapLonelyParagraph makes <li><p>text</p><ul>…</ul></li> a tight list
// item; several paragraphs stay paragraphs.
func unwrapLonelyParagraph(n *html.Node) {
	var p *html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case isElement(c, "p"):
			if p != nil {
				return
			}
			p = c
		case isElement(c, "ul", "ol"), isBlank(c), c.Type != html.ElementNode:
		case isBlockElement(c):
			return
		}
	}
	if p != nil {
		unwrap(p)
	}
}

// isBlockElement reports whether n renders as a Markdown block.
func isBlockElement(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch n.Data {
	case "p", "div", "ul", "ol", "li", "table", "blockquote", "pre", "hr", "h1", "h2", "h3", "h4", "h5",
		"h6", "dl", "dd", "dt", "figure", "details", "summary",
		elMDBlock, elCode, elAlert, elDetails:
		return true
	}
	return false
}
