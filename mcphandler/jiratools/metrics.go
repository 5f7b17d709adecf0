package jiratools

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/jira"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// metricTools are the tools of mcp-atlassian's jira_metrics toolset, in
// mcp-atlassian's order. Both are computed here from the issue's dates and
// changelog, as mcp-atlassian computes them (not Service Management's SLA
// API).
func metricTools(d *Deps) []tool.Tool {
	return []tool.Tool{getIssueDates(d), getIssueSLA(d)}
}

type issueDatesInput struct {
	tool.IssueRef
	IncludeStatusChanges *bool `json:"include_status_changes,omitempty" jsonschema:"Include the status change history with durations"`
	IncludeStatusSummary *bool `json:"include_status_summary,omitempty" jsonschema:"Include the total time spent in each status"`
}

func getIssueDates(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_issue_dates", Title: "Get Issue Dates", Product: atlassian.Jira, Toolset: "jira_metrics",
		Description: "Get an issue's dates (created, updated, due, resolved) and its status history with time in each status.",
		Params:      map[string]tool.Param{"include_status_changes": {Default: true}, "include_status_summary": {Default: true}},
	}, func(ctx context.Context, c *tool.Call, in issueDatesInput) (any, error) {
		changes, summary := in.IncludeStatusChanges == nil || *in.IncludeStatusChanges, in.IncludeStatusSummary == nil || *in.IncludeStatusSummary
		dates, err := readIssueDates(ctx, c, in.IssueKey, changes || summary)
		if err != nil {
			return nil, err
		}
		out := dates.base()
		if changes && len(dates.changes) > 0 {
			list := make([]map[string]any, len(dates.changes))
			for i, ch := range dates.changes {
				list[i] = ch.simplified(true)
			}
			out["status_changes"] = list
		}
		if summary {
			if s := dates.summary(); len(s) > 0 {
				list := make([]map[string]any, len(s))
				for i, e := range s {
					list[i] = map[string]any{"status": e.status, "total_duration_minutes": e.minutes,
						"total_duration_formatted": formatMinutes(e.minutes), "visit_count": e.visits}
				}
				out["status_summary"] = list
			}
		}
		return out, nil
	})
}

type issueSLAInput struct {
	tool.IssueRef
	Metrics          string `json:"metrics,omitempty" jsonschema:"Comma-separated metrics: cycle_time, lead_time, time_in_status, due_date_compliance, resolution_time, first_response_time (default cycle_time,time_in_status)"`
	WorkingHoursOnly *bool  `json:"working_hours_only,omitempty" jsonschema:"Count only working hours (JIRA_SLA_WORKING_*; default Mon-Fri 09:00-17:00 UTC)"`
	IncludeRawDates  bool   `json:"include_raw_dates,omitempty" jsonschema:"Include the raw dates the metrics were computed from"`
}

// slaMetrics are the metrics jira_get_issue_sla computes; defaultSLA are
// those it computes when asked for none (mcp-atlassian's JIRA_SLA_METRICS
// default).
var (
	slaMetrics = []string{"cycle_time", "lead_time", "time_in_status", "due_date_compliance", "resolution_time", "first_response_time"}
	defaultSLA = []string{"cycle_time", "time_in_status"}
)

func getIssueSLA(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_issue_sla", Title: "Get Issue SLA", Product: atlassian.Jira, Toolset: "jira_metrics",
		Description: "Calculate time metrics of an issue from its history: cycle and lead time, time in status, due date compliance, resolution and first response time.",
		Params:      map[string]tool.Param{"include_raw_dates": {Default: false}},
	}, func(ctx context.Context, c *tool.Call, in issueSLAInput) (any, error) {
		metrics := defaultSLA
		if len(d.SLA.Metrics) > 0 {
			metrics = d.SLA.Metrics
		}
		if in.Metrics != "" {
			metrics = nil
			for _, m := range tool.SplitList(strings.ToLower(in.Metrics)) {
				if !slices.Contains(slaMetrics, m) {
					return nil, tool.BadInput("metrics: %q is not a metric; use any of %s", m, strings.Join(slaMetrics, ", "))
				}
				metrics = append(metrics, m)
			}
		}
		dates, err := readIssueDates(ctx, c, in.IssueKey, true)
		if err != nil {
			return nil, err
		}
		working := d.SLA.WorkingHoursOnly
		if in.WorkingHoursOnly != nil {
			working = *in.WorkingHoursOnly
		}
		clk := clock{workingHours: working, cal: d.SLA.calendar()}
		now := time.Now().UTC()
		out := map[string]any{}
		for _, m := range metrics {
			switch m {
			case "cycle_time":
				out[m] = dates.cycleTime(clk)
			case "lead_time":
				out[m] = dates.leadTime(clk, now)
			case "time_in_status":
				out[m] = dates.timeInStatus(clk, now)
			case "due_date_compliance":
				out[m] = dates.dueDateCompliance()
			case "resolution_time":
				inProgress, err := inProgressStatuses(ctx, c)
				if err != nil {
					return nil, err
				}
				out[m] = dates.resolutionTime(clk, inProgress)
			case "first_response_time":
				out[m] = dates.firstResponse(clk)
			}
		}
		result := map[string]any{"issue_key": in.IssueKey, "metrics": out}
		if in.IncludeRawDates {
			raw := dates.base()
			delete(raw, "issue_key")
			changes := make([]map[string]any, len(dates.changes))
			for i, ch := range dates.changes {
				changes[i] = ch.simplified(false)
			}
			raw["status_changes"] = changes
			result["raw_dates"] = raw
		}
		return result, nil
	})
}

// issueDates are an issue's dates and its status history, the input of
// every metric.
type issueDates struct {
	key                             string
	created, updated, due, resolved *time.Time
	status                          string
	changes                         []statusChange
}

// statusChange is one stay in a status: exited is nil for the current one.
type statusChange struct {
	status          string
	entered, exited *time.Time
	by              string
}

func (ch statusChange) simplified(withDuration bool) map[string]any {
	m := map[string]any{"status": ch.status, "entered_at": isoTime(*ch.entered)}
	if ch.exited != nil {
		m["exited_at"] = isoTime(*ch.exited)
		if withDuration {
			mins := minutesBetween(*ch.entered, *ch.exited)
			m["duration_minutes"] = mins
			m["duration_formatted"] = formatMinutes(mins)
		}
	}
	if ch.by != "" {
		m["transitioned_by"] = ch.by
	}
	return m
}

// readIssueDates reads the dates and, with history, the changelog.
func readIssueDates(ctx context.Context, c *tool.Call, key string, history bool) (*issueDates, error) {
	q := jira.IssueQuery{Fields: []string{"status", "created", "updated", "duedate", "resolutiondate"}}
	if history {
		q.Expand = "changelog"
	}
	is, err := c.Jira().GetIssue(ctx, key, q)
	if err != nil {
		return nil, err
	}
	d := &issueDates{key: key, created: fieldTime(is.Fields["created"]), updated: fieldTime(is.Fields["updated"]),
		due: fieldTime(is.Fields["duedate"]), resolved: fieldTime(is.Fields["resolutiondate"])}
	if st, ok := is.Fields["status"].(map[string]any); ok {
		d.status, _ = st["name"].(string)
	}
	if history {
		d.changes = statusChanges(is.Changelog, d.created)
	}
	return d, nil
}

// statusChanges turns the changelog's status items into stays, oldest
// first; the stay in the first status starts at the issue's creation.
func statusChanges(changelog map[string]any, created *time.Time) []statusChange {
	type transition struct {
		from, to, by string
		at           time.Time
	}
	var ts []transition
	for _, h := range asSlice(changelog["histories"]) {
		hm, _ := h.(map[string]any)
		at := fieldTime(hm["created"])
		if at == nil {
			continue
		}
		by, _ := pick(hm["author"], "displayName")["displayName"].(string)
		for _, it := range asSlice(hm["items"]) {
			im, _ := it.(map[string]any)
			if f, _ := im["field"].(string); strings.EqualFold(f, "status") {
				from, _ := im["fromString"].(string)
				to, _ := im["toString"].(string)
				ts = append(ts, transition{from, to, by, *at})
			}
		}
	}
	slices.SortStableFunc(ts, func(a, b transition) int { return a.at.Compare(b.at) })
	var out []statusChange
	if created != nil && len(ts) > 0 && ts[0].from != "" {
		exit := ts[0].at
		out = append(out, statusChange{status: ts[0].from, entered: created, exited: &exit})
	}
	for i, t := range ts {
		if t.to == "" {
			continue
		}
		entered := t.at
		ch := statusChange{status: t.to, entered: &entered, by: t.by}
		if i+1 < len(ts) {
			exit := ts[i+1].at
			ch.exited = &exit
		}
		out = append(out, ch)
	}
	return out
}

func (d *issueDates) base() map[string]any {
	out := map[string]any{"issue_key": d.key}
	for k, t := range map[string]*time.Time{"created": d.created, "updated": d.updated, "due_date": d.due, "resolution_date": d.resolved} {
		if t != nil {
			out[k] = isoTime(*t)
		}
	}
	if d.status != "" {
		out["current_status"] = d.status
	}
	return out
}

type statusTotal struct {
	status          string
	minutes, visits int
}

// summary totals the finished stays per status, longest first; the
// current status counts a visit but no time.
func (d *issueDates) summary() []statusTotal {
	return d.totals(func(ch statusChange) (int, bool) {
		if ch.exited == nil {
			return 0, true
		}
		return minutesBetween(*ch.entered, *ch.exited), true
	})
}

func (d *issueDates) totals(minutes func(statusChange) (int, bool)) []statusTotal {
	var out []statusTotal
	for _, ch := range d.changes {
		m, ok := minutes(ch)
		if !ok {
			continue
		}
		i := slices.IndexFunc(out, func(t statusTotal) bool { return t.status == ch.status })
		if i < 0 {
			out = append(out, statusTotal{status: ch.status})
			i = len(out) - 1
		}
		out[i].minutes += m
		out[i].visits++
	}
	slices.SortStableFunc(out, func(a, b statusTotal) int { return b.minutes - a.minutes })
	return out
}

// A clock counts the minutes between two times: all of them, or working
// hours only, on the site's calendar (SLAConfig).
type clock struct {
	workingHours bool
	cal          SLAConfig // with its defaults filled in
}

func (k clock) minutes(from, to time.Time) int {
	if k.workingHours {
		return k.cal.workingMinutes(from, to)
	}
	return max(0, minutesBetween(from, to))
}

// workingMinutes counts the calendar's working minutes between two times,
// day by day in the calendar's time zone.
func (c SLAConfig) workingMinutes(from, to time.Time) int {
	if !to.After(from) {
		return 0
	}
	from, to = from.In(c.Location), to.In(c.Location)
	total := 0
	for day := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, c.Location); !day.After(to); day = day.AddDate(0, 0, 1) {
		if !slices.Contains(c.Days, day.Weekday()) {
			continue
		}
		start := later(day.Add(time.Duration(c.Start)*time.Minute), from)
		end := earlier(day.Add(time.Duration(c.End)*time.Minute), to)
		if end.After(start) {
			total += minutesBetween(start, end)
		}
	}
	return total
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func (d *issueDates) cycleTime(clk clock) map[string]any {
	switch {
	case d.created == nil:
		return map[string]any{"calculated": false, "reason": "No created date"}
	case d.resolved == nil:
		return map[string]any{"calculated": false, "reason": "Issue not resolved"}
	}
	return durationMetric(clk.minutes(*d.created, *d.resolved))
}

func (d *issueDates) leadTime(clk clock, now time.Time) map[string]any {
	if d.created == nil {
		return map[string]any{"value_minutes": 0, "formatted": "0m", "is_resolved": false}
	}
	end := now
	if d.resolved != nil {
		end = *d.resolved
	}
	m := clk.minutes(*d.created, end)
	return map[string]any{"value_minutes": m, "formatted": formatMinutes(m), "is_resolved": d.resolved != nil}
}

// timeInStatus is the time per status with its share; with working hours
// the current stay counts up to now, as mcp-atlassian does.
func (d *issueDates) timeInStatus(clk clock, now time.Time) map[string]any {
	totals := d.summary()
	if clk.workingHours {
		totals = d.totals(func(ch statusChange) (int, bool) {
			end := now
			if ch.exited != nil {
				end = *ch.exited
			}
			return clk.minutes(*ch.entered, end), true
		})
	}
	all := 0
	for _, t := range totals {
		all += t.minutes
	}
	statuses := make([]map[string]any, len(totals))
	for i, t := range totals {
		share := 0.0
		if all > 0 {
			share = math.Round(float64(t.minutes)/float64(all)*10000) / 100
		}
		statuses[i] = map[string]any{"status": t.status, "value_minutes": t.minutes, "formatted": formatMinutes(t.minutes),
			"percentage": share, "visit_count": t.visits}
	}
	return map[string]any{"statuses": statuses, "total_minutes": all}
}

// dueDateCompliance compares the resolution with the end of the due day.
func (d *issueDates) dueDateCompliance() map[string]any {
	switch {
	case d.due == nil:
		return map[string]any{"status": "no_due_date"}
	case d.resolved == nil:
		return map[string]any{"status": "not_resolved"}
	}
	y, mo, day := d.due.Date()
	endOfDue := time.Date(y, mo, day, 23, 59, 59, 0, d.resolved.Location())
	margin := minutesBetween(*d.resolved, endOfDue)
	if margin >= 0 {
		return map[string]any{"status": "met", "margin_minutes": margin, "formatted_margin": formatMinutes(margin) + " early"}
	}
	return map[string]any{"status": "missed", "margin_minutes": margin, "formatted_margin": formatMinutes(-margin) + " late"}
}

// resolutionTime runs from the first stay in an in-progress status to the
// resolution.
func (d *issueDates) resolutionTime(clk clock, inProgress func(string) bool) map[string]any {
	if d.resolved == nil {
		return map[string]any{"calculated": false, "reason": "Issue not resolved"}
	}
	for _, ch := range d.changes {
		if inProgress(ch.status) {
			return durationMetric(clk.minutes(*ch.entered, *d.resolved))
		}
	}
	return map[string]any{"calculated": false, "reason": "No 'In Progress' status found"}
}

// firstResponse runs from creation to the first transition.
func (d *issueDates) firstResponse(clk clock) map[string]any {
	if d.created == nil || len(d.changes) < 2 {
		return map[string]any{"calculated": false}
	}
	m := durationMetric(clk.minutes(*d.created, *d.changes[1].entered))
	m["response_type"] = "transition"
	return m
}

// inProgressStatuses tells whether a status is in the In Progress
// category, by the site's status list; a status the list lacks is judged
// by its name.
func inProgressStatuses(ctx context.Context, c *tool.Call) (func(string) bool, error) {
	statuses, err := c.Jira().Statuses(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the status categories: %w", err)
	}
	category := map[string]string{}
	for _, s := range statuses {
		name, _ := s["name"].(string)
		cat, _ := pick(s["statusCategory"], "key")["key"].(string)
		if name != "" {
			category[strings.ToLower(name)] = cat
		}
	}
	return func(status string) bool {
		if cat, ok := category[strings.ToLower(status)]; ok {
			return cat == "indeterminate"
		}
		return slices.Contains([]string{"in progress", "in development", "working"}, strings.ToLower(status))
	}, nil
}

func durationMetric(minutes int) map[string]any {
	return map[string]any{"calculated": true, "value_minutes": minutes, "formatted": formatMinutes(minutes)}
}

func minutesBetween(from, to time.Time) int { return int(to.Sub(from) / time.Minute) }

// formatMinutes writes a duration as mcp-atlassian does: "1d 1h 0m",
// "1h 30m", "0m"; a day is 24 hours.
func formatMinutes(m int) string {
	if m <= 0 {
		return "0m"
	}
	days, hours, mins := m/(24*60), m%(24*60)/60, m%60
	switch {
	case days > 0:
		return fmt.Sprintf("%dd %dh %dm", days, hours, mins)
	case hours > 0:
		return fmt.Sprintf("%dh %dm", hours, mins)
	}
	return fmt.Sprintf("%dm", mins)
}

// fieldTime reads a Jira date or time value.
func fieldTime(v any) *time.Time {
	s, ok := v.(string)
	if !ok || s == "" {
		return nil
	}
	t, ok := parseISODate(s)
	if !ok {
		return nil
	}
	return &t
}

// isoTime writes a time as Python's isoformat does for a zoned time.
func isoTime(t time.Time) string { return t.Format("2006-01-02T15:04:05-07:00") }
