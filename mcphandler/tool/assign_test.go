package tool_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// TestAssignMatchesUnmarshal fills every tool's input from argument trees
// built from its schema and requires exactly what json.Unmarshal of the
// same arguments gives: values, and whether it fails.
func TestAssignMatchesUnmarshal(t *testing.T) {
	n := 0
	for _, ts := range mcphandler.Catalogue() {
		for _, tl := range ts.Tools {
			p, err := tl.Prepare(tool.Config{})
			if err != nil {
				t.Fatal(err)
			}
			if !tool.HasPlan(tl) {
				t.Errorf("%s: its input is decoded through JSON, not assigned", tl.Spec.Name)
			}
			var schema struct {
				Properties map[string]struct {
					Type  string `json:"type"`
					Items *struct {
						Type string `json:"type"`
					} `json:"items"`
				} `json:"properties"`
			}
			if err := json.Unmarshal(p.Def.InputSchema.(json.RawMessage), &schema); err != nil {
				t.Fatal(err)
			}
			for variant := range 4 {
				args := map[string]any{}
				for name, prop := range schema.Properties {
					item := ""
					if prop.Items != nil {
						item = prop.Items.Type
					}
					args[name] = sample(prop.Type, item, variant)
				}
				compareAssign(t, tl, args)
				n++
			}
		}
	}
	if n < 4*90 {
		t.Fatalf("only %d argument sets tried", n)
	}
}

// sample is a value of a schema type: variant 0 and 1 valid ones, 2 a
// string for everything (a mismatch for most types), 3 values the Go types
// may not hold (fractions, huge and negative numbers).
func sample(typ, item string, variant int) any {
	if variant == 2 {
		return "2"
	}
	switch typ {
	case "string":
		return []string{"DEMO-1", "", "x", "ünï \"code\""}[variant]
	case "integer":
		return []float64{7, 0, 0, 1e300}[variant]
	case "number":
		return []float64{2.5, -1, 0, 1e300}[variant]
	case "boolean":
		return variant == 0
	case "array":
		if variant == 3 {
			return []any{1.5, "a", nil}
		}
		return []any{sample(item, "", variant), sample(item, "", 1-variant)}
	case "object":
		return map[string]any{"k": "v", "n": 1.0, "nested": map[string]any{"a": []any{true}}}
	}
	return []any{"any", 3.0}[variant%2]
}

func compareAssign(t *testing.T, tl tool.Tool, args map[string]any) {
	t.Helper()
	got := tool.NewInput(tl)
	gotErr := tool.Assign(got, args)
	want := tool.NewInput(tl)
	raw, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	wantErr := json.Unmarshal(raw, want)
	if (gotErr == nil) != (wantErr == nil) {
		t.Errorf("%s %s: assign error %v, json.Unmarshal error %v", tl.Spec.Name, raw, gotErr, wantErr)
		return
	}
	if wantErr == nil && !reflect.DeepEqual(got, want) {
		t.Errorf("%s %s:\nassign    %+v\nUnmarshal %+v", tl.Spec.Name, raw, got, want)
	}
}

// TestAssignShapes covers the shapes the tools do not use yet but encoding/json
// handles: pointers, embedded structs, maps, custom decoders, tags.
func TestAssignShapes(t *testing.T) {
	type Inner struct {
		A string `json:"a"`
	}
	type shapes struct {
		Inner
		P      *int            `json:"p"`
		PS     *string         `json:"ps"`
		M      map[string]any  `json:"m"`
		MS     map[string]int  `json:"ms"`
		Raw    json.RawMessage `json:"raw"`
		Nested Inner           `json:"nested"`
		Any    any             `json:"any"`
		Skip   string          `json:"-"`
		Quoted int             `json:"quoted,string"`
		Bytes  []byte          `json:"bytes"`
		U8     uint8           `json:"u8"`
		I8     int8            `json:"i8"`
		F32    float32         `json:"f32"`
		NoTag  string
	}
	cases := []map[string]any{
		{"a": "x", "p": 3.0, "ps": "s", "m": map[string]any{"k": []any{1.0}}, "ms": map[string]any{"k": 2.0},
			"raw": map[string]any{"x": true}, "nested": map[string]any{"A": "case-insensitive"}, "any": []any{"v"},
			"bytes": "aGk=", "u8": 255.0, "i8": -128.0, "f32": 1.5, "NoTag": "n", "unknown": 1.0},
		{"u8": 256.0}, {"i8": -129.0}, {"u8": -1.0}, {"p": 1.5}, {"f32": 1e300}, {"ms": map[string]any{"k": "v"}},
		{"bytes": "not base64!"}, {"nested": "str"}, {"a": 1.0},
	}
	for _, args := range cases {
		var got, want shapes
		gotErr := tool.Assign(&got, args)
		raw, _ := json.Marshal(args)
		wantErr := json.Unmarshal(raw, &want)
		if (gotErr == nil) != (wantErr == nil) || (wantErr == nil && !reflect.DeepEqual(got, want)) {
			t.Errorf("%s: assign %+v, %v; json.Unmarshal %+v, %v", raw, got, gotErr, want, wantErr)
		}
	}
	// ",string" is left to encoding/json as a whole.
	var q shapes
	if err := tool.Assign(&q, map[string]any{"quoted": "12"}); err != nil || q.Quoted != 12 {
		t.Errorf("quoted: %+v, %v", q, err)
	}
}

// TestDefaultsNotShared: a handler changing a default it was given does not
// change it for the next call.
func TestDefaultsNotShared(t *testing.T) {
	type in struct {
		Labels []string       `json:"labels,omitempty"`
		Opts   map[string]any `json:"opts,omitempty"`
		Extra  any            `json:"extra,omitempty"`
	}
	var seen []string
	tl := tool.New(tool.Spec{Name: "x", Params: map[string]tool.Param{
		"labels": {Default: []string{"a"}},
		"opts":   {Default: map[string]any{"k": "v"}},
		"extra":  {Default: []any{"e"}},
	}}, func(ctx context.Context, c *tool.Call, v in) (any, error) {
		seen = append(seen, fmt.Sprint(v.Labels, v.Opts, v.Extra))
		v.Labels[0] = "changed"
		v.Opts["k"] = "changed"
		v.Extra.([]any)[0] = "changed"
		return nil, nil
	})
	p, err := tl.Prepare(tool.Config{})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		args, err := p.Decode(nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Run(context.Background(), &tool.Call{}, args); err != nil {
			t.Fatal(err)
		}
	}
	if len(seen) != 2 || seen[0] != "[a] map[k:v] [e]" || seen[1] != seen[0] {
		t.Errorf("handler saw %q", seen)
	}
}
