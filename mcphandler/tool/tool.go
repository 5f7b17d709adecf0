package tool

import (
	"context"
	"fmt"

	"github.com/google/jsonschema-go/jsonschema"
)

// Handler is a tool's body: typed input in, a JSON-able result out.
type Handler[In any] func(ctx context.Context, c *Call, in In) (any, error)

// Tool is one MCP tool as a value: its spec, the input schema inferred from
// its input type, and its handler. It is made once and prepared for each
// configuration (see Prepare).
type Tool struct {
	Spec   Spec
	schema *jsonschema.Schema
	invoke func(ctx context.Context, c *Call, args map[string]any) (any, error)
	input  func() any // a new *In, for tests of assign
}

// New makes a tool from a typed handler. The input type's json and
// jsonschema tags give the parameters and their descriptions; embedded
// refs (IssueRef, PageRef, ProjectRef, SpaceRef) put the allow-list checks
// in front of the handler.
func New[In any](spec Spec, fn Handler[In]) Tool {
	schema, err := jsonschema.For[In](&jsonschema.ForOptions{})
	if err != nil {
		panic(fmt.Sprintf("tool %s: input schema: %v", spec.Name, err))
	}
	return Tool{Spec: spec, schema: schema, invoke: func(ctx context.Context, c *Call, args map[string]any) (any, error) {
		var in In
		if err := assign(&in, args); err != nil {
			return nil, BadInput("%v", err)
		}
		if err := c.checkRefs(ctx, in); err != nil {
			return nil, err
		}
		return fn(ctx, c, in)
	}, input: func() any { return new(In) }}
}

// Run decodes nothing: it runs the tool on arguments already checked by
// Decode (see Prepared).
func (t Tool) Run(ctx context.Context, c *Call, args map[string]any) (any, error) {
	return t.invoke(ctx, c, args)
}

// WithSetup returns t with setup run first on each of its calls, ahead of
// the allow-list checks: a toolset binds its shared state (caches) to the
// call's clients there.
func (t Tool) WithSetup(setup func(*Call)) Tool {
	run := t.invoke
	t.invoke = func(ctx context.Context, c *Call, args map[string]any) (any, error) {
		setup(c)
		return run(ctx, c, args)
	}
	return t
}
