package jiratools

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // JIRA_SLA_TIMEZONE works in images without a zoneinfo database

	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// SLAConfig is the site's calendar for jira_get_issue_sla, mcp-atlassian's
// JIRA_SLA_* settings: which metrics to compute by default, and which
// hours count as working time.
type SLAConfig struct {
	// Metrics computed when a call names none; empty: cycle_time and
	// time_in_status.
	Metrics []string
	// WorkingHoursOnly is the default of the working_hours_only argument.
	WorkingHoursOnly bool
	// Start and End of the working day, minutes after midnight; both zero:
	// 09:00 to 17:00.
	Start, End int
	// Days are the working days; empty: Monday to Friday.
	Days []time.Weekday
	// Location is the calendar's time zone; nil: UTC.
	Location *time.Location
}

// ParseSLAConfig reads the JIRA_SLA_* values (empty strings keep the
// defaults): metrics "cycle_time,lead_time", hours "HH:MM", days as ISO
// weekday numbers "1,2,3,4,5" (1 is Monday), an IANA time zone.
func ParseSLAConfig(metrics, workingHoursOnly, start, end, days, timezone string) (SLAConfig, error) {
	var c SLAConfig
	for _, m := range tool.SplitList(strings.ToLower(metrics)) {
		if !slices.Contains(slaMetrics, m) {
			return c, fmt.Errorf("JIRA_SLA_METRICS: %q is not a metric; use any of %s", m, strings.Join(slaMetrics, ", "))
		}
		c.Metrics = append(c.Metrics, m)
	}
	switch strings.ToLower(strings.TrimSpace(workingHoursOnly)) {
	case "", "false", "0", "no":
	case "true", "1", "yes":
		c.WorkingHoursOnly = true
	default:
		return c, fmt.Errorf("JIRA_SLA_WORKING_HOURS_ONLY=%q is not true or false", workingHoursOnly)
	}
	var err error
	if c.Start, err = parseClock("JIRA_SLA_WORKING_HOURS_START", start, 9*60); err != nil {
		return c, err
	}
	if c.End, err = parseClock("JIRA_SLA_WORKING_HOURS_END", end, 17*60); err != nil {
		return c, err
	}
	if c.End <= c.Start {
		return c, fmt.Errorf("JIRA_SLA_WORKING_HOURS_END must be after JIRA_SLA_WORKING_HOURS_START")
	}
	for _, d := range tool.SplitList(days) {
		n, err := strconv.Atoi(d)
		if err != nil || n < 1 || n > 7 {
			return c, fmt.Errorf("JIRA_SLA_WORKING_DAYS: %q is not a weekday number (1 is Monday, 7 Sunday)", d)
		}
		c.Days = append(c.Days, time.Weekday(n%7))
	}
	if tz := strings.TrimSpace(timezone); tz != "" {
		if c.Location, err = time.LoadLocation(tz); err != nil {
			return c, fmt.Errorf("JIRA_SLA_TIMEZONE=%q: %w", tz, err)
		}
	}
	return c, nil
}

func parseClock(name, v string, def int) (int, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return def, nil
	}
	t, err := time.Parse("15:04", v)
	if err != nil {
		return 0, fmt.Errorf("%s=%q is not a time of day such as 09:00", name, v)
	}
	return t.Hour()*60 + t.Minute(), nil
}

// calendar fills the defaults in.
func (c SLAConfig) calendar() SLAConfig {
	if c.Start == 0 && c.End == 0 {
		c.Start, c.End = 9*60, 17*60
	}
	if len(c.Days) == 0 {
		c.Days = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	}
	if c.Location == nil {
		c.Location = time.UTC
	}
	return c
}
