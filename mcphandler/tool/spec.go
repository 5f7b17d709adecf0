package tool

import (
	"maps"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Spec is what mcp-atlassian declares about a tool: its name, product,
// toolset, whether it writes, and the schema details (defaults, bounds,
// patterns, hints) that Go struct tags cannot say.
type Spec struct {
	Name        string
	Title       string
	Description string
	Product     atlassian.Product
	Toolset     string
	Write       bool
	Destructive bool // only meaningful for write tools
	Idempotent  bool
	// CloudOnly hides the tool when the product's site is Server/DC.
	CloudOnly bool
	Params    map[string]Param
	// Aliases are other argument names accepted for a parameter (alias →
	// parameter), for clients written against older mcp-atlassian
	// releases. They are not advertised in the schema.
	Aliases map[string]string
}

// Param refines one property of the inferred input schema.
type Param struct {
	Default   any
	Min, Max  *float64
	MaxLength *int
	Pattern   string
	Enum      []any
	// Hint says what a valid value looks like; argument errors end with it.
	Hint string
}

// Bound is a schema bound (minimum, maximum).
func Bound(v float64) *float64 { return &v }

// Length is a schema string length bound.
func Length(n int) *int { return &n }

// Config is the server configuration tools' schemas depend on.
type Config struct {
	// IssueKeyPattern and ProjectKeyPattern validate issue_key and
	// project_key parameters; empty means mcp-atlassian's defaults.
	IssueKeyPattern   string
	ProjectKeyPattern string
	// MaxLimit, when positive, clamps every "limit" argument
	// (ATLASSIAN_MAX_PAGINATION_LIMIT): a site operator's cap on how much
	// one call may ask for.
	MaxLimit int
}

// Default key patterns, as mcp-atlassian's JIRA_ISSUE_KEY_PATTERN and
// JIRA_PROJECT_KEY_PATTERN.
const (
	DefaultIssueKeyPattern   = `^[A-Z][A-Z0-9_]+-\d+(?:-\d+)*$`
	DefaultProjectKeyPattern = `^[A-Z][A-Z0-9_]+$`
)

// Bounds on free-text identifiers: no real key, id or name is longer, and
// a bounded echo keeps a hostile argument out of error messages and logs.
const (
	maxKeyLength  = 255
	maxTextLength = 1 << 20
)

// conventional are the parameters every tool names the same way; a tool's
// own Param for the name overrides these field by field.
func (c Config) conventional(name string) (Param, bool) {
	switch name {
	case "issue_key":
		return Param{Pattern: or(c.IssueKeyPattern, DefaultIssueKeyPattern), MaxLength: Length(maxKeyLength),
			Hint: "expected a Jira issue key such as PROJ-123"}, true
	case "project_key":
		return Param{Pattern: or(c.ProjectKeyPattern, DefaultProjectKeyPattern), MaxLength: Length(maxKeyLength),
			Hint: "expected a Jira project key such as PROJ (capital letters, digits, underscores)"}, true
	case "page_id", "comment_id", "parent_id", "space_key", "transition_id", "page_token":
		return Param{MaxLength: Length(maxKeyLength)}, true
	case "limit":
		return Param{Hint: "see the tool's schema for the allowed range"}, true
	}
	return Param{}, false
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// merge lays a tool's own refinements over the conventional ones.
func merge(base, own Param) Param {
	if own.Default != nil {
		base.Default = own.Default
	}
	if own.Min != nil {
		base.Min = own.Min
	}
	if own.Max != nil {
		base.Max = own.Max
	}
	if own.MaxLength != nil {
		base.MaxLength = own.MaxLength
	}
	if own.Pattern != "" {
		base.Pattern = own.Pattern
	}
	if own.Enum != nil {
		base.Enum = own.Enum
	}
	if own.Hint != "" {
		base.Hint = own.Hint
	}
	return base
}

// Params is the union of parameter sets, for tools that share some (such
// as a paging pair) and add their own; a later set wins on a name both
// have. The sets themselves are left as they are.
func Params(sets ...map[string]Param) map[string]Param {
	out := map[string]Param{}
	for _, set := range sets {
		maps.Copy(out, set)
	}
	return out
}
