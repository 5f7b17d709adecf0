package storage

import (
	"strings"

	"golang.org/x/net/html"
)

// link rewrites <ac:link> into <a> (or a mention) and returns the next node
// to visit.
func (r *rewriter) link(n *html.Node) *html.Node {
	ri := firstElementChild(n, "ri:")
	anchor := attr(n, "ac:anchor")
	var href, label string
	switch {
	case ri == nil:
		if anchor == "" {
			return unwrap(n)
		}
		href, label = "#"+escapePart(anchor, true), anchor
	case ri.Data == "ri:user":
		return r.replace(n, newElement(elMD, "md", mention(ri)), false)
	case ri.Data == "ri:page", ri.Data == "ri:blog-post":
		ref := pageRef{
			space:      attr(ri, "ri:space-key"),
			title:      attr(ri, "ri:content-title"),
			postingDay: attr(ri, "ri:posting-day"),
			anchor:     anchor,
			blog:       ri.Data == "ri:blog-post",
		}
		href, label = ref.String(), ref.title
	case ri.Data == "ri:attachment":
		label = attr(ri, "ri:filename")
		href = attachmentURL(label, r.opts)
	case ri.Data == "ri:space":
		label = attr(ri, "ri:space-key")
		href = schemeSpace + escapePart(label, false)
	case ri.Data == "ri:content-entity":
		label = attr(ri, "ri:content-id")
		href = schemeContent + escapePart(label, false)
	case ri.Data == "ri:url":
		href = attr(ri, "ri:value")
		label = href
	default:
		label = attr(ri, "ri:parameter")
	}
	a := newElement("a", "href", href)
	if body := child(n, "ac:link-body"); body != nil && body.FirstChild != nil {
		moveChildren(body, a)
	} else if plain := child(n, "ac:plain-text-link-body"); plain != nil && strings.TrimSpace(textContent(plain)) != "" {
		a.AppendChild(textNode(textContent(plain)))
	} else if label != "" {
		a.AppendChild(textNode(label))
	}
	if href == "" {
		replaceNode(n, a)
		return unwrap(a)
	}
	return r.replace(n, a, true)
}

// mention is the Markdown for a <ri:user>; see the package documentation.
func mention(ri *html.Node) string {
	switch {
	case attr(ri, "ri:account-id") != "":
		return "[~accountid:" + attr(ri, "ri:account-id") + "]"
	case attr(ri, "ri:userkey") != "":
		return "[~userkey:" + attr(ri, "ri:userkey") + "]"
	case attr(ri, "ri:username") != "":
		return "[~" + attr(ri, "ri:username") + "]"
	}
	return "@unknown-user"
}

// image rewrites <ac:image> into <img>.
func (r *rewriter) image(n *html.Node) *html.Node {
	var src string
	switch ri := firstElementChild(n, "ri:"); {
	case ri == nil:
	case ri.Data == "ri:attachment":
		src = attachmentURL(attr(ri, "ri:filename"), r.opts)
	case ri.Data == "ri:url":
		src = attr(ri, "ri:value")
	}
	if src == "" {
		return remove(n)
	}
	img := newElement("img", "src", src, "alt", attr(n, "ac:alt"))
	if t := attr(n, "ac:title"); t != "" {
		img.Attr = append(img.Attr, html.Attribute{Key: "title", Val: t})
	}
	return r.replace(n, img, false)
}
