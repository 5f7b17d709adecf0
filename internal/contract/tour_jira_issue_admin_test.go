package contract_test

import (
	"net/url"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

func init() { extraTours["jira_issue_admin"] = jiraIssueAdminTour }

// jiraIssueAdminTour visits watchers, remote links, worklogs, assignment,
// assignable users, bulk create, comment edits and deletion on both
// deployments, and Cloud's field contexts, bulk changelogs and bulk move.
func jiraIssueAdminTour(tr *tourist, d atlassian.Deployment) {
	api, bob := "/rest/api/2", `{"name":"bob"}`
	who, bobID := "bob", "bob"
	if d == atlassian.Cloud {
		api, bob = "/rest/api/3", `{"accountId":"5b10a2844c20165700ede21b"}`
		who, bobID = "5b10a2844c20165700ede21b", "5b10a2844c20165700ede21b"
	}
	tr.ok("GET", api+"/issue/DEMO-4/watchers", "")
	tr.ok("POST", api+"/issue/DEMO-2/watchers", quote(who))
	tr.ok("DELETE", api+"/issue/DEMO-2/watchers?"+map[bool]string{true: "accountId=", false: "username="}[d == atlassian.Cloud]+url.QueryEscape(bobID), "")
	tr.ok("GET", api+"/issue/DEMO-4/remotelink", "")
	tr.ok("GET", api+"/issue/DEMO-4/worklog?startAt=0&maxResults=100", "")
	param := "username=bo"
	if d == atlassian.Cloud {
		param = "query=bo"
	}
	tr.ok("GET", api+"/user/assignable/search?"+param+"&project=DEMO&maxResults=5", "")

	summary := func(s string) string {
		return `{"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Task"},"summary":` + quote(s) + `}}`
	}
	created := tr.ok("POST", api+"/issue/bulk", `{"issueUpdates":[`+summary("Bulk one")+`,`+summary("Bulk two")+`]}`)
	one, two := str(created, "issues", 0, "key"), str(created, "issues", 1, "key")
	tr.ok("PUT", api+"/issue/"+one+"/assignee", bob)
	body := `{"body":"Edited by the tour."}`
	if d == atlassian.Cloud {
		body = `{"body":{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"Edited by the tour."}]}]}}`
	}
	cm := tr.ok("POST", api+"/issue/"+one+"/comment", body)
	tr.ok("PUT", api+"/issue/"+one+"/comment/"+str(cm, "id"), body)

	if d == atlassian.Cloud {
		contexts := tr.ok("GET", api+"/field/customfield_10020/context", "")
		tr.ok("GET", api+"/field/customfield_10020/context/"+str(contexts, "values", 0, "id")+"/option", "")
		tr.ok("POST", api+"/changelog/bulkfetch", `{"issueIdsOrKeys":[`+quote(one)+`,"DEMO-4"],"maxResults":100}`)
		task := tr.ok("POST", api+"/bulk/issues/move",
			`{"sendBulkNotification":false,"targetToSourcesMapping":{"OPS,10002":{"issueIdsOrKeys":[`+quote(two)+`],"inferClassificationDefaults":true,"inferFieldDefaults":true,"inferStatusDefaults":true,"inferSubtaskTypeDefault":true}}}`)
		tr.ok("GET", api+"/bulk/queue/"+str(task, "taskId"), "")
	}
	tr.ok("DELETE", api+"/issue/"+one+"?deleteSubtasks=true", "")
	tr.status(404, "GET", api+"/issue/"+one+"/watchers", "")
}
