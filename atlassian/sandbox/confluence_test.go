package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// ---- harness ---------------------------------------------------------------------------

type confHarness struct {
	t     *testing.T
	sb    *Server
	srv   *httptest.Server
	cloud bool
}

func newConfHarness(t *testing.T, dep atlassian.Deployment) *confHarness {
	t.Helper()
	sb := New(Options{Deployment: dep})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	return &confHarness{t: t, sb: sb, srv: srv, cloud: dep == atlassian.Cloud}
}

type confResp struct {
	status int
	header http.Header
	raw    []byte
	body   any
}

// get walks a dotted path ("results.0.title") through the JSON body.
func (r *confResp) get(path string) any {
	return confJSONPath(r.body, path)
}

func (r *confResp) str(path string) string {
	v := r.get(path)
	if s, ok := v.(string); ok {
		return s
	}
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

func (r *confResp) num(path string) int {
	f, _ := r.get(path).(float64)
	return int(f)
}

func (r *confResp) list(path string) []any {
	l, _ := r.get(path).([]any)
	return l
}

func confJSONPath(v any, path string) any {
	if path == "" {
		return v
	}
	for _, part := range strings.Split(path, ".") {
		switch cur := v.(type) {
		case map[string]any:
			v = cur[part]
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(cur) {
				return nil
			}
			v = cur[i]
		default:
			return nil
		}
	}
	return v
}

// auth credentials per deployment: Cloud basic (email + API token), DC PAT.
func (h *confHarness) authorize(req *http.Request, user string) {
	if user == "" {
		return
	}
	if h.cloud {
		req.SetBasicAuth(user+"@example.com", user+"-api-token")
	} else {
		req.Header.Set("Authorization", "Bearer "+user+"-pat")
	}
}

func (h *confHarness) raw(method, path string, body io.Reader, prepare func(*http.Request)) *confResp {
	h.t.Helper()
	req, err := http.NewRequest(method, h.srv.URL+path, body)
	if err != nil {
		h.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	prepare(req)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	r := &confResp{status: resp.StatusCode, header: resp.Header}
	r.raw, _ = io.ReadAll(resp.Body)
	if len(r.raw) > 0 {
		if err := json.Unmarshal(r.raw, &r.body); err != nil {
			h.t.Fatalf("%s %s: response is not JSON: %v\n%s", method, path, err, r.raw)
		}
	}
	return r
}

// do sends a request as user; body is marshalled to JSON unless it is a
// string, which is sent as is.
func (h *confHarness) do(user, method, path string, body any) *confResp {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	return h.raw(method, path, rd, func(req *http.Request) { h.authorize(req, user) })
}

func (h *confHarness) expect(r *confResp, status int, what string) {
	h.t.Helper()
	if r.status != status {
		h.t.Fatalf("%s: status %d, want %d\n%s", what, r.status, status, r.raw)
	}
}

// expectV1Error checks Confluence's v1 error shape.
func (h *confHarness) expectV1Error(r *confResp, status int, msgPart, what string) {
	h.t.Helper()
	h.expect(r, status, what)
	if r.num("statusCode") != status || r.get("data.successful") != false || r.get("data.errors") == nil {
		h.t.Fatalf("%s: not a v1 error body: %s", what, r.raw)
	}
	if !strings.Contains(r.str("message"), msgPart) {
		h.t.Fatalf("%s: message %q does not contain %q", what, r.str("message"), msgPart)
	}
}

// expectV2Error checks the Cloud v2 error shape.
func (h *confHarness) expectV2Error(r *confResp, status int, msgPart, what string) {
	h.t.Helper()
	h.expect(r, status, what)
	if r.num("errors.0.status") != status || r.str("errors.0.code") == "" {
		h.t.Fatalf("%s: not a v2 error body: %s", what, r.raw)
	}
	if !strings.Contains(r.str("errors.0.title"), msgPart) {
		h.t.Fatalf("%s: title %q does not contain %q", what, r.str("errors.0.title"), msgPart)
	}
}

func confTitles(r *confResp, path, field string) []string {
	var out []string
	for _, item := range r.list(path) {
		out = append(out, fmt.Sprint(confJSONPath(item, field)))
	}
	return out
}

func confContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ---- authentication ----------------------------------------------------------------------

func TestConfluenceCloudAuth(t *testing.T) {
	h := newConfHarness(t, atlassian.Cloud)
	gw := "/ex/confluence/" + DefaultCloudID

	r := h.do("", "GET", "/wiki/rest/api/user/current", nil)
	h.expectV1Error(r, 401, "", "no credentials, v1")
	r = h.do("", "GET", "/wiki/api/v2/pages/65537", nil)
	h.expectV2Error(r, 401, "", "no credentials, v2")

	r = h.raw("GET", "/wiki/rest/api/user/current", nil, func(req *http.Request) { req.SetBasicAuth("alice@example.com", "wrong") })
	h.expect(r, 401, "wrong API token")
	r = h.raw("GET", "/wiki/rest/api/user/current", nil, func(req *http.Request) { req.Header.Set("Authorization", "Bearer alice-oauth-token") })
	h.expect(r, 401, "OAuth token outside the gateway")

	r = h.do("alice", "GET", "/wiki/rest/api/user/current", nil)
	h.expect(r, 200, "basic auth")
	if r.str("accountId") != "5b10a2844c20165700ede21a" || r.str("type") != "known" || r.str("displayName") != "Alice Example" {
		t.Fatalf("current user: %s", r.raw)
	}

	bearer := func(token string) func(*http.Request) {
		return func(req *http.Request) { req.Header.Set("Authorization", "Bearer "+token) }
	}
	r = h.raw("GET", gw+"/wiki/rest/api/user/current", nil, bearer("bob-oauth-token"))
	h.expect(r, 200, "gateway with OAuth")
	if r.str("accountId") != "5b10a2844c20165700ede21b" {
		t.Fatalf("gateway user: %s", r.raw)
	}
	r = h.raw("GET", gw+"/rest/api/user/current", nil, bearer("bob-oauth-token"))
	h.expect(r, 200, "gateway without /wiki")
	r = h.raw("GET", gw+"/wiki/api/v2/pages/65539?body-format=storage", nil, bearer("alice-oauth-token"))
	h.expect(r, 200, "gateway v2 page")
	if !strings.Contains(r.str("_links.base"), gw+"/wiki") {
		t.Fatalf("gateway base link: %s", r.str("_links.base"))
	}
	r = h.raw("GET", gw+"/wiki/rest/api/user/current", nil, func(req *http.Request) { req.SetBasicAuth("alice@example.com", "alice-api-token") })
	h.expect(r, 401, "gateway with basic auth")
	r = h.raw("GET", "/ex/confluence/00000000-0000-0000-0000-000000000000/wiki/rest/api/user/current", nil, bearer("alice-oauth-token"))
	if r.status != 401 && r.status != 404 {
		t.Fatalf("wrong cloud id: %d", r.status)
	}

	// Cloud does not serve v1 content CRUD nor the DC context path.
	h.expect(h.do("alice", "GET", "/wiki/rest/api/content/65537", nil), 404, "v1 content on Cloud")
	h.expect(h.do("alice", "POST", "/wiki/rest/api/content", `{"type":"page"}`), 404, "v1 create on Cloud")
	h.expect(h.do("alice", "GET", "/confluence/rest/api/content/65537", nil), 404, "DC path on Cloud")

	// Users by account id.
	r = h.do("alice", "GET", "/wiki/rest/api/user?accountId=5b10a2844c20165700ede21c", nil)
	h.expect(r, 200, "user by accountId")
	if r.str("displayName") != "Carol Reviewer" || r.str("email") != "carol@example.com" {
		t.Fatalf("user: %s", r.raw)
	}
	h.expectV1Error(h.do("alice", "GET", "/wiki/rest/api/user?accountId=nope", nil), 404, "nope", "unknown account")
	h.expectV1Error(h.do("alice", "GET", "/wiki/rest/api/user", nil), 400, "accountId", "missing accountId")
}

func TestConfluenceDCAuth(t *testing.T) {
	h := newConfHarness(t, atlassian.Server)
	h.expectV1Error(h.do("", "GET", "/confluence/rest/api/user/current", nil), 401, "", "no credentials")
	r := h.do("bob", "GET", "/confluence/rest/api/user/current", nil)
	h.expect(r, 200, "PAT")
	if r.str("username") != "bob" || r.str("userKey") != "JIRAUSER10001" || r.str("type") != "known" {
		t.Fatalf("current user: %s", r.raw)
	}
	r = h.raw("GET", "/confluence/rest/api/user/current", nil, func(req *http.Request) { req.SetBasicAuth("carol", "carol-password") })
	h.expect(r, 200, "basic")
	if r.str("username") != "carol" {
		t.Fatalf("basic user: %s", r.raw)
	}
	r = h.raw("GET", "/confluence/rest/api/user/current", nil, func(req *http.Request) { req.SetBasicAuth("carol", "nope") })
	h.expect(r, 401, "wrong password")
	r = h.raw("GET", "/confluence/rest/api/user/current", nil, func(req *http.Request) { req.Header.Set("Authorization", "Bearer nope") })
	h.expect(r, 401, "wrong PAT")

	// No gateway and no Cloud paths on DC.
	r = h.raw("GET", "/ex/confluence/"+DefaultCloudID+"/wiki/rest/api/user/current", nil, func(req *http.Request) { req.Header.Set("Authorization", "Bearer alice-oauth-token") })
	h.expect(r, 404, "gateway on DC")
	h.expect(h.do("alice", "GET", "/wiki/api/v2/pages/65537", nil), 404, "v2 on DC")

	r = h.do("alice", "GET", "/confluence/rest/api/user?username=carol", nil)
	h.expect(r, 200, "user by name")
	if r.str("userKey") != "JIRAUSER10002" {
		t.Fatalf("user: %s", r.raw)
	}
	r = h.do("alice", "GET", "/confluence/rest/api/user?key=JIRAUSER10001", nil)
	h.expect(r, 200, "user by key")
	if r.str("username") != "bob" {
		t.Fatalf("user: %s", r.raw)
	}
	h.expectV1Error(h.do("alice", "GET", "/confluence/rest/api/user?username=zed", nil), 404, "zed", "unknown user")
	h.expectV1Error(h.do("alice", "GET", "/confluence/rest/api/user", nil), 400, "username", "no user given")
}

// ---- search -------------------------------------------------------------------------------

func TestConfluenceCloudSearch(t *testing.T) {
	h := newConfHarness(t, atlassian.Cloud)
	search := func(cql string, extra string) *confResp {
		return h.do("alice", "GET", "/wiki/rest/api/search?cql="+url.QueryEscape(cql)+extra, nil)
	}
	r := search("type = page AND space = DEMO ORDER BY title", "&limit=5&expand=content.space,content.version,content.history,space")
	h.expect(r, 200, "search")
	if r.num("size") != 5 || r.num("totalSize") != 12 || r.num("limit") != 5 || r.num("start") != 0 || r.str("cqlQuery") == "" {
		t.Fatalf("paging fields: %s", r.raw)
	}
	if got := confTitles(r, "results", "title"); strings.Join(got, "|") != "2025-01-13 Planning Meeting|Architecture|Coding Guidelines|Deploying to Production|Engineering" {
		t.Fatalf("ordered titles: %v", got)
	}
	first := r.get("results.0").(map[string]any)
	for _, k := range []string{"title", "excerpt", "url", "breadcrumbs", "entityType", "iconCssClass", "lastModified", "friendlyLastModified", "resultGlobalContainer"} {
		if _, ok := first[k]; !ok {
			t.Fatalf("search result lacks %s: %v", k, first)
		}
	}
	if r.str("results.0.content.space.key") != "DEMO" || r.num("results.0.content.version.number") != 1 || r.get("results.0.content.history.latest") != true {
		t.Fatalf("expanded content: %v", first["content"])
	}
	if r.str("results.0.resultGlobalContainer.title") != "Demo Space" || r.str("results.0.entityType") != "content" {
		t.Fatalf("container: %v", first)
	}
	next := r.str("_links.next")
	if !strings.Contains(next, "cursor=") || !strings.HasPrefix(next, "/rest/api/search?") {
		t.Fatalf("next link: %q", next)
	}
	r2 := h.do("alice", "GET", "/wiki"+next, nil)
	h.expect(r2, 200, "next page")
	if r2.num("start") != 5 || r2.str("results.0.title") != "Home" {
		t.Fatalf("second page: start %d, first %q", r2.num("start"), r2.str("results.0.title"))
	}

	cases := []struct {
		cql  string
		want []string // titles that must be present
		not  []string // titles that must be absent
		n    int      // exact count, -1 to skip
	}{
		{`text ~ "cache"`, []string{"Architecture", "2025-01-13 Planning Meeting", "Re: Architecture"}, []string{"Home"}, -1},
		{`siteSearch ~ "rollback" AND type = page`, []string{"Deploying to Production"}, nil, 1},
		{`label = runbook`, []string{"Runbooks", "Deploying to Production", "Incident Response"}, nil, 3},
		{`ancestor = 65538 AND type = page`, []string{"Architecture", "Runbooks", "Deploying to Production", "Incident Response", "Coding Guidelines"}, nil, 5},
		{`parent = 65540`, []string{"Deploying to Production", "Incident Response"}, nil, 2},
		{`space = TEAM`, []string{"Team Home", "Onboarding Checklist", "Team Rituals", "Re: Team Home", "Team Offsite Recap"}, nil, 5},
		{`type = blogpost`, []string{"Welcome to the Demo Space", "Team Offsite Recap"}, nil, 2},
		{`type = comment AND space IN (DEMO, TEAM)`, nil, nil, 8},
		{`title ~ "meeting"`, []string{"Meeting Notes", "2025-01-13 Planning Meeting"}, nil, 2},
		{`creator = currentUser() AND type = page`, []string{"Home", "Engineering", "Architecture", "Release Notes 1.0", "Team Rituals"}, nil, 5},
		{`contributor = "5b10a2844c20165700ede21c" AND type = page`, []string{"Roadmap", "Incident Response"}, []string{"Home"}, -1},
		{`mention = "5b10a2844c20165700ede21c" AND type = page`, []string{"Engineering", "Architecture", "Roadmap"}, []string{"Home"}, -1},
		{`created >= "2025-01-07" AND type = page`, []string{"Team Home", "2025-01-13 Planning Meeting"}, []string{"Home"}, -1},
		{`lastmodified > "2025-01-09" AND type = page`, []string{"Roadmap"}, []string{"Architecture"}, 1},
		{`type = page AND NOT space = DEMO`, []string{"Team Home"}, []string{"Home"}, 3},
	}
	for _, c := range cases {
		r := search(c.cql, "&limit=50")
		h.expect(r, 200, c.cql)
		got := confTitles(r, "results", "title")
		for _, w := range c.want {
			if !confContains(got, w) {
				t.Errorf("%s: %q missing from %v", c.cql, w, got)
			}
		}
		for _, w := range c.not {
			if confContains(got, w) {
				t.Errorf("%s: %q unexpected in %v", c.cql, w, got)
			}
		}
		if c.n >= 0 && len(got) != c.n {
			t.Errorf("%s: %d results %v, want %d", c.cql, len(got), got, c.n)
		}
	}

	// The content-only variant answers a content list.
	r = h.do("alice", "GET", "/wiki/rest/api/content/search?cql="+url.QueryEscape("label = roadmap")+"&expand=version", nil)
	h.expect(r, 200, "content search")
	if r.num("size") != 1 || r.str("results.0.title") != "Roadmap" || r.num("results.0.version.number") != 4 {
		t.Fatalf("content search: %s", r.raw)
	}

	// Errors.
	r = search(`type = page AND`, "")
	h.expectV1Error(r, 400, "Could not parse cql : type = page AND", "dangling AND")
	if !strings.Contains(r.str("data.errors.0.message.translation"), "end of query") {
		t.Fatalf("error detail: %s", r.raw)
	}
	h.expectV1Error(search(`colour = red`, ""), 400, "Could not parse cql", "unknown field")
	h.expectV1Error(search(`title = "x`, ""), 400, "Could not parse cql", "unterminated string")
	h.expectV1Error(h.do("alice", "GET", "/wiki/rest/api/search", nil), 400, "cql", "missing cql")
	h.expectV1Error(search(`type = page`, "&cursor=@@@"), 400, "cursor", "bad cursor")
	h.expectV1Error(search(`type = page`, "&limit=-1"), 400, "limit", "bad limit")
}

func TestConfluenceDCSearch(t *testing.T) {
	h := newConfHarness(t, atlassian.Server)
	r := h.do("carol", "GET", "/confluence/rest/api/search?cql="+url.QueryEscape("creator = currentUser() and type = page")+"&limit=2&expand=content.space", nil)
	h.expect(r, 200, "search")
	if r.num("totalSize") != 4 || r.num("size") != 2 || r.str("results.0.content.space.key") == "" {
		t.Fatalf("search: %s", r.raw)
	}
	next := r.str("_links.next")
	if !strings.Contains(next, "start=2") || strings.Contains(next, "cursor") {
		t.Fatalf("DC next link: %q", next)
	}
	r = h.do("carol", "GET", "/confluence"+next, nil)
	h.expect(r, 200, "next page")
	if r.num("start") != 2 || r.num("size") != 2 {
		t.Fatalf("second page: %s", r.raw)
	}
	r = h.do("alice", "GET", "/confluence/rest/api/search?cql="+url.QueryEscape(`creator = bob and type = page`), nil)
	h.expect(r, 200, "creator by username")
	if r.num("totalSize") != 6 {
		t.Fatalf("bob's pages: %v", confTitles(r, "results", "title"))
	}
	r = h.do("alice", "GET", "/confluence/rest/api/content/search?cql="+url.QueryEscape(`text ~ "post-mortem"`)+"&expand=body.storage", nil)
	h.expect(r, 200, "content search")
	if r.num("size") != 1 || r.str("results.0.title") != "Incident Response" || !strings.Contains(r.str("results.0.body.storage.value"), "ri:userkey") {
		t.Fatalf("content search: %s", r.raw)
	}
	// siteSearch is a Cloud field.
	h.expectV1Error(h.do("alice", "GET", "/confluence/rest/api/search?cql="+url.QueryEscape(`siteSearch ~ "x"`), nil), 400, "Could not parse cql", "siteSearch on DC")
	h.expectV1Error(h.do("alice", "GET", "/confluence/rest/api/search?cql="+url.QueryEscape(`(type = page`), nil), 400, "Could not parse cql", "unbalanced")
}

// ---- Cloud pages -------------------------------------------------------------------------------

func TestConfluenceCloudPages(t *testing.T) {
	h := newConfHarness(t, atlassian.Cloud)
	r := h.do("alice", "GET", "/wiki/api/v2/pages/65539?body-format=storage&include-labels=true&include-versions=true", nil)
	h.expect(r, 200, "get page")
	storage := r.str("body.storage.value")
	for _, want := range []string{`<ri:user ri:account-id="5b10a2844c20165700ede21a" />`, `ac:name="code"`, `<![CDATA[func route(`, `ac:name="jira"`, `ac:name="status"`, `ac:name="toc"`, `<th><p>Component</p></th>`, `ri:content-title="Incident Response"`} {
		if !strings.Contains(storage, want) {
			t.Errorf("storage lacks %s", want)
		}
	}
	if r.str("body.storage.representation") != "storage" || r.num("version.number") != 3 || r.str("version.authorId") != "5b10a2844c20165700ede21a" ||
		r.str("spaceId") != "98305" || r.str("parentId") != "65538" || r.str("parentType") != "page" || r.str("status") != "current" ||
		r.str("_links.webui") != "/spaces/DEMO/pages/65539/Architecture" || r.str("_links.tinyui") == "" || r.str("_links.base") == "" ||
		r.str("createdAt") != "2025-01-06T14:00:00.000Z" {
		t.Fatalf("page fields: %s", r.raw)
	}
	if len(r.list("labels.results")) != 2 || len(r.list("versions.results")) != 3 {
		t.Fatalf("labels/versions: %s", r.raw)
	}
	r = h.do("alice", "GET", "/wiki/api/v2/pages/65539?version=1&body-format=storage", nil)
	h.expect(r, 200, "old version")
	if r.num("version.number") != 1 || r.str("status") != "historical" || strings.Contains(r.str("body.storage.value"), "Cache layer") {
		t.Fatalf("version 1: %s", r.raw)
	}
	r = h.do("alice", "GET", "/wiki/api/v2/pages/65537", nil)
	h.expect(r, 200, "no body format")
	if b, ok := r.get("body").(map[string]any); !ok || len(b) != 0 || r.get("parentId") != nil {
		t.Fatalf("homepage without body: %s", r.raw)
	}
	r = h.do("alice", "GET", "/wiki/api/v2/pages/65539?include-version=false", nil)
	h.expect(r, 200, "no body, no version")
	if b, ok := r.get("body").(map[string]any); !ok || len(b) != 0 || r.get("version") != nil || r.str("title") != "Architecture" || r.str("spaceId") != "98305" {
		t.Fatalf("page without body and version: %s", r.raw)
	}
	r = h.do("alice", "GET", "/wiki/api/v2/pages/65545?body-format=atlas_doc_format", nil)
	h.expect(r, 200, "ADF body")
	var adf map[string]any
	if err := json.Unmarshal([]byte(r.str("body.atlas_doc_format.value")), &adf); err != nil || adf["type"] != "doc" {
		t.Fatalf("ADF: %v %s", err, r.str("body.atlas_doc_format.value"))
	}
	r = h.do("alice", "GET", "/wiki/api/v2/pages/65541?body-format=view", nil)
	h.expect(r, 200, "view body")
	if v := r.str("body.view.value"); !strings.Contains(v, `<pre class="syntaxhighlighter-pre"`) || !strings.Contains(v, "@Alice Example") || strings.Contains(v, "ac:") {
		t.Fatalf("view: %s", v)
	}

	h.expectV2Error(h.do("alice", "GET", "/wiki/api/v2/pages/99999", nil), 404, "", "unknown page")
	h.expectV2Error(h.do("alice", "GET", "/wiki/api/v2/pages/abc", nil), 400, "abc", "non-numeric id")
	h.expectV2Error(h.do("alice", "GET", "/wiki/api/v2/pages/65537?body-format=html", nil), 400, "body-format", "bad body format")
	h.expectV2Error(h.do("alice", "GET", "/wiki/api/v2/pages/65553", nil), 404, "", "a comment is not a page")

	// A blog post is read under /blogposts, and only there.
	h.expectV2Error(h.do("alice", "GET", "/wiki/api/v2/pages/65549", nil), 404, "", "a blog post is not a page")
	h.expectV2Error(h.do("alice", "GET", "/wiki/api/v2/blogposts/65537", nil), 404, "", "a page is not a blog post")
	r = h.do("alice", "GET", "/wiki/api/v2/blogposts/65561?include-version=false", nil)
	h.expect(r, 200, "blog post")
	if r.str("title") != "Team Offsite Recap" || r.str("spaceId") != "98306" || r.get("version") != nil || r.get("parentId") != nil || r.get("position") != nil {
		t.Fatalf("blog post: %s", r.raw)
	}

	// By title within a space, and cursor paging.
	r = h.do("alice", "GET", "/wiki/api/v2/pages?space-id=98305&title=Roadmap&body-format=storage", nil)
	h.expect(r, 200, "by title")
	if len(r.list("results")) != 1 || r.str("results.0.id") != "65545" || r.str("results.0.body.storage.value") == "" {
		t.Fatalf("by title: %s", r.raw)
	}
	var ids []string
	path := "/wiki/api/v2/pages?space-id=98305&limit=5"
	for pages := 0; path != ""; pages++ {
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		r = h.do("alice", "GET", path, nil)
		h.expect(r, 200, "page list")
		ids = append(ids, confTitles(r, "results", "id")...)
		path = r.str("_links.next")
		if path != "" && !strings.Contains(r.header.Get("Link"), `rel="next"`) {
			t.Fatalf("no Link header with next: %v", r.header)
		}
	}
	if len(ids) != 12 || ids[0] != "65537" || ids[11] != "65548" {
		t.Fatalf("paged ids: %v", ids)
	}
	h.expectV2Error(h.do("alice", "GET", "/wiki/api/v2/pages?limit=0", nil), 400, "limit", "limit 0")
	h.expectV2Error(h.do("alice", "GET", "/wiki/api/v2/pages?cursor=zzz", nil), 400, "cursor", "bad cursor")

	// Spaces.
	r = h.do("alice", "GET", "/wiki/api/v2/spaces?keys=DEMO&limit=10", nil)
	h.expect(r, 200, "spaces by key")
	if len(r.list("results")) != 1 || r.str("results.0.id") != "98305" || r.str("results.0.homepageId") != "65537" || r.str("results.0.type") != "global" {
		t.Fatalf("spaces: %s", r.raw)
	}
	r = h.do("alice", "GET", "/wiki/api/v2/spaces/98306?description-format=plain", nil)
	h.expect(r, 200, "space by id")
	if r.str("key") != "TEAM" || r.str("description.plain.value") == "" {
		t.Fatalf("space: %s", r.raw)
	}
	h.expectV2Error(h.do("alice", "GET", "/wiki/api/v2/spaces/1", nil), 404, "", "unknown space")

	// Comments, top level only, with replies as children.
	r = h.do("alice", "GET", "/wiki/api/v2/pages/65539/footer-comments?body-format=storage", nil)
	h.expect(r, 200, "footer comments")
	if got := confTitles(r, "results", "id"); strings.Join(got, ",") != "65555,65559" {
		t.Fatalf("top-level comments: %v", got)
	}
	if r.str("results.0.pageId") != "65539" || r.str("results.0.version.authorId") != "5b10a2844c20165700ede21b" || !strings.Contains(r.str("results.0.body.storage.value"), "cache layer") {
		t.Fatalf("comment: %s", r.raw)
	}
	r = h.do("alice", "GET", "/wiki/api/v2/footer-comments/65555/children?body-format=storage", nil)
	h.expect(r, 200, "replies")
	if len(r.list("results")) != 1 || r.str("results.0.parentCommentId") != "65555" {
		t.Fatalf("replies: %s", r.raw)
	}
	h.expectV2Error(h.do("alice", "GET", "/wiki/api/v2/pages/99999/footer-comments", nil), 404, "", "comments of unknown page")
}

func TestConfluenceCloudWriteFlow(t *testing.T) {
	h := newConfHarness(t, atlassian.Cloud)
	create := func(user string, body any) *confResp { return h.do(user, "POST", "/wiki/api/v2/pages", body) }

	r := create("alice", map[string]any{"spaceId": "98305", "status": "current", "title": "Sandbox Test Page",
		"body": map[string]any{"representation": "storage", "value": "<p>First <strong>draft</strong></p>"}})
	h.expect(r, 200, "create")
	id := r.str("id")
	if id == "" || r.num("version.number") != 1 || r.str("parentId") != "65537" || r.str("authorId") != "5b10a2844c20165700ede21a" ||
		r.str("body.storage.value") != "<p>First <strong>draft</strong></p>" {
		t.Fatalf("created page: %s", r.raw)
	}
	h.expectV2Error(create("bob", map[string]any{"spaceId": "98305", "status": "current", "title": "sandbox test page",
		"body": map[string]any{"representation": "storage", "value": "<p>x</p>"}}), 400, "A page with this title already exists", "duplicate title")
	h.expectV2Error(create("alice", map[string]any{"spaceId": "4242", "title": "X", "body": map[string]any{"representation": "storage", "value": ""}}), 404, "", "unknown space")
	h.expectV2Error(create("alice", map[string]any{"spaceId": "98305", "title": "X", "parentId": "77777", "body": map[string]any{"representation": "storage", "value": ""}}), 404, "", "unknown parent")
	h.expectV2Error(create("alice", map[string]any{"spaceId": "98305", "title": "X", "parentId": "65550", "body": map[string]any{"representation": "storage", "value": ""}}), 400, "not in space", "parent in other space")
	h.expectV2Error(create("alice", `{"spaceId": "98305", "title": `), 400, "", "malformed JSON")
	h.expectV2Error(create("alice", map[string]any{"title": "X"}), 400, "spaceId", "missing space")
	h.expectV2Error(create("alice", map[string]any{"spaceId": "98305", "title": "X", "body": map[string]any{"representation": "html", "value": "x"}}), 400, "representation", "bad representation")

	// Wiki markup is converted to storage.
	r = create("alice", map[string]any{"spaceId": "98305", "status": "current", "title": "Wiki Page", "parentId": "65538",
		"body": map[string]any{"representation": "wiki", "value": "h2. Plan\nShip *fast* & <safe>\n\n* one\n* two"}})
	h.expect(r, 200, "create from wiki")
	if got := r.str("body.storage.value"); got != "<h2>Plan</h2><p>Ship <strong>fast</strong> &amp; &lt;safe&gt;</p><ul><li>one</li><li>two</li></ul>" {
		t.Fatalf("wiki conversion: %s", got)
	}
	// ADF is stored as written and converted for storage readers.
	adf := `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"Hi "},{"type":"mention","attrs":{"id":"5b10a2844c20165700ede21b"}}]}]}`
	r = create("alice", map[string]any{"spaceId": "98305", "title": "ADF Page", "body": map[string]any{"representation": "atlas_doc_format", "value": adf}})
	h.expect(r, 200, "create from ADF")
	r = h.do("alice", "GET", "/wiki/api/v2/pages/"+r.str("id")+"?body-format=storage", nil)
	if got := r.str("body.storage.value"); got != `<p>Hi <ac:link><ri:user ri:account-id="5b10a2844c20165700ede21b" /></ac:link></p>` {
		t.Fatalf("ADF to storage: %s", got)
	}

	// Update: version must be exactly current + 1.
	update := func(user string, version any, title string) *confResp {
		body := map[string]any{"id": id, "status": "current", "title": title,
			"body": map[string]any{"representation": "storage", "value": "<p>Second version</p>"}}
		if version != nil {
			body["version"] = version
		}
		return h.do(user, "PUT", "/wiki/api/v2/pages/"+id, body)
	}
	r = update("bob", map[string]any{"number": 2, "message": "Tighten wording"}, "Sandbox Test Page")
	h.expect(r, 200, "update")
	if r.num("version.number") != 2 || r.str("version.message") != "Tighten wording" || r.str("version.authorId") != "5b10a2844c20165700ede21b" ||
		r.str("body.storage.value") != "<p>Second version</p>" || r.str("authorId") != "5b10a2844c20165700ede21a" {
		t.Fatalf("updated: %s", r.raw)
	}
	h.expectV2Error(update("bob", map[string]any{"number": 2}, "Sandbox Test Page"), 409, "Current Version: [2]", "stale version")
	h.expectV2Error(update("bob", map[string]any{"number": 5}, "Sandbox Test Page"), 409, "Version must be incremented", "skipped version")
	h.expectV2Error(update("bob", nil, "Sandbox Test Page"), 400, "version", "missing version")
	h.expectV2Error(update("bob", map[string]any{"number": 3}, "Architecture"), 400, "already exists", "rename onto existing title")
	h.expectV2Error(h.do("bob", "PUT", "/wiki/api/v2/pages/"+id, "{"), 400, "", "malformed update")
	h.expectV2Error(h.do("bob", "PUT", "/wiki/api/v2/pages/99999", map[string]any{"id": "99999", "status": "current", "title": "x",
		"body": map[string]any{"representation": "storage", "value": ""}, "version": map[string]any{"number": 2}}), 404, "", "update unknown page")
	r = h.do("alice", "GET", "/wiki/api/v2/pages/"+id+"?version=1&body-format=storage", nil)
	if r.str("body.storage.value") != "<p>First <strong>draft</strong></p>" {
		t.Fatalf("version 1 kept: %s", r.raw)
	}

	// Comment as bob, reply as carol, list them.
	r = h.do("bob", "POST", "/wiki/api/v2/footer-comments", map[string]any{"pageId": id,
		"body": map[string]any{"representation": "storage", "value": "<p>Nice page</p>"}})
	h.expect(r, 201, "comment")
	cid := r.str("id")
	if r.str("pageId") != id || r.str("version.authorId") != "5b10a2844c20165700ede21b" || !strings.HasSuffix(r.header.Get("Location"), "/footer-comments/"+cid) {
		t.Fatalf("comment: %s %v", r.raw, r.header)
	}
	r = h.do("carol", "POST", "/wiki/api/v2/footer-comments", map[string]any{"parentCommentId": cid,
		"body": map[string]any{"representation": "wiki", "value": "Agreed"}})
	h.expect(r, 201, "reply")
	if r.str("parentCommentId") != cid || r.str("pageId") != id || r.str("body.storage.value") != "<p>Agreed</p>" {
		t.Fatalf("reply: %s", r.raw)
	}
	r = h.do("alice", "GET", "/wiki/api/v2/pages/"+id+"/footer-comments?body-format=storage", nil)
	h.expect(r, 200, "list comments")
	if len(r.list("results")) != 1 || r.str("results.0.id") != cid || r.str("results.0.body.storage.value") != "<p>Nice page</p>" {
		t.Fatalf("comments: %s", r.raw)
	}
	h.expectV2Error(h.do("bob", "POST", "/wiki/api/v2/footer-comments", map[string]any{"pageId": "99999",
		"body": map[string]any{"representation": "storage", "value": "<p>x</p>"}}), 404, "", "comment on unknown page")
	h.expectV2Error(h.do("bob", "POST", "/wiki/api/v2/footer-comments", map[string]any{"pageId": id}), 400, "body", "comment without body")
	h.expectV2Error(h.do("bob", "POST", "/wiki/api/v2/footer-comments", map[string]any{
		"body": map[string]any{"representation": "storage", "value": "<p>x</p>"}}), 400, "pageId", "comment without target")

	// carol may read TEAM but not write there.
	h.expect(h.do("carol", "GET", "/wiki/api/v2/pages/65551?body-format=storage", nil), 200, "carol reads TEAM")
	h.expectV2Error(create("carol", map[string]any{"spaceId": "98306", "title": "Carol's page", "body": map[string]any{"representation": "storage", "value": "<p>x</p>"}}), 403, "permission", "carol creates in TEAM")
	h.expectV2Error(h.do("carol", "PUT", "/wiki/api/v2/pages/65551", map[string]any{"id": "65551", "status": "current", "title": "Onboarding Checklist",
		"body": map[string]any{"representation": "storage", "value": "<p>x</p>"}, "version": map[string]any{"number": 2}}), 403, "permission", "carol edits in TEAM")
	h.expectV2Error(h.do("carol", "POST", "/wiki/api/v2/footer-comments", map[string]any{"pageId": "65551",
		"body": map[string]any{"representation": "storage", "value": "<p>x</p>"}}), 403, "permission", "carol comments in TEAM")
	h.expect(create("carol", map[string]any{"spaceId": "98305", "title": "Carol's page", "body": map[string]any{"representation": "storage", "value": "<p>x</p>"}}), 200, "carol creates in DEMO")

	// The new page is searchable, with its new version.
	r = h.do("alice", "GET", "/wiki/rest/api/search?cql="+url.QueryEscape(`title = "Sandbox Test Page"`)+"&expand=content.version", nil)
	if r.num("totalSize") != 1 || r.num("results.0.content.version.number") != 2 {
		t.Fatalf("search after update: %s", r.raw)
	}
}

// ---- Server/DC content -----------------------------------------------------------------------------

func TestConfluenceDCContent(t *testing.T) {
	h := newConfHarness(t, atlassian.Server)
	r := h.do("alice", "GET", "/confluence/rest/api/content/65539", nil)
	h.expect(r, 200, "default expansions")
	if r.str("space.key") != "DEMO" || r.num("version.number") != 3 || r.get("history.latest") != true || r.get("body") != nil || r.get("_expandable.body") == nil {
		t.Fatalf("default expansions: %s", r.raw)
	}
	if r.str("version.by.username") != "alice" || r.str("_links.base") == "" || r.str("_links.webui") != "/display/DEMO/Architecture" {
		t.Fatalf("content links/users: %s", r.raw)
	}
	r = h.do("alice", "GET", "/confluence/rest/api/content/65539?expand=body.storage,body.view,version,space,ancestors,history,children.attachment,children.comment,container", nil)
	h.expect(r, 200, "full expansions")
	if !strings.Contains(r.str("body.storage.value"), `ri:userkey="JIRAUSER10000"`) || r.str("body.storage.representation") != "storage" ||
		!strings.Contains(r.str("body.view.value"), "confluence-information-macro") ||
		strings.Join(confTitles(r, "ancestors", "title"), ">") != "Home>Engineering" ||
		r.num("children.attachment.size") != 0 || r.num("children.comment.size") != 2 || r.str("container.key") != "DEMO" ||
		r.get("_expandable.space") != nil || r.get("_expandable.body") != nil {
		t.Fatalf("expanded content: %s", r.raw)
	}
	r = h.do("alice", "GET", "/confluence/rest/api/content/65539?expand=space,ancestors", nil)
	h.expect(r, 200, "space and ancestors only")
	if r.str("space.key") != "DEMO" || len(r.list("ancestors")) != 2 || r.get("body") != nil || r.get("version") != nil || r.get("history") != nil ||
		r.get("_expandable.version") == nil || r.get("_expandable.body") == nil {
		t.Fatalf("space and ancestors only: %s", r.raw)
	}
	r = h.do("alice", "GET", "/confluence/rest/api/content/65545?version=2&expand=body.storage,version", nil)
	h.expect(r, 200, "historical version")
	if r.num("version.number") != 2 || r.str("status") != "historical" || strings.Contains(r.str("body.storage.value"), "Q3") {
		t.Fatalf("version 2: %s", r.raw)
	}
	h.expectV1Error(h.do("alice", "GET", "/confluence/rest/api/content/99999", nil), 404, "No content found with id: ContentId{id=99999}", "unknown content")
	h.expectV1Error(h.do("alice", "GET", "/confluence/rest/api/content/65545?version=9", nil), 404, "No content found", "unknown version")

	r = h.do("alice", "GET", "/confluence/rest/api/content?spaceKey=DEMO&title=Runbooks&type=page&expand=body.storage,version,ancestors", nil)
	h.expect(r, 200, "by title")
	if r.num("size") != 1 || r.str("results.0.id") != "65540" || r.list("results.0.ancestors") == nil {
		t.Fatalf("by title: %s", r.raw)
	}
	r = h.do("alice", "GET", "/confluence/rest/api/content?spaceKey=DEMO&type=page&start=10&limit=5", nil)
	h.expect(r, 200, "list paging")
	if r.num("size") != 2 || r.num("start") != 10 || r.get("_links.next") != nil || r.get("_links.prev") == nil {
		t.Fatalf("paging: %s", r.raw)
	}
	r = h.do("alice", "GET", "/confluence/rest/api/content/65537/child/page?expand=version", nil)
	h.expect(r, 200, "child pages")
	if strings.Join(confTitles(r, "results", "title"), ",") != "Engineering,Product,Meeting Notes" {
		t.Fatalf("children: %v", confTitles(r, "results", "title"))
	}

	r = h.do("alice", "GET", "/confluence/rest/api/space?spaceKey=TEAM", nil)
	h.expect(r, 200, "spaces")
	if r.num("size") != 1 || r.str("results.0.key") != "TEAM" || r.num("results.0.id") != 98306 {
		t.Fatalf("spaces: %s", r.raw)
	}
	r = h.do("alice", "GET", "/confluence/rest/api/space/DEMO?expand=description.plain,homepage", nil)
	h.expect(r, 200, "space")
	if r.str("homepage.title") != "Home" || r.str("description.plain.value") == "" || r.get("_expandable") == nil {
		t.Fatalf("space: %s", r.raw)
	}
	h.expectV1Error(h.do("alice", "GET", "/confluence/rest/api/space/NOPE", nil), 404, "No space with key : NOPE", "unknown space")
}

func TestConfluenceDCWriteFlow(t *testing.T) {
	h := newConfHarness(t, atlassian.Server)
	const api = "/confluence/rest/api/content"
	r := h.do("bob", "POST", api, map[string]any{"type": "page", "title": "Release Checklist", "space": map[string]any{"key": "DEMO"},
		"ancestors": []any{map[string]any{"id": "65540"}}, "body": map[string]any{"storage": map[string]any{"value": "<p>v1</p>", "representation": "storage"}}})
	h.expect(r, 200, "create")
	id := r.str("id")
	if r.num("version.number") != 1 || r.str("body.storage.value") != "<p>v1</p>" || r.str("space.key") != "DEMO" ||
		strings.Join(confTitles(r, "ancestors", "id"), ",") != "65537,65538,65540" || r.str("history.createdBy.username") != "bob" {
		t.Fatalf("created: %s", r.raw)
	}
	h.expectV1Error(h.do("alice", "POST", api, map[string]any{"type": "page", "title": "release checklist", "space": map[string]any{"key": "DEMO"},
		"body": map[string]any{"storage": map[string]any{"value": "<p>x</p>", "representation": "storage"}}}), 400, "A page with this title already exists", "duplicate")
	h.expectV1Error(h.do("alice", "POST", api, map[string]any{"type": "page", "title": "X", "space": map[string]any{"key": "NOPE"}}), 404, "NOPE", "unknown space")
	h.expectV1Error(h.do("alice", "POST", api, map[string]any{"type": "page", "title": "X", "space": map[string]any{"key": "DEMO"}, "ancestors": []any{map[string]any{"id": "424242"}}}), 404, "424242", "unknown parent")
	h.expectV1Error(h.do("alice", "POST", api, `{"type": "page",`), 400, "", "malformed JSON")
	h.expectV1Error(h.do("alice", "POST", api, map[string]any{"type": "whiteboard"}), 400, "type", "bad type")

	// Wiki body.
	r = h.do("alice", "POST", api, map[string]any{"type": "page", "title": "From Wiki", "space": map[string]any{"key": "DEMO"},
		"body": map[string]any{"wiki": map[string]any{"value": "Hello *world*", "representation": "wiki"}}})
	h.expect(r, 200, "wiki create")
	if r.str("body.storage.value") != "<p>Hello <strong>world</strong></p>" || r.get("ancestors") == nil || len(r.list("ancestors")) != 0 {
		t.Fatalf("wiki page: %s", r.raw)
	}

	update := func(user string, version any, title string) *confResp {
		body := map[string]any{"id": id, "type": "page", "title": title,
			"body": map[string]any{"storage": map[string]any{"value": "<p>v2</p>", "representation": "storage"}}}
		if version != nil {
			body["version"] = version
		}
		return h.do(user, "PUT", api+"/"+id, body)
	}
	r = update("alice", map[string]any{"number": 2, "minorEdit": true, "message": "Edit"}, "Release Checklist")
	h.expect(r, 200, "update")
	if r.num("version.number") != 2 || r.get("version.minorEdit") != true || r.str("version.by.username") != "alice" || r.str("body.storage.value") != "<p>v2</p>" {
		t.Fatalf("updated: %s", r.raw)
	}
	h.expectV1Error(update("alice", map[string]any{"number": 2}, "Release Checklist"), 409, "Version must be incremented on update. Current version is: 2", "stale")
	h.expectV1Error(update("alice", nil, "Release Checklist"), 400, "No version supplied", "missing version")
	h.expectV1Error(update("alice", map[string]any{"number": 3}, "Home"), 400, "already exists", "rename to existing")
	h.expectV1Error(h.do("alice", "PUT", api+"/99999", map[string]any{"type": "page", "title": "x", "version": map[string]any{"number": 2}}), 404, "99999", "update unknown")
	// Moving under a descendant is refused.
	h.expectV1Error(h.do("alice", "PUT", api+"/65538", map[string]any{"type": "page", "title": "Engineering", "version": map[string]any{"number": 2},
		"ancestors": []any{map[string]any{"id": "65541"}}}), 400, "descendants", "cycle")

	// Comment, reply, list.
	r = h.do("carol", "POST", api, map[string]any{"type": "comment", "container": map[string]any{"id": id, "type": "page"},
		"body": map[string]any{"storage": map[string]any{"value": "<p>Looks complete</p>", "representation": "storage"}}})
	h.expect(r, 200, "comment")
	cid := r.str("id")
	if r.str("type") != "comment" || r.str("history.createdBy.username") != "carol" || r.str("container.id") != id || r.str("extensions.location") != "footer" {
		t.Fatalf("comment: %s", r.raw)
	}
	r = h.do("bob", "POST", api, map[string]any{"type": "comment", "container": map[string]any{"id": id, "type": "page"},
		"ancestors": []any{map[string]any{"id": cid}}, "body": map[string]any{"storage": map[string]any{"value": "<p>Thanks</p>", "representation": "storage"}}})
	h.expect(r, 200, "reply")
	if strings.Join(confTitles(r, "ancestors", "id"), ",") != cid {
		t.Fatalf("reply ancestors: %s", r.raw)
	}
	r = h.do("alice", "GET", api+"/"+id+"/child/comment?expand=body.view,version&depth=all", nil)
	h.expect(r, 200, "all comments")
	if r.num("size") != 2 || r.str("results.1.body.view.value") != "<p>Thanks</p>" || r.str("results.0.version.by.username") != "carol" {
		t.Fatalf("comments: %s", r.raw)
	}
	r = h.do("alice", "GET", api+"/"+id+"/child/comment", nil)
	if r.num("size") != 1 {
		t.Fatalf("top-level comments: %s", r.raw)
	}
	r = h.do("alice", "GET", api+"/"+id+"/child/comment?location=inline", nil)
	if r.num("size") != 0 {
		t.Fatalf("inline comments: %s", r.raw)
	}
	// No location means all of them (footer, inline, resolved), as the
	// document says; one location, or several, filter.
	r = h.do("alice", "POST", api, map[string]any{"type": "comment", "container": map[string]any{"id": id, "type": "page"},
		"body": map[string]any{"storage": map[string]any{"value": "<p>Inline</p>", "representation": "storage"}},
		"extensions": map[string]any{"location": "inline", "inlineProperties": map[string]any{"originalSelection": "v2", "numMatches": 1, "matchIndex": 0,
			"lastFetchTime": "1736154000000", "serializedHighlights": `[["v2"]]`}}})
	h.expect(r, 200, "inline comment")
	inlineID := r.str("id")
	for query, want := range map[string]string{
		"":                                   cid + "," + inlineID,
		"?location=footer":                   cid,
		"?location=inline":                   inlineID,
		"?location=resolved":                 "",
		"?location=footer&location=resolved": cid,
		"?location=footer&location=inline":   cid + "," + inlineID,
	} {
		r = h.do("alice", "GET", api+"/"+id+"/child/comment"+query, nil)
		h.expect(r, 200, "comments "+query)
		if got := strings.Join(confTitles(r, "results", "id"), ","); got != want {
			t.Errorf("comments%s = %q, want %q", query, got, want)
		}
	}
	h.expectV1Error(h.do("alice", "POST", api, map[string]any{"type": "comment", "container": map[string]any{"id": "99999", "type": "page"},
		"body": map[string]any{"storage": map[string]any{"value": "<p>x</p>", "representation": "storage"}}}), 404, "99999", "comment on unknown page")
	h.expectV1Error(h.do("alice", "GET", api+"/99999/child/comment", nil), 404, "99999", "comments of unknown page")

	// Permissions: carol cannot write in TEAM.
	h.expectV1Error(h.do("carol", "POST", api, map[string]any{"type": "page", "title": "Nope", "space": map[string]any{"key": "TEAM"}}), 403, "TEAM", "carol creates in TEAM")
	h.expectV1Error(h.do("carol", "PUT", api+"/65552", map[string]any{"type": "page", "title": "Team Rituals", "version": map[string]any{"number": 2}}), 403, "65552", "carol edits in TEAM")
	h.expectV1Error(h.do("carol", "POST", api, map[string]any{"type": "comment", "container": map[string]any{"id": "65550", "type": "page"},
		"body": map[string]any{"storage": map[string]any{"value": "<p>x</p>", "representation": "storage"}}}), 403, "65550", "carol comments in TEAM")
	if r := h.do("carol", "GET", api+"/65552", nil); r.status != 200 {
		t.Fatalf("carol reads TEAM: %d", r.status)
	}
	r = h.do("carol", "PUT", api+"/65552", map[string]any{"type": "page", "title": "Team Rituals", "version": map[string]any{"number": 2}})
	if r.get("data.authorized") != false {
		t.Fatalf("403 data.authorized: %s", r.raw)
	}
}

// ---- store behaviour ----------------------------------------------------------------------------

func TestConfluenceConcurrentWrites(t *testing.T) {
	h := newConfHarness(t, atlassian.Cloud)
	var wg sync.WaitGroup
	ids := make([]string, 16)
	for i := range ids {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			req, _ := http.NewRequest("POST", h.srv.URL+"/wiki/api/v2/pages", strings.NewReader(fmt.Sprintf(
				`{"spaceId":"98305","status":"current","title":"Parallel %d","body":{"representation":"storage","value":"<p>%d</p>"}}`, i, i)))
			req.SetBasicAuth("bob@example.com", "bob-api-token")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			var out map[string]any
			_ = json.NewDecoder(resp.Body).Decode(&out)
			ids[i], _ = out["id"].(string)
		}(i)
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, id := range ids {
		if id == "" || seen[id] {
			t.Fatalf("ids not unique: %v", ids)
		}
		seen[id] = true
	}
}

func TestConfluenceSeedDeterministic(t *testing.T) {
	for _, dep := range []atlassian.Deployment{atlassian.Cloud, atlassian.Server} {
		a, b := New(Options{Deployment: dep}), New(Options{Deployment: dep})
		if len(a.conf.content.all()) != len(b.conf.content.all()) || len(a.conf.content.all()) != 25 {
			t.Fatalf("%s: %d and %d seeded items", dep, len(a.conf.content.all()), len(b.conf.content.all()))
		}
		for i, c := range a.conf.content.all() {
			d := b.conf.content.all()[i]
			if c.id != d.id || c.cur().body != d.cur().body || !c.created.Equal(d.created) || c.title() != d.title() {
				t.Fatalf("%s: seed %s differs", dep, c.id)
			}
			if c.created.After(confSeedBase.Add(100*24*3600*1e9)) || c.created.Before(confSeedBase.Add(-24*3600*1e9)) {
				t.Fatalf("%s: seed %s has a clock-dependent time %v", dep, c.id, c.created)
			}
		}
		// Mentions use the deployment's user reference.
		body := a.conf.get("65538").cur().body
		if dep == atlassian.Cloud && !strings.Contains(body, "ri:account-id=") || dep == atlassian.Server && !strings.Contains(body, "ri:userkey=") {
			t.Fatalf("%s: mention markup: %s", dep, body)
		}
	}
}

// TestConfluenceBadInput throws malformed requests at every write and
// list endpoint: each must get a 4xx in its dialect's error shape, never
// a panic or a 5xx.
func TestConfluenceBadInput(t *testing.T) {
	bodies := []string{``, `{`, `[]`, `null`, `"x"`, `42`, `{"body": "x"}`, `{"body": {"storage": "x"}}`, `{"body": {"representation": 1}}`,
		`{"version": {"number": "2"}}`, `{"version": 2}`, `{"ancestors": "x"}`, `{"ancestors": [{"id": {}}]}`, `{"spaceId": {}}`, `{"spaceId": "x"}`,
		`{"id": [1], "title": 5}`, `{"type": "comment", "container": {"id": null}}`, `{"type": "page", "space": "DEMO"}`, `{"pageId": 65537.5, "body": {}}`,
		`{"spaceId": 98305, "title": "Numeric Space Id", "body": {"storage": {"value": "<p>unclosed"}}}`}
	cloud := newConfHarness(t, atlassian.Cloud)
	for _, b := range bodies {
		for _, target := range []struct{ method, path string }{
			{"POST", "/wiki/api/v2/pages"}, {"PUT", "/wiki/api/v2/pages/65537"}, {"POST", "/wiki/api/v2/footer-comments"},
		} {
			r := cloud.do("alice", target.method, target.path, b)
			if r.status >= 500 || (r.status >= 300 && r.num("errors.0.status") != r.status) {
				t.Errorf("Cloud %s %s %s: %d %s", target.method, target.path, b, r.status, r.raw)
			}
		}
	}
	dc := newConfHarness(t, atlassian.Server)
	for _, b := range bodies {
		for _, target := range []struct{ method, path string }{
			{"POST", "/confluence/rest/api/content"}, {"PUT", "/confluence/rest/api/content/65537"},
		} {
			r := dc.do("alice", target.method, target.path, b)
			if r.status >= 500 || (r.status >= 300 && r.num("statusCode") != r.status) {
				t.Errorf("DC %s %s %s: %d %s", target.method, target.path, b, r.status, r.raw)
			}
		}
	}
	for _, p := range []string{
		"/wiki/api/v2/pages?limit=abc", "/wiki/api/v2/pages?space-id=DEMO", "/wiki/api/v2/pages?status=weird", "/wiki/api/v2/pages?sort=size",
		"/wiki/api/v2/pages/1%2F2", "/wiki/api/v2/pages/65537?version=x", "/wiki/api/v2/pages/65537?include-labels=maybe",
		"/wiki/api/v2/spaces?ids=x", "/wiki/api/v2/spaces?limit=-5", "/wiki/api/v2/pages/65537/footer-comments?sort=size",
		"/wiki/rest/api/search?cql=%22", "/wiki/rest/api/search?cql=type%3Dpage&start=x",
	} {
		if r := cloud.do("alice", "GET", p, nil); r.status != 400 && r.status != 404 {
			t.Errorf("Cloud GET %s: %d %s", p, r.status, r.raw)
		}
	}
	for _, p := range []string{
		"/confluence/rest/api/content?limit=x", "/confluence/rest/api/content/65537?version=-1", "/confluence/rest/api/content/65537/child/folder",
		"/confluence/rest/api/search?cql=", "/confluence/rest/api/content/search?cql=title~", "/confluence/rest/api/space?start=-1",
	} {
		if r := dc.do("alice", "GET", p, nil); r.status != 400 && r.status != 404 {
			t.Errorf("DC GET %s: %d %s", p, r.status, r.raw)
		}
	}
}
