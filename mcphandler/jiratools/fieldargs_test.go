package jiratools

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/jira"
)

// decoded is a JSON text as json.Unmarshal gives it to the tools.
func decoded(t *testing.T, text string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func jsonText(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestMultiValueFields: labels, components, versions and multi-selects
// take a JSON array or a comma-separated string alike, string items
// wrapped as the reference Jira takes; null stays null.
func TestMultiValueFields(t *testing.T) {
	var multiSelect jira.Field
	if err := json.Unmarshal([]byte(`{"id": "customfield_10100", "schema": {"type": "array", "items": "option"}}`), &multiSelect); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id    string
		field *jira.Field
		in    string
		want  string
	}{
		{"labels", nil, `"backend, ui,"`, `["backend","ui"]`},
		{"labels", nil, `["backend"]`, `["backend"]`},
		{"labels", nil, `null`, `null`},
		{"components", nil, `"API, Web"`, `[{"name":"API"},{"name":"Web"}]`},
		{"components", nil, `["API", {"id": "10"}]`, `[{"name":"API"},{"id":"10"}]`},
		{"components", nil, `""`, `[]`},
		{"fixVersions", nil, `{"name": "1.0"}`, `[{"name":"1.0"}]`},
		{"versions", nil, `null`, `null`},
		{"customfield_10100", &multiSelect, `["Red", {"id": "7"}]`, `[{"value":"Red"},{"id":"7"}]`},
		{"customfield_10100", &multiSelect, `"Red,Blue"`, `[{"value":"Red"},{"value":"Blue"}]`},
	} {
		got, err := fieldValue(t.Context(), nil, tc.id, tc.field, decoded(t, tc.in))
		if err != nil || jsonText(t, got) != tc.want {
			t.Errorf("fieldValue(%s, %s) = %s, %v; want %s", tc.id, tc.in, jsonText(t, got), err, tc.want)
		}
	}
}

// TestRequestFieldValue: a JSM field with valid values takes them by id,
// value or label, one or (for an array field) many; without valid values
// a multi-value field is split into its items.
func TestRequestFieldValue(t *testing.T) {
	options := `"validValues": [{"value": "1", "label": "High"}, {"value": "2", "label": "Low"}]`
	single := decoded(t, `{"fieldId": "priority", "name": "Priority", "jiraSchema": {"type": "priority"}, `+options+`}`).(map[string]any)
	multi := decoded(t, `{"fieldId": "customfield_1", "name": "Areas", "jiraSchema": {"type": "array"}, `+options+`}`).(map[string]any)
	free := decoded(t, `{"fieldId": "labels", "name": "Labels", "jiraSchema": {"type": "array"}}`).(map[string]any)
	text := decoded(t, `{"fieldId": "summary", "name": "Summary", "jiraSchema": {"type": "string"}}`).(map[string]any)
	for _, tc := range []struct {
		field    map[string]any
		in, want string
	}{
		{single, `"high"`, `{"id":"1"}`},
		{single, `{"label": "Low"}`, `{"id":"2"}`},
		{multi, `"High, 2"`, `[{"id":"1"},{"id":"2"}]`},
		{multi, `["Low"]`, `[{"id":"2"}]`},
		{multi, `{"value": "1"}`, `[{"id":"1"}]`},
		{free, `"a, b"`, `["a","b"]`},
		{free, `["a"]`, `["a"]`},
		{text, `"Access issue"`, `"Access issue"`},
	} {
		got, err := requestFieldValue(tc.field, decoded(t, tc.in))
		if err != nil || jsonText(t, got) != tc.want {
			t.Errorf("requestFieldValue(%s, %s) = %s, %v; want %s", tc.field["fieldId"], tc.in, jsonText(t, got), err, tc.want)
		}
	}
	for _, tc := range []struct {
		field map[string]any
		in    string
	}{{single, `"Critical"`}, {multi, `["High", "Critical"]`}} {
		_, err := requestFieldValue(tc.field, decoded(t, tc.in))
		if err == nil || !strings.Contains(err.Error(), "Critical") || !strings.Contains(err.Error(), "High, Low") {
			t.Errorf("requestFieldValue(%s, %s) error = %v; want one naming the value and the allowed ones", tc.field["fieldId"], tc.in, err)
		}
	}
}
