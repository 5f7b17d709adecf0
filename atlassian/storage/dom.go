package storage

import (
	"strings"

	"golang.org/x/net/html"
)

// attr returns the value of the attribute key of n, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// isElement reports whether n is an element with one of the given names.
func isElement(n *html.Node, names ...string) bool {
	if n == nil || n.Type != html.ElementNode {
		return false
	}
	for _, name := range names {
		if n.Data == name {
			return true
		}
	}
	return false
}

// child returns the first child element of n with the given name.
func child(n *html.Node, name string) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if isElement(c, name) {
			return c
		}
	}
	return nil
}

// firstElementChild returns the first child element of n whose name has the
// given prefix, e.g. "ri:".
func firstElementChild(n *html.Node, prefix string) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && strings.HasPrefix(c.Data, prefix) {
			return c
		}
	}
	return nil
}

// textContent returns the concatenated text below n.
func textContent(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				b.WriteString(c.Data)
			} else {
				walk(c)
			}
		}
	}
	walk(n)
	return b.String()
}

// hasAncestor reports whether an ancestor of n is one of the given elements.
func hasAncestor(n *html.Node, names ...string) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if isElement(p, names...) {
			return true
		}
	}
	return false
}

// replaceNode puts repl where n was and detaches n.
func replaceNode(n, repl *html.Node) {
	n.Parent.InsertBefore(repl, n)
	n.Parent.RemoveChild(n)
}

// moveChildren appends all children of from to to.
func moveChildren(from, to *html.Node) {
	for c := from.FirstChild; c != nil; c = from.FirstChild {
		from.RemoveChild(c)
		to.AppendChild(c)
	}
}

// unwrap replaces n by its children and returns the node a walk should visit
// next: the first former child, or n's next sibling if it had none.
func unwrap(n *html.Node) *html.Node {
	next := n.NextSibling
	first := n.FirstChild
	for c := n.FirstChild; c != nil; c = n.FirstChild {
		n.RemoveChild(c)
		n.Parent.InsertBefore(c, n)
	}
	n.Parent.RemoveChild(n)
	if first != nil {
		return first
	}
	return next
}

// remove detaches n and returns its former next sibling.
func remove(n *html.Node) *html.Node {
	next := n.NextSibling
	n.Parent.RemoveChild(n)
	return next
}

// textNode returns a detached text node.
func textNode(s string) *html.Node {
	return &html.Node{Type: html.TextNode, Data: s}
}

// isBlank reports whether n is a whitespace-only text node.
func isBlank(n *html.Node) bool {
	return n.Type == html.TextNode && strings.TrimSpace(n.Data) == "" ||
		n.Type == html.CommentNode
}
