package storage

import (
	"strconv"
	"strings"
)

// A macro this package cannot express in Markdown is kept as an HTML
// comment naming it and its parameters, so that readers see it exists and
// FromMarkdown can recreate it:
//
//	<!-- confluence macro: children depth=2 sort="creation date" -->
//
// Values that are not a single plain word are double-quoted with Go escapes;
// a parameter without a name (Confluence's default parameter) is written as
// a bare value.
const placeholderPrefix = "confluence macro:"

// param is a macro parameter; order is kept so output is stable.
type param struct{ name, value string }

// formatPlaceholder returns the placeholder comment for a macro.
func formatPlaceholder(name string, params []param) string {
	var b strings.Builder
	b.WriteString("<!-- ")
	b.WriteString(placeholderPrefix)
	b.WriteByte(' ')
	b.WriteString(quoteValue(name))
	for _, p := range params {
		b.WriteByte(' ')
		if p.name != "" {
			b.WriteString(quoteValue(p.name))
			b.WriteByte('=')
		}
		b.WriteString(quoteValue(p.value))
	}
	b.WriteString(" -->")
	return b.String()
}

// quoteValue quotes s unless it is a plain word. Quoted values escape '>'
// and "--" so that a value can never end the comment.
func quoteValue(s string) string {
	plain := s != "" && !strings.Contains(s, "--")
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
			strings.ContainsRune("_.,:/@+~-", r) || r > 0x7f && r != 0xFFFD && !isSpaceRune(r)) {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	q := strings.ReplaceAll(strconv.Quote(s), ">", `\x3e`)
	for strings.Contains(q, "--") {
		q = strings.ReplaceAll(q, "--", `-\x2d`)
	}
	return q
}

func isSpaceRune(r rune) bool {
	return r == 0x85 || r == 0xA0 || r >= 0x2000 && r <= 0x200B || r == 0x2028 || r == 0x2029 ||
		r == 0x3000 || r == 0xFEFF || r == 0x1680 || r == 0x202F || r == 0x205F
}

// parsePlaceholder parses a comment written by formatPlaceholder.
func parsePlaceholder(s string) (name string, params []param, ok bool) {
	s = strings.TrimSpace(s)
	if len(s) < 7 || !strings.HasPrefix(s, "<!--") || !strings.HasSuffix(s, "-->") {
		return "", nil, false
	}
	s = strings.TrimSpace(s[4 : len(s)-3])
	if !strings.HasPrefix(s, placeholderPrefix) {
		return "", nil, false
	}
	s = s[len(placeholderPrefix):]
	var tokens []param
	for {
		s = strings.TrimLeft(s, " \t\r\n")
		if s == "" {
			break
		}
		var p param
		word, rest, ok := scanValue(s)
		if !ok {
			return "", nil, false
		}
		if strings.HasPrefix(rest, "=") {
			p.name = word
			p.value, rest, ok = scanValue(rest[1:])
			if !ok {
				return "", nil, false
			}
		} else {
			p.value = word
		}
		tokens = append(tokens, p)
		s = rest
	}
	if len(tokens) == 0 || tokens[0].name != "" || tokens[0].value == "" {
		return "", nil, false
	}
	return tokens[0].value, tokens[1:], true
}

// scanValue reads a bare word (up to whitespace or '=') or a quoted string.
func scanValue(s string) (value, rest string, ok bool) {
	if strings.HasPrefix(s, `"`) {
		i := 1
		for i < len(s) && s[i] != '"' {
			if s[i] == '\\' {
				i++
			}
			i++
		}
		if i >= len(s) {
			return "", "", false
		}
		v, err := strconv.Unquote(s[:i+1])
		if err != nil {
			return "", "", false
		}
		return v, s[i+1:], true
	}
	i := strings.IndexAny(s, " \t\r\n=")
	if i < 0 {
		i = len(s)
	}
	return s[:i], s[i:], true
}
