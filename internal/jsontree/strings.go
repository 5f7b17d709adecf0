package jsontree

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// key reads an object key: a plain one (no escapes, ASCII) is interned.
func (d *decoder) key() (string, error) {
	for p := d.pos + 1; p < len(d.data); p++ {
		c := d.data[p]
		if c == '"' {
			k := internKey(d.data[d.pos+1 : p])
			d.pos = p + 1
			return k, nil
		}
		if c == '\\' || c < ' ' || c >= utf8.RuneSelf {
			break
		}
	}
	return d.string()
}

// string reads a quoted string: invalid UTF-8 and lone surrogates become
// U+FFFD, as encoding/json makes them.
func (d *decoder) string() (string, error) {
	d.pos++ // opening quote
	start := d.pos
	// The common case: no escapes, all ASCII or valid UTF-8.
	for p := start; p < len(d.data); p++ {
		c := d.data[p]
		switch {
		case c == '"':
			d.pos = p + 1
			if d.text == "" {
				d.text = string(d.data)
			}
			return d.text[start:p], nil
		case c == '\\':
			return d.slowString(start)
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(d.data[p:])
			if r == utf8.RuneError && size == 1 {
				return d.slowString(start)
			}
			p += size - 1
		case c < ' ':
			d.pos = p
			return "", d.errorf("invalid character %q in string literal", c)
		}
	}
	d.pos = len(d.data)
	return "", errEnd
}

func (d *decoder) slowString(start int) (string, error) {
	// The raw text bounds the decoded length (escapes only shrink it, bar
	// invalid bytes turned into U+FFFD): one allocation, no regrowth.
	var buf strings.Builder
	buf.Grow(rawStringLen(d.data[start:]))
	p := start
	for p < len(d.data) {
		c := d.data[p]
		switch {
		case c == '"':
			d.pos = p + 1
			return buf.String(), nil
		case c < ' ':
			d.pos = p
			return "", d.errorf("invalid character %q in string literal", c)
		case c == '\\':
			p++
			if p >= len(d.data) {
				d.pos = p
				return "", errEnd
			}
			switch e := d.data[p]; e {
			case '"', '\\', '/':
				buf.WriteByte(e)
				p++
			case 'b':
				buf.WriteByte('\b')
				p++
			case 'f':
				buf.WriteByte('\f')
				p++
			case 'n':
				buf.WriteByte('\n')
				p++
			case 'r':
				buf.WriteByte('\r')
				p++
			case 't':
				buf.WriteByte('\t')
				p++
			case 'u':
				r, ok := hex4(d.data, p+1)
				if !ok {
					d.pos = p
					if p+5 > len(d.data) && allHex(d.data[p+1:]) {
						return "", errEnd
					}
					return "", d.errorf("invalid character in \\u hexadecimal character escape")
				}
				p += 5
				if utf16.IsSurrogate(r) {
					// A pair, when a low surrogate escape follows.
					if p+1 < len(d.data) && d.data[p] == '\\' && d.data[p+1] == 'u' {
						if r2, ok := hex4(d.data, p+2); ok {
							if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
								buf.WriteRune(dec)
								p += 6
								continue
							}
						}
					}
					r = utf8.RuneError
				}
				buf.WriteRune(r)
			default:
				d.pos = p
				return "", d.errorf("invalid character %q in string escape code", e)
			}
		case c < utf8.RuneSelf:
			buf.WriteByte(c)
			p++
		default:
			r, size := utf8.DecodeRune(d.data[p:])
			if r == utf8.RuneError && size == 1 {
				buf.WriteRune(utf8.RuneError)
			} else {
				buf.Write(d.data[p : p+size])
			}
			p += size
		}
	}
	d.pos = p
	return "", errEnd
}

// rawStringLen is the length of the string body at the start of data, up
// to its closing quote (or the end).
func rawStringLen(data []byte) int {
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return len(data)
}

func hex4(data []byte, at int) (rune, bool) {
	if at+4 > len(data) {
		return 0, false
	}
	var r rune
	for _, c := range data[at : at+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

func allHex(b []byte) bool {
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}
