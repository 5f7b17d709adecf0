package storage

import (
	"bytes"
	"strconv"

	"github.com/yuin/goldmark/ast"
)

// Table cells hold one line of Markdown, so ToMarkdown writes a list in a
// cell as "- item" lines joined by <br />. cell turns such lines back into
// a list, so a table survives being read and written back.

// cellLine is one <br />-separated line of a cell.
type cellLine struct {
	nodes  []ast.Node
	depth  int    // list nesting, from the indentation
	list   string // "ul", "ol", "task" or "" for text
	status string // task status
}

// cell writes the content of a table cell.
func (w *storageWriter) cell(c ast.Node) {
	lines := w.cellLines(c)
	isList := false
	for _, l := range lines {
		isList = isList || l.list != ""
	}
	if !isList {
		w.inlines(c.FirstChild())
		return
	}
	var stack []string // open lists, innermost last
	pop := func() {
		kind := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if kind == "task" {
			w.buf.WriteString("</ac:task-body></ac:task></ac:task-list>")
		} else {
			w.buf.WriteString("</li></" + kind + ">")
		}
	}
	for _, l := range lines {
		if l.list == "" {
			for len(stack) > 0 {
				pop()
			}
			w.buf.WriteString("<p>")
			w.inlineNodes(l.nodes)
			w.buf.WriteString("</p>")
			continue
		}
		d := min(l.depth, len(stack))
		for len(stack) > d+1 {
			pop()
		}
		switch {
		case len(stack) == d+1 && stack[d] == l.list:
			if l.list == "task" {
				w.buf.WriteString("</ac:task-body></ac:task>")
			} else {
				w.buf.WriteString("</li>")
			}
		default:
			if len(stack) == d+1 {
				pop()
			}
			stack = append(stack, l.list)
			if l.list == "task" {
				w.buf.WriteString("<ac:task-list>")
			} else {
				w.buf.WriteString("<" + l.list + ">")
			}
		}
		if l.list == "task" {
			w.taskID++
			w.buf.WriteString("<ac:task><ac:task-id>" + strconv.Itoa(w.taskID) + "</ac:task-id><ac:task-status>" +
				l.status + "</ac:task-status><ac:task-body>")
		} else {
			w.buf.WriteString("<li>")
		}
		w.inlineNodes(l.nodes)
	}
	for len(stack) > 0 {
		pop()
	}
}

// inlineNodes writes a run of inline nodes.
func (w *storageWriter) inlineNodes(nodes []ast.Node) {
	var open []string
	for _, n := range nodes {
		w.inline(n, &open)
	}
	for i := len(open) - 1; i >= 0; i-- {
		w.buf.WriteString("</" + open[i] + ">")
	}
}

// cellLines splits a cell's inlines at <br> tags and recognises list lines.
func (w *storageWriter) cellLines(c ast.Node) []cellLine {
	var lines []cellLine
	var cur []ast.Node
	flush := func() {
		lines = append(lines, w.listLine(cur))
		cur = nil
	}
	for n := c.FirstChild(); n != nil; n = n.NextSibling() {
		if raw, ok := n.(*ast.RawHTML); ok && raw.Segments.Len() == 1 {
			seg := raw.Segments.At(0)
			if isBreakTag(seg.Value(w.src)) {
				flush()
				continue
			}
		}
		cur = append(cur, n)
	}
	flush()
	return lines
}

// isBreakTag reports whether b is <br>, <br/> or <br />.
func isBreakTag(b []byte) bool {
	b = bytes.ToLower(b)
	return bytes.Equal(b, []byte("<br>")) || bytes.Equal(b, []byte("<br/>")) || bytes.Equal(b, []byte("<br />"))
}

// listLine recognises "- ", "1. ", "- [ ] " (indented two spaces per level)
// at the start of a line's source and strips it from the line's text.
func (w *storageWriter) listLine(nodes []ast.Node) cellLine {
	l := cellLine{nodes: nodes}
	if len(nodes) == 0 {
		return l
	}
	first, ok := nodes[0].(*ast.Text)
	if !ok {
		return l
	}
	src := w.src[first.Segment.Start:]
	i := 0
	for i < len(src) && src[i] == ' ' {
		i++
	}
	depth := i / 2
	switch {
	case i < len(src) && (src[i] == '-' || src[i] == '*' || src[i] == '+'):
		l.list = "ul"
		i++
	default:
		j := i
		for j < len(src) && j-i < 9 && src[j] >= '0' && src[j] <= '9' {
			j++
		}
		if j == i || j >= len(src) || src[j] != '.' && src[j] != ')' {
			return l
		}
		l.list = "ol"
		i = j + 1
	}
	if i >= len(src) || src[i] != ' ' {
		return cellLine{nodes: nodes}
	}
	i++
	if l.list == "ul" && i+3 < len(src) && src[i] == '[' && src[i+2] == ']' && src[i+3] == ' ' {
		switch src[i+1] {
		case ' ':
			l.list, l.status, i = "task", "incomplete", i+4
		case 'x', 'X':
			l.list, l.status, i = "task", "complete", i+4
		}
	}
	l.depth = depth
	// Drop the marker from the text nodes it spans.
	end := first.Segment.Start + i
	for len(l.nodes) > 0 {
		t, ok := l.nodes[0].(*ast.Text)
		if !ok || t.Segment.Start >= end {
			break
		}
		if t.Segment.Stop > end {
			t.Segment = t.Segment.WithStart(end)
			break
		}
		l.nodes = l.nodes[1:]
	}
	return l
}
