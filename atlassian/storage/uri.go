package storage

import (
	"net/url"
	"strings"
)

// Confluence resources that have no URL of their own in storage format are
// written as Markdown links with these pseudo-URL schemes, so that a page
// read as Markdown and written back keeps its links:
//
//	[Text](confluence-page:SPACE/Page%20Title#anchor)
//	[Text](confluence-page:Page%20Title)          same space
//	[Text](confluence-page:/A/B)                  same space, title "A/B"
//	[Text](confluence-blogpost:SPACE/2024/01/31/Post%20Title)
//	[Text](confluence-space:SPACE)
//	[Text](confluence-content:123456)             by content id
//
// Titles are percent-encoded only where Markdown or the syntax above needs it
// (space, %, #, ?, brackets, parentheses, quotes, backslash, controls).
const (
	schemePage    = "confluence-page:"
	schemeBlog    = "confluence-blogpost:"
	schemeSpace   = "confluence-space:"
	schemeContent = "confluence-content:"
)

// pageRef identifies a page or blog post by space key and title.
type pageRef struct {
	space, title, anchor string
	postingDay           string // "YYYY/MM/DD", blog posts only
	blog                 bool
}

func (p pageRef) String() string {
	var b strings.Builder
	if p.blog {
		b.WriteString(schemeBlog)
	} else {
		b.WriteString(schemePage)
	}
	b.WriteString(escapePart(p.space, false))
	if p.blog {
		b.WriteByte('/')
		b.WriteString(escapePart(p.postingDay, false))
		b.WriteByte('/')
	} else if p.space != "" || strings.Contains(p.title, "/") {
		b.WriteByte('/')
	}
	b.WriteString(escapePart(p.title, false))
	if p.anchor != "" {
		b.WriteByte('#')
		b.WriteString(escapePart(p.anchor, true))
	}
	return b.String()
}

// parsePageRef parses a confluence-page: or confluence-blogpost: URI.
func parsePageRef(s string) (pageRef, bool) {
	var p pageRef
	switch {
	case strings.HasPrefix(s, schemePage):
		s = s[len(schemePage):]
	case strings.HasPrefix(s, schemeBlog):
		s = s[len(schemeBlog):]
		p.blog = true
	default:
		return p, false
	}
	if i := strings.IndexByte(s, '#'); i >= 0 {
		p.anchor = unescapePart(s[i+1:])
		s = s[:i]
	}
	if i := strings.IndexByte(s, '/'); i >= 0 {
		p.space, s = unescapePart(s[:i]), s[i+1:]
	}
	if p.blog {
		// YYYY/MM/DD/Title
		parts := strings.SplitN(s, "/", 4)
		if len(parts) == 4 {
			p.postingDay = strings.Join(parts[:3], "/")
			s = parts[3]
		}
	}
	p.title = unescapePart(s)
	return p, p.title != ""
}

// attachmentURL is where an attachment of the current page is linked to:
// its download URL when the site and page are known, else the bare
// (percent-encoded) file name, which FromMarkdown maps back.
func attachmentURL(filename string, opts ToMarkdownOptions) string {
	if opts.BaseURL != "" && opts.PageID != "" {
		return strings.TrimRight(opts.BaseURL, "/") + "/download/attachments/" +
			url.PathEscape(opts.PageID) + "/" + url.PathEscape(filename)
	}
	return escapePart(filename, false)
}

// attachmentName returns the file name if dest refers to an attachment of
// the page being written: a bare relative file name, or the download URL of
// one of pageID's attachments.
func attachmentName(dest, pageID string) (string, bool) {
	if dest == "" || strings.ContainsAny(dest[:1], "#?/.") || strings.HasPrefix(dest, "www.") {
		return "", false
	}
	if !strings.ContainsAny(dest, "/:?#") {
		return unescapePart(dest), true
	}
	if pageID == "" {
		return "", false
	}
	marker := "/download/attachments/" + pageID + "/"
	i := strings.Index(dest, marker)
	if i < 0 {
		return "", false
	}
	name := dest[i+len(marker):]
	if j := strings.IndexAny(name, "?#"); j >= 0 {
		name = name[:j]
	}
	if name == "" || strings.Contains(name, "/") {
		return "", false
	}
	return unescapePart(name), true
}

// escapePart percent-encodes the characters of s that would break a
// Markdown link destination or the pseudo-URL syntax.
func escapePart(s string, anchor bool) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c <= ' ', c == 0x7f, c == '%', c == '#', c == '?', c == '(', c == ')', c == '[', c == ']',
			c == '<', c == '>', c == '"', c == '\\', c == '`', anchor && c == '/':
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func unescapePart(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}
