package markup

import (
	"slices"
	"strconv"
	"strings"
)

// MarkdownToADF converts Markdown (CommonMark + GFM and the conventions in the
// package documentation) to an ADF document for Jira Cloud REST v3. It never
// returns nil; empty input gives a doc with empty content.
func MarkdownToADF(md string) *ADFNode {
	return sanitizeDoc(parseMarkdown(md))
}

// WikiToADF converts Jira wiki markup to an ADF document.
func WikiToADF(wiki string) *ADFNode {
	return sanitizeDoc(parseWiki(wiki))
}

// sanitizer turns the intermediate tree into ADF that Jira accepts: each node
// only where the schema allows it, list items starting with a paragraph, no
// empty text, no duplicate or conflicting marks, task ids present. What does
// not fit is converted to its closest allowed form rather than dropped.
type sanitizer struct {
	ids   int
	depth int
}

// maxADFDepth bounds container nesting in produced ADF. Deeper structure is
// flattened to text: Jira does not render it usefully, and encoding/json
// refuses documents nested beyond 10000 levels.
const maxADFDepth = 32

// isLeafBlock reports block types that hold no other blocks.
func isLeafBlock(t string) bool {
	switch t {
	case "paragraph", "heading", "codeBlock", "rule", "mediaSingle", "mediaGroup":
		return true
	}
	return false
}

func sanitizeDoc(ir *ADFNode) *ADFNode {
	s := &sanitizer{}
	var content []ADFNode
	if ir != nil {
		content = s.blocks(ir.Content, "doc")
	}
	return &ADFNode{Type: "doc", Version: 1, Content: nonNil(content)}
}

// allowedIn lists the block children the ADF schema accepts per container.
func allowedIn(ctx, typ string) bool {
	switch typ {
	case "paragraph", "bulletList", "orderedList", "codeBlock", "mediaSingle":
		return true
	}
	switch ctx {
	case "doc":
		switch typ {
		case "heading", "taskList", "blockquote", "rule", "panel", "table", "expand", "mediaGroup",
			"decisionList", "blockCard", "embedCard", "extension", "bodiedExtension", "layoutSection":
			return true
		}
	case "blockquote":
		return typ == "mediaGroup"
	case "panel":
		switch typ {
		case "heading", "taskList", "rule", "mediaGroup", "decisionList", "blockCard":
			return true
		}
	case "tableCell":
		switch typ {
		case "heading", "taskList", "rule", "panel", "blockquote", "nestedExpand", "mediaGroup",
			"decisionList", "blockCard", "embedCard", "extension":
			return true
		}
	case "expand":
		switch typ {
		case "heading", "taskList", "rule", "panel", "blockquote", "nestedExpand", "table",
			"mediaGroup", "decisionList", "blockCard", "embedCard", "extension":
			return true
		}
	case "nestedExpand":
		switch typ {
		case "heading", "taskList", "rule", "panel", "blockquote", "mediaGroup", "decisionList":
			return true
		}
	}
	return false
}

func (s *sanitizer) blocks(nodes []ADFNode, ctx string) []ADFNode {
	s.depth++
	defer func() { s.depth-- }()
	var out, run []ADFNode
	flush := func() {
		if len(run) > 0 {
			out = append(out, s.paragraph(run, ctx)...)
			run = nil
		}
	}
	for i := range nodes {
		n := &nodes[i]
		if isInlineType(n.Type) {
			run = append(run, *n)
			continue
		}
		flush()
		if s.depth > maxADFDepth && !isLeafBlock(n.Type) {
			if flat := s.inlines(appendFlattened(nil, []ADFNode{*n})); len(flat) > 0 {
				out = append(out, ADFNode{Type: "paragraph", Content: flat})
			}
			continue
		}
		typ := n.Type
		if typ == "expand" && ctx != "doc" {
			typ = "nestedExpand"
		} else if typ == "nestedExpand" && ctx == "doc" {
			typ = "expand"
		}
		if allowedIn(ctx, typ) {
			out = append(out, s.block(n, typ, ctx)...)
		} else {
			out = append(out, s.coerce(n, ctx)...)
		}
	}
	flush()
	return out
}

func (s *sanitizer) block(n *ADFNode, typ, ctx string) []ADFNode {
	switch typ {
	case "paragraph":
		return s.paragraph(n.Content, ctx)
	case "heading":
		level, _ := attrInt(n.Attrs, "level")
		level = min(max(level, 1), 6)
		return []ADFNode{{Type: "heading", Attrs: map[string]any{"level": level}, Content: s.inlines(n.Content)}}
	case "bulletList", "orderedList":
		return s.list(n, typ)
	case "taskList":
		if t := s.taskList(n); t != nil {
			return []ADFNode{*t}
		}
		return nil
	case "blockquote":
		return []ADFNode{{Type: "blockquote", Content: s.container(n.Content, "blockquote")}}
	case "panel":
		pt := attrString(n.Attrs, "panelType")
		switch pt {
		case "info", "note", "tip", "warning", "error", "success":
		default:
			pt = "info"
		}
		return []ADFNode{{Type: "panel", Attrs: map[string]any{"panelType": pt}, Content: s.container(n.Content, "panel")}}
	case "codeBlock":
		lang := attrString(n.Attrs, "language")
		return []ADFNode{codeBlockNode(strings.TrimSpace(lang), plainText(n))}
	case "rule":
		return []ADFNode{{Type: "rule"}}
	case "table":
		return s.table(n)
	case "expand", "nestedExpand":
		return []ADFNode{{Type: typ, Attrs: map[string]any{"title": attrString(n.Attrs, "title")}, Content: s.container(n.Content, typ)}}
	}
	// Nodes we never produce but may be handed (media, cards, extensions)
	// pass through unchanged.
	return []ADFNode{*n}
}

// container converts the children of a node whose content must not be empty.
func (s *sanitizer) container(nodes []ADFNode, ctx string) []ADFNode {
	out := s.blocks(nodes, ctx)
	if len(out) == 0 {
		out = []ADFNode{{Type: "paragraph"}}
	}
	return out
}

// coerce converts a block the context does not allow into allowed blocks.
func (s *sanitizer) coerce(n *ADFNode, ctx string) []ADFNode {
	switch n.Type {
	case "heading":
		content := s.inlines(n.Content)
		for i := range content {
			if content[i].Type == "text" && !hasMarkType(content[i].Marks, "code") {
				content[i].Marks = s.marks(withMark(content[i].Marks, ADFMark{Type: "strong"}))
			}
		}
		return []ADFNode{{Type: "paragraph", Content: content}}
	case "blockquote", "panel", "layoutSection", "layoutColumn", "bodiedExtension":
		return s.blocks(n.Content, ctx)
	case "expand", "nestedExpand":
		var out []ADFNode
		if title := attrString(n.Attrs, "title"); title != "" {
			out = append(out, ADFNode{Type: "paragraph", Content: []ADFNode{{Type: "text", Text: title, Marks: []ADFMark{{Type: "strong"}}}}})
		}
		return append(out, s.blocks(n.Content, ctx)...)
	case "rule":
		return nil
	case "taskList":
		return s.blocks([]ADFNode{taskListAsBullets(n)}, ctx)
	}
	flat := s.inlines(appendFlattened(nil, []ADFNode{*n}))
	if len(flat) == 0 {
		return nil
	}
	return []ADFNode{{Type: "paragraph", Content: flat}}
}

// taskListAsBullets keeps a task list readable where ADF does not allow one
// (inside list items and quotes): a bullet list with [ ] / [x] prefixes.
func taskListAsBullets(n *ADFNode) ADFNode {
	list := ADFNode{Type: "bulletList"}
	for i := range n.Content {
		c := &n.Content[i]
		if c.Type == "taskList" {
			nested := taskListAsBullets(c)
			if k := len(list.Content) - 1; k >= 0 {
				list.Content[k].Content = append(list.Content[k].Content, nested)
			} else {
				list.Content = append(list.Content, ADFNode{Type: "listItem", Content: []ADFNode{{Type: "paragraph"}, nested}})
			}
			continue
		}
		prefix := "[ ] "
		if attrString(c.Attrs, "state") == "DONE" {
			prefix = "[x] "
		}
		para := ADFNode{Type: "paragraph", Content: append([]ADFNode{{Type: "text", Text: prefix}}, appendFlattened(nil, c.Content)...)}
		list.Content = append(list.Content, ADFNode{Type: "listItem", Content: []ADFNode{para}})
	}
	return list
}

// paragraph sanitises inline content; a Markdown image on an absolute URL
// becomes a mediaSingle block of its own, splitting the paragraph.
func (s *sanitizer) paragraph(content []ADFNode, ctx string) []ADFNode {
	if !allowedIn(ctx, "mediaSingle") || !slices.ContainsFunc(content, func(n ADFNode) bool { return n.Type == "image" }) {
		return []ADFNode{{Type: "paragraph", Content: s.inlines(content)}}
	}
	var out, run []ADFNode
	flush := func() {
		inl := s.inlines(run)
		if len(inl) > 0 && !(len(inl) == 1 && inl[0].Type == "text" && strings.TrimSpace(inl[0].Text) == "") {
			out = append(out, ADFNode{Type: "paragraph", Content: inl})
		}
		run = nil
	}
	for _, n := range content {
		src := attrString(n.Attrs, "src")
		if n.Type == "image" && isAbsoluteURL(src) {
			flush()
			media := ADFNode{Type: "media", Attrs: map[string]any{"type": "external", "url": src}}
			if alt := attrString(n.Attrs, "alt"); alt != "" {
				media.Attrs["alt"] = alt
			}
			out = append(out, ADFNode{Type: "mediaSingle", Attrs: map[string]any{"layout": "center"}, Content: []ADFNode{media}})
			continue
		}
		run = append(run, n)
	}
	flush()
	return out
}

func isAbsoluteURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")
}

func (s *sanitizer) inlines(nodes []ADFNode) []ADFNode {
	var out []ADFNode
	for i := range nodes {
		n := &nodes[i]
		switch n.Type {
		case "text":
			if n.Text != "" {
				out = append(out, ADFNode{Type: "text", Text: n.Text, Marks: s.marks(n.Marks)})
			}
		case "hardBreak":
			out = append(out, ADFNode{Type: "hardBreak"})
		case "mention":
			id, text := attrString(n.Attrs, "id"), attrString(n.Attrs, "text")
			if id == "" {
				if u := attrString(n.Attrs, "_username"); u != "" {
					id, text = u, "@"+u
				}
			}
			if id == "" {
				if text != "" {
					out = append(out, ADFNode{Type: "text", Text: text})
				}
				continue
			}
			attrs := map[string]any{"id": id}
			if text != "" {
				attrs["text"] = text
			}
			out = append(out, ADFNode{Type: "mention", Attrs: attrs})
		case "image":
			src, alt := attrString(n.Attrs, "src"), attrString(n.Attrs, "alt")
			switch {
			case isAbsoluteURL(src):
				label := alt
				if label == "" {
					label = src
				}
				out = append(out, ADFNode{Type: "text", Text: label, Marks: []ADFMark{linkMark(src)}})
			case alt != "" && alt != src && src != "":
				out = append(out, ADFNode{Type: "text", Text: alt + " (" + src + ")"})
			case src != "":
				out = append(out, ADFNode{Type: "text", Text: src})
			case alt != "":
				out = append(out, ADFNode{Type: "text", Text: alt})
			}
		case "emoji", "date", "status", "inlineCard", "mediaInline", "placeholder", "inlineExtension":
			out = append(out, *n)
		case "mediaSingle", "mediaGroup", "media":
			// Media cannot be inline (e.g. in a task); keep it visible as text.
			out = append(out, ADFNode{Type: "text", Text: mediaLabel(n)})
		default:
			if n.Text != "" {
				out = append(out, ADFNode{Type: "text", Text: n.Text, Marks: s.marks(n.Marks)})
			} else if len(n.Content) > 0 {
				out = append(out, s.inlines(appendFlattened(nil, n.Content))...)
			}
		}
	}
	return normalizeInline(out)
}

// marks makes a mark set valid: known types only, one mark per type, a
// link needs an href, code combines with nothing but link; sorted canonically.
func (s *sanitizer) marks(in []ADFMark) []ADFMark {
	if len(in) == 0 {
		return nil
	}
	code := hasMarkType(in, "code")
	out := make([]ADFMark, 0, len(in))
	for _, m := range in {
		if markRank(m.Type) < 0 || hasMarkType(out, m.Type) {
			continue
		}
		if code && m.Type != "code" && m.Type != "link" {
			continue
		}
		switch m.Type {
		case "link":
			href := attrString(m.Attrs, "href")
			if href == "" {
				continue
			}
			m = linkMark(href)
		case "subsup":
			if t := attrString(m.Attrs, "type"); t != "sub" && t != "sup" {
				continue
			}
		case "textColor":
			if attrString(m.Attrs, "color") == "" {
				continue
			}
		default:
			m.Attrs = nil
		}
		out = append(out, m)
	}
	slices.SortStableFunc(out, func(a, b ADFMark) int { return markRank(a.Type) - markRank(b.Type) })
	if len(out) == 0 {
		return nil
	}
	return out
}

func (s *sanitizer) list(n *ADFNode, typ string) []ADFNode {
	list := ADFNode{Type: typ}
	if typ == "orderedList" {
		if order, ok := attrInt(n.Attrs, "order"); ok && order >= 0 && order != 1 {
			list.Attrs = map[string]any{"order": order}
		}
	}
	for i := range n.Content {
		c := &n.Content[i]
		switch c.Type {
		case "listItem":
			list.Content = append(list.Content, s.listItem(c.Content))
		case "bulletList", "orderedList", "taskList":
			// A list directly inside a list belongs to the previous item.
			if k := len(list.Content) - 1; k >= 0 {
				list.Content[k].Content = append(list.Content[k].Content, s.blocks([]ADFNode{*c}, "listItem")...)
			} else {
				list.Content = append(list.Content, s.listItem([]ADFNode{*c}))
			}
		default:
			list.Content = append(list.Content, s.listItem([]ADFNode{*c}))
		}
	}
	if len(list.Content) == 0 {
		return nil
	}
	return []ADFNode{list}
}

func (s *sanitizer) listItem(content []ADFNode) ADFNode {
	blocks := s.blocks(content, "listItem")
	if len(blocks) == 0 || blocks[0].Type != "paragraph" {
		blocks = append([]ADFNode{{Type: "paragraph"}}, blocks...)
	}
	return ADFNode{Type: "listItem", Content: blocks}
}

func (s *sanitizer) localID() string {
	s.ids++
	id := strconv.Itoa(s.ids)
	return "00000000-0000-4000-8000-" + strings.Repeat("0", max(0, 12-len(id))) + id
}

func (s *sanitizer) taskList(n *ADFNode) *ADFNode {
	list := ADFNode{Type: "taskList", Attrs: map[string]any{"localId": s.localID()}}
	for i := range n.Content {
		c := &n.Content[i]
		switch c.Type {
		case "taskList":
			if s.depth > maxADFDepth {
				list.Content = append(list.Content, s.taskItem("TODO", c.Content))
				continue
			}
			s.depth++
			nested := s.taskList(c)
			s.depth--
			if nested == nil {
				continue
			}
			if len(list.Content) == 0 {
				list.Content = append(list.Content, s.taskItem("TODO", nil))
			}
			list.Content = append(list.Content, *nested)
		case "taskItem":
			state := "TODO"
			if strings.EqualFold(attrString(c.Attrs, "state"), "DONE") {
				state = "DONE"
			}
			list.Content = append(list.Content, s.taskItem(state, c.Content))
		default:
			list.Content = append(list.Content, s.taskItem("TODO", []ADFNode{*c}))
		}
	}
	if len(list.Content) == 0 {
		return nil
	}
	return &list
}

func (s *sanitizer) taskItem(state string, content []ADFNode) ADFNode {
	item := ADFNode{Type: "taskItem", Attrs: map[string]any{"localId": s.localID(), "state": state}}
	item.Content = s.inlines(appendFlattened(nil, content))
	return item
}

func (s *sanitizer) table(n *ADFNode) []ADFNode {
	table := ADFNode{Type: "table"}
	if len(n.Attrs) > 0 {
		table.Attrs = n.Attrs
	}
	for i := range n.Content {
		r := &n.Content[i]
		cellsIn := r.Content
		if r.Type != "tableRow" {
			cellsIn = []ADFNode{*r}
		}
		row := ADFNode{Type: "tableRow"}
		for j := range cellsIn {
			c := &cellsIn[j]
			cell := ADFNode{Type: c.Type, Attrs: c.Attrs}
			content := c.Content
			if c.Type != "tableHeader" && c.Type != "tableCell" {
				cell = ADFNode{Type: "tableCell"}
				content = []ADFNode{*c}
			}
			cell.Content = s.container(content, "tableCell")
			row.Content = append(row.Content, cell)
		}
		if len(row.Content) > 0 {
			table.Content = append(table.Content, row)
		}
	}
	if len(table.Content) == 0 {
		return nil
	}
	return []ADFNode{table}
}

// mediaLabel names a media node for text fallbacks: its alt text (Jira puts
// the file name there), else its URL or id.
func mediaLabel(n *ADFNode) string {
	if n.Type != "media" && n.Type != "mediaInline" {
		for i := range n.Content {
			if l := mediaLabel(&n.Content[i]); l != "" {
				return l
			}
		}
		return ""
	}
	for _, k := range []string{"alt", "url", "id"} {
		if v := attrString(n.Attrs, k); v != "" {
			return v
		}
	}
	return "attachment"
}
