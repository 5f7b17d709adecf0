package atlassian

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// APIError is a non-2xx answer from Jira or Confluence, with Atlassian's own
// messages pulled out of whichever error shape the endpoint uses.
type APIError struct {
	Product    Product
	Method     string
	Path       string // request path without query, never with credentials
	StatusCode int
	Messages   []string
	RetryAfter time.Duration // from Retry-After on 429/503, zero if absent
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s API %s %s: %s", e.Product.Title(), e.Method, e.Path, statusPhrase(e.StatusCode))
	if len(e.Messages) > 0 {
		b.WriteString(": ")
		b.WriteString(strings.Join(e.Messages, "; "))
	}
	if hint := e.hint(); hint != "" {
		b.WriteString(" (")
		b.WriteString(hint)
		b.WriteString(")")
	}
	return b.String()
}

func statusPhrase(code int) string {
	return strconv.Itoa(code) + " " + http.StatusText(code)
}

// hint says what the caller can do about the failure.
func (e *APIError) hint() string {
	switch e.StatusCode {
	case http.StatusUnauthorized:
		return "authentication failed: check the username and API token, personal access token or OAuth token for " + e.Product.Title()
	case http.StatusForbidden:
		return "the authenticated user lacks permission for this operation"
	case http.StatusNotFound:
		return "it does not exist or the user cannot see it"
	case http.StatusConflict:
		return "it was changed concurrently: read it again and retry with the current version"
	case http.StatusGone:
		return "this endpoint was removed by Atlassian"
	case http.StatusTooManyRequests:
		if e.RetryAfter > 0 {
			return "rate limited: retry after " + e.RetryAfter.String()
		}
		return "rate limited: retry later"
	}
	if e.StatusCode >= 300 && e.StatusCode < 400 {
		return "the site redirects to another host or from https to http, which is not followed: configure the URL it redirects to"
	}
	if e.StatusCode >= 500 {
		if e.RetryAfter > 0 {
			return "server error: retry after " + e.RetryAfter.String()
		}
		return "server error on the Atlassian side: retry later"
	}
	return ""
}

// IsStatus reports whether err is an APIError with the given status code.
func IsStatus(err error, code int) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.StatusCode == code
}

// parseAPIError reads Atlassian's error bodies. Jira answers
// {"errorMessages":[],"errors":{"field":"msg"}}; Confluence v1 answers
// {"statusCode":..,"message":..}; Confluence v2 answers
// {"errors":[{"status":..,"code":..,"title":..,"detail":..}]}.
func parseAPIError(product Product, method, path string, resp *http.Response, body []byte) *APIError {
	e := &APIError{Product: product, Method: method, Path: path, StatusCode: resp.StatusCode}
	e.RetryAfter = retryAfter(resp.Header, time.Now())
	e.Messages = errorMessages(body)
	return e
}

func errorMessages(body []byte) []string {
	var shape struct {
		ErrorMessages []string        `json:"errorMessages"`
		Errors        json.RawMessage `json:"errors"`
		Message       string          `json:"message"`
		ErrorMessage  string          `json:"errorMessage"` // Jira Service Management
	}
	if json.Unmarshal(body, &shape) != nil {
		text := strings.TrimSpace(string(body))
		if text == "" || strings.HasPrefix(text, "<") {
			return nil
		}
		if len(text) > 300 {
			text = text[:300] + "…"
		}
		return []string{text}
	}
	msgs := append([]string(nil), shape.ErrorMessages...)
	if shape.ErrorMessage != "" {
		msgs = append(msgs, shape.ErrorMessage)
	}
	if len(shape.Errors) > 0 {
		var fieldErrs map[string]string
		var v2Errs []struct {
			Title  string `json:"title"`
			Detail string `json:"detail"`
		}
		if json.Unmarshal(shape.Errors, &fieldErrs) == nil {
			keys := make([]string, 0, len(fieldErrs))
			for k := range fieldErrs {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				msgs = append(msgs, k+": "+fieldErrs[k])
			}
		} else if json.Unmarshal(shape.Errors, &v2Errs) == nil {
			for _, v := range v2Errs {
				switch {
				case v.Detail != "" && v.Title != "":
					msgs = append(msgs, v.Title+": "+v.Detail)
				case v.Detail != "":
					msgs = append(msgs, v.Detail)
				case v.Title != "":
					msgs = append(msgs, v.Title)
				}
			}
		}
	}
	if shape.Message != "" {
		msgs = append(msgs, shape.Message)
	}
	return msgs
}

// TransportError is a call that got no (complete) answer: the connection
// failed, timed out, was refused by policy or broke off. Err keeps the
// cause for errors.Is and errors.As: context.Canceled,
// context.DeadlineExceeded, *ForbiddenTargetError, *CircuitOpenError.
type TransportError struct {
	Product Product
	Method  string
	Path    string // request path, never with credentials
	Host    string
	Reading bool // the answer started but broke off
	Err     error
}

func (e *TransportError) Error() string {
	prefix := fmt.Sprintf("%s API %s %s: ", e.Product.Title(), e.Method, e.Path)
	var open *CircuitOpenError
	if errors.As(e.Err, &open) {
		return prefix + e.Product.Title() + " at " + open.Error() + " (circuit breaker)"
	}
	var msg string
	if e.Reading {
		msg = prefix + "reading response from " + e.Host + ": " + e.Err.Error()
	} else {
		msg = prefix + "cannot reach " + e.Host + ": " + e.Err.Error()
	}
	text := e.Err.Error()
	if strings.Contains(text, "certificate") || strings.Contains(text, "x509") {
		msg += " (the site's TLS certificate is not trusted: add its CA with tls_trust_pool, or for a self-signed test instance use tls_insecure_skip_verify / " + strings.ToUpper(string(e.Product)) + "_SSL_VERIFY=false)"
	}
	if errors.Is(e.Err, context.DeadlineExceeded) {
		msg += " (timed out: raise the timeout setting if the site is slow)"
	}
	return msg
}

func (e *TransportError) Unwrap() error { return e.Err }
