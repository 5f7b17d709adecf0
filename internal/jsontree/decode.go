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
	"sync"
)

// maxDepth is encoding/json's nesting limit.
const maxDepth = 10000

// Decode parses one JSON value, surrounded by optional white space.
func Decode(data []byte) (any, error) {
	d := decoder{data: data}
	if sp, ok := stacks.Get().(*[]any); ok {
		d.stack = (*sp)[:0]
		defer func() {
			if cap(d.stack) > maxPooledStack {
				return
			}
			clear(d.stack) // left over by an error: no answer kept alive by the pool
			*sp = d.stack[:0]
			stacks.Put(sp)
		}()
	}
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
	// stack holds the elements of the arrays being read, so that each
	// array is allocated once, at its final length, instead of growing.
	stack []any
}

// maxPooledStack bounds the stacks kept for reuse.
const maxPooledStack = 4096

// stacks recycles decoders' element stacks.
var stacks = sync.Pool{New: func() any { s := make([]any, 0, 64); return &s }}

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
		s, err := d.string()
		if err != nil {
			return nil, err
		}
		return internValue(s), nil
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
	m := map[string]any{}
	if d.open('}') {
		return m, nil
	}
	for {
		key, err := d.memberKey(true)
		if err != nil {
			return nil, err
		}
		v, err := d.value(depth)
		if err != nil {
			return nil, err
		}
		m[key] = v
		done, err := d.next('}', "after object key:value pair")
		if err != nil {
			return nil, err
		}
		if done {
			return m, nil
		}
	}
}

// The grammar's punctuation, shared by the walks that build values
// (object, array), split objects (Fields) and check values (skip).

// open steps over an opening bracket and reports whether closing follows
// at once (an empty object or array, stepped over too).
func (d *decoder) open(closing byte) bool {
	d.pos++
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == closing {
		d.pos++
		return true
	}
	return false
}

// memberKey reads an object member's key and the colon after it, leaving
// the decoder at the value. Without keep the key is only checked.
func (d *decoder) memberKey(keep bool) (string, error) {
	if d.pos >= len(d.data) {
		return "", errEnd
	}
	if d.data[d.pos] != '"' {
		return "", d.errorf("invalid character %q looking for beginning of object key string", d.data[d.pos])
	}
	var key string
	var err error
	if keep {
		key, err = d.key()
	} else {
		err = d.skipString()
	}
	if err != nil {
		return "", err
	}
	d.skipSpace()
	if d.pos >= len(d.data) {
		return "", errEnd
	}
	if d.data[d.pos] != ':' {
		return "", d.errorf("invalid character %q after object key", d.data[d.pos])
	}
	d.pos++
	d.skipSpace()
	return key, nil
}

// next steps over what follows a member or element: a comma (more to
// come) or closing (done); anything else is an error "after" what.
func (d *decoder) next(closing byte, after string) (done bool, err error) {
	d.skipSpace()
	if d.pos >= len(d.data) {
		return false, errEnd
	}
	switch d.data[d.pos] {
	case ',':
		d.pos++
		d.skipSpace()
		return false, nil
	case closing:
		d.pos++
		return true, nil
	}
	return false, d.errorf("invalid character %q %s", d.data[d.pos], after)
}

func (d *decoder) array(depth int) (any, error) {
	if depth > maxDepth {
		return nil, d.errorf("exceeded max depth")
	}
	if d.open(']') {
		return []any{}, nil
	}
	base := len(d.stack)
	for {
		v, err := d.value(depth)
		if err != nil {
			return nil, err
		}
		d.stack = append(d.stack, v)
		done, err := d.next(']', "after array element")
		if err != nil {
			return nil, err
		}
		if done {
			a := make([]any, len(d.stack)-base)
			copy(a, d.stack[base:])
			clear(d.stack[base:])
			d.stack = d.stack[:base]
			return a, nil
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
