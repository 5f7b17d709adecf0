package confluencetools

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// errHeadingNotFound is replaceSection's answer when no heading matches.
var errHeadingNotFound = errors.New("heading not found")

// replaceSection replaces the body of the section headed by heading in
// storage XHTML: the siblings after the first h1–h6 whose text (each text
// piece trimmed, as BeautifulSoup's get_text(strip=True)) equals heading,
// up to the next heading of the same or a higher level or the end of the
// heading's parent. Everything outside that byte range is copied as is, so
// macros, layouts and attachments elsewhere stay byte-identical; the
// storage is only tokenized to find the range, never re-serialized.
func replaceSection(storage, heading, replacement string) (string, error) {
	const open, closing = "<section-root>", "</section-root>"
	d := xml.NewDecoder(strings.NewReader(open + storage + closing))
	d.Strict = false
	d.AutoClose = voidElements
	d.Entity = xml.HTMLEntity
	want := strings.TrimSpace(heading)
	offset := func(n int64) int { return int(n) - len(open) }

	depth := 0
	// The heading being read, once its start tag is seen.
	var inHeading bool
	var headingDepth, headingLevel int
	var text strings.Builder
	// The section, once its heading matched.
	found := false
	sectionStart := 0
	for {
		before := d.InputOffset()
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("the page's storage format could not be parsed: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			level := headingLevelOf(t.Name.Local)
			switch {
			case found && depth == headingDepth && level > 0 && level <= headingLevel:
				return storage[:sectionStart] + replacement + storage[offset(before):], nil
			case !found && !inHeading && level > 0:
				inHeading, headingDepth, headingLevel = true, depth, level
				text.Reset()
			}
		case xml.CharData:
			if inHeading {
				text.WriteString(strings.TrimSpace(string(t)))
			}
		case xml.EndElement:
			// The end of the heading's parent (the wrapper, for a heading
			// at the top) ends the section too.
			if found && depth == headingDepth-1 {
				return storage[:sectionStart] + replacement + storage[offset(before):], nil
			}
			if inHeading && depth == headingDepth {
				inHeading = false
				if text.String() == want {
					found, sectionStart = true, offset(d.InputOffset())
				}
			}
			depth--
		}
	}
	if !found {
		return "", errHeadingNotFound
	}
	return storage[:sectionStart] + replacement, nil
}

// voidElements are the HTML elements without an end tag that a hand-made
// storage body may leave open (<br>). Not xml.HTMLAutoClose: it holds
// "link", which would close every <ac:link> (the decoder compares local
// names only).
var voidElements = []string{"br", "hr", "img", "col", "wbr", "area", "input"}

// headingLevelOf is 1–6 for h1–h6, 0 for any other element.
func headingLevelOf(name string) int {
	if len(name) == 2 && (name[0] == 'h' || name[0] == 'H') && name[1] >= '1' && name[1] <= '6' {
		return int(name[1] - '0')
	}
	return 0
}
