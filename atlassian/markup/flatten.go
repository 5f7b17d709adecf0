package markup

import "strconv"

// isInlineType reports whether an ADF (or intermediate) node type is inline
// content of a paragraph. "image" is the intermediate form of Markdown and
// wiki images before they become ADF media.
func isInlineType(t string) bool {
	switch t {
	case "text", "hardBreak", "mention", "emoji", "date", "status", "inlineCard",
		"image", "mediaInline", "placeholder", "inlineExtension":
		return true
	}
	return false
}

// appendFlattened appends the content of blocks to dst as inline nodes, one
// block per line. It is the fallback wherever a target can only hold text:
// ADF task items, Markdown and wiki table cells, and nodes the target schema
// does not allow at that place. List items keep a textual marker so the
// structure stays readable.
func appendFlattened(dst []ADFNode, blocks []ADFNode) []ADFNode {
	for i := range blocks {
		dst = flattenOne(dst, &blocks[i])
	}
	return dst
}

func lineBreakBefore(dst []ADFNode) []ADFNode {
	if len(dst) > 0 && dst[len(dst)-1].Type != "hardBreak" {
		dst = append(dst, ADFNode{Type: "hardBreak"})
	}
	return dst
}

func flattenOne(dst []ADFNode, n *ADFNode) []ADFNode {
	if isInlineType(n.Type) {
		return append(dst, *n)
	}
	switch n.Type {
	case "paragraph", "heading", "taskItem", "decisionItem", "caption":
		dst = lineBreakBefore(dst)
		return appendFlattened(dst, n.Content)
	case "bulletList", "orderedList", "taskList", "decisionList":
		num, _ := attrInt(n.Attrs, "order")
		if _, ok := n.Attrs["order"]; !ok {
			num = 1
		}
		for i := range n.Content {
			item := &n.Content[i]
			if item.Type == "taskList" || item.Type == "bulletList" || item.Type == "orderedList" {
				dst = flattenOne(dst, item)
				continue
			}
			dst = lineBreakBefore(dst)
			marker := "- "
			switch {
			case n.Type == "orderedList":
				marker = strconv.Itoa(num) + ". "
				num++
			case item.Type == "taskItem" && attrString(item.Attrs, "state") == "DONE":
				marker = "[x] "
			case item.Type == "taskItem":
				marker = "[ ] "
			}
			dst = append(dst, ADFNode{Type: "text", Text: marker})
			mark := len(dst)
			dst = appendFlattened(dst, item.Content)
			// The item's first block must not start a new line after the marker.
			if len(dst) > mark && dst[mark].Type == "hardBreak" {
				dst = append(dst[:mark], dst[mark+1:]...)
			}
		}
		return dst
	case "codeBlock":
		lines := splitLines(plainText(n))
		for _, line := range lines {
			dst = lineBreakBefore(dst)
			if line != "" {
				dst = append(dst, ADFNode{Type: "text", Text: line, Marks: []ADFMark{{Type: "code"}}})
			}
		}
		return dst
	case "table":
		for i := range n.Content {
			row := &n.Content[i]
			dst = lineBreakBefore(dst)
			for j := range row.Content {
				if j > 0 {
					dst = append(dst, ADFNode{Type: "text", Text: " | "})
				}
				cell := appendFlattened(nil, row.Content[j].Content)
				dst = append(dst, cell...)
			}
		}
		return dst
	case "rule":
		return dst
	case "expand", "nestedExpand":
		if title := attrString(n.Attrs, "title"); title != "" {
			dst = lineBreakBefore(dst)
			dst = append(dst, ADFNode{Type: "text", Text: title, Marks: []ADFMark{{Type: "strong"}}})
		}
		return appendFlattened(dst, n.Content)
	case "mediaSingle", "mediaGroup", "media":
		dst = lineBreakBefore(dst)
		return append(dst, *n)
	case "blockCard", "embedCard":
		if url := attrString(n.Attrs, "url"); url != "" {
			dst = lineBreakBefore(dst)
			return append(dst, ADFNode{Type: "text", Text: url, Marks: []ADFMark{linkMark(url)}})
		}
		return dst
	}
	if n.Text != "" {
		return append(dst, ADFNode{Type: "text", Text: n.Text, Marks: n.Marks})
	}
	return appendFlattened(dst, n.Content)
}

// plainText concatenates the text of a subtree, for code blocks.
func plainText(n *ADFNode) string {
	if len(n.Content) == 0 {
		return n.Text
	}
	if len(n.Content) == 1 && len(n.Content[0].Content) == 0 {
		return n.Content[0].Text
	}
	var b []byte
	var walk func(*ADFNode)
	walk = func(x *ADFNode) {
		b = append(b, x.Text...)
		if x.Type == "hardBreak" {
			b = append(b, '\n')
		}
		for i := range x.Content {
			walk(&x.Content[i])
		}
	}
	walk(n)
	return string(b)
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
