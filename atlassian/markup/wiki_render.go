package markup

import (
	"strconv"
	"strings"
)

// MarkdownToWiki converts Markdown to Jira wiki markup, the rich text format
// of Jira Server/DC REST v2.
func MarkdownToWiki(md string) string {
	return renderWiki(parseMarkdown(md).Content)
}

// ADFToWiki renders an ADF document as Jira wiki markup.
func ADFToWiki(doc *ADFNode) string {
	if doc == nil {
		return ""
	}
	if doc.Type != "doc" && doc.Type != "" {
		return renderWiki([]ADFNode{*doc})
	}
	return renderWiki(doc.Content)
}

func renderWiki(nodes []ADFNode) string {
	return strings.TrimRight((&wikiRenderer{}).blocks(nodes, 0), "\n")
}

// Macros that cannot contain themselves: a nested one is written flat.
const (
	inQuote uint = 1 << iota
	inInfo
	inNote
	inWarning
	inTip
)

// maxWikiRenderDepth bounds block nesting in wiki output; deeper subtrees
// are written as lines of text.
const maxWikiRenderDepth = 48

type wikiRenderer struct{ depth int }

func (r *wikiRenderer) blocks(nodes []ADFNode, open uint) string {
	r.depth++
	defer func() { r.depth-- }()
	var parts []string
	for i := 0; i < len(nodes); i++ {
		var s string
		if isInlineType(nodes[i].Type) {
			j := i
			for j < len(nodes) && isInlineType(nodes[j].Type) {
				j++
			}
			s = renderWikiInline(nodes[i:j], wikiParagraph)
			i = j - 1
		} else {
			s = r.block(&nodes[i], open)
		}
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "\n\n")
}

func (r *wikiRenderer) block(n *ADFNode, open uint) string {
	if r.depth > maxWikiRenderDepth && !isLeafBlock(n.Type) {
		return renderWikiInline(appendFlattened(nil, []ADFNode{*n}), wikiParagraph)
	}
	switch n.Type {
	case "paragraph":
		return renderWikiInline(n.Content, wikiParagraph)
	case "heading":
		level, _ := attrInt(n.Attrs, "level")
		level = min(max(level, 1), 6)
		return "h" + strconv.Itoa(level) + ". " + renderWikiInline(n.Content, wikiLine)
	case "bulletList", "orderedList", "taskList", "decisionList":
		var lines []string
		r.list(n, "", open, &lines)
		return strings.Join(lines, "\n")
	case "blockquote":
		if open&inQuote != 0 {
			return r.blocks(n.Content, open)
		}
		if len(n.Content) == 1 && n.Content[0].Type == "paragraph" {
			if s := renderWikiInline(n.Content[0].Content, wikiLine); s != "" {
				return "bq. " + s
			}
		}
		return "{quote}\n" + r.blocks(n.Content, open|inQuote) + "\n{quote}"
	case "panel":
		name, bit := wikiPanel(attrString(n.Attrs, "panelType"))
		if open&bit != 0 {
			return r.blocks(n.Content, open)
		}
		return "{" + name + "}\n" + r.blocks(n.Content, open|bit) + "\n{" + name + "}"
	case "codeBlock":
		return wikiCode(attrString(n.Attrs, "language"), plainText(n))
	case "rule":
		return "----"
	case "table":
		return r.table(n)
	case "expand", "nestedExpand":
		var parts []string
		if title := attrString(n.Attrs, "title"); title != "" {
			parts = append(parts, renderWikiInline([]ADFNode{{Type: "text", Text: title, Marks: []ADFMark{{Type: "strong"}}}}, wikiParagraph))
		}
		if body := r.blocks(n.Content, open); body != "" {
			parts = append(parts, body)
		}
		return strings.Join(parts, "\n\n")
	case "mediaSingle", "mediaGroup", "media", "mediaInline", "blockCard", "embedCard":
		return renderWikiInline([]ADFNode{*n}, wikiParagraph)
	case "extension", "inlineExtension":
		return ""
	case "listItem", "taskItem", "decisionItem", "tableRow", "tableCell", "tableHeader":
		return r.blocks(n.Content, open)
	}
	if n.Text != "" {
		return renderWikiInline([]ADFNode{*n}, wikiParagraph)
	}
	return r.blocks(n.Content, open)
}

// wikiPanel maps ADF panel types to Jira's panel macros. Jira has no error
// panel: {warning} is its red one.
func wikiPanel(panelType string) (string, uint) {
	switch panelType {
	case "note":
		return "note", inNote
	case "warning", "error":
		return "warning", inWarning
	case "success", "tip":
		return "tip", inTip
	}
	return "info", inInfo
}

// wikiCode writes a {code} block with a language Jira knows, or a plain one.
// Code containing "{code}" cannot be escaped and goes into {noformat}.
func wikiCode(lang, code string) string {
	macro := "code"
	if strings.Contains(code, "{code}") && !strings.Contains(code, "{noformat}") {
		macro, lang = "noformat", ""
	}
	openTag := "{" + macro + "}"
	if l := jiraCodeLanguage(lang); l != "" {
		openTag = "{" + macro + ":" + l + "}"
	}
	return openTag + "\n" + code + "\n{" + macro + "}"
}

// list writes list lines; nesting is the marker prefix (*, #, #*, ...). Wiki
// list items hold one line: paragraphs are joined with \\, and other blocks
// follow the item on their own lines.
func (r *wikiRenderer) list(n *ADFNode, prefix string, open uint, lines *[]string) {
	marker := "*"
	if n.Type == "orderedList" {
		marker = "#"
	}
	prefix += marker
	if len(prefix) > 48 {
		prefix = prefix[len(prefix)-48:]
	}
	for i := range n.Content {
		item := &n.Content[i]
		switch item.Type {
		case "bulletList", "orderedList", "taskList", "decisionList":
			r.list(item, prefix, open, lines)
			continue
		case "taskItem":
			box := "[ ] "
			if strings.EqualFold(attrString(item.Attrs, "state"), "DONE") {
				box = "[x] "
			}
			*lines = append(*lines, strings.TrimRight(prefix+" "+box+renderWikiInline(item.Content, wikiLine), " "))
			continue
		case "decisionItem":
			*lines = append(*lines, prefix+" "+renderWikiInline(item.Content, wikiLine))
			continue
		}
		content := item.Content
		if item.Type != "listItem" {
			content = n.Content[i : i+1]
		}
		var texts, after []string
		var nested []*ADFNode
		for j := range content {
			c := &content[j]
			switch c.Type {
			case "paragraph", "heading":
				if s := renderWikiInline(c.Content, wikiLine); s != "" {
					texts = append(texts, s)
				}
			case "bulletList", "orderedList", "taskList", "decisionList":
				nested = append(nested, c)
			default:
				if isInlineType(c.Type) {
					texts = append(texts, renderWikiInline(content[j:j+1], wikiLine))
				} else if s := r.block(c, open); s != "" {
					after = append(after, s)
				}
			}
		}
		*lines = append(*lines, prefix+" "+strings.Join(texts, `\\`))
		for _, l := range nested {
			r.list(l, prefix, open, lines)
		}
		*lines = append(*lines, after...)
	}
}

func (r *wikiRenderer) table(n *ADFNode) string {
	var rows []string
	for i := range n.Content {
		row := &n.Content[i]
		cells := row.Content
		if row.Type != "tableRow" {
			cells = n.Content[i : i+1]
		}
		if len(cells) == 0 {
			continue
		}
		var b strings.Builder
		delim := "|"
		for j := range cells {
			delim = "|"
			if cells[j].Type == "tableHeader" {
				delim = "||"
			}
			b.WriteString(delim)
			s := renderWikiInline(appendFlattened(nil, cells[j].Content), wikiLine)
			if s == "" {
				s = " "
			}
			b.WriteString(s)
		}
		b.WriteString(delim)
		rows = append(rows, b.String())
	}
	return strings.Join(rows, "\n")
}

type wikiMode int

const (
	wikiParagraph wikiMode = iota // line breaks are newlines
	wikiLine                      // one line only (list items, cells, headings): breaks are \\
)

func renderWikiInline(nodes []ADFNode, mode wikiMode) string {
	items := flattenInline(nodes, nil)
	if len(items) == 0 {
		return ""
	}
	r := &inlineRenderer{d: wikiDialect{mode: mode}, lineStart: mode == wikiParagraph}
	return r.render(items)
}

// wikiDialect writes Jira wiki inline syntax.
type wikiDialect struct{ mode wikiMode }

func (d wikiDialect) renderable(m ADFMark) bool {
	switch m.Type {
	case "strong", "em", "strike", "code", "underline":
		return true
	case "link":
		return attrString(m.Attrs, "href") != ""
	case "subsup":
		t := attrString(m.Attrs, "type")
		return t == "sub" || t == "sup"
	case "textColor":
		c := attrString(m.Attrs, "color")
		return c != "" && !strings.ContainsAny(c, "{}|\n")
	}
	return false
}

// breakCloses: wiki formatting does not continue across lines.
func (d wikiDialect) breakCloses(ADFMark) bool { return true }

func (d wikiDialect) lineBreak(r *inlineRenderer) {
	if d.mode == wikiParagraph && r.last != '\n' {
		r.writeByte('\n')
		r.lineStart = true
		return
	}
	r.write(`\\`)
}

func wikiDelimiter(m ADFMark) string {
	switch m.Type {
	case "strong":
		return "*"
	case "em":
		return "_"
	case "strike":
		return "-"
	case "underline":
		return "+"
	case "subsup":
		if attrString(m.Attrs, "type") == "sub" {
			return "~"
		}
		return "^"
	}
	return ""
}

func (d wikiDialect) delims(r *inlineRenderer, m ADFMark, i, end int) (string, string) {
	switch m.Type {
	case "code":
		return "{{", "}}"
	case "link":
		return "[", "|" + wikiHref(attrString(m.Attrs, "href")) + "]"
	case "textColor":
		return "{color:" + attrString(m.Attrs, "color") + "}", "{color}"
	}
	ch := wikiDelimiter(m)
	text := strings.TrimSpace(r.runText(i, end))
	after := r.nextByte(end)
	if last := &r.items[end-1]; last.atom == nil && strings.TrimRight(last.text, " \t") != last.text {
		after = ' '
	}
	// {*}…{*} is Jira's form for formatting that touches a word or starts or
	// ends with its own delimiter character.
	if isWordByte(r.last) || isWordByte(after) || text == "" || text[0] == ch[0] || text[len(text)-1] == ch[0] || text[len(text)-1] == '\\' {
		return "{" + ch + "}", "{" + ch + "}"
	}
	return ch, ch
}

// wikiHref keeps a URL from ending the link early.
func wikiHref(href string) string {
	return percentEncode(href, " |[]")
}

// percentEncode encodes the given ASCII characters and drops line breaks.
func percentEncode(s, chars string) string {
	if !strings.ContainsAny(s, chars+"\r\n") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\r' || c == '\n':
		case strings.IndexByte(chars, c) >= 0:
			b.WriteByte('%')
			b.WriteByte(upperHex[c>>4])
			b.WriteByte(upperHex[c&0xF])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func (d wikiDialect) bareLink(r *inlineRenderer, href, text string, _ int) bool {
	if rest, ok := cutPrefixFold(href, "mailto:"); ok && rest == text {
		r.write("[mailto:" + wikiHref(rest) + "]")
		return true
	}
	if text != href {
		return false
	}
	r.write("[" + wikiHref(href) + "]")
	return true
}

func (d wikiDialect) code(r *inlineRenderer, s string) {
	d.text(r, strings.ReplaceAll(s, "\n", " "))
}

func (d wikiDialect) atom(r *inlineRenderer, n *ADFNode, _ int) {
	switch n.Type {
	case "mention":
		id, uname := attrString(n.Attrs, "id"), attrString(n.Attrs, "_username")
		switch {
		case id != "":
			r.write("[~accountid:" + wikiHref(id) + "]")
		case uname != "":
			r.write("[~" + wikiHref(uname) + "]")
		default:
			d.text(r, attrString(n.Attrs, "text"))
		}
	case "status":
		if t := strings.ToUpper(strings.TrimSpace(attrString(n.Attrs, "text"))); t != "" {
			d.text(r, "["+t+"]")
		}
	case "image":
		if src := attrString(n.Attrs, "src"); src != "" {
			r.write("!" + wikiImageRef(src) + "!")
		}
	case "media", "mediaInline":
		r.write("!" + wikiImageRef(mediaRef(n)) + "!")
	case "mediaSingle", "mediaGroup":
		first := true
		for j := range n.Content {
			if t := n.Content[j].Type; t == "media" || t == "mediaInline" {
				if !first {
					r.writeByte(' ')
				}
				r.write("!" + wikiImageRef(mediaRef(&n.Content[j])) + "!")
				first = false
			}
		}
	}
}

func mediaRef(n *ADFNode) string {
	for _, k := range []string{"url", "alt", "id"} {
		if v := attrString(n.Attrs, k); v != "" {
			return v
		}
	}
	return "attachment"
}

func wikiImageRef(s string) string {
	return percentEncode(strings.TrimSpace(s), "!|")
}

// text escapes wiki syntax in plain text. Formatting characters are escaped
// only where they could open or close formatting (next to a space or
// punctuation), so "snake_case" and "well-known" stay readable; the parser in
// wiki_parse.go applies the same rule.
func (d wikiDialect) text(r *inlineRenderer, s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if r.lineStart {
			if c == ' ' || c == '\t' {
				continue
			}
			if j := wikiLineStartEscape(r, s, i); j > i {
				i = j - 1
				continue
			}
		}
		var next byte
		if i+1 < len(s) {
			next = s[i+1]
		}
		prev := r.last
		if r.b.Len() == 0 {
			prev = 0
		}
		switch c {
		case '{', '}', '[', ']', '|':
			r.writeByte('\\')
		case '\\':
			if next == 0 || !isAlnum(next) && next != ' ' {
				r.write("&#92;")
				continue
			}
		case '!':
			if next != 0 && !isSpaceByte(next) {
				r.writeByte('\\')
			}
		case '?':
			if next == '?' || prev == '?' {
				r.writeByte('\\')
			}
		case '&':
			if entityLen(s[i:]) > 0 {
				r.write("&amp;")
				continue
			}
		case '*', '_', '-', '+', '^', '~':
			if wikiDelimiterAt(prev, c, next) {
				r.writeByte('\\')
			}
		case '\r':
			continue
		case '\n':
			d.lineBreak(r)
			continue
		}
		r.writeByte(c)
	}
}

// wikiDelimiterAt reports whether formatting character c between prev and
// next (0 = line edge) could open or close formatting.
func wikiDelimiterAt(prev, c, next byte) bool {
	opener := !isWordByte(prev) && next != 0 && !isSpaceByte(next) && next != c
	closer := prev != 0 && !isSpaceByte(prev) && prev != c && !isWordByte(next)
	return opener || closer
}

// wikiLineStartEscape escapes block syntax at the start of a line: list
// markers, h1. headings, bq., ---- rules.
func wikiLineStartEscape(r *inlineRenderer, s string, i int) int {
	c := s[i]
	var next byte
	if i+1 < len(s) {
		next = s[i+1]
	}
	switch {
	case (c == '*' || c == '#' || c == '-') && (next == ' ' || next == '\t' || next == 0 || next == c):
		r.write(`\` + string(c))
		return i + 1
	case c == 'h' && i+2 < len(s) && s[i+1] >= '1' && s[i+1] <= '6' && s[i+2] == '.':
		r.write(s[i:i+2] + `\.`)
		return i + 3
	case c == 'b' && strings.HasPrefix(s[i:], "bq."):
		r.write(`bq\.`)
		return i + 3
	}
	r.lineStart = false
	return i
}
