package storage

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxDepth bounds element nesting in the parsed tree. Real pages stay far
// below it; hostile input deeper than this is flattened, which keeps every
// later recursive pass (and html-to-markdown's) cheap and stack-safe.
const maxDepth = 128

// voidElements never have content, whether or not they are written as
// self-closing.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "param": true, "source": true, "track": true, "wbr": true,
}

// parseStorage builds a DOM from storage XHTML and returns its body element.
//
// It uses the HTML tokenizer, which knows HTML entities such as &nbsp; and,
// with AllowCDATA, CDATA sections, but builds the tree itself with XML rules:
// HTML tree construction would ignore the self-closing syntax of unknown
// elements such as <ri:page/> (nesting every following sibling inside them),
// and would move macros out of tables. Unbalanced input is repaired the
// forgiving way: a stray end tag is ignored, a missing one is implied.
func parseStorage(s string) *html.Node {
	doc := &html.Node{Type: html.DocumentNode}
	root := newElement("html")
	body := newElement("body")
	doc.AppendChild(root)
	root.AppendChild(body)

	z := html.NewTokenizer(strings.NewReader(s))
	z.AllowCDATA(true)
	stack := []*html.Node{body}
	skipped := 0 // start tags dropped beyond maxDepth whose end tags are still to come
	for {
		tt := z.Next()
		top := stack[len(stack)-1]
		switch tt {
		case html.ErrorToken:
			return body
		case html.TextToken:
			raw := z.Raw()
			var text []byte
			if bytes.HasPrefix(raw, []byte("<![CDATA[")) {
				// The tokenizer would unescape entities inside CDATA; take it verbatim.
				text = bytes.TrimPrefix(raw, []byte("<![CDATA["))
				text = bytes.TrimSuffix(text, []byte("]]>"))
				text = bytes.ReplaceAll(text, []byte("\r\n"), []byte("\n"))
			} else {
				text = z.Text()
			}
			appendText(top, cleanText(text))
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			el := newElement(string(name))
			for {
				k, v, more := z.TagAttr()
				if len(k) > 0 {
					el.Attr = append(el.Attr, html.Attribute{Key: string(k), Val: string(cleanText(v))})
				}
				if !more {
					break
				}
			}
			// Storage is XML: <style> or <title> do not switch to raw text.
			z.NextIsNotRawText()
			selfClosing := tt == html.SelfClosingTagToken || voidElements[el.Data]
			if len(stack) >= maxDepth {
				if !selfClosing {
					skipped++
				}
				continue
			}
			top.AppendChild(el)
			if !selfClosing {
				stack = append(stack, el)
			}
		case html.EndTagToken:
			if skipped > 0 {
				skipped--
				continue
			}
			name, _ := z.TagName()
			for i := len(stack) - 1; i > 0; i-- {
				if stack[i].Data == string(name) {
					stack = stack[:i]
					break
				}
			}
		}
	}
}

// newElement returns a detached element node.
func newElement(name string, attrs ...string) *html.Node {
	n := &html.Node{Type: html.ElementNode, Data: name, DataAtom: atom.Lookup([]byte(name))}
	for i := 0; i+1 < len(attrs); i += 2 {
		n.Attr = append(n.Attr, html.Attribute{Key: attrs[i], Val: attrs[i+1]})
	}
	if name == elMD {
		// Stand-in content: whitespace collapsing treats an empty inline
		// element as absent and would eat the space after it. The renderer
		// writes the attribute and ignores this.
		n.AppendChild(textNode("x"))
	}
	return n
}

// appendText adds text to n, merging with a preceding text node.
func appendText(n *html.Node, text []byte) {
	if len(text) == 0 {
		return
	}
	if last := n.LastChild; last != nil && last.Type == html.TextNode {
		last.Data += string(text)
		return
	}
	n.AppendChild(&html.Node{Type: html.TextNode, Data: string(text)})
}

// cleanText drops characters that are not allowed in XML. Besides keeping
// the output well-formed this matters because html-to-markdown uses some of
// them (BEL, U+F002) as internal markers.
func cleanText(b []byte) []byte {
	clean := true
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' || c == 0xEF {
			clean = false
			break
		}
	}
	if clean {
		return b
	}
	return []byte(strings.Map(storageRune, string(b)))
}

// xmlRune maps characters outside the XML 1.0 Char production to -1 (drops
// them) and carriage returns to newlines.
func xmlRune(r rune) rune {
	switch {
	case r == '\t' || r == '\n':
		return r
	case r == '\r':
		return '\n'
	case r < 0x20, r == 0xFFFE, r == 0xFFFF:
		return -1
	}
	return r
}

// storageRune is xmlRune that also drops html-to-markdown's private-use
// code block newline marker (its other marker, BEL, xmlRune drops).
func storageRune(r rune) rune {
	if r == '\uF002' {
		return -1
	}
	return xmlRune(r)
}
