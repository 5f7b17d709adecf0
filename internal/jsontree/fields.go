package jsontree

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
	var out []Field
	if !d.open('}') {
		for {
			key, err := d.memberKey(true)
			if err != nil {
				return nil, err
			}
			start := d.pos
			if err := d.skip(1); err != nil {
				return nil, err
			}
			out = append(out, Field{Key: key, Value: d.data[start:d.pos]})
			done, err := d.next('}', "after object key:value pair")
			if err != nil {
				return nil, err
			}
			if done {
				break
			}
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
		if d.open(closing) {
			return nil
		}
		for {
			if c == '{' {
				if _, err := d.memberKey(false); err != nil {
					return err
				}
			}
			if err := d.skip(depth + 1); err != nil {
				return err
			}
			if done, err := d.next(closing, "after a member or element"); done || err != nil {
				return err
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
