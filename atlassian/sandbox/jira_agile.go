package sandbox

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Jira Software's agile API (/rest/agile/1.0, the same on Cloud and
// Server/DC): boards over a project's issues, and sprints on scrum boards.
// Sprint membership lives on the sprint, so an issue keeps the closed
// sprints it was in and has at most one open (future or active) sprint.

var jiraAgileRoutes = routeTable{
	product: atlassian.Jira, cloudRoot: "/rest/agile/1.0", dcRoots: []string{"/rest/agile/1.0"},
	routes: []route{
		{method: "GET", path: "/board", cloud: "getAllBoards", dc: "getAllBoards", handle: (*call).listBoards},
		{method: "GET", path: "/board/{boardId}/issue", cloud: "getIssuesForBoard", dc: "getIssuesForBoard", handle: (*call).boardIssues},
		{method: "GET", path: "/board/{boardId}/sprint", cloud: "getAllSprints", dc: "getAllSprints", handle: (*call).boardSprints},
		{method: "POST", path: "/sprint", cloud: "createSprint", dc: "createSprint", handle: (*call).createSprint},
		{method: "POST", path: "/sprint/{sprintId}", cloud: "partiallyUpdateSprint", dc: "partiallyUpdateSprint", handle: (*call).updateSprint},
		{method: "POST", path: "/sprint/{sprintId}/issue", cloud: "moveIssuesToSprintAndRank", dc: "moveIssuesToSprint", handle: (*call).moveToSprint},
		{method: "POST", path: "/backlog/issue", cloud: "moveIssuesToBacklog", dc: "moveIssuesToBacklog", handle: (*call).moveToBacklog},
	},
}

func init() { routeTables = append(routeTables, &jiraAgileRoutes) }

type jBoard struct {
	id      int
	name    string
	typ     string // scrum or kanban
	project *jProject
}

type jSprint struct {
	id                         int
	name, state, goal          string
	board                      *jBoard
	start, end, complete, made *time.Time
	issues                     []*jIssue
}

func (s *jSprint) open() bool { return s.state != "closed" }

type agileStore struct {
	boards       *collection[*jBoard]
	sprints      *collection[*jSprint]
	nextSprintID int
}

// agileSeed is seed/jira_agile.json; dates are days from jiraSeedBase.
type agileSeed struct {
	Boards []struct {
		ID      int    `json:"id"`
		Name    string `json:"name"`
		Type    string `json:"type"`
		Project string `json:"project"`
	} `json:"boards"`
	Sprints []struct {
		ID       int      `json:"id"`
		Board    int      `json:"board"`
		Name     string   `json:"name"`
		State    string   `json:"state"`
		Goal     string   `json:"goal"`
		Start    *int     `json:"start"`
		End      *int     `json:"end"`
		Complete *int     `json:"complete"`
		Issues   []string `json:"issues"`
	} `json:"sprints"`
}

// agileState is the agile half of the store, seeded on first use.
func (st *jiraStore) agileState() *agileStore {
	if st.agile != nil {
		return st.agile
	}
	ag := &agileStore{
		boards:       newCollection(func(b *jBoard) string { return strconv.Itoa(b.id) }, nil),
		sprints:      newCollection(func(s *jSprint) string { return strconv.Itoa(s.id) }, func(s *jSprint) string { return s.name }),
		nextSprintID: 100,
	}
	var seed agileSeed
	loadSeed("jira_agile.json", &seed)
	day := func(n *int) *time.Time {
		if n == nil {
			return nil
		}
		t := jiraSeedBase.AddDate(0, 0, *n)
		return &t
	}
	for _, b := range seed.Boards {
		ag.boards.add(&jBoard{id: b.ID, name: b.Name, typ: b.Type, project: st.projects.find(b.Project)})
	}
	for _, s := range seed.Sprints {
		sp := &jSprint{id: s.ID, name: s.Name, state: s.State, goal: s.Goal, board: ag.boards.get(strconv.Itoa(s.Board)),
			start: day(s.Start), end: day(s.End), complete: day(s.Complete)}
		sp.made = sp.start
		for _, k := range s.Issues {
			sp.issues = append(sp.issues, st.issues.find(k))
		}
		ag.sprints.add(sp)
	}
	st.agile = ag
	return ag
}

// sprintsOf are the sprints an issue is or was in.
func (ag *agileStore) sprintsOf(is *jIssue) []*jSprint {
	return ag.sprints.where(func(s *jSprint) bool { return slices.Contains(s.issues, is) })
}

// sprintJQLField is JQL's sprint field: ids or names, and the
// openSprints(), closedSprints() and futureSprints() functions.
func (st *jiraStore) sprintJQLField(notExist func(v, field string) string) *jqlField {
	ag := st.agileState()
	byState := func(states ...string) func([]string) []string {
		return func([]string) []string {
			var ids []string
			for _, s := range ag.sprints.where(func(s *jSprint) bool { return slices.Contains(states, s.state) }) {
				ids = append(ids, strconv.Itoa(s.id))
			}
			return ids
		}
	}
	return &jqlField{
		values: func(is *jIssue) []string {
			var ids []string
			for _, s := range ag.sprintsOf(is) {
				ids = append(ids, strconv.Itoa(s.id))
			}
			return ids
		},
		resolve: func(v string) (string, bool) {
			s := ag.sprints.find(v)
			return idOf(s != nil, func() string { return strconv.Itoa(s.id) })
		},
		unknown: notExist,
		funcs: map[string]func([]string) []string{
			"opensprints": byState("active", "future"), "closedsprints": byState("closed"), "futuresprints": byState("future"),
		},
	}
}

// --- answers ---

func agileTime(t *time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z07:00") }

func (c *call) agileBase() string { return c.base + "/rest/agile/1.0" }

func (c *call) boardJSON(b *jBoard) map[string]any {
	m := map[string]any{"id": b.id, "self": c.agileBase() + "/board/" + strconv.Itoa(b.id), "name": b.name, "type": b.typ}
	if c.cloud && b.project != nil {
		pid, _ := strconv.Atoi(b.project.id)
		m["location"] = map[string]any{"projectId": pid, "projectKey": b.project.key, "projectName": b.project.name,
			"displayName": b.project.name + " (" + b.project.key + ")", "projectTypeKey": "software", "name": b.project.name + " (" + b.project.key + ")"}
	}
	return m
}

func (c *call) sprintJSON(s *jSprint) map[string]any {
	m := map[string]any{"id": s.id, "self": c.agileBase() + "/sprint/" + strconv.Itoa(s.id), "state": s.state, "name": s.name,
		"originBoardId": s.board.id}
	if s.goal != "" {
		m["goal"] = s.goal
	}
	for k, t := range map[string]*time.Time{"startDate": s.start, "endDate": s.end, "completeDate": s.complete, "createdDate": s.made} {
		if t != nil {
			m[k] = agileTime(t)
		}
	}
	return m
}

// agilePage is the envelope of agile lists: values, startAt, maxResults,
// total and isLast.
func agilePage(values []any, startAt, maxResults, total int) map[string]any {
	m := jiraPage("values", values, startAt, maxResults, total)
	m["isLast"] = startAt+len(values) >= total
	return m
}

func (c *call) findBoard() *jBoard {
	b := c.jira.agileState().boards.get(c.r.PathValue("boardId"))
	if b == nil {
		c.fail(http.StatusNotFound, "Board does not exist or you do not have permission to see it.")
	}
	return b
}

func (c *call) findSprint() *jSprint {
	s := c.jira.agileState().sprints.get(c.r.PathValue("sprintId"))
	if s == nil {
		c.fail(http.StatusNotFound, "Sprint does not exist or you do not have permission to see it.")
	}
	return s
}

func (c *call) listBoards() {
	startAt, maxResults, ok := c.pageParams(50)
	if !ok {
		return
	}
	q := c.r.URL.Query()
	name, typ, project := strings.ToLower(q.Get("name")), q.Get("type"), q.Get("projectKeyOrId")
	boards := c.jira.agileState().boards.where(func(b *jBoard) bool {
		return (name == "" || strings.Contains(strings.ToLower(b.name), name)) &&
			(typ == "" || slices.Contains(strings.Split(typ, ","), b.typ)) &&
			(project == "" || b.project.id == project || strings.EqualFold(b.project.key, project))
	})
	maxResults = min(max(maxResults, 1), 50)
	values := []any{}
	for _, b := range window(boards, startAt, maxResults) {
		values = append(values, c.boardJSON(b))
	}
	c.json(http.StatusOK, agilePage(values, startAt, maxResults, len(boards)))
}

func (c *call) boardIssues() {
	b := c.findBoard()
	if b == nil {
		return
	}
	startAt, maxResults, ok := c.pageParams(50)
	if !ok {
		return
	}
	q := c.r.URL.Query()
	match := func(*jIssue) bool { return true }
	if jql := strings.TrimSpace(q.Get("jql")); jql != "" {
		plan, errs := c.jira.jqlCompile(jql, c.user)
		if len(errs) > 0 {
			c.failMessages(http.StatusBadRequest, errs)
			return
		}
		match = plan.match
	}
	found := c.jira.issues.where(func(is *jIssue) bool { return is.project == b.project && match(is) })
	maxResults = min(max(maxResults, 1), 50)
	fieldIDs := c.jira.selectFields(q["fields"], "*navigable")
	expand := expandSet(q["expand"]...)
	issues := []any{}
	for _, is := range window(found, startAt, maxResults) {
		issues = append(issues, c.issueJSON(is, fieldIDs, expand, nil, false))
	}
	c.json(http.StatusOK, map[string]any{"expand": "names,schema", "startAt": startAt, "maxResults": maxResults, "total": len(found), "issues": issues})
}

func (c *call) boardSprints() {
	b := c.findBoard()
	if b == nil {
		return
	}
	if b.typ != "scrum" {
		c.fail(http.StatusBadRequest, "The board does not support sprints")
		return
	}
	startAt, maxResults, ok := c.pageParams(50)
	if !ok {
		return
	}
	states := c.queryList("state")
	for _, s := range states {
		if s != "future" && s != "active" && s != "closed" {
			c.fail(http.StatusBadRequest, fmt.Sprintf("The sprint state '%s' is not valid. Valid states are: future, active, closed.", s))
			return
		}
	}
	sprints := c.jira.agileState().sprints.where(func(s *jSprint) bool {
		return s.board == b && (len(states) == 0 || slices.Contains(states, s.state))
	})
	maxResults = min(max(maxResults, 1), 50)
	values := []any{}
	for _, s := range window(sprints, startAt, maxResults) {
		values = append(values, c.sprintJSON(s))
	}
	c.json(http.StatusOK, agilePage(values, startAt, maxResults, len(sprints)))
}

// sprintDate reads a sprint date as Jira Software takes it: ISO 8601,
// with or without milliseconds and zone.
func sprintDate(v any) (*time.Time, bool) {
	s, ok := v.(string)
	if !ok {
		return nil, false
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000-0700", "2006-01-02T15:04:05-0700", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return &t, true
		}
	}
	return nil, false
}

func (c *call) createSprint() {
	b := c.body()
	if b == nil {
		return
	}
	name, _ := b["name"].(string)
	if strings.TrimSpace(name) == "" {
		c.failFields(http.StatusBadRequest, map[string]string{"name": "Sprint name is required."})
		return
	}
	boardID, ok := b["originBoardId"].(float64)
	board := c.jira.agileState().boards.get(strconv.Itoa(int(boardID)))
	if !ok || board == nil {
		c.failFields(http.StatusBadRequest, map[string]string{"originBoardId": "Board does not exist or you do not have permission to see it."})
		return
	}
	if board.typ != "scrum" {
		c.fail(http.StatusBadRequest, "The board does not support sprints")
		return
	}
	ag := c.jira.agileState()
	now := c.jira.now()
	sp := &jSprint{id: ag.nextSprintID, name: name, state: "future", board: board, made: &now}
	if !c.applySprint(sp, b) {
		return
	}
	ag.nextSprintID++
	ag.sprints.add(sp)
	c.json(http.StatusCreated, c.sprintJSON(sp))
}

// applySprint sets the fields a create or partial update names; it has
// answered 400 when it returns false.
func (c *call) applySprint(sp *jSprint, b map[string]any) bool {
	errs := map[string]string{}
	work := *sp
	for k, v := range b {
		switch k {
		case "name":
			if s, ok := v.(string); ok && strings.TrimSpace(s) != "" {
				work.name = s
			} else {
				errs["name"] = "Sprint name is required."
			}
		case "goal":
			s, _ := v.(string)
			work.goal = s
		case "startDate", "endDate":
			t, ok := sprintDate(v)
			if !ok {
				errs[k] = "Invalid date format. Please enter the date in the ISO 8601 format."
			} else if k == "startDate" {
				work.start = t
			} else {
				work.end = t
			}
		case "state":
			s, _ := v.(string)
			switch {
			case s == sp.state:
			case sp.state == "future" && s == "active":
				work.state = s
			case sp.state == "active" && s == "closed":
				now := c.jira.now()
				work.state, work.complete = s, &now
			default:
				errs["state"] = fmt.Sprintf("A sprint cannot move from %s to %s.", sp.state, s)
			}
		case "originBoardId", "id", "self", "completeDate", "createdDate", "activatedDate", "autoStartStop", "synced":
		default:
			c.fail(http.StatusBadRequest, jiraBadPayload)
			return false
		}
	}
	if work.state == "active" && (work.start == nil || work.end == nil) {
		errs["state"] = "A sprint needs a start and an end date to start."
	}
	if work.start != nil && work.end != nil && !work.start.Before(*work.end) {
		errs["endDate"] = "The sprint end date must be after its start date."
	}
	if len(errs) > 0 {
		c.failFields(http.StatusBadRequest, errs)
		return false
	}
	*sp = work
	return true
}

func (c *call) updateSprint() {
	sp := c.findSprint()
	if sp == nil {
		return
	}
	b := c.body()
	if b == nil {
		return
	}
	if sp.state == "closed" {
		c.fail(http.StatusBadRequest, "A closed sprint cannot be updated.")
		return
	}
	if c.applySprint(sp, b) {
		c.json(http.StatusOK, c.sprintJSON(sp))
	}
}

// issueList reads the issues of an agile move body; it has answered 400
// or 404 when it returns nil.
func (c *call) issueList() []*jIssue {
	b := c.body()
	if b == nil {
		return nil
	}
	raw, ok := b["issues"].([]any)
	if !ok || len(raw) == 0 {
		c.failFields(http.StatusBadRequest, map[string]string{"issues": "At least one issue is required."})
		return nil
	}
	if len(raw) > 50 {
		c.fail(http.StatusBadRequest, "Cannot move more than 50 issues at once.")
		return nil
	}
	var out []*jIssue
	for _, v := range raw {
		k, _ := v.(string)
		is := c.jira.issues.find(k)
		if is == nil {
			c.fail(http.StatusBadRequest, fmt.Sprintf("Issue '%s' does not exist or you do not have permission to see it.", k))
			return nil
		}
		out = append(out, is)
	}
	return out
}

// leaveOpenSprints takes issues out of every future or active sprint.
func (ag *agileStore) leaveOpenSprints(issues []*jIssue) {
	for _, s := range ag.sprints.all() {
		if s.open() {
			s.issues = slices.DeleteFunc(s.issues, func(is *jIssue) bool { return slices.Contains(issues, is) })
		}
	}
}

func (c *call) moveToSprint() {
	sp := c.findSprint()
	if sp == nil {
		return
	}
	issues := c.issueList()
	if issues == nil {
		return
	}
	if !sp.open() {
		c.fail(http.StatusBadRequest, "Issues cannot be moved to a closed sprint.")
		return
	}
	ag := c.jira.agileState()
	ag.leaveOpenSprints(issues)
	sp.issues = append(sp.issues, issues...)
	c.w.WriteHeader(http.StatusNoContent)
}

func (c *call) moveToBacklog() {
	issues := c.issueList()
	if issues == nil {
		return
	}
	c.jira.agileState().leaveOpenSprints(issues)
	c.w.WriteHeader(http.StatusNoContent)
}
