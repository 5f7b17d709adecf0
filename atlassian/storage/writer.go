package storage

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// blocks writes the sibling blocks from first up to (not including) stop.
// <details> HTML blocks and the Markdown between them become expand macros.
func (w *storageWriter) blocks(first, stop ast.Node) {
	for n := first; n != nil && n != stop; n = n.NextSibling() {
		if hb, ok := n.(*ast.HTMLBlock); ok {
			if open, ok := detailsOpen(w.htmlText(hb)); ok {
				n = w.details(hb, open, stop)
				if n == nil || n == stop {
					return
				}
				continue
			}
		}
		w.block(n)
	}
}

// block writes one block node.
func (w *storageWriter) block(n ast.Node) {
	switch n := n.(type) {
	case *ast.Paragraph:
		if w.isTOC(n) {
			w.buf.WriteString(`<ac:structured-macro ac:name="toc" />`)
			return
		}
		w.buf.WriteString("<p>")
		w.inlines(n.FirstChild())
		w.buf.WriteString("</p>")
	case *ast.TextBlock:
		w.inlines(n.FirstChild())
	case *ast.Heading:
		tag := "h" + strconv.Itoa(min(max(n.Level, 1), 6))
		w.buf.WriteString("<" + tag + ">")
		if w.opts.HeadingAnchors {
			if name := w.anchorName(n); name != "" {
				w.buf.WriteString(`<ac:structured-macro ac:name="anchor"><ac:parameter ac:name="">`)
				writeText(&w.buf, name)
				w.buf.WriteString(`</ac:parameter></ac:structured-macro>`)
			}
		}
		w.inlines(n.FirstChild())
		w.buf.WriteString("</" + tag + ">")
	case *ast.ThematicBreak:
		w.buf.WriteString("<hr />")
	case *ast.FencedCodeBlock:
		var info string
		if n.Info != nil {
			info = unescapeMarkdown(n.Info.Segment.Value(w.src))
		}
		w.codeMacro(info, w.lines(n))
	case *ast.CodeBlock:
		w.codeMacro("", w.lines(n))
	case *ast.Blockquote:
		w.blockquote(n)
	case *ast.List:
		w.list(n)
	case *ast.ListItem:
		w.buf.WriteString("<li>")
		w.blocks(n.FirstChild(), nil)
		w.buf.WriteString("</li>")
	case *east.Table:
		w.table(n)
	case *ast.HTMLBlock:
		w.htmlBlock(w.htmlText(n))
	default:
		// Unknown block (from an extension): keep its content.
		if n.Type() == ast.TypeInline {
			w.inlines(n)
		} else {
			w.blocks(n.FirstChild(), nil)
		}
	}
}

// lines returns the raw text of a block's lines, without the final newline.
func (w *storageWriter) lines(n ast.Node) string {
	var b strings.Builder
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		b.Write(seg.Value(w.src))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// codeMacro writes a code macro. The info string's first word is the
// language; a title="…" attribute becomes the macro title.
func (w *storageWriter) codeMacro(info, code string) {
	lang, title := parseInfo(info)
	w.buf.WriteString(`<ac:structured-macro ac:name="code">`)
	w.param("language", lang)
	w.param("title", title)
	w.buf.WriteString("<ac:plain-text-body>")
	writeCDATA(&w.buf, code)
	w.buf.WriteString("</ac:plain-text-body></ac:structured-macro>")
}

// parseInfo splits a fenced code info string into language and title.
func parseInfo(info string) (lang, title string) {
	info = strings.TrimSpace(info)
	lang, rest, _ := strings.Cut(info, " ")
	rest = strings.TrimSpace(rest)
	if v, ok := strings.CutPrefix(rest, "title="); ok {
		if t, err := strconv.Unquote(v); err == nil {
			title = t
		} else {
			title = strings.Trim(v, `"'`)
		}
	}
	return lang, title
}

// param writes a macro parameter unless value is empty.
func (w *storageWriter) param(name, value string) {
	if value == "" {
		return
	}
	w.buf.WriteString(`<ac:parameter ac:name="`)
	writeText(&w.buf, name)
	w.buf.WriteString(`">`)
	writeText(&w.buf, value)
	w.buf.WriteString("</ac:parameter>")
}

// isTOC reports whether a paragraph is just "[TOC]".
func (w *storageWriter) isTOC(p *ast.Paragraph) bool {
	lines := p.Lines()
	if lines.Len() != 1 {
		return false
	}
	seg := lines.At(0)
	return strings.TrimSpace(string(seg.Value(w.src))) == "[TOC]"
}

// blockquote writes a blockquote, or a panel macro when it is an alert
// ("[!INFO]" first line) or starts with a bold title line.
func (w *storageWriter) blockquote(n *ast.Blockquote) {
	first, _ := n.FirstChild().(*ast.Paragraph)
	if first == nil {
		w.quote(n.FirstChild())
		return
	}
	line := first.Lines().At(0)
	name, title, ok := parseAlertMarker(string(line.Value(w.src)))
	rest := first.FirstChild()
	if ok {
		// Skip the inlines of the marker line.
		end := line.Stop
		for rest != nil && inlineStart(rest) < end {
			rest = rest.NextSibling()
		}
	} else {
		name = "panel"
	}
	if title == "" && n.FirstChild().NextSibling() != nil {
		if strong := onlyStrong(rest); strong != nil {
			title = plainText(strong, w.src)
			rest = nil
		}
	}
	if !ok && title == "" {
		w.quote(n.FirstChild())
		return
	}
	w.buf.WriteString(`<ac:structured-macro ac:name="` + name + `">`)
	w.param("title", title)
	w.buf.WriteString("<ac:rich-text-body>")
	if rest != nil {
		w.buf.WriteString("<p>")
		w.inlines(rest)
		w.buf.WriteString("</p>")
	}
	w.blocks(first.NextSibling(), nil)
	w.buf.WriteString("</ac:rich-text-body></ac:structured-macro>")
}

// quote writes a plain blockquote of the blocks from first on.
func (w *storageWriter) quote(first ast.Node) {
	w.buf.WriteString("<blockquote>")
	w.blocks(first, nil)
	w.buf.WriteString("</blockquote>")
}

// inlineStart returns the source offset where an inline node starts, or a
// large number if it has no text.
func inlineStart(n ast.Node) int {
	for c := n; c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
	}
	return int(^uint(0) >> 1)
}

// onlyStrong returns the Strong node if the inline run from first consists
// of one strong emphasis (and whitespace).
func onlyStrong(first ast.Node) *ast.Emphasis {
	var strong *ast.Emphasis
	for n := first; n != nil; n = n.NextSibling() {
		if e, ok := n.(*ast.Emphasis); ok && e.Level == 2 && strong == nil {
			strong = e
			continue
		}
		if t, ok := n.(*ast.Text); ok && t.Segment.Len() == 0 {
			continue
		}
		return nil
	}
	return strong
}

// plainText returns the text content of an inline subtree.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.WriteString(unescapeMarkdown(c.Segment.Value(src)))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// list writes a list; runs of task items become Confluence task lists.
func (w *storageWriter) list(n *ast.List) {
	tag := "ul"
	if n.IsOrdered() {
		tag = "ol"
	}
	open := ""
	for item := n.FirstChild(); item != nil; item = item.NextSibling() {
		box := taskBox(item)
		want := tag
		if box != nil {
			want = "ac:task-list"
		}
		if open != want {
			if open != "" {
				w.buf.WriteString("</" + open + ">")
			}
			open = want
			w.buf.WriteString("<" + open)
			if open == "ol" && n.Start > 1 && item == n.FirstChild() {
				w.buf.WriteString(` start="` + strconv.Itoa(n.Start) + `"`)
			}
			w.buf.WriteString(">")
		}
		if box == nil {
			w.block(item)
			continue
		}
		w.task(item, box)
	}
	if open != "" {
		w.buf.WriteString("</" + open + ">")
	}
}

// table writes a GFM table; an all-empty header row (what ToMarkdown writes
// for tables without one) is left out.
func (w *storageWriter) table(n *east.Table) {
	w.buf.WriteString("<table><tbody>")
	for row := n.FirstChild(); row != nil; row = row.NextSibling() {
		cell := "td"
		if _, ok := row.(*east.TableHeader); ok {
			if emptyRow(row, w.src) {
				continue
			}
			cell = "th"
		}
		w.buf.WriteString("<tr>")
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			w.buf.WriteString("<" + cell + ">")
			w.cell(c)
			w.buf.WriteString("</" + cell + ">")
		}
		w.buf.WriteString("</tr>")
	}
	w.buf.WriteString("</tbody></table>")
}

// emptyRow reports whether every cell of a table row is empty.
func emptyRow(row ast.Node, src []byte) bool {
	for c := row.FirstChild(); c != nil; c = c.NextSibling() {
		if c.FirstChild() != nil && plainText(c, src) != "" {
			return false
		}
		if c.FirstChild() != nil && !onlyText(c) {
			return false
		}
	}
	return true
}

// onlyText reports whether n's children are all text nodes.
func onlyText(n ast.Node) bool {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if _, ok := c.(*ast.Text); !ok {
			return false
		}
	}
	return true
}

// anchorName derives a unique, GitHub-style anchor name from a heading.
func (w *storageWriter) anchorName(h *ast.Heading) string {
	var b strings.Builder
	for _, r := range strings.ToLower(plainText(h, w.src)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	name := b.String()
	if name == "" {
		return ""
	}
	if w.anchors == nil {
		w.anchors = map[string]int{}
	}
	n := w.anchors[name]
	w.anchors[name] = n + 1
	if n > 0 {
		name += "-" + strconv.Itoa(n)
	}
	return name
}
