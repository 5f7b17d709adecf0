package caddymodule

import (
	"strings"
	"testing"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
)

func TestSLABlockAndEnvironment(t *testing.T) {
	var h Handler
	err := h.UnmarshalCaddyfile(caddyfile.NewTestDispenser(`mcp_atlassian {
		jira https://jira.example.com {
			personal_token x
			sla {
				metrics lead_time cycle_time
				working_hours_only
				working_hours 08:00 16:30
				working_days 1 2 3 4
				timezone Europe/Berlin
			}
		}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := h.Jira.SLA.config()
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Metrics) != 2 || !cfg.WorkingHoursOnly || cfg.Start != 8*60 || cfg.End != 16*60+30 || len(cfg.Days) != 4 || cfg.Location.String() != "Europe/Berlin" {
		t.Errorf("sla = %+v", cfg)
	}
	if err := (&Handler{}).UnmarshalCaddyfile(caddyfile.NewTestDispenser("mcp_atlassian {\n confluence x {\n sla {\n }\n }\n }")); err == nil {
		t.Error("an sla block in confluence was accepted")
	}

	t.Setenv("JIRA_URL", "https://jira.example.com")
	t.Setenv("JIRA_PERSONAL_TOKEN", "x")
	t.Setenv("JIRA_SLA_METRICS", "resolution_time")
	t.Setenv("JIRA_SLA_WORKING_DAYS", "1,2,3,4,5,6")
	env := &Handler{}
	if err := env.mergeEnv(); err != nil {
		t.Fatal(err)
	}
	if cfg, err := env.Jira.SLA.config(); err != nil || len(cfg.Metrics) != 1 || len(cfg.Days) != 6 {
		t.Errorf("sla from env = %+v, %v", cfg, err)
	}
	t.Setenv("JIRA_SLA_TIMEZONE", "Nowhere/Atlantis")
	bad := &Handler{}
	if err := bad.mergeEnv(); err != nil {
		t.Fatal(err)
	}
	if _, err := bad.Jira.SLA.config(); err == nil || !strings.Contains(err.Error(), "JIRA_SLA_TIMEZONE") {
		t.Errorf("a bad time zone: %v", err)
	}
	t.Setenv("JIRA_SLA_TIMEZONE", "")
	t.Setenv("JIRA_SLA_WORKING_DAYS", "mon,1")
	if err := (&Handler{}).mergeEnv(); err == nil || !strings.Contains(err.Error(), `"mon"`) {
		t.Errorf("a working day given as mon: %v", err)
	}
	t.Setenv("JIRA_SLA_WORKING_DAYS", "")
	t.Setenv("JIRA_SLA_WORKING_HOURS_ONLY", "maybe")
	if err := (&Handler{}).mergeEnv(); err == nil || !strings.Contains(err.Error(), `"maybe"`) {
		t.Errorf("JIRA_SLA_WORKING_HOURS_ONLY=maybe: %v", err)
	}

	// Placeholders in the sla block are resolved like the site's other settings.
	t.Setenv("SLA_TEST_TZ", "Europe/Paris")
	site := &Site{SLA: &SLA{Timezone: "{env.SLA_TEST_TZ}", WorkingHoursStart: "{env.SLA_TEST_START}", Metrics: []string{"{env.SLA_TEST_METRIC}"}}}
	t.Setenv("SLA_TEST_START", "07:30")
	t.Setenv("SLA_TEST_METRIC", "cycle_time")
	site.resolve(caddy.NewReplacer())
	if site.SLA.Timezone != "Europe/Paris" || site.SLA.WorkingHoursStart != "07:30" || site.SLA.Metrics[0] != "cycle_time" {
		t.Errorf("sla after placeholders = %+v", site.SLA)
	}
}
