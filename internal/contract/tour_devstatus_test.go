package contract_test

import "github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"

func init() { extraTours["devstatus"] = devStatusTour }

// devStatusTour reads the development panel, which no document describes:
// the recorder lets it through as undocumented, and the tour checks the
// answers' shape itself.
func devStatusTour(tr *tourist, d atlassian.Deployment) {
	summary := tr.ok("GET", "/rest/dev-status/1.0/issue/summary?issueId=10003", "")
	if str(summary, "summary", "pullrequest", "byInstanceType", "github", "count") != "1" {
		tr.t.Errorf("dev summary of DEMO-4 = %v", summary)
	}
	detail := tr.ok("GET", "/rest/dev-status/1.0/issue/detail?issueId=10003&applicationType=GitHub&dataType=pullrequest", "")
	if str(detail, "detail", 0, "pullRequests", 0, "id") != "#42" {
		tr.t.Errorf("dev detail of DEMO-4 = %v", detail)
	}
	tr.status(400, "GET", "/rest/dev-status/1.0/issue/detail?issueId=DEMO-4&applicationType=GitHub", "")
}
