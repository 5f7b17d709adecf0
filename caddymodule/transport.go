package caddymodule

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	"github.com/dustin/go-humanize"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Transport settings of one site: how hard to try, how fast to go, and
// how much to read. Unset fields take atlassian's defaults (3 attempts for
// idempotent calls on 429/502/503/504 and connection failures, no rate
// limit, no circuit breaker, 32 MiB per answer) or mcp-atlassian's
// ATLASSIAN_* variables.

// RetryConfig is the site's retry { } block.
type RetryConfig struct {
	// Attempts counts the first try; 1 turns retries off.
	Attempts int `json:"attempts,omitempty"`
	// Backoff is the first backoff step, doubled per retry (full jitter).
	Backoff caddy.Duration `json:"backoff,omitempty"`
	// MaxWait caps the waiting of one call, Retry-After included.
	MaxWait caddy.Duration `json:"max_wait,omitempty"`
	// IgnoreRetryAfter uses the backoff alone.
	IgnoreRetryAfter bool `json:"ignore_retry_after,omitempty"`
	// IncludeWrites also retries writes (a write may then happen twice).
	IncludeWrites bool `json:"include_writes,omitempty"`
}

// RateLimitConfig paces calls to the site's host.
type RateLimitConfig struct {
	PerSecond float64 `json:"per_second"`
	Burst     int     `json:"burst,omitempty"`
}

// CircuitBreakerConfig fails fast on a host that keeps failing.
type CircuitBreakerConfig struct {
	Threshold int            `json:"threshold"`
	Cooldown  caddy.Duration `json:"cooldown,omitempty"`
}

// unmarshalTransport reads the transport subdirectives of a site block:
//
//	max_response_size <size>
//	retry [<attempts>] {
//		attempts           <n>
//		backoff            <duration>
//		max_wait           <duration>
//		ignore_retry_after
//		include_writes
//	}
//	rate_limit      <per_second> [<burst>]
//	circuit_breaker <threshold> [<cooldown>]
//
// It reports whether name was one of them.
func (s *Site) unmarshalTransport(d *caddyfile.Dispenser, name string) (bool, error) {
	switch name {
	case "max_response_size":
		var raw string
		if err := oneArg(d, &raw); err != nil {
			return true, err
		}
		n, err := humanize.ParseBytes(raw)
		if err != nil || n == 0 {
			return true, d.Errf("max_response_size %q is not a size such as 32MiB", raw)
		}
		s.MaxResponseSize = int64(n)
	case "retry":
		r := &RetryConfig{}
		if d.NextArg() {
			n, err := strconv.Atoi(d.Val())
			if err != nil || n < 1 {
				return true, d.Errf("retry attempts %q must be a whole number ≥ 1", d.Val())
			}
			r.Attempts = n
		}
		for nesting := d.Nesting(); d.NextBlock(nesting); {
			switch sub := d.Val(); sub {
			case "attempts":
				var raw string
				if err := oneArg(d, &raw); err != nil {
					return true, err
				}
				n, err := strconv.Atoi(raw)
				if err != nil || n < 1 {
					return true, d.Errf("retry attempts %q must be a whole number ≥ 1", raw)
				}
				r.Attempts = n
			case "backoff":
				if err := durationArg(d, &r.Backoff); err != nil {
					return true, err
				}
			case "max_wait":
				if err := durationArg(d, &r.MaxWait); err != nil {
					return true, err
				}
			case "ignore_retry_after":
				r.IgnoreRetryAfter = true
			case "include_writes":
				r.IncludeWrites = true
			default:
				return true, d.Errf("unrecognized retry subdirective %q", sub)
			}
		}
		s.Retry = r
	case "rate_limit":
		args := d.RemainingArgs()
		if len(args) < 1 || len(args) > 2 {
			return true, d.ArgErr()
		}
		rps, err := strconv.ParseFloat(args[0], 64)
		if err != nil || rps <= 0 {
			return true, d.Errf("rate_limit %q must be a positive number of requests per second", args[0])
		}
		s.RateLimit = &RateLimitConfig{PerSecond: rps}
		if len(args) == 2 {
			if s.RateLimit.Burst, err = strconv.Atoi(args[1]); err != nil || s.RateLimit.Burst < 1 {
				return true, d.Errf("rate_limit burst %q must be a whole number ≥ 1", args[1])
			}
		}
	case "circuit_breaker":
		args := d.RemainingArgs()
		if len(args) < 1 || len(args) > 2 {
			return true, d.ArgErr()
		}
		n, err := strconv.Atoi(args[0])
		if err != nil || n < 1 {
			return true, d.Errf("circuit_breaker threshold %q must be a whole number ≥ 1", args[0])
		}
		s.CircuitBreaker = &CircuitBreakerConfig{Threshold: n}
		if len(args) == 2 {
			dur, err := caddy.ParseDuration(args[1])
			if err != nil {
				return true, d.Errf("circuit_breaker cooldown %q: %v", args[1], err)
			}
			s.CircuitBreaker.Cooldown = caddy.Duration(dur)
		}
	default:
		return false, nil
	}
	return true, nil
}

// mergeTransportEnv fills unset transport settings from mcp-atlassian's
// ATLASSIAN_* variables, which apply to both products.
func (s *Site) mergeTransportEnv() error {
	if s.Retry == nil {
		r, err := retryFromEnv()
		if err != nil {
			return err
		}
		s.Retry = r
	}
	if s.RateLimit == nil {
		if raw := getenv("ATLASSIAN_REQUESTS_PER_SECOND"); raw != "" {
			rps, err := strconv.ParseFloat(raw, 64)
			if err != nil || rps < 0 {
				return fmt.Errorf("ATLASSIAN_REQUESTS_PER_SECOND=%q is not a number of requests per second", raw)
			}
			if rps > 0 {
				s.RateLimit = &RateLimitConfig{PerSecond: rps}
			}
		}
	}
	if s.CircuitBreaker == nil {
		if raw := getenv("ATLASSIAN_CIRCUIT_BREAKER_THRESHOLD"); raw != "" {
			n, err := strconv.Atoi(raw)
			if err != nil || n < 0 {
				return fmt.Errorf("ATLASSIAN_CIRCUIT_BREAKER_THRESHOLD=%q is not a whole number", raw)
			}
			if n > 0 {
				s.CircuitBreaker = &CircuitBreakerConfig{Threshold: n}
				if raw := getenv("ATLASSIAN_CIRCUIT_BREAKER_COOLDOWN"); raw != "" {
					secs, err := strconv.ParseFloat(raw, 64)
					if err != nil || secs < 0 {
						return fmt.Errorf("ATLASSIAN_CIRCUIT_BREAKER_COOLDOWN=%q is not a number of seconds", raw)
					}
					s.CircuitBreaker.Cooldown = caddy.Duration(time.Duration(secs * float64(time.Second)))
				}
			}
		}
	}
	return nil
}

// retryFromEnv reads ATLASSIAN_RETRY_*: TOTAL is the number of retries
// (0 turns them off), BACKOFF the first step in seconds.
func retryFromEnv() (*RetryConfig, error) {
	total, backoff := getenv("ATLASSIAN_RETRY_TOTAL"), getenv("ATLASSIAN_RETRY_BACKOFF")
	writes, _ := envBool("ATLASSIAN_RETRY_INCLUDE_WRITES", true)
	ignore, _ := envBool("ATLASSIAN_RETRY_IGNORE_RETRY_AFTER", true)
	if total == "" && backoff == "" && !writes && !ignore {
		return nil, nil
	}
	r := &RetryConfig{IncludeWrites: writes, IgnoreRetryAfter: ignore}
	if total != "" {
		n, err := strconv.Atoi(strings.TrimSpace(total))
		if err != nil || n < 0 {
			return nil, fmt.Errorf("ATLASSIAN_RETRY_TOTAL=%q is not a whole number of retries", total)
		}
		r.Attempts = n + 1
	}
	if backoff != "" {
		secs, err := strconv.ParseFloat(strings.TrimSpace(backoff), 64)
		if err != nil || secs < 0 {
			return nil, fmt.Errorf("ATLASSIAN_RETRY_BACKOFF=%q is not a number of seconds", backoff)
		}
		r.Backoff = caddy.Duration(time.Duration(secs * float64(time.Second)))
	}
	return r, nil
}

// transportOptions turns the site's settings into the REST client's.
func (s *Site) transportOptions(o atlassian.TransportOptions) atlassian.TransportOptions {
	o.MaxResponseBytes = s.MaxResponseSize
	if r := s.Retry; r != nil {
		o.Retry = &atlassian.RetryPolicy{
			MaxAttempts: r.Attempts, BaseDelay: time.Duration(r.Backoff), MaxWait: time.Duration(r.MaxWait),
			IgnoreRetryAfter: r.IgnoreRetryAfter, RetryWrites: r.IncludeWrites,
		}
	}
	if r := s.RateLimit; r != nil {
		o.RateLimit = atlassian.RateLimit{PerSecond: r.PerSecond, Burst: r.Burst}
	}
	if b := s.CircuitBreaker; b != nil {
		o.Breaker = atlassian.BreakerPolicy{Threshold: b.Threshold, Cooldown: time.Duration(b.Cooldown)}
	}
	return o
}
