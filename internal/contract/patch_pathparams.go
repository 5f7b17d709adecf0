package contract

import "github.com/getkin/kin-openapi/openapi3"

// patchDCUntypedPathParams (Confluence DC): a few path parameters are typed
// by reference to an empty schema (GET /rest/api/group/{groupName}/member
// names its group by the `Group` schema, which is {}), and kin-openapi then
// refuses every value as "empty". A path segment is a string: such
// parameters get type string. Typed path parameters stay as they are.
var patchDCUntypedPathParams = patch{name: "dc-untyped-path-params", doc: applyDCUntypedPathParams}

func applyDCUntypedPathParams(doc *openapi3.T) int {
	n := 0
	forEachParameter(doc, func(p *openapi3.Parameter) {
		if p.In != openapi3.ParameterInPath || p.Schema == nil || p.Schema.Value == nil || !p.Schema.Value.Type.IsEmpty() {
			return
		}
		p.Schema = &openapi3.SchemaRef{Value: openapi3.NewStringSchema()}
		n++
	})
	return n
}
