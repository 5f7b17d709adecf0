package contract_test

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/internal/contract"
)

// extraTours are the tours of resources added after the first tools, one
// file each (tour_<resource>_test.go), registered by name from init.
var extraTours = map[string]func(tr *tourist, d atlassian.Deployment){}

// TestSandboxConformance drives a scripted tour of the sandbox, every route
// it registers, for both deployments, through the contract middleware: the
// requests are what a well-behaved client sends, so every violation is the
// sandbox's (or a document defect contract has not patched yet).
func TestSandboxConformance(t *testing.T) {
	v := contract.Require(t)
	for _, d := range []atlassian.Deployment{atlassian.Cloud, atlassian.Server} {
		t.Run(string(d), func(t *testing.T) {
			sb := sandbox.New(sandbox.Options{Deployment: d})
			routes := sandbox.Routes(d)
			rec := v.Middleware(sb, d, contract.Undocumented(routes)...)
			srv := httptest.NewServer(rec)
			defer srv.Close()
			tr := &tourist{t: t, base: srv.URL}
			if d == atlassian.Cloud {
				tr.auth = basic("alice@example.com", "alice-api-token")
				jiraCloudTour(tr)
				confluenceCloudTour(tr)
				gatewayTour(tr, sb.CloudID())
			} else {
				tr.auth = bearer("alice-pat")
				jiraDCTour(tr)
				confluenceDCTour(tr)
			}
			for _, name := range slices.Sorted(maps.Keys(extraTours)) {
				tr.auth = basic("alice@example.com", "alice-api-token")
				if d == atlassian.Server {
					tr.auth = bearer("alice-pat")
				}
				extraTours[name](tr, d)
			}
			rec.Check(t)
			ops := rec.Operations()
			for doc, want := range routeOperations(t, v, d, routes) {
				t.Logf("%s: %d exchanges, operations exercised: %s", doc, len(rec.Calls()), strings.Join(ops[doc], " "))
				for _, op := range want {
					if !slices.Contains(ops[doc], op) {
						t.Errorf("the tour did not reach %s %s", doc, op)
					}
				}
			}
		})
	}
}

// TestSandboxRoutes checks the sandbox's route table against the
// documents: every route names the operation the document of its product
// and deployment has for its method and path, and a route without one is
// really absent from the documents.
func TestSandboxRoutes(t *testing.T) {
	v := contract.Require(t)
	for _, d := range []atlassian.Deployment{atlassian.Cloud, atlassian.Server} {
		routes := sandbox.Routes(d)
		if len(routes) == 0 {
			t.Fatalf("%s: no routes", d)
		}
		for _, r := range routes {
			doc, op, err := v.Operation(d, r.Method, r.Pattern)
			switch {
			case r.OperationID == "" && err == nil:
				t.Errorf("%s %s %s: marked undocumented, but %s has %s", d, r.Method, r.Pattern, doc, op)
			case r.OperationID == "":
			case err != nil:
				t.Errorf("%s %s %s (%s): %v", d, r.Method, r.Pattern, r.OperationID, err)
			case op != r.OperationID:
				t.Errorf("%s %s %s: route says %s, %s says %s", d, r.Method, r.Pattern, r.OperationID, doc, op)
			case !strings.HasPrefix(doc, string(r.Product)):
				t.Errorf("%s %s %s: a %s route described by %s", d, r.Method, r.Pattern, r.Product, doc)
			}
		}
	}
}

// routeOperations are the document operations the tour must reach: those
// of every route the sandbox serves, so that a step silently skipped (an
// id not found) or a route added without a tour step shows.
func routeOperations(t *testing.T, v *contract.Validator, d atlassian.Deployment, routes []sandbox.Route) map[string][]string {
	t.Helper()
	want := map[string][]string{}
	for _, r := range routes {
		if r.OperationID == "" {
			continue
		}
		doc, _, err := v.Operation(d, r.Method, r.Pattern)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(want[doc], r.OperationID) {
			want[doc] = append(want[doc], r.OperationID)
		}
	}
	return want
}

func jiraCloudTour(tr *tourist) {
	tr.ok("GET", "/rest/api/3/myself", "")
	tr.ok("GET", "/rest/api/3/field", "")
	tr.ok("GET", "/rest/api/3/project/DEMO", "")
	tr.ok("GET", "/rest/api/3/project/search?maxResults=10", "")
	tr.ok("GET", "/rest/api/3/user?accountId=5b10a2844c20165700ede21b", "")
	tr.ok("GET", "/rest/api/3/user/search?query=bob", "")

	page := tr.ok("POST", "/rest/api/3/search/jql",
		`{"jql":"project = DEMO ORDER BY key","maxResults":3,"fields":["summary","status","assignee","description","labels","duedate"]}`)
	if token := str(page, "nextPageToken"); token != "" {
		tr.ok("POST", "/rest/api/3/search/jql", `{"jql":"project = DEMO ORDER BY key","maxResults":3,"nextPageToken":`+quote(token)+`}`)
	}
	key := str(page, "issues", 0, "key")
	tr.ok("GET", "/rest/api/3/search/jql?jql="+url.QueryEscape("project = DEMO ORDER BY key")+"&fields=*all&maxResults=2&expand=renderedFields,names", "")
	tr.ok("POST", "/rest/api/3/search/approximate-count", `{"jql":"project = DEMO"}`)
	tr.ok("GET", "/rest/api/3/issue/"+key+"?expand=renderedFields,names,changelog,transitions", "")
	tr.ok("GET", "/rest/api/3/issue/"+key+"?fields=summary,status", "")

	types := tr.ok("GET", "/rest/api/3/issue/createmeta/DEMO/issuetypes", "")
	if id := str(types, "issueTypes", 0, "id"); id != "" {
		tr.ok("GET", "/rest/api/3/issue/createmeta/DEMO/issuetypes/"+id, "")
	}

	adf := `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"Written by the contract tour."}]}]}`
	created := tr.ok("POST", "/rest/api/3/issue",
		`{"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Task"},"summary":"Contract tour","description":`+adf+`,"labels":["tour"]}}`)
	nk := str(created, "key")
	tr.ok("PUT", "/rest/api/3/issue/"+nk, `{"fields":{"summary":"Contract tour, edited"}}`)
	tr.ok("POST", "/rest/api/3/issue/"+nk+"/comment", `{"body":`+adf+`}`)
	tr.ok("GET", "/rest/api/3/issue/"+nk+"/comment?maxResults=10", "")
	tr.transition(nk, "/rest/api/3")

	tr.status(404, "GET", "/rest/api/3/issue/NOPE-999", "")
	tr.status(410, "GET", "/rest/api/3/search?jql="+url.QueryEscape("project = DEMO"), "")
	tr.status(410, "GET", "/rest/api/2/search?jql="+url.QueryEscape("project = DEMO"), "")
	tr.status(410, "POST", "/rest/api/3/search", `{"jql":"project = DEMO"}`)
	tr.as(basic("alice@example.com", "wrong")).status(401, "GET", "/rest/api/3/myself", "")
}

func confluenceCloudTour(tr *tourist) {
	spaces := tr.ok("GET", "/wiki/api/v2/spaces?keys=DEMO", "")
	sid := str(spaces, "results", 0, "id")
	tr.ok("GET", "/wiki/api/v2/spaces/"+sid, "")
	tr.ok("GET", "/wiki/api/v2/spaces?limit=1", "")
	pages := tr.ok("GET", "/wiki/api/v2/pages?space-id="+sid+"&title=Home&body-format=storage", "")
	pid := str(pages, "results", 0, "id")
	tr.ok("GET", "/wiki/api/v2/pages?space-id="+sid+"&limit=2", "")
	tr.ok("GET", "/wiki/api/v2/pages/"+pid+"?body-format=storage", "")
	tr.ok("GET", "/wiki/api/v2/pages/"+pid+"?body-format=atlas_doc_format", "")
	tr.ok("GET", "/wiki/api/v2/pages/"+pid+"/versions", "")
	tr.ok("GET", "/wiki/api/v2/pages/"+pid+"/footer-comments?body-format=storage", "")

	created := tr.ok("POST", "/wiki/api/v2/pages",
		`{"spaceId":`+quote(sid)+`,"status":"current","title":"Contract tour","parentId":`+quote(pid)+`,"body":{"representation":"storage","value":"<p>tour</p>"}}`)
	np := str(created, "id")
	tr.ok("PUT", "/wiki/api/v2/pages/"+np,
		`{"id":`+quote(np)+`,"status":"current","title":"Contract tour, edited","body":{"representation":"storage","value":"<p>edited</p>"},"version":{"number":2,"message":"tour"}}`)
	comment := tr.ok("POST", "/wiki/api/v2/footer-comments", `{"pageId":`+quote(np)+`,"body":{"representation":"storage","value":"<p>comment</p>"}}`)
	cid := str(comment, "id")
	tr.ok("GET", "/wiki/api/v2/footer-comments/"+cid+"?body-format=storage", "")
	tr.ok("GET", "/wiki/api/v2/footer-comments/"+cid+"/children", "")
	tr.ok("GET", "/wiki/api/v2/pages/"+np+"/footer-comments?body-format=atlas_doc_format", "")

	cql := url.QueryEscape(`type = page AND space = DEMO ORDER BY title`)
	tr.ok("GET", "/wiki/rest/api/search?cql="+cql+"&limit=3", "")
	tr.ok("GET", "/wiki/rest/api/search?cql="+url.QueryEscape(`text ~ "runbook"`)+"&limit=3&excerpt=highlight", "")
	tr.ok("GET", "/wiki/rest/api/content/search?cql="+cql+"&limit=3&expand=body.storage,version,space", "")
	tr.ok("GET", "/wiki/rest/api/user/current", "")
	tr.ok("GET", "/wiki/rest/api/user?accountId=5b10a2844c20165700ede21b", "")

	tr.status(404, "GET", "/wiki/api/v2/pages/999999999", "")
}

func gatewayTour(tr *tourist, cloudID string) {
	gw := tr.as(bearer("alice-oauth-token"))
	gw.ok("GET", "/ex/jira/"+cloudID+"/rest/api/3/myself", "")
	gw.ok("POST", "/ex/jira/"+cloudID+"/rest/api/3/search/jql", `{"jql":"project = DEMO","maxResults":1}`)
	gw.ok("GET", "/ex/confluence/"+cloudID+"/wiki/api/v2/spaces?keys=DEMO", "")
	gw.ok("GET", "/ex/confluence/"+cloudID+"/rest/api/search?cql="+url.QueryEscape("type = page")+"&limit=1", "")
}

func jiraDCTour(tr *tourist) {
	tr.ok("GET", "/rest/api/2/myself", "")
	tr.ok("GET", "/rest/api/latest/myself", "")
	tr.ok("GET", "/rest/api/2/field", "")
	tr.ok("GET", "/rest/api/2/project", "")
	tr.ok("GET", "/rest/api/2/project/DEMO", "")
	tr.ok("GET", "/rest/api/2/user?username=bob", "")
	tr.ok("GET", "/rest/api/2/user/search?username=bo", "")

	page := tr.ok("GET", "/rest/api/2/search?jql="+url.QueryEscape("project = DEMO ORDER BY key")+"&startAt=0&maxResults=3&fields=summary,status,assignee", "")
	key := str(page, "issues", 0, "key")
	tr.ok("POST", "/rest/api/2/search", `{"jql":"project = DEMO ORDER BY key","startAt":3,"maxResults":3,"fields":["summary","status","description","labels","duedate"]}`)
	tr.ok("GET", "/rest/api/2/issue/"+key+"?expand=renderedFields,names,changelog,transitions", "")

	types := tr.ok("GET", "/rest/api/2/issue/createmeta/DEMO/issuetypes", "")
	if id := str(types, "values", 0, "id"); id != "" {
		tr.ok("GET", "/rest/api/2/issue/createmeta/DEMO/issuetypes/"+id, "")
	}

	created := tr.ok("POST", "/rest/api/2/issue",
		`{"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Task"},"summary":"Contract tour","description":"h1. Tour\n\nWritten by *the tour*.","labels":["tour"],"assignee":{"name":"bob"}}}`)
	nk := str(created, "key")
	tr.ok("PUT", "/rest/api/2/issue/"+nk, `{"fields":{"summary":"Contract tour, edited"}}`)
	tr.ok("POST", "/rest/api/2/issue/"+nk+"/comment", `{"body":"A *wiki* comment."}`)
	tr.ok("GET", "/rest/api/2/issue/"+nk+"/comment", "")
	tr.transition(nk, "/rest/api/2")

	tr.status(404, "GET", "/rest/api/2/issue/NOPE-999", "")
	tr.as(bearer("wrong")).status(401, "GET", "/rest/api/2/myself", "")
}

func confluenceDCTour(tr *tourist) {
	const api = "/confluence/rest/api"
	tr.ok("GET", api+"/space?limit=10", "")
	tr.ok("GET", api+"/space/DEMO", "")
	list := tr.ok("GET", api+"/content?spaceKey=DEMO&title=Home&type=page&expand=body.storage,version", "")
	id := str(list, "results", 0, "id")
	tr.ok("GET", api+"/content?spaceKey=DEMO&type=page&limit=3", "")
	tr.ok("GET", api+"/content/"+id+"?expand=body.storage,version,space,ancestors", "")
	tr.ok("GET", api+"/content/"+id+"/child/page?expand=version", "")
	tr.ok("GET", api+"/content/"+id+"/child/comment?expand=body.storage", "")

	created := tr.ok("POST", api+"/content",
		`{"type":"page","title":"Contract tour","space":{"key":"DEMO"},"ancestors":[{"id":`+quote(id)+`}],"body":{"storage":{"value":"<p>tour</p>","representation":"storage"}}}`)
	np := str(created, "id")
	tr.ok("PUT", api+"/content/"+np,
		`{"type":"page","title":"Contract tour, edited","version":{"number":2},"body":{"storage":{"value":"<p>edited</p>","representation":"storage"}}}`)
	tr.ok("POST", api+"/content",
		`{"type":"comment","container":{"id":`+quote(np)+`,"type":"page"},"body":{"storage":{"value":"<p>comment</p>","representation":"storage"}}}`)

	cql := url.QueryEscape(`type = page AND space = DEMO ORDER BY title`)
	tr.ok("GET", api+"/search?cql="+cql+"&limit=3", "")
	tr.ok("GET", api+"/content/search?cql="+cql+"&limit=3&expand=body.storage", "")
	tr.ok("GET", api+"/user/current", "")
	tr.ok("GET", api+"/user?username=bob", "")

	tr.status(404, "GET", api+"/content/999999999", "")
}

// transition moves an issue along its first available transition.
func (tr *tourist) transition(key, api string) {
	ts := tr.ok("GET", api+"/issue/"+key+"/transitions", "")
	if id := str(ts, "transitions", 0, "id"); id != "" {
		tr.ok("POST", api+"/issue/"+key+"/transitions", `{"transition":{"id":`+quote(id)+`}}`)
	}
}

// tourist is a minimal REST client for the tour.
type tourist struct {
	t    *testing.T
	base string
	auth func(*http.Request)
}

func (tr *tourist) as(auth func(*http.Request)) *tourist {
	c := *tr
	c.auth = auth
	return &c
}

// ok sends a request that must succeed (2xx) and returns its decoded body.
func (tr *tourist) ok(method, path, body string) any {
	tr.t.Helper()
	status, v, raw := tr.do(method, path, body)
	if status < 200 || status > 299 {
		tr.t.Errorf("%s %s → %d, want 2xx: %.300s", method, path, status, raw)
	}
	return v
}

// status sends a request that must answer want.
func (tr *tourist) status(want int, method, path, body string) any {
	tr.t.Helper()
	status, v, raw := tr.do(method, path, body)
	if status != want {
		tr.t.Errorf("%s %s → %d, want %d: %.300s", method, path, status, want, raw)
	}
	return v
}

func (tr *tourist) do(method, path, body string) (int, any, []byte) {
	tr.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, tr.base+path, rd)
	if err != nil {
		tr.t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if tr.auth != nil {
		tr.auth(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tr.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var v any
	_ = json.Unmarshal(raw, &v)
	return resp.StatusCode, v, raw
}

func basic(user, pass string) func(*http.Request) {
	token := base64.StdEncoding.EncodeToString([]byte(user + ":" + pass))
	return func(r *http.Request) { r.Header.Set("Authorization", "Basic "+token) }
}

func bearer(token string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }
}

// str digs a string out of decoded JSON by keys and indexes; "" if absent.
func str(v any, path ...any) string {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return ""
			}
			v = a[k]
		}
	}
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return ""
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
