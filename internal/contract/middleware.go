package contract

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"path"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Recorder is an http.Handler that passes every exchange to the wrapped
// handler and checks both directions against the documents of its
// deployment, recording what it finds. It is safe for concurrent requests.
type Recorder struct {
	v          *Validator
	next       http.Handler
	deployment atlassian.Deployment
	allow      []string

	mu         sync.Mutex
	violations []Violation
	calls      []Call
}

// Middleware wraps next (the sandbox) for deployment d. Every request it
// receives and every response next writes is validated. A request no
// document operation matches is a violation, unless it matches one of the
// allow patterns: "METHOD /path", where METHOD may be * and the path uses
// path.Match globbing per segment (e.g. "GET /rest/api/2/search",
// "* /ex/jira/*/rest/api/2/search"). Allowed requests are passed through
// unvalidated and recorded as calls with a note.
func (v *Validator) Middleware(next http.Handler, d atlassian.Deployment, allow ...string) *Recorder {
	return &Recorder{v: v, next: next, deployment: d, allow: allow}
}

// Violations returns what was found so far, in the order exchanges ended.
func (r *Recorder) Violations() []Violation {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.violations)
}

// Calls returns every exchange so far, so tests can assert which
// operations were exercised.
func (r *Recorder) Calls() []Call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.calls)
}

// Operations returns the distinct operation ids exercised so far, sorted,
// by document name (operation ids repeat across documents: getUser).
func (r *Recorder) Operations() map[string][]string {
	ops := map[string][]string{}
	for _, c := range r.Calls() {
		if c.Operation != "" && !slices.Contains(ops[c.Document], c.Operation) {
			ops[c.Document] = append(ops[c.Document], c.Operation)
		}
	}
	for _, list := range ops {
		slices.Sort(list)
	}
	return ops
}

// Check reports every violation as a test error and every note (such as an
// undocumented standard error status) in the test log.
func (r *Recorder) Check(t testing.TB) {
	t.Helper()
	for _, c := range r.Calls() {
		if c.Note != "" {
			t.Logf("contract note: %s %s → %d: %s", c.Method, c.Path, c.Status, c.Note)
		}
	}
	for _, v := range r.Violations() {
		t.Errorf("contract violation: %s", v)
	}
}

// Reset forgets the violations and calls recorded so far.
func (r *Recorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.violations, r.calls = nil, nil
}

func (r *Recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	var reqBody []byte
	if req.Body != nil && req.Body != http.NoBody {
		var err error
		reqBody, err = io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			http.Error(w, "contract: reading request body: "+err.Error(), http.StatusBadRequest)
			return
		}
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}

	ex := &exchange{call: Call{Method: req.Method, Path: req.URL.Path}}
	in := r.checkRequest(ex, req, reqBody)

	bw := &bufferedWriter{header: http.Header{}}
	r.next.ServeHTTP(bw, req)
	status := bw.status
	if status == 0 {
		status = http.StatusOK
	}
	respBody := bw.body.Bytes()
	if bw.header.Get("Content-Type") == "" && len(respBody) > 0 && !bodylessStatus(status) {
		// What net/http would send; a handler forgetting the header sends text/plain JSON.
		bw.header.Set("Content-Type", http.DetectContentType(respBody))
	}
	// Record before answering, so a client that has its answer sees it counted.
	ex.call.Status = status
	if in != nil {
		r.checkResponse(ex, in, status, bw.header, respBody)
	}
	r.mu.Lock()
	for i := range ex.violations {
		ex.violations[i].Status = status
	}
	r.violations = append(r.violations, ex.violations...)
	r.calls = append(r.calls, ex.call)
	r.mu.Unlock()

	for k, vs := range bw.header {
		w.Header()[k] = vs
	}
	w.WriteHeader(status)
	if len(respBody) > 0 && !bodylessStatus(status) {
		_, _ = w.Write(respBody)
	}
}

// exchange collects the findings of one request until it is recorded.
type exchange struct {
	call       Call
	violations []Violation
}

func (ex *exchange) add(where string, body []byte, header http.Header, msgs ...string) {
	for _, m := range msgs {
		ex.violations = append(ex.violations, Violation{
			Method: ex.call.Method, Path: ex.call.Path, Operation: ex.call.Operation,
			Where: where, Message: m, Body: excerpt(body, header),
		})
	}
}

// checkRequest routes and validates the request. It returns the input for
// response validation, or nil when no operation matched.
func (r *Recorder) checkRequest(ex *exchange, req *http.Request, body []byte) *openapi3filter.RequestValidationInput {
	site := sitePath(r.deployment, req.URL.EscapedPath())
	doc, docPath := selectDocument(r.deployment, site)
	var (
		sp     *spec
		route  *routers.Route
		params map[string]string
		err    error
	)
	if doc == nil {
		err = &routeError{}
	} else if sp, err = loadSpec(r.v.dir, doc); err != nil {
		ex.add("route", nil, nil, err.Error())
		return nil
	} else {
		ex.call.Document = doc.name
		route, params, err = sp.router.find(req.Method, docPath)
	}
	if err != nil {
		if r.allowed(req.Method, req.URL.Path, site) {
			ex.call.Note = "allow-listed: " + err.Error()
			return nil
		}
		where := "no document for " + string(r.deployment)
		if doc != nil {
			where = doc.name
		}
		ex.add("route", nil, nil, fmt.Sprintf("no operation for %s %s (%s: %v)", req.Method, req.URL.Path, where, err))
		return nil
	}

	op := route.Operation
	ex.call.Operation = op.OperationID
	ex.call.Template = route.Path
	ex.call.Deprecated = op.Deprecated

	vr := req.Clone(context.WithoutCancel(req.Context()))
	vr.Body = io.NopCloser(bytes.NewReader(body))
	vr.ContentLength = int64(len(body))
	vr.GetBody = nil
	in := &openapi3filter.RequestValidationInput{Request: vr, PathParams: params, Route: route, Options: sp.options}
	if err := openapi3filter.ValidateRequest(vr.Context(), in); err != nil {
		ex.add("request", body, req.Header, errorMessages(err)...)
	}
	return in
}

// standardErrors are the statuses any Atlassian endpoint may answer without
// the document saying so: bad request, auth, missing, conflict, gone (the
// removed Jira Cloud search), rate limiting and server errors. Such a status
// becomes a note on the call; any other undocumented status is a violation.
func standardError(status int) bool {
	switch status {
	case 400, 401, 403, 404, 409, 410, 429:
		return true
	}
	return status >= 500
}

func (r *Recorder) checkResponse(ex *exchange, in *openapi3filter.RequestValidationInput, status int, header http.Header, body []byte) {
	responses := in.Route.Operation.Responses
	if responses == nil || responses.Len() == 0 {
		return
	}
	if responses.Status(status) == nil && responses.Default() == nil {
		documented := slices.Sorted(func(yield func(string) bool) {
			for k := range responses.Map() {
				if !yield(k) {
					return
				}
			}
		})
		msg := fmt.Sprintf("status %d not documented (documented: %s)", status, strings.Join(documented, ", "))
		if standardError(status) {
			ex.call.Note = msg + "; accepted as a standard error"
		} else {
			ex.add("response", body, header, msg)
		}
		return
	}
	opts := in.Options
	if bodylessStatus(status) {
		// HTTP forbids a body here, whatever content the document declares.
		if len(body) > 0 {
			ex.add("response", body, header, fmt.Sprintf("status %d with a body", status))
		}
		o := *opts
		o.ExcludeResponseBody = true
		opts = &o
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 status,
		Header:                 header,
		Options:                opts,
	}
	out.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(in.Request.Context(), out); err != nil {
		ex.add("response", body, header, errorMessages(err)...)
	}
}

func (r *Recorder) allowed(method string, paths ...string) bool {
	for _, a := range r.allow {
		m, p, ok := strings.Cut(a, " ")
		if !ok {
			m, p = "*", a
		}
		if m != "*" && !strings.EqualFold(m, method) {
			continue
		}
		for _, candidate := range paths {
			if ok, _ := path.Match(p, candidate); ok {
				return true
			}
		}
	}
	return false
}

func bodylessStatus(status int) bool {
	return status == http.StatusNoContent || status == http.StatusNotModified || (status >= 100 && status < 200)
}

// bufferedWriter holds the whole response, so it can be validated before
// (and forwarded exactly as) the handler wrote it.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header { return b.header }

func (b *bufferedWriter) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

func (b *bufferedWriter) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}
