package contract_test

import "github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"

func init() { extraTours["metrics"] = metricsTour }

// metricsTour reads what the metrics tools compute from: the statuses and
// an issue's dates with its changelog.
func metricsTour(tr *tourist, d atlassian.Deployment) {
	api := "/rest/api/2"
	if d == atlassian.Cloud {
		api = "/rest/api/3"
	}
	statuses := tr.ok("GET", api+"/status", "")
	if str(statuses, 0, "statusCategory", "key") == "" {
		tr.t.Errorf("statuses carry no category: %v", statuses)
	}
	tr.ok("GET", api+"/issue/DEMO-5?fields=status,created,updated,duedate,resolutiondate&expand=changelog", "")
}
