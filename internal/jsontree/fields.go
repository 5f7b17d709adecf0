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
