package markup

import (
	"html"
	"strconv"
	"strings"
)

// ADFToMarkdown renders an ADF document as Markdown with its structure:
// headings, nested lists, tables, code blocks, quotes, panels (as GitHub
// alerts), expands (as <details>), mentions and media placeholders. Unknown
// nodes contribute their text and children. A nil document gives "".
func ADFToMarkdown(doc *ADFNode) string {
	if doc == nil {
		return ""
	}
	nodes := doc.Content
	if doc.Type != "doc" && doc.Type != "" {
		nodes = []ADFNode{*doc}
	}
	return strings.TrimRight((&mdRenderer{}).blocks(nodes, 0, false), "\n")
}

// maxMDDepth bounds container nesting in the output: Markdown re-indents
// every level, so deeper nesting is written flat instead of growing the
// output quadratically.
const maxMDDepth = 48

type mdRenderer struct{}

func listKind(t string) string {
	switch t {
	case "bulletList", "taskList", "decisionList":
		return "bullet"
	case "orderedList":
		return "ordered"
	}
	return ""
}

// blocks renders a sequence of blocks separated by blank lines. In a tight
// list item (tight) a list directly follows the paragraph before it. Two
// adjacent lists of the same kind alternate their marker so that they do not
// merge into one list when parsed again.
func (r *mdRenderer) blocks(nodes []ADFNode, depth int, tight bool) string {
	var b strings.Builder
	prevKind, prevAlt, prevPara := "", false, false
	for i := 0; i < len(nodes); i++ {
		n := &nodes[i]
		var s, kind string
		alt, para := false, false
		if isInlineType(n.Type) {
			j := i
			for j < len(nodes) && isInlineType(nodes[j].Type) {
				j++
			}
			s, para = renderMDInline(nodes[i:j], mdParagraph), true
			i = j - 1
		} else {
			kind = listKind(n.Type)
			alt = kind != "" && kind == prevKind && !prevAlt
			s = r.block(n, depth, alt)
			para = n.Type == "paragraph"
		}
		if s == "" {
			continue
		}
		if b.Len() > 0 {
			if tight && prevPara && kind != "" && listInterrupts(n, s) {
				b.WriteByte('\n')
			} else {
				b.WriteString("\n\n")
			}
		}
		b.WriteString(s)
		prevKind, prevAlt, prevPara = kind, alt, para
	}
	return b.String()
}

// listInterrupts reports whether a rendered list may follow a paragraph line
// directly (CommonMark: not empty, and ordered lists must start at 1).
func listInterrupts(n *ADFNode, s string) bool {
	first, _, _ := strings.Cut(s, "\n")
	if strings.TrimSpace(first) == "-" || strings.TrimSpace(first) == "*" {
		return false
	}
	if n.Type == "orderedList" {
		return strings.HasPrefix(first, "1.") || strings.HasPrefix(first, "1)")
	}
	return true
}

func (r *mdRenderer) block(n *ADFNode, depth int, alt bool) string {
	if depth >= maxMDDepth && !isLeafBlock(n.Type) {
		// Too deep to indent: the subtree is written as lines of text.
		return renderMDInline(appendFlattened(nil, []ADFNode{*n}), mdParagraph)
	}
	switch n.Type {
	case "paragraph":
		return renderMDInline(n.Content, mdParagraph)
	case "heading":
		level, _ := attrInt(n.Attrs, "level")
		level = min(max(level, 1), 6)
		text := escapeHeadingEnd(renderMDInline(n.Content, mdHeading))
		if text == "" {
			return strings.Repeat("#", level)
		}
		return strings.Repeat("#", level) + " " + text
	case "bulletList", "orderedList", "decisionList":
		return r.list(n, depth, alt)
	case "taskList":
		return r.taskList(n, depth, alt)
	case "blockquote":
		return quoteLines(r.blocks(n.Content, depth+1, false))
	case "panel":
		inner := r.blocks(n.Content, depth+1, false)
		s := "[!" + panelAlert(attrString(n.Attrs, "panelType")) + "]"
		if strings.HasPrefix(inner, "|") {
			s += "\n"
		}
		if inner != "" {
			s += "\n" + inner
		}
		return quoteLines(s)
	case "codeBlock":
		return mdCodeBlock(attrString(n.Attrs, "language"), plainText(n))
	case "rule":
		return "---"
	case "table":
		return r.table(n)
	case "expand", "nestedExpand":
		inner := r.blocks(n.Content, depth+1, false)
		s := "<details>\n<summary>" + html.EscapeString(attrString(n.Attrs, "title")) + "</summary>\n\n"
		if inner != "" {
			s += inner + "\n\n"
		}
		return s + "</details>"
	case "mediaSingle", "mediaGroup", "media", "mediaInline":
		s := renderMDInline([]ADFNode{*n}, mdParagraph)
		for i := range n.Content {
			if n.Content[i].Type == "caption" {
				if c := renderMDInline(n.Content[i].Content, mdParagraph); c != "" {
					s += "\n\n" + c
				}
			}
		}
		return s
	case "blockCard", "embedCard":
		return renderMDInline([]ADFNode{*n}, mdParagraph)
	case "extension", "inlineExtension":
		return ""
	case "listItem", "taskItem", "decisionItem", "tableRow", "tableCell", "tableHeader":
		return r.blocks(n.Content, depth, false)
	}
	if n.Text != "" {
		return renderMDInline([]ADFNode{*n}, mdParagraph)
	}
	return r.blocks(n.Content, depth, false)
}

// panelAlert maps ADF panel types to GitHub alert names.
func panelAlert(panelType string) string {
	switch panelType {
	case "note":
		return "NOTE"
	case "warning":
		return "WARNING"
	case "success", "tip":
		return "TIP"
	case "error":
		return "ERROR"
	}
	return "INFO"
}

func quoteLines(s string) string {
	if s == "" {
		return ">"
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		if line == "" {
			b.WriteByte('>')
		} else {
			b.WriteString("> ")
			b.WriteString(line)
		}
	}
	return b.String()
}

// indentItem puts a list marker before the first line of body and indents
// the following lines to the item's content column.
func indentItem(b *strings.Builder, marker, body string) {
	if body == "" {
		b.WriteString(strings.TrimRight(marker, " "))
		return
	}
	pad := strings.Repeat(" ", len(marker))
	for i, line := range strings.Split(body, "\n") {
		switch {
		case i == 0:
			b.WriteString(marker)
		case line == "":
			b.WriteByte('\n')
			continue
		default:
			b.WriteByte('\n')
			b.WriteString(pad)
		}
		b.WriteString(line)
	}
}

func (r *mdRenderer) list(n *ADFNode, depth int, alt bool) string {
	ordered := n.Type == "orderedList"
	num := 1
	if o, ok := attrInt(n.Attrs, "order"); ok && o >= 0 {
		num = min(o, 999999999-len(n.Content))
	}
	bullet, delim := "- ", ". "
	if alt {
		bullet, delim = "* ", ") "
	}
	var b strings.Builder
	for i := range n.Content {
		item := &n.Content[i]
		content := item.Content
		if item.Type != "listItem" && item.Type != "decisionItem" {
			content = n.Content[i : i+1]
		}
		var body string
		if item.Type == "decisionItem" {
			body = renderMDInline(item.Content, mdParagraph)
		} else {
			body = r.blocks(content, depth+1, true)
		}
		marker := bullet
		if ordered {
			marker = strconv.Itoa(num) + delim
			num++
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		indentItem(&b, marker, body)
	}
	return b.String()
}

// taskList renders - [ ] / - [x] items; a nested taskList belongs to the item
// before it.
func (r *mdRenderer) taskList(n *ADFNode, depth int, alt bool) string {
	if depth >= maxMDDepth {
		return renderMDInline(appendFlattened(nil, []ADFNode{*n}), mdParagraph)
	}
	bullet := "- "
	if alt {
		bullet = "* "
	}
	var b strings.Builder
	hasItem := false
	for i := range n.Content {
		c := &n.Content[i]
		if c.Type == "taskList" {
			nested := r.taskList(c, depth+1, false)
			if nested == "" {
				continue
			}
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			if hasItem {
				indentItem(&b, strings.Repeat(" ", len(bullet)), nested)
			} else {
				b.WriteString(nested)
			}
			continue
		}
		box := "[ ] "
		if strings.EqualFold(attrString(c.Attrs, "state"), "DONE") {
			box = "[x] "
		}
		var text string
		if c.Type == "taskItem" {
			text = renderMDInline(c.Content, mdTaskItem)
		} else {
			text = renderMDInline(appendFlattened(nil, []ADFNode{*c}), mdTaskItem)
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		indentItem(&b, bullet, strings.TrimRight(box+text, " "))
		hasItem = true
	}
	return b.String()
}

// mdCodeBlock writes a fenced block whose fence is longer than any backtick
// run in the code.
func mdCodeBlock(lang, code string) string {
	fence := strings.Repeat("`", max(3, longestRun(code, '`')+1))
	lang = strings.TrimSpace(lang)
	if strings.ContainsAny(lang, "` \t\r\n") {
		lang = ""
	}
	if code == "" {
		return fence + lang + "\n" + fence
	}
	return fence + lang + "\n" + code + "\n" + fence
}

func longestRun(s string, c byte) int {
	best, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}

// table writes a GFM table. A table whose first row is not all header cells
// gets an empty header row, as GFM needs one. Cell blocks are flattened
// onto one line joined with <br>.
func (r *mdRenderer) table(n *ADFNode) string {
	var rows [][]string
	width := 0
	for i := range n.Content {
		row := &n.Content[i]
		cellsIn := row.Content
		if row.Type != "tableRow" {
			cellsIn = n.Content[i : i+1]
		}
		cells := make([]string, 0, len(cellsIn))
		for j := range cellsIn {
			cells = append(cells, renderMDInline(appendFlattened(nil, cellsIn[j].Content), mdTable))
		}
		width = max(width, len(cells))
		rows = append(rows, cells)
	}
	if width == 0 {
		return ""
	}
	var b strings.Builder
	writeRow := func(cells []string) {
		b.WriteByte('|')
		for j := 0; j < width; j++ {
			b.WriteByte(' ')
			if j < len(cells) {
				b.WriteString(cells[j])
			}
			b.WriteString(" |")
		}
	}
	body := rows
	if headerRow(n) {
		writeRow(rows[0])
		body = rows[1:]
	} else {
		// GFM needs a header row; an empty one stands for "none".
		writeRow(nil)
	}
	b.WriteString("\n|")
	for j := 0; j < width; j++ {
		b.WriteString(" --- |")
	}
	for _, row := range body {
		b.WriteByte('\n')
		writeRow(row)
	}
	return b.String()
}

// headerRow reports whether the table's first row consists of header cells.
func headerRow(n *ADFNode) bool {
	if len(n.Content) == 0 || n.Content[0].Type != "tableRow" || len(n.Content[0].Content) == 0 {
		return false
	}
	for _, c := range n.Content[0].Content {
		if c.Type != "tableHeader" {
			return false
		}
	}
	return true
}

// escapeHeadingEnd keeps a trailing " #" of heading text from being read as
// a closing sequence.
func escapeHeadingEnd(s string) string {
	t := strings.TrimRight(s, "#")
	if t == s || (t != "" && t[len(t)-1] != ' ') {
		return s
	}
	return t + `\` + s[len(t):]
}

type mdMode int

const (
	mdParagraph mdMode = iota
	mdHeading
	mdTable
	mdTaskItem
)

func renderMDInline(nodes []ADFNode, mode mdMode) string {
	items := flattenInline(nodes, nil)
	if len(items) == 0 {
		return ""
	}
	r := &inlineRenderer{d: mdDialect{mode: mode}, lineStart: mode == mdParagraph}
	return r.render(items)
}

// mdDialect writes CommonMark/GFM inline syntax.
type mdDialect struct{ mode mdMode }

func (d mdDialect) renderable(m ADFMark) bool {
	switch m.Type {
	case "strong", "em", "strike", "code", "underline":
		return true
	case "link":
		return attrString(m.Attrs, "href") != ""
	case "subsup":
		t := attrString(m.Attrs, "type")
		return t == "sub" || t == "sup"
	}
	return false
}

func (d mdDialect) breakCloses(m ADFMark) bool { return m.Type == "code" }

func (d mdDialect) lineBreak(r *inlineRenderer) {
	switch d.mode {
	case mdHeading:
		r.writeByte(' ')
	case mdTable:
		r.write("<br>")
	default:
		r.write("\\\n")
		r.lineStart = true
	}
}

func isASCIIPunct(c byte) bool {
	return c > ' ' && c < 0x7f && !isAlnum(c)
}

func (d mdDialect) delims(r *inlineRenderer, m ADFMark, i, end int) (string, string) {
	switch m.Type {
	case "link":
		return "[", "](" + mdDest(attrString(m.Attrs, "href")) + ")"
	case "underline":
		return "<u>", "</u>"
	case "subsup":
		t := attrString(m.Attrs, "type")
		return "<" + t + ">", "</" + t + ">"
	case "code":
		text := r.runText(i, end)
		ticks := strings.Repeat("`", longestRun(text, '`')+1)
		if text != "" && (text[0] == '`' || text[len(text)-1] == '`' ||
			text[0] == ' ' && text[len(text)-1] == ' ' && strings.TrimLeft(text, " ") != "") {
			return ticks + " ", " " + ticks
		}
		return ticks, ticks
	}
	delim, tag := "**", "strong"
	switch m.Type {
	case "em":
		delim, tag = "*", "em"
	case "strike":
		delim, tag = "~~", "del"
	}
	if !d.flanks(r, i, end) {
		return "<" + tag + ">", "</" + tag + ">"
	}
	return delim, delim
}

// flanks reports whether emphasis delimiters around items[i:end] would be
// recognised by CommonMark's flanking rules; if not, HTML tags are used.
func (d mdDialect) flanks(r *inlineRenderer, i, end int) bool {
	first := byte(' ')
	if t := strings.TrimLeft(r.items[i].text, " \t"); t != "" {
		first = t[0]
	}
	last, after := byte(')'), byte(' ')
	if it := &r.items[end-1]; it.atom == nil && !it.brk {
		t := strings.TrimRight(it.text, " \t")
		if t != "" {
			last = t[len(t)-1]
		}
		if len(t) < len(it.text) {
			after = ' '
		} else if end < len(r.items) {
			switch next := &r.items[end]; {
			case next.atom != nil:
				after = '@'
			case next.brk || next.text == "":
				after = ' '
			default:
				after = next.text[0]
			}
		}
	}
	before := r.last
	if r.b.Len() == 0 || r.lineStart {
		before = ' '
	}
	open := !isASCIIPunct(first) || isSpaceByte(before) || isASCIIPunct(before)
	closeOK := !isASCIIPunct(last) || isSpaceByte(after) || isASCIIPunct(after)
	return open && closeOK
}

// mdDest writes a link destination that survives re-parsing.
func mdDest(href string) string {
	var b strings.Builder
	b.Grow(len(href))
	for i := 0; i < len(href); i++ {
		c := href[i]
		switch {
		case c == ' ':
			b.WriteString("%20")
		case c == '(' || c == ')':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '<':
			b.WriteString("%3C")
		case c == '>':
			b.WriteString("%3E")
		case c == '|':
			b.WriteString("%7C")
		case c == '\\':
			b.WriteString(`\\`)
		case c == '&' && entityLen(href[i:]) > 0:
			b.WriteString(`\&`)
		case c < 0x20 || c == 0x7f:
			b.WriteByte('%')
			b.WriteByte(upperHex[c>>4])
			b.WriteByte(upperHex[c&0xF])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

const upperHex = "0123456789ABCDEF"

// bareLink writes a link whose text is its own URL as a bare URL (the GFM
// autolink extension links it again), or as <url> where a bare URL would not
// be recognised as one.
func (d mdDialect) bareLink(r *inlineRenderer, href, text string, i int) bool {
	if d.mode == mdTable && strings.Contains(href, "|") {
		return false
	}
	email := ""
	if rest, ok := cutPrefixFold(href, "mailto:"); ok && rest == text && isSimpleEmail(text) {
		email = text
	}
	www := strings.HasPrefix(href, "http://") && text == href[len("http://"):] && strings.HasPrefix(strings.ToLower(text), "www.")
	if text != href && email == "" && !www {
		return false
	}
	nextAtom := i+1 < len(r.items) && r.items[i+1].atom != nil
	next, next2 := r.nextByte(i+1), byte(0)
	if i+1 < len(r.items) && len(r.items[i+1].text) > 1 {
		next2 = r.items[i+1].text[1]
	}
	prevOK := r.b.Len() == 0 || r.lineStart || isSpaceByte(r.last) || strings.IndexByte("*_~(", r.last) >= 0
	nextOK := !nextAtom && (next == 0 || isSpaceByte(next) ||
		strings.IndexByte(".,:;!?", next) >= 0 && (next2 == 0 || isSpaceByte(next2)))
	if prevOK && nextOK && (email != "" || linkifySafe(text)) {
		r.flushPending()
		r.write(text)
		return true
	}
	if www {
		return false
	}
	if email != "" || hasScheme(href) && !strings.ContainsAny(href, " <>\t\r\n") && !strings.ContainsFunc(href, func(c rune) bool { return c < 0x20 }) {
		r.write("<" + text + ">")
		return true
	}
	return false
}

func hasScheme(s string) bool {
	i := strings.IndexByte(s, ':')
	if i < 2 || i > 32 {
		return false
	}
	for j := 0; j < i; j++ {
		c := s[j]
		if !(isAlnum(c) || (j > 0 && (c == '+' || c == '.' || c == '-'))) {
			return false
		}
	}
	return isAlnum(s[0]) && !isDigit(s[0])
}

func isSimpleEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	if at < 1 || at == len(s)-1 || strings.Count(s, "@") != 1 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isAlnum(c) || strings.IndexByte("@.-_+", c) >= 0) {
			return false
		}
	}
	domain := s[at+1:]
	return strings.Contains(domain, ".") && isAlnum(domain[len(domain)-1]) && isAlnum(domain[0])
}

// linkifySafe reports whether GFM's autolink extension turns exactly this
// text, written bare, back into a link to itself.
func linkifySafe(u string) bool {
	rest := ""
	switch {
	case strings.HasPrefix(u, "https://"):
		rest = u[len("https://"):]
	case strings.HasPrefix(u, "http://"):
		rest = u[len("http://"):]
	case strings.HasPrefix(strings.ToLower(u), "www."):
		rest = u
	default:
		return false
	}
	if rest == "" || entityLen(u) > 0 || strings.Contains(u, "&") && strings.ContainsRune(u, ';') {
		return false
	}
	hostEnd := strings.IndexAny(rest, "/?#")
	if hostEnd < 0 {
		hostEnd = len(rest)
	}
	if hostEnd == 0 {
		return false
	}
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if i < hostEnd {
			if !(isAlnum(c) || c == '.' || c == '-' || c == ':') {
				return false
			}
			continue
		}
		if !(isAlnum(c) || strings.IndexByte("-._/?#=&%+@:,;!$'", c) >= 0) {
			return false
		}
	}
	last := u[len(u)-1]
	return isAlnum(last) || last == '/' || last == '=' || last == '-' || last == '#'
}

func (d mdDialect) code(r *inlineRenderer, s string) {
	s = strings.ReplaceAll(s, "\n", " ")
	if d.mode == mdTable {
		s = strings.ReplaceAll(s, "|", `\|`)
	}
	r.write(s)
}

func (d mdDialect) atom(r *inlineRenderer, n *ADFNode, i int) {
	switch n.Type {
	case "mention":
		r.write(mdMention(n, d.mode == mdTable))
	case "status":
		text := strings.ToUpper(strings.TrimSpace(attrString(n.Attrs, "text")))
		if text == "" {
			return
		}
		open, closeStr := "[", "]"
		if next := r.nextByte(i + 1); next == '(' || next == '[' || next == ':' {
			open, closeStr = `\[`, `\]`
		}
		r.write(open + mdEscapeInline(text, d.mode == mdTable) + closeStr)
	case "image":
		r.write("![" + mdEscapeInline(attrString(n.Attrs, "alt"), d.mode == mdTable) + "](" + mdDest(attrString(n.Attrs, "src")) + ")")
	case "media", "mediaInline":
		r.write(mdMedia(n, d.mode == mdTable))
	case "mediaSingle", "mediaGroup":
		first := true
		for j := range n.Content {
			if t := n.Content[j].Type; t != "media" && t != "mediaInline" {
				continue
			}
			if !first {
				r.writeByte(' ')
			}
			r.write(mdMedia(&n.Content[j], d.mode == mdTable))
			first = false
		}
	}
}

func mdMedia(n *ADFNode, table bool) string {
	if url := attrString(n.Attrs, "url"); url != "" {
		return "![" + mdEscapeInline(attrString(n.Attrs, "alt"), table) + "](" + mdDest(url) + ")"
	}
	name := attrString(n.Attrs, "alt")
	if name == "" {
		name = attrString(n.Attrs, "id")
	}
	if name == "" {
		name = "attachment"
	}
	return "![attachment](" + mdDest(name) + ")"
}

// mdMention writes @[Name](accountid:ID), [~accountid:ID] when there is no
// name, or [~username] for Server/DC user names.
func mdMention(n *ADFNode, table bool) string {
	id := attrString(n.Attrs, "id")
	name := strings.TrimPrefix(strings.TrimSpace(attrString(n.Attrs, "text")), "@")
	if id == "" {
		if u := attrString(n.Attrs, "_username"); u != "" && !strings.ContainsAny(u, " \t\r\n[]|") {
			return "[~" + u + "]"
		}
		if name == "" {
			return ""
		}
		return "@" + mdEscapeInline(name, table)
	}
	simpleID := !strings.ContainsAny(id, " \t\r\n[]|")
	if name == "" && simpleID {
		return "[~accountid:" + id + "]"
	}
	if name == "" {
		name = id
	}
	return "@[" + mdEscapeInline(name, table) + "](accountid:" + mdDest(id) + ")"
}

// mdEscapeInline escapes text that is not at the start of a line, such as
// alt texts and mention names.
func mdEscapeInline(s string, table bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '`', '*', '_', '[', ']', '~', '<', '!':
			b.WriteByte('\\')
		case '|':
			if table {
				b.WriteByte('\\')
			}
		case '&':
			if entityLen(s[i:]) > 0 {
				b.WriteByte('\\')
			}
		case '\n', '\r':
			c = ' '
		}
		b.WriteByte(c)
	}
	return b.String()
}

// text escapes Markdown syntax in plain text. Characters are only escaped
// where they could start syntax, to keep the output readable: "_" inside a
// word, "<" before a space, "1." mid-line stay as they are. URLs are copied
// verbatim so that autolinking still sees them.
func (d mdDialect) text(r *inlineRenderer, s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if r.lineStart {
			if c == ' ' || c == '\t' {
				continue
			}
			if j := d.lineStartEscape(r, s, i); j > i {
				i = j - 1
				continue
			}
		}
		if (c == 'h' || c == 'w' || c == 'H' || c == 'W') && !isWordByte(r.last) {
			if n := urlSpan(s[i:]); n > 0 {
				r.write(s[i : i+n])
				i += n - 1
				continue
			}
		}
		switch c {
		case '\\', '`', '*', '[', ']', '~':
			r.writeByte('\\')
		case '_':
			var next byte
			if i+1 < len(s) {
				next = s[i+1]
			}
			if !isWordByte(r.last) || !isWordByte(next) {
				r.writeByte('\\')
			}
		case '<':
			if i+1 == len(s) || isAlnum(s[i+1]) || strings.IndexByte("/!?", s[i+1]) >= 0 {
				r.writeByte('\\')
			}
		case '&':
			if entityLen(s[i:]) > 0 {
				r.writeByte('\\')
			}
		case '|':
			if d.mode == mdTable {
				r.writeByte('\\')
			}
		case '!':
			if i+1 == len(s) && d.nextOpensLink(r) {
				r.writeByte('\\')
			}
		case '\r':
			continue
		}
		r.writeByte(c)
	}
}

// nextOpensLink reports whether the item after the current one starts a link,
// which would turn a preceding "!" into an image.
func (d mdDialect) nextOpensLink(r *inlineRenderer) bool {
	j := r.cur + 1
	if j >= len(r.items) || r.items[j].atom != nil || r.items[j].brk {
		return false
	}
	for _, m := range r.marksOf(j) {
		if m.Type == "link" && !hasMark(r.marksOf(r.cur), m) {
			return true
		}
	}
	return false
}

// lineStartEscape escapes block syntax at the start of a line (#, >, list
// markers, setext underlines, tables) and returns the index after what it
// wrote, or i if nothing needed escaping.
func (d mdDialect) lineStartEscape(r *inlineRenderer, s string, i int) int {
	c := s[i]
	var next byte
	if i+1 < len(s) {
		next = s[i+1]
	}
	switch {
	case c == '#' || c == '>' || c == '|':
		r.write(`\` + string(c))
		return i + 1
	case c == '-' || c == '+' || c == '=':
		if next == 0 || next == ' ' || next == '\t' || next == c {
			r.write(`\` + string(c))
			return i + 1
		}
	case isDigit(c):
		j := i
		for j < len(s) && isDigit(s[j]) && j-i < 10 {
			j++
		}
		if j < len(s) && (s[j] == '.' || s[j] == ')') && (j+1 == len(s) || s[j+1] == ' ' || s[j+1] == '\t') {
			r.write(s[i:j] + `\` + string(s[j]))
			return j + 1
		}
	}
	r.lineStart = false
	return i
}

// urlSpan returns the length of an http(s):// or www. URL at the start of s.
func urlSpan(s string) int {
	var n int
	switch {
	case len(s) > 8 && strings.EqualFold(s[:8], "https://"):
		n = 8
	case len(s) > 7 && strings.EqualFold(s[:7], "http://"):
		n = 7
	case len(s) > 4 && strings.EqualFold(s[:4], "www."):
		n = 4
	default:
		return 0
	}
	for n < len(s) && !isSpaceByte(s[n]) && strings.IndexByte("<>[]`\\*|\"", s[n]) < 0 {
		n++
	}
	return n
}
