package caddymodule_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

func init() {
	registerTour("servicedesk", serviceDeskTour)
	registerTour("forms", formsTour)
}

// serviceDeskTour drives the jira_service_desk tools and jira_add_comment's
// public parameter against the sandbox's service desk SD.
func serviceDeskTour(t *testing.T, cs *mcp.ClientSession, d atlassian.Deployment) {
	desk := mustCall(t, cs, "jira_get_service_desk_for_project", map[string]any{"project_key": "SD"}).obj(t)
	deskID, _ := dig(desk, "service_desk", "id").(string)
	if desk["project_key"] != "SD" || deskID == "" || dig(desk, "service_desk", "project_name") != "IT Service Desk" {
		t.Fatalf("service desk of SD = %v", desk)
	}
	none := mustCall(t, cs, "jira_get_service_desk_for_project", map[string]any{"project_key": "DEMO"}).obj(t)
	if v, ok := none["service_desk"]; !ok || v != nil {
		t.Errorf("DEMO has no service desk, got %v", none)
	}

	queues := mustCall(t, cs, "jira_get_service_desk_queues", map[string]any{"service_desk_id": deskID}).obj(t)
	qs := asList(queues["queues"])
	if len(qs) != 3 || queues["is_last_page"] != true || dig(qs, 0, "name") != "All open requests" {
		t.Fatalf("queues = %v", queues)
	}
	// SD-3 is done, so the open queue counts the three others.
	if dig(qs, 0, "issue_count") != float64(3) {
		t.Errorf("open queue count = %v, want 3", dig(qs, 0, "issue_count"))
	}
	paged := mustCall(t, cs, "jira_get_service_desk_queues", map[string]any{"service_desk_id": deskID, "start_at": 1, "limit": 1}).obj(t)
	if len(asList(paged["queues"])) != 1 || dig(paged, "queues", 0, "id") != "2" || paged["is_last_page"] != false {
		t.Errorf("queues page 2 = %v", paged)
	}
	mustFail(t, cs, "jira_get_service_desk_queues", map[string]any{"service_desk_id": deskID, "limit": 51}, "limit")
	mustFail(t, cs, "jira_get_service_desk_queues", map[string]any{"service_desk_id": "99"}, "99")

	incidents := mustCall(t, cs, "jira_get_queue_issues", map[string]any{"service_desk_id": deskID, "queue_id": "3"}).obj(t)
	issues := asList(incidents["issues"])
	if dig(incidents, "queue", "name") != "Incidents" || len(issues) != 2 || dig(issues, 0, "key") != "SD-2" ||
		dig(issues, 0, "issue_type", "name") != "Bug" || dig(issues, 0, "summary") == nil {
		t.Fatalf("incidents queue = %v", incidents)
	}
	mustFail(t, cs, "jira_get_queue_issues", map[string]any{"service_desk_id": deskID, "queue_id": "q1"}, "queue_id")

	types := mustCall(t, cs, "jira_get_request_types", map[string]any{"service_desk_id": deskID}).obj(t)
	rts := asList(types["request_types"])
	if len(rts) != 2 || dig(rts, 0, "name") != "Get IT help" || dig(rts, 0, "issue_type_id") == nil {
		t.Fatalf("request types = %v", types)
	}
	helpID := dig(rts, 0, "id").(string)

	fields := mustCall(t, cs, "jira_get_request_type_fields", map[string]any{"service_desk_id": deskID, "request_type_id": helpID}).obj(t)
	byID := map[string]any{}
	for _, f := range asList(fields["fields"]) {
		byID[dig(f, "field_id").(string)] = f
	}
	if dig(byID["summary"], "required") != true || len(asList(dig(byID["priority"], "valid_values"))) != 3 || fields["can_raise_on_behalf_of"] != true {
		t.Fatalf("request type fields = %v", fields)
	}

	// Raise a request for carol, with its urgency given by label.
	carol := "carol"
	if d == atlassian.Cloud {
		carol = "carol@example.com"
	}
	created := mustCall(t, cs, "jira_create_customer_request", map[string]any{
		"service_desk_id": deskID, "request_type_id": helpID, "raise_on_behalf_of": carol, "request_participants": `["` + carol + `", " "]`,
		"request_field_values": `{"summary": "Second monitor for the design team", "description": "Two 27-inch screens", "priority": "High"}`,
	}).obj(t)
	key, _ := created["request_key"].(string)
	if !strings.HasPrefix(key, "SD-") || created["created_mode"] != "created_on_behalf_of" || created["summary"] != "Second monitor for the design team" ||
		!slices.Equal(toStrings(created["request_participants"]), []string{carol}) ||
		!strings.Contains(fmt.Sprint(created["portal_url"]), "/servicedesk/customer/portal/"+deskID+"/"+key) {
		t.Fatalf("created request = %v", created)
	}
	issue := mustCall(t, cs, "jira_get_issue", map[string]any{"issue_key": key, "fields": "summary,priority,reporter"}).obj(t)
	if dig(issue, "priority", "name") != "High" || dig(issue, "reporter", "email") != "carol@example.com" {
		t.Errorf("request %s = %v, want priority High reported by Carol", key, issue)
	}
	// An unknown customer falls back to the caller unless strict.
	fallback := mustCall(t, cs, "jira_create_customer_request", map[string]any{
		"service_desk_id": deskID, "request_type_id": helpID, "raise_on_behalf_of": "nobody-here",
		"request_field_values": `{"summary": "Fallback request"}`,
	}).obj(t)
	if fallback["created_mode"] != "created_as_agent_fallback" || len(asList(fallback["warnings"])) != 1 {
		t.Errorf("fallback request = %v", fallback)
	}
	mustFail(t, cs, "jira_create_customer_request", map[string]any{
		"service_desk_id": deskID, "request_type_id": helpID, "raise_on_behalf_of": "nobody-here", "strict_on_behalf": true,
		"request_field_values": `{"summary": "Strict request"}`,
	}, "nobody-here")
	mustFail(t, cs, "jira_create_customer_request", map[string]any{
		"service_desk_id": deskID, "request_type_id": helpID, "request_field_values": `{"description": "no summary"}`,
	}, "summary")
	mustFail(t, cs, "jira_create_customer_request", map[string]any{
		"service_desk_id": deskID, "request_type_id": helpID, "request_field_values": `{"summary": "x", "priority": "Critical"}`,
	}, "Critical", "High")
	mustFail(t, cs, "jira_create_customer_request", map[string]any{
		"service_desk_id": deskID, "request_type_id": helpID, "request_field_values": `not json`,
	}, "request_field_values")
	mustFail(t, cs, "jira_create_customer_request", map[string]any{
		"service_desk_id": deskID, "request_type_id": helpID, "request_field_values": `{"summary": "x"}`, "request_participants": `["` + carol + `", 7]`,
	}, "request_participants[1] is a number")

	// Comments: public and internal through JSM; public=false elsewhere is a
	// regular comment; public=true elsewhere is refused.
	pub := mustCall(t, cs, "jira_add_comment", map[string]any{"issue_key": key, "body": "We have ordered the screens.", "public": true}).obj(t)
	internal := mustCall(t, cs, "jira_add_comment", map[string]any{"issue_key": key, "body": "Budget approved by **Alice**.", "public": false}).obj(t)
	if pub["public"] != true || internal["public"] != false || !strings.Contains(fmt.Sprint(internal["body"]), "**Alice**") || pub["id"] == "" {
		t.Errorf("JSM comments = %v / %v", pub, internal)
	}
	regular := mustCall(t, cs, "jira_add_comment", map[string]any{"issue_key": "DEMO-5", "body": "Internal by nature", "public": false}).obj(t)
	if _, ok := regular["public"]; ok || regular["body"] != "Internal by nature" {
		t.Errorf("public=false on a software project = %v, want a regular comment", regular)
	}
	mustFail(t, cs, "jira_add_comment", map[string]any{"issue_key": "DEMO-5", "body": "x", "public": true}, "service desk")
	// An issue of the service desk project that no customer raised has no
	// request: public=false is a regular comment there too, public=true is refused.
	plain := mustCall(t, cs, "jira_create_issue", map[string]any{"project_key": "SD", "summary": "Rack the new switch", "issue_type": "Task"}).obj(t)
	plainKey := fmt.Sprint(dig(plain, "issue", "key"))
	note := mustCall(t, cs, "jira_add_comment", map[string]any{"issue_key": plainKey, "body": "Done on Monday", "public": false}).obj(t)
	if _, ok := note["public"]; ok || note["body"] != "Done on Monday" {
		t.Errorf("public=false on %s (not a request) = %v, want a regular comment", plainKey, note)
	}
	mustFail(t, cs, "jira_add_comment", map[string]any{"issue_key": plainKey, "body": "x", "public": true}, "service desk")
	mustFail(t, cs, "jira_add_comment", map[string]any{"issue_key": key, "body": "x", "public": true, "visibility": `{"type": "group", "value": "jira-users"}`}, "visibility")
}

// formsTour drives the jira_forms tools; they are Cloud-only.
func formsTour(t *testing.T, cs *mcp.ClientSession, d atlassian.Deployment) {
	if d != atlassian.Cloud {
		return
	}
	list := mustCall(t, cs, "jira_get_issue_proforma_forms", map[string]any{"issue_key": "SD-1"}).obj(t)
	forms := asList(list["forms"])
	if list["count"] != float64(2) || dig(forms, 0, "name") != "Access request" || dig(forms, 1, "state", "status") != "s" {
		t.Fatalf("forms of SD-1 = %v", list)
	}
	formID := dig(forms, 0, "form_id").(string)
	empty := mustCall(t, cs, "jira_get_issue_proforma_forms", map[string]any{"issue_key": "DEMO-1"}).obj(t)
	if empty["count"] != float64(0) {
		t.Errorf("forms of DEMO-1 = %v", empty)
	}

	details := mustCall(t, cs, "jira_get_proforma_form_details", map[string]any{"issue_key": "SD-1", "form_id": formID}).obj(t)
	qs := asList(dig(details, "form", "fields"))
	if len(qs) != 5 || dig(qs, 0, "name") != "Which system needs access?" || dig(qs, 0, "value", "text") != "Staging VPN" ||
		dig(qs, 1, "type") != "SELECT" || dig(qs, 0, "required") != true {
		t.Fatalf("form details = %v", details)
	}
	mustFail(t, cs, "jira_get_proforma_form_details", map[string]any{"issue_key": "SD-1", "form_id": "00000000-0000-0000-0000-000000000000"}, "404")

	saved := mustCall(t, cs, "jira_update_proforma_form_answers", map[string]any{"issue_key": "SD-1", "form_id": formID, "answers": []any{
		map[string]any{"questionId": "2", "type": "SELECT", "value": "Write"},
		map[string]any{"questionId": "3", "type": "DATE", "value": "2026-12-01T10:00:00Z"},
		map[string]any{"questionId": "4", "type": "NUMBER", "value": 3},
	}}).obj(t)
	if saved["success"] != true || saved["updated_fields"] != float64(3) {
		t.Fatalf("update answers = %v", saved)
	}
	after := mustCall(t, cs, "jira_get_proforma_form_details", map[string]any{"issue_key": "SD-1", "form_id": formID}).obj(t)
	answered := asList(dig(after, "form", "fields"))
	if fmt.Sprint(dig(answered, 1, "value", "choices")) != "[2]" || dig(answered, 2, "value", "date") != "2026-12-01" || dig(answered, 3, "value", "text") != "3" {
		t.Errorf("answers after the update = %v", answered)
	}
	mustFail(t, cs, "jira_update_proforma_form_answers", map[string]any{"issue_key": "SD-1", "form_id": formID, "answers": []any{
		map[string]any{"questionId": "2", "type": "SELECT", "value": "Owner"}}}, "Owner", "Read")
	mustFail(t, cs, "jira_update_proforma_form_answers", map[string]any{"issue_key": "SD-1", "form_id": formID, "answers": []any{
		map[string]any{"questionId": "42", "type": "TEXT", "value": "x"}}}, "42")
	mustFail(t, cs, "jira_update_proforma_form_answers", map[string]any{"issue_key": "SD-1", "form_id": formID, "answers": []any{}}, "answers")
}
