package tool

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"unicode/utf8"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/internal/jsontree"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Prepared is a tool ready to serve under one configuration: its MCP
// declaration and what decoding its arguments needs.
type Prepared struct {
	Tool
	// Def is the tool as tools/list shows it.
	Def *mcp.Tool

	params   map[string]Param
	defaults map[string]any // the params' defaults as Decode's trees hold them
	props    map[string]*jsonschema.Resolved
	required []string
	maxLimit int
}

// Prepare refines the inferred schema with the spec's and the
// configuration's parameter details and resolves it for validation.
func (t Tool) Prepare(cfg Config) (*Prepared, error) {
	schema := t.schema.CloneSchemas()
	p := &Prepared{Tool: t, params: map[string]Param{}, defaults: map[string]any{}, props: map[string]*jsonschema.Resolved{}, required: schema.Required, maxLimit: cfg.MaxLimit}
	for name := range t.Spec.Params {
		if _, ok := schema.Properties[name]; !ok {
			return nil, fmt.Errorf("tool %s: param %q is not a property", t.Spec.Name, name)
		}
	}
	for alias, target := range t.Spec.Aliases {
		if _, ok := schema.Properties[target]; !ok {
			return nil, fmt.Errorf("tool %s: alias %q names no property %q", t.Spec.Name, alias, target)
		}
	}
	for name, prop := range schema.Properties {
		flattenNullable(prop)
		param, conventional := cfg.conventional(name)
		own, ok := t.Spec.Params[name]
		if !ok && !conventional {
			param = Param{}
		} else {
			param = merge(param, own)
		}
		if prop.Type == "string" && param.MaxLength == nil {
			param.MaxLength = Length(maxTextLength)
		}
		applyParam(prop, param)
		p.params[name] = param
		if param.Default != nil {
			def, err := treeOf(param.Default)
			if err != nil {
				return nil, fmt.Errorf("tool %s: parameter %s: default: %w", t.Spec.Name, name, err)
			}
			p.defaults[name] = def
		}
		resolved, err := prop.Resolve(&jsonschema.ResolveOptions{ValidateDefaults: true})
		if err != nil {
			return nil, fmt.Errorf("tool %s: parameter %s: %w", t.Spec.Name, name, err)
		}
		p.props[name] = resolved
	}
	// Unknown parameters are refused by Decode with a message naming the
	// known ones; saying so in every schema costs bytes in every tools/list.
	schema.AdditionalProperties = nil
	readOnly := !t.Spec.Write
	annotations := &mcp.ToolAnnotations{Title: t.Spec.Title, ReadOnlyHint: readOnly, IdempotentHint: t.Spec.Idempotent || readOnly}
	if t.Spec.Write {
		destructive := t.Spec.Destructive
		annotations.DestructiveHint = &destructive
	}
	// The SDK marshals a tool's input schema again on every tools/list
	// and, for clients of protocol 2026-07-28 and later, on every
	// tools/call (it looks for x-mcp-header annotations); jsonschema's
	// reflective MarshalJSON made that a tenth of a call's CPU time.
	// Marshaled once here, it is copied instead.
	raw, err := json.Marshal(schema)
	if err != nil {
		return nil, fmt.Errorf("tool %s: input schema: %w", t.Spec.Name, err)
	}
	p.Def = &mcp.Tool{
		Name:        t.Spec.Name,
		Title:       t.Spec.Title,
		Description: t.Spec.Description,
		InputSchema: json.RawMessage(raw),
		Annotations: annotations,
		Meta:        mcp.Meta{"toolset": t.Spec.Toolset},
	}
	// What calls need is in params, props and Def; the reflected schema
	// would only stay live for the GC to walk on every cycle.
	p.Tool.schema = nil
	return p, nil
}

// flattenNullable turns ["null","string"] into "string": some clients
// (Vertex AI, Google ADK) reject type lists, and an absent argument means
// null here anyway.
func flattenNullable(prop *jsonschema.Schema) {
	if len(prop.Types) == 2 && prop.Types[0] == "null" {
		prop.Type, prop.Types = prop.Types[1], nil
	}
	if prop.Items != nil && len(prop.Items.Types) == 2 && prop.Items.Types[0] == "null" {
		prop.Items.Type, prop.Items.Types = prop.Items.Types[1], nil
	}
}

func applyParam(prop *jsonschema.Schema, p Param) {
	if p.Default != nil {
		raw, _ := json.Marshal(p.Default)
		prop.Default = raw
	}
	if p.Min != nil {
		prop.Minimum = p.Min
	}
	if p.Max != nil {
		prop.Maximum = p.Max
	}
	if p.Pattern != "" {
		prop.Pattern = p.Pattern
	}
	if p.Enum != nil {
		prop.Enum = p.Enum
	}
}

// Decode checks a call's arguments against the schema, parameter by
// parameter, so that every error names its parameter and says how to fix
// it. Explicit nulls mean "not given" (clients send them for optional
// parameters), aliases are renamed, and defaults are filled in. It returns
// the arguments as a tree for Run; default values in it are shared by
// every call, which Run's assignment never lets a handler change.
func (p *Prepared) Decode(raw json.RawMessage) (map[string]any, error) {
	args := map[string]any{}
	if len(raw) > 0 && string(raw) != "null" {
		m, err := jsontree.DecodeObject(raw)
		if err != nil {
			return nil, BadInput("arguments must be a JSON object of parameters: %v", err)
		}
		if m != nil {
			args = m
		}
	}
	for name, v := range args {
		if v == nil {
			delete(args, name)
		}
	}
	for alias, target := range p.Spec.Aliases {
		if v, ok := args[alias]; ok {
			if _, both := args[target]; !both {
				args[target] = v
			}
			delete(args, alias)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(args)) {
		prop, ok := p.props[name]
		if !ok {
			return nil, BadInput("unknown parameter %q; %s takes: %s", truncate(name, 64), p.Spec.Name, p.paramList())
		}
		if err := p.checkLength(name, args[name]); err != nil {
			return nil, err
		}
		if err := prop.Validate(args[name]); err != nil {
			return nil, p.paramError(name, err)
		}
	}
	for _, name := range p.required {
		if _, ok := args[name]; !ok {
			return nil, BadInput("missing required parameter %q%s", name, p.hintFor(name))
		}
	}
	for name, def := range p.defaults {
		if _, ok := args[name]; !ok {
			args[name] = def
		}
	}
	if p.maxLimit > 0 {
		if n, ok := asFloat(args["limit"]); ok && n > float64(p.maxLimit) {
			args["limit"] = float64(p.maxLimit)
		}
	}
	return args, nil
}

// treeOf gives v as jsontree.Decode gives its JSON.
func treeOf(v any) (any, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return jsontree.Decode(raw)
}

// checkLength bounds string arguments. The bound is not advertised in the
// schema (it would add bytes to every tools/list for limits no honest
// client reaches); it keeps hostile megabytes out of requests, errors and
// logs.
func (p *Prepared) checkLength(name string, v any) error {
	s, ok := v.(string)
	if !ok {
		return nil
	}
	limit := p.params[name].MaxLength
	if limit == nil || utf8.RuneCountInString(s) <= *limit {
		return nil
	}
	return BadInput("%s is %d characters long; the limit is %d%s", name, utf8.RuneCountInString(s), *limit, p.hintFor(name))
}

func (p *Prepared) paramList() string {
	names := slices.Sorted(maps.Keys(p.props))
	out := ""
	for i, n := range names {
		if i > 0 {
			out += ", "
		}
		out += n
	}
	return out
}

func (p *Prepared) hintFor(name string) string {
	if h := p.params[name].Hint; h != "" {
		return " (" + h + ")"
	}
	return ""
}

// paramError words a validation failure of one parameter.
func (p *Prepared) paramError(name string, err error) error {
	return BadInput("%s: %s%s", name, truncate(validationDetail(err), 300), p.hintFor(name))
}

// asFloat reads a JSON number argument or default.
func asFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case int:
		return float64(n), true
	}
	return 0, false
}
