package jiratools

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/jira"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// fieldTools are the tools of mcp-atlassian's jira_fields toolset, in
// mcp-atlassian's order.
func fieldTools(d *Deps) []tool.Tool {
	return []tool.Tool{searchFields(d), getFieldOptions(d)}
}

type searchFieldsInput struct {
	Keyword string `json:"keyword,omitempty" jsonschema:"Words to look for in field names and ids; empty lists the first fields"`
	Limit   int    `json:"limit,omitempty" jsonschema:"Maximum number of fields"`
	Refresh bool   `json:"refresh,omitempty" jsonschema:"Reload the field list instead of using the cached one"`
}

func searchFields(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_search_fields", Title: "Search Fields", Product: atlassian.Jira, Toolset: "jira_fields",
		Description: "Search Jira fields (system and custom) by name or id, best matches first.",
		Params:      map[string]tool.Param{"keyword": {Default: ""}, "limit": {Default: 10, Min: tool.Bound(1)}, "refresh": {Default: false}},
	}, func(ctx context.Context, c *tool.Call, in searchFieldsInput) (any, error) {
		if in.Refresh {
			d.Fields.forget(c.Jira())
		}
		fields, err := d.Fields.get(ctx, c.Jira())
		if err != nil {
			return nil, err
		}
		ranked := rankFields(fields, in.Keyword)
		if len(ranked) > in.Limit {
			ranked = ranked[:in.Limit]
		}
		return ranked, nil
	})
}

// rankFields orders fields by how well keyword matches them: an exact
// name or id first, then prefixes, then words and substrings, then fields
// holding every letter of it in order (a typo-tolerant last resort).
// Fields that match in no way are left out; an empty keyword keeps Jira's
// order.
func rankFields(fields []jira.Field, keyword string) []jira.Field {
	kw := strings.ToLower(strings.TrimSpace(keyword))
	if kw == "" {
		return slices.Clone(fields)
	}
	type scored struct {
		f     jira.Field
		score int
	}
	var hits []scored
	for _, f := range fields {
		if s := fieldScore(f, kw); s > 0 {
			hits = append(hits, scored{f, s})
		}
	}
	slices.SortStableFunc(hits, func(a, b scored) int { return b.score - a.score })
	out := make([]jira.Field, len(hits))
	for i, h := range hits {
		out[i] = h.f
	}
	return out
}

func fieldScore(f jira.Field, kw string) int {
	name, id := strings.ToLower(f.Name), strings.ToLower(f.ID)
	switch {
	case name == kw || id == kw:
		return 100
	case strings.HasPrefix(name, kw):
		return 80
	case slices.ContainsFunc(strings.Fields(name), func(w string) bool { return strings.HasPrefix(w, kw) }):
		return 60
	case strings.Contains(name, kw) || strings.Contains(id, kw):
		return 40
	case subsequence(name, kw):
		return 10
	}
	return 0
}

// subsequence reports whether every rune of kw appears in s in order.
func subsequence(s, kw string) bool {
	for _, r := range kw {
		i := strings.IndexRune(s, r)
		if i < 0 {
			return false
		}
		s = s[i+len(string(r)):]
	}
	return true
}

type fieldOptionsInput struct {
	FieldID     string `json:"field_id" jsonschema:"Custom field id, e.g. 'customfield_10001' (see jira_search_fields)"`
	ContextID   string `json:"context_id,omitempty" jsonschema:"Field context id (Cloud); the global context when omitted"`
	ProjectKey  string `json:"project_key,omitempty" jsonschema:"Project key (needed on Server/DC), e.g. 'PROJ'"`
	IssueType   string `json:"issue_type,omitempty" jsonschema:"Issue type name (needed on Server/DC), e.g. 'Bug'"`
	Contains    string `json:"contains,omitempty" jsonschema:"Keep options whose value (or a child's) contains this, case-insensitive"`
	ReturnLimit int    `json:"return_limit,omitempty" jsonschema:"Maximum number of options, after filtering"`
	ValuesOnly  bool   `json:"values_only,omitempty" jsonschema:"Return only the option values"`
}

func getFieldOptions(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_field_options", Title: "Get Field Options", Product: atlassian.Jira, Toolset: "jira_fields",
		Description: "Get the allowed values of a select-like custom field.",
		Params: map[string]tool.Param{
			"field_id":     {Pattern: `^customfield_\d+$`, Hint: "a custom field id such as customfield_10001"},
			"return_limit": {Min: tool.Bound(1)}, "values_only": {Default: false},
		},
	}, func(ctx context.Context, c *tool.Call, in fieldOptionsInput) (any, error) {
		var options []map[string]any
		var err error
		if c.Cloud() {
			options, err = cloudFieldOptions(ctx, c, in)
		} else {
			options, err = serverFieldOptions(ctx, c, in)
		}
		if err != nil {
			return nil, err
		}
		if in.Contains != "" {
			options = slices.DeleteFunc(options, func(o map[string]any) bool { return !optionContains(o, in.Contains) })
		}
		if in.ReturnLimit > 0 && len(options) > in.ReturnLimit {
			options = options[:in.ReturnLimit]
		}
		if !in.ValuesOnly {
			return options, nil
		}
		values := make([]any, 0, len(options))
		for _, o := range options {
			children, _ := o["child_options"].([]map[string]any)
			if len(children) == 0 {
				values = append(values, o["value"])
				continue
			}
			names := make([]any, len(children))
			for i, ch := range children {
				names[i] = ch["value"]
			}
			values = append(values, map[string]any{"value": o["value"], "children": names})
		}
		return values, nil
	})
}

// cloudFieldOptions reads a context's options, the global context unless
// one is named; cascading children are nested under their parent.
func cloudFieldOptions(ctx context.Context, c *tool.Call, in fieldOptionsInput) ([]map[string]any, error) {
	contextID := in.ContextID
	if contextID == "" {
		contexts, err := c.Jira().FieldContexts(ctx, in.FieldID)
		if err != nil {
			return nil, err
		}
		for _, fc := range contexts {
			if fc.IsGlobalContext || contextID == "" {
				contextID = fc.ID
			}
			if fc.IsGlobalContext {
				break
			}
		}
		if contextID == "" {
			return nil, fmt.Errorf("field %s has no context, so no options", in.FieldID)
		}
	}
	raw, err := c.Jira().ContextOptions(ctx, in.FieldID, contextID)
	if err != nil {
		return nil, err
	}
	var out []map[string]any
	byID := map[string]map[string]any{}
	for _, o := range raw {
		m := map[string]any{"id": o.ID, "value": o.Value}
		if o.Disabled {
			m["disabled"] = true
		}
		if parent, ok := byID[o.OptionID]; ok {
			children, _ := parent["child_options"].([]map[string]any)
			parent["child_options"] = append(children, m)
			continue
		}
		byID[o.ID] = m
		out = append(out, m)
	}
	return nonNilMaps(out), nil
}

// serverFieldOptions reads the field's allowed values from the create
// metadata of a project and issue type, which Server/DC needs named.
func serverFieldOptions(ctx context.Context, c *tool.Call, in fieldOptionsInput) ([]map[string]any, error) {
	if in.ProjectKey == "" || in.IssueType == "" {
		return nil, tool.BadInput("Jira Server/Data Center lists options per project and issue type: give project_key and issue_type")
	}
	if err := c.CheckProject(in.ProjectKey); err != nil {
		return nil, err
	}
	types, err := c.Jira().CreateMetaIssueTypes(ctx, in.ProjectKey)
	if err != nil {
		return nil, err
	}
	typeID := ""
	for _, t := range types {
		if strings.EqualFold(str(t["name"]), in.IssueType) || str(t["id"]) == in.IssueType {
			typeID = str(t["id"])
		}
	}
	if typeID == "" {
		return nil, tool.BadInput("project %s has no issue type %q", in.ProjectKey, in.IssueType)
	}
	fields, err := c.Jira().CreateMetaFields(ctx, in.ProjectKey, typeID)
	if err != nil {
		return nil, err
	}
	for _, f := range fields {
		if str(f["fieldId"]) != in.FieldID && str(f["key"]) != in.FieldID {
			continue
		}
		out := []map[string]any{}
		for _, v := range asSlice(f["allowedValues"]) {
			m, _ := v.(map[string]any)
			opt := map[string]any{"id": m["id"], "value": m["value"]}
			if dis, _ := m["disabled"].(bool); dis {
				opt["disabled"] = true
			}
			var children []map[string]any
			for _, ch := range asSlice(m["children"]) {
				cm, _ := ch.(map[string]any)
				children = append(children, map[string]any{"id": cm["id"], "value": cm["value"]})
			}
			if children != nil {
				opt["child_options"] = children
			}
			out = append(out, opt)
		}
		return out, nil
	}
	return nil, tool.BadInput("field %s is not on the create screen of %s in %s, so Jira lists no options for it there", in.FieldID, in.IssueType, in.ProjectKey)
}

func optionContains(o map[string]any, needle string) bool {
	n := strings.ToLower(needle)
	if strings.Contains(strings.ToLower(str(o["value"])), n) {
		return true
	}
	children, _ := o["child_options"].([]map[string]any)
	return slices.ContainsFunc(children, func(ch map[string]any) bool { return strings.Contains(strings.ToLower(str(ch["value"])), n) })
}
