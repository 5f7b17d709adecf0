package contract

import (
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// A patch corrects, in memory, a defect of Atlassian's published documents
// that makes kin-openapi reject traffic real Atlassian produces or accepts.
// The files on disk are never changed. Each patch relaxes as little as it
// can and reports how many places it touched, so a test can assert that it
// still applies (a patch that silently stops matching after a document
// update would leave a false violation, or worse, a silent hole).
//
// Applied to every document (see genericPatches):
//
//   - untyped-nullable: a schema without a type (the empty schema {} in
//     particular) accepts null. That is OpenAPI 3.0.3 (nullable only adds
//     null to an explicit type; no type allows any value), but kin-openapi
//     rejects null for {} ("Value is not nullable"), and Jira v3 issue
//     fields maps are {}-valued while real issues carry "assignee": null,
//     "duedate": null and so on.
//   - overlapping-oneOf: a oneOf without discriminator whose alternatives
//     accept the same JSON type becomes anyOf. Confluence v2 page, blog post,
//     custom content and comment bodies are oneOf [XBodyWrite,
//     XNestedBodyWrite], both plain objects, so a valid
//     {"representation":"storage","value":"…"} matches both and fails "must
//     match exactly one". (Also agile deployment associations and v1
//     Relation.) Type-disjoint oneOfs (string | array …) stay.
//   - fields-maps: issue maps keyed by field id (`fields`,
//     `renderedFields`, the inner maps of `versionedRepresentations`) whose
//     values are typed `object` without properties get unconstrained values.
//     Jira DC IssueUpdateBean and IssueBean declare them so, but "summary"
//     is a string, "labels" an array, "duedate" null, and rendered fields are
//     HTML strings. Field metadata maps (values with properties) stay.
//   - object-query-arrays: a query parameter typed as an array of objects
//     becomes an array of strings. A form-encoded value is a string;
//     agile and DC `fields` (?fields=summary,status) and Jira v3 project
//     `properties` could otherwise never validate.
//   - authorization-header: Authorization header parameters are dropped.
//     Agile DevOps operations declare a required "JWT …" header; who may
//     call what is the sandbox's concern, and security requirements are not
//     checked either (Options.AuthenticationFunc accepts everything: the
//     documents under-declare auth: agile lists only OAuth2, DC only basic,
//     Confluence DC nothing, while Cloud takes basic and bearer and DC PATs).
//   - multipart-forms: multipart/form-data bodies must be objects for
//     kin-openapi to decode them part by part. Jira Cloud v3 attachment
//     upload declares a JSON array of MultipartFile, which no multipart body
//     can be: it becomes an object of `file` parts, which is what Jira reads.
//     Confluence v1 attachment bodies list properties but no type: they get
//     type object. A `file` part typed string without format (Confluence
//     DC) is binary, so a part of any media type decodes.
//   - misnamed-required: a closed object schema (additionalProperties
//     false) that requires a property it does not declare can match no
//     value; the undeclared names are dropped from required. Jira Cloud's
//     bulk move payload requires targetToMultipleSourceMapping and
//     issueIdOrKeys, misspellings of its targetToSourcesMapping and
//     issueIdsOrKeys.
//   - drop-examples: examples are removed. They are not used to validate
//     traffic (Atlassian's are often JSON strings or violate their own
//     schemas) and cost memory.
//
// Applied to one document (document.patches):
//
//   - dc-array-responses (Jira DC): list operations (fields, issue types,
//     projects, user searches, versions, …) declare the item schema as their
//     200 body while the real body is a JSON array of it (see
//     dcArrayOperations; remote links take either, as Jira answers one object
//     when asked for a globalId). Paged lists that are objects in reality
//     (boards, sprints) need nothing: DC schemas have no required properties.
//   - assign-null (Jira Cloud and DC): the body of PUT
//     /issue/{issueIdOrKey}/assignee is a user whose accountId (Cloud) or
//     name (DC) the documents' own descriptions say may be null, to
//     unassign, while the schema says not nullable. The operation gets its
//     own copy of the user schema with that property nullable; users
//     elsewhere stay strict.
//   - dc-validation-errors (Confluence DC): the `errors` of the
//     ValidationResult in every error body (RestError.data) is typed
//     object; real Confluence sends a list ("errors":[]).
//   - dc-attachment-list-status (Confluence DC): GET
//     /rest/api/content/{id}/child/attachment documents its success as 201;
//     real Confluence answers 200. The 201 description is kept and copied to
//     200.
//
// Not a document patch: a 204 (or 304) response is checked for its status
// only, and must have no body; several operations (Jira v3 editIssue)
// declare content for their 204, which HTTP forbids.
//
// Not a document patch, but a relaxation all the same (document.jiraDates,
// see jiraDateTime): format date-time in the Jira documents also accepts
// Jira's ISO 8601 basic offsets ("2024-01-15T10:30:00.000+0000"), which is
// what every Jira, Cloud or DC, sends, and what the documents' own examples
// show. Confluence sends RFC 3339 and keeps the strict check.
//
// Defects that need no patch with kin-openapi: string-valued examples
// (examples are not validated), server base paths (routing strips them, see
// documents.go), recursive schemas (kin-openapi validates Confluence v1
// search and user responses through their cycles; a test proves it).
type patch struct {
	name string
	// Exactly one of these is set. A schema patch runs on every schema in a
	// single shared walk (the walk allocates; one is cheaper than four) and
	// reports whether it changed the schema.
	schema func(s *openapi3.Schema) bool
	doc    func(doc *openapi3.T) int
}

// applyPatches runs patches on doc and counts the places each changed.
func applyPatches(doc *openapi3.T, patches []patch) map[string]int {
	counts := make(map[string]int, len(patches))
	var schemaPatches []patch
	for _, p := range patches {
		counts[p.name] = 0 // reported even when it changed nothing
		if p.schema != nil {
			schemaPatches = append(schemaPatches, p)
		}
	}
	if schemaPatches != nil {
		_ = doc.WalkSchemas(func(_ string, sr *openapi3.SchemaRef) error {
			for _, p := range schemaPatches {
				if p.schema(sr.Value) {
					counts[p.name]++
				}
			}
			return nil
		})
	}
	for _, p := range patches {
		if p.doc != nil {
			counts[p.name] += p.doc(doc)
		}
	}
	return counts
}

// genericPatches apply to every document.
var genericPatches = []patch{
	{name: "untyped-nullable", schema: patchUntypedNullable},
	{name: "overlapping-oneOf", schema: patchOverlappingOneOf},
	{name: "fields-maps", schema: patchFieldsMaps},
	{name: "object-query-arrays", doc: patchObjectQueryArrays},
	{name: "authorization-header", doc: patchAuthorizationHeader},
	{name: "multipart-forms", doc: patchMultipartForms},
	{name: "misnamed-required", schema: patchMisnamedRequired},
	{name: "drop-examples", schema: patchDropSchemaExamples},
	{name: "drop-examples", doc: patchDropExamples},
}

var (
	patchDCArrayResponses       = patch{name: "dc-array-responses", doc: applyDCArrayResponses}
	patchDCAttachmentListStatus = patch{name: "dc-attachment-list-status", doc: applyDCAttachmentListStatus}
	patchDCValidationErrors     = patch{name: "dc-validation-errors", doc: applyDCValidationErrors}
	patchAssignNull             = patch{name: "assign-null", doc: applyAssignNull}
)

func patchUntypedNullable(s *openapi3.Schema) bool {
	if s.Type.IsEmpty() && !s.Nullable && len(s.OneOf)+len(s.AnyOf)+len(s.AllOf) == 0 && s.Not == nil {
		s.Nullable = true
		return true
	}
	return false
}

func patchOverlappingOneOf(s *openapi3.Schema) bool {
	if len(s.OneOf) < 2 || s.Discriminator != nil || !alternativesOverlap(s.OneOf) {
		return false
	}
	if len(s.AnyOf) == 0 {
		s.AnyOf = s.OneOf
	} else { // keep both constraints
		s.AllOf = append(s.AllOf, &openapi3.SchemaRef{Value: &openapi3.Schema{AnyOf: s.OneOf}})
	}
	s.OneOf = nil
	return true
}

// alternativesOverlap reports whether two alternatives may accept the same
// value, judged by their JSON types: an untyped alternative overlaps all,
// and integer overlaps number.
func alternativesOverlap(alts openapi3.SchemaRefs) bool {
	seen := map[string]bool{}
	for _, a := range alts {
		if a.Value == nil || a.Value.Type == nil || a.Value.Type.IsEmpty() {
			return true
		}
		for _, t := range a.Value.Type.Slice() {
			if t == openapi3.TypeInteger {
				t = openapi3.TypeNumber
			}
			if seen[t] {
				return true
			}
			seen[t] = true
		}
	}
	return false
}

// issueFieldMaps are the issue properties keyed by field id.
var issueFieldMaps = []string{"fields", "renderedFields", "versionedRepresentations"}

func patchFieldsMaps(s *openapi3.Schema) bool {
	changed := false
	for _, name := range issueFieldMaps {
		m := s.Properties[name]
		// versionedRepresentations nests a map of versions in the map of fields.
		for m != nil && m.Value != nil && m.Value.Type.Is(openapi3.TypeObject) && len(m.Value.Properties) == 0 {
			ap := m.Value.AdditionalProperties.Schema
			if ap == nil || ap.Value == nil || !ap.Value.Type.Is(openapi3.TypeObject) || len(ap.Value.Properties) > 0 ||
				len(ap.Value.AllOf)+len(ap.Value.AnyOf)+len(ap.Value.OneOf) > 0 {
				break
			}
			if ap.Value.AdditionalProperties.Schema != nil {
				m = ap
				continue
			}
			// Any value, null included (see untyped-nullable).
			m.Value.AdditionalProperties.Schema = &openapi3.SchemaRef{Value: &openapi3.Schema{Nullable: true}}
			changed = true
			break
		}
	}
	return changed
}

func patchObjectQueryArrays(doc *openapi3.T) int {
	n := 0
	forEachParameter(doc, func(p *openapi3.Parameter) {
		if p.In != openapi3.ParameterInQuery || p.Schema == nil || p.Schema.Value == nil {
			return
		}
		s := p.Schema.Value
		if s.Type.Is(openapi3.TypeArray) && s.Items != nil && s.Items.Value != nil && s.Items.Value.Type.Is(openapi3.TypeObject) {
			s.Items = &openapi3.SchemaRef{Value: openapi3.NewStringSchema()}
			n++
		}
	})
	return n
}

func patchAuthorizationHeader(doc *openapi3.T) int {
	n := 0
	drop := func(ps openapi3.Parameters) openapi3.Parameters {
		out := ps[:0]
		for _, p := range ps {
			if p.Value != nil && p.Value.In == openapi3.ParameterInHeader && strings.EqualFold(p.Value.Name, "Authorization") {
				n++
				continue
			}
			out = append(out, p)
		}
		return out
	}
	for _, item := range doc.Paths.Map() {
		item.Parameters = drop(item.Parameters)
		for _, op := range item.Operations() {
			op.Parameters = drop(op.Parameters)
		}
	}
	return n
}

func patchDropSchemaExamples(s *openapi3.Schema) bool {
	if s.Example == nil {
		return false
	}
	s.Example = nil
	return true
}

func patchDropExamples(doc *openapi3.T) int {
	n := 0
	dropMedia := func(c openapi3.Content) {
		for _, mt := range c {
			if mt.Example != nil || mt.Examples != nil {
				mt.Example, mt.Examples = nil, nil
				n++
			}
		}
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				dropMedia(op.RequestBody.Value.Content)
			}
			for _, r := range op.Responses.Map() {
				if r.Value != nil {
					dropMedia(r.Value.Content)
				}
			}
		}
	}
	forEachParameter(doc, func(p *openapi3.Parameter) {
		if p.Example != nil || p.Examples != nil {
			p.Example, p.Examples = nil, nil
			n++
		}
	})
	if doc.Components != nil {
		if len(doc.Components.Examples) > 0 {
			n += len(doc.Components.Examples)
			doc.Components.Examples = nil
		}
		for _, rb := range doc.Components.RequestBodies {
			if rb.Value != nil {
				dropMedia(rb.Value.Content)
			}
		}
		for _, r := range doc.Components.Responses {
			if r.Value != nil {
				dropMedia(r.Value.Content)
			}
		}
	}
	return n
}

func patchMultipartForms(doc *openapi3.T) int {
	n := 0
	fix := func(c openapi3.Content) {
		mt := c["multipart/form-data"]
		if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
			return
		}
		s := mt.Schema.Value
		switch {
		case s.Type.Is(openapi3.TypeArray):
			file := openapi3.NewArraySchema()
			file.Items = &openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}, Format: "binary"}}
			body := openapi3.NewObjectSchema()
			body.Properties = openapi3.Schemas{"file": {Value: file}}
			body.Required = []string{"file"}
			mt.Schema = &openapi3.SchemaRef{Value: body}
			n++
			return
		case s.Type.IsEmpty() && len(s.Properties) > 0:
			s.Type = &openapi3.Types{openapi3.TypeObject}
			n++
		}
		if f := s.Properties["file"]; f != nil && f.Value != nil && f.Value.Type.Is(openapi3.TypeString) && f.Value.Format == "" {
			f.Value.Format = "binary"
			n++
		}
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				fix(op.RequestBody.Value.Content)
			}
		}
	}
	return n
}

// dcArrayOperations are the Jira DC list operations whose real 200 body is
// a JSON array of the schema the document declares. remotelink answers one
// object instead when asked for a globalId, so it takes either.
var dcArrayOperations = map[string]bool{ // "METHOD path" → also a single object
	"GET /api/2/field":                               false,
	"GET /api/2/filter/favourite":                    false,
	"GET /api/2/issuetype":                           false,
	"GET /api/2/priority":                            false,
	"GET /api/2/project":                             false,
	"GET /api/2/project/{projectIdOrKey}/components": false,
	"GET /api/2/project/{projectIdOrKey}/statuses":   false,
	"GET /api/2/project/{projectIdOrKey}/versions":   false,
	"GET /api/2/resolution":                          false,
	"GET /api/2/status":                              false,
	"GET /api/2/user/assignable/multiProjectSearch":  false,
	"GET /api/2/user/assignable/search":              false,
	"GET /api/2/user/search":                         false,
	"GET /api/2/user/viewissue/search":               false,
	"GET /api/2/issue/{issueIdOrKey}/subtask":        false,
	"POST /api/2/issue/{issueIdOrKey}/attachments":   false,
	"GET /api/2/issue/{issueIdOrKey}/remotelink":     true,
}

func applyDCArrayResponses(doc *openapi3.T) int {
	n := 0
	for key, orSingle := range dcArrayOperations {
		method, path, _ := strings.Cut(key, " ")
		item := doc.Paths.Value(path)
		if item == nil || item.GetOperation(method) == nil {
			continue
		}
		r := item.GetOperation(method).Responses.Status(http.StatusOK)
		if r == nil || r.Value == nil {
			continue
		}
		mt := r.Value.Content.Get("application/json")
		if mt == nil || mt.Schema == nil || mt.Schema.Value == nil || mt.Schema.Value.Type.Is(openapi3.TypeArray) {
			continue
		}
		arr := openapi3.NewArraySchema()
		arr.Items = mt.Schema
		if orSingle {
			mt.Schema = &openapi3.SchemaRef{Value: &openapi3.Schema{AnyOf: openapi3.SchemaRefs{{Value: arr}, mt.Schema}}}
		} else {
			mt.Schema = &openapi3.SchemaRef{Value: arr}
		}
		n++
	}
	return n
}

func applyDCAttachmentListStatus(doc *openapi3.T) int {
	item := doc.Paths.Value("/rest/api/content/{id}/child/attachment")
	if item == nil || item.Get == nil {
		return 0
	}
	rs := item.Get.Responses
	if rs.Value("200") != nil || rs.Value("201") == nil {
		return 0
	}
	rs.Set("200", rs.Value("201"))
	return 1
}

func applyDCValidationErrors(doc *openapi3.T) int {
	vr := doc.Components.Schemas["ValidationResult"]
	if vr == nil || vr.Value == nil {
		return 0
	}
	errs := vr.Value.Properties["errors"]
	if errs == nil || errs.Value == nil || !errs.Value.Type.Is(openapi3.TypeObject) {
		return 0
	}
	list := openapi3.NewArraySchema()
	list.Items = &openapi3.SchemaRef{Value: &openapi3.Schema{Nullable: true}}
	vr.Value.Properties["errors"] = &openapi3.SchemaRef{Value: list}
	return 1
}

// forEachParameter calls fn for every parameter of every path item and
// operation (component parameters are shared by reference, so they are
// reached through their users).
func forEachParameter(doc *openapi3.T, fn func(*openapi3.Parameter)) {
	seen := map[*openapi3.Parameter]bool{}
	visit := func(ps openapi3.Parameters) {
		for _, p := range ps {
			if p.Value != nil && !seen[p.Value] {
				seen[p.Value] = true
				fn(p.Value)
			}
		}
	}
	for _, item := range doc.Paths.Map() {
		visit(item.Parameters)
		for _, op := range item.Operations() {
			visit(op.Parameters)
		}
	}
}

// jiraDateTime accepts RFC 3339 date-times and Jira's ISO 8601 variant with
// a basic-format offset (+0000, -0530).
var jiraDateTime = openapi3.NewCallbackValidator(func(s string) error {
	if jiraDateTimeRE.MatchString(s) {
		return nil
	}
	return fmt.Errorf("not an RFC 3339 or Jira date-time")
})

var jiraDateTimeRE = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):?[0-5][0-9])$`)

func patchMisnamedRequired(s *openapi3.Schema) bool {
	closed := s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has
	if !closed || len(s.Properties) == 0 {
		return false
	}
	kept := s.Required[:0:0]
	for _, name := range s.Required {
		if _, ok := s.Properties[name]; ok {
			kept = append(kept, name)
		}
	}
	if len(kept) == len(s.Required) {
		return false
	}
	s.Required = kept
	return true
}

func applyAssignNull(doc *openapi3.T) int {
	n := 0
	for _, path := range []string{"/rest/api/3/issue/{issueIdOrKey}/assignee", "/api/2/issue/{issueIdOrKey}/assignee"} {
		item := doc.Paths.Value(path)
		if item == nil || item.Put == nil || item.Put.RequestBody == nil || item.Put.RequestBody.Value == nil {
			continue
		}
		for _, mt := range item.Put.RequestBody.Value.Content {
			if mt.Schema == nil || mt.Schema.Value == nil {
				continue
			}
			user := *mt.Schema.Value
			user.Properties = maps.Clone(user.Properties)
			for _, prop := range []string{"accountId", "name"} {
				if p := user.Properties[prop]; p != nil && p.Value != nil {
					nullable := *p.Value
					nullable.Nullable = true
					user.Properties[prop] = &openapi3.SchemaRef{Value: &nullable}
					n++
				}
			}
			mt.Schema = &openapi3.SchemaRef{Value: &user}
		}
	}
	return n
}
