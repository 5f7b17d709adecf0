package caddymodule_test

import (
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

func init() { registerTour("development", developmentTour) }

// developmentTour reads the seeded development panel: a GitHub pull
// request, branch and commit on DEMO-4, a Bitbucket Server branch on
// DEMO-6, nothing on DEMO-5.
func developmentTour(t *testing.T, cs *mcp.ClientSession, d atlassian.Deployment) {
	info := mustCall(t, cs, "jira_get_issue_development_info", map[string]any{"issue_key": "DEMO-4"}).obj(t)
	if dig(info, "pullRequests", 0, "id") != "#42" || dig(info, "pullRequests", 0, "status") != "OPEN" ||
		dig(info, "pullRequests", 0, "source") != "DEMO-4-lockout-message" || dig(info, "pullRequests", 0, "reviewers", 0) != "alice" ||
		dig(info, "pullRequests", 0, "instance") != "GitHub" {
		t.Errorf("pull requests = %v", info["pullRequests"])
	}
	if len(asList(info["branches"])) != 1 || dig(info, "commits", 0, "displayId") != "9f1c2e4" ||
		dig(info, "commits", 0, "repository") != "example/demo-web" || len(asList(info["repositories"])) != 1 {
		t.Errorf("development info = %v", info)
	}
	branchesOnly := mustCall(t, cs, "jira_get_issue_development_info", map[string]any{"issue_key": "DEMO-4", "application_type": "GitHub", "data_type": "branch"}).obj(t)
	if len(asList(branchesOnly["branches"])) != 1 || len(asList(branchesOnly["pullRequests"])) != 0 || len(asList(branchesOnly["commits"])) != 0 {
		t.Errorf("branches only = %v", branchesOnly)
	}
	// applicationType is case-sensitive: "github" finds nothing.
	lower := mustCall(t, cs, "jira_get_issue_development_info", map[string]any{"issue_key": "DEMO-4", "application_type": "github"}).obj(t)
	if len(asList(lower["pullRequests"])) != 0 {
		t.Errorf("application_type github (lower case) = %v", lower)
	}

	many := mustCall(t, cs, "jira_get_issues_development_info", map[string]any{"issue_keys": "DEMO-4, DEMO-6, DEMO-5, DEMO-99999"}).list(t)
	if len(many) != 4 || dig(many[0], "issue_key") != "DEMO-4" || dig(many[1], "branches", 0, "name") != "feature/DEMO-6-cart" ||
		dig(many[1], "branches", 0, "instance") != "Bitbucket Server" || len(asList(dig(many[2], "branches"))) != 0 || dig(many[3], "error") == nil {
		t.Errorf("issues development info = %v", many)
	}
	mustFail(t, cs, "jira_get_issue_development_info", map[string]any{"issue_key": "DEMO-4", "data_type": "commit"}, "data_type")
	mustFail(t, cs, "jira_get_issues_development_info", map[string]any{"issue_keys": ","}, "issue_keys")
}
