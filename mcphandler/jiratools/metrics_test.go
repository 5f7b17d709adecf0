package jiratools

import (
	"encoding/json"
	"testing"
	"time"
)

func TestWorkingMinutes(t *testing.T) {
	fri := time.Date(2026, time.November, 20, 16, 0, 0, 0, time.UTC) // a Friday
	for _, tc := range []struct {
		from, to time.Time
		want     int
	}{
		{fri, fri.Add(3 * time.Hour), 60},                    // the day ends at 17:00
		{fri, fri.AddDate(0, 0, 3).Add(-6 * time.Hour), 120}, // Monday 10:00: one hour each side of the weekend
		{fri, fri.AddDate(0, 0, 3).Add(-5 * time.Hour), 180},
		{fri.Add(time.Hour), fri, 0},
	} {
		if got := (SLAConfig{}).calendar().workingMinutes(tc.from, tc.to); got != tc.want {
			t.Errorf("workingMinutes(%v, %v) = %d, want %d", tc.from, tc.to, got, tc.want)
		}
	}
}

// TestSLACalendar: JIRA_SLA_* shape the working-time calendar: hours,
// days and time zone.
func TestSLACalendar(t *testing.T) {
	cfg, err := ParseSLAConfig("lead_time, cycle_time", "true", "08:30", "12:30", "1,2,3,4,5,6", "Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Metrics) != 2 || !cfg.WorkingHoursOnly {
		t.Errorf("config = %+v", cfg)
	}
	cal := cfg.calendar()
	// Saturday 2026-11-21 06:00 UTC is 07:00 in Berlin: the working day
	// 08:30–12:30 there is 07:30–11:30 UTC, all of it before 12:00 UTC.
	sat := time.Date(2026, time.November, 21, 6, 0, 0, 0, time.UTC)
	if got := cal.workingMinutes(sat, sat.Add(6*time.Hour)); got != 240 {
		t.Errorf("Saturday in Berlin: %d working minutes, want 240", got)
	}
	// Sunday is not a working day.
	if got := cal.workingMinutes(sat.AddDate(0, 0, 1), sat.AddDate(0, 0, 1).Add(10*time.Hour)); got != 0 {
		t.Errorf("Sunday: %d working minutes, want 0", got)
	}
	for _, bad := range [][6]string{
		{"speed", "", "", "", "", ""},
		{"", "maybe", "", "", "", ""},
		{"", "", "9am", "", "", ""},
		{"", "", "17:00", "09:00", "", ""},
		{"", "", "", "", "0,8", ""},
		{"", "", "", "", "", "Mars/Olympus"},
	} {
		if _, err := ParseSLAConfig(bad[0], bad[1], bad[2], bad[3], bad[4], bad[5]); err == nil {
			t.Errorf("ParseSLAConfig%q accepted", bad)
		}
	}
}

func TestStatusChanges(t *testing.T) {
	var changelog map[string]any
	_ = json.Unmarshal([]byte(`{"histories":[
		{"created":"2026-11-02T10:00:00.000+0000","author":{"displayName":"Bob"},"items":[{"field":"status","fromString":"In Progress","toString":"Done"}]},
		{"created":"2026-11-01T10:00:00.000+0000","author":{"displayName":"Alice"},"items":[{"field":"assignee"},{"field":"status","fromString":"To Do","toString":"In Progress"}]}
	]}`), &changelog)
	created := time.Date(2026, time.October, 31, 10, 0, 0, 0, time.UTC)
	changes := statusChanges(changelog, &created)
	if len(changes) != 3 || changes[0].status != "To Do" || changes[1].status != "In Progress" || changes[1].by != "Alice" ||
		changes[2].status != "Done" || changes[2].exited != nil {
		t.Fatalf("changes = %+v", changes)
	}
	d := &issueDates{changes: changes}
	s := d.summary()
	if len(s) != 3 || s[0].minutes != 24*60 || s[2].status != "Done" || s[2].minutes != 0 || s[2].visits != 1 {
		t.Errorf("summary = %+v", s)
	}
}
