package storage

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"
)

// unescapeMarkdown resolves backslash escapes and entity references of
// Markdown text in one pass, as CommonMark defines them.
func unescapeMarkdown(b []byte) string {
	if bytes.IndexByte(b, '\\') < 0 && bytes.IndexByte(b, '&') < 0 {
		return string(b)
	}
	var out strings.Builder
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '\\' && i+1 < len(b) && util.IsPunct(b[i+1]):
			out.WriteByte(b[i+1])
			i++
		case c == '&':
			if s, n := entity(b[i:]); n > 0 {
				out.WriteString(s)
				i += n - 1
			} else {
				out.WriteByte(c)
			}
		default:
			out.WriteByte(c)
		}
	}
	return out.String()
}

// entity decodes the entity or numeric reference at the start of b and
// returns it and its length, or 0 if there is none.
func entity(b []byte) (string, int) {
	end := bytes.IndexByte(b[:min(len(b), 40)], ';')
	if end < 2 {
		return "", 0
	}
	name := string(b[1:end])
	if name[0] == '#' {
		var v uint64
		var err error
		if len(name) > 1 && (name[1] == 'x' || name[1] == 'X') {
			if len(name) < 3 || len(name) > 8 {
				return "", 0
			}
			v, err = strconv.ParseUint(name[2:], 16, 32)
		} else {
			if len(name) < 2 || len(name) > 8 {
				return "", 0
			}
			v, err = strconv.ParseUint(name[1:], 10, 32)
		}
		if err != nil {
			return "", 0
		}
		r := rune(v)
		if v == 0 || v > utf8.MaxRune || !utf8.ValidRune(r) {
			r = utf8.RuneError
		}
		return string(r), end + 1
	}
	if e, ok := util.LookUpHTML5EntityByName(name); ok {
		return string(e.Characters), end + 1
	}
	return "", 0
}

// writeText writes s XML-escaped, dropping characters XML does not allow.
func writeText(buf *bytes.Buffer, s string) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '&':
				buf.WriteString("&amp;")
			case c == '<':
				buf.WriteString("&lt;")
			case c == '>':
				buf.WriteString("&gt;")
			case c == '"':
				buf.WriteString("&quot;")
			case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
			default:
				buf.WriteByte(c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			buf.WriteRune(utf8.RuneError)
		case r != 0xFFFE && r != 0xFFFF:
			buf.WriteString(s[i : i+n])
		}
		i += n
	}
}

// writeCDATA writes s as CDATA, splitting it wherever it contains "]]>".
func writeCDATA(buf *bytes.Buffer, s string) {
	buf.WriteString("<![CDATA[")
	for {
		i := strings.Index(s, "]]>")
		if i < 0 {
			break
		}
		buf.WriteString(s[:i+2])
		buf.WriteString("]]><![CDATA[")
		s = s[i+2:]
	}
	writeRaw(buf, s)
	buf.WriteString("]]>")
}

// writeRaw writes s unescaped, dropping characters XML does not allow.
func writeRaw(buf *bytes.Buffer, s string) {
	buf.WriteString(strings.Map(xmlRune, strings.ToValidUTF8(s, "\uFFFD")))
}
