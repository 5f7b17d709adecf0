package jiratools

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/jira"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// worklogTools are the tools of mcp-atlassian's jira_worklog toolset that this server
// implements, in mcp-atlassian's order.
func worklogTools(d *Deps) []tool.Tool {
	return []tool.Tool{getWorklog(d), addWorklog(d)}
}

func getWorklog(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_worklog", Title: "Get Worklog", Product: atlassian.Jira, Toolset: "jira_worklog",
		Description: "Get the worklog entries of a Jira issue.",
	}, func(ctx context.Context, c *tool.Call, in tool.IssueRef) (any, error) {
		logs, err := c.Jira().IssueWorklogs(ctx, in.IssueKey)
		if err != nil {
			return nil, err
		}
		out := make([]map[string]any, 0, len(logs))
		for _, w := range logs {
			out = append(out, simplifyWorklog(w))
		}
		return map[string]any{"worklogs": out}, nil
	})
}

// simplifyWorklog is a worklog entry as mcp-atlassian shows it, with the
// comment as Markdown.
func simplifyWorklog(w map[string]any) map[string]any {
	author := "Unknown"
	if a, ok := w["author"].(map[string]any); ok && str(a["displayName"]) != "" {
		author = str(a["displayName"])
	}
	seconds, _ := w["timeSpentSeconds"].(float64)
	return map[string]any{
		"id": str(w["id"]), "comment": markdown(w["comment"]), "created": w["created"], "updated": w["updated"],
		"started": w["started"], "time_spent": str(w["timeSpent"]), "time_spent_seconds": int(seconds), "author": author,
	}
}

type addWorklogInput struct {
	tool.IssueRef
	TimeSpent         string `json:"time_spent" jsonschema:"Time spent in Jira format, e.g. '1h 30m', '1d', '30m'"`
	Comment           string `json:"comment,omitempty" jsonschema:"Comment in Markdown"`
	Started           string `json:"started,omitempty" jsonschema:"When the work started, ISO 8601, e.g. '2023-08-01T12:00:00.000+0000'; default now"`
	OriginalEstimate  string `json:"original_estimate,omitempty" jsonschema:"New original estimate, e.g. '2d'"`
	RemainingEstimate string `json:"remaining_estimate,omitempty" jsonschema:"New remaining estimate, e.g. '4h'"`
}

func addWorklog(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_add_worklog", Title: "Add Worklog", Product: atlassian.Jira, Toolset: "jira_worklog", Write: true, Destructive: true,
		Description: "Log work on a Jira issue, optionally setting its original and remaining estimates.",
		Params: map[string]tool.Param{
			"time_spent": durationParam, "original_estimate": durationParam, "remaining_estimate": durationParam,
			"started": {MaxLength: tool.Length(64)},
		},
	}, func(ctx context.Context, c *tool.Call, in addWorklogInput) (any, error) {
		w, err := newWorklog(c, in.TimeSpent, in.Started, in.Comment)
		if err != nil {
			return nil, err
		}
		if in.RemainingEstimate != "" {
			if w.RemainingEstimate, err = jiraDuration("remaining_estimate", in.RemainingEstimate); err != nil {
				return nil, err
			}
		}
		originalUpdated := false
		if in.OriginalEstimate != "" {
			original, err := jiraDuration("original_estimate", in.OriginalEstimate)
			if err != nil {
				return nil, err
			}
			if err := c.Jira().UpdateIssue(ctx, in.IssueKey, map[string]any{"timetracking": map[string]any{"originalEstimate": original}}, nil); err != nil {
				return nil, fmt.Errorf("setting the original estimate of %s (no work was logged): %w", in.IssueKey, err)
			}
			originalUpdated = true
		}
		added, err := c.Jira().AddWorklog(ctx, in.IssueKey, w)
		if err != nil {
			return nil, err
		}
		out := simplifyWorklog(added)
		out["original_estimate_updated"] = originalUpdated
		out["remaining_estimate_updated"] = w.RemainingEstimate != ""
		return map[string]any{"message": "Worklog added successfully", "worklog": out}, nil
	})
}

// durationParam is the schema of a Jira duration parameter.
var durationParam = tool.Param{MaxLength: tool.Length(64), Hint: "expected a Jira duration such as '1h 30m', '2d' or '45m'"}

// jiraDurationRE is a Jira duration: weeks, days, hours and minutes, each
// optional, in that order ("1w 2d 3h 30m", "90m", "1.5h").
var jiraDurationRE = regexp.MustCompile(`^(?:\d+(?:\.\d+)?w)?\s*(?:\d+(?:\.\d+)?d)?\s*(?:\d+(?:\.\d+)?h)?\s*(?:\d+m)?$`)

// jiraDuration checks a duration argument and returns it as Jira reads
// it. Jira itself turns days and weeks into seconds with the site's
// working day, so the text is passed on rather than converted here.
func jiraDuration(param, s string) (string, error) {
	d := strings.ToLower(strings.TrimSpace(s))
	if d == "" || !jiraDurationRE.MatchString(d) {
		return "", tool.BadInput("%s %q is not a Jira duration: use weeks, days, hours and minutes such as '1h 30m', '2d' or '45m'", param, s)
	}
	return d, nil
}

// worklogStartedLayouts are the timestamps accepted for started; Jira
// itself takes only its own (the first).
var worklogStartedLayouts = []string{
	"2006-01-02T15:04:05.000-0700", "2006-01-02T15:04:05-0700", time.RFC3339Nano, time.RFC3339,
	"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02",
}

// jiraStarted turns a started argument into Jira's timestamp; empty means
// now. Times without an offset are UTC.
func jiraStarted(s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return time.Now().UTC().Format("2006-01-02T15:04:05.000-0700"), nil
	}
	for _, layout := range worklogStartedLayouts {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t.Format("2006-01-02T15:04:05.000-0700"), nil
		}
	}
	return "", tool.BadInput("started %q is not an ISO 8601 time: use e.g. '2023-08-01T12:00:00.000+0000' or '2023-08-01T12:00:00Z'", s)
}

// newWorklog checks the arguments of one worklog entry and builds it in
// the site's dialect.
func newWorklog(c *tool.Call, timeSpent, started, comment string) (jira.NewWorklog, error) {
	var w jira.NewWorklog
	var err error
	if w.TimeSpent, err = jiraDuration("time_spent", timeSpent); err != nil {
		return w, err
	}
	if w.Started, err = jiraStarted(started); err != nil {
		return w, err
	}
	if comment != "" {
		if w.Comment, err = richText(c, "comment", comment); err != nil {
			return w, err
		}
	}
	return w, nil
}
