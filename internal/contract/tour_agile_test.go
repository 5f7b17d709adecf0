package contract_test

import (
	"net/url"
	"strconv"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

func init() { extraTours["agile"] = agileTour }

// agileTour drives Jira Software's boards, sprints and backlog, the same
// API on both deployments.
func agileTour(tr *tourist, d atlassian.Deployment) {
	const ag = "/rest/agile/1.0"
	boards := tr.ok("GET", ag+"/board?projectKeyOrId=DEMO&type=scrum&startAt=0&maxResults=10", "")
	board := str(boards, "values", 0, "id")
	tr.ok("GET", ag+"/board/"+board+"/issue?jql="+url.QueryEscape("status != Done ORDER BY key")+"&fields=summary,status&startAt=0&maxResults=5&expand=version", "")
	tr.ok("GET", ag+"/board/"+board+"/sprint?state=active,future&startAt=0&maxResults=10", "")
	tr.status(404, "GET", ag+"/board/999/sprint", "")

	sprint := tr.status(201, "POST", ag+"/sprint",
		`{"name":"Tour sprint `+string(d)+`","originBoardId":`+board+`,"startDate":"2030-01-05T09:00:00.000Z","endDate":"2030-01-19T17:00:00.000Z","goal":"Tour"}`)
	id := str(sprint, "id")
	tr.ok("POST", ag+"/sprint/"+id, `{"goal":"Tour, updated","state":"active"}`)
	tr.status(400, "POST", ag+"/sprint/"+id, `{"state":"future"}`)
	tr.status(204, "POST", ag+"/sprint/"+id+"/issue", `{"issues":["DEMO-10","DEMO-11"]}`)
	tr.status(204, "POST", ag+"/backlog/issue", `{"issues":["DEMO-11"]}`)
	if _, err := strconv.Atoi(id); err != nil {
		tr.t.Errorf("created sprint id %q is not a number", id)
	}
}
