package storage

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// table prepares a (rewritten) table for a GFM pipe table: header cells
// outside a header row become bold data cells, and every cell is flattened
// to one logical line, blocks separated by <br>, because pipe-table cells
// cannot hold blocks. The alternative, leaving such tables as HTML, would
// hide their Markdown content from readers.
func (r *rewriter) table(t *html.Node) {
	var rows []*html.Node
	var collect func(*html.Node)
	collect = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case isElement(c, "tr"):
				rows = append(rows, c)
			case isElement(c, "thead", "tbody", "tfoot"):
				collect(c)
			}
		}
	}
	collect(t)
	for i, row := range rows {
		headerRow := i == 0 && allHeaderCells(row)
		for c := row.FirstChild; c != nil; c = c.NextSibling {
			if !isElement(c, "td", "th") {
				continue
			}
			cell := newElement(c.Data)
			for _, a := range c.Attr {
				if a.Key == "colspan" || a.Key == "rowspan" {
					cell.Attr = append(cell.Attr, a)
				}
			}
			f := flattener{dst: cell, fresh: true}
			f.flatten(c, 0)
			for c.FirstChild != nil {
				c.RemoveChild(c.FirstChild) // emptied block shells
			}
			moveChildren(cell, c)
			c.Attr = cell.Attr
			trimBreaks(c)
			if c.Data == "th" && !headerRow {
				rename(c, "td")
				c.Attr = cell.Attr
				if c.FirstChild != nil {
					strong := newElement("strong")
					moveChildren(c, strong)
					c.AppendChild(strong)
				}
			}
		}
	}
}

// allHeaderCells reports whether every cell of row is a <th>.
func allHeaderCells(row *html.Node) bool {
	seen := false
	for c := row.FirstChild; c != nil; c = c.NextSibling {
		if isElement(c, "td") {
			return false
		}
		seen = seen || isElement(c, "th")
	}
	return seen
}

// flattener moves the content of a cell into one line per block,
// separated by <br>.
type flattener struct {
	dst     *html.Node
	pending bool // a line has ended; the next content needs a <br> first
	fresh   bool // nothing written on the current line yet
}

// add appends inline content.
func (f *flattener) add(n *html.Node) {
	if f.pending {
		f.dst.AppendChild(newElement("br"))
		f.pending = false
	}
	if n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
	f.dst.AppendChild(n)
	f.fresh = false
}

// endLine makes the next content start on a new line.
func (f *flattener) endLine() {
	if !f.fresh {
		f.pending = true
	}
}

// flatten walks the children of src.
func (f *flattener) flatten(src *html.Node, depth int) {
	for c := src.FirstChild; c != nil; {
		next := c.NextSibling
		if !isBlockElement(c) && !isElement(c, "thead", "tbody", "tfoot", "tr", "td", "th", "caption") {
			if !isBlank(c) || !f.fresh && !f.pending {
				f.add(c)
			}
			c = next
			continue
		}
		f.endLine()
		switch c.Data {
		case "ul", "ol":
			i := 0
			for li := c.FirstChild; li != nil; li = li.NextSibling {
				if !isElement(li, "li") {
					continue
				}
				i++
				prefix := strings.Repeat("  ", depth) + "- "
				if c.Data == "ol" {
					prefix = strings.Repeat("  ", depth) + strconv.Itoa(i) + ". "
				}
				switch attr(li, attrTask) {
				case "complete":
					prefix += "[x] "
				case "incomplete":
					prefix += "[ ] "
				}
				f.add(newElement(elMD, "md", prefix))
				f.fresh = true
				f.flatten(li, depth+1)
				f.endLine()
			}
		case elCode:
			for _, l := range strings.Split(attr(c, "code"), "\n") {
				if strings.TrimSpace(l) == "" {
					continue
				}
				code := newElement("code")
				code.AppendChild(textNode(l))
				f.add(code)
				f.endLine()
			}
		case elMDBlock:
			f.add(newElement(elMD, "md", attr(c, "md")))
		case "hr":
		case "h1", "h2", "h3", "h4", "h5", "h6":
			strong := newElement("strong")
			moveChildren(c, strong)
			f.add(strong)
		case elAlert, elDetails:
			title := attr(c, "title")
			if c.Data == elDetails {
				title = attr(c, "summary")
			}
			if title != "" {
				strong := newElement("strong")
				strong.AppendChild(textNode(title))
				f.add(strong)
				f.endLine()
			}
			f.flatten(c, depth)
		default: // p, div, blockquote, nested table parts, …
			f.flatten(c, depth)
		}
		f.endLine()
		c = next
	}
}
