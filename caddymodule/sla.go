package caddymodule

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/jiratools"
)

// SLA is the jira block's sla { } calendar for jira_get_issue_sla
// (mcp-atlassian's JIRA_SLA_* variables).
type SLA struct {
	// Metrics computed when a call names none.
	Metrics []string `json:"metrics,omitempty"`
	// WorkingHoursOnly is the default of the working_hours_only argument.
	WorkingHoursOnly bool `json:"working_hours_only,omitempty"`
	// WorkingHoursStart and WorkingHoursEnd are "HH:MM" (default 09:00
	// and 17:00).
	WorkingHoursStart string `json:"working_hours_start,omitempty"`
	WorkingHoursEnd   string `json:"working_hours_end,omitempty"`
	// WorkingDays are ISO weekday numbers, 1 Monday to 7 Sunday (default
	// 1 to 5).
	WorkingDays []int `json:"working_days,omitempty"`
	// Timezone is an IANA zone name (default UTC).
	Timezone string `json:"timezone,omitempty"`
}

// unmarshalSLA reads:
//
//	sla {
//		metrics            <metric...>
//		working_hours_only
//		working_hours      <HH:MM> <HH:MM>
//		working_days       <1-7...>
//		timezone           <zone>
//	}
func (s *SLA) unmarshal(d *caddyfile.Dispenser) error {
	if d.NextArg() {
		return d.ArgErr()
	}
	for nesting := d.Nesting(); d.NextBlock(nesting); {
		switch name := d.Val(); name {
		case "metrics":
			if s.Metrics = listArgs(d); len(s.Metrics) == 0 {
				return d.ArgErr()
			}
		case "working_hours_only":
			s.WorkingHoursOnly = true
		case "working_hours":
			args := d.RemainingArgs()
			if len(args) != 2 {
				return d.Errf("working_hours takes a start and an end, e.g. 09:00 17:00")
			}
			s.WorkingHoursStart, s.WorkingHoursEnd = args[0], args[1]
		case "working_days":
			for _, a := range listArgs(d) {
				n, err := strconv.Atoi(a)
				if err != nil {
					return d.Errf("working_days: %q is not a weekday number (1 is Monday, 7 Sunday)", a)
				}
				s.WorkingDays = append(s.WorkingDays, n)
			}
		case "timezone":
			if err := oneArg(d, &s.Timezone); err != nil {
				return err
			}
		default:
			return d.Errf("unrecognized sla subdirective %q", name)
		}
	}
	return nil
}

// slaFromEnv reads JIRA_SLA_*, or nil when none is set; a value that is
// not what its variable takes is an error naming the value as given.
func slaFromEnv() (*SLA, error) {
	s := &SLA{
		Metrics:           splitEnv("JIRA_SLA_METRICS"),
		WorkingHoursStart: getenv("JIRA_SLA_WORKING_HOURS_START"),
		WorkingHoursEnd:   getenv("JIRA_SLA_WORKING_HOURS_END"),
		Timezone:          getenv("JIRA_SLA_TIMEZONE"),
	}
	if raw := strings.TrimSpace(getenv("JIRA_SLA_WORKING_HOURS_ONLY")); raw != "" {
		switch strings.ToLower(raw) {
		case "true", "1", "yes":
			s.WorkingHoursOnly = true
		case "false", "0", "no":
		default:
			return nil, fmt.Errorf("JIRA_SLA_WORKING_HOURS_ONLY=%q is not true or false", raw)
		}
	}
	for _, d := range splitEnv("JIRA_SLA_WORKING_DAYS") {
		n, err := strconv.Atoi(d)
		if err != nil {
			return nil, fmt.Errorf("JIRA_SLA_WORKING_DAYS: %q is not a weekday number (1 is Monday, 7 Sunday)", d)
		}
		s.WorkingDays = append(s.WorkingDays, n)
	}
	if len(s.Metrics) == 0 && !s.WorkingHoursOnly && s.WorkingHoursStart == "" && s.WorkingHoursEnd == "" && len(s.WorkingDays) == 0 && s.Timezone == "" {
		return nil, nil
	}
	return s, nil
}

// config validates the calendar for the Jira tools.
func (s *SLA) config() (jiratools.SLAConfig, error) {
	if s == nil {
		return jiratools.SLAConfig{}, nil
	}
	days := make([]string, len(s.WorkingDays))
	for i, d := range s.WorkingDays {
		days[i] = strconv.Itoa(d)
	}
	cfg, err := jiratools.ParseSLAConfig(strings.Join(s.Metrics, ","), strconv.FormatBool(s.WorkingHoursOnly),
		s.WorkingHoursStart, s.WorkingHoursEnd, strings.Join(days, ","), s.Timezone)
	if err != nil {
		return cfg, fmt.Errorf("jira sla: %w", err)
	}
	return cfg, nil
}
