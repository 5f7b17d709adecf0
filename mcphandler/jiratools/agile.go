package jiratools

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/jira"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// agileTools are the tools of mcp-atlassian's jira_agile toolset, in
// mcp-atlassian's order.
func agileTools(d *Deps) []tool.Tool {
	return []tool.Tool{
		getAgileBoards(d), getBoardIssues(d), getSprintsFromBoard(d), getSprintIssues(d),
		createSprint(d), updateSprint(d), addIssuesToSprint(d), moveIssuesToBacklog(d),
	}
}

// agilePage is the paging of the agile list tools: mcp-atlassian caps
// them at 50 a call.
var agilePage = map[string]tool.Param{
	"start_at": {Default: 0, Min: tool.Bound(0)},
	"limit":    {Default: 10, Min: tool.Bound(1), Max: tool.Bound(50)},
}

type getAgileBoardsInput struct {
	BoardName  string `json:"board_name,omitempty" jsonschema:"Board name, matched in part"`
	ProjectKey string `json:"project_key,omitempty" jsonschema:"Jira project key, e.g. 'PROJ'"`
	BoardType  string `json:"board_type,omitempty" jsonschema:"Board type: 'scrum' or 'kanban'"`
	StartAt    int    `json:"start_at,omitempty" jsonschema:"Index of the first result (0-based)"`
	Limit      int    `json:"limit,omitempty" jsonschema:"Maximum number of results (1-50)"`
}

func getAgileBoards(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_agile_boards", Title: "Get Agile Boards", Product: atlassian.Jira, Toolset: "jira_agile",
		Description: "Get Jira agile boards by name, project key or type.",
		Params:      agilePage,
	}, func(ctx context.Context, c *tool.Call, in getAgileBoardsInput) (any, error) {
		if in.ProjectKey != "" {
			if err := c.CheckProject(in.ProjectKey); err != nil {
				return nil, err
			}
		}
		boards, err := c.Jira().Boards(ctx, jira.BoardQuery{Name: in.BoardName, ProjectKey: in.ProjectKey, Type: in.BoardType,
			StartAt: in.StartAt, Limit: max(in.Limit, 1)})
		if err != nil {
			return nil, err
		}
		out := []map[string]any{}
		for _, b := range boards {
			// With an allow-list, a board over another project is not shown.
			if p := boardProject(b); len(c.Filter) > 0 && p != "" && c.CheckProject(p) != nil {
				continue
			}
			out = append(out, map[string]any{"id": idString(b["id"]), "name": b["name"], "type": b["type"]})
		}
		return out, nil
	})
}

// boardProject is the key of the project a board's location names, if any.
func boardProject(b map[string]any) string {
	loc, _ := b["location"].(map[string]any)
	key, _ := loc["projectKey"].(string)
	return key
}

type getBoardIssuesInput struct {
	BoardID string `json:"board_id" jsonschema:"Board id, e.g. '1001'"`
	JQL     string `json:"jql" jsonschema:"JQL filter over the board's issues, e.g. 'status = \"In Progress\"'"`
	Fields  string `json:"fields,omitempty" jsonschema:"Comma-separated fields to return, '*all' for every field"`
	StartAt int    `json:"start_at,omitempty" jsonschema:"Index of the first result (0-based)"`
	Limit   int    `json:"limit,omitempty" jsonschema:"Maximum number of results (1-50)"`
	Expand  string `json:"expand,omitempty" jsonschema:"Jira expand options, e.g. 'changelog'"`
}

func getBoardIssues(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_board_issues", Title: "Get Board Issues", Product: atlassian.Jira, Toolset: "jira_agile",
		Description: "Get the issues of an agile board, filtered by JQL.",
		Params: tool.Params(agilePage, map[string]tool.Param{
			"board_id": {MaxLength: tool.Length(32), Pattern: `^\d+$`, Hint: "a numeric board id; jira_get_agile_boards lists them"},
			"jql":      {MaxLength: tool.Length(64 << 10)},
			"fields":   {Default: DefaultFields},
			"expand":   {Default: "version"},
		}),
	}, func(ctx context.Context, c *tool.Call, in getBoardIssuesInput) (any, error) {
		jql, err := tool.RestrictQuery(in.JQL, "project", c.Filter)
		if err != nil {
			return nil, tool.BadInput("jql: %v", err)
		}
		page, err := c.Jira().BoardIssues(ctx, in.BoardID, jira.SearchQuery{
			JQL: jql, Fields: fieldList(in.Fields), Expand: in.Expand,
			StartAt: in.StartAt, Limit: max(in.Limit, 1),
		})
		if err != nil {
			return nil, err
		}
		return searchResult(c, page), nil
	})
}

type getSprintsInput struct {
	BoardID string `json:"board_id" jsonschema:"Board id, e.g. '1000'"`
	State   string `json:"state,omitempty" jsonschema:"Sprint state: 'active', 'future' or 'closed'; all when omitted"`
	StartAt int    `json:"start_at,omitempty" jsonschema:"Index of the first result (0-based)"`
	Limit   int    `json:"limit,omitempty" jsonschema:"Maximum number of results (1-50)"`
}

func getSprintsFromBoard(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_sprints_from_board", Title: "Get Sprints from Board", Product: atlassian.Jira, Toolset: "jira_agile",
		Description: "Get the sprints of an agile board, optionally by state.",
		Params: tool.Params(agilePage, map[string]tool.Param{
			"board_id": {MaxLength: tool.Length(32), Pattern: `^\d+$`, Hint: "a numeric board id; jira_get_agile_boards lists them"},
		}),
	}, func(ctx context.Context, c *tool.Call, in getSprintsInput) (any, error) {
		for _, s := range tool.SplitList(in.State) {
			if !validSprintState(s) {
				return nil, tool.BadInput("state %q is not a sprint state; use active, future or closed", s)
			}
		}
		sprints, err := c.Jira().BoardSprints(ctx, in.BoardID, in.State, in.StartAt, max(in.Limit, 1))
		if err != nil {
			return nil, err
		}
		out := make([]map[string]any, 0, len(sprints))
		for _, s := range sprints {
			out = append(out, simplifySprint(s))
		}
		return out, nil
	})
}

type getSprintIssuesInput struct {
	SprintID string `json:"sprint_id" jsonschema:"Sprint id, e.g. '10001'"`
	Fields   string `json:"fields,omitempty" jsonschema:"Comma-separated fields to return, '*all' for every field"`
	StartAt  int    `json:"start_at,omitempty" jsonschema:"Index of the first result (0-based)"`
	Limit    int    `json:"limit,omitempty" jsonschema:"Maximum number of results (1-50)"`
}

// sprintIDParam is a sprint id: it ends up in JQL, so only digits pass.
var sprintIDParam = tool.Param{MaxLength: tool.Length(32), Pattern: `^\s*\d+\s*$`, Hint: "a numeric sprint id; jira_get_sprints_from_board lists them"}

func getSprintIssues(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_sprint_issues", Title: "Get Sprint Issues", Product: atlassian.Jira, Toolset: "jira_agile",
		Description: "Get the issues of a sprint.",
		Params: tool.Params(agilePage, map[string]tool.Param{
			"sprint_id": sprintIDParam,
			"fields":    {Default: DefaultFields},
		}),
	}, func(ctx context.Context, c *tool.Call, in getSprintIssuesInput) (any, error) {
		id, err := strconv.Atoi(strings.TrimSpace(in.SprintID))
		if err != nil {
			return nil, tool.BadInput("sprint_id %q must be an integer sprint id", in.SprintID)
		}
		jql, err := tool.RestrictQuery(fmt.Sprintf("sprint = %d", id), "project", c.Filter)
		if err != nil {
			return nil, err // balanced by construction
		}
		page, err := c.Jira().Search(ctx, jira.SearchQuery{
			JQL: jql, Fields: fieldList(in.Fields),
			StartAt: in.StartAt, Limit: max(in.Limit, 1),
		})
		if err != nil {
			return nil, err
		}
		return searchResult(c, page), nil
	})
}

type createSprintInput struct {
	BoardID   string `json:"board_id" jsonschema:"Board id, e.g. '1000'"`
	Name      string `json:"name" jsonschema:"Sprint name, e.g. 'Sprint 1'"`
	StartDate string `json:"start_date" jsonschema:"Start time, ISO 8601; not in the past"`
	EndDate   string `json:"end_date" jsonschema:"End time, ISO 8601; after the start"`
	Goal      string `json:"goal,omitempty" jsonschema:"Sprint goal"`
}

func createSprint(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_create_sprint", Title: "Create Sprint", Product: atlassian.Jira, Toolset: "jira_agile", Write: true,
		Description: "Create a sprint on an agile board.",
		Params: map[string]tool.Param{
			"board_id": {MaxLength: tool.Length(32), Pattern: `^\d+$`, Hint: "a numeric board id; jira_get_agile_boards lists them"},
		},
	}, func(ctx context.Context, c *tool.Call, in createSprintInput) (any, error) {
		if strings.TrimSpace(in.Name) == "" {
			return nil, tool.BadInput("name is empty: give the sprint a name such as 'Sprint 1'")
		}
		start, ok := parseISODate(in.StartDate)
		if !ok {
			return nil, tool.BadInput("start_date %q is not an ISO 8601 date or time, e.g. 2026-12-01T09:00:00.000+0000", in.StartDate)
		}
		if start.Before(time.Now()) {
			return nil, tool.BadInput("start_date %s is in the past; a new sprint starts now or later", in.StartDate)
		}
		end, ok := parseISODate(in.EndDate)
		if !ok {
			return nil, tool.BadInput("end_date %q is not an ISO 8601 date or time", in.EndDate)
		}
		if !start.Before(end) {
			return nil, tool.BadInput("start_date must be before end_date")
		}
		board, _ := strconv.Atoi(in.BoardID)
		sprint := map[string]any{"name": in.Name, "originBoardId": board, "startDate": in.StartDate, "endDate": in.EndDate}
		if in.Goal != "" {
			sprint["goal"] = in.Goal
		}
		created, err := c.Jira().CreateSprint(ctx, sprint)
		if err != nil {
			return nil, err
		}
		return simplifySprint(created), nil
	})
}

type updateSprintInput struct {
	SprintID  string `json:"sprint_id" jsonschema:"Sprint id, e.g. '10001'"`
	Name      string `json:"name,omitempty" jsonschema:"New name"`
	State     string `json:"state,omitempty" jsonschema:"New state: future, active or closed"`
	StartDate string `json:"start_date,omitempty" jsonschema:"New start time, ISO 8601"`
	EndDate   string `json:"end_date,omitempty" jsonschema:"New end time, ISO 8601"`
	Goal      string `json:"goal,omitempty" jsonschema:"New goal"`
}

func updateSprint(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_update_sprint", Title: "Update Sprint", Product: atlassian.Jira, Toolset: "jira_agile", Write: true, Destructive: true,
		Description: "Update a sprint: name, state, dates or goal; other fields stay as they are.",
		Params: map[string]tool.Param{
			"sprint_id": sprintIDParam,
			"state":     {Enum: []any{"future", "active", "closed"}},
		},
	}, func(ctx context.Context, c *tool.Call, in updateSprintInput) (any, error) {
		changes := map[string]any{}
		for key, v := range map[string]string{"name": in.Name, "state": in.State, "startDate": in.StartDate, "endDate": in.EndDate, "goal": in.Goal} {
			if v != "" {
				changes[key] = v
			}
		}
		if len(changes) == 0 {
			return nil, tool.BadInput("nothing to update: pass name, state, start_date, end_date or goal")
		}
		for _, p := range []struct{ name, v string }{{"start_date", in.StartDate}, {"end_date", in.EndDate}} {
			if _, ok := parseISODate(p.v); p.v != "" && !ok {
				return nil, tool.BadInput("%s %q is not an ISO 8601 date or time", p.name, p.v)
			}
		}
		updated, err := c.Jira().UpdateSprint(ctx, strings.TrimSpace(in.SprintID), changes)
		if err != nil {
			return nil, err
		}
		return simplifySprint(updated), nil
	})
}

type addIssuesToSprintInput struct {
	SprintID  string `json:"sprint_id" jsonschema:"Sprint id to add the issues to"`
	IssueKeys string `json:"issue_keys" jsonschema:"Comma-separated issue keys, e.g. 'PROJ-1,PROJ-2'"`
}

func addIssuesToSprint(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_add_issues_to_sprint", Title: "Add Issues to Sprint", Product: atlassian.Jira, Toolset: "jira_agile", Write: true, Destructive: true,
		Description: "Move issues into a sprint.",
		Params:      map[string]tool.Param{"sprint_id": sprintIDParam},
	}, func(ctx context.Context, c *tool.Call, in addIssuesToSprintInput) (any, error) {
		keys, err := checkedKeys(ctx, c, in.IssueKeys)
		if err != nil {
			return nil, err
		}
		if err := c.Jira().MoveToSprint(ctx, strings.TrimSpace(in.SprintID), keys); err != nil {
			return nil, err
		}
		return map[string]any{"message": fmt.Sprintf("Successfully added %d issue(s) to sprint", len(keys)), "sprint_id": in.SprintID, "issue_keys": keys}, nil
	})
}

type moveIssuesToBacklogInput struct {
	IssueKeys string `json:"issue_keys" jsonschema:"Comma-separated issue keys, e.g. 'PROJ-1,PROJ-2'"`
}

func moveIssuesToBacklog(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_move_issues_to_backlog", Title: "Move Issues to Backlog", Product: atlassian.Jira, Toolset: "jira_agile", Write: true,
		Description: "Move issues to the backlog, out of any future or active sprint.",
	}, func(ctx context.Context, c *tool.Call, in moveIssuesToBacklogInput) (any, error) {
		keys, err := checkedKeys(ctx, c, in.IssueKeys)
		if err != nil {
			return nil, err
		}
		if err := c.Jira().MoveToBacklog(ctx, keys); err != nil {
			return nil, err
		}
		return map[string]any{"message": fmt.Sprintf("Successfully moved %d issue(s) to backlog", len(keys)), "issue_keys": keys}, nil
	})
}

// maxAgileIssues is how many issues Jira Software moves in one call.
const maxAgileIssues = 50

// checkedKeys parses an issue_keys list and holds every key to the
// projects allow-list.
func checkedKeys(ctx context.Context, c *tool.Call, list string) ([]string, error) {
	keys := tool.SplitList(list)
	if len(keys) == 0 {
		return nil, tool.BadInput("issue_keys is empty: give comma-separated issue keys such as 'PROJ-1,PROJ-2'")
	}
	if len(keys) > maxAgileIssues {
		return nil, tool.BadInput("issue_keys names %d issues; Jira moves at most %d at once", len(keys), maxAgileIssues)
	}
	for _, k := range keys {
		if err := c.CheckIssue(ctx, k); err != nil {
			return nil, err
		}
	}
	return keys, nil
}

func validSprintState(s string) bool {
	switch strings.ToLower(s) {
	case "future", "active", "closed":
		return true
	}
	return false
}

// simplifySprint is mcp-atlassian's sprint: id, name, state, and goal and
// dates when set.
func simplifySprint(s map[string]any) map[string]any {
	out := map[string]any{"id": idString(s["id"]), "name": s["name"], "state": s["state"]}
	for from, to := range map[string]string{"goal": "goal", "startDate": "start_date", "endDate": "end_date"} {
		if v, ok := s[from].(string); ok && v != "" {
			out[to] = v
		}
	}
	return out
}

// searchResult is mcp-atlassian's search answer: total, start_at,
// max_results and the simplified issues.
func searchResult(c *tool.Call, page *jira.SearchPage) map[string]any {
	issues := make([]map[string]any, 0, len(page.Issues))
	for i := range page.Issues {
		issues = append(issues, simplifyIssue(c, &page.Issues[i], false))
	}
	out := map[string]any{"total": page.Total, "start_at": page.StartAt, "max_results": page.MaxResults, "issues": issues}
	if page.NextPageToken != "" {
		out["next_page_token"] = page.NextPageToken
	}
	return out
}

// fieldList is a fields argument as a list, mcp-atlassian's defaults when
// empty.
func fieldList(s string) []string {
	if f := tool.SplitList(s); len(f) > 0 {
		return f
	}
	return tool.SplitList(DefaultFields)
}

// idString writes a JSON id (a number in agile answers) as text.
func idString(v any) string {
	switch t := v.(type) {
	case float64:
		return strconv.FormatInt(int64(t), 10)
	case string:
		return t
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// isoLayouts are the ISO 8601 forms dates arrive in.
var isoLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.000-0700", "2006-01-02T15:04:05-0700", "2006-01-02T15:04:05.000Z0700",
	"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"}

// parseISODate reads an ISO 8601 date or time; without a zone it is UTC.
func parseISODate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range isoLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
