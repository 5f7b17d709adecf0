package sandbox

import (
	"fmt"
	"html"
	"strings"
)

// Rich text in the Jira sandbox. Seeded descriptions and comments are
// authored once in a small neutral form (rtBlock/rtInline; seed/jira.json
// writes it as richSeed) and rendered to the deployment's dialect: ADF on
// Cloud, wiki markup on Server/DC. Every stored rich-text value also keeps
// an HTML rendering (for expand=renderedFields) and a plain-text rendering
// (for JQL `~`).

// richText is one stored rich-text value.
type richText struct {
	native any    // ADF document (map) on Cloud, wiki-markup string on DC
	html   string // what renderedFields shows
	plain  string // what text search looks at
}

// rtInline is a run of inline content.
type rtInline struct {
	kind string // text, strong, em, code, link, mention, br
	text string
	href string // link target
	user string // mention: the User.Name
}

// rtBlock is one block of the neutral form.
type rtBlock struct {
	kind   string // h, p, ul, ol, code, table, panel, rule
	level  int
	inl    []rtInline
	items  [][]rtInline
	lang   string
	code   string
	rows   [][]string // table: first row is the header
	panel  string     // info, note, warning, success
	blocks []rtBlock
}

// richRenderer renders the neutral form for one deployment.
type richRenderer struct {
	cloud bool
	user  func(name string) *User
}

func (rr richRenderer) render(doc []rtBlock) *richText {
	if len(doc) == 0 {
		return nil
	}
	rt := &richText{html: rr.htmlBlocks(doc), plain: strings.TrimSpace(rr.plainBlocks(doc))}
	if rr.cloud {
		rt.native = map[string]any{"type": "doc", "version": 1, "content": rr.adfBlocks(doc)}
	} else {
		rt.native = strings.TrimRight(rr.wikiBlocks(doc), "\n")
	}
	return rt
}

// --- ADF ---

func (rr richRenderer) adfBlocks(doc []rtBlock) []any {
	out := make([]any, 0, len(doc))
	for _, b := range doc {
		switch b.kind {
		case "h":
			out = append(out, map[string]any{"type": "heading", "attrs": map[string]any{"level": b.level}, "content": rr.adfInline(b.inl)})
		case "p":
			out = append(out, map[string]any{"type": "paragraph", "content": rr.adfInline(b.inl)})
		case "ul", "ol":
			items := make([]any, 0, len(b.items))
			for _, it := range b.items {
				items = append(items, map[string]any{"type": "listItem", "content": []any{
					map[string]any{"type": "paragraph", "content": rr.adfInline(it)},
				}})
			}
			node := map[string]any{"type": "bulletList", "content": items}
			if b.kind == "ol" {
				node = map[string]any{"type": "orderedList", "attrs": map[string]any{"order": 1}, "content": items}
			}
			out = append(out, node)
		case "code":
			node := map[string]any{"type": "codeBlock", "content": []any{map[string]any{"type": "text", "text": b.code}}}
			if b.lang != "" {
				node["attrs"] = map[string]any{"language": b.lang}
			}
			out = append(out, node)
		case "table":
			rows := make([]any, 0, len(b.rows))
			for i, r := range b.rows {
				cellType := "tableCell"
				if i == 0 {
					cellType = "tableHeader"
				}
				cells := make([]any, 0, len(r))
				for _, c := range r {
					cells = append(cells, map[string]any{"type": cellType, "attrs": map[string]any{}, "content": []any{
						map[string]any{"type": "paragraph", "content": rr.adfInline([]rtInline{{kind: "text", text: c}})},
					}})
				}
				rows = append(rows, map[string]any{"type": "tableRow", "content": cells})
			}
			out = append(out, map[string]any{"type": "table", "attrs": map[string]any{"isNumberColumnEnabled": false, "layout": "default"}, "content": rows})
		case "panel":
			out = append(out, map[string]any{"type": "panel", "attrs": map[string]any{"panelType": b.panel}, "content": rr.adfBlocks(b.blocks)})
		case "rule":
			out = append(out, map[string]any{"type": "rule"})
		}
	}
	return out
}

func (rr richRenderer) adfInline(inl []rtInline) []any {
	out := make([]any, 0, len(inl))
	for _, in := range inl {
		switch in.kind {
		case "text":
			out = append(out, map[string]any{"type": "text", "text": in.text})
		case "strong", "em", "code":
			out = append(out, map[string]any{"type": "text", "text": in.text, "marks": []any{map[string]any{"type": in.kind}}})
		case "link":
			out = append(out, map[string]any{"type": "text", "text": in.text, "marks": []any{
				map[string]any{"type": "link", "attrs": map[string]any{"href": in.href}},
			}})
		case "mention":
			if u := rr.user(in.user); u != nil {
				out = append(out, map[string]any{"type": "mention", "attrs": map[string]any{
					"id": u.AccountID, "text": "@" + u.DisplayName, "accessLevel": "",
				}})
			}
		case "br":
			out = append(out, map[string]any{"type": "hardBreak"})
		}
	}
	return out
}

// --- wiki markup ---

func (rr richRenderer) wikiBlocks(doc []rtBlock) string {
	var b strings.Builder
	for _, bl := range doc {
		switch bl.kind {
		case "h":
			fmt.Fprintf(&b, "h%d. %s\n\n", bl.level, rr.wikiInline(bl.inl))
		case "p":
			b.WriteString(rr.wikiInline(bl.inl) + "\n\n")
		case "ul", "ol":
			mark := "*"
			if bl.kind == "ol" {
				mark = "#"
			}
			for _, it := range bl.items {
				b.WriteString(mark + " " + rr.wikiInline(it) + "\n")
			}
			b.WriteString("\n")
		case "code":
			if bl.lang != "" {
				fmt.Fprintf(&b, "{code:%s}\n%s\n{code}\n\n", bl.lang, bl.code)
			} else {
				fmt.Fprintf(&b, "{code}\n%s\n{code}\n\n", bl.code)
			}
		case "table":
			for i, r := range bl.rows {
				sep := "|"
				if i == 0 {
					sep = "||"
				}
				b.WriteString(sep)
				for _, c := range r {
					b.WriteString(c + sep)
				}
				b.WriteString("\n")
			}
			b.WriteString("\n")
		case "panel":
			macro := map[string]string{"info": "info", "note": "note", "warning": "warning", "success": "tip", "error": "warning"}[bl.panel]
			if macro == "" {
				macro = "panel"
			}
			fmt.Fprintf(&b, "{%s}\n%s\n{%s}\n\n", macro, strings.TrimRight(rr.wikiBlocks(bl.blocks), "\n"), macro)
		case "rule":
			b.WriteString("----\n\n")
		}
	}
	return b.String()
}

func (rr richRenderer) wikiInline(inl []rtInline) string {
	var b strings.Builder
	for _, in := range inl {
		switch in.kind {
		case "text":
			b.WriteString(in.text)
		case "strong":
			b.WriteString("*" + in.text + "*")
		case "em":
			b.WriteString("_" + in.text + "_")
		case "code":
			b.WriteString("{{" + in.text + "}}")
		case "link":
			b.WriteString("[" + in.text + "|" + in.href + "]")
		case "mention":
			b.WriteString("[~" + in.user + "]")
		case "br":
			b.WriteString("\\\\ ")
		}
	}
	return b.String()
}

// --- HTML and plain text of the neutral form ---

func (rr richRenderer) htmlBlocks(doc []rtBlock) string {
	var b strings.Builder
	for _, bl := range doc {
		switch bl.kind {
		case "h":
			fmt.Fprintf(&b, "<h%d>%s</h%d>", bl.level, rr.htmlInline(bl.inl), bl.level)
		case "p":
			b.WriteString("<p>" + rr.htmlInline(bl.inl) + "</p>")
		case "ul", "ol":
			tag := bl.kind
			b.WriteString("<" + tag + ">")
			for _, it := range bl.items {
				b.WriteString("<li>" + rr.htmlInline(it) + "</li>")
			}
			b.WriteString("</" + tag + ">")
		case "code":
			fmt.Fprintf(&b, `<div class="code panel"><div class="codeContent panelContent"><pre class="code-%s">%s</pre></div></div>`, html.EscapeString(orDefault(bl.lang, "java")), html.EscapeString(bl.code))
		case "table":
			b.WriteString(`<div class="table-wrap"><table class="confluenceTable"><tbody>`)
			for i, r := range bl.rows {
				b.WriteString("<tr>")
				for _, c := range r {
					if i == 0 {
						b.WriteString(`<th class="confluenceTh">` + html.EscapeString(c) + "</th>")
					} else {
						b.WriteString(`<td class="confluenceTd">` + html.EscapeString(c) + "</td>")
					}
				}
				b.WriteString("</tr>")
			}
			b.WriteString("</tbody></table></div>")
		case "panel":
			fmt.Fprintf(&b, `<div class="panel %s">%s</div>`, html.EscapeString(bl.panel), rr.htmlBlocks(bl.blocks))
		case "rule":
			b.WriteString("<hr />")
		}
	}
	return b.String()
}

func (rr richRenderer) htmlInline(inl []rtInline) string {
	var b strings.Builder
	for _, in := range inl {
		t := html.EscapeString(in.text)
		switch in.kind {
		case "text":
			b.WriteString(t)
		case "strong":
			b.WriteString("<b>" + t + "</b>")
		case "em":
			b.WriteString("<em>" + t + "</em>")
		case "code":
			b.WriteString("<tt>" + t + "</tt>")
		case "link":
			fmt.Fprintf(&b, `<a href="%s" class="external-link" rel="nofollow">%s</a>`, html.EscapeString(in.href), t)
		case "mention":
			if u := rr.user(in.user); u != nil {
				fmt.Fprintf(&b, `<a class="user-hover" rel="%s">%s</a>`, html.EscapeString(u.Name), html.EscapeString(u.DisplayName))
			}
		case "br":
			b.WriteString("<br/>")
		}
	}
	return b.String()
}

func (rr richRenderer) plainBlocks(doc []rtBlock) string {
	var b strings.Builder
	for _, bl := range doc {
		switch bl.kind {
		case "h", "p":
			b.WriteString(rr.plainInline(bl.inl) + "\n")
		case "ul", "ol":
			for _, it := range bl.items {
				b.WriteString(rr.plainInline(it) + "\n")
			}
		case "code":
			b.WriteString(bl.code + "\n")
		case "table":
			for _, r := range bl.rows {
				b.WriteString(strings.Join(r, " ") + "\n")
			}
		case "panel":
			b.WriteString(rr.plainBlocks(bl.blocks))
		}
	}
	return b.String()
}

func (rr richRenderer) plainInline(inl []rtInline) string {
	var b strings.Builder
	for _, in := range inl {
		switch in.kind {
		case "mention":
			if u := rr.user(in.user); u != nil {
				b.WriteString("@" + u.DisplayName)
			}
		case "br":
			b.WriteString("\n")
		default:
			b.WriteString(in.text)
		}
	}
	return b.String()
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// --- rich text written through the API ---

// adfValid reports whether v looks like an ADF document: an object with
// type "doc", version 1 and a content array of typed nodes.
func adfValid(v any) bool {
	doc, ok := v.(map[string]any)
	if !ok || doc["type"] != "doc" {
		return false
	}
	if ver, ok := doc["version"].(float64); !ok || ver != 1 {
		return false
	}
	content, ok := doc["content"].([]any)
	if !ok {
		return false
	}
	return adfNodesValid(content, 0)
}

func adfNodesValid(nodes []any, depth int) bool {
	if depth > 64 {
		return false
	}
	for _, n := range nodes {
		m, ok := n.(map[string]any)
		if !ok {
			return false
		}
		if t, ok := m["type"].(string); !ok || t == "" || t == "doc" {
			return false
		}
		if m["type"] == "text" {
			if _, ok := m["text"].(string); !ok {
				return false
			}
		}
		if c, present := m["content"]; present {
			arr, ok := c.([]any)
			if !ok || !adfNodesValid(arr, depth+1) {
				return false
			}
		}
	}
	return true
}

// richFromADF stores an ADF document sent by a client.
func richFromADF(doc any) *richText {
	var h, p strings.Builder
	content, _ := doc.(map[string]any)["content"].([]any)
	adfHTML(&h, content)
	adfPlain(&p, content)
	return &richText{native: doc, html: h.String(), plain: strings.TrimSpace(p.String())}
}

// richFromWiki stores a wiki-markup string sent by a client.
func richFromWiki(s string) *richText {
	if s == "" {
		return nil
	}
	var h strings.Builder
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if strings.TrimSpace(para) == "" {
			continue
		}
		h.WriteString("<p>" + strings.ReplaceAll(html.EscapeString(para), "\n", "<br/>\n") + "</p>")
	}
	return &richText{native: s, html: h.String(), plain: s}
}

func adfPlain(b *strings.Builder, nodes []any) {
	for _, n := range nodes {
		m, _ := n.(map[string]any)
		if m == nil {
			continue
		}
		switch m["type"] {
		case "text":
			s, _ := m["text"].(string)
			b.WriteString(s)
		case "hardBreak":
			b.WriteString("\n")
		case "mention", "emoji", "status":
			if attrs, ok := m["attrs"].(map[string]any); ok {
				s, _ := attrs["text"].(string)
				b.WriteString(s)
			}
		case "inlineCard", "blockCard":
			if attrs, ok := m["attrs"].(map[string]any); ok {
				s, _ := attrs["url"].(string)
				b.WriteString(s)
			}
		}
		if c, ok := m["content"].([]any); ok {
			adfPlain(b, c)
			switch m["type"] {
			case "paragraph", "heading", "codeBlock", "tableRow":
				b.WriteString("\n")
			case "tableCell", "tableHeader":
				b.WriteString(" ")
			}
		}
	}
}

func adfHTML(b *strings.Builder, nodes []any) {
	for _, n := range nodes {
		m, _ := n.(map[string]any)
		if m == nil {
			continue
		}
		attrs, _ := m["attrs"].(map[string]any)
		content, _ := m["content"].([]any)
		wrap := func(open, close string) {
			b.WriteString(open)
			adfHTML(b, content)
			b.WriteString(close)
		}
		switch m["type"] {
		case "text":
			s, _ := m["text"].(string)
			out := html.EscapeString(s)
			marks, _ := m["marks"].([]any)
			for _, mk := range marks {
				mm, _ := mk.(map[string]any)
				switch mm["type"] {
				case "strong":
					out = "<b>" + out + "</b>"
				case "em":
					out = "<em>" + out + "</em>"
				case "code":
					out = "<tt>" + out + "</tt>"
				case "strike":
					out = "<del>" + out + "</del>"
				case "link":
					ma, _ := mm["attrs"].(map[string]any)
					href, _ := ma["href"].(string)
					out = `<a href="` + html.EscapeString(href) + `" class="external-link" rel="nofollow">` + out + "</a>"
				}
			}
			b.WriteString(out)
		case "paragraph":
			wrap("<p>", "</p>")
		case "heading":
			lvl := 1
			if f, ok := attrs["level"].(float64); ok && f >= 1 && f <= 6 {
				lvl = int(f)
			}
			wrap(fmt.Sprintf("<h%d>", lvl), fmt.Sprintf("</h%d>", lvl))
		case "bulletList":
			wrap("<ul>", "</ul>")
		case "orderedList":
			wrap("<ol>", "</ol>")
		case "listItem":
			wrap("<li>", "</li>")
		case "blockquote":
			wrap("<blockquote>", "</blockquote>")
		case "codeBlock":
			var p strings.Builder
			adfPlain(&p, content)
			lang, _ := attrs["language"].(string)
			fmt.Fprintf(b, `<div class="code panel"><div class="codeContent panelContent"><pre class="code-%s">%s</pre></div></div>`, html.EscapeString(orDefault(lang, "java")), html.EscapeString(strings.TrimSuffix(p.String(), "\n")))
		case "table":
			wrap(`<div class="table-wrap"><table class="confluenceTable"><tbody>`, "</tbody></table></div>")
		case "tableRow":
			wrap("<tr>", "</tr>")
		case "tableHeader":
			wrap(`<th class="confluenceTh">`, "</th>")
		case "tableCell":
			wrap(`<td class="confluenceTd">`, "</td>")
		case "panel":
			kind, _ := attrs["panelType"].(string)
			wrap(`<div class="panel `+html.EscapeString(kind)+`">`, "</div>")
		case "rule":
			b.WriteString("<hr />")
		case "hardBreak":
			b.WriteString("<br/>")
		case "mention":
			s, _ := attrs["text"].(string)
			b.WriteString(`<a class="user-hover">` + html.EscapeString(strings.TrimPrefix(s, "@")) + "</a>")
		default:
			adfHTML(b, content)
		}
	}
}
