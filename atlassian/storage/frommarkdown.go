package storage

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// FromMarkdownOptions tunes FromMarkdown.
type FromMarkdownOptions struct {
	// HeadingAnchors puts an anchor macro at the start of each heading, as
	// Confluence's editor does, named like GitHub's heading ids
	// ("Release notes" → "release-notes"), so Markdown links such as
	// [see](#release-notes) keep working.
	HeadingAnchors bool
	// PageID, if set, turns links and images pointing at this page's
	// attachment download URLs (as ToMarkdown writes them when given a
	// BaseURL and PageID) back into attachment references.
	PageID string
}

// FromMarkdown converts Markdown (GFM plus the conventions described in the
// package documentation) to Confluence storage format. The result is always
// well-formed XML (as a fragment, given the ac/ri namespace declarations).
func FromMarkdown(md string, opts FromMarkdownOptions) (storage string) {
	defer func() {
		// A bug here or in goldmark must not take the server down, nor
		// lose the text: fall back to it as plain paragraphs.
		if recover() != nil {
			storage = plainParagraphs(md)
		}
	}()
	return fromMarkdown(md, opts)
}

// fromMarkdown is FromMarkdown without the safety net, for the fuzz tests.
func fromMarkdown(md string, opts FromMarkdownOptions) string {
	w := &storageWriter{opts: opts, md: newMarkdown()}
	w.document([]byte(clampNesting(strings.Map(xmlRune, md))), 0)
	return w.buf.String()
}

// plainParagraphs writes text as escaped paragraphs, one per blank-line
// separated block.
func plainParagraphs(text string) string {
	var buf bytes.Buffer
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if strings.TrimSpace(p) == "" {
			continue
		}
		buf.WriteString("<p>")
		writeText(&buf, strings.TrimSpace(p))
		buf.WriteString("</p>")
	}
	return buf.String()
}

// newMarkdown returns the goldmark parser: GFM (tables, strikethrough, task
// lists, bare-URL links) plus the bracketed conventions of bracketParser.
func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithInlineParsers(util.Prioritized(bracketParser{}, 199))),
	)
}

// maxSubDocuments bounds the nesting of <details> blocks whose content has to
// be parsed as a Markdown document of its own.
const maxSubDocuments = 8

// storageWriter renders a goldmark AST as storage XHTML.
type storageWriter struct {
	buf     bytes.Buffer
	src     []byte
	opts    FromMarkdownOptions
	md      goldmark.Markdown
	sub     int                   // current sub-document depth
	taskID  int                   // last task id handed out
	anchors map[string]int        // heading anchors used so far
	closers map[ast.Node]ast.Node // <details> HTML blocks → their closing block
}

// document parses src and writes it; src becomes the source of all nodes
// until it returns.
func (w *storageWriter) document(src []byte, depth int) {
	doc := w.md.Parser().Parse(text.NewReader(src))
	saved, savedDepth := w.src, w.sub
	w.src, w.sub = src, depth
	w.blocks(doc.FirstChild(), nil)
	w.src, w.sub = saved, savedDepth
}

// bracketParser parses the bracketed inline conventions:
//
//   - Jira-style mentions [~accountid:ID], [~userkey:KEY] and [~username]
//     become links with accountid:, userkey: or username: destinations,
//     which the writer turns into user links;
//   - status lozenges [DONE], [IN PROGRESS] (upper case, as Confluence
//     shows them) become links with statusDest, for the status macro.
//
// Brackets followed by ( or [, or naming a link reference, stay links.
type bracketParser struct{}

// statusDest marks a status link; NUL cannot come from the (sanitised) input.
const statusDest = "\x00status:"

func (bracketParser) Trigger() []byte { return []byte{'['} }

func (bracketParser) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	end := bytes.IndexByte(line[:min(len(line), 256)], ']')
	if end < 3 || end+1 < len(line) && (line[end+1] == '(' || line[end+1] == '[' || line[end+1] == ':') {
		return nil
	}
	label := string(line[1:end])
	var dest string
	switch {
	case label[0] == '~':
		id := label[1:]
		if strings.ContainsAny(id, " \t[") {
			return nil
		}
		dest = "username:" + id
		if strings.HasPrefix(id, "accountid:") || strings.HasPrefix(id, "userkey:") {
			dest = id
		}
	case isStatusTitle(label):
		if _, ok := pc.Reference(util.ToLinkReference([]byte(label))); ok {
			return nil
		}
		dest = statusDest + label
	default:
		return nil
	}
	block.Advance(end + 1)
	link := ast.NewLink()
	link.Destination = []byte(dest)
	return link
}

// isStatusTitle reports whether s looks like a status lozenge title: upper
// case, at least two letters, no surrounding space, not "TOC".
func isStatusTitle(s string) bool {
	if s == "" || len(s) > 40 || s == "TOC" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	letters := 0
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			letters++
		case r >= '0' && r <= '9', strings.ContainsRune(" -_./", r):
		default:
			return false
		}
	}
	return letters >= 2
}
