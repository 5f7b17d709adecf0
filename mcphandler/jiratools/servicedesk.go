package jiratools

import (
	"context"
	"fmt"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/jira"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// serviceDeskTools are the tools of mcp-atlassian's jira_service_desk
// toolset, in mcp-atlassian's order. mcp-atlassian refuses the three
// queue tools on Cloud; Jira Service Management Cloud serves the same
// endpoints, so here they work on both deployments.
func serviceDeskTools(d *Deps) []tool.Tool {
	return []tool.Tool{
		getServiceDeskForProject(d), getServiceDeskQueues(d), getQueueIssues(d),
		getRequestTypes(d), getRequestTypeFields(d), createCustomerRequest(d),
	}
}

// Service desk ids, queue ids and request type ids are numbers.
var numericID = tool.Param{Pattern: `^\d+$`, MaxLength: tool.Length(32), Hint: "expected a numeric id such as '4'"}

// deskPaging is the start_at/limit pair of the JSM lists (at most 50).
var deskPaging = map[string]tool.Param{
	"start_at": {Default: 0, Min: tool.Bound(0)},
	"limit":    {Default: 50, Min: tool.Bound(1), Max: tool.Bound(50)},
}

func getServiceDeskForProject(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_service_desk_for_project", Title: "Get Service Desk For Project", Product: atlassian.Jira, Toolset: "jira_service_desk",
		Description: "Get the Jira Service Management service desk of a project (its id is what the other service desk tools take).",
	}, func(ctx context.Context, c *tool.Call, in tool.ProjectRef) (any, error) {
		desk, err := c.Jira().ServiceDeskForProject(ctx, in.ProjectKey)
		if err != nil {
			return nil, err
		}
		out := map[string]any{"project_key": strings.ToUpper(in.ProjectKey), "service_desk": nil}
		if desk != nil {
			out["service_desk"] = simplifyServiceDesk(desk)
		}
		return out, nil
	})
}

type deskInput struct {
	ServiceDeskID string `json:"service_desk_id" jsonschema:"Service desk id, e.g. '4'"`
	StartAt       int    `json:"start_at,omitempty" jsonschema:"Index of the first result (0-based)"`
	Limit         int    `json:"limit,omitempty" jsonschema:"Maximum number of results (1-50)"`
}

func getServiceDeskQueues(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_service_desk_queues", Title: "Get Service Desk Queues", Product: atlassian.Jira, Toolset: "jira_service_desk",
		Description: "List the queues of a Jira Service Management service desk, with their issue counts.",
		Params:      tool.Params(deskPaging, map[string]tool.Param{"service_desk_id": numericID}),
	}, func(ctx context.Context, c *tool.Call, in deskInput) (any, error) {
		if err := checkDesk(ctx, c, in.ServiceDeskID); err != nil {
			return nil, err
		}
		page, err := c.Jira().Queues(ctx, in.ServiceDeskID, in.StartAt, in.Limit)
		if err != nil {
			return nil, err
		}
		out := sdPageResult(in.ServiceDeskID, page)
		out["queues"] = mapList(page.Values, simplifyQueue)
		return out, nil
	})
}

type queueIssuesInput struct {
	ServiceDeskID string `json:"service_desk_id" jsonschema:"Service desk id, e.g. '4'"`
	QueueID       string `json:"queue_id" jsonschema:"Queue id, e.g. '47'"`
	StartAt       int    `json:"start_at,omitempty" jsonschema:"Index of the first issue (0-based)"`
	Limit         int    `json:"limit,omitempty" jsonschema:"Maximum number of issues"`
}

func getQueueIssues(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_queue_issues", Title: "Get Queue Issues", Product: atlassian.Jira, Toolset: "jira_service_desk",
		Description: "List the issues in a Jira Service Management queue, in the queue's order.",
		// Unlike the other JSM lists, a queue's issues have no cap of 50.
		Params: map[string]tool.Param{
			"service_desk_id": numericID, "queue_id": numericID,
			"start_at": {Default: 0, Min: tool.Bound(0)}, "limit": {Default: 50, Min: tool.Bound(1)},
		},
	}, func(ctx context.Context, c *tool.Call, in queueIssuesInput) (any, error) {
		if err := checkDesk(ctx, c, in.ServiceDeskID); err != nil {
			return nil, err
		}
		queue, err := c.Jira().Queue(ctx, in.ServiceDeskID, in.QueueID)
		if err != nil {
			return nil, err
		}
		page, err := c.Jira().QueueIssues(ctx, in.ServiceDeskID, in.QueueID, in.StartAt, in.Limit)
		if err != nil {
			return nil, err
		}
		issues := make([]map[string]any, 0, len(page.Values))
		for _, raw := range page.Values {
			is := jira.Issue{ID: str(raw["id"]), Key: str(raw["key"])}
			is.Fields, _ = raw["fields"].(map[string]any)
			issues = append(issues, simplifyIssue(c, &is, false))
		}
		out := sdPageResult(in.ServiceDeskID, page)
		out["queue_id"] = in.QueueID
		out["queue"] = simplifyQueue(queue)
		out["issues"] = issues
		return out, nil
	})
}

func getRequestTypes(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_request_types", Title: "Get Request Types", Product: atlassian.Jira, Toolset: "jira_service_desk",
		Description: "List the request types customers can raise on a Jira Service Management service desk.",
		Params:      tool.Params(deskPaging, map[string]tool.Param{"service_desk_id": numericID}),
	}, func(ctx context.Context, c *tool.Call, in deskInput) (any, error) {
		if err := checkDesk(ctx, c, in.ServiceDeskID); err != nil {
			return nil, err
		}
		page, err := c.Jira().RequestTypes(ctx, in.ServiceDeskID, in.StartAt, in.Limit)
		if err != nil {
			return nil, err
		}
		out := sdPageResult(in.ServiceDeskID, page)
		out["request_types"] = mapList(page.Values, simplifyRequestType)
		return out, nil
	})
}

type requestTypeInput struct {
	ServiceDeskID string `json:"service_desk_id" jsonschema:"Service desk id, e.g. '4'"`
	RequestTypeID string `json:"request_type_id" jsonschema:"Request type id, e.g. '23'"`
}

func getRequestTypeFields(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_request_type_fields", Title: "Get Request Type Fields", Product: atlassian.Jira, Toolset: "jira_service_desk",
		Description: "Get the fields a Jira Service Management request type asks for: ids, required, allowed values.",
		Params:      map[string]tool.Param{"service_desk_id": numericID, "request_type_id": numericID},
	}, func(ctx context.Context, c *tool.Call, in requestTypeInput) (any, error) {
		if err := checkDesk(ctx, c, in.ServiceDeskID); err != nil {
			return nil, err
		}
		rt, err := c.Jira().RequestTypeFields(ctx, in.ServiceDeskID, in.RequestTypeID)
		if err != nil {
			return nil, err
		}
		out := map[string]any{"service_desk_id": in.ServiceDeskID, "request_type_id": in.RequestTypeID,
			"fields": mapList(rt.Fields, simplifyRequestField)}
		if rt.CanRaiseOnBehalfOf != nil {
			out["can_raise_on_behalf_of"] = *rt.CanRaiseOnBehalfOf
		}
		if rt.CanAddRequestParticipants != nil {
			out["can_add_request_participants"] = *rt.CanAddRequestParticipants
		}
		return out, nil
	})
}

// checkDesk enforces the projects allow-list on a service desk by its
// project; without an allow-list it costs nothing.
func checkDesk(ctx context.Context, c *tool.Call, deskID string) error {
	if len(c.Filter) == 0 {
		return nil
	}
	desk, err := c.Jira().ServiceDesk(ctx, deskID)
	if err != nil {
		return fmt.Errorf("checking which project service desk %s serves: %w", deskID, err)
	}
	return c.CheckProject(str(desk["projectKey"]))
}

func sdPageResult(deskID string, page *jira.SDPage) map[string]any {
	return map[string]any{"service_desk_id": deskID, "start": page.Start, "limit": page.Limit,
		"size": page.Size, "is_last_page": page.IsLastPage}
}

func mapList(in []map[string]any, fn func(map[string]any) map[string]any) []map[string]any {
	out := make([]map[string]any, 0, len(in))
	for _, m := range in {
		out = append(out, fn(m))
	}
	return out
}

func simplifyServiceDesk(m map[string]any) map[string]any {
	out := map[string]any{"id": idString(m["id"]), "project_key": str(m["projectKey"]), "project_name": str(m["projectName"])}
	if id := idString(m["projectId"]); id != "" {
		out["project_id"] = id
	}
	if n := str(m["name"]); n != "" {
		out["name"] = n
	}
	return out
}

func simplifyQueue(m map[string]any) map[string]any {
	out := map[string]any{"id": idString(m["id"]), "name": str(m["name"])}
	if n, ok := m["issueCount"].(float64); ok {
		out["issue_count"] = int(n)
	}
	if jql := str(m["jql"]); jql != "" {
		out["jql"] = jql
	}
	if f := asSlice(m["fields"]); len(f) > 0 {
		out["fields"] = f
	}
	return out
}

func simplifyRequestType(m map[string]any) map[string]any {
	out := map[string]any{"id": idString(m["id"]), "name": str(m["name"])}
	for from, to := range map[string]string{"description": "description", "helpText": "help_text"} {
		if s := str(m[from]); s != "" {
			out[to] = s
		}
	}
	if id := idString(m["issueTypeId"]); id != "" {
		out["issue_type_id"] = id
	}
	if g := asSlice(m["groupIds"]); len(g) > 0 {
		out["group_ids"] = g
	}
	return out
}

func simplifyRequestField(m map[string]any) map[string]any {
	schema, _ := m["jiraSchema"].(map[string]any)
	out := map[string]any{"field_id": str(m["fieldId"]), "name": str(m["name"]),
		"required": m["required"] == true, "supports_multiple": str(schema["type"]) == "array"}
	if s := str(m["description"]); s != "" {
		out["description"] = s
	}
	if v, ok := m["visible"].(bool); ok {
		out["visible"] = v
	}
	if schema != nil {
		out["jira_schema"] = schema
	}
	if v := asSlice(m["validValues"]); len(v) > 0 {
		out["valid_values"] = v
	}
	if v := asSlice(m["defaultValues"]); len(v) > 0 {
		out["default_values"] = v
	}
	return out
}
