package atlassian

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func testSite(t *testing.T, p Product, h http.HandlerFunc, timeout time.Duration) *Site {
	t.Helper()
	return testSiteWith(t, p, h, TransportOptions{Timeout: timeout})
}

// noRetry keeps a test's one answer from being asked for again.
var noRetry = &RetryPolicy{MaxAttempts: 1}

func testSiteWith(t *testing.T, p Product, h http.HandlerFunc, o TransportOptions) *Site {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	return &Site{Product: p, Deployment: Server, BaseURL: u, HTTP: NewHTTPClient(o),
		Header: http.Header{"X-Team": {"platform"}}}
}

// TestAPIErrors: Atlassian's error bodies become errors that carry the
// status, Atlassian's own messages and advice, and never the credentials.
func TestAPIErrors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		product Product
		status  int
		header  http.Header
		body    string
		want    []string
		retry   time.Duration
	}{
		{"jira 404", Jira, 404, nil, `{"errorMessages":["Issue does not exist or you do not have permission to see it."],"errors":{}}`,
			[]string{"404 Not Found", "Issue does not exist", "does not exist or the user cannot see it"}, 0},
		{"jira 400 field errors", Jira, 400, nil, `{"errorMessages":[],"errors":{"summary":"You must specify a summary of the issue.","project":"project is required"}}`,
			[]string{"400 Bad Request", "project: project is required; summary: You must specify"}, 0},
		{"401", Jira, 401, nil, `<html>login</html>`, []string{"401 Unauthorized", "authentication failed"}, 0},
		{"403", Confluence, 403, nil, `{"statusCode":403,"message":"Not permitted to create content in space TEAM"}`, []string{"403 Forbidden", "Not permitted", "lacks permission"}, 0},
		{"409 v1", Confluence, 409, nil, `{"statusCode":409,"message":"Version must be incremented on update. Current version is: 3"}`, []string{"409 Conflict", "Current version is: 3", "read it again and retry"}, 0},
		{"409 v2", Confluence, 409, nil, `{"errors":[{"status":409,"code":"CONFLICT","title":"Version must be incremented","detail":null}]}`, []string{"Version must be incremented"}, 0},
		{"429 seconds", Jira, 429, http.Header{"Retry-After": {"7"}}, `{"errorMessages":["Rate limit exceeded."]}`, []string{"429 Too Many Requests", "retry after 7s"}, 7 * time.Second},
		{"503 date", Jira, 503, http.Header{"Retry-After": {time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)}}, ``, []string{"503 Service Unavailable", "retry after"}, 89 * time.Second},
		{"500 text", Confluence, 500, nil, `internal failure`, []string{"500 Internal Server Error", "internal failure", "retry later"}, 0},
		{"410", Jira, 410, nil, `{"errorMessages":["The requested API has been removed."]}`, []string{"410 Gone", "removed"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := testSiteWith(t, tc.product, func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tc.header {
					w.Header()[k] = v
				}
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			}, TransportOptions{Retry: noRetry})
			err := site.Client(Basic("alice@example.com", "s3cret")).Do(context.Background(), Request{Method: "GET", Path: "/rest/api/2/issue/X-1"}, nil)
			var ae *APIError
			if !errors.As(err, &ae) || ae.StatusCode != tc.status {
				t.Fatalf("err = %v, want APIError %d", err, tc.status)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q lacks %q", err, w)
				}
			}
			if tc.retry > 0 && (ae.RetryAfter < tc.retry-2*time.Second || ae.RetryAfter > tc.retry+2*time.Second) {
				t.Errorf("RetryAfter = %v, want about %v", ae.RetryAfter, tc.retry)
			}
			if strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "alice@") {
				t.Errorf("error leaks credentials: %v", err)
			}
			if !IsStatus(err, tc.status) {
				t.Error("IsStatus false")
			}
		})
	}
}

// TestRequestShape: credentials, custom headers, JSON body, escaping.
func TestRequestShape(t *testing.T) {
	var got *http.Request
	var body string
	site := testSite(t, Jira, func(w http.ResponseWriter, r *http.Request) {
		got = r
		b := new(strings.Builder)
		_, _ = copyBody(b, r)
		body = b.String()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"1","key":"DEMO-1"}`))
	}, 0)
	var out struct {
		Key string `json:"key"`
	}
	err := site.Client(Bearer("pat-1")).Do(context.Background(), Request{Method: "POST", Path: "/rest/api/2/issue", Query: url.Values{"a": {"b c"}}, Body: map[string]any{"fields": map[string]any{"summary": "x"}}}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if out.Key != "DEMO-1" || got.Header.Get("Authorization") != "Bearer pat-1" || got.Header.Get("X-Team") != "platform" ||
		got.Header.Get("Content-Type") != "application/json" || got.URL.Query().Get("a") != "b c" || body != `{"fields":{"summary":"x"}}` {
		t.Errorf("request = %v %v %q", got.Header, got.URL, body)
	}
	if s := Basic("u", "p").String() + Bearer("t").String(); strings.Contains(s, "p)") || strings.Contains(s, "t)") {
		t.Errorf("String() leaks: %s", s)
	}
}

// TestTimeout: a site that does not answer in time gives an error that
// says so, not a hang.
func TestTimeout(t *testing.T) {
	release := make(chan struct{})
	site := testSite(t, Jira, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}, 200*time.Millisecond)
	defer close(release)
	err := site.Client(Bearer("x")).Do(context.Background(), Request{Method: "GET", Path: "/rest/api/2/myself"}, nil)
	if err == nil || !strings.Contains(err.Error(), "timed out") {
		t.Errorf("err = %v, want a timeout explanation", err)
	}
}

// TestRedirectsStayOnHost: a redirect to another host is not followed.
func TestRedirectsStayOnHost(t *testing.T) {
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("followed a redirect to another host with %q", r.Header.Get("Authorization"))
	}))
	defer other.Close()
	site := testSite(t, Jira, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/steal", http.StatusFound)
	}, 0)
	err := site.Client(Bearer("x")).Do(context.Background(), Request{Method: "GET", Path: "/rest/api/2/myself"}, nil)
	if !IsStatus(err, http.StatusFound) {
		t.Errorf("err = %v, want the 302 reported", err)
	}
}

func copyBody(w io.Writer, r *http.Request) (int64, error) { return io.Copy(w, r.Body) }
