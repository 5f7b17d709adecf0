package caddymodule

import (
	"errors"
	"strconv"
	"sync"

	"github.com/caddyserver/caddy/v2"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler"
	"github.com/prometheus/client_golang/prometheus"
)

// Tool-call metrics, exported through Caddy's metrics endpoint next to its
// own HTTP metrics. The collectors are process-wide: several
// mcp_atlassian handlers, and successive config loads, share them.
var toolMetrics = struct {
	once     sync.Once
	calls    *prometheus.CounterVec
	duration *prometheus.HistogramVec
}{}

func initToolMetrics() {
	toolMetrics.once.Do(func() {
		const ns, sub = "caddy", "mcp_atlassian"
		toolMetrics.calls = prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: ns, Subsystem: sub, Name: "tool_calls_total",
			Help: "MCP tool calls by tool, outcome and the last Atlassian HTTP status.",
		}, []string{"tool", "product", "outcome", "upstream_status"})
		toolMetrics.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: ns, Subsystem: sub, Name: "tool_call_duration_seconds",
			Help:    "Duration of MCP tool calls, Atlassian round trips included.",
			Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 75},
		}, []string{"tool", "product"})
	})
}

// registerToolMetrics adds the collectors to the config's registry and
// returns the hook that feeds them.
func registerToolMetrics(ctx caddy.Context) (func(mcphandler.ToolCall), error) {
	initToolMetrics()
	registry := ctx.GetMetricsRegistry()
	if registry == nil {
		return nil, nil
	}
	for _, c := range []prometheus.Collector{toolMetrics.calls, toolMetrics.duration} {
		if err := registry.Register(c); err != nil {
			var already prometheus.AlreadyRegisteredError
			if !errors.As(err, &already) {
				return nil, err
			}
		}
	}
	return func(tc mcphandler.ToolCall) {
		toolMetrics.calls.WithLabelValues(tc.Tool, tc.Product, tc.Outcome, strconv.Itoa(tc.UpstreamStatus)).Inc()
		toolMetrics.duration.WithLabelValues(tc.Tool, tc.Product).Observe(tc.Duration.Seconds())
	}, nil
}
