package sandbox

import (
	"encoding/xml"
	"strings"
)

// confNode is a node of a parsed storage-format document: an element (name
// such as "p" or "ac:structured-macro", with attributes such as
// "ac:name") or a text node (name "").
type confNode struct {
	name     string
	attrs    map[string]string
	keys     []string // attribute names in document order
	children []*confNode
	text     string
}

var confVoid = map[string]bool{"br": true, "hr": true, "img": true, "col": true, "input": true, "meta": true, "link": true, "area": true, "source": true, "wbr": true}

// parseConfStorage reads storage XHTML leniently: unknown prefixes, HTML
// entities, unclosed void elements and stray end tags are all tolerated,
// as Confluence tolerates them when rendering.
func parseConfStorage(s string) *confNode {
	d := xml.NewDecoder(strings.NewReader("<sandbox-root>" + s + "</sandbox-root>"))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	root := &confNode{name: "sandbox-root"}
	stack := []*confNode{}
	started := false
	top := func() *confNode {
		if len(stack) == 0 {
			return root
		}
		return stack[len(stack)-1]
	}
	for {
		tok, err := d.RawToken()
		if err != nil {
			// At io.EOF or a syntax error keep what was read: a truncated
			// document renders partly.
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := confXMLName(t.Name)
			if !started {
				started = true
				continue
			}
			n := &confNode{name: name, attrs: map[string]string{}}
			for _, a := range t.Attr {
				k := confXMLName(a.Name)
				if _, dup := n.attrs[k]; !dup {
					n.keys = append(n.keys, k)
				}
				n.attrs[k] = a.Value
			}
			parent := top()
			parent.children = append(parent.children, n)
			if !confVoid[strings.ToLower(name)] {
				stack = append(stack, n)
			}
		case xml.EndElement:
			name := confXMLName(t.Name)
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].name == name {
					stack = stack[:i]
					break
				}
			}
		case xml.CharData:
			parent := top()
			if k := len(parent.children); k > 0 && parent.children[k-1].name == "" {
				parent.children[k-1].text += string(t)
			} else {
				parent.children = append(parent.children, &confNode{text: string(t)})
			}
		}
	}
	return root
}

func confXMLName(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

// macroName is the name of an ac:structured-macro (or ac:macro) element.
func (n *confNode) macroName() string {
	if n.name == "ac:structured-macro" || n.name == "ac:macro" {
		return strings.ToLower(n.attrs["ac:name"])
	}
	return ""
}

// param is the value of a macro parameter.
func (n *confNode) param(name string) string {
	for _, c := range n.children {
		if c.name == "ac:parameter" && strings.EqualFold(c.attrs["ac:name"], name) {
			return c.textContent()
		}
	}
	return ""
}

func (n *confNode) params() map[string]string {
	out := map[string]string{}
	for _, c := range n.children {
		if c.name == "ac:parameter" {
			out[c.attrs["ac:name"]] = c.textContent()
		}
	}
	return out
}

// child is the first child element with this name.
func (n *confNode) child(name string) *confNode {
	for _, c := range n.children {
		if c.name == name {
			return c
		}
	}
	return nil
}

// textContent is all text below n, verbatim.
func (n *confNode) textContent() string {
	if n.name == "" {
		return n.text
	}
	var b strings.Builder
	for _, c := range n.children {
		b.WriteString(c.textContent())
	}
	return b.String()
}

var confBlocks = map[string]bool{
	"p": true, "div": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"li": true, "ul": true, "ol": true, "tr": true, "td": true, "th": true, "table": true, "pre": true,
	"blockquote": true, "br": true, "hr": true, "ac:task": true, "ac:structured-macro": true,
}

// confPlainText is the indexed text of a storage document: what a reader sees,
// without macro parameters.
func confPlainText(storage string, st *confluenceStore) string {
	var b strings.Builder
	var walk func(n *confNode)
	walk = func(n *confNode) {
		if n.name == "" {
			b.WriteString(n.text)
			return
		}
		switch n.name {
		case "ac:parameter", "ac:task-id", "ac:task-uuid", "ac:task-status", "ac:placeholder":
			return
		case "ri:user":
			if st != nil {
				if u := st.userRef(n.attrs); u != nil {
					b.WriteString(" " + u.DisplayName + " ")
				}
			}
			return
		case "ri:page":
			b.WriteString(" " + n.attrs["ri:content-title"] + " ")
			return
		case "time":
			b.WriteString(" " + n.attrs["datetime"] + " ")
			return
		case "ac:link":
			if n.child("ac:link-body") != nil || n.child("ac:plain-text-link-body") != nil {
				for _, c := range n.children {
					if c.name == "ac:link-body" || c.name == "ac:plain-text-link-body" {
						walk(c)
					}
				}
				return
			}
		}
		if n.macroName() == "jira" {
			b.WriteString(" " + n.param("key") + " ")
			return
		}
		if n.macroName() == "status" {
			b.WriteString(" " + n.param("title") + " ")
			return
		}
		block := confBlocks[n.name]
		if block {
			b.WriteString(" ")
		}
		for _, c := range n.children {
			walk(c)
		}
		if block {
			b.WriteString(" ")
		}
	}
	walk(parseConfStorage(storage))
	return strings.Join(strings.Fields(b.String()), " ")
}

// confMentions lists the users a storage document confMentions.
func confMentions(storage string, st *confluenceStore) []*User {
	var out []*User
	var walk func(n *confNode)
	walk = func(n *confNode) {
		if n.name == "ri:user" {
			if u := st.userRef(n.attrs); u != nil {
				out = append(out, u)
			}
		}
		for _, c := range n.children {
			walk(c)
		}
	}
	walk(parseConfStorage(storage))
	return out
}

// ---- view rendering ------------------------------------------------------------

// confRenderView turns storage into the HTML Confluence's "view"
// representation holds: macros rendered to their HTML, links resolved.
// It is a faithful-enough rendering for clients that convert view HTML to
// text or Markdown, not a pixel-exact one.
func confRenderView(storage string, st *confluenceStore, contentID string) string {
	root := parseConfStorage(storage)
	r := &confViewRenderer{st: st, contentID: contentID, root: root}
	for _, c := range root.children {
		r.node(c)
	}
	return r.b.String()
}

type confViewRenderer struct {
	b         strings.Builder
	st        *confluenceStore
	contentID string
	root      *confNode
}

func (r *confViewRenderer) children(n *confNode) {
	for _, c := range n.children {
		r.node(c)
	}
}

func (r *confViewRenderer) open(name string, attrs ...string) {
	r.b.WriteString("<" + name)
	for i := 0; i+1 < len(attrs); i += 2 {
		r.b.WriteString(" " + attrs[i] + `="` + confEscAttr(attrs[i+1]) + `"`)
	}
	r.b.WriteString(">")
}

func (r *confViewRenderer) node(n *confNode) {
	if n.name == "" {
		r.b.WriteString(confEscText(n.text))
		return
	}
	if name := n.macroName(); name != "" {
		r.macro(n, name)
		return
	}
	switch n.name {
	case "ac:link":
		r.link(n)
		return
	case "ac:task-list":
		r.open("ul", "class", "inline-task-list", "data-inline-tasks-content-id", r.contentID)
		for _, t := range n.children {
			if t.name != "ac:task" {
				continue
			}
			id, status := "", ""
			if c := t.child("ac:task-id"); c != nil {
				id = c.textContent()
			}
			if c := t.child("ac:task-status"); c != nil {
				status = c.textContent()
			}
			attrs := []string{"data-inline-task-id", id}
			if status == "complete" {
				attrs = append(attrs, "class", "checked")
			}
			r.open("li", attrs...)
			if body := t.child("ac:task-body"); body != nil {
				r.children(body)
			}
			r.b.WriteString("</li>")
		}
		r.b.WriteString("</ul>")
		return
	case "ac:image":
		src := ""
		if u := n.child("ri:url"); u != nil {
			src = u.attrs["ri:value"]
		} else if a := n.child("ri:attachment"); a != nil {
			src = r.st.s.ConfluencePrefix() + "/download/attachments/" + r.contentID + "/" + a.attrs["ri:filename"]
		}
		r.open("img", "class", "confluence-embedded-image", "src", src, "alt", n.attrs["ac:alt"])
		return
	case "ac:emoticon":
		r.open("span", "class", "emoticon emoticon-"+n.attrs["ac:name"])
		r.b.WriteString(confEscText(n.attrs["ac:emoji-fallback"]))
		r.b.WriteString("</span>")
		return
	case "ac:placeholder", "ac:parameter", "ac:inline-comment-marker-ref":
		return
	case "time":
		dt := n.attrs["datetime"]
		r.open("time", "datetime", dt)
		r.b.WriteString(confEscText(dt) + "</time>")
		return
	}
	if strings.Contains(n.name, ":") {
		// Other Confluence elements (ac:inline-comment-marker, ac:layout…)
		// render as their content.
		r.children(n)
		return
	}
	attrs := make([]string, 0, 2*len(n.keys))
	for _, k := range n.keys {
		attrs = append(attrs, k, n.attrs[k])
	}
	r.open(n.name, attrs...)
	if confVoid[strings.ToLower(n.name)] {
		return
	}
	r.children(n)
	r.b.WriteString("</" + n.name + ">")
}

func (r *confViewRenderer) link(n *confNode) {
	body := func(fallback string) {
		if lb := n.child("ac:link-body"); lb != nil {
			r.children(lb)
		} else if pb := n.child("ac:plain-text-link-body"); pb != nil {
			r.b.WriteString(confEscText(pb.textContent()))
		} else {
			r.b.WriteString(confEscText(fallback))
		}
	}
	switch {
	case n.child("ri:user") != nil:
		u := r.st.userRef(n.child("ri:user").attrs)
		if u == nil {
			body("Unknown User")
			return
		}
		if r.st.s.Cloud() {
			r.open("a", "class", "confluence-userlink user-mention", "data-account-id", u.AccountID, "href", r.st.s.ConfluencePrefix()+"/people/"+u.AccountID, "data-linked-resource-type", "userinfo")
		} else {
			r.open("a", "class", "confluence-userlink user-mention", "data-username", u.Name, "href", r.st.s.ConfluencePrefix()+"/display/~"+u.Name, "data-linked-resource-type", "userinfo")
		}
		body("@" + u.DisplayName)
		r.b.WriteString("</a>")
	case n.child("ri:page") != nil:
		p := n.child("ri:page")
		title := p.attrs["ri:content-title"]
		href := r.st.pageURLByTitle(p.attrs["ri:space-key"], title)
		if href == "" {
			r.open("a", "class", "createlink", "href", r.st.s.ConfluencePrefix()+"/pages/createpage.action?title="+confTitleSlug(title))
		} else {
			r.open("a", "href", href, "data-linked-resource-type", "page")
		}
		body(title)
		r.b.WriteString("</a>")
	case n.child("ri:attachment") != nil:
		a := n.child("ri:attachment")
		r.open("a", "href", r.st.s.ConfluencePrefix()+"/download/attachments/"+r.contentID+"/"+a.attrs["ri:filename"], "data-linked-resource-type", "attachment")
		body(a.attrs["ri:filename"])
		r.b.WriteString("</a>")
	default:
		anchor := n.attrs["ac:anchor"]
		r.open("a", "href", "#"+anchor)
		body(anchor)
		r.b.WriteString("</a>")
	}
}

var confPanelClasses = map[string]string{"info": "information", "note": "note", "warning": "warning", "tip": "tip"}

var confStatusLozenges = map[string]string{"green": "success", "red": "error", "yellow": "current", "blue": "complete"}

func (r *confViewRenderer) macro(n *confNode, name string) {
	rich := n.child("ac:rich-text-body")
	plain := n.child("ac:plain-text-body")
	switch name {
	case "code", "noformat":
		r.open("div", "class", "code panel pdl conf-macro output-block", "data-hasbody", "true", "data-macro-name", name)
		if t := n.param("title"); t != "" {
			r.open("div", "class", "codeHeader panelHeader pdl")
			r.b.WriteString("<b>" + confEscText(t) + "</b></div>")
		}
		r.open("div", "class", "codeContent panelContent pdl")
		lang := n.param("language")
		if lang == "" {
			lang = "java"
		}
		r.open("pre", "class", "syntaxhighlighter-pre", "data-syntaxhighlighter-params", "brush: "+lang+"; gutter: false; theme: Confluence", "data-theme", "Confluence")
		if plain != nil {
			r.b.WriteString(confEscText(plain.textContent()))
		}
		r.b.WriteString("</pre></div></div>")
	case "info", "note", "warning", "tip":
		r.open("div", "class", "confluence-information-macro confluence-information-macro-"+confPanelClasses[name]+" conf-macro output-block", "data-hasbody", "true", "data-macro-name", name)
		if t := n.param("title"); t != "" {
			r.b.WriteString(`<p class="title">` + confEscText(t) + "</p>")
		}
		r.b.WriteString(`<span class="aui-icon aui-icon-small aui-iconfont-` + name + ` confluence-information-macro-icon"></span>`)
		r.b.WriteString(`<div class="confluence-information-macro-body">`)
		if rich != nil {
			r.children(rich)
		}
		r.b.WriteString("</div></div>")
	case "panel", "expand":
		r.open("div", "class", name+" conf-macro output-block", "data-hasbody", "true", "data-macro-name", name)
		if t := n.param("title"); t != "" {
			r.b.WriteString(`<div class="panelHeader"><b>` + confEscText(t) + "</b></div>")
		}
		r.b.WriteString(`<div class="panelContent">`)
		if rich != nil {
			r.children(rich)
		}
		r.b.WriteString("</div></div>")
	case "toc":
		r.open("div", "class", "toc-macro client-side-toc-macro conf-macro output-block", "data-hasbody", "false", "data-macro-name", "toc")
		r.b.WriteString("<ul>")
		for _, h := range confHeadings(r.root) {
			r.b.WriteString(`<li><a href="#` + confEscAttr(confAnchorID(h)) + `">` + confEscText(h) + "</a></li>")
		}
		r.b.WriteString("</ul></div>")
	case "jira":
		key := n.param("key")
		r.open("span", "class", "confluence-jim-macro jira-issue conf-macro output-block", "data-jira-key", key, "data-macro-name", "jira")
		r.open("a", "href", "/browse/"+key, "class", "jira-issue-key")
		r.b.WriteString(confEscText(key) + "</a></span>")
	case "status":
		class := "aui-lozenge conf-macro output-inline"
		if l, ok := confStatusLozenges[strings.ToLower(n.param("colour"))]; ok {
			class = "aui-lozenge aui-lozenge-" + l + " conf-macro output-inline"
		}
		r.open("span", "class", "status-macro "+class, "data-hasbody", "false", "data-macro-name", "status")
		r.b.WriteString(confEscText(strings.ToUpper(n.param("title"))) + "</span>")
	case "children":
		r.open("ul", "class", "childpages-macro conf-macro output-block", "data-macro-name", "children")
		for _, c := range r.st.children(r.contentID) {
			r.b.WriteString(`<li><a href="` + confEscAttr(r.st.s.ConfluencePrefix()+r.st.webui(c)) + `">` + confEscText(c.title()) + "</a></li>")
		}
		r.b.WriteString("</ul>")
	default:
		if rich != nil {
			r.children(rich)
		} else if plain != nil {
			r.b.WriteString(confEscText(plain.textContent()))
		}
	}
}

// confHeadings lists the h1–h3 texts of a document, in order, for a toc.
func confHeadings(root *confNode) []string {
	var out []string
	var walk func(n *confNode)
	walk = func(n *confNode) {
		switch n.name {
		case "h1", "h2", "h3":
			out = append(out, strings.TrimSpace(n.textContent()))
			return
		}
		for _, c := range n.children {
			walk(c)
		}
	}
	walk(root)
	return out
}

func confAnchorID(heading string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' {
			return '-'
		}
		return r
	}, heading)
}

var (
	confTextEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	confAttrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
)

// confEscText escapes text content for HTML.
func confEscText(s string) string { return confTextEscaper.Replace(s) }

// confEscAttr escapes an attribute value for HTML.
func confEscAttr(s string) string { return confAttrEscaper.Replace(s) }
