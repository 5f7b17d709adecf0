package markup

import (
	"html"
	"sort"
	"strings"
)

// WikiToMarkdown converts Jira wiki markup (Server/DC REST v2) to Markdown.
func WikiToMarkdown(wiki string) string {
	return ADFToMarkdown(parseWiki(wiki))
}

// parseWiki converts wiki markup to the intermediate tree.
func parseWiki(src string) *ADFNode {
	if strings.IndexByte(src, '\r') >= 0 {
		src = strings.ReplaceAll(strings.ReplaceAll(src, "\r\n", "\n"), "\r", "\n")
	}
	p := &wikiParser{}
	return &ADFNode{Type: "doc", Version: 1, Content: nonNil(p.blocks(src, 0))}
}

// maxWikiDepth bounds nested block macros ({quote} in {panel} in ...).
const maxWikiDepth = 16

type wikiParser struct{}

// parseMacroTag reads a macro tag such as {code:java} or {panel:title=T} at
// the start of s and returns its name, parameters and length.
func parseMacroTag(s string) (name, params string, n int, ok bool) {
	if len(s) < 3 || s[0] != '{' {
		return "", "", 0, false
	}
	end := strings.IndexByte(s[:min(len(s), 512)], '}')
	if end < 2 {
		return "", "", 0, false
	}
	inner := s[1:end]
	name, params, _ = strings.Cut(inner, ":")
	for i := 0; i < len(name); i++ {
		if !(name[i] >= 'a' && name[i] <= 'z' || name[i] >= 'A' && name[i] <= 'Z') {
			return "", "", 0, false
		}
	}
	if name == "" || strings.ContainsAny(params, "\n{") {
		return "", "", 0, false
	}
	return strings.ToLower(name), params, end + 1, true
}

func isBlockMacro(name string) bool {
	switch name {
	case "code", "noformat", "quote", "panel", "info", "note", "warning", "tip", "expand":
		return true
	}
	return false
}

// macroParams splits "java|title=x" into the positional value and key=value
// pairs.
func macroParams(params string) (positional string, kv map[string]string) {
	kv = map[string]string{}
	for i, part := range strings.Split(params, "|") {
		if k, v, ok := strings.Cut(part, "="); ok {
			kv[strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(v)
		} else if i == 0 {
			positional = strings.TrimSpace(part)
		}
	}
	return positional, kv
}

func (p *wikiParser) blocks(src string, depth int) []ADFNode {
	var out []ADFNode
	var para []string
	var list *wikiListBuilder
	var table *ADFNode
	flushPara := func() {
		if len(para) > 0 {
			out = append(out, ADFNode{Type: "paragraph", Content: parseWikiLines(para)})
			para = nil
		}
	}
	flushList := func() {
		if list != nil {
			out = append(out, list.nodes()...)
			list = nil
		}
	}
	flushTable := func() {
		if table != nil {
			out = append(out, *table)
			table = nil
		}
	}
	flushAll := func() { flushPara(); flushList(); flushTable() }

	for pos := 0; pos < len(src); {
		next := len(src)
		line := src[pos:]
		if nl := strings.IndexByte(line, '\n'); nl >= 0 {
			line, next = line[:nl], pos+nl+1
		}
		trimmed := strings.TrimLeft(line, " \t")
		if strings.TrimSpace(trimmed) == "" {
			flushAll()
			pos = next
			continue
		}
		indent := len(line) - len(trimmed)
		if trimmed[0] == '{' {
			if name, params, n, ok := parseMacroTag(trimmed); ok && isBlockMacro(name) {
				flushAll()
				var nodes []ADFNode
				nodes, pos = p.macro(src, pos+indent+n, name, params, depth)
				out = append(out, nodes...)
				continue
			}
		}
		if trimmed[0] == '|' {
			flushPara()
			flushList()
			var row ADFNode
			row, next = wikiTableRow(src, pos+indent)
			if table == nil {
				table = &ADFNode{Type: "table"}
			}
			table.Content = append(table.Content, row)
			pos = next
			continue
		}
		flushTable()
		// A block macro later in the line starts a new block there.
		if idx := midLineMacro(trimmed); idx > 0 {
			trimmed = trimmed[:idx]
			next = pos + indent + idx
		}
		pos = next
		switch {
		case isWikiHeading(trimmed):
			flushAll()
			out = append(out, ADFNode{Type: "heading", Attrs: map[string]any{"level": int(trimmed[1] - '0')},
				Content: parseWikiInline(strings.TrimSpace(trimmed[3:]))})
		case strings.HasPrefix(trimmed, "bq.") && (len(trimmed) == 3 || trimmed[3] == ' ' || trimmed[3] == '\t'):
			flushAll()
			out = append(out, ADFNode{Type: "blockquote", Content: []ADFNode{{Type: "paragraph",
				Content: parseWikiInline(strings.TrimSpace(trimmed[3:]))}}})
		case isWikiRule(trimmed):
			flushAll()
			out = append(out, ADFNode{Type: "rule"})
		default:
			if markers, text, ok := wikiListItem(trimmed); ok {
				flushPara()
				if list == nil {
					list = &wikiListBuilder{}
				}
				list.add(markers, text)
				continue
			}
			if list != nil {
				list.continueItem(trimmed)
				continue
			}
			para = append(para, trimmed)
		}
	}
	flushAll()
	return out
}

func isWikiHeading(s string) bool {
	return len(s) >= 3 && s[0] == 'h' && s[1] >= '1' && s[1] <= '6' && s[2] == '.' &&
		(len(s) == 3 || s[3] == ' ' || s[3] == '\t')
}

func isWikiRule(s string) bool {
	s = strings.TrimSpace(s)
	return len(s) >= 4 && strings.Trim(s, "-") == ""
}

// wikiListItem recognises "* ", "** ", "# ", "#* ", "- " list lines.
func wikiListItem(s string) (markers, text string, ok bool) {
	i := 0
	for i < len(s) && (s[i] == '*' || s[i] == '#') {
		i++
	}
	if i == 0 && len(s) >= 1 && s[0] == '-' {
		i = 1
		if len(s) > 1 && s[1] == '-' {
			return "", "", false
		}
	}
	if i == 0 || i >= len(s) || (s[i] != ' ' && s[i] != '\t') {
		return "", "", false
	}
	markers = strings.ReplaceAll(s[:i], "-", "*")
	return markers, strings.TrimSpace(s[i:]), true
}

// midLineMacro returns the offset of a block macro that starts inside the
// line: container macros always start a block, {code} and {noformat} only
// when they do not close on the same line (then they are inline code).
func midLineMacro(s string) int {
	for i := 1; i < len(s); i++ {
		j := strings.IndexByte(s[i:], '{')
		if j < 0 {
			return 0
		}
		i += j
		if s[i-1] == '\\' || s[i-1] == '{' || i+1 < len(s) && s[i+1] == '{' {
			continue
		}
		name, _, n, ok := parseMacroTag(s[i:])
		if !ok || !isBlockMacro(name) {
			continue
		}
		if (name == "code" || name == "noformat") && strings.Contains(s[i+n:], "{"+name+"}") {
			return 0
		}
		return i
	}
	return 0
}

// macro parses a block macro whose body starts at start. It returns the
// nodes and the position after the closing tag (an unclosed macro runs to
// the end of the input).
func (p *wikiParser) macro(src string, start int, name, params string, depth int) ([]ADFNode, int) {
	closeTag := "{" + name + "}"
	body, after := src[start:], len(src)
	if idx := strings.Index(src[start:], closeTag); idx >= 0 {
		body, after = src[start:start+idx], start+idx+len(closeTag)
	}
	// The rest of the closing line, if blank, belongs to the macro.
	rest := src[after:]
	if nl := strings.IndexByte(rest, '\n'); nl < 0 && strings.TrimSpace(rest) == "" {
		after = len(src)
	} else if nl >= 0 && strings.TrimSpace(rest[:nl]) == "" {
		after += nl + 1
	}
	positional, kv := macroParams(params)
	switch name {
	case "code", "noformat":
		lang := ""
		if name == "code" {
			lang = kv["language"]
			if lang == "" {
				lang = positional
			}
		}
		return []ADFNode{codeBlockNode(markdownCodeLanguage(lang), trimCodeBody(body))}, after
	}
	var inner []ADFNode
	if depth >= maxWikiDepth {
		inner = []ADFNode{{Type: "paragraph", Content: []ADFNode{{Type: "text", Text: strings.TrimSpace(body)}}}}
	} else {
		inner = p.blocks(body, depth+1)
	}
	title := kv["title"]
	if title == "" && name == "expand" {
		title = positional
	}
	withTitle := func(blocks []ADFNode) []ADFNode {
		if title == "" {
			return blocks
		}
		head := ADFNode{Type: "paragraph", Content: []ADFNode{{Type: "text", Text: title, Marks: []ADFMark{{Type: "strong"}}}}}
		return append([]ADFNode{head}, blocks...)
	}
	switch name {
	case "quote":
		return []ADFNode{{Type: "blockquote", Content: inner}}, after
	case "panel":
		return []ADFNode{{Type: "blockquote", Content: withTitle(inner)}}, after
	case "expand":
		return []ADFNode{{Type: "expand", Attrs: map[string]any{"title": title}, Content: inner}}, after
	}
	pt := map[string]string{"info": "info", "note": "note", "warning": "warning", "tip": "success"}[name]
	return []ADFNode{{Type: "panel", Attrs: map[string]any{"panelType": pt}, Content: withTitle(inner)}}, after
}

// trimCodeBody drops the line break after the opening tag and before the
// closing one.
func trimCodeBody(body string) string {
	if i := strings.IndexByte(body, '\n'); i >= 0 && strings.TrimSpace(body[:i]) == "" {
		body = body[i+1:]
	}
	if i := strings.LastIndexByte(body, '\n'); i >= 0 && strings.TrimSpace(body[i+1:]) == "" {
		body = body[:i]
	}
	return body
}

// wikiTableRow reads one table row starting at start; a row whose line does
// not end with | continues on the following lines (cells with line breaks).
func wikiTableRow(src string, start int) (ADFNode, int) {
	end, next := len(src), len(src)
	for pos := start; pos < len(src); {
		nl := strings.IndexByte(src[pos:], '\n')
		lineEnd, lineNext := len(src), len(src)
		if nl >= 0 {
			lineEnd, lineNext = pos+nl, pos+nl+1
		}
		end, next = lineEnd, lineNext
		line := strings.TrimRight(src[pos:lineEnd], " \t")
		if strings.HasSuffix(line, "|") && !strings.HasSuffix(line, `\|`) || lineNext >= len(src) {
			break
		}
		following := src[lineNext:]
		if nl := strings.IndexByte(following, '\n'); nl >= 0 {
			following = following[:nl]
		}
		if f := strings.TrimSpace(following); f == "" || f[0] == '|' {
			break
		}
		pos = lineNext
	}
	return wikiRowCells(src[start:end]), next
}

// wikiRowCells splits a row into cells; || starts a header cell. Pipes in
// links, {{code}} and escapes do not split.
func wikiRowCells(row string) ADFNode {
	r := ADFNode{Type: "tableRow"}
	cellStart, header := -1, false
	addCell := func(end int) {
		if cellStart < 0 {
			return
		}
		typ := "tableCell"
		if header {
			typ = "tableHeader"
		}
		text := row[cellStart:end]
		r.Content = append(r.Content, ADFNode{Type: typ, Content: []ADFNode{{Type: "paragraph",
			Content: parseWikiLines(strings.Split(text, "\n"))}}})
	}
	for i := 0; i < len(row); i++ {
		switch c := row[i]; c {
		case '\\':
			i++
		case '[':
			if j := strings.IndexByte(row[i:], ']'); j > 0 && !strings.Contains(row[i:i+j], "\n") {
				i += j
			}
		case '{':
			if strings.HasPrefix(row[i:], "{{") {
				if j := strings.Index(row[i+2:], "}}"); j >= 0 {
					i += j + 3
				}
			}
		case '|':
			addCell(i)
			header = i+1 < len(row) && row[i+1] == '|'
			if header {
				i++
			}
			cellStart = i + 1
		}
	}
	if cellStart >= 0 && cellStart < len(row) && strings.TrimSpace(row[cellStart:]) != "" {
		addCell(len(row))
	}
	return r
}

// parseWikiLines parses paragraph lines; a newline in Jira wiki text is a
// line break.
func parseWikiLines(lines []string) []ADFNode {
	var out []ADFNode
	for i, line := range lines {
		if i > 0 {
			out = append(out, ADFNode{Type: "hardBreak"})
		}
		out = append(out, parseWikiInline(strings.TrimSpace(line))...)
	}
	return normalizeInline(out)
}

// wikiListBuilder assembles nested lists from marker prefixes.
type wikiListBuilder struct {
	roots []*wikiList
	stack []*wikiList
}

type wikiList struct {
	ordered bool
	items   []*wikiItem
}

type wikiItem struct {
	task    string // TODO or DONE when the text started with [ ] or [x]
	content []ADFNode
	lists   []*wikiList
}

func (b *wikiListBuilder) add(markers, text string) {
	level := min(len(markers), 32)
	for d := 0; d < level; d++ {
		ordered := markers[d] == '#'
		if d < len(b.stack) && b.stack[d].ordered == ordered {
			continue
		}
		b.stack = b.stack[:min(d, len(b.stack))]
		l := &wikiList{ordered: ordered}
		if d == 0 {
			b.roots = append(b.roots, l)
		} else {
			parent := b.stack[d-1]
			if len(parent.items) == 0 {
				parent.items = append(parent.items, &wikiItem{})
			}
			it := parent.items[len(parent.items)-1]
			it.lists = append(it.lists, l)
		}
		b.stack = append(b.stack, l)
	}
	b.stack = b.stack[:level]
	item := &wikiItem{}
	switch {
	case strings.HasPrefix(text, "[ ]"):
		item.task, text = "TODO", text[3:]
	case strings.HasPrefix(text, "[x]"), strings.HasPrefix(text, "[X]"):
		item.task, text = "DONE", text[3:]
	}
	if item.task != "" && text != "" && text[0] != ' ' && text[0] != '\t' {
		item.task, text = "", strings.TrimSpace(text)
	}
	item.content = parseWikiInline(strings.TrimSpace(text))
	l := b.stack[level-1]
	l.items = append(l.items, item)
}

// continueItem appends a line that is not a list item to the last item.
func (b *wikiListBuilder) continueItem(line string) {
	if len(b.stack) == 0 {
		return
	}
	l := b.stack[len(b.stack)-1]
	if len(l.items) == 0 {
		return
	}
	it := l.items[len(l.items)-1]
	it.content = append(it.content, ADFNode{Type: "hardBreak"})
	it.content = append(it.content, parseWikiInline(strings.TrimSpace(line))...)
}

func (b *wikiListBuilder) nodes() []ADFNode {
	out := make([]ADFNode, 0, len(b.roots))
	for _, l := range b.roots {
		out = append(out, l.node())
	}
	return out
}

// node converts a list; a bullet list whose items all start with [ ] or [x]
// (how task lists are written in wiki markup) becomes a task list.
func (l *wikiList) node() ADFNode {
	tasks := !l.ordered && len(l.items) > 0
	for _, it := range l.items {
		tasks = tasks && it.task != ""
	}
	if tasks {
		list := ADFNode{Type: "taskList"}
		for _, it := range l.items {
			task := ADFNode{Type: "taskItem", Attrs: map[string]any{"state": it.task}, Content: it.content}
			var nested []ADFNode
			for _, sub := range it.lists {
				n := sub.node()
				if n.Type == "taskList" {
					nested = append(nested, n)
				} else {
					task.Content = appendFlattened(task.Content, []ADFNode{n})
				}
			}
			list.Content = append(list.Content, task)
			list.Content = append(list.Content, nested...)
		}
		return list
	}
	typ := "bulletList"
	if l.ordered {
		typ = "orderedList"
	}
	list := ADFNode{Type: typ}
	for _, it := range l.items {
		content := it.content
		if it.task != "" {
			box := "[ ] "
			if it.task == "DONE" {
				box = "[x] "
			}
			content = append([]ADFNode{{Type: "text", Text: box}}, content...)
		}
		item := ADFNode{Type: "listItem", Content: []ADFNode{{Type: "paragraph", Content: normalizeInline(content)}}}
		for _, sub := range it.lists {
			item.Content = append(item.Content, sub.node())
		}
		list.Content = append(list.Content, item)
	}
	return list
}

// delimiter indexes for wikiInline: the formatting characters and "??".
func wikiDelimIndex(c byte) int {
	return strings.IndexByte("*_-+^~?", c)
}

func wikiDelimMark(c byte) ADFMark {
	switch c {
	case '*':
		return ADFMark{Type: "strong"}
	case '_', '?':
		return ADFMark{Type: "em"}
	case '-':
		return ADFMark{Type: "strike"}
	case '+':
		return ADFMark{Type: "underline"}
	case '^':
		return ADFMark{Type: "subsup", Attrs: map[string]any{"type": "sup"}}
	}
	return ADFMark{Type: "subsup", Attrs: map[string]any{"type": "sub"}}
}

// wikiInline parses one line of inline wiki markup. Candidate positions of
// closing delimiters are indexed up front, so finding the end of a span is a
// binary search and hostile input (many unmatched "*") stays near linear.
type wikiInline struct {
	s       string
	closers [7][]int // closing-capable delimiter positions
	braces  [7][]int // {*} style delimiter positions
	rbrack  []int    // unescaped ]
	bangs   []int    // unescaped !
	dclose  []int    // }} ending {{monospace}}
	out     []ADFNode
	buf     strings.Builder
}

func parseWikiInline(s string) []ADFNode {
	if s == "" {
		return nil
	}
	p := &wikiInline{s: s}
	p.index()
	p.parse(0, len(s), nil)
	return normalizeInline(p.out)
}

func (p *wikiInline) index() {
	s := p.s
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\':
			i++
			continue
		case ']':
			p.rbrack = append(p.rbrack, i)
		case '!':
			p.bangs = append(p.bangs, i)
		case '}':
			if i+1 < len(s) && s[i+1] == '}' {
				p.dclose = append(p.dclose, i)
			}
		case '{':
			if i+2 < len(s) && s[i+2] == '}' {
				if k := wikiDelimIndex(s[i+1]); k >= 0 && s[i+1] != '?' {
					p.braces[k] = append(p.braces[k], i)
					i += 2
					continue
				}
			}
		}
		k := wikiDelimIndex(c)
		if k < 0 {
			continue
		}
		width := 1
		if c == '?' {
			if i+1 >= len(s) || s[i+1] != '?' {
				continue
			}
			width = 2
		}
		var prev, next byte
		if i > 0 {
			prev = s[i-1]
		}
		if i+width < len(s) {
			next = s[i+width]
		}
		if prev != 0 && !isSpaceByte(prev) && prev != c && !isWordByte(next) {
			p.closers[k] = append(p.closers[k], i)
		}
		i += width - 1
	}
}

func (p *wikiInline) flush(marks []ADFMark) {
	if p.buf.Len() > 0 {
		p.out = append(p.out, ADFNode{Type: "text", Text: p.buf.String(), Marks: marks})
		p.buf.Reset()
	}
}

// isWikiSpecial reports whether c may start inline syntax.
func isWikiSpecial(c byte) bool {
	switch c {
	case '\\', '{', '[', '!', '&', '*', '_', '-', '+', '^', '~', '?', 'h', 'H', 'f', 'F', 'm', 'M':
		return true
	}
	return false
}

func (p *wikiInline) parse(lo, hi int, marks []ADFMark) {
	s := p.s
	for k := lo; k < hi; {
		c := s[k]
		if !isWikiSpecial(c) {
			j := k + 1
			for j < hi && !isWikiSpecial(s[j]) {
				j++
			}
			p.buf.WriteString(s[k:j])
			k = j
			continue
		}
		nk, ok := k, false
		switch c {
		case '\\':
			if k+1 < hi {
				if n := s[k+1]; n == '\\' {
					p.flush(marks)
					p.out = append(p.out, ADFNode{Type: "hardBreak"})
					nk, ok = k+2, true
				} else if n < 0x80 && !isAlnum(n) && n != ' ' {
					p.buf.WriteByte(n)
					nk, ok = k+2, true
				}
			}
		case '{':
			nk, ok = p.brace(k, hi, marks)
		case '[':
			nk, ok = p.link(k, hi, marks)
		case '!':
			nk, ok = p.image(k, hi, marks)
		case '&':
			if n := entityLen(s[k:hi]); n > 0 {
				if dec := html.UnescapeString(s[k : k+n]); dec != s[k:k+n] {
					p.buf.WriteString(dec)
					nk, ok = k+n, true
				}
			}
		case 'h', 'H', 'f', 'F', 'm', 'M':
			if (k == 0 || !isWordByte(s[k-1])) && !hasMarkType(marks, "link") {
				if n := wikiURLLen(s[k:hi]); n > 0 {
					url := s[k : k+n]
					p.flush(marks)
					text := url
					if rest, isMail := cutPrefixFold(url, "mailto:"); isMail {
						text = rest
					}
					p.out = append(p.out, ADFNode{Type: "text", Text: text, Marks: withMark(marks, linkMark(url))})
					nk, ok = k+n, true
				}
			}
		default:
			nk, ok = p.emphasis(k, hi, marks)
		}
		if !ok {
			p.buf.WriteByte(c)
			nk = k + 1
		}
		k = nk
	}
	p.flush(marks)
}

// firstAfter returns the first position in list that is >= from and < hi.
func firstAfter(list []int, from, hi int) (int, bool) {
	i := sort.SearchInts(list, from)
	if i < len(list) && list[i] < hi {
		return list[i], true
	}
	return 0, false
}

func (p *wikiInline) emphasis(k, hi int, marks []ADFMark) (int, bool) {
	s := p.s
	c := s[k]
	width := 1
	if c == '?' {
		if k+1 >= hi || s[k+1] != '?' {
			return 0, false
		}
		width = 2
	}
	var prev, next byte
	if k > 0 {
		prev = s[k-1]
	}
	if k+width < hi {
		next = s[k+width]
	}
	if isWordByte(prev) || next == 0 || isSpaceByte(next) || next == c {
		return 0, false
	}
	j, found := firstAfter(p.closers[wikiDelimIndex(c)], k+width+1, hi)
	if !found || j+width > hi {
		return 0, false
	}
	p.flush(marks)
	p.parse(k+width, j, withMark(marks, wikiDelimMark(c)))
	return j + width, true
}

func (p *wikiInline) brace(k, hi int, marks []ADFMark) (int, bool) {
	s := p.s
	if k+1 < hi && s[k+1] == '{' {
		j, found := firstAfter(p.dclose, k+2, hi)
		if !found || j+2 > hi {
			return 0, false
		}
		p.flush(marks)
		if code := unescapeWiki(s[k+2 : j]); code != "" {
			p.out = append(p.out, ADFNode{Type: "text", Text: code, Marks: withMark(marks, ADFMark{Type: "code"})})
		}
		return j + 2, true
	}
	if k+2 < hi && s[k+2] == '}' && s[k+1] != '?' && wikiDelimIndex(s[k+1]) >= 0 {
		j, found := firstAfter(p.braces[wikiDelimIndex(s[k+1])], k+3, hi)
		if !found || j+3 > hi {
			return 0, false
		}
		p.flush(marks)
		p.parse(k+3, j, withMark(marks, wikiDelimMark(s[k+1])))
		return j + 3, true
	}
	name, _, n, ok := parseMacroTag(s[k:hi])
	if !ok {
		return 0, false
	}
	switch name {
	case "color", "anchor":
		// Colour has no Markdown form; the text is kept.
		return k + n, true
	case "code", "noformat":
		closeTag := "{" + name + "}"
		end := strings.Index(s[k+n:hi], closeTag)
		if end < 0 {
			return 0, false
		}
		p.flush(marks)
		if code := s[k+n : k+n+end]; code != "" {
			p.out = append(p.out, ADFNode{Type: "text", Text: code, Marks: withMark(marks, ADFMark{Type: "code"})})
		}
		return k + n + end + len(closeTag), true
	}
	return 0, false
}

// link parses [url], [text|url], [~user], [~accountid:ID], [^attachment].
func (p *wikiInline) link(k, hi int, marks []ADFMark) (int, bool) {
	s := p.s
	j, found := firstAfter(p.rbrack, k+1, hi)
	if !found {
		return 0, false
	}
	inner := s[k+1 : j]
	if strings.TrimSpace(inner) == "" {
		return 0, false
	}
	text, target := inner, inner
	bar := indexUnescaped(inner, '|')
	if bar >= 0 {
		text, target = inner[:bar], inner[bar+1:]
		if b2 := indexUnescaped(target, '|'); b2 >= 0 {
			target = target[:b2]
		}
	}
	target = strings.TrimSpace(target)
	if strings.HasPrefix(target, "~") {
		user := target[1:]
		if user == "" || strings.ContainsAny(user, " \t") {
			return 0, false
		}
		p.flush(marks)
		attrs := map[string]any{}
		if id, ok := cutPrefixFold(user, "accountid:"); ok {
			attrs["id"] = id
		} else {
			attrs["_username"] = user
		}
		if bar >= 0 && strings.TrimSpace(text) != "" {
			attrs["text"] = "@" + strings.TrimPrefix(strings.TrimSpace(unescapeWiki(text)), "@")
		}
		p.out = append(p.out, ADFNode{Type: "mention", Attrs: attrs})
		return j + 1, true
	}
	href := target
	label := ""
	switch {
	case strings.HasPrefix(target, "^"):
		href = target[1:]
		label = href
	case bar < 0:
		label = strings.TrimPrefix(target, "mailto:")
	}
	if href == "" || strings.ContainsAny(href, "\n") {
		return 0, false
	}
	p.flush(marks)
	lm := withMark(marks, linkMark(unescapeWiki(href)))
	if bar >= 0 {
		p.parse(k+1, k+1+bar, lm)
	} else {
		p.out = append(p.out, ADFNode{Type: "text", Text: unescapeWiki(label), Marks: lm})
	}
	return j + 1, true
}

// image parses !file.png! and !url|params!.
func (p *wikiInline) image(k, hi int, marks []ADFMark) (int, bool) {
	s := p.s
	j, found := firstAfter(p.bangs, k+2, hi)
	if !found {
		return 0, false
	}
	inner := s[k+1 : j]
	if isSpaceByte(inner[0]) || isSpaceByte(inner[len(inner)-1]) {
		return 0, false
	}
	src, params, _ := strings.Cut(inner, "|")
	if !strings.ContainsAny(src, "./:") || strings.ContainsAny(src, "[]{}") {
		return 0, false
	}
	_, kv := macroParams(params)
	p.flush(marks)
	p.out = append(p.out, ADFNode{Type: "image", Attrs: map[string]any{"src": src, "alt": kv["alt"]}})
	return j + 1, true
}

func indexUnescaped(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			i++
			continue
		}
		if s[i] == c {
			return i
		}
	}
	return -1
}

// unescapeWiki resolves backslash escapes and entities in literal wiki text.
func unescapeWiki(s string) string {
	if strings.IndexByte(s, '\\') < 0 && strings.IndexByte(s, '&') < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) && s[i+1] < 0x80 && !isAlnum(s[i+1]) && s[i+1] != ' ' {
			b.WriteByte(s[i+1])
			i++
			continue
		}
		if c == '&' {
			if n := entityLen(s[i:]); n > 0 {
				if dec := html.UnescapeString(s[i : i+n]); dec != s[i:i+n] {
					b.WriteString(dec)
					i += n - 1
					continue
				}
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// wikiURLLen returns the length of a bare URL at the start of s, which Jira
// links automatically; trailing punctuation is not part of it.
func wikiURLLen(s string) int {
	n := 0
	for _, p := range []string{"https://", "http://", "ftp://", "mailto:"} {
		if len(s) > len(p) && strings.EqualFold(s[:len(p)], p) {
			n = len(p)
			break
		}
	}
	if n == 0 {
		return 0
	}
	start := n
	for n < len(s) && !isSpaceByte(s[n]) && strings.IndexByte("|[]{}<>\"\\", s[n]) < 0 {
		n++
	}
	for n > start && strings.IndexByte(".,;:!?'*_-+~^)", s[n-1]) >= 0 {
		if s[n-1] == ')' && strings.Count(s[start:n], "(") >= strings.Count(s[start:n], ")") {
			break
		}
		n--
	}
	if n == start {
		return 0
	}
	return n
}
