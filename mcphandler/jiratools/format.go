package jiratools

import (
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/jira"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// simplifyIssue turns Jira's issue JSON into the compact shape
// mcp-atlassian returns: readable keys, Markdown text, users and options
// reduced to what a model needs. Only requested fields appear.
func simplifyIssue(c *tool.Call, is *jira.Issue, useDisplayNames bool) map[string]any {
	out := map[string]any{"id": is.ID, "key": is.Key}
	if is.Key != "" {
		out["url"] = strings.TrimSuffix(c.BaseURL(), "/") + "/browse/" + is.Key
	}
	for id, v := range is.Fields {
		if v == nil {
			continue
		}
		switch id {
		case "summary", "created", "updated", "duedate", "resolutiondate", "lastViewed":
			out[id] = v
		case "description", "environment":
			out[id] = markdown(v)
		case "status":
			out["status"] = simplifyStatus(v)
		case "issuetype":
			// mcp-atlassian's shape: the name is what a model reads.
			out["issue_type"] = pick(v, "name")
		case "priority":
			out["priority"] = pick(v, "name")
		case "resolution":
			out["resolution"] = pick(v, "name")
		case "project":
			out["project"] = pick(v, "key", "name", "id")
		case "assignee", "reporter", "creator":
			out[id] = simplifyUser(v)
		case "labels":
			if len(asSlice(v)) > 0 { // empty lists are left out, as in mcp-atlassian
				out["labels"] = v
			}
		case "components", "versions", "fixVersions":
			if n := names(v); len(n) > 0 {
				out[listKeys[id]] = n
			}
		case "parent":
			p := map[string]any{}
			if m, ok := v.(map[string]any); ok {
				p["key"] = m["key"]
				if f, ok := m["fields"].(map[string]any); ok {
					p["summary"] = f["summary"]
				}
			}
			out["parent"] = p
		case "subtasks":
			var subs []map[string]any
			for _, s := range asSlice(v) {
				m, _ := s.(map[string]any)
				sub := map[string]any{"key": m["key"]}
				if f, ok := m["fields"].(map[string]any); ok {
					sub["summary"] = f["summary"]
					if st, ok := f["status"]; ok {
						sub["status"] = simplifyStatus(st)
					}
				}
				subs = append(subs, sub)
			}
			out["subtasks"] = subs
		case "comment":
			if m, ok := v.(map[string]any); ok {
				out["comments"] = simplifyComments(asSlice(m["comments"]))
			}
		default:
			name := is.Names[id]
			value := simplifyValue(v)
			if strings.HasPrefix(id, "customfield_") {
				entry := map[string]any{"value": value}
				if name != "" {
					entry["name"] = name
				}
				if useDisplayNames && name != "" {
					if _, clash := out[name]; !clash {
						out[name] = entry
						continue
					}
				}
				out[id] = entry
				continue
			}
			if l, ok := value.([]any); ok && len(l) == 0 {
				continue
			}
			out[id] = value
		}
	}
	return out
}

var listKeys = map[string]string{"components": "components", "versions": "versions", "fixVersions": "fix_versions"}

func simplifyComments(list []any) []map[string]any {
	out := make([]map[string]any, 0, len(list))
	for _, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			continue
		}
		out = append(out, simplifyComment(m))
	}
	return out
}

func simplifyComment(m map[string]any) map[string]any {
	cm := map[string]any{"id": m["id"], "body": markdown(m["body"]), "created": m["created"], "updated": m["updated"]}
	if a, ok := m["author"]; ok {
		cm["author"] = simplifyUser(a)
	}
	if vis, ok := m["visibility"]; ok {
		cm["visibility"] = vis
	}
	return cm
}

func simplifyStatus(v any) map[string]any {
	m, _ := v.(map[string]any)
	st := map[string]any{"name": m["name"]}
	if cat, ok := m["statusCategory"].(map[string]any); ok {
		st["category"] = cat["name"]
		st["color"] = cat["colorName"]
	}
	return st
}

// userFields are the identity fields simplifyUser keeps, as renamed.
var userFields = [...]struct{ from, to string }{
	{"accountId", "account_id"}, {"name", "name"}, {"key", "key"}, {"emailAddress", "email"},
}

// simplifyUser keeps identity fields: account_id on Cloud, name/key on
// Server/DC, and never more than a model needs.
func simplifyUser(v any) map[string]any {
	m, ok := v.(map[string]any)
	if !ok || m == nil {
		return map[string]any{"display_name": "Unassigned"}
	}
	u := make(map[string]any, 4)
	u["display_name"] = m["displayName"]
	for _, f := range userFields {
		if s, ok := m[f.from].(string); ok && s != "" {
			u[f.to] = s
		}
	}
	if av, ok := m["avatarUrls"].(map[string]any); ok {
		u["avatar_url"] = av["48x48"]
	}
	return u
}

// simplifyValue reduces option, user and named objects to their readable
// value; lists are reduced element-wise.
func simplifyValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		if t["type"] == "doc" {
			return t // ADF in a custom field; the caller renders known rich fields
		}
		for _, k := range []string{"value", "displayName", "name", "key"} {
			if s, ok := t[k]; ok {
				if child, ok := t["child"].(map[string]any); ok {
					return []any{s, simplifyValue(child)}
				}
				return s
			}
		}
		return t
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = simplifyValue(e)
		}
		return out
	}
	return v
}

func pick(v any, keys ...string) map[string]any {
	m, _ := v.(map[string]any)
	out := map[string]any{}
	for _, k := range keys {
		if val, ok := m[k]; ok {
			out[k] = val
		}
	}
	return out
}

func names(v any) []any {
	var out []any
	for _, e := range asSlice(v) {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m["name"])
		}
	}
	return out
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}
