package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Body conversions the sandbox performs itself, as Confluence does on the
// server side: storage → ADF (Cloud's atlas_doc_format reads), ADF →
// storage (atlas_doc_format writes) and wiki markup → storage. They cover
// the constructs the seeded pages and typical clients use; anything else
// degrades to its text.

// ---- storage → ADF -------------------------------------------------------------

// confStorageToADF renders storage XHTML as an ADF document (JSON text).
func confStorageToADF(storage string, st *confluenceStore) string {
	c := &confADFConv{st: st}
	doc := confMap{"type": "doc", "version": 1, "content": c.blocks(parseConfStorage(storage).children)}
	out, _ := json.Marshal(doc)
	return string(out)
}

type confADFConv struct {
	st    *confluenceStore
	local int
}

func (c *confADFConv) localID() string {
	c.local++
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", c.local)
}

var confHeadingLevel = map[string]int{"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}

// blocks converts a run of nodes into block nodes, wrapping stray inline
// content in paragraphs.
func (c *confADFConv) blocks(nodes []*confNode) []any {
	out := []any{}
	var inline []any
	flush := func() {
		if len(inline) > 0 {
			out = append(out, confMap{"type": "paragraph", "content": inline})
			inline = nil
		}
	}
	for _, n := range nodes {
		if b := c.block(n); b != nil {
			flush()
			out = append(out, b...)
			continue
		}
		if n.name == "" && strings.TrimSpace(n.text) == "" {
			continue
		}
		inline = append(inline, c.inline(n, nil)...)
	}
	flush()
	return out
}

// block converts n when it is a block-level node; nil means it is inline.
func (c *confADFConv) block(n *confNode) []any {
	if lvl, ok := confHeadingLevel[n.name]; ok {
		return []any{confMap{"type": "heading", "attrs": confMap{"level": lvl}, "content": c.inlines(n.children, nil)}}
	}
	switch n.name {
	case "p":
		p := confMap{"type": "paragraph", "content": c.inlines(n.children, nil)}
		return []any{p}
	case "ul", "ol":
		items := []any{}
		for _, li := range n.children {
			if li.name == "li" {
				items = append(items, confMap{"type": "listItem", "content": c.blocks(li.children)})
			}
		}
		if n.name == "ul" {
			return []any{confMap{"type": "bulletList", "content": items}}
		}
		return []any{confMap{"type": "orderedList", "attrs": confMap{"order": 1}, "content": items}}
	case "table":
		rows := []any{}
		var walk func(n *confNode)
		walk = func(n *confNode) {
			for _, ch := range n.children {
				switch ch.name {
				case "tbody", "thead", "tfoot":
					walk(ch)
				case "tr":
					cells := []any{}
					for _, cell := range ch.children {
						if cell.name == "td" || cell.name == "th" {
							typ := "tableCell"
							if cell.name == "th" {
								typ = "tableHeader"
							}
							content := c.blocks(cell.children)
							if len(content) == 0 {
								content = []any{confMap{"type": "paragraph", "content": []any{}}}
							}
							cells = append(cells, confMap{"type": typ, "attrs": confMap{}, "content": content})
						}
					}
					rows = append(rows, confMap{"type": "tableRow", "content": cells})
				}
			}
		}
		walk(n)
		return []any{confMap{"type": "table", "attrs": confMap{"isNumberColumnEnabled": false, "layout": "default", "localId": c.localID()}, "content": rows}}
	case "pre":
		return []any{confMap{"type": "codeBlock", "attrs": confMap{}, "content": confADFText(n.textContent())}}
	case "blockquote":
		return []any{confMap{"type": "blockquote", "content": c.blocks(n.children)}}
	case "hr":
		return []any{confMap{"type": "rule"}}
	case "div", "ac:layout", "ac:layout-section", "ac:layout-cell":
		return c.blocks(n.children)
	case "ac:task-list":
		items := []any{}
		for _, t := range n.children {
			if t.name != "ac:task" {
				continue
			}
			state := "TODO"
			if s := t.child("ac:task-status"); s != nil && strings.TrimSpace(s.textContent()) == "complete" {
				state = "DONE"
			}
			var content []any
			if body := t.child("ac:task-body"); body != nil {
				content = c.inlines(body.children, nil)
			}
			items = append(items, confMap{"type": "taskItem", "attrs": confMap{"localId": c.localID(), "state": state}, "content": content})
		}
		return []any{confMap{"type": "taskList", "attrs": confMap{"localId": c.localID()}, "content": items}}
	}
	switch name := n.macroName(); name {
	case "":
		return nil
	case "code", "noformat":
		attrs := confMap{}
		if lang := n.param("language"); lang != "" {
			attrs["language"] = lang
		}
		text := ""
		if b := n.child("ac:plain-text-body"); b != nil {
			text = b.textContent()
		}
		return []any{confMap{"type": "codeBlock", "attrs": attrs, "content": confADFText(text)}}
	case "info", "note", "warning", "tip", "panel":
		kind := map[string]string{"info": "info", "note": "note", "warning": "warning", "tip": "success", "panel": "info"}[name]
		var content []any
		if b := n.child("ac:rich-text-body"); b != nil {
			content = c.blocks(b.children)
		}
		return []any{confMap{"type": "panel", "attrs": confMap{"panelType": kind}, "content": content}}
	case "expand":
		var content []any
		if b := n.child("ac:rich-text-body"); b != nil {
			content = c.blocks(b.children)
		}
		return []any{confMap{"type": "expand", "attrs": confMap{"title": n.param("title")}, "content": content}}
	case "status", "jira":
		return nil // inline
	default:
		return []any{c.extension("extension", n, name)}
	}
}

func (c *confADFConv) extension(typ string, n *confNode, name string) confMap {
	params := confMap{}
	for k, v := range n.params() {
		params[k] = confMap{"value": v}
	}
	return confMap{"type": typ, "attrs": confMap{
		"extensionType": "com.atlassian.confluence.macro.core", "extensionKey": name,
		"parameters": confMap{"macroParams": params, "macroMetadata": confMap{"schemaVersion": confMap{"value": "1"}, "title": name}},
		"localId":    c.localID(),
	}}
}

func (c *confADFConv) inlines(nodes []*confNode, marks []any) []any {
	out := []any{}
	for _, n := range nodes {
		out = append(out, c.inline(n, marks)...)
	}
	return out
}

var confMarks = map[string]string{"strong": "strong", "b": "strong", "em": "em", "i": "em", "u": "underline", "s": "strike", "del": "strike", "code": "code"}

func (c *confADFConv) inline(n *confNode, marks []any) []any {
	if n.name == "" {
		if n.text == "" {
			return nil
		}
		t := confMap{"type": "text", "text": n.text}
		if len(marks) > 0 {
			t["marks"] = append([]any(nil), marks...)
		}
		return []any{t}
	}
	if m, ok := confMarks[n.name]; ok {
		return c.inlines(n.children, append(append([]any(nil), marks...), confMap{"type": m}))
	}
	switch n.name {
	case "a":
		return c.inlines(n.children, append(append([]any(nil), marks...), confMap{"type": "link", "attrs": confMap{"href": n.attrs["href"]}}))
	case "sub", "sup":
		return c.inlines(n.children, append(append([]any(nil), marks...), confMap{"type": "subsup", "attrs": confMap{"type": n.name}}))
	case "br":
		return []any{confMap{"type": "hardBreak"}}
	case "time":
		return []any{confMap{"type": "text", "text": n.attrs["datetime"]}}
	case "ac:link":
		if u := n.child("ri:user"); u != nil {
			if user := c.st.userRef(u.attrs); user != nil {
				return []any{confMap{"type": "mention", "attrs": confMap{"id": user.AccountID, "text": "@" + user.DisplayName, "accessLevel": ""}}}
			}
			return []any{confMap{"type": "text", "text": "@unknown"}}
		}
		text, href := "", ""
		if p := n.child("ri:page"); p != nil {
			text = p.attrs["ri:content-title"]
			href = c.st.pageURLByTitle(p.attrs["ri:space-key"], text)
		}
		if b := n.child("ac:plain-text-link-body"); b != nil {
			text = b.textContent()
		} else if b := n.child("ac:link-body"); b != nil {
			text = b.textContent()
		}
		if href == "" {
			return confADFTextMarks(text, marks)
		}
		return confADFTextMarks(text, append(append([]any(nil), marks...), confMap{"type": "link", "attrs": confMap{"href": href}}))
	case "ac:emoticon":
		return []any{confMap{"type": "emoji", "attrs": confMap{"shortName": ":" + n.attrs["ac:name"] + ":", "text": n.attrs["ac:emoji-fallback"]}}}
	case "ac:placeholder", "ac:parameter":
		return nil
	}
	switch n.macroName() {
	case "status":
		colour := strings.ToLower(n.param("colour"))
		if colour == "" || colour == "grey" {
			colour = "neutral"
		}
		return []any{confMap{"type": "status", "attrs": confMap{"text": n.param("title"), "color": colour, "localId": c.localID(), "style": ""}}}
	case "jira":
		return []any{c.extension("inlineExtension", n, "jira")}
	case "":
	default:
		return confADFTextMarks(n.textContent(), marks)
	}
	return c.inlines(n.children, marks)
}

func confADFText(s string) []any {
	if s == "" {
		return []any{}
	}
	return []any{confMap{"type": "text", "text": s}}
}

func confADFTextMarks(s string, marks []any) []any {
	if s == "" {
		return nil
	}
	t := confMap{"type": "text", "text": s}
	if len(marks) > 0 {
		t["marks"] = marks
	}
	return []any{t}
}

// ---- ADF → storage -------------------------------------------------------------

type confADFNode struct {
	Type    string          `json:"type"`
	Text    string          `json:"text"`
	Attrs   map[string]any  `json:"attrs"`
	Marks   []confADFNode   `json:"marks"`
	Content []confADFNode   `json:"content"`
	Version json.RawMessage `json:"version"`
}

// confADFToStorage converts an ADF document to storage XHTML. It fails
// when the value is not an ADF document.
func confADFToStorage(value string, s *Server) (string, error) {
	var doc confADFNode
	if err := json.Unmarshal([]byte(value), &doc); err != nil {
		return "", errors.New("the value is not JSON")
	}
	if doc.Type != "doc" {
		return "", errors.New(`the top-level node must be of type "doc"`)
	}
	var b strings.Builder
	w := &confADFWriter{b: &b, s: s}
	for _, n := range doc.Content {
		w.block(n)
	}
	return b.String(), nil
}

type confADFWriter struct {
	b *strings.Builder
	s *Server
	n int
}

func (w *confADFWriter) attr(n confADFNode, key string) string {
	switch v := n.Attrs[key].(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

func (w *confADFWriter) blocks(nodes []confADFNode) {
	for _, n := range nodes {
		w.block(n)
	}
}

func (w *confADFWriter) block(n confADFNode) {
	b := w.b
	switch n.Type {
	case "paragraph":
		b.WriteString("<p>")
		w.inlines(n.Content)
		b.WriteString("</p>")
	case "heading":
		lvl, _ := strconv.Atoi(w.attr(n, "level"))
		if lvl < 1 || lvl > 6 {
			lvl = 1
		}
		fmt.Fprintf(b, "<h%d>", lvl)
		w.inlines(n.Content)
		fmt.Fprintf(b, "</h%d>", lvl)
	case "bulletList", "orderedList":
		tag := "ul"
		if n.Type == "orderedList" {
			tag = "ol"
		}
		b.WriteString("<" + tag + ">")
		for _, li := range n.Content {
			b.WriteString("<li>")
			w.blocks(li.Content)
			b.WriteString("</li>")
		}
		b.WriteString("</" + tag + ">")
	case "codeBlock":
		b.WriteString(`<ac:structured-macro ac:name="code" ac:schema-version="1">`)
		if lang := w.attr(n, "language"); lang != "" {
			b.WriteString(`<ac:parameter ac:name="language">` + html.EscapeString(lang) + `</ac:parameter>`)
		}
		b.WriteString(`<ac:plain-text-body>` + confCDATA(confADFPlain(n.Content)) + `</ac:plain-text-body></ac:structured-macro>`)
	case "panel":
		kind := map[string]string{"info": "info", "note": "note", "warning": "warning", "error": "warning", "success": "tip"}[w.attr(n, "panelType")]
		if kind == "" {
			kind = "info"
		}
		b.WriteString(`<ac:structured-macro ac:name="` + kind + `" ac:schema-version="1"><ac:rich-text-body>`)
		w.blocks(n.Content)
		b.WriteString(`</ac:rich-text-body></ac:structured-macro>`)
	case "expand", "nestedExpand":
		b.WriteString(`<ac:structured-macro ac:name="expand" ac:schema-version="1"><ac:parameter ac:name="title">` + html.EscapeString(w.attr(n, "title")) + `</ac:parameter><ac:rich-text-body>`)
		w.blocks(n.Content)
		b.WriteString(`</ac:rich-text-body></ac:structured-macro>`)
	case "blockquote":
		b.WriteString("<blockquote>")
		w.blocks(n.Content)
		b.WriteString("</blockquote>")
	case "rule":
		b.WriteString("<hr />")
	case "table":
		b.WriteString("<table><tbody>")
		for _, row := range n.Content {
			b.WriteString("<tr>")
			for _, cell := range row.Content {
				tag := "td"
				if cell.Type == "tableHeader" {
					tag = "th"
				}
				b.WriteString("<" + tag + ">")
				w.blocks(cell.Content)
				b.WriteString("</" + tag + ">")
			}
			b.WriteString("</tr>")
		}
		b.WriteString("</tbody></table>")
	case "taskList":
		b.WriteString("<ac:task-list>")
		for _, t := range n.Content {
			w.n++
			status := "incomplete"
			if w.attr(t, "state") == "DONE" {
				status = "complete"
			}
			fmt.Fprintf(b, "<ac:task><ac:task-id>%d</ac:task-id><ac:task-status>%s</ac:task-status><ac:task-body>", w.n, status)
			w.inlines(t.Content)
			b.WriteString("</ac:task-body></ac:task>")
		}
		b.WriteString("</ac:task-list>")
	case "extension", "bodiedExtension":
		w.macro(n)
	case "mediaSingle", "mediaGroup":
		// Media needs attachments, which the sandbox does not keep.
	default:
		if len(n.Content) > 0 {
			b.WriteString("<p>")
			w.inlines(n.Content)
			b.WriteString("</p>")
		} else if n.Text != "" {
			b.WriteString("<p>" + html.EscapeString(n.Text) + "</p>")
		}
	}
}

func (w *confADFWriter) macro(n confADFNode) {
	name := w.attr(n, "extensionKey")
	if name == "" {
		return
	}
	w.b.WriteString(`<ac:structured-macro ac:name="` + html.EscapeString(name) + `" ac:schema-version="1">`)
	if params, ok := n.Attrs["parameters"].(map[string]any); ok {
		if mp, ok := params["macroParams"].(map[string]any); ok {
			keys := make([]string, 0, len(mp))
			for k := range mp {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if v, ok := mp[k].(map[string]any); ok {
					if s, ok := v["value"].(string); ok {
						w.b.WriteString(`<ac:parameter ac:name="` + html.EscapeString(k) + `">` + html.EscapeString(s) + `</ac:parameter>`)
					}
				}
			}
		}
	}
	w.b.WriteString(`</ac:structured-macro>`)
}

func (w *confADFWriter) inlines(nodes []confADFNode) {
	for _, n := range nodes {
		w.inline(n)
	}
}

func (w *confADFWriter) inline(n confADFNode) {
	b := w.b
	switch n.Type {
	case "text":
		open, close := "", ""
		for _, m := range n.Marks {
			tag := map[string]string{"strong": "strong", "em": "em", "underline": "u", "strike": "s", "code": "code"}[m.Type]
			switch {
			case tag != "":
				open += "<" + tag + ">"
				close = "</" + tag + ">" + close
			case m.Type == "link":
				open += `<a href="` + html.EscapeString(w.attr(m, "href")) + `">`
				close = "</a>" + close
			case m.Type == "subsup":
				t := w.attr(m, "type")
				if t == "sub" || t == "sup" {
					open += "<" + t + ">"
					close = "</" + t + ">" + close
				}
			}
		}
		b.WriteString(open + html.EscapeString(n.Text) + close)
	case "hardBreak":
		b.WriteString("<br />")
	case "mention":
		id := w.attr(n, "id")
		if u := w.s.userByAccountID(id); u != nil {
			b.WriteString(`<ac:link><ri:user ri:account-id="` + html.EscapeString(u.AccountID) + `" /></ac:link>`)
		} else {
			b.WriteString(html.EscapeString(w.attr(n, "text")))
		}
	case "emoji":
		text := w.attr(n, "text")
		if text == "" {
			text = w.attr(n, "shortName")
		}
		b.WriteString(html.EscapeString(text))
	case "status":
		colour := w.attr(n, "color")
		if colour != "" {
			colour = strings.ToUpper(colour[:1]) + colour[1:]
		}
		if colour == "Neutral" {
			colour = "Grey"
		}
		b.WriteString(`<ac:structured-macro ac:name="status" ac:schema-version="1"><ac:parameter ac:name="colour">` + html.EscapeString(colour) + `</ac:parameter><ac:parameter ac:name="title">` + html.EscapeString(w.attr(n, "text")) + `</ac:parameter></ac:structured-macro>`)
	case "inlineCard":
		u := w.attr(n, "url")
		b.WriteString(`<a href="` + html.EscapeString(u) + `">` + html.EscapeString(u) + `</a>`)
	case "date":
		ts := w.attr(n, "timestamp")
		if ms, err := strconv.ParseInt(ts, 10, 64); err == nil {
			b.WriteString(`<time datetime="` + time.UnixMilli(ms).UTC().Format("2006-01-02") + `" />`)
		}
	case "inlineExtension":
		w.macro(n)
	default:
		if n.Text != "" {
			b.WriteString(html.EscapeString(n.Text))
		}
		w.inlines(n.Content)
	}
}

func confADFPlain(nodes []confADFNode) string {
	var b strings.Builder
	for _, n := range nodes {
		b.WriteString(n.Text)
		b.WriteString(confADFPlain(n.Content))
	}
	return b.String()
}

// confCDATA wraps text in a CDATA section, splitting any "]]>" inside.
func confCDATA(s string) string {
	return "<![CDATA[" + strings.ReplaceAll(s, "]]>", "]]]]><![CDATA[>") + "]]>"
}

// ---- wiki markup → storage -----------------------------------------------------

var (
	confWikiHeading = regexp.MustCompile(`^h([1-6])\.\s+(.*)$`)
	confWikiList    = regexp.MustCompile(`^([*#-]+)\s+(.*)$`)
	confWikiBold    = regexp.MustCompile(`(^|[\s(])\*([^*\s](?:[^*]*[^*\s])?)\*`)
	confWikiItalic  = regexp.MustCompile(`(^|[\s(])_([^_\s](?:[^_]*[^_\s])?)_`)
	confWikiMono    = regexp.MustCompile(`\{\{(.+?)\}\}`)
)

// confWikiToStorage is a deliberately small wiki-markup converter: headings
// (h1.–h6.), bullet and numbered lists (one level), {code} blocks,
// *bold*, _italic_ and {{monospace}}; every other line becomes a paragraph
// with its text escaped. Real Confluence converts far more.
func confWikiToStorage(wiki string) string {
	var b strings.Builder
	lines := strings.Split(strings.ReplaceAll(wiki, "\r\n", "\n"), "\n")
	var para []string
	listTag := ""
	flushPara := func() {
		if len(para) > 0 {
			b.WriteString("<p>" + strings.Join(para, "<br />") + "</p>")
			para = nil
		}
	}
	closeList := func() {
		if listTag != "" {
			b.WriteString("</" + listTag + ">")
			listTag = ""
		}
	}
	for i := 0; i < len(lines); i++ {
		line := strings.TrimRight(lines[i], " \t")
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "{code") || strings.HasPrefix(trimmed, "{noformat") {
			flushPara()
			closeList()
			lang := ""
			if k := strings.Index(trimmed, ":"); k > 0 && strings.HasSuffix(trimmed, "}") {
				lang = strings.TrimSuffix(trimmed[k+1:], "}")
				if eq := strings.Index(lang, "="); eq >= 0 {
					lang = lang[eq+1:]
				}
			}
			var code []string
			for i++; i < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[i]), "{code}") && !strings.HasPrefix(strings.TrimSpace(lines[i]), "{noformat}"); i++ {
				code = append(code, lines[i])
			}
			b.WriteString(`<ac:structured-macro ac:name="code" ac:schema-version="1">`)
			if lang != "" {
				b.WriteString(`<ac:parameter ac:name="language">` + html.EscapeString(lang) + `</ac:parameter>`)
			}
			b.WriteString(`<ac:plain-text-body>` + confCDATA(strings.Join(code, "\n")) + `</ac:plain-text-body></ac:structured-macro>`)
			continue
		}
		if trimmed == "" {
			flushPara()
			closeList()
			continue
		}
		if m := confWikiHeading.FindStringSubmatch(trimmed); m != nil {
			flushPara()
			closeList()
			b.WriteString("<h" + m[1] + ">" + confWikiInline(m[2]) + "</h" + m[1] + ">")
			continue
		}
		if m := confWikiList.FindStringSubmatch(trimmed); m != nil && !(m[1] == "-" && len(m[2]) == 0) {
			flushPara()
			tag := "ul"
			if strings.HasSuffix(m[1], "#") {
				tag = "ol"
			}
			if tag != listTag {
				closeList()
				b.WriteString("<" + tag + ">")
				listTag = tag
			}
			b.WriteString("<li>" + confWikiInline(m[2]) + "</li>")
			continue
		}
		closeList()
		para = append(para, confWikiInline(trimmed))
	}
	flushPara()
	closeList()
	return b.String()
}

func confWikiInline(s string) string {
	s = html.EscapeString(s)
	s = confWikiMono.ReplaceAllString(s, "<code>$1</code>")
	s = confWikiBold.ReplaceAllString(s, "$1<strong>$2</strong>")
	s = confWikiItalic.ReplaceAllString(s, "$1<em>$2</em>")
	return s
}
