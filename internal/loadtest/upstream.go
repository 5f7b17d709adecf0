package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox"
)

// fakeJira answers fixed JSON. The first GET of each path and query is
// answered by an in-process sandbox (so every server under test gets what
// a real Jira would give its own query: the fields it asked for, the
// expansions it named); the answer is kept and replayed byte for byte
// from then on, so after warm-up the upstream costs a map lookup and a
// write, the same for every server.
type fakeJira struct {
	sb *sandbox.Server

	mu      sync.Mutex
	answers map[string]cannedAnswer
}

type cannedAnswer struct {
	status int
	ctype  string
	body   []byte
}

// maxCanned bounds the replay table; a load run asks a handful of URLs.
const maxCanned = 256

func newFakeJira(d atlassian.Deployment) *fakeJira {
	return &fakeJira{sb: sandbox.New(sandbox.Options{Deployment: d}), answers: map[string]cannedAnswer{}}
}

func (f *fakeJira) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		http.Error(w, "the load test's upstream only answers GET", http.StatusMethodNotAllowed)
		return
	}
	key := r.URL.RequestURI()
	f.mu.Lock()
	a, ok := f.answers[key]
	if !ok {
		a = f.record(r)
		if a.status == http.StatusOK && len(f.answers) < maxCanned {
			f.answers[key] = a
		}
	}
	f.mu.Unlock()
	h := w.Header()
	h["Content-Type"] = []string{a.ctype}
	h["Content-Length"] = []string{strconv.Itoa(len(a.body))}
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body)
}

// record asks the sandbox once; the caller holds f.mu.
func (f *fakeJira) record(r *http.Request) cannedAnswer {
	rec := httptest.NewRecorder()
	f.sb.ServeHTTP(rec, r)
	return cannedAnswer{status: rec.Code, ctype: rec.Header().Get("Content-Type"), body: bytes.Clone(rec.Body.Bytes())}
}

// canned returns the body served for a request URI, after at least one
// request asked for it.
func (f *fakeJira) canned() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]int{}
	for k, a := range f.answers {
		out[k] = len(a.body)
	}
	return out
}
