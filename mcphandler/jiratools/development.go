package jiratools

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/jira"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// developmentTools are the tools of mcp-atlassian's jira_development
// toolset, in mcp-atlassian's order. They read the development panel
// (the dev-status API): pull requests, branches, commits and repositories
// from connected source control.
func developmentTools(d *Deps) []tool.Tool {
	return []tool.Tool{getIssueDevelopmentInfo(d), getIssuesDevelopmentInfo(d)}
}

// devInfoInput names its issue without tool.IssueRef: developmentInfo
// checks the allow-list on the read it makes anyway, which the central
// check would repeat.
type devInfoInput struct {
	IssueKey        string `json:"issue_key" jsonschema:"Jira issue key, e.g. 'PROJ-123'"`
	ApplicationType string `json:"application_type,omitempty" jsonschema:"Source control type, case-sensitive: 'stash', 'bitbucket', 'GitHub', 'GitLab'; found automatically when omitted"`
	DataType        string `json:"data_type,omitempty" jsonschema:"Kind of data: 'pullrequest', 'branch' or 'repository'; all when omitted"`
}

func getIssueDevelopmentInfo(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_issue_development_info", Title: "Get Issue Development Info", Product: atlassian.Jira, Toolset: "jira_development",
		Description: "Get the pull requests, branches, commits and repositories linked to a Jira issue.",
	}, func(ctx context.Context, c *tool.Call, in devInfoInput) (any, error) {
		return developmentInfo(ctx, c, in.IssueKey, in.ApplicationType, in.DataType)
	})
}

type devInfosInput struct {
	IssueKeys       string `json:"issue_keys" jsonschema:"Comma-separated issue keys, e.g. 'PROJ-1,PROJ-2'"`
	ApplicationType string `json:"application_type,omitempty" jsonschema:"Source control type, case-sensitive: 'stash', 'bitbucket', 'GitHub', 'GitLab'"`
	DataType        string `json:"data_type,omitempty" jsonschema:"Kind of data: 'pullrequest', 'branch' or 'repository'"`
}

// maxDevIssues bounds one batch: each issue costs up to a dozen calls.
const maxDevIssues = 50

func getIssuesDevelopmentInfo(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_issues_development_info", Title: "Get Issues Development Info", Product: atlassian.Jira, Toolset: "jira_development",
		Description: "Get the development information (pull requests, branches, commits) of several Jira issues.",
	}, func(ctx context.Context, c *tool.Call, in devInfosInput) (any, error) {
		keys := tool.SplitList(in.IssueKeys)
		if len(keys) == 0 {
			return nil, tool.BadInput("issue_keys is empty: give comma-separated issue keys such as 'PROJ-1,PROJ-2'")
		}
		if len(keys) > maxDevIssues {
			return nil, tool.BadInput("issue_keys names %d issues; ask for at most %d at once", len(keys), maxDevIssues)
		}
		out := make([]map[string]any, 0, len(keys))
		for _, key := range keys {
			info, err := developmentInfo(ctx, c, key, in.ApplicationType, in.DataType)
			if err != nil {
				if ctx.Err() != nil {
					return nil, err
				}
				out = append(out, map[string]any{"issue_key": key, "error": err.Error(), "pullRequests": []any{}, "branches": []any{}, "commits": []any{}})
				continue
			}
			out = append(out, info)
		}
		return out, nil
	})
}

// devDataTypes are the kinds of development data, in the order read.
var devDataTypes = []string{"pullrequest", "branch", "repository"}

// commonAppTypes are asked when the summary cannot tell which source
// control an issue's data comes from (older Jira).
var commonAppTypes = []string{"stash", "bitbucket", "GitHub", "GitLab"}

// developmentInfo gathers an issue's development data across application
// and data types. A site without the dev-status plugin (404) or one that
// refuses it (403) gives empty lists and an error text, not a failure.
// It enforces the projects allow-list itself: a key outside it by its
// prefix is refused without a request, and the project the issue is in
// now is checked on the read it makes anyway.
func developmentInfo(ctx context.Context, c *tool.Call, key, appType, dataType string) (map[string]any, error) {
	if dataType != "" && !slices.Contains(devDataTypes, dataType) {
		return nil, tool.BadInput("data_type %q is not one of %s", dataType, strings.Join(devDataTypes, ", "))
	}
	if err := c.CheckProject(tool.ProjectOfKey(key)); err != nil {
		return nil, err
	}
	is, err := c.Jira().GetIssue(ctx, key, jira.IssueQuery{Fields: []string{"project"}})
	if err != nil {
		return nil, err
	}
	if err := c.CheckIssueFields(is); err != nil {
		return nil, err
	}
	dataTypes := devDataTypes
	if dataType != "" {
		dataTypes = []string{dataType}
	}
	appTypes := []string{appType}
	if appType == "" {
		appTypes = discoverAppTypes(ctx, c, is.ID, dataTypes)
	}
	info := &devInfo{out: map[string]any{"issue_key": key, "pullRequests": []any{}, "branches": []any{}, "commits": []any{}, "repositories": []any{}}}
	for _, app := range appTypes {
		for _, dt := range dataTypes {
			detail, err := c.Jira().DevDetail(ctx, is.ID, app, dt)
			if msg := devUnavailable(err); msg != "" {
				info.out["error"] = msg
				return info.out, nil
			}
			if err != nil {
				return nil, err
			}
			info.add(detail)
		}
	}
	return info.out, nil
}

// devUnavailable words the answers that mean "no development panel here".
func devUnavailable(err error) string {
	var ae *atlassian.APIError
	if !errors.As(err, &ae) {
		return ""
	}
	switch ae.StatusCode {
	case http.StatusNotFound:
		return "Development info is not available: the Jira dev-status plugin may not be installed on this instance."
	case http.StatusForbidden:
		return "Access denied to development info: check Jira permissions or the dev-status plugin configuration."
	}
	return ""
}

// discoverAppTypes reads which application types have data, from the
// summary; without a usable summary it falls back to the common ones.
func discoverAppTypes(ctx context.Context, c *tool.Call, issueID string, dataTypes []string) []string {
	summary, err := c.Jira().DevSummary(ctx, issueID)
	if err != nil {
		return commonAppTypes
	}
	sections, ok := summary["summary"].(map[string]any)
	if !ok {
		return commonAppTypes
	}
	casing := map[string]string{"github": "GitHub", "gitlab": "GitLab"}
	var found []string
	for _, dt := range dataTypes {
		section, _ := sections[dt].(map[string]any)
		byType, _ := section["byInstanceType"].(map[string]any)
		for app, s := range byType {
			if n, _ := pick(s, "count")["count"].(float64); n > 0 {
				if fixed, ok := casing[strings.ToLower(app)]; ok {
					app = fixed
				}
				if !slices.Contains(found, app) {
					found = append(found, app)
				}
			}
		}
	}
	slices.Sort(found)
	return found
}

// devInfo collects the detail answers into mcp-atlassian's lists.
type devInfo struct{ out map[string]any }

func (d *devInfo) push(list string, v any) { d.out[list] = append(d.out[list].([]any), v) }

func (d *devInfo) add(detail map[string]any) {
	for _, det := range asSlice(detail["detail"]) {
		dm, _ := det.(map[string]any)
		instance, _ := pick(dm["_instance"], "name")["name"].(string)
		if instance == "" {
			instance = "Unknown"
		}
		for _, pr := range asSlice(dm["pullRequests"]) {
			repo, _ := digJSON(pr, "source", "repository").(map[string]any)
			p := pullRequest(pr, member(repo, "name"), member(repo, "url"))
			p["instance"] = instance
			d.push("pullRequests", p)
		}
		for _, b := range asSlice(dm["branches"]) {
			d.push("branches", map[string]any{"name": member(b, "name"), "url": member(b, "url"), "createPullRequestUrl": member(b, "createPullRequestUrl"), "instance": instance})
		}
		for _, r := range asSlice(dm["repositories"]) {
			name, url := member(r, "name"), member(r, "url")
			if name == "" {
				name = "Unknown"
			}
			for _, cm := range asSlice(digJSON(r, "commits")) {
				d.push("commits", map[string]any{"id": member(cm, "id"), "displayId": member(cm, "displayId"), "message": member(cm, "message"),
					"author": member(digJSON(cm, "author"), "name"), "authorTimestamp": digJSON(cm, "authorTimestamp"), "url": member(cm, "url"),
					"repository": name, "repositoryUrl": url})
			}
			for _, pr := range asSlice(digJSON(r, "pullRequests")) {
				d.push("pullRequests", pullRequest(pr, name, url))
			}
			for _, b := range asSlice(digJSON(r, "branches")) {
				d.push("branches", map[string]any{"name": member(b, "name"), "url": member(b, "url"), "createPullRequestUrl": member(b, "createPullRequestUrl"),
					"repository": name, "repositoryUrl": url})
			}
			if name != "Unknown" {
				repo := map[string]any{"name": name, "url": url, "avatar": member(r, "avatar")}
				if !slices.ContainsFunc(d.out["repositories"].([]any), func(x any) bool { return member(x, "name") == name && member(x, "url") == url }) {
					d.push("repositories", repo)
				}
			}
		}
	}
}

func pullRequest(pr any, repo, repoURL string) map[string]any {
	var reviewers []string
	for _, r := range asSlice(digJSON(pr, "reviewers")) {
		reviewers = append(reviewers, member(r, "name"))
	}
	return map[string]any{"id": member(pr, "id"), "name": member(pr, "name"), "status": member(pr, "status"), "url": member(pr, "url"),
		"source": member(digJSON(pr, "source"), "branch"), "destination": member(digJSON(pr, "destination"), "branch"),
		"author": member(digJSON(pr, "author"), "name"), "reviewers": nonNil(reviewers), "lastUpdate": digJSON(pr, "lastUpdate"),
		"repository": repo, "repositoryUrl": repoURL}
}

// digJSON walks nested JSON objects by keys.
func digJSON(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// member is a string member of a JSON object, "" when absent.
func member(v any, key string) string {
	s, _ := digJSON(v, key).(string)
	return s
}
