package storage

import (
	"strings"

	"golang.org/x/net/html"
)

// macro is a parsed <ac:structured-macro> (or legacy <ac:macro>).
type macro struct {
	name     string
	params   []param
	rich     *html.Node // <ac:rich-text-body>, if any
	plain    string     // text of <ac:plain-text-body>
	hasPlain bool
}

func parseMacro(n *html.Node) macro {
	m := macro{name: strings.ToLower(attr(n, "ac:name"))}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case isElement(c, "ac:parameter"):
			m.params = append(m.params, param{attr(c, "ac:name"), paramValue(c)})
		case isElement(c, "ac:default-parameter"):
			m.params = append(m.params, param{"", paramValue(c)})
		case isElement(c, "ac:rich-text-body"):
			m.rich = c
		case isElement(c, "ac:plain-text-body"):
			m.plain, m.hasPlain = textContent(c), true
		}
	}
	return m
}

// paramValue is the text of a parameter; parameters that reference a
// resource (a page, a user, …) are reduced to its readable name.
func paramValue(n *html.Node) string {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if ri := c; isElement(ri, "ac:link") {
			if inner := firstElementChild(ri, "ri:"); inner != nil {
				c = inner
			}
		}
		switch {
		case isElement(c, "ri:page", "ri:blog-post"):
			return attr(c, "ri:content-title")
		case isElement(c, "ri:attachment"):
			return attr(c, "ri:filename")
		case isElement(c, "ri:space"):
			return attr(c, "ri:space-key")
		case isElement(c, "ri:user"):
			return mention(c)
		case isElement(c, "ri:url"):
			return attr(c, "ri:value")
		}
	}
	return strings.TrimSpace(textContent(n))
}

func (m macro) param(name string) string {
	for _, p := range m.params {
		if strings.EqualFold(p.name, name) {
			return p.value
		}
	}
	return ""
}

// macro rewrites a macro element and returns the next node to visit.
func (r *rewriter) macro(n *html.Node) *html.Node {
	m := parseMacro(n)
	switch m.name {
	case "code", "noformat", "sourcecode":
		lang := m.param("language")
		if lang == "" && m.name != "noformat" {
			lang = m.param("") // legacy <ac:default-parameter>
		}
		return r.replace(n, newElement(elCode, "lang", lang, "title", m.param("title"),
			"code", strings.TrimSuffix(m.plain, "\n")), false)
	case "info", "note", "warning", "tip", "panel":
		kind := macroToAlert[m.name]
		if inlineContext(n) || m.rich == nil {
			break
		}
		alert := newElement(elAlert, "kind", kind, "title", m.param("title"))
		moveChildren(m.rich, alert)
		return r.replace(n, alert, true)
	case "expand":
		if m.rich == nil || inlineContext(n) {
			break
		}
		title := m.param("title")
		if hasAncestor(n, "td", "th") {
			// Markdown tables cannot hold <details>; a bold title will do.
			div := newElement("div")
			if title != "" {
				p := newElement("p")
				strong := newElement("strong")
				strong.AppendChild(textNode(title))
				p.AppendChild(strong)
				div.AppendChild(p)
			}
			moveChildren(m.rich, div)
			return r.replace(n, div, true)
		}
		if title == "" {
			title = "Click here to expand..."
		}
		details := newElement(elDetails, "summary", title)
		moveChildren(m.rich, details)
		return r.replace(n, details, true)
	case "toc":
		if len(m.params) == 0 {
			return r.replace(n, r.markdown(n, "[TOC]"), false)
		}
	case "anchor":
		return remove(n)
	case "jira":
		if key := m.param("key"); key != "" {
			return r.replace(n, textNode(key), false)
		}
	case "status":
		// Upper case, as Confluence shows it; FromMarkdown reads it back.
		title := strings.Join(strings.Fields(strings.ToUpper(m.param("title"))), " ")
		if !isStatusTitle(title) {
			break // not expressible as [TITLE]: keep the placeholder
		}
		return r.replace(n, newElement(elMD, "md", "["+title+"]"), false)
	}
	if m.rich != nil {
		// Unknown macro with rich content: the content is what matters.
		name := "div"
		if inlineContext(n) {
			name = "span"
		}
		body := newElement(name)
		moveChildren(m.rich, body)
		return r.replace(n, body, true)
	}
	ph := formatPlaceholder(m.name, m.params)
	if m.hasPlain && !inlineContext(n) {
		// Keep the body readable, after the placeholder naming the macro.
		div := newElement("div")
		div.AppendChild(newElement(elMDBlock, "md", ph))
		div.AppendChild(newElement(elCode, "code", strings.TrimSuffix(m.plain, "\n")))
		return r.replace(n, div, false)
	}
	return r.replace(n, r.markdown(n, ph), false)
}

// markdown returns an element carrying verbatim Markdown, inline or block
// depending on where n sits.
func (r *rewriter) markdown(n *html.Node, md string) *html.Node {
	if inlineContext(n) {
		return newElement(elMD, "md", md)
	}
	return newElement(elMDBlock, "md", md)
}

// replace puts repl in place of n, optionally rewrites repl's children, and
// returns the next node to visit.
func (r *rewriter) replace(n, repl *html.Node, visit bool) *html.Node {
	replaceNode(n, repl)
	if visit {
		r.children(repl)
	}
	return repl.NextSibling
}

// adfExtension handles Cloud's <ac:adf-extension>: panels become alerts,
// anything else is rendered from its HTML fallback.
func (r *rewriter) adfExtension(n *html.Node) *html.Node {
	if node := child(n, "ac:adf-node"); node != nil && attr(node, "type") == "panel" {
		kind := ""
		for c := node.FirstChild; c != nil; c = c.NextSibling {
			if isElement(c, "ac:adf-attribute") && attr(c, "key") == "panel-type" {
				kind = macroToAlert[strings.TrimSpace(textContent(c))]
			}
		}
		alert := newElement(elAlert, "kind", kind)
		if content := child(node, "ac:adf-content"); content != nil {
			moveChildren(content, alert)
		}
		return r.replace(n, alert, true)
	}
	if fb := child(n, "ac:adf-fallback"); fb != nil {
		div := newElement("div")
		moveChildren(fb, div)
		return r.replace(n, div, true)
	}
	return remove(n)
}
