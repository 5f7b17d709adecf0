package storage

import (
	"bytes"
	"html"
	"strconv"
	"strings"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/marker"
	nethtml "golang.org/x/net/html"
)

// render handles the private elements of the rewrite, and the HTML elements
// whose stock rendering does not suit: lists (tight nesting, task boxes),
// blockquotes (code blocks inside), line breaks (no trailing spaces), inline
// code in tables (pipes) and the HTML-only inline elements.
func render(ctx converter.Context, w converter.Writer, n *nethtml.Node) converter.RenderStatus {
	if n.Type != nethtml.ElementNode {
		return converter.RenderTryNext
	}
	switch n.Data {
	case elMD:
		w.WriteString(attr(n, "md"))
	case elMDBlock:
		w.WriteString("\n\n")
		w.WriteString(attr(n, "md"))
		w.WriteString("\n\n")
	case elCode:
		renderCode(w, n)
	case elAlert:
		var head []byte
		if kind := attr(n, "kind"); kind != "" {
			head = append(head, "[!"+kind+"]\n"...)
		}
		title := attr(n, "title")
		if title != "" {
			head = append(head, "**"...)
			head = append(head, ctx.EscapeContent([]byte(title))...)
			head = append(head, "**\n"...)
		}
		if title != "" || !startsWithText(n) {
			// The title is a paragraph of its own, and only a paragraph
			// may follow the marker line directly: a list or rule there
			// would change meaning.
			head = append(head, '\n')
		}
		renderQuote(ctx, w, n, head)
	case "blockquote":
		renderQuote(ctx, w, n, nil)
	case elDetails:
		content := renderBlocks(ctx, n)
		w.WriteString("\n\n<details>\n<summary>")
		w.WriteString(html.EscapeString(attr(n, "summary")))
		w.WriteString("</summary>\n\n")
		if len(content) > 0 {
			w.Write(content)
			w.WriteString("\n\n")
		}
		w.WriteString("</details>\n\n")
	case "ul", "ol":
		renderList(ctx, w, n)
	case "br":
		if hasAncestor(n, "td", "th") {
			w.WriteString("\n") // the table plugin turns it into <br />
		} else {
			w.WriteString("\\\n")
		}
	case "code":
		if !hasAncestor(n, "td", "th") || hasAncestor(n, "pre") {
			return converter.RenderTryNext
		}
		renderCellCode(w, n)
	case "a":
		// A link whose text is its URL is written as an autolink.
		text, ok := autolink(attr(n, "href"), n)
		if !ok {
			return converter.RenderTryNext
		}
		w.WriteString("<" + text + ">")
	case "u", "sub", "sup":
		w.WriteString("<" + n.Data + ">")
		ctx.RenderChildNodes(ctx, w, n)
		w.WriteString("</" + n.Data + ">")
	default:
		return converter.RenderTryNext
	}
	return converter.RenderSuccess
}

// autolink returns the text of an <a> that can be written as a Markdown
// autolink (<https://…>, <name@example.com>): one whose text is its URL.
func autolink(href string, a *nethtml.Node) (string, bool) {
	lower := strings.ToLower(href)
	if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") &&
		!strings.HasPrefix(lower, "mailto:") || strings.ContainsAny(href, " <>\n\t") {
		return "", false
	}
	if a.FirstChild == nil || a.FirstChild != a.LastChild || a.FirstChild.Type != nethtml.TextNode {
		return "", false
	}
	text := strings.TrimSpace(a.FirstChild.Data)
	ok := text == href || strings.HasPrefix(lower, "mailto:") && text == href[len("mailto:"):] &&
		!strings.ContainsAny(text, ":/")
	return text, ok
}

// renderBlocks renders the children of n, trimmed and with escapes
// resolved; callers prefix or indent the result, after which
// html-to-markdown could no longer tell which escapes are needed.
func renderBlocks(ctx converter.Context, n *nethtml.Node) []byte {
	var buf bytes.Buffer
	ctx.RenderChildNodes(ctx, &buf, n)
	return ctx.UnEscapeContent(collapseBlankLines(bytes.TrimSpace(buf.Bytes())))
}

// startsWithText reports whether the first content of n is a paragraph or
// inline content.
func startsWithText(n *nethtml.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if isBlank(c) {
			continue
		}
		return isElement(c, "p") || !isBlockElement(c)
	}
	return false
}

// renderQuote writes the children of n as a blockquote, with head (already
// Markdown) as its first lines.
func renderQuote(ctx converter.Context, w converter.Writer, n *nethtml.Node, head []byte) {
	var buf bytes.Buffer
	ctx.RenderChildNodes(ctx, &buf, n)
	content := append(head, bytes.TrimSpace(buf.Bytes())...)
	content = ctx.UnEscapeContent(collapseBlankLines(bytes.TrimSpace(content)))
	if len(content) == 0 {
		return
	}
	w.WriteString("\n\n")
	w.Write(prefixLines(content, "> ", ">"))
	w.WriteString("\n\n")
}

// renderList writes a list with one line per item, nested content indented
// under the item's text and task items prefixed with their box.
func renderList(ctx converter.Context, w converter.Writer, n *nethtml.Node) {
	start := 1
	if s, err := strconv.Atoi(attr(n, "start")); err == nil && s >= 0 {
		start = s
	}
	var items [][]byte
	for li := n.FirstChild; li != nil; li = li.NextSibling {
		if li.Type != nethtml.ElementNode {
			continue
		}
		var buf bytes.Buffer
		switch attr(li, attrTask) {
		case "complete":
			buf.WriteString("[x] ")
		case "incomplete":
			buf.WriteString("[ ] ")
		}
		ctx.RenderChildNodes(ctx, &buf, li)
		content := bytes.TrimSpace(buf.Bytes())
		if len(content) == 0 {
			continue
		}
		content = collapseBlankLines(content)
		if tightItem(li) {
			content = bytes.ReplaceAll(content, []byte("\n\n"), []byte("\n"))
		}
		items = append(items, ctx.UnEscapeContent(content))
	}
	if len(items) == 0 {
		return
	}
	w.WriteString("\n\n")
	for i, item := range items {
		prefix := "- "
		if n.Data == "ol" {
			prefix = strconv.Itoa(start+i) + ". "
		}
		w.WriteString(prefix)
		w.Write(prefixLines(item, strings.Repeat(" ", len(prefix)), "")[len(prefix):])
		w.WriteString("\n")
	}
	w.WriteString("\n")
}

// tightItem reports whether a list item holds text and nested lists only,
// so it can be written without blank lines.
func tightItem(li *nethtml.Node) bool {
	for c := li.FirstChild; c != nil; c = c.NextSibling {
		if isBlockElement(c) && !isElement(c, "ul", "ol") {
			return false
		}
	}
	return true
}

// renderCode writes a fenced code block. Its newlines are written as
// html-to-markdown's code-newline marker so that no later step (trimming,
// blank-line collapsing) touches the code, and prefixLines still indents it.
func renderCode(w converter.Writer, n *nethtml.Node) {
	code := attr(n, "code")
	fence := strings.Repeat("`", max(3, longestRun(code, '`')+1))
	info := strings.Join(strings.Fields(attr(n, "lang")), "-")
	if title := attr(n, "title"); title != "" {
		info += " title=" + strconv.Quote(title)
	}
	nl := string(marker.BytesMarkerCodeBlockNewline)
	w.WriteString("\n\n")
	w.WriteString(fence)
	w.WriteString(info)
	w.WriteString(nl)
	if code != "" {
		w.WriteString(strings.ReplaceAll(code, "\n", nl))
		w.WriteString(nl)
	}
	w.WriteString(fence)
	w.WriteString("\n\n")
}

// renderCellCode writes inline code inside a table cell, where GFM needs
// pipes escaped even in code spans.
func renderCellCode(w converter.Writer, n *nethtml.Node) {
	code := strings.Join(strings.Fields(textContent(n)), " ")
	if code == "" {
		return
	}
	fence := strings.Repeat("`", longestRun(code, '`')+1)
	if strings.HasPrefix(code, "`") || strings.HasSuffix(code, "`") {
		code = " " + code + " "
	}
	w.WriteString(fence)
	w.WriteString(strings.ReplaceAll(code, "|", `\|`))
	w.WriteString(fence)
}

// longestRun returns the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

// prefixLines prefixes every line of b (code-marker lines included) with
// prefix, or emptyPrefix for empty lines, so no trailing spaces appear.
func prefixLines(b []byte, prefix, emptyPrefix string) []byte {
	nl := marker.BytesMarkerCodeBlockNewline
	out := make([]byte, 0, len(b)+len(prefix)*8)
	atStart := true
	for i := 0; i < len(b); {
		if atStart {
			if b[i] == '\n' || bytes.HasPrefix(b[i:], nl) {
				out = append(out, emptyPrefix...)
			} else {
				out = append(out, prefix...)
			}
			atStart = false
		}
		switch {
		case b[i] == '\n':
			out = append(out, '\n')
			atStart = true
			i++
		case bytes.HasPrefix(b[i:], nl):
			out = append(out, nl...)
			atStart = true
			i += len(nl)
		default:
			out = append(out, b[i])
			i++
		}
	}
	return out
}

// collapseBlankLines reduces runs of blank lines to one.
func collapseBlankLines(b []byte) []byte {
	for bytes.Contains(b, []byte("\n\n\n")) {
		b = bytes.ReplaceAll(b, []byte("\n\n\n"), []byte("\n\n"))
	}
	return b
}
