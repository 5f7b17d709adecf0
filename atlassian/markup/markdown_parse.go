package markup

import (
	"bytes"
	"html"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// mdParser is built once: goldmark parsers keep per-parse state in a fresh
// context, so one instance is safe for concurrent use.
var mdParser = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithParserOptions(
		// Before the link parser (200), so that [~user] is a mention and the
		// "~" never reaches the strikethrough parser.
		parser.WithInlineParsers(util.Prioritized(mentionParser{}, 150)),
	),
).Parser()

// kindMention is the goldmark node kind of Jira mentions written as
// [~accountid:ID] or [~username].
var kindMention = ast.NewNodeKind("JiraMention")

type mentionNode struct {
	ast.BaseInline
	accountID string
	username  string
}

func (n *mentionNode) Kind() ast.NodeKind { return kindMention }

func (n *mentionNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"AccountID": n.accountID, "Username": n.username}, nil)
}

// mentionParser recognises [~accountid:ID] and [~username] in Markdown.
type mentionParser struct{}

func (mentionParser) Trigger() []byte { return []byte{'['} }

func (mentionParser) Parse(_ ast.Node, block text.Reader, _ parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) < 4 || line[1] != '~' {
		return nil
	}
	end := bytes.IndexByte(line, ']')
	if end < 3 || end > 256 {
		return nil
	}
	inner := line[2:end]
	if bytes.ContainsAny(inner, " \t\r\n[|") {
		return nil
	}
	n := &mentionNode{}
	if id, ok := cutPrefixFold(string(inner), "accountid:"); ok {
		if id == "" {
			return nil
		}
		n.accountID = id
	} else {
		n.username = string(inner)
	}
	block.Advance(end + 1)
	return n
}

// mdConverter turns a goldmark AST into the package's intermediate tree: ADF
// node types, plus "image" inline nodes and mention "_username" attributes that
// only the ADF sanitizer and the wiki writer know how to finish.
type mdConverter struct {
	src      []byte
	extra    []ADFMark      // marks opened by inline HTML such as <u>, one per type
	extraDup map[string]int // repeated openings of a type already in extra
	depth    int            // nesting of <details> bodies parsed separately
}

// parseMarkdown converts Markdown to the intermediate tree.
func parseMarkdown(md string) *ADFNode {
	c := &mdConverter{}
	return &ADFNode{Type: "doc", Version: 1, Content: nonNil(c.parse(md))}
}

func (c *mdConverter) parse(md string) []ADFNode {
	src := []byte(md)
	root := mdParser.Parse(text.NewReader(src))
	saved := c.src
	c.src = src
	out := c.blocks(root)
	c.src = saved
	return out
}

func nonNil(n []ADFNode) []ADFNode {
	if n == nil {
		return []ADFNode{}
	}
	return n
}

func (c *mdConverter) blocks(parent ast.Node) []ADFNode {
	var out []ADFNode
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		var nodes []ADFNode
		nodes, n = c.block(n)
		out = append(out, nodes...)
	}
	return out
}

// block converts one block node. It returns the last sibling it consumed,
// which is n itself except for <details>, whose body spans several siblings.
func (c *mdConverter) block(n ast.Node) ([]ADFNode, ast.Node) {
	switch v := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		if p := c.paragraph(v); len(p.Content) > 0 {
			return []ADFNode{p}, n
		}
		return nil, n
	case *ast.Heading:
		return []ADFNode{{Type: "heading", Attrs: map[string]any{"level": v.Level}, Content: c.inlines(v)}}, n
	case *ast.ThematicBreak:
		return []ADFNode{{Type: "rule"}}, n
	case *ast.FencedCodeBlock:
		lang := ""
		if v.Info != nil {
			lang = strings.TrimSpace(mdUnescape(v.Language(c.src)))
		}
		return []ADFNode{codeBlockNode(lang, c.lines(v))}, n
	case *ast.CodeBlock:
		return []ADFNode{codeBlockNode("", c.lines(v))}, n
	case *ast.Blockquote:
		return []ADFNode{c.blockquote(v)}, n
	case *ast.List:
		return c.list(v), n
	case *east.Table:
		return []ADFNode{c.table(v)}, n
	case *ast.HTMLBlock:
		return c.htmlBlock(v)
	}
	if n.HasChildren() {
		return c.blocks(n), n
	}
	return nil, n
}

func codeBlockNode(lang, body string) ADFNode {
	n := ADFNode{Type: "codeBlock"}
	if lang != "" {
		n.Attrs = map[string]any{"language": lang}
	}
	if body != "" {
		n.Content = []ADFNode{{Type: "text", Text: body}}
	}
	return n
}

// lines joins the raw lines of a code block, without the final newline.
func (c *mdConverter) lines(n ast.Node) string {
	var b strings.Builder
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		b.Write(seg.Value(c.src))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func (c *mdConverter) paragraph(n ast.Node) ADFNode {
	return ADFNode{Type: "paragraph", Content: c.inlines(n)}
}

var alertRe = regexp.MustCompile(`^\[!([A-Za-z]+)\][ \t]*`)

// alertPanelType maps GitHub alert names to ADF panel types.
func alertPanelType(name string) string {
	switch strings.ToUpper(name) {
	case "INFO":
		return "info"
	case "NOTE", "IMPORTANT":
		return "note"
	case "WARNING":
		return "warning"
	case "TIP", "SUCCESS", "HINT":
		return "success"
	case "ERROR", "CAUTION", "DANGER":
		return "error"
	}
	return ""
}

// blockquote converts a quote, or a panel when it starts with a GitHub alert
// marker such as [!NOTE].
func (c *mdConverter) blockquote(v *ast.Blockquote) ADFNode {
	content := c.blocks(v)
	if c.startsWithAlert(v) && len(content) > 0 && content[0].Type == "paragraph" && len(content[0].Content) > 0 {
		first := &content[0].Content[0]
		if first.Type == "text" && len(first.Marks) == 0 {
			if m := alertRe.FindStringSubmatchIndex(first.Text); m != nil {
				if pt := alertPanelType(first.Text[m[2]:m[3]]); pt != "" {
					para := content[0].Content
					rest := first.Text[m[1]:]
					if rest == "" {
						para = para[1:]
					} else {
						para[0].Text = rest
					}
					if len(para) > 0 && para[0].Type == "hardBreak" {
						para = para[1:]
					}
					if len(para) == 0 {
						content = content[1:]
					} else {
						content[0].Content = para
					}
					return ADFNode{Type: "panel", Attrs: map[string]any{"panelType": pt}, Content: content}
				}
			}
		}
	}
	return ADFNode{Type: "blockquote", Content: content}
}

// startsWithAlert checks the source, not the parsed text, so that an escaped
// \[!NOTE] stays a quote.
func (c *mdConverter) startsWithAlert(v *ast.Blockquote) bool {
	p, ok := v.FirstChild().(*ast.Paragraph)
	if !ok || p.Lines().Len() == 0 {
		return false
	}
	seg := p.Lines().At(0)
	return alertRe.Match(bytes.TrimLeft(seg.Value(c.src), " \t"))
}

func taskCheckBox(item ast.Node) *east.TaskCheckBox {
	first := item.FirstChild()
	if first == nil {
		return nil
	}
	if _, ok := first.(*ast.TextBlock); !ok {
		if _, ok := first.(*ast.Paragraph); !ok {
			return nil
		}
	}
	cb, _ := first.FirstChild().(*east.TaskCheckBox)
	return cb
}

func (c *mdConverter) list(v *ast.List) []ADFNode {
	allTasks := v.HasChildren()
	for item := v.FirstChild(); item != nil && allTasks; item = item.NextSibling() {
		allTasks = taskCheckBox(item) != nil
	}
	if allTasks {
		return []ADFNode{c.taskList(v)}
	}
	typ := "bulletList"
	var attrs map[string]any
	if v.IsOrdered() {
		typ = "orderedList"
		if v.Start != 1 {
			attrs = map[string]any{"order": v.Start}
		}
	}
	list := ADFNode{Type: typ, Attrs: attrs}
	for item := v.FirstChild(); item != nil; item = item.NextSibling() {
		list.Content = append(list.Content, ADFNode{Type: "listItem", Content: c.blocks(item)})
	}
	return []ADFNode{list}
}

// taskList converts a list whose items all start with [ ] or [x]. Nested task
// lists follow their parent item inside the taskList, as in ADF; any other
// nested block is flattened into the item's text.
func (c *mdConverter) taskList(v *ast.List) ADFNode {
	list := ADFNode{Type: "taskList"}
	for item := v.FirstChild(); item != nil; item = item.NextSibling() {
		cb := taskCheckBox(item)
		state := "TODO"
		if cb != nil {
			if cb.IsChecked {
				state = "DONE"
			}
			cb.Parent().RemoveChild(cb.Parent(), cb)
		}
		task := ADFNode{Type: "taskItem", Attrs: map[string]any{"state": state}}
		var nested []ADFNode
		for child := item.FirstChild(); child != nil; child = child.NextSibling() {
			var blocks []ADFNode
			blocks, child = c.block(child)
			for _, b := range blocks {
				if b.Type == "taskList" {
					nested = append(nested, b)
				} else {
					task.Content = appendFlattened(task.Content, []ADFNode{b})
				}
			}
		}
		list.Content = append(list.Content, task)
		list.Content = append(list.Content, nested...)
	}
	return list
}

// table converts a GFM table. An all-empty header row is how a table
// without one is written (as the Confluence converter does), so it is
// dropped; lines of a cell that start with "- " or "1. " become a list again.
func (c *mdConverter) table(v *east.Table) ADFNode {
	t := ADFNode{Type: "table"}
	width := 0
	for row := v.FirstChild(); row != nil; row = row.NextSibling() {
		cellType := "tableCell"
		if _, ok := row.(*east.TableHeader); ok {
			cellType = "tableHeader"
		}
		r := ADFNode{Type: "tableRow"}
		empty := true
		for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
			content := cellBlocks(c.inlines(cell))
			empty = empty && len(content[0].Content) == 0 && len(content) == 1
			r.Content = append(r.Content, ADFNode{Type: cellType, Content: content})
		}
		if cellType == "tableHeader" && empty {
			continue
		}
		width = max(width, len(r.Content))
		t.Content = append(t.Content, r)
	}
	for i := range t.Content {
		for len(t.Content[i].Content) < width {
			t.Content[i].Content = append(t.Content[i].Content, ADFNode{Type: "tableCell", Content: []ADFNode{{Type: "paragraph"}}})
		}
	}
	return t
}

var cellListRe = regexp.MustCompile(`^(?:- |(\d{1,9})\. )`)

// cellBlocks splits the inline content of a table cell at line breaks and
// rebuilds the lists that were flattened to "- item" / "1. item" lines.
func cellBlocks(inl []ADFNode) []ADFNode {
	var lines [][]ADFNode
	start := 0
	hasList := false
	for i := 0; i <= len(inl); i++ {
		if i < len(inl) && inl[i].Type != "hardBreak" {
			continue
		}
		line := inl[start:i]
		if len(line) > 0 && line[0].Type == "text" && len(line[0].Marks) == 0 && cellListRe.MatchString(line[0].Text) {
			hasList = true
		}
		lines = append(lines, line)
		start = i + 1
	}
	if !hasList {
		return []ADFNode{{Type: "paragraph", Content: inl}}
	}
	var out, para []ADFNode
	for _, line := range lines {
		var m []string
		if len(line) > 0 && line[0].Type == "text" && len(line[0].Marks) == 0 {
			m = cellListRe.FindStringSubmatch(line[0].Text)
		}
		if m == nil {
			if len(para) > 0 {
				para = append(para, ADFNode{Type: "hardBreak"})
			}
			para = append(para, line...)
			continue
		}
		if len(para) > 0 {
			out = append(out, ADFNode{Type: "paragraph", Content: para})
			para = nil
		}
		typ := "bulletList"
		if m[1] != "" {
			typ = "orderedList"
		}
		item := append([]ADFNode{}, line...)
		item[0].Text = item[0].Text[len(m[0]):]
		li := ADFNode{Type: "listItem", Content: []ADFNode{{Type: "paragraph", Content: normalizeInline(item)}}}
		if k := len(out) - 1; k >= 0 && out[k].Type == typ {
			out[k].Content = append(out[k].Content, li)
			continue
		}
		list := ADFNode{Type: typ, Content: []ADFNode{li}}
		if n, _ := attrInt(map[string]any{"n": m[1]}, "n"); typ == "orderedList" && n != 1 {
			list.Attrs = map[string]any{"order": n}
		}
		out = append(out, list)
	}
	if len(para) > 0 {
		out = append(out, ADFNode{Type: "paragraph", Content: para})
	}
	return out
}

var (
	detailsOpenRe  = regexp.MustCompile(`(?is)^\s*<details\b[^>]*>\s*(?:<summary\b[^>]*>(.*?)</summary>)?(.*)$`)
	detailsCloseRe = regexp.MustCompile(`(?is)^\s*</details>\s*$`)
	htmlTagRe      = regexp.MustCompile(`<[^>]*>`)
	htmlCommentRe  = regexp.MustCompile(`(?s)^\s*<!--.*-->\s*$`)
)

const maxDetailsDepth = 16

// htmlBlock handles <details><summary>Title</summary>…</details>, the
// Markdown form of ADF expand nodes. It returns the last sibling it consumed.
// Other HTML is kept as text, HTML comments are dropped.
func (c *mdConverter) htmlBlock(v *ast.HTMLBlock) ([]ADFNode, ast.Node) {
	raw := c.htmlText(v)
	if htmlCommentRe.MatchString(raw) {
		return nil, v
	}
	m := detailsOpenRe.FindStringSubmatch(raw)
	if m == nil || c.depth >= maxDetailsDepth {
		if detailsCloseRe.MatchString(raw) {
			return nil, v
		}
		return []ADFNode{{Type: "paragraph", Content: []ADFNode{{Type: "text", Text: strings.TrimSpace(raw)}}}}, v
	}
	title := strings.TrimSpace(html.UnescapeString(htmlTagRe.ReplaceAllString(m[1], "")))
	exp := ADFNode{Type: "expand", Attrs: map[string]any{"title": title}}
	body := m[2]
	c.depth++
	defer func() { c.depth-- }()
	if trimmed := strings.TrimSpace(body); strings.HasSuffix(strings.ToLower(trimmed), "</details>") {
		exp.Content = c.parse(trimmed[:len(trimmed)-len("</details>")])
		return []ADFNode{exp}, v
	}
	if strings.TrimSpace(body) != "" {
		exp.Content = c.parse(body)
	}
	// The body follows as sibling blocks up to the matching </details>;
	// nested <details> consume their own siblings through block().
	last := ast.Node(v)
	for n := v.NextSibling(); n != nil; n = n.NextSibling() {
		last = n
		if hb, ok := n.(*ast.HTMLBlock); ok && detailsCloseRe.MatchString(c.htmlText(hb)) {
			break
		}
		var blocks []ADFNode
		blocks, n = c.block(n)
		last = n
		exp.Content = append(exp.Content, blocks...)
	}
	return []ADFNode{exp}, last
}

func (c *mdConverter) htmlText(v *ast.HTMLBlock) string {
	var b strings.Builder
	lines := v.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		b.Write(seg.Value(c.src))
	}
	if v.HasClosure() {
		b.Write(v.ClosureLine.Value(c.src))
	}
	return b.String()
}

// inlines converts the inline children of n and normalises the result:
// adjacent texts with equal marks merged, empty texts and edge breaks dropped.
func (c *mdConverter) inlines(n ast.Node) []ADFNode {
	c.extra = c.extra[:0]
	clear(c.extraDup)
	var out []ADFNode
	c.walkInline(n, nil, &out)
	return normalizeInline(out)
}

func (c *mdConverter) emit(out *[]ADFNode, s string, marks []ADFMark) {
	if s == "" {
		return
	}
	for _, m := range c.extra {
		marks = withMark(marks, m)
	}
	*out = append(*out, ADFNode{Type: "text", Text: s, Marks: marks})
}

func (c *mdConverter) walkInline(parent ast.Node, marks []ADFMark, out *[]ADFNode) {
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		switch v := n.(type) {
		case *ast.Text:
			seg := v.Segment.Value(c.src)
			if v.IsRaw() {
				c.emit(out, string(seg), marks)
			} else {
				c.emit(out, mdUnescape(seg), marks)
			}
			if v.HardLineBreak() {
				*out = append(*out, ADFNode{Type: "hardBreak"})
			} else if v.SoftLineBreak() {
				c.emit(out, " ", marks)
			}
		case *ast.String:
			if v.IsCode() || v.IsRaw() {
				c.emit(out, string(v.Value), marks)
			} else {
				c.emit(out, mdUnescape(v.Value), marks)
			}
		case *ast.CodeSpan:
			var b strings.Builder
			for t := v.FirstChild(); t != nil; t = t.NextSibling() {
				switch tv := t.(type) {
				case *ast.Text:
					b.Write(tv.Segment.Value(c.src))
				case *ast.String:
					b.Write(tv.Value)
				}
			}
			s := strings.ReplaceAll(b.String(), "\n", " ")
			c.emit(out, s, withMark(marks, ADFMark{Type: "code"}))
		case *ast.Emphasis:
			t := "em"
			if v.Level >= 2 {
				t = "strong"
			}
			c.walkInline(v, withMark(marks, ADFMark{Type: t}), out)
		case *east.Strikethrough:
			c.walkInline(v, withMark(marks, ADFMark{Type: "strike"}), out)
		case *ast.Link:
			c.link(v, marks, out)
		case *ast.AutoLink:
			url := string(v.URL(c.src))
			if v.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
				url = "mailto:" + url
			}
			c.emit(out, string(v.Label(c.src)), withMark(marks, linkMark(url)))
		case *ast.Image:
			*out = append(*out, ADFNode{Type: "image", Attrs: map[string]any{
				"src": mdUnescape(v.Destination),
				"alt": c.plainText(v),
			}})
		case *ast.RawHTML:
			c.rawHTML(v, marks, out)
		case *mentionNode:
			if v.accountID != "" {
				*out = append(*out, ADFNode{Type: "mention", Attrs: map[string]any{"id": v.accountID}})
			} else {
				*out = append(*out, ADFNode{Type: "mention", Attrs: map[string]any{"_username": v.username}})
			}
		case *east.TaskCheckBox:
			// A checkbox in a list that is not all tasks stays visible as text.
			if v.IsChecked {
				c.emit(out, "[x] ", marks)
			} else {
				c.emit(out, "[ ] ", marks)
			}
		default:
			if n.HasChildren() {
				c.walkInline(n, marks, out)
			}
		}
	}
}

// link converts a Markdown link; a destination of accountid:ID makes a
// mention, and a directly preceding "@" (as in @[Name](accountid:ID)) is part
// of it.
func (c *mdConverter) link(v *ast.Link, marks []ADFMark, out *[]ADFNode) {
	dest := mdUnescape(v.Destination)
	if id, ok := cutPrefixFold(dest, "accountid:"); ok && id != "" {
		if k := len(*out) - 1; k >= 0 && (*out)[k].Type == "text" && strings.HasSuffix((*out)[k].Text, "@") {
			(*out)[k].Text = strings.TrimSuffix((*out)[k].Text, "@")
		}
		attrs := map[string]any{"id": id}
		if name := strings.TrimPrefix(strings.TrimSpace(c.plainText(v)), "@"); name != "" {
			attrs["text"] = "@" + name
		}
		*out = append(*out, ADFNode{Type: "mention", Attrs: attrs})
		return
	}
	if dest == "" {
		c.walkInline(v, marks, out)
		return
	}
	c.walkInline(v, withMark(marks, linkMark(dest)), out)
}

var rawTagRe = regexp.MustCompile(`^<(/?)([A-Za-z]+)\s*(/?)>$`)

// rawHTML maps the few inline tags that carry ADF formatting (<u>, <sub>,
// <br>, ...) and keeps any other inline HTML as literal text.
func (c *mdConverter) rawHTML(v *ast.RawHTML, marks []ADFMark, out *[]ADFNode) {
	var b strings.Builder
	for i := 0; i < v.Segments.Len(); i++ {
		seg := v.Segments.At(i)
		b.Write(seg.Value(c.src))
	}
	raw := b.String()
	m := rawTagRe.FindStringSubmatch(raw)
	if m == nil {
		c.emit(out, raw, marks)
		return
	}
	closing := m[1] == "/"
	var mark ADFMark
	switch strings.ToLower(m[2]) {
	case "br":
		*out = append(*out, ADFNode{Type: "hardBreak"})
		return
	case "u", "ins":
		mark = ADFMark{Type: "underline"}
	case "sub", "sup":
		mark = ADFMark{Type: "subsup", Attrs: map[string]any{"type": strings.ToLower(m[2])}}
	case "s", "del", "strike":
		mark = ADFMark{Type: "strike"}
	case "b", "strong":
		mark = ADFMark{Type: "strong"}
	case "i", "em":
		mark = ADFMark{Type: "em"}
	default:
		c.emit(out, raw, marks)
		return
	}
	if !closing {
		if hasMarkType(c.extra, mark.Type) {
			if c.extraDup == nil {
				c.extraDup = map[string]int{}
			}
			c.extraDup[mark.Type]++
			return
		}
		c.extra = append(c.extra, mark)
		return
	}
	if c.extraDup[mark.Type] > 0 {
		c.extraDup[mark.Type]--
		return
	}
	for i := len(c.extra) - 1; i >= 0; i-- {
		if c.extra[i].Type == mark.Type {
			c.extra = append(c.extra[:i], c.extra[i+1:]...)
			break
		}
	}
}

// plainText is the text content of an inline subtree, for alt texts and
// mention names.
func (c *mdConverter) plainText(n ast.Node) string {
	var b strings.Builder
	var walk func(ast.Node)
	walk = func(p ast.Node) {
		for ch := p.FirstChild(); ch != nil; ch = ch.NextSibling() {
			switch v := ch.(type) {
			case *ast.Text:
				b.WriteString(mdUnescape(v.Segment.Value(c.src)))
				if v.SoftLineBreak() || v.HardLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(v.Value)
			default:
				walk(ch)
			}
		}
	}
	walk(n)
	return b.String()
}

// normalizeInline merges adjacent text nodes with the same marks and removes
// empty texts and leading/trailing hard breaks. Merging goes through one
// builder per run so that many small pieces stay linear.
func normalizeInline(in []ADFNode) []ADFNode {
	out := in[:0]
	for i := 0; i < len(in); i++ {
		n := in[i]
		if n.Type == "text" {
			if n.Text == "" {
				continue
			}
			j := i + 1
			for j < len(in) && (in[j].Type == "text" && (in[j].Text == "" || sameMarks(in[j].Marks, n.Marks))) {
				j++
			}
			if j > i+1 {
				var b strings.Builder
				for k := i; k < j; k++ {
					b.WriteString(in[k].Text)
				}
				n.Text = b.String()
			}
			i = j - 1
		}
		out = append(out, n)
	}
	for len(out) > 0 && out[0].Type == "hardBreak" {
		out = out[1:]
	}
	for len(out) > 0 && out[len(out)-1].Type == "hardBreak" {
		out = out[:len(out)-1]
	}
	return out
}

// mdUnescape resolves backslash escapes and entity references in one pass,
// as CommonMark does for text and link destinations.
func mdUnescape(b []byte) string {
	if bytes.IndexByte(b, '\\') < 0 && bytes.IndexByte(b, '&') < 0 {
		return string(b)
	}
	var out strings.Builder
	out.Grow(len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '\\' && i+1 < len(b) && util.IsPunct(b[i+1]) {
			out.WriteByte(b[i+1])
			i++
			continue
		}
		if c == '&' {
			if n := entityLen(b[i:]); n > 0 {
				ent := string(b[i : i+n])
				if dec := html.UnescapeString(ent); dec != ent {
					out.WriteString(dec)
					i += n - 1
					continue
				}
			}
		}
		out.WriteByte(c)
	}
	return out.String()
}

// entityLen returns the length of an entity reference (&name; &#123; &#x1F;)
// at the start of b, or 0.
func entityLen[T string | []byte](b T) int {
	if len(b) < 3 || b[0] != '&' {
		return 0
	}
	i := 1
	if b[1] == '#' {
		i = 2
		hex := i < len(b) && (b[i] == 'x' || b[i] == 'X')
		if hex {
			i++
		}
		start := i
		for i < len(b) && i-start < 8 && (isDigit(b[i]) || hex && isHexLetter(b[i])) {
			i++
		}
		if i == start {
			return 0
		}
	} else {
		start := i
		for i < len(b) && i-start < 32 && isAlnum(b[i]) {
			i++
		}
		if i == start {
			return 0
		}
	}
	if i < len(b) && b[i] == ';' {
		return i + 1
	}
	return 0
}

func isDigit(c byte) bool     { return c >= '0' && c <= '9' }
func isHexLetter(c byte) bool { return c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// isWordByte treats non-ASCII bytes as letters, which is what matters for
// deciding whether a delimiter sits inside a word.
func isWordByte(c byte) bool { return isAlnum(c) || c >= 0x80 }

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}
