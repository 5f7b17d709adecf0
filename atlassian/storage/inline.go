package storage

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// strikeOpen starts strikethrough as storage format documents it, which
// Server/DC and Cloud both understand.
const strikeOpen = `<span style="text-decoration: line-through;">`

// inlines writes the inline siblings from first on. Inline HTML tags opened
// in this run and not closed are closed at its end, so the output stays
// well-formed whatever the Markdown contains.
func (w *storageWriter) inlines(first ast.Node) {
	var open []string
	for n := first; n != nil; n = n.NextSibling() {
		w.inline(n, &open)
	}
	for i := len(open) - 1; i >= 0; i-- {
		w.buf.WriteString("</" + open[i] + ">")
	}
}

// inline writes one inline node.
func (w *storageWriter) inline(n ast.Node, open *[]string) {
	switch n := n.(type) {
	case *ast.Text:
		s := n.Segment.Value(w.src)
		var text string
		if n.IsRaw() {
			text = string(s)
		} else {
			text = unescapeMarkdown(s)
		}
		if strings.HasSuffix(text, "@") && isMentionLink(n.NextSibling()) {
			text = text[:len(text)-1] // @[Name](accountid:…)
		}
		writeText(&w.buf, text)
		switch {
		case n.HardLineBreak():
			w.buf.WriteString("<br />")
		case n.SoftLineBreak():
			w.buf.WriteByte(' ')
		}
	case *ast.String:
		if n.IsRaw() || n.IsCode() {
			writeText(&w.buf, string(n.Value))
		} else {
			writeText(&w.buf, unescapeMarkdown(n.Value))
		}
	case *ast.CodeSpan:
		w.buf.WriteString("<code>")
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				writeText(&w.buf, string(c.Segment.Value(w.src)))
			case *ast.String:
				writeText(&w.buf, string(c.Value))
			}
		}
		w.buf.WriteString("</code>")
	case *ast.Emphasis:
		tag := "em"
		if n.Level >= 2 {
			tag = "strong"
		}
		w.buf.WriteString("<" + tag + ">")
		w.inlines(n.FirstChild())
		w.buf.WriteString("</" + tag + ">")
	case *east.Strikethrough:
		w.buf.WriteString(strikeOpen)
		w.inlines(n.FirstChild())
		w.buf.WriteString("</span>")
	case *ast.Link:
		w.link(n)
	case *ast.Image:
		w.image(n)
	case *ast.AutoLink:
		url := string(n.URL(w.src))
		if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
			url = "mailto:" + url
		}
		w.buf.WriteString(`<a href="`)
		writeText(&w.buf, url)
		w.buf.WriteString(`">`)
		writeText(&w.buf, string(n.Label(w.src)))
		w.buf.WriteString("</a>")
	case *ast.RawHTML:
		var b strings.Builder
		for i := 0; i < n.Segments.Len(); i++ {
			seg := n.Segments.At(i)
			b.Write(seg.Value(w.src))
		}
		w.rawInline(b.String(), open)
	case *east.TaskCheckBox:
		// Handled by the list; a stray one keeps its text.
		if n.IsChecked {
			w.buf.WriteString("[x] ")
		} else {
			w.buf.WriteString("[ ] ")
		}
	default:
		w.inlines(n.FirstChild())
	}
}

// isMentionLink reports whether n is a written-out mention link,
// @[Display Name](accountid:ID).
func isMentionLink(n ast.Node) bool {
	l, ok := n.(*ast.Link)
	return ok && l.FirstChild() != nil && strings.HasPrefix(string(l.Destination), "accountid:")
}

// link writes a link: a user mention, a link to a Confluence page, space,
// attachment or anchor, or a plain <a href>.
func (w *storageWriter) link(n *ast.Link) {
	dest := string(n.Destination)
	if !strings.HasPrefix(dest, statusDest) {
		dest = unescapeMarkdown(n.Destination)
	}
	switch {
	case strings.HasPrefix(dest, "accountid:"):
		w.buf.WriteString(`<ac:link><ri:user ri:account-id="`)
		writeText(&w.buf, strings.TrimPrefix(dest, "accountid:"))
		w.buf.WriteString(`" /></ac:link>`)
		return
	case strings.HasPrefix(dest, "userkey:"):
		w.buf.WriteString(`<ac:link><ri:user ri:userkey="`)
		writeText(&w.buf, strings.TrimPrefix(dest, "userkey:"))
		w.buf.WriteString(`" /></ac:link>`)
		return
	case strings.HasPrefix(dest, statusDest):
		w.buf.WriteString(`<ac:structured-macro ac:name="status">`)
		w.param("title", strings.TrimPrefix(dest, statusDest))
		w.buf.WriteString(`</ac:structured-macro>`)
		return
	case strings.HasPrefix(dest, "username:"):
		w.buf.WriteString(`<ac:link><ri:user ri:username="`)
		writeText(&w.buf, strings.TrimPrefix(dest, "username:"))
		w.buf.WriteString(`" /></ac:link>`)
		return
	}
	if ref, ok := parsePageRef(dest); ok {
		w.acLink(n, ref.anchor, ref.title, func() {
			tag := "ri:page"
			if ref.blog {
				tag = "ri:blog-post"
			}
			w.buf.WriteString("<" + tag)
			w.attr("ri:space-key", ref.space)
			w.attr("ri:content-title", ref.title)
			w.attr("ri:posting-day", ref.postingDay)
			w.buf.WriteString(" />")
		})
		return
	}
	if key, ok := strings.CutPrefix(dest, schemeSpace); ok {
		key = unescapePart(key)
		w.acLink(n, "", key, func() { w.buf.WriteString("<ri:space"); w.attr("ri:space-key", key); w.buf.WriteString(" />") })
		return
	}
	if id, ok := strings.CutPrefix(dest, schemeContent); ok {
		id = unescapePart(id)
		w.acLink(n, "", id, func() {
			w.buf.WriteString("<ri:content-entity")
			w.attr("ri:content-id", id)
			w.buf.WriteString(" />")
		})
		return
	}
	if anchor, ok := strings.CutPrefix(dest, "#"); ok && anchor != "" {
		anchor = unescapePart(anchor)
		w.acLink(n, anchor, anchor, nil)
		return
	}
	if name, ok := attachmentName(dest, w.opts.PageID); ok {
		w.acLink(n, "", name, func() {
			w.buf.WriteString("<ri:attachment")
			w.attr("ri:filename", name)
			w.buf.WriteString(" />")
		})
		return
	}
	w.buf.WriteString("<a")
	w.attr("href", dest)
	w.attr("title", unescapeMarkdown(n.Title))
	w.buf.WriteString(">")
	w.inlines(n.FirstChild())
	w.buf.WriteString("</a>")
}

// acLink writes an <ac:link> around the resource identifier resource writes.
// The link body is left out when it just repeats the default label.
func (w *storageWriter) acLink(n *ast.Link, anchor, label string, resource func()) {
	w.buf.WriteString("<ac:link")
	w.attr("ac:anchor", anchor)
	w.buf.WriteString(">")
	if resource != nil {
		resource()
	}
	switch {
	case n.FirstChild() == nil:
	case onlyText(n):
		if text := plainText(n, w.src); text != label && text != "" {
			w.buf.WriteString("<ac:plain-text-link-body>")
			writeCDATA(&w.buf, text)
			w.buf.WriteString("</ac:plain-text-link-body>")
		}
	default:
		w.buf.WriteString("<ac:link-body>")
		w.inlines(n.FirstChild())
		w.buf.WriteString("</ac:link-body>")
	}
	w.buf.WriteString("</ac:link>")
}

// image writes an image: an attachment of the page or an external URL.
func (w *storageWriter) image(n *ast.Image) {
	dest := unescapeMarkdown(n.Destination)
	w.buf.WriteString("<ac:image")
	w.attr("ac:alt", plainText(n, w.src))
	w.attr("ac:title", unescapeMarkdown(n.Title))
	w.buf.WriteString(">")
	if name, ok := attachmentName(dest, w.opts.PageID); ok {
		w.buf.WriteString("<ri:attachment")
		w.attr("ri:filename", name)
	} else {
		w.buf.WriteString("<ri:url")
		w.attr("ri:value", dest)
	}
	w.buf.WriteString(" /></ac:image>")
}

// attr writes ` name="value"` unless value is empty.
func (w *storageWriter) attr(name, value string) {
	if value == "" {
		return
	}
	w.buf.WriteString(" " + name + `="`)
	writeText(&w.buf, value)
	w.buf.WriteByte('"')
}
