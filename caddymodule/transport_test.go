package caddymodule

import (
	"testing"
	"time"

	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

func TestTransportSubdirectives(t *testing.T) {
	d := caddyfile.NewTestDispenser(`mcp_atlassian {
		jira https://jira.example.com {
			personal_token x
			max_response_size 8MiB
			retry 5 {
				backoff 250ms
				max_wait 10s
				ignore_retry_after
			}
			rate_limit 20 40
			circuit_breaker 5 1m
		}
		allowed_url_hosts example.com
		allow_private_url_targets
		allowed_url_ports 443 8443
		response_memory_budget 128MiB
	}`)
	var h Handler
	if err := h.UnmarshalCaddyfile(d); err != nil {
		t.Fatal(err)
	}
	j := h.Jira
	if j.MaxResponseSize != 8<<20 || j.Retry == nil || j.Retry.Attempts != 5 || time.Duration(j.Retry.Backoff) != 250*time.Millisecond ||
		time.Duration(j.Retry.MaxWait) != 10*time.Second || !j.Retry.IgnoreRetryAfter || j.Retry.IncludeWrites ||
		j.RateLimit == nil || j.RateLimit.PerSecond != 20 || j.RateLimit.Burst != 40 ||
		j.CircuitBreaker == nil || j.CircuitBreaker.Threshold != 5 || time.Duration(j.CircuitBreaker.Cooldown) != time.Minute {
		t.Errorf("jira transport = %+v retry %+v rate %+v breaker %+v", j, j.Retry, j.RateLimit, j.CircuitBreaker)
	}
	if h.AllowPrivateURLTargets == nil || !*h.AllowPrivateURLTargets || len(h.AllowedURLPorts) != 2 || h.ResponseMemoryBudget != 128<<20 {
		t.Errorf("handler = %+v", h)
	}
	o := j.transportOptions(atlassian.TransportOptions{})
	if o.MaxResponseBytes != 8<<20 || o.Retry.MaxAttempts != 5 || o.RateLimit.PerSecond != 20 || o.Breaker.Threshold != 5 {
		t.Errorf("transport options = %+v", o)
	}
	for _, bad := range []string{
		"mcp_atlassian {\n jira x {\n retry 0\n }\n }",
		"mcp_atlassian {\n jira x {\n rate_limit fast\n }\n }",
		"mcp_atlassian {\n jira x {\n circuit_breaker 3 soon\n }\n }",
		"mcp_atlassian {\n jira x {\n max_response_size huge\n }\n }",
		"mcp_atlassian {\n allowed_url_ports 99999\n }",
	} {
		var h Handler
		if err := h.UnmarshalCaddyfile(caddyfile.NewTestDispenser(bad)); err == nil {
			t.Errorf("%q parsed without error", bad)
		}
	}
}

// TestTransportEnvironment: mcp-atlassian's ATLASSIAN_* variables fill the
// sites' unset transport settings.
func TestTransportEnvironment(t *testing.T) {
	t.Setenv("JIRA_URL", "https://jira.example.com")
	t.Setenv("JIRA_PERSONAL_TOKEN", "x")
	t.Setenv("ATLASSIAN_RETRY_TOTAL", "0")
	t.Setenv("ATLASSIAN_REQUESTS_PER_SECOND", "2.5")
	t.Setenv("ATLASSIAN_CIRCUIT_BREAKER_THRESHOLD", "4")
	t.Setenv("ATLASSIAN_CIRCUIT_BREAKER_COOLDOWN", "15")
	t.Setenv("MCP_ATLASSIAN_HEADER_URL_PORTS", "443")
	h := &Handler{}
	if err := h.mergeEnv(); err != nil {
		t.Fatal(err)
	}
	j := h.Jira
	if j.Retry == nil || j.Retry.Attempts != 1 || j.RateLimit == nil || j.RateLimit.PerSecond != 2.5 ||
		j.CircuitBreaker == nil || j.CircuitBreaker.Threshold != 4 || time.Duration(j.CircuitBreaker.Cooldown) != 15*time.Second {
		t.Errorf("jira from env = retry %+v rate %+v breaker %+v", j.Retry, j.RateLimit, j.CircuitBreaker)
	}
	if len(h.AllowedURLPorts) != 1 || h.AllowedURLPorts[0] != 443 {
		t.Errorf("ports = %v", h.AllowedURLPorts)
	}
	t.Setenv("ATLASSIAN_RETRY_TOTAL", "lots")
	if err := (&Handler{}).mergeEnv(); err == nil {
		t.Error("a non-numeric ATLASSIAN_RETRY_TOTAL was accepted")
	}
}
