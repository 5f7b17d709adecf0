package contract

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// canned answers every request with the same response, and remembers the
// request body it was given.
type canned struct {
	status int
	ct     string
	body   string

	mu      sync.Mutex
	gotBody string
}

func (c *canned) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	c.mu.Lock()
	c.gotBody = string(b)
	c.mu.Unlock()
	if c.ct != "" {
		w.Header().Set("Content-Type", c.ct)
	}
	w.WriteHeader(c.status)
	_, _ = io.WriteString(w, c.body)
}

func jsonResp(status int, body string) *canned {
	return &canned{status: status, ct: "application/json;charset=UTF-8", body: body}
}

// roundTrip sends one request through a fresh Recorder and returns it.
func roundTrip(t *testing.T, d atlassian.Deployment, method, target, reqBody string, h http.Handler, allow ...string) *Recorder {
	t.Helper()
	rec := Require(t).Middleware(h, d, allow...)
	var body io.Reader
	if reqBody != "" {
		body = strings.NewReader(reqBody)
	}
	req := httptest.NewRequest(method, target, body)
	req.Header.Set("Authorization", "Basic YWxpY2VAZXhhbXBsZS5jb206YWxpY2UtYXBpLXRva2Vu")
	if reqBody != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	rec.ServeHTTP(httptest.NewRecorder(), req)
	return rec
}

// wantViolations checks that the recorded violations are exactly those
// whose messages contain the wanted substrings ("where: text"), in any order.
func wantViolations(t *testing.T, rec *Recorder, want ...string) {
	t.Helper()
	got := rec.Violations()
	var unmatched []string
	used := make([]bool, len(got))
	for _, w := range want {
		where, text, _ := strings.Cut(w, ": ")
		found := false
		for i, v := range got {
			if !used[i] && v.Where == where && strings.Contains(v.Message, text) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			unmatched = append(unmatched, w)
		}
	}
	for _, w := range unmatched {
		t.Errorf("missing violation %q", w)
	}
	for i, v := range got {
		if !used[i] {
			t.Errorf("unexpected violation: %s", v)
		}
	}
}

const (
	cloudID = "11111111-2222-3333-4444-555555555555"

	v1SearchOK = `{"results":[{"content":{"id":"98305","type":"page","status":"current","title":"Home",
		"ancestors":[{"id":"98304","type":"page","status":"current","ancestors":[]}],
		"_links":{"webui":"/spaces/DEMO/pages/98305"},"_expandable":{"space":"/rest/api/space/DEMO"}},
		"title":"Home","excerpt":"Welcome","url":"/spaces/DEMO/pages/98305","breadcrumbs":[],
		"entityType":"content","iconCssClass":"aui-icon content-type-page","lastModified":"2024-01-15T10:30:00.000Z",
		"friendlyLastModified":"Jan 15, 2024","score":1.5}],
		"start":0,"limit":25,"size":1,"totalSize":1,"cqlQuery":"type = page","searchDuration":12,
		"_links":{"base":"https://example.atlassian.net/wiki","context":"/wiki"}}`
)

func TestRequests(t *testing.T) {
	ok := func() *canned { return jsonResp(200, `{"issues":[],"isLast":true}`) }
	tests := []struct {
		name           string
		d              atlassian.Deployment
		method, target string
		body           string
		want           []string
	}{
		{"jql search", atlassian.Cloud, "POST", "/rest/api/3/search/jql",
			`{"jql":"project = DEMO","maxResults":10,"fields":["summary","status"]}`, nil},
		{"jql search with startAt (additionalProperties false)", atlassian.Cloud, "POST", "/rest/api/3/search/jql",
			`{"jql":"project = DEMO","startAt":50}`, []string{`request: body: property "startAt" is unsupported`}},
		{"jql search wrong types", atlassian.Cloud, "POST", "/rest/api/3/search/jql",
			`{"jql":123,"maxResults":"ten"}`, []string{"request: body: at /jql: value must be a string", "request: body: at /maxResults: value must be an integer"}},
		{"jql search via OAuth gateway", atlassian.Cloud, "POST", "/ex/jira/" + cloudID + "/rest/api/3/search/jql",
			`{"jql":"project = DEMO"}`, nil},
		{"GET jql search", atlassian.Cloud, "GET", "/rest/api/3/search/jql?jql=project%3DDEMO&maxResults=5&fields=summary,status", "", nil},
		{"query param wrong type", atlassian.Cloud, "GET", "/rest/api/3/search/jql?jql=x&maxResults=abc", "",
			[]string{`request: query parameter "maxResults"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := roundTrip(t, tt.d, tt.method, tt.target, tt.body, ok())
			wantViolations(t, rec, tt.want...)
		})
	}
}

func TestJiraDCCreateIssue(t *testing.T) {
	created := jsonResp(201, `{"id":"10001","key":"DEMO-2","self":"http://localhost/rest/api/2/issue/10001"}`)
	t.Run("string summary and wiki description", func(t *testing.T) {
		rec := roundTrip(t, atlassian.Server, "POST", "/rest/api/2/issue",
			`{"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Task"},"summary":"Fix it",
			"description":"h1. Title","labels":["a"],"duedate":null,"assignee":{"name":"alice"}}}`, created)
		wantViolations(t, rec)
		if c := rec.Calls(); len(c) != 1 || c[0].Operation != "createIssue" || c[0].Document != "jira-software-dc-10.3" {
			t.Errorf("calls = %+v", c)
		}
	})
	t.Run("fields not an object", func(t *testing.T) {
		rec := roundTrip(t, atlassian.Server, "POST", "/rest/api/2/issue", `{"fields":"summary"}`, created)
		wantViolations(t, rec, "request: body: at /fields: value must be an object")
	})
	t.Run("update ops must be arrays", func(t *testing.T) {
		rec := roundTrip(t, atlassian.Server, "POST", "/rest/api/2/issue", `{"update":{"labels":{"add":"x"}}}`, created)
		wantViolations(t, rec, "request: body: at /update/labels: value must be an array")
	})
}

func TestConfluenceV1SearchRecursive(t *testing.T) {
	t.Run("valid", func(t *testing.T) {
		rec := roundTrip(t, atlassian.Cloud, "GET", "/wiki/rest/api/search?cql=type%3Dpage&limit=25", "", jsonResp(200, v1SearchOK))
		wantViolations(t, rec)
	})
	t.Run("gateway without /wiki", func(t *testing.T) {
		rec := roundTrip(t, atlassian.Cloud, "GET", "/ex/confluence/"+cloudID+"/rest/api/search?cql=type%3Dpage", "", jsonResp(200, v1SearchOK))
		wantViolations(t, rec)
		if c := rec.Calls(); c[0].Operation != "searchByCQL" {
			t.Errorf("operation = %q", c[0].Operation)
		}
	})
	t.Run("broken", func(t *testing.T) {
		rec := roundTrip(t, atlassian.Cloud, "GET", "/wiki/rest/api/search?cql=type%3Dpage", "",
			jsonResp(200, `{"results":"notarray","start":"zero","limit":25,"size":0,"totalSize":0,"cqlQuery":"x","searchDuration":1,"_links":{}}`))
		wantViolations(t, rec, "response: body: at /results: value must be an array", "response: body: at /start: value must be an integer")
	})
	t.Run("deep in the recursion", func(t *testing.T) {
		// An ancestor of the content of a result, two levels into Content.
		bad := strings.Replace(v1SearchOK, `"ancestors":[]`, `"ancestors":[{"id":"1","type":"page"}]`, 1)
		rec := roundTrip(t, atlassian.Cloud, "GET", "/wiki/rest/api/search?cql=type%3Dpage", "", jsonResp(200, bad))
		wantViolations(t, rec, `response: body: at /results/0/content/ancestors/0/ancestors/0/status: property "status" is missing`)
	})
	t.Run("missing required property", func(t *testing.T) {
		bad := strings.Replace(v1SearchOK, `"totalSize":1,`, ``, 1)
		rec := roundTrip(t, atlassian.Cloud, "GET", "/wiki/rest/api/search?cql=type%3Dpage", "", jsonResp(200, bad))
		wantViolations(t, rec, `response: body: at /totalSize: property "totalSize" is missing`)
	})
	t.Run("missing cql", func(t *testing.T) {
		rec := roundTrip(t, atlassian.Cloud, "GET", "/wiki/rest/api/search", "", jsonResp(200, v1SearchOK))
		wantViolations(t, rec, `request: query parameter "cql": value is required but missing`)
	})
}

func TestConfluenceV2(t *testing.T) {
	page := `{"id":"98305","status":"current","title":"T","spaceId":"65538","parentId":"98304","parentType":"page",
		"authorId":"557058:alice","createdAt":"2024-01-15T10:30:00.000Z",
		"version":{"number":1,"createdAt":"2024-01-15T10:30:00.000Z","authorId":"557058:alice"},
		"body":{"storage":{"representation":"storage","value":"<p>x</p>"}},"_links":{"webui":"/spaces/DEMO/pages/98305","base":"https://example.atlassian.net/wiki"}}`
	t.Run("create page (overlapping oneOf body)", func(t *testing.T) {
		rec := roundTrip(t, atlassian.Cloud, "POST", "/wiki/api/v2/pages",
			`{"spaceId":"65538","status":"current","title":"T","parentId":"98304","body":{"representation":"storage","value":"<p>x</p>"}}`,
			jsonResp(200, page))
		wantViolations(t, rec)
		if c := rec.Calls(); c[0].Operation != "createPage" {
			t.Errorf("operation = %q", c[0].Operation)
		}
	})
	t.Run("bad body-format enum", func(t *testing.T) {
		rec := roundTrip(t, atlassian.Cloud, "GET", "/wiki/api/v2/pages/98305?body-format=html", "", jsonResp(200, page))
		wantViolations(t, rec, `request: query parameter "body-format"`)
	})
	t.Run("wrong type in response", func(t *testing.T) {
		rec := roundTrip(t, atlassian.Cloud, "GET", "/wiki/api/v2/pages/98305?body-format=storage", "",
			jsonResp(200, strings.Replace(page, `"number":1`, `"number":"1"`, 1)))
		wantViolations(t, rec, "response: body: at /version/number: value must be an integer")
	})
}

func TestResponses(t *testing.T) {
	issue := `{"id":"10001","key":"DEMO-1","self":"https://example.atlassian.net/rest/api/3/issue/10001",
		"fields":{"summary":"S","assignee":null,"duedate":null,"created":"2024-01-15T10:30:00.000+0000",
		"description":{"type":"doc","version":1,"content":[]}}}`
	tests := []struct {
		name           string
		d              atlassian.Deployment
		method, target string
		body           string
		resp           *canned
		allow          []string
		want           []string
		note           string
	}{
		{"issue with nulls and Jira dates", atlassian.Cloud, "GET", "/rest/api/3/issue/DEMO-1", "", jsonResp(200, issue), nil, nil, ""},
		{"created, documented 201", atlassian.Cloud, "POST", "/rest/api/3/issue",
			`{"fields":{"summary":"S","project":{"key":"DEMO"},"issuetype":{"name":"Task"}}}`,
			jsonResp(201, `{"id":"10002","key":"DEMO-2","self":"https://example.atlassian.net/rest/api/3/issue/10002"}`), nil, nil, ""},
		{"created answered 200", atlassian.Cloud, "POST", "/rest/api/3/issue",
			`{"fields":{"summary":"S"}}`, jsonResp(200, `{"id":"10002","key":"DEMO-2"}`), nil,
			[]string{"response: status 200 not documented (documented: 201, 400, 401, 403, 422)"}, ""},
		{"documented 400 body checked", atlassian.Cloud, "POST", "/rest/api/3/issue", `{"fields":{}}`,
			jsonResp(400, `{"errorMessages":[],"errors":{"summary":"required"},"startAt":0}`), nil,
			[]string{`response: body: property "startAt" is unsupported`}, ""},
		{"documented 400 body fine", atlassian.Cloud, "POST", "/rest/api/3/issue", `{"fields":{}}`,
			jsonResp(400, `{"errorMessages":[],"errors":{"summary":"You must specify a summary of the issue."}}`), nil, nil, ""},
		{"DC 404 body checked", atlassian.Server, "GET", "/confluence/rest/api/content/999", "",
			jsonResp(404, `{"statusCode":"404","message":"No content found with id 999"}`), nil,
			[]string{"response: body: at /statusCode: value must be an integer"}, ""},
		{"undocumented 404 is a note", atlassian.Cloud, "GET", "/rest/api/3/myself", "",
			jsonResp(404, `{"errorMessages":["x"]}`), nil, nil, "status 404 not documented"},
		{"removed search answers 410", atlassian.Cloud, "GET", "/rest/api/3/search?jql=project%3DDEMO", "",
			jsonResp(410, `{"errorMessages":["The requested API has been removed."],"errors":{}}`), nil, nil, "accepted as a standard error"},
		{"v2 search on Cloud is unknown", atlassian.Cloud, "GET", "/rest/api/2/search?jql=x", "",
			jsonResp(410, `{}`), nil, []string{"route: no operation for GET /rest/api/2/search (jira-cloud-platform-v3"}, ""},
		{"allow-listed", atlassian.Cloud, "GET", "/rest/api/2/search?jql=x", "",
			jsonResp(410, `{}`), []string{"GET /rest/api/2/search"}, nil, "allow-listed"},
		{"unknown prefix", atlassian.Server, "GET", "/x", "", jsonResp(200, `{}`), nil,
			[]string{"route: no operation for GET /x (no document for server"}, ""},
		{"gateway is Cloud only", atlassian.Server, "GET", "/ex/jira/" + cloudID + "/rest/api/2/myself", "", jsonResp(200, `{}`), nil,
			[]string{"route: no operation for GET /ex/jira/"}, ""},
		{"method not allowed", atlassian.Cloud, "PATCH", "/rest/api/3/issue/DEMO-1", "", jsonResp(200, `{}`), nil,
			[]string{"route: no operation for PATCH /rest/api/3/issue/DEMO-1 (jira-cloud-platform-v3: method not allowed (document has DELETE, GET, PUT))"}, ""},
		{"JSON sent as text/plain", atlassian.Cloud, "GET", "/rest/api/3/issue/DEMO-1", "",
			&canned{status: 200, body: issue}, nil, []string{`response: response header Content-Type has unexpected value: "text/plain; charset=utf-8"`}, ""},
		{"bad date-time", atlassian.Cloud, "GET", "/rest/api/3/issue/DEMO-1/comment", "",
			jsonResp(200, `{"comments":[{"id":"1","created":"15/01/2024"}],"startAt":0,"maxResults":50,"total":1}`), nil,
			[]string{`response: body: at /comments/0/created: string doesn't match the format "date-time"`}, ""},
		{"DC list is an array", atlassian.Server, "GET", "/rest/api/2/field", "",
			jsonResp(200, `[{"id":"summary","name":"Summary","custom":false}]`), nil, nil, ""},
		{"DC assignable users", atlassian.Server, "GET", "/rest/api/2/user/assignable/search?project=DEMO&username=al", "",
			jsonResp(200, `[{"name":"alice","key":"JIRAUSER10000","displayName":"Alice","active":true}]`), nil, nil, ""},
		{"agile board issues with fields", atlassian.Server, "GET", "/rest/agile/1.0/board/1/issue?fields=summary,status&maxResults=10", "",
			jsonResp(200, `{"startAt":0,"maxResults":10,"total":0,"issues":[]}`), nil, nil, ""},
		{"Confluence DC attachments answer 200", atlassian.Server, "GET", "/confluence/rest/api/content/98305/child/attachment", "",
			jsonResp(200, `{"results":[],"start":0,"limit":25,"size":0}`), nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := roundTrip(t, tt.d, tt.method, tt.target, tt.body, tt.resp, tt.allow...)
			wantViolations(t, rec, tt.want...)
			c := rec.Calls()
			if len(c) != 1 {
				t.Fatalf("calls = %+v", c)
			}
			if !strings.Contains(c[0].Note, tt.note) || (tt.note == "" && c[0].Note != "") {
				t.Errorf("note = %q, want %q", c[0].Note, tt.note)
			}
			if c[0].Status != tt.resp.status {
				t.Errorf("status = %d", c[0].Status)
			}
		})
	}
}

func TestMiddlewarePassesThrough(t *testing.T) {
	h := &canned{status: 201, ct: "application/json", body: `{"id":"10002","key":"DEMO-2","self":"x"}`}
	rec := Require(t).Middleware(h, atlassian.Cloud)
	body := `{"fields":{"summary":"S"}}`
	req := httptest.NewRequest("POST", "/rest/api/3/issue", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	rec.ServeHTTP(w, req)
	if h.gotBody != body {
		t.Errorf("handler got body %q", h.gotBody)
	}
	if w.Code != 201 || w.Body.String() != h.body || w.Header().Get("Content-Type") != "application/json" {
		t.Errorf("client got %d %q %v", w.Code, w.Body.String(), w.Header())
	}
	rec.Check(t)
}

func TestMultipartUpload(t *testing.T) {
	var buf bytes.Buffer
	fmt.Fprint(&buf, "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--B--\r\n")
	send := func(t *testing.T, d atlassian.Deployment, target string, h http.Handler, header map[string]string) *Recorder {
		rec := Require(t).Middleware(h, d)
		req := httptest.NewRequest("POST", target, bytes.NewReader(buf.Bytes()))
		req.Header.Set("Content-Type", "multipart/form-data; boundary=B")
		for k, v := range header {
			req.Header.Set(k, v)
		}
		rec.ServeHTTP(httptest.NewRecorder(), req)
		return rec
	}
	t.Run("Jira Cloud", func(t *testing.T) {
		rec := send(t, atlassian.Cloud, "/rest/api/3/issue/DEMO-1/attachments",
			jsonResp(200, `[{"id":"10000","filename":"a.txt","size":5,"mimeType":"text/plain","created":"2024-01-15T10:30:00.000+0000"}]`),
			map[string]string{"X-Atlassian-Token": "no-check"})
		wantViolations(t, rec)
	})
	t.Run("Jira DC", func(t *testing.T) {
		rec := send(t, atlassian.Server, "/rest/api/2/issue/DEMO-1/attachments",
			jsonResp(200, `[{"id":"10000","filename":"a.txt","size":5,"mimeType":"text/plain"}]`), nil)
		wantViolations(t, rec)
	})
	// The document does not declare the X-Atlassian-Token header real
	// Confluence requires here: the sandbox has to check it itself.
	t.Run("Confluence Cloud needs minorEdit", func(t *testing.T) {
		rec := send(t, atlassian.Cloud, "/wiki/rest/api/content/98305/child/attachment",
			jsonResp(200, `{"results":[],"size":0,"start":0,"limit":25,"_links":{"base":"https://example.atlassian.net/wiki"}}`), nil)
		wantViolations(t, rec, `request: body: at /minorEdit: property "minorEdit" is missing`)
	})
}

func TestConcurrentRequests(t *testing.T) {
	rec := Require(t).Middleware(jsonResp(200, v1SearchOK), atlassian.Cloud)
	srv := httptest.NewServer(rec)
	defer srv.Close()
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			q := "cql=type%3Dpage"
			if i%4 == 0 {
				q = "limit=x" // two violations: cql missing, limit not an integer
			}
			resp, err := http.Get(srv.URL + "/wiki/rest/api/search?" + q)
			if err != nil {
				t.Error(err)
				return
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if string(b) != v1SearchOK {
				t.Errorf("body changed: %.60s", b)
			}
		})
	}
	wg.Wait()
	if n := len(rec.Calls()); n != 40 {
		t.Errorf("calls = %d", n)
	}
	if n := len(rec.Violations()); n != 20 {
		t.Errorf("violations = %d, want 20: %v", n, rec.Violations())
	}
	if ops := rec.Operations(); len(ops) != 1 || !slices.Equal(ops["confluence-cloud-v1"], []string{"searchByCQL"}) {
		t.Errorf("operations = %v", ops)
	}
}

func TestRouting(t *testing.T) {
	v := Require(t)
	tests := []struct {
		d              atlassian.Deployment
		method, target string
		op             string
	}{
		{atlassian.Cloud, "GET", "/rest/api/3/issue/createmeta/DEMO/issuetypes", "getCreateIssueMetaIssueTypes"},
		{atlassian.Cloud, "GET", "/rest/api/3/issue/DEMO-1", "getIssue"},
		{atlassian.Cloud, "GET", "/rest/agile/1.0/board/1/sprint", "getAllSprints"},
		{atlassian.Cloud, "GET", "/ex/jira/" + cloudID + "/rest/agile/1.0/sprint/1", "getSprint"},
		{atlassian.Cloud, "GET", "/ex/confluence/" + cloudID + "/wiki/api/v2/pages/1", "getPageById"},
		{atlassian.Cloud, "DELETE", "/wiki/rest/api/content/1/label/my%2Flabel", "removeLabelFromContent"},
		{atlassian.Server, "GET", "/confluence/rest/api/content/1", "getContentById"},
		{atlassian.Server, "PUT", "/confluence/rest/api/content/1", "update_2"},
		{atlassian.Server, "GET", "/rest/agile/1.0/sprint/1", "getSprint"},
		{atlassian.Server, "GET", "/rest/api/2/search", "search_1"},
		{atlassian.Server, "GET", "/rest/api/latest/issue/DEMO-1", "getIssue"},
	}
	for _, tt := range tests {
		rec := v.Middleware(jsonResp(200, `{}`), tt.d)
		rec.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(tt.method, tt.target, nil))
		if c := rec.Calls(); c[0].Operation != tt.op {
			t.Errorf("%s %s %s: operation %q (%s), want %q", tt.d, tt.method, tt.target, c[0].Operation, c[0].Note, tt.op)
		}
	}
}

func TestStripGateway(t *testing.T) {
	for in, want := range map[string]string{
		"/ex/jira/c/rest/api/3/myself":          "/rest/api/3/myself",
		"/ex/confluence/c/wiki/api/v2/pages":    "/wiki/api/v2/pages",
		"/ex/confluence/c/wiki/rest/api/search": "/wiki/rest/api/search",
		"/ex/confluence/c/rest/api/search":      "/wiki/rest/api/search",
		"/ex/bitbucket/c/x":                     "/ex/bitbucket/c/x",
		"/ex/jira":                              "/ex/jira",
		"/rest/api/3/myself":                    "/rest/api/3/myself",
	} {
		if got := stripGateway(in); got != want {
			t.Errorf("stripGateway(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPatchesApply guards against a patch silently matching nothing after a
// document update, which would bring back false violations or hide bugs.
func TestPatchesApply(t *testing.T) {
	v := Require(t)
	want := map[*document]map[string]int{ // minimum counts
		jiraCloudPlatform: {"untyped-nullable": 1, "multipart-forms": 1, "object-query-arrays": 2, "misnamed-required": 2, "assign-null": 1},
		jiraCloudAgile:    {"overlapping-oneOf": 2, "object-query-arrays": 9, "authorization-header": 20},
		jiraDC:            {"assign-null": 1, "fields-maps": 2, "object-query-arrays": 10, "dc-array-responses": len(dcArrayOperations)},
		confluenceCloudV2: {"overlapping-oneOf": 10},
		confluenceCloudV1: {"overlapping-oneOf": 2, "multipart-forms": 3},
		confluenceDC:      {"dc-attachment-list-status": 1},
	}
	for d, patches := range want {
		s, err := loadSpec(v.dir, d)
		if err != nil {
			t.Fatal(err)
		}
		for name, min := range patches {
			if got := s.stats.Patches[name]; got < min {
				t.Errorf("%s: patch %s applied %d times, want ≥ %d", d.name, name, got, min)
			}
		}
		// SearchAndReconcileRequestBean and friends stay strict.
		if d == jiraCloudPlatform {
			bean := s.doc.Components.Schemas["SearchAndReconcileRequestBean"].Value
			if bean.AdditionalProperties.Has == nil || *bean.AdditionalProperties.Has {
				t.Error("SearchAndReconcileRequestBean lost additionalProperties: false")
			}
		}
	}
}

func TestDir(t *testing.T) {
	t.Setenv(DirEnv, "/some/where")
	if got := Dir(); got != "/some/where" {
		t.Errorf("Dir() = %q with %s set", got, DirEnv)
	}
	t.Setenv(DirEnv, "")
	wd, _ := os.Getwd()
	want := filepath.Join(wd, "..", "..", "..", "shared", "atlassian-openapi") // internal/contract → module root → ..
	if got := Dir(); got != want {
		t.Errorf("Dir() = %q, want %q", got, want)
	}
}

func TestRequireDecision(t *testing.T) {
	empty := t.TempDir()
	t.Setenv(DirEnv, empty)
	_, err := Load()
	var missing *MissingError
	if !errors.As(err, &missing) || missing.Dir != empty || len(missing.Files) != len(allDocuments) {
		t.Fatalf("Load() error = %v", err)
	}
	for ci, wantFail := range map[string]bool{"": false, "true": true, "1": true, "yes": true, "false": false, "0": false} {
		fail, msg := missingDecision(err, ci)
		if fail != wantFail {
			t.Errorf("CI=%q: fail = %v, want %v", ci, fail, wantFail)
		}
		if !strings.Contains(msg, empty) || !strings.Contains(msg, DirEnv) {
			t.Errorf("CI=%q: message %q should name the directory and %s", ci, msg, DirEnv)
		}
	}
}

// TestLoadStats loads every document and logs what each costs; go test -v
// shows the numbers. Each document is parsed once per process, so this
// reports the cost paid by whichever test touches a document first.
func TestLoadStats(t *testing.T) {
	v := Require(t)
	for _, d := range allDocuments {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		s, err := loadSpec(v.dir, d)
		if err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		t.Logf("%s; heap now %+.1f MB", s.stats, (float64(after.HeapAlloc)-float64(before.HeapAlloc))/(1<<20))
		if s.stats.Duration > 30*time.Second {
			t.Errorf("%s took %v to load", d.name, s.stats.Duration)
		}
	}
}

// BenchmarkLoad measures loading each document from scratch (uncached):
// go test -run '^$' -bench Load -benchtime 3x ./internal/contract/
func BenchmarkLoad(b *testing.B) {
	v := Require(b)
	for _, d := range allDocuments {
		b.Run(d.name, func(b *testing.B) {
			b.ReportAllocs()
			var s *spec
			for b.Loop() {
				var err error
				if s, err = readSpec(filepath.Join(v.dir, d.file()), d); err != nil {
					b.Fatal(err)
				}
			}
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			b.ReportMetric(float64(m.HeapAlloc)/(1<<20), "MB-heap")
			runtime.KeepAlive(s)
		})
	}
}
