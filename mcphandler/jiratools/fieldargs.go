package jiratools

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/jira"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// fieldsArg parses a JSON object of fields given by id or display name and
// maps it to Jira field ids with values in the shape Jira expects.
func (d *Deps) fieldsArg(ctx context.Context, c *tool.Call, arg, raw string) (map[string]any, error) {
	fields := map[string]any{}
	if strings.TrimSpace(raw) == "" {
		return fields, nil
	}
	var in map[string]any
	if err := json.Unmarshal([]byte(raw), &in); err != nil {
		return nil, tool.BadInput("%s is not a JSON object (%v); write it like {\"priority\": {\"name\": \"High\"}, \"labels\": [\"backend\"]}", arg, err)
	}
	var catalogue []jira.Field
	for name, value := range in {
		id, field := systemFieldID(name), (*jira.Field)(nil)
		if id == "" {
			if catalogue == nil {
				var err error
				if catalogue, err = d.Fields.get(ctx, c.Jira()); err != nil {
					return nil, fmt.Errorf("looking up field names: %w", err)
				}
			}
			field = findField(catalogue, name)
			if field == nil {
				return nil, tool.BadInput("%s names an unknown field %q: use a field id such as customfield_10016 or the exact field name", arg, name)
			}
			id = field.ID
		}
		v, err := fieldValue(ctx, c, id, field, value)
		if err != nil {
			return nil, tool.BadInput("%s.%s: %v", arg, name, err)
		}
		fields[id] = v
	}
	return fields, nil
}

// systemFieldID recognises ids Jira accepts as they are.
func systemFieldID(name string) string {
	switch name {
	case "summary", "description", "environment", "priority", "labels", "components", "assignee", "reporter",
		"duedate", "parent", "fixVersions", "versions", "issuetype", "security", "timetracking", "resolution":
		return name
	case "fix_versions":
		return "fixVersions"
	case "due_date":
		return "duedate"
	}
	if strings.HasPrefix(name, "customfield_") {
		return name
	}
	return ""
}

func findField(catalogue []jira.Field, name string) *jira.Field {
	for i := range catalogue {
		if catalogue[i].ID == name || catalogue[i].Key == name {
			return &catalogue[i]
		}
	}
	for i := range catalogue {
		if strings.EqualFold(catalogue[i].Name, name) {
			return &catalogue[i]
		}
	}
	return nil
}

// fieldValue shapes a value as Jira wants it for the field: Markdown for
// rich text, {"key"} for parent, {"name"} for priority, users resolved,
// options wrapped.
func fieldValue(ctx context.Context, c *tool.Call, id string, field *jira.Field, v any) (any, error) {
	switch id {
	case "description", "environment":
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("must be Markdown text")
		}
		return richText(c, id, s)
	case "parent":
		if s, ok := v.(string); ok {
			return map[string]any{"key": s}, nil
		}
		return v, nil
	case "priority", "resolution", "security":
		if s, ok := v.(string); ok {
			return map[string]any{"name": s}, nil
		}
		return v, nil
	case "labels":
		return fieldItems(v), nil
	case "components", "fixVersions", "versions":
		return wrapItems(v, "name"), nil
	case "assignee", "reporter":
		if v == nil {
			return nil, nil
		}
		if s, ok := v.(string); ok {
			return resolveUser(ctx, c, s)
		}
		return v, nil
	}
	if field == nil || field.Schema == nil {
		return v, nil
	}
	switch field.Schema.Type {
	case "option":
		if s, ok := v.(string); ok {
			return map[string]any{"value": s}, nil
		}
	case "array":
		if field.Schema.Items == "option" {
			return wrapItems(v, "value"), nil
		}
	case "user":
		if s, ok := v.(string); ok {
			return resolveUser(ctx, c, s)
		}
	case "string":
		if strings.HasSuffix(field.Schema.Custom, ":textarea") {
			if s, ok := v.(string); ok {
				return richText(c, id, s)
			}
		}
	}
	return v, nil
}

// fieldItems is the value of a multi-value field as its items: a JSON
// array as given, a comma-separated string split, any other value one
// item. Null stays null, which clears the field.
func fieldItems(v any) []any {
	switch t := v.(type) {
	case nil:
		return nil
	case []any:
		return t
	case string:
		parts := tool.SplitList(t)
		items := make([]any, len(parts))
		for i, p := range parts {
			items[i] = p
		}
		return items
	}
	return []any{v}
}

// wrapItems is fieldItems with each string item as the reference Jira
// takes for it: {key: item}, where key is "name" for components and
// versions and "value" for select options. Other items are taken as
// already in Jira's shape.
func wrapItems(v any, key string) []any {
	items := fieldItems(v)
	if items == nil {
		return nil
	}
	out := make([]any, len(items))
	for i, it := range items {
		if s, ok := it.(string); ok {
			out[i] = map[string]any{key: s}
		} else {
			out[i] = it
		}
	}
	return out
}

// accountIDPattern matches Cloud account ids (legacy 24-hex or
// "712020:uuid").
var accountIDPattern = regexp.MustCompile(`^([0-9a-f]{24}|\d+:[0-9a-f-]{36})$`)

// resolveUser turns an account id, username, email or display name into
// the user reference the deployment wants: {"accountId"} on Cloud,
// {"name"} on Server/DC.
func resolveUser(ctx context.Context, c *tool.Call, who string) (map[string]any, error) {
	who = strings.TrimSpace(who)
	if id, ok := strings.CutPrefix(who, "accountid:"); ok { // mcp-atlassian's explicit form
		if !c.Cloud() {
			return nil, tool.BadInput("an accountid: user is a Cloud account id, but this is a Server/Data Center site: give a username")
		}
		return map[string]any{"accountId": strings.TrimSpace(id)}, nil
	}
	if c.Cloud() && accountIDPattern.MatchString(who) {
		return map[string]any{"accountId": who}, nil
	}
	if !c.Cloud() && !strings.ContainsAny(who, "@ ") {
		return map[string]any{"name": who}, nil
	}
	users, err := c.Jira().FindUsers(ctx, who)
	if err != nil {
		return nil, fmt.Errorf("looking up user %q: %w", who, err)
	}
	for _, u := range users {
		if strings.EqualFold(str(u["emailAddress"]), who) || strings.EqualFold(str(u["displayName"]), who) ||
			strings.EqualFold(str(u["name"]), who) || len(users) == 1 {
			if c.Cloud() {
				return map[string]any{"accountId": u["accountId"]}, nil
			}
			return map[string]any{"name": u["name"]}, nil
		}
	}
	if len(users) == 0 {
		return nil, tool.BadInput("no Jira user matches %q: give an account id (Cloud), username (Server/DC), email or exact display name", who)
	}
	return nil, tool.BadInput("%q matches %d users: give the exact email or account id", who, len(users))
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// parseVisibility reads a comment visibility JSON object.
func parseVisibility(raw string) (map[string]any, error) {
	var v map[string]any
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		return nil, tool.BadInput("visibility is not a JSON object (%v); write it like {\"type\": \"group\", \"value\": \"jira-users\"}", err)
	}
	t, _ := v["type"].(string)
	value, _ := v["value"].(string)
	if (t != "group" && t != "role") || value == "" {
		return nil, tool.BadInput("visibility needs \"type\" \"group\" or \"role\" and a non-empty \"value\", e.g. {\"type\": \"role\", \"value\": \"Administrators\"}")
	}
	return map[string]any{"type": t, "value": value}, nil
}
