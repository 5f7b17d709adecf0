package storage

import (
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"
	nethtml "golang.org/x/net/html"
)

// Raw HTML in Markdown is never copied through: only elements storage
// format knows are rebuilt (so the output stays well-formed and safe),
// everything else keeps its text content only.

// inlineTags maps inline HTML tags to the storage element they become.
var inlineTags = map[string]string{
	"u": "u", "ins": "u", "sub": "sub", "sup": "sup", "b": "strong", "strong": "strong", "i": "em",
	"em": "em", "code": "code", "kbd": "code", "tt": "code", "s": "span", "del": "span", "strike": "span",
	"a": "a",
}

// blockTags are the block elements kept from HTML blocks.
var blockTags = map[string]bool{
	"p": true, "div": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"ul": true, "ol": true, "li": true, "table": true, "thead": true, "tbody": true, "tfoot": true,
	"tr": true, "td": true, "th": true, "blockquote": true, "pre": true, "hr": true,
}

// htmlText returns the source of an HTML block.
func (w *storageWriter) htmlText(n *ast.HTMLBlock) string {
	var b strings.Builder
	b.WriteString(w.lines(n))
	if n.HasClosure() {
		b.WriteByte('\n')
		b.Write(n.ClosureLine.Value(w.src))
	}
	return b.String()
}

// rawInline writes one inline HTML tag or comment.
func (w *storageWriter) rawInline(s string, open *[]string) {
	if strings.HasPrefix(s, "<!--") {
		if name, params, ok := parsePlaceholder(s); ok {
			w.macro(name, params)
		}
		return
	}
	z := nethtml.NewTokenizer(strings.NewReader(s))
	tt := z.Next()
	tok := z.Token()
	name := inlineTags[tok.Data]
	switch {
	case tok.Data == "br":
		w.buf.WriteString("<br />")
	case tok.Data == "img" && tt != nethtml.EndTagToken:
		w.htmlImage(tok)
	case name == "":
	case tt == nethtml.StartTagToken:
		switch {
		case name == "span":
			w.buf.WriteString(strikeOpen)
		case name == "a":
			w.buf.WriteString("<a")
			w.attr("href", tokenAttr(tok, "href"))
			w.buf.WriteString(">")
		default:
			w.buf.WriteString("<" + name + ">")
		}
		*open = append(*open, name)
	case tt == nethtml.EndTagToken:
		for i := len(*open) - 1; i >= 0; i-- {
			if (*open)[i] == name {
				for j := len(*open) - 1; j >= i; j-- {
					w.buf.WriteString("</" + (*open)[j] + ">")
				}
				*open = (*open)[:i]
				break
			}
		}
	}
}

// tokenAttr returns an attribute of a token.
func tokenAttr(t nethtml.Token, key string) string {
	for _, a := range t.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// htmlImage writes an <img> tag as an image.
func (w *storageWriter) htmlImage(t nethtml.Token) {
	src := tokenAttr(t, "src")
	if src == "" {
		return
	}
	w.buf.WriteString("<ac:image")
	w.attr("ac:alt", tokenAttr(t, "alt"))
	w.buf.WriteString(">")
	if name, ok := attachmentName(src, w.opts.PageID); ok {
		w.buf.WriteString("<ri:attachment")
		w.attr("ri:filename", name)
	} else {
		w.buf.WriteString("<ri:url")
		w.attr("ri:value", src)
	}
	w.buf.WriteString(" /></ac:image>")
}

// macro writes a bodiless macro, as recreated from a placeholder comment.
func (w *storageWriter) macro(name string, params []param) {
	w.buf.WriteString(`<ac:structured-macro ac:name="`)
	writeText(&w.buf, name)
	w.buf.WriteString(`">`)
	for _, p := range params {
		w.buf.WriteString(`<ac:parameter ac:name="`)
		writeText(&w.buf, p.name)
		w.buf.WriteString(`">`)
		writeText(&w.buf, p.value)
		w.buf.WriteString("</ac:parameter>")
	}
	w.buf.WriteString("</ac:structured-macro>")
}

// htmlBlock writes an HTML block: a macro placeholder becomes the macro,
// other comments are dropped, markup is rebuilt from the allowed elements.
func (w *storageWriter) htmlBlock(s string) {
	t := strings.TrimSpace(s)
	if len(t) >= 7 && strings.HasPrefix(t, "<!--") && strings.HasSuffix(t, "-->") && !strings.Contains(t[4:len(t)-3], "-->") {
		if name, params, ok := parsePlaceholder(t); ok {
			w.macro(name, params)
		}
		return
	}
	body := parseStorage(s)
	inP := false
	for c := body.FirstChild; c != nil; c = c.NextSibling {
		block := c.Type == nethtml.ElementNode && (blockTags[c.Data] || c.Data == "details")
		if !block && !inP {
			if isBlank(c) {
				continue
			}
			w.buf.WriteString("<p>")
			inP = true
		}
		if block && inP {
			w.buf.WriteString("</p>")
			inP = false
		}
		w.htmlNode(c)
	}
	if inP {
		w.buf.WriteString("</p>")
	}
}

// htmlNode writes an HTML subtree, keeping only known elements.
func (w *storageWriter) htmlNode(n *nethtml.Node) {
	switch n.Type {
	case nethtml.TextNode:
		writeText(&w.buf, n.Data)
		return
	case nethtml.ElementNode:
	default:
		return
	}
	var open string
	switch name := n.Data; {
	case name == "br":
		w.buf.WriteString("<br />")
		return
	case name == "hr":
		w.buf.WriteString("<hr />")
		return
	case name == "img":
		w.htmlImage(nethtml.Token{Data: "img", Attr: n.Attr})
		return
	case name == "pre":
		w.codeMacro("", textContent(n))
		return
	case blockTags[name]:
		open = name
		w.buf.WriteString("<" + name)
		switch name {
		case "td", "th":
			w.attr("colspan", attr(n, "colspan"))
			w.attr("rowspan", attr(n, "rowspan"))
		case "ol":
			w.attr("start", attr(n, "start"))
		}
		w.buf.WriteString(">")
	case inlineTags[name] == "span":
		open = "span"
		w.buf.WriteString(strikeOpen)
	case inlineTags[name] == "a":
		open = "a"
		w.buf.WriteString("<a")
		w.attr("href", attr(n, "href"))
		w.buf.WriteString(">")
	case inlineTags[name] != "":
		open = inlineTags[name]
		w.buf.WriteString("<" + open + ">")
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.htmlNode(c)
	}
	if open != "" {
		w.buf.WriteString("</" + open + ">")
	}
}

// detailsOpen reports whether an HTML block starts a <details> element.
func detailsOpen(s string) (string, bool) {
	t := strings.TrimSpace(s)
	return t, len(t) >= 9 && strings.EqualFold(t[:8], "<details") && (t[8] == '>' || t[8] == ' ')
}

// details writes an expand macro for a <details> element that starts in
// HTML block hb, and returns the last node it consumed (nil: all up to stop).
func (w *storageWriter) details(hb *ast.HTMLBlock, text string, stop ast.Node) ast.Node {
	rest := text[strings.IndexByte(text, '>')+1:]
	title := ""
	if i := indexFold(rest, "<summary"); i >= 0 && strings.TrimSpace(rest[:i]) == "" {
		if j := indexFold(rest, "</summary>"); j > i {
			inner := rest[i:j]
			inner = inner[strings.IndexByte(inner, '>')+1:]
			title = strings.Join(strings.Fields(html.UnescapeString(stripTags(inner))), " ")
			rest = rest[j+len("</summary>"):]
		}
	}
	w.buf.WriteString(`<ac:structured-macro ac:name="expand">`)
	w.param("title", title)
	w.buf.WriteString("<ac:rich-text-body>")
	var last ast.Node = hb
	var after string
	if i := indexFold(rest, "</details>"); i >= 0 {
		w.subDocument(rest[:i])
		after = rest[i+len("</details>"):]
	} else {
		w.subDocument(rest)
		end := w.detailsEnd(hb, stop)
		w.blocks(hb.NextSibling(), end)
		last = end
		if end != nil {
			t := w.htmlText(end.(*ast.HTMLBlock))
			i := indexFold(t, "</details>")
			w.subDocument(t[:i])
			after = t[i+len("</details>"):]
		}
	}
	w.buf.WriteString("</ac:rich-text-body></ac:structured-macro>")
	w.subDocument(after)
	return last
}

// detailsEnd returns the HTML block closing the <details> opened by open
// (nil if there is none before stop). One scan matches all the <details>
// nested inside too and remembers them, so nesting costs linear time.
func (w *storageWriter) detailsEnd(open, stop ast.Node) ast.Node {
	if end, ok := w.closers[open]; ok {
		return end
	}
	if w.closers == nil {
		w.closers = map[ast.Node]ast.Node{}
	}
	stack := []ast.Node{open}
	for n := open.NextSibling(); n != nil && n != stop && len(stack) > 0; n = n.NextSibling() {
		hb, ok := n.(*ast.HTMLBlock)
		if !ok {
			continue
		}
		t := w.htmlText(hb)
		_, opens := detailsOpen(t)
		closes := indexFold(t, "</details>") >= 0
		switch {
		case opens && !closes:
			stack = append(stack, n)
		case closes && !opens:
			w.closers[stack[len(stack)-1]] = n
			stack = stack[:len(stack)-1]
		}
	}
	for _, o := range stack {
		w.closers[o] = nil
	}
	return w.closers[open]
}

// subDocument writes Markdown found inside an HTML block (the content of a
// <details>) as blocks of its own.
func (w *storageWriter) subDocument(md string) {
	if strings.TrimSpace(md) == "" {
		return
	}
	if w.sub >= maxSubDocuments {
		w.buf.WriteString("<p>")
		writeText(&w.buf, strings.TrimSpace(md))
		w.buf.WriteString("</p>")
		return
	}
	w.document([]byte(md), w.sub+1)
}

// indexFold is a case-insensitive strings.Index for ASCII needles.
func indexFold(s, substr string) int {
	n := len(substr)
	for i := 0; i+n <= len(s); i++ {
		if strings.EqualFold(s[i:i+n], substr) {
			return i
		}
	}
	return -1
}

// stripTags removes markup from an HTML snippet.
func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}
