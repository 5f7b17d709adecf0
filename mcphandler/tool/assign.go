package tool

import (
	"encoding"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/internal/jsontree"
)

// Arguments reach a handler already decoded and checked (Prepared.Decode
// gives a tree of map[string]any, []any, string, float64 and bool).
// Encoding that tree to JSON only to decode it again into the handler's
// input struct through encoding/json's reflection was 3% of a
// jira_get_issue call; assign fills the struct from the tree directly,
// with a plan made once per input type. It gives what json.Unmarshal of
// the tree's JSON gives (TestAssignMatchesUnmarshal, over every tool's
// input type): fields it has no direct rule for go through encoding/json,
// value by value.

// argPlan fills one struct type. Decode refuses names the schema does
// not know, and the schema's names are the json tags', so fields are
// matched exactly (encoding/json would also match other cases).
type argPlan struct {
	byName map[string]argField
}

type argField struct {
	index []int
	typ   reflect.Type
}

var argPlans sync.Map // reflect.Type → *argPlan (nil: not a plain struct)

// planFor returns t's plan, or nil when t is not a struct whose fields
// can be matched by name (then the caller decodes through JSON).
func planFor(t reflect.Type) *argPlan {
	if p, ok := argPlans.Load(t); ok {
		return p.(*argPlan)
	}
	var p *argPlan
	if t.Kind() == reflect.Struct && !customDecoder(t) {
		p = &argPlan{byName: map[string]argField{}}
		if !p.collect(t, nil) {
			p = nil
		}
	}
	argPlans.Store(t, p)
	return p
}

// collect adds t's fields under index prefix, promoting untagged embedded
// structs as encoding/json does. It reports false for shapes it does not
// mirror exactly (embedded pointers or interfaces, duplicate names).
func (p *argPlan) collect(t reflect.Type, prefix []int) bool {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if opts != "" && opts != "omitempty" && opts != "omitzero" {
			return false // ",string" and the like: leave them to encoding/json
		}
		index := append(append([]int(nil), prefix...), i)
		if f.Anonymous && name == "" {
			if f.Type.Kind() != reflect.Struct || customDecoder(f.Type) {
				return false
			}
			if !p.collect(f.Type, index) {
				return false
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if _, dup := p.byName[name]; dup {
			return false
		}
		p.byName[name] = argField{index: index, typ: f.Type}
	}
	return true
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// customDecoder says whether encoding/json would call t's own decoding.
func customDecoder(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	return t.Implements(jsonUnmarshaler) || pt.Implements(jsonUnmarshaler) ||
		t.Implements(textUnmarshaler) || pt.Implements(textUnmarshaler)
}

// assign fills *dst (a pointer to the input struct) from args.
func assign(dst any, args map[string]any) error {
	rv := reflect.ValueOf(dst).Elem()
	plan := planFor(rv.Type())
	if plan == nil {
		return viaJSON(rv, args, "")
	}
	for name, v := range args {
		f, ok := plan.byName[name]
		if !ok {
			continue // as encoding/json ignores unknown keys
		}
		if err := setValue(rv.FieldByIndex(f.index), v, name); err != nil {
			return err
		}
	}
	return nil
}

// setValue stores the tree value v in fv; path names it in errors.
func setValue(fv reflect.Value, v any, path string) error {
	if v == nil {
		return nil // Decode drops nulls; a nested null leaves the zero value
	}
	t := fv.Type()
	if customDecoder(t) {
		return viaJSON(fv, v, path)
	}
	switch t.Kind() {
	case reflect.String:
		if s, ok := v.(string); ok {
			fv.SetString(s)
			return nil
		}
	case reflect.Bool:
		if b, ok := v.(bool); ok {
			fv.SetBool(b)
			return nil
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if n, ok := v.(float64); ok {
			i := int64(n)
			if float64(i) == n && n >= math.MinInt64 && n < math.MaxInt64 && !fv.OverflowInt(i) {
				fv.SetInt(i)
				return nil
			}
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if n, ok := v.(float64); ok && n >= 0 {
			u := uint64(n)
			if float64(u) == n && n < math.MaxUint64 && !fv.OverflowUint(u) {
				fv.SetUint(u)
				return nil
			}
		}
	case reflect.Float64, reflect.Float32:
		if n, ok := v.(float64); ok && !fv.OverflowFloat(n) {
			fv.SetFloat(n)
			return nil
		}
	case reflect.Pointer:
		elem := reflect.New(t.Elem())
		if err := setValue(elem.Elem(), v, path); err != nil {
			return err
		}
		fv.Set(elem)
		return nil
	case reflect.Slice:
		a, ok := v.([]any)
		if !ok || t.Elem().Kind() == reflect.Uint8 {
			break // []byte is base64 in JSON
		}
		s := reflect.MakeSlice(t, len(a), len(a))
		for i, e := range a {
			if err := setValue(s.Index(i), e, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		fv.Set(s)
		return nil
	case reflect.Interface:
		if t.NumMethod() == 0 {
			fv.Set(reflect.ValueOf(cloneTree(v)))
			return nil
		}
	case reflect.Map:
		if m, ok := v.(map[string]any); ok && t == reflect.TypeFor[map[string]any]() {
			fv.Set(reflect.ValueOf(cloneTree(m)))
			return nil
		}
	}
	return viaJSON(fv, v, path)
}

// viaJSON decodes v into fv as encoding/json would from v's JSON: the
// rule for every shape setValue has no direct one for (nested structs
// among them: encoding/json matches their keys in any case), and the
// source of the error texts for mismatches, which the schema check makes
// rare.
func viaJSON(fv reflect.Value, v any, path string) error {
	raw, err := jsontree.Append(nil, v, false)
	if err != nil {
		return fmt.Errorf("parameter %s: %w", path, err)
	}
	if err := json.Unmarshal(raw, fv.Addr().Interface()); err != nil {
		if path == "" {
			return err
		}
		return fmt.Errorf("parameter %s: %w", path, err)
	}
	return nil
}

// cloneTree copies maps and slices, so that a handler holding a value (a
// default shared by every call, say) cannot change it for the next call;
// json.Unmarshal gave every call fresh ones.
func cloneTree(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[k] = cloneTree(e)
		}
		return m
	case []any:
		a := make([]any, len(t))
		for i, e := range t {
			a[i] = cloneTree(e)
		}
		return a
	}
	return v
}
