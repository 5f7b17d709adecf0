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
		if got := workingMinutes(tc.from, tc.to); got != tc.want {
			t.Errorf("workingMinutes(%v, %v) = %d, want %d", tc.from, tc.to, got, tc.want)
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
