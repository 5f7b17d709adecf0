package markup

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// inlineItem is one unit of inline content: a text run with its marks, a
// line break, or an atom (mention, image, media, status) rendered as a whole.
type inlineItem struct {
	text  string
	marks []ADFMark
	atom  *ADFNode
	brk   bool
}

// flattenInline turns ADF inline nodes into items. Nodes that read as plain
// text (emoji, date, inline cards) become text items so they take part in
// mark handling and escaping like any other text.
func flattenInline(nodes []ADFNode, items []inlineItem) []inlineItem {
	for i := range nodes {
		n := &nodes[i]
		switch n.Type {
		case "text":
			items = appendTextItems(items, n.Text, n.Marks)
		case "hardBreak":
			items = append(items, inlineItem{brk: true})
		case "emoji":
			t := attrString(n.Attrs, "text")
			if t == "" {
				t = attrString(n.Attrs, "shortName")
			}
			items = appendTextItems(items, t, n.Marks)
		case "date":
			items = appendTextItems(items, formatADFDate(attrString(n.Attrs, "timestamp")), n.Marks)
		case "inlineCard", "blockCard", "embedCard":
			if url := attrString(n.Attrs, "url"); url != "" {
				items = appendTextItems(items, url, withMark(n.Marks, linkMark(url)))
			}
		case "mention", "status", "image", "media", "mediaInline", "mediaSingle", "mediaGroup":
			items = append(items, inlineItem{atom: n})
		case "placeholder", "inlineExtension", "extension":
		default:
			if n.Text != "" {
				items = appendTextItems(items, n.Text, n.Marks)
			} else if len(n.Content) > 0 {
				if !isInlineType(n.Type) && len(items) > 0 && !items[len(items)-1].brk {
					items = append(items, inlineItem{brk: true})
				}
				items = flattenInline(n.Content, items)
			}
		}
	}
	return items
}

// appendTextItems splits text on newlines: a newline inside an ADF text node
// is displayed by Jira as a line break.
func appendTextItems(items []inlineItem, s string, marks []ADFMark) []inlineItem {
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			return append(items, inlineItem{text: s, marks: marks})
		}
		if i > 0 {
			items = append(items, inlineItem{text: strings.TrimSuffix(s[:i], "\r"), marks: marks})
		}
		items = append(items, inlineItem{brk: true})
		s = s[i+1:]
	}
	return items
}

// formatADFDate renders an ADF date node's timestamp (milliseconds since the
// epoch, as a string) as YYYY-MM-DD in UTC.
func formatADFDate(ts string) string {
	ts = strings.TrimSpace(ts)
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(ts, 64)
		if ferr != nil || math.IsNaN(f) || f > 1e15 || f < -1e15 {
			return ts
		}
		n = int64(f)
	}
	if n > 1e15 || n < -1e15 {
		return ts
	}
	return time.UnixMilli(n).UTC().Format(time.DateOnly)
}

// inlineDialect is the target syntax of an inlineRenderer.
type inlineDialect interface {
	// renderable reports whether the dialect has syntax for the mark.
	renderable(m ADFMark) bool
	// delims returns the opening and closing syntax of m for the run of
	// items[i:end] it will span.
	delims(r *inlineRenderer, m ADFMark, i, end int) (open, close string)
	// bareLink writes a link whose text is its URL in a short form, if the
	// dialect has one that is safe here, and reports whether it did.
	bareLink(r *inlineRenderer, href, text string, i int) bool
	text(r *inlineRenderer, s string)
	code(r *inlineRenderer, s string)
	atom(r *inlineRenderer, n *ADFNode, i int)
	lineBreak(r *inlineRenderer)
	// breakCloses reports whether m must be closed before a line break.
	breakCloses(m ADFMark) bool
}

type openMark struct {
	m     ADFMark
	close string
}

// maxRunScan bounds how far ahead the renderer looks to order marks, so
// pathological inputs stay linear.
const maxRunScan = 1024

// inlineRenderer writes inline items with properly nested delimiters. Marks
// are opened in order of how long they stay on (longest outermost), closed as
// late as possible, and whitespace at the edge of a marked run is moved
// outside the delimiters, which neither Markdown nor wiki markup allow inside.
type inlineRenderer struct {
	d         inlineDialect
	b         strings.Builder
	last      byte
	stack     []openMark
	pending   string // whitespace held back until pending closes are written
	brk       bool   // a line break waits to be written before more content
	lineStart bool   // the next text starts a line (block syntax is possible)
	items     []inlineItem
	filtered  [][]ADFMark
	cur       int // index of the item being written
}

func (r *inlineRenderer) write(s string) {
	if s == "" {
		return
	}
	r.b.WriteString(s)
	r.last = s[len(s)-1]
	r.lineStart = false
}

func (r *inlineRenderer) writeByte(c byte) {
	r.b.WriteByte(c)
	r.last = c
	r.lineStart = false
}

func (r *inlineRenderer) closeTo(k int) {
	for j := len(r.stack) - 1; j >= k; j-- {
		r.write(r.stack[j].close)
	}
	r.stack = r.stack[:k]
}

func (r *inlineRenderer) flushPending() {
	if r.pending != "" {
		r.d.text(r, r.pending)
		r.pending = ""
	}
}

// nextByte is the first byte rendered after items[:end], when it is text.
func (r *inlineRenderer) nextByte(end int) byte {
	if end < len(r.items) && r.items[end].atom == nil && !r.items[end].brk && r.items[end].text != "" {
		return r.items[end].text[0]
	}
	return 0
}

func (r *inlineRenderer) marksOf(i int) []ADFMark { return r.filtered[i] }

// runEnd returns the index after the last item that keeps m on, starting at i.
func (r *inlineRenderer) runEnd(m ADFMark, i int) int {
	j := i + 1
	for j < len(r.items) && j-i < maxRunScan {
		it := &r.items[j]
		switch {
		case it.brk:
			if r.d.breakCloses(m) || m.Type == "code" {
				return j
			}
		case it.atom != nil:
			if m.Type == "code" || m.Type == "link" {
				return j
			}
		case !hasMark(r.marksOf(j), m):
			return j
		}
		j++
	}
	return j
}

// render writes items; the renderer must be fresh.
func (r *inlineRenderer) render(items []inlineItem) string {
	r.items = items
	r.filtered = make([][]ADFMark, len(items))
	for i := range items {
		r.filtered[i] = r.filterMarks(items[i].marks)
	}
	var toOpen []ADFMark
	for i := 0; i < len(items); i++ {
		it := &items[i]
		r.cur = i
		if it.brk {
			if r.b.Len() == 0 && len(r.stack) == 0 {
				continue
			}
			k := len(r.stack)
			for j := range r.stack {
				if r.d.breakCloses(r.stack[j].m) || r.stack[j].m.Type == "code" {
					k = j
					break
				}
			}
			r.closeTo(k)
			r.pending = ""
			r.brk = true
			continue
		}
		var target []ADFMark
		if it.atom != nil {
			// Atoms do not interrupt formatting, but cannot sit inside code
			// or a link.
			for _, om := range r.stack {
				if om.m.Type == "code" || om.m.Type == "link" {
					break
				}
				target = append(target, om.m)
			}
		} else {
			target = r.filtered[i]
		}
		k := 0
		for k < len(r.stack) && hasMark(target, r.stack[k].m) {
			k++
		}
		toOpen = toOpen[:0]
		for _, m := range target {
			if !hasMarkIn(r.stack[:k], m) {
				toOpen = append(toOpen, m)
			}
		}
		if len(toOpen) > 0 && k > 0 && r.stack[k-1].m.Type == "code" {
			k--
			toOpen = append(toOpen, r.stack[k].m)
		}
		r.closeTo(k)
		if r.brk {
			r.d.lineBreak(r)
			r.brk = false
		}
		if it.atom != nil {
			r.flushPending()
			r.d.atom(r, it.atom, i)
			continue
		}
		text := it.text
		inCode := hasMarkType(target, "code")
		if !inCode {
			lead := len(text) - len(strings.TrimLeft(text, " \t"))
			if lead == len(text) {
				r.pending += text
				continue
			}
			if len(toOpen) > 0 && lead > 0 {
				r.pending += text[:lead]
				text = text[lead:]
			}
		}
		r.flushPending()
		r.sortOpen(toOpen, i)
		handled := false
		for idx, m := range toOpen {
			end := r.runEnd(m, i)
			if m.Type == "link" && idx == len(toOpen)-1 && end == i+1 && !inCode &&
				r.d.bareLink(r, attrString(m.Attrs, "href"), it.text, i) {
				handled = true
				break
			}
			open, closeStr := r.d.delims(r, m, i, end)
			r.write(open)
			r.stack = append(r.stack, openMark{m: m, close: closeStr})
		}
		if handled {
			continue
		}
		if inCode {
			r.d.code(r, text)
			continue
		}
		core := strings.TrimRight(text, " \t")
		r.d.text(r, core)
		r.pending = text[len(core):]
	}
	r.closeTo(0)
	return r.b.String()
}

func hasMarkIn(stack []openMark, m ADFMark) bool {
	for _, om := range stack {
		if sameMark(om.m, m) {
			return true
		}
	}
	return false
}

// filterMarks keeps the marks the dialect renders, one per type.
func (r *inlineRenderer) filterMarks(marks []ADFMark) []ADFMark {
	ok := true
	for i, m := range marks {
		if !r.d.renderable(m) || hasMarkType(marks[:i], m.Type) {
			ok = false
			break
		}
	}
	if ok {
		return marks
	}
	out := make([]ADFMark, 0, len(marks))
	for _, m := range marks {
		if r.d.renderable(m) && !hasMarkType(out, m.Type) {
			out = append(out, m)
		}
	}
	return out
}

// sortOpen orders marks to open: longest run first, then canonical rank;
// code is always innermost because its content is literal.
func (r *inlineRenderer) sortOpen(ms []ADFMark, i int) {
	if len(ms) < 2 {
		return
	}
	ends := make([]int, len(ms))
	for k, m := range ms {
		ends[k] = r.runEnd(m, i)
		if m.Type == "code" {
			ends[k] = -1
		}
	}
	for a := 1; a < len(ms); a++ {
		for b := a; b > 0; b-- {
			if ends[b] > ends[b-1] || ends[b] == ends[b-1] && markRank(ms[b].Type) < markRank(ms[b-1].Type) {
				ms[b], ms[b-1] = ms[b-1], ms[b]
				ends[b], ends[b-1] = ends[b-1], ends[b]
			} else {
				break
			}
		}
	}
}

// runText concatenates the text of items[i:end].
func (r *inlineRenderer) runText(i, end int) string {
	if end == i+1 {
		return r.items[i].text
	}
	var b strings.Builder
	for j := i; j < end && j < len(r.items); j++ {
		b.WriteString(r.items[j].text)
	}
	return b.String()
}
