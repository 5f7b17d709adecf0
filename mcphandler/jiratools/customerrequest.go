package jiratools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/jira"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

type createCustomerRequestInput struct {
	ServiceDeskID       string `json:"service_desk_id" jsonschema:"Service desk id, e.g. '4'"`
	RequestTypeID       string `json:"request_type_id" jsonschema:"Request type id, e.g. '23'"`
	RequestFieldValues  string `json:"request_field_values" jsonschema:"JSON object of field values by field id, e.g. {\"summary\": \"Access issue\", \"description\": \"Cannot log in\"}"`
	RaiseOnBehalfOf     string `json:"raise_on_behalf_of,omitempty" jsonschema:"Customer to raise the request for: account id (Cloud), username (Server/DC) or email"`
	RequestParticipants string `json:"request_participants,omitempty" jsonschema:"Participants: JSON array or comma-separated list of users"`
	Attachments         string `json:"attachments,omitempty" jsonschema:"JSON array of {filename, mime_type, base64} files (not supported by this server yet)"`
	StrictOnBehalf      bool   `json:"strict_on_behalf,omitempty" jsonschema:"Fail when raise_on_behalf_of cannot be applied, instead of raising the request as yourself"`
}

func createCustomerRequest(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_create_customer_request", Title: "Create Customer Request", Product: atlassian.Jira, Toolset: "jira_service_desk",
		Write: true, Destructive: true,
		Description: "Raise a Jira Service Management customer request of a request type (see jira_get_request_type_fields for its fields).",
		Params: map[string]tool.Param{
			"service_desk_id": numericID, "request_type_id": numericID,
			"strict_on_behalf": {Default: false},
		},
	}, func(ctx context.Context, c *tool.Call, in createCustomerRequestInput) (any, error) {
		values, err := parseFieldValues(in.RequestFieldValues)
		if err != nil {
			return nil, err
		}
		participants, err := tool.ParseList("request_participants", in.RequestParticipants)
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(in.Attachments) != "" {
			return nil, tool.BadInput("attachments are not supported by this server yet: create the request without them and attach files afterwards")
		}
		if err := checkDesk(ctx, c, in.ServiceDeskID); err != nil {
			return nil, err
		}
		rt, err := c.Jira().RequestTypeFields(ctx, in.ServiceDeskID, in.RequestTypeID)
		if err != nil {
			return nil, fmt.Errorf("reading the fields of request type %s: %w", in.RequestTypeID, err)
		}
		values, err = requestFieldValues(rt.Fields, values)
		if err != nil {
			return nil, err
		}
		req := jira.CustomerRequest{ServiceDeskID: in.ServiceDeskID, RequestTypeID: in.RequestTypeID,
			RequestFieldValues: values, RaiseOnBehalfOf: strings.TrimSpace(in.RaiseOnBehalfOf), RequestParticipants: participants}
		mode := "created_direct"
		if req.RaiseOnBehalfOf != "" {
			mode = "created_on_behalf_of"
		}
		var warnings []string
		created, err := c.Jira().CreateRequest(ctx, req)
		if err != nil && req.RaiseOnBehalfOf != "" && !in.StrictOnBehalf && onBehalfRefused(err) {
			// As mcp-atlassian: raise it as the caller rather than not at
			// all, and say so.
			warnings = append(warnings, fmt.Sprintf("could not raise the request on behalf of %q (%v); it was raised as you instead", req.RaiseOnBehalfOf, err))
			req.RaiseOnBehalfOf = ""
			mode = "created_as_agent_fallback"
			created, err = c.Jira().CreateRequest(ctx, req)
		}
		if err != nil {
			return nil, err
		}
		return simplifyCustomerRequest(c, created, in.ServiceDeskID, mode, strings.TrimSpace(in.RaiseOnBehalfOf), participants, warnings), nil
	})
}

// parseFieldValues reads request_field_values: a JSON object by field id.
func parseFieldValues(raw string) (map[string]any, error) {
	var values map[string]any
	if err := json.Unmarshal([]byte(raw), &values); err != nil || values == nil {
		return nil, tool.BadInput("request_field_values must be a JSON object by field id, e.g. {\"summary\": \"Access issue\", \"description\": \"Cannot log in\"}")
	}
	return values, nil
}

// requestFieldValues checks values against the request type's fields:
// required fields must be given, select fields take one of their allowed
// values (by id, value or label) and multi-value fields a list.
func requestFieldValues(fields []map[string]any, values map[string]any) (map[string]any, error) {
	var missing []string
	byID := map[string]map[string]any{}
	for _, f := range fields {
		id := str(f["fieldId"])
		byID[id] = f
		if f["required"] == true && f["visible"] != false && emptyValue(values[id]) {
			missing = append(missing, fmt.Sprintf("%s (%s)", str(f["name"]), id))
		}
	}
	if len(missing) > 0 {
		return nil, tool.BadInput("request_field_values lacks the required fields %s: see jira_get_request_type_fields", strings.Join(missing, ", "))
	}
	out := map[string]any{}
	for id, v := range values {
		if emptyValue(v) {
			continue
		}
		f, known := byID[id]
		if !known {
			out[id] = v
			continue
		}
		formatted, err := requestFieldValue(f, v)
		if err != nil {
			return nil, err
		}
		out[id] = formatted
	}
	return out, nil
}

func emptyValue(v any) bool {
	switch t := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(t) == ""
	case []any:
		return len(t) == 0
	case map[string]any:
		return len(t) == 0
	}
	return false
}

// requestFieldValue shapes one value for its field.
func requestFieldValue(f map[string]any, v any) (any, error) {
	schema, _ := f["jiraSchema"].(map[string]any)
	// A field with valid values (select lists, priority, …) takes one of
	// them by id.
	options := asSlice(f["validValues"])
	if str(schema["type"]) != "array" {
		if len(options) > 0 {
			return matchOption(f, options, v)
		}
		return v, nil
	}
	items := fieldItems(v)
	if len(options) == 0 {
		return items, nil
	}
	out := make([]any, len(items))
	for i, it := range items {
		o, err := matchOption(f, options, it)
		if err != nil {
			return nil, err
		}
		out[i] = o
	}
	return out, nil
}

// matchOption finds v among a select field's valid values ({value,
// label}) by id/value or label, in any case, and answers {"id": value}.
func matchOption(f map[string]any, options []any, v any) (any, error) {
	var want []string
	switch t := v.(type) {
	case map[string]any:
		for _, k := range []string{"id", "value", "label", "name"} {
			if s := idString(t[k]); s != "" {
				want = append(want, s)
			}
		}
	default:
		want = append(want, strings.TrimSpace(idString(v)))
	}
	var labels []string
	for _, o := range options {
		m, _ := o.(map[string]any)
		value, label := idString(m["value"]), str(m["label"])
		labels = append(labels, label)
		for _, w := range want {
			if w != "" && (strings.EqualFold(w, value) || strings.EqualFold(w, label)) {
				return map[string]any{"id": value}, nil
			}
		}
	}
	return nil, tool.BadInput("request_field_values: %q is not an allowed value of %s (%s); use one of: %s",
		strings.Join(want, "/"), str(f["name"]), str(f["fieldId"]), strings.Join(labels, ", "))
}

// onBehalfRefused tells a refusal of raiseOnBehalfOf (unknown customer,
// no permission) from other failures, by status and message.
func onBehalfRefused(err error) bool {
	var ae *atlassian.APIError
	if !errors.As(err, &ae) || (ae.StatusCode != http.StatusBadRequest && ae.StatusCode != http.StatusForbidden) {
		return false
	}
	msg := strings.ToLower(strings.Join(ae.Messages, " "))
	for _, marker := range []string{"raiseonbehalfof", "on behalf", "unknown user", "user does not exist", "invalid customer", "customer account", "permission to raise"} {
		if strings.Contains(msg, marker) {
			return true
		}
	}
	return false
}

func simplifyCustomerRequest(c *tool.Call, m map[string]any, deskID, mode, onBehalf string, participants, warnings []string) map[string]any {
	key := str(m["issueKey"])
	out := map[string]any{"request_id": idString(m["issueId"]), "request_key": key, "created_mode": mode}
	if links, ok := m["_links"].(map[string]any); ok && str(links["web"]) != "" {
		out["portal_url"] = str(links["web"])
	} else {
		out["portal_url"] = strings.TrimSuffix(c.BaseURL(), "/") + "/servicedesk/customer/portal/" + deskID + "/" + key
	}
	if summary := createdFieldValue(m, "summary"); summary != nil {
		out["summary"] = summary
	}
	if status, ok := m["currentStatus"].(map[string]any); ok {
		out["status"] = str(status["status"])
	}
	if onBehalf != "" {
		out["on_behalf_user"] = onBehalf
	}
	if len(participants) > 0 {
		out["request_participants"] = participants
	}
	if len(warnings) > 0 {
		out["warnings"] = warnings
	}
	return out
}

// createdFieldValue is the value of one field of a created request's
// requestFieldValues list.
func createdFieldValue(m map[string]any, fieldID string) any {
	for _, f := range asSlice(m["requestFieldValues"]) {
		if fm, ok := f.(map[string]any); ok && str(fm["fieldId"]) == fieldID {
			return fm["value"]
		}
	}
	return nil
}
