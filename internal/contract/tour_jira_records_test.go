package contract_test

import "github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"

func init() { extraTours["jira_records"] = jiraRecordsTour }

// jiraRecordsTour visits project versions and components, the project
// picker, worklogs, issue links and remote links.
func jiraRecordsTour(tr *tourist, d atlassian.Deployment) {
	api, adf := "/rest/api/2", `"Logged by the contract tour."`
	if d == atlassian.Cloud {
		api = "/rest/api/3"
		adf = `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"Logged by the contract tour."}]}]}`
	}
	tr.ok("GET", api+"/project/DEMO/versions", "")
	tr.ok("GET", api+"/project/DEMO/components", "")
	v := tr.ok("POST", api+"/version", `{"project":"DEMO","name":"tour-1","startDate":"2026-01-05","releaseDate":"2026-02-27","description":"From the tour"}`)
	id := str(v, "id")
	tr.ok("GET", api+"/version/"+id, "")
	tr.ok("PUT", api+"/version/"+id, `{"released":true,"releaseDate":"2026-03-02"}`)
	tr.status(400, "POST", api+"/version", `{"project":"DEMO","name":"tour-1"}`)
	tr.status(404, "GET", api+"/version/999999", "")
	if d != atlassian.Cloud {
		tr.ok("GET", api+"/projects/picker?query=dem&maxResults=5", "")
	}

	tr.ok("GET", api+"/issue/DEMO-4/worklog", "")
	tr.ok("POST", api+"/issue/DEMO-4/worklog?adjustEstimate=new&newEstimate=2h",
		`{"timeSpent":"1h 30m","started":"2026-11-19T09:00:00.000+0000","comment":`+adf+`}`)
	tr.status(400, "POST", api+"/issue/DEMO-4/worklog", `{"timeSpent":"soon","started":"2026-11-19T09:00:00.000+0000"}`)

	tr.ok("GET", api+"/issueLinkType", "")
	tr.ok("POST", api+"/issueLink", `{"type":{"name":"Blocks"},"inwardIssue":{"key":"DEMO-5"},"outwardIssue":{"key":"DEMO-8"}}`)
	links := tr.ok("GET", api+"/issue/DEMO-8?fields=issuelinks", "")
	linkID := str(links, "fields", "issuelinks", 0, "id")
	tr.ok("GET", api+"/issueLink/"+linkID, "")
	tr.ok("DELETE", api+"/issueLink/"+linkID, "")
	tr.status(404, "GET", api+"/issueLink/"+linkID, "")

	tr.ok("GET", api+"/issue/DEMO-4/remotelink", "")
	tr.ok("POST", api+"/issue/DEMO-4/remotelink", `{"object":{"url":"https://example.com/tour","title":"Tour page"},"relationship":"mentions"}`)
	tr.status(400, "POST", api+"/issue/DEMO-4/remotelink", `{"object":{"url":"https://example.com/tour","title":" "}}`)
}
