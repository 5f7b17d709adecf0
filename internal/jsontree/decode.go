// Package jsontree reads and writes the generic JSON trees Atlassian's
// answers are handled as (map[string]any, []any, string, float64, bool,
// nil), giving exactly what encoding/json gives for them at a fraction of
// the cost: decoding Jira's issue JSON into maps was a third of the CPU of
// a jira_get_issue call (docs/PERFORMANCE.md). encoding/json scans the
// input twice (once to validate, once to decode) and goes through
// reflection for every value; this is one pass with no reflection.
// FuzzDecodeMatchesEncodingJSON holds the two equal.
package jsontree

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth is encoding/json's nesting limit.
const maxDepth = 10000

// Decode parses one JSON value, surrounded by optional white space.
func Decode(data []byte) (any, error) {
	d := decoder{data: data}
	d.skipSpace()
	v, err := d.value(0)
	if err != nil {
		return nil, err
	}
	d.skipSpace()
	if d.pos < len(d.data) {
		return nil, d.errorf("invalid character %q after top-level value", d.data[d.pos])
	}
	return v, nil
}

// DecodeObject parses one JSON object; null gives a nil map, as
// encoding/json leaves a map untouched for it.
func DecodeObject(data []byte) (map[string]any, error) {
	v, err := Decode(data)
	if err != nil {
		return nil, err
	}
	switch v := v.(type) {
	case map[string]any:
		return v, nil
	case nil:
		return nil, nil
	}
	return nil, fmt.Errorf("json: cannot unmarshal %s into an object", kindOf(v))
}

func kindOf(v any) string {
	switch v.(type) {
	case []any:
		return "array"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	}
	return "value"
}

type decoder struct {
	data []byte
	pos  int
	// text is data as one string, made when the first string value is
	// read: plain string values are slices of it, one allocation for all
	// of them instead of one each.
	text string
}

// SyntaxError says where the input stopped being JSON.
type SyntaxError struct {
	Msg    string
	Offset int
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("json: %s (at byte %d)", e.Msg, e.Offset) }

func (d *decoder) errorf(format string, args ...any) error {
	return &SyntaxError{Msg: fmt.Sprintf(format, args...), Offset: d.pos}
}

var errEnd = errors.New("unexpected end of JSON input")

func (d *decoder) skipSpace() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

func (d *decoder) value(depth int) (any, error) {
	if d.pos >= len(d.data) {
		return nil, errEnd
	}
	switch c := d.data[d.pos]; {
	case c == '{':
		return d.object(depth + 1)
	case c == '[':
		return d.array(depth + 1)
	case c == '"':
		return d.string()
	case c == 't':
		return true, d.literal("true")
	case c == 'f':
		return false, d.literal("false")
	case c == 'n':
		return nil, d.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		return d.number()
	default:
		return nil, d.errorf("invalid character %q looking for beginning of value", c)
	}
}

func (d *decoder) literal(word string) error {
	end := d.pos + len(word)
	if end > len(d.data) {
		if string(d.data[d.pos:]) == word[:len(d.data)-d.pos] {
			return errEnd
		}
		return d.errorf("invalid literal")
	}
	if string(d.data[d.pos:end]) != word {
		return d.errorf("invalid literal")
	}
	d.pos = end
	return nil
}

func (d *decoder) object(depth int) (any, error) {
	if depth > maxDepth {
		return nil, d.errorf("exceeded max depth")
	}
	d.pos++ // {
	m := map[string]any{}
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
		return m, nil
	}
	for {
		if d.pos >= len(d.data) {
			return nil, errEnd
		}
		if d.data[d.pos] != '"' {
			return nil, d.errorf("invalid character %q looking for beginning of object key string", d.data[d.pos])
		}
		key, err := d.key()
		if err != nil {
			return nil, err
		}
		d.skipSpace()
		if d.pos >= len(d.data) {
			return nil, errEnd
		}
		if d.data[d.pos] != ':' {
			return nil, d.errorf("invalid character %q after object key", d.data[d.pos])
		}
		d.pos++
		d.skipSpace()
		v, err := d.value(depth)
		if err != nil {
			return nil, err
		}
		m[key] = v
		d.skipSpace()
		if d.pos >= len(d.data) {
			return nil, errEnd
		}
		switch d.data[d.pos] {
		case ',':
			d.pos++
			d.skipSpace()
		case '}':
			d.pos++
			return m, nil
		default:
			return nil, d.errorf("invalid character %q after object key:value pair", d.data[d.pos])
		}
	}
}

func (d *decoder) array(depth int) (any, error) {
	if depth > maxDepth {
		return nil, d.errorf("exceeded max depth")
	}
	d.pos++ // [
	a := []any{}
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		return a, nil
	}
	for {
		v, err := d.value(depth)
		if err != nil {
			return nil, err
		}
		a = append(a, v)
		d.skipSpace()
		if d.pos >= len(d.data) {
			return nil, errEnd
		}
		switch d.data[d.pos] {
		case ',':
			d.pos++
			d.skipSpace()
		case ']':
			d.pos++
			return a, nil
		default:
			return nil, d.errorf("invalid character %q after array element", d.data[d.pos])
		}
	}
}

// number checks JSON's number grammar and converts as encoding/json does
// (a float64; out of range is an error).
func (d *decoder) number() (any, error) {
	start := d.pos
	if err := d.skipNumber(); err != nil {
		return nil, err
	}
	f, err := strconv.ParseFloat(string(d.data[start:d.pos]), 64)
	if err != nil {
		return nil, fmt.Errorf("json: cannot unmarshal number %s into Go value of type float64", d.data[start:d.pos])
	}
	return f, nil
}

// skipNumber checks JSON's number grammar.
func (d *decoder) skipNumber() error {
	p := d.pos
	n := len(d.data)
	if d.data[p] == '-' {
		p++
	}
	switch {
	case p < n && d.data[p] == '0':
		p++
	case p < n && d.data[p] >= '1' && d.data[p] <= '9':
		for p < n && d.data[p] >= '0' && d.data[p] <= '9' {
			p++
		}
	case p >= n:
		return errEnd
	default:
		d.pos = p
		return d.errorf("invalid character %q in numeric literal", d.data[p])
	}
	if p < n && d.data[p] == '.' {
		p++
		if p >= n {
			return errEnd
		}
		if d.data[p] < '0' || d.data[p] > '9' {
			d.pos = p
			return d.errorf("invalid character %q after decimal point in numeric literal", d.data[p])
		}
		for p < n && d.data[p] >= '0' && d.data[p] <= '9' {
			p++
		}
	}
	if p < n && (d.data[p] == 'e' || d.data[p] == 'E') {
		p++
		if p < n && (d.data[p] == '+' || d.data[p] == '-') {
			p++
		}
		if p >= n {
			return errEnd
		}
		if d.data[p] < '0' || d.data[p] > '9' {
			d.pos = p
			return d.errorf("invalid character %q in exponent of numeric literal", d.data[p])
		}
		for p < n && d.data[p] >= '0' && d.data[p] <= '9' {
			p++
		}
	}
	d.pos = p
	return nil
}

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

// Field is one member of a JSON object, its value left as raw JSON.
type Field struct {
	Key   string
	Value []byte
}

// Fields splits one JSON object into its members, in order, checking the
// whole object (values included) is valid JSON. The values share data's
// memory.
func Fields(data []byte) ([]Field, error) {
	d := decoder{data: data}
	d.skipSpace()
	if d.pos >= len(d.data) {
		return nil, errEnd
	}
	if d.data[d.pos] != '{' {
		return nil, d.errorf("invalid character %q looking for beginning of object", d.data[d.pos])
	}
	d.pos++
	var out []Field
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
	} else {
		for {
			if d.pos >= len(d.data) {
				return nil, errEnd
			}
			if d.data[d.pos] != '"' {
				return nil, d.errorf("invalid character %q looking for beginning of object key string", d.data[d.pos])
			}
			key, err := d.string()
			if err != nil {
				return nil, err
			}
			d.skipSpace()
			if d.pos >= len(d.data) {
				return nil, errEnd
			}
			if d.data[d.pos] != ':' {
				return nil, d.errorf("invalid character %q after object key", d.data[d.pos])
			}
			d.pos++
			d.skipSpace()
			start := d.pos
			if err := d.skip(1); err != nil {
				return nil, err
			}
			out = append(out, Field{Key: key, Value: d.data[start:d.pos]})
			d.skipSpace()
			if d.pos >= len(d.data) {
				return nil, errEnd
			}
			if d.data[d.pos] == ',' {
				d.pos++
				d.skipSpace()
				continue
			}
			if d.data[d.pos] != '}' {
				return nil, d.errorf("invalid character %q after object key:value pair", d.data[d.pos])
			}
			d.pos++
			break
		}
	}
	d.skipSpace()
	if d.pos < len(d.data) {
		return nil, d.errorf("invalid character %q after top-level value", d.data[d.pos])
	}
	return out, nil
}

// skip checks one value without building it: Fields reads requests whose
// arguments are passed on raw.
func (d *decoder) skip(depth int) error {
	if d.pos >= len(d.data) {
		return errEnd
	}
	switch c := d.data[d.pos]; {
	case c == '{' || c == '[':
		if depth > maxDepth {
			return d.errorf("exceeded max depth")
		}
		closing := byte('}')
		if c == '[' {
			closing = ']'
		}
		d.pos++
		d.skipSpace()
		if d.pos < len(d.data) && d.data[d.pos] == closing {
			d.pos++
			return nil
		}
		for {
			if c == '{' {
				if d.pos >= len(d.data) {
					return errEnd
				}
				if d.data[d.pos] != '"' {
					return d.errorf("invalid character %q looking for beginning of object key string", d.data[d.pos])
				}
				if err := d.skipString(); err != nil {
					return err
				}
				d.skipSpace()
				if d.pos >= len(d.data) {
					return errEnd
				}
				if d.data[d.pos] != ':' {
					return d.errorf("invalid character %q after object key", d.data[d.pos])
				}
				d.pos++
				d.skipSpace()
			}
			if err := d.skip(depth + 1); err != nil {
				return err
			}
			d.skipSpace()
			if d.pos >= len(d.data) {
				return errEnd
			}
			switch d.data[d.pos] {
			case ',':
				d.pos++
				d.skipSpace()
			case closing:
				d.pos++
				return nil
			default:
				return d.errorf("invalid character %q after a member or element", d.data[d.pos])
			}
		}
	case c == '"':
		return d.skipString()
	case c == '-' || (c >= '0' && c <= '9'):
		return d.skipNumber()
	default:
		_, err := d.value(depth)
		return err
	}
}

// skipString checks a string without copying it.
func (d *decoder) skipString() error {
	for p := d.pos + 1; p < len(d.data); p++ {
		switch c := d.data[p]; {
		case c == '"':
			d.pos = p + 1
			return nil
		case c == '\\':
			_, err := d.string() // escapes: the careful reader
			return err
		case c < ' ':
			d.pos = p
			return d.errorf("invalid character %q in string literal", c)
		}
	}
	d.pos = len(d.data)
	return errEnd
}
