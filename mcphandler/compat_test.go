package mcphandler

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// sandboxSession serves the handler in process against a sandbox over
// real HTTP. wrap, when set, sits in front of the sandbox to fake what it
// cannot do (a moved issue, a failing endpoint). It returns the session
// and the requests the sandbox answered.
func sandboxSession(t *testing.T, d atlassian.Deployment, opts Options, wrap func(http.Handler) http.Handler) (*mcp.ClientSession, func() []sandbox.Observation) {
	t.Helper()
	var mu sync.Mutex
	var seen []sandbox.Observation
	var upstream http.Handler = sandbox.New(sandbox.Options{Deployment: d, Observe: func(o sandbox.Observation) {
		mu.Lock()
		seen = append(seen, o)
		mu.Unlock()
	}})
	if wrap != nil {
		upstream = wrap(upstream)
	}
	srv := httptest.NewServer(upstream)
	t.Cleanup(srv.Close)
	base, _ := url.Parse(srv.URL)
	httpClient := atlassian.NewHTTPClient(atlassian.TransportOptions{})
	jiraSite := &atlassian.Site{Product: atlassian.Jira, Deployment: d, BaseURL: base, HTTP: httpClient}
	confBase := *base
	confBase.Path = sandbox.ConfluenceServerPrefix
	creds := atlassian.Bearer("alice-pat")
	if d == atlassian.Cloud {
		confBase.Path = sandbox.ConfluenceCloudPrefix
		creds = atlassian.Basic("alice@example.com", "alice-api-token")
	}
	confSite := &atlassian.Site{Product: atlassian.Confluence, Deployment: d, BaseURL: &confBase, HTTP: httpClient}
	jiraFilter, confFilter := opts.Jira, opts.Confluence // filters only, when given
	opts.Jira = &Product{Site: jiraSite, Credentials: creds}
	opts.Confluence = &Product{Site: confSite, Credentials: creds}
	if jiraFilter != nil {
		opts.Jira.Filter = jiraFilter.Filter
	}
	if confFilter != nil {
		opts.Confluence.Filter = confFilter.Filter
	}
	h, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	st, ct := mcp.NewInMemoryTransports()
	if _, err := h.Server().Connect(t.Context(), st, nil); err != nil {
		t.Fatal(err)
	}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "t", Version: "1"}, nil).Connect(t.Context(), ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close(); h.Close() })
	return cs, func() []sandbox.Observation {
		mu.Lock()
		defer mu.Unlock()
		return append([]sandbox.Observation(nil), seen...)
	}
}

// callText calls a tool and returns its text and whether it failed.
func callText(t *testing.T, cs *mcp.ClientSession, name string, args map[string]any) (string, bool) {
	t.Helper()
	res, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: protocol error %v", name, err)
	}
	return res.Content[0].(*mcp.TextContent).Text, res.IsError
}

func mustSucceed(t *testing.T, cs *mcp.ClientSession, name string, args map[string]any) map[string]any {
	t.Helper()
	text, failed := callText(t, cs, name, args)
	if failed {
		t.Fatalf("%s %v failed: %s", name, args, text)
	}
	var out map[string]any
	_ = json.Unmarshal([]byte(text), &out)
	return out
}

// TestMovedIssueStaysOutsideTheAllowList: DEMO-1 has moved to OPS (Jira
// answers its old key with the new project). With projects_filter DEMO no
// tool that names an issue may read or write it: the allow-list is checked
// on the issue as Jira resolves it, before the tool runs.
func TestMovedIssueStaysOutsideTheAllowList(t *testing.T) {
	moved := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet && r.URL.Path == "/rest/api/2/issue/DEMO-1" {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(`{"id":"10001","key":"OPS-7","self":"x","fields":{"project":{"id":"10001","key":"OPS","name":"Operations"},"summary":"moved"}}`))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	cs, seen := sandboxSession(t, atlassian.Server, Options{Jira: &Product{Filter: []string{"DEMO"}}}, moved)
	res, err := cs.ListTools(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, td := range res.Tools {
		schema, _ := json.Marshal(td.InputSchema)
		var s struct {
			Properties map[string]struct {
				Type string `json:"type"`
			} `json:"properties"`
			Required []string `json:"required"`
		}
		_ = json.Unmarshal(schema, &s)
		if _, ok := s.Properties["issue_key"]; !ok {
			continue
		}
		args := map[string]any{}
		for _, name := range s.Required {
			switch s.Properties[name].Type {
			case "string":
				args[name] = "x"
			case "integer", "number":
				args[name] = 1
			case "boolean":
				args[name] = true
			}
		}
		args["issue_key"] = "DEMO-1"
		text, failed := callText(t, cs, td.Name, args)
		if !failed || !strings.Contains(text, "project OPS is not in this server's allowed projects") {
			t.Errorf("%s on a moved issue: failed=%v %s", td.Name, failed, text)
		}
		checked++
	}
	t.Logf("%d tools that take issue_key refused the moved issue", checked)
	if checked < 5 {
		t.Errorf("only %d tools take issue_key", checked)
	}
	for _, o := range seen() {
		if o.Method != http.MethodGet {
			t.Errorf("a write reached Jira: %s %s", o.Method, o.Path)
		}
	}
}

// TestDropInArguments: what mcp-atlassian's clients send is accepted.
func TestDropInArguments(t *testing.T) {
	cs, seen := sandboxSession(t, atlassian.Server, Options{}, nil)

	// Explicit nulls for optional parameters mean "not given".
	got := mustSucceed(t, cs, "jira_search", map[string]any{"jql": "project = DEMO", "fields": nil, "limit": nil, "start_at": nil, "page_token": nil})
	if n := len(got["issues"].([]any)); n != 10 {
		t.Errorf("search with null optionals returned %d issues, want the default 10", n)
	}
	mustSucceed(t, cs, "jira_get_issue", map[string]any{"issue_key": "DEMO-1", "comment_limit": nil, "update_history": nil})

	// public=false is a regular comment; "comment" is accepted for "body".
	c := mustSucceed(t, cs, "jira_add_comment", map[string]any{"issue_key": "DEMO-2", "comment": "from an *alias*", "public": false})
	if body, _ := c["body"].(string); !strings.Contains(body, "alias") {
		t.Errorf("comment via alias = %v", c)
	}
	// public=true on a software project is an error that says why.
	text, failed := callText(t, cs, "jira_add_comment", map[string]any{"issue_key": "DEMO-2", "body": "x", "public": true})
	if !failed || !strings.Contains(text, "service desk") || !strings.Contains(text, "omit public") {
		t.Errorf("public=true on a software project: failed=%v %s", failed, text)
	}
	posts := 0
	for _, o := range seen() {
		if o.Method == http.MethodPost && strings.HasSuffix(o.Path, "/comment") {
			posts++
		}
	}
	if posts != 1 {
		t.Errorf("%d comments posted, want 1 (public=true must not post)", posts)
	}

	// content_format xhtml is storage.
	page := mustSucceed(t, cs, "confluence_create_page", map[string]any{
		"space_key": "DEMO", "title": "XHTML page", "content": "<p>Hello <strong>storage</strong></p>", "content_format": "xhtml", "include_content": true,
	})
	if md := page["page"].(map[string]any)["content"].(map[string]any)["value"].(string); !strings.Contains(md, "**storage**") {
		t.Errorf("xhtml page content = %q", md)
	}

	// Unknown parameters and wrong types name the parameter.
	text, failed = callText(t, cs, "jira_get_issue", map[string]any{"issue_key": "DEMO-1", "comment_limt": 3})
	if !failed || !strings.Contains(text, `unknown parameter "comment_limt"`) || !strings.Contains(text, "comment_limit") {
		t.Errorf("typo'd parameter: %s", text)
	}
	huge := strings.Repeat("A", 1<<20)
	text, failed = callText(t, cs, "jira_get_issue", map[string]any{"issue_key": huge})
	if !failed || !strings.Contains(text, "issue_key") || len(text) > 2000 {
		t.Errorf("1 MB issue_key: failed=%v, %d bytes of error", failed, len(text))
	}
}

// TestAuxiliaryLookupFailure: when the space of a page cannot be looked
// up, the page still comes back, without its space key and with a note;
// with a spaces allow-list it is refused (fail closed).
func TestAuxiliaryLookupFailure(t *testing.T) {
	spaceFails := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/wiki/api/v2/spaces/") {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusInternalServerError)
				_, _ = w.Write([]byte(`{"errors":[{"status":500,"code":"INTERNAL","title":"boom"}]}`))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	cs, _ := sandboxSession(t, atlassian.Cloud, Options{}, spaceFails)
	text, failed := callText(t, cs, "confluence_search", map[string]any{"query": "type = page AND space = DEMO", "limit": 1})
	if failed {
		t.Fatal(text)
	}
	var results []map[string]any
	_ = json.Unmarshal([]byte(text), &results)
	if len(results) == 0 {
		t.Fatal("no page found")
	}
	id := results[0]["id"].(string)
	got := mustSucceed(t, cs, "confluence_get_page", map[string]any{"page_id": id})
	meta := got["metadata"].(map[string]any)
	if meta["space"].(map[string]any)["key"] != "" || len(meta["notes"].([]any)) == 0 || meta["content"] == nil {
		t.Errorf("page with a failed space lookup = %v", meta)
	}

	filtered, _ := sandboxSession(t, atlassian.Cloud, Options{Confluence: &Product{Filter: []string{"DEMO"}}}, spaceFails)
	text, failed = callText(t, filtered, "confluence_get_page", map[string]any{"page_id": id})
	if !failed || !strings.Contains(text, "cannot tell which space") {
		t.Errorf("unknown space with an allow-list: failed=%v %s", failed, text)
	}
}

// TestAccountIDPrefix: mcp-atlassian's "accountid:<id>" form names a user
// wherever a user is given (here an assignee); on Server/DC it is refused
// with a reason.
func TestAccountIDPrefix(t *testing.T) {
	const alice = "5b10a2844c20165700ede21a" // the sandbox's alice on Cloud
	cloud, _ := sandboxSession(t, atlassian.Cloud, Options{}, nil)
	got := mustSucceed(t, cloud, "jira_create_issue", map[string]any{"project_key": "DEMO", "summary": "Assigned by account id", "issue_type": "Task", "assignee": "accountid:" + alice})
	if id := got["issue"].(map[string]any)["assignee"].(map[string]any)["account_id"]; id != alice {
		t.Errorf("assignee = %v, want %s", id, alice)
	}
	server, _ := sandboxSession(t, atlassian.Server, Options{}, nil)
	text, failed := callText(t, server, "jira_create_issue", map[string]any{"project_key": "DEMO", "summary": "x", "issue_type": "Task", "assignee": "accountid:" + alice})
	if !failed || !strings.Contains(text, "Server/Data Center") {
		t.Errorf("accountid: on Server/DC: failed=%v %s", failed, text)
	}
}

// TestSpaceNamesCached: a Cloud page names its space by id; the space is
// looked up on the first read and remembered for the next ones, by the
// spaces allow-list check too (the Confluence tools bind the cache to a
// call before the check runs).
func TestSpaceNamesCached(t *testing.T) {
	for _, filter := range [][]string{nil, {"DEMO"}} {
		t.Run(fmt.Sprintf("filter=%v", filter), func(t *testing.T) {
			var lookups atomic.Int64
			count := func(next http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/wiki/api/v2/spaces/") {
						lookups.Add(1)
					}
					next.ServeHTTP(w, r)
				})
			}
			cs, _ := sandboxSession(t, atlassian.Cloud, Options{Confluence: &Product{Filter: filter}}, count)
			text, failed := callText(t, cs, "confluence_search", map[string]any{"query": "type = page AND space = DEMO", "limit": 2})
			var results []map[string]any
			if failed || json.Unmarshal([]byte(text), &results) != nil || len(results) < 2 {
				t.Fatalf("search: %s", text)
			}
			lookups.Store(0)
			for _, r := range append(results, results...) {
				got := mustSucceed(t, cs, "confluence_get_page", map[string]any{"page_id": r["id"]})
				if key := got["metadata"].(map[string]any)["space"].(map[string]any)["key"]; key != "DEMO" {
					t.Fatalf("page %v: space key %v", r["id"], key)
				}
			}
			if n := lookups.Load(); n != 1 {
				t.Errorf("four reads of two pages in one space looked the space up %d times, want 1", n)
			}
		})
	}
}

// TestPageViewsReadsNoBody: confluence_get_page_views reads the page for
// its title once, without its body (no body-format) or version; with a
// spaces allow-list that is the check's read, reused. A blog post's id is
// read under /blogposts once /pages does not know it.
func TestPageViewsReadsNoBody(t *testing.T) {
	for _, filter := range [][]string{nil, {"DEMO"}} {
		t.Run(fmt.Sprintf("filter=%v", filter), func(t *testing.T) {
			var mu sync.Mutex
			var reads []string
			record := func(next http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Method == http.MethodGet && (strings.HasPrefix(r.URL.Path, "/wiki/api/v2/pages/") || strings.HasPrefix(r.URL.Path, "/wiki/api/v2/blogposts/")) {
						mu.Lock()
						reads = append(reads, r.URL.Path+"?"+r.URL.RawQuery)
						mu.Unlock()
					}
					next.ServeHTTP(w, r)
				})
			}
			cs, _ := sandboxSession(t, atlassian.Cloud, Options{Confluence: &Product{Filter: filter}}, record)
			for _, c := range []struct {
				id, title string
				reads     []string
			}{
				{"65539", "Architecture", []string{"/wiki/api/v2/pages/65539?include-version=false"}},
				{"65549", "Welcome to the Demo Space", []string{"/wiki/api/v2/pages/65549?include-version=false", "/wiki/api/v2/blogposts/65549?include-version=false"}},
			} {
				mu.Lock()
				reads = nil
				mu.Unlock()
				got := mustSucceed(t, cs, "confluence_get_page_views", map[string]any{"page_id": c.id})
				if got["page_title"] != c.title {
					t.Errorf("page views of %s = %v", c.id, got)
				}
				mu.Lock()
				if strings.Join(reads, " ") != strings.Join(c.reads, " ") {
					t.Errorf("reads for %s = %q, want %q", c.id, reads, c.reads)
				}
				mu.Unlock()
			}
		})
	}
}

// TestBlogPostLabelReads: confluence_get_labels on a Cloud blog post reads
// its labels under /blogposts. With a spaces allow-list, the check has read
// the blog post, so the labels read goes straight there; without one, the
// pages path is asked first, which costs a page nothing.
func TestBlogPostLabelReads(t *testing.T) {
	for _, c := range []struct {
		filter []string
		id     string
		reads  []string
	}{
		{nil, "65549", []string{"/wiki/api/v2/pages/65549/labels", "/wiki/api/v2/blogposts/65549/labels"}},
		{nil, "65539", []string{"/wiki/api/v2/pages/65539/labels"}},
		{[]string{"DEMO"}, "65549", []string{"/wiki/api/v2/pages/65549", "/wiki/api/v2/blogposts/65549", "/wiki/api/v2/blogposts/65549/labels"}},
		{[]string{"DEMO"}, "65539", []string{"/wiki/api/v2/pages/65539", "/wiki/api/v2/pages/65539/labels"}},
	} {
		t.Run(fmt.Sprintf("filter=%v/%s", c.filter, c.id), func(t *testing.T) {
			var mu sync.Mutex
			var reads []string
			record := func(next http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Method == http.MethodGet && (strings.HasPrefix(r.URL.Path, "/wiki/api/v2/pages/") || strings.HasPrefix(r.URL.Path, "/wiki/api/v2/blogposts/")) {
						mu.Lock()
						reads = append(reads, r.URL.Path)
						mu.Unlock()
					}
					next.ServeHTTP(w, r)
				})
			}
			cs, _ := sandboxSession(t, atlassian.Cloud, Options{Confluence: &Product{Filter: c.filter}}, record)
			if text, failed := callText(t, cs, "confluence_get_labels", map[string]any{"page_id": c.id}); failed || !strings.Contains(text, `"name"`) {
				t.Fatalf("get_labels %s = %s", c.id, text)
			}
			mu.Lock()
			defer mu.Unlock()
			if strings.Join(reads, " ") != strings.Join(c.reads, " ") {
				t.Errorf("reads = %q, want %q", reads, c.reads)
			}
		})
	}
}

// TestConfluenceUploadRequests: an upload is one request on Cloud (PUT,
// create or update by name) and, as Server/DC has no such operation, a
// lookup of the name and then its create or its new version there.
func TestConfluenceUploadRequests(t *testing.T) {
	for d, want := range map[atlassian.Deployment][]string{
		atlassian.Cloud:  {"PUT /wiki/rest/api/content/65539/child/attachment"},
		atlassian.Server: {"GET /confluence/rest/api/content/65539/child/attachment", "POST /confluence/rest/api/content/65539/child/attachment"},
	} {
		t.Run(string(d), func(t *testing.T) {
			cs, seen := sandboxSession(t, d, Options{}, nil)
			for version := 1; version <= 2; version++ {
				before := len(seen())
				got := mustSucceed(t, cs, "confluence_upload_attachment", map[string]any{"content_id": "65539", "filename": "probe.txt", "content_base64": "aGVsbG8="})
				if v := got["attachment"].(map[string]any)["version"]; v != float64(version) {
					t.Errorf("upload %d: version %v", version, v)
				}
				var sent []string
				for _, o := range seen()[before:] {
					sent = append(sent, o.Method+" "+o.Path)
				}
				if version == 2 && d == atlassian.Server {
					want = []string{want[0], fmt.Sprintf("POST /confluence/rest/api/content/65539/child/attachment/%v/data", got["attachment"].(map[string]any)["id"])}
				}
				if strings.Join(sent, ", ") != strings.Join(want, ", ") {
					t.Errorf("upload %d sent %q, want %q", version, sent, want)
				}
			}
		})
	}
}

// TestDevelopmentInfoAllowList: with a projects allow-list, the
// development tools refuse a key outside it without asking Jira, and
// read each allowed issue once (its project checked on that read).
func TestDevelopmentInfoAllowList(t *testing.T) {
	cs, seen := sandboxSession(t, atlassian.Cloud, Options{Jira: &Product{Filter: []string{"DEMO"}}}, nil)
	issueReads := func() map[string]int {
		reads := map[string]int{}
		for _, o := range seen() {
			if o.Method == "GET" && strings.HasPrefix(o.Path, "/rest/api/3/issue/") {
				reads[o.Path]++
			}
		}
		return reads
	}
	mustSucceed(t, cs, "jira_get_issue_development_info", map[string]any{"issue_key": "DEMO-1"})
	if text, failed := callText(t, cs, "jira_get_issue_development_info", map[string]any{"issue_key": "OPS-1"}); !failed || !strings.Contains(text, "allowed projects") {
		t.Errorf("development info of OPS-1 = %s; want refused", text)
	}
	if reads := issueReads(); reads["/rest/api/3/issue/DEMO-1"] != 1 || reads["/rest/api/3/issue/OPS-1"] != 0 {
		t.Errorf("single tool: issue reads = %v; want DEMO-1 once and OPS-1 never", reads)
	}
	before := len(seen())
	text, failed := callText(t, cs, "jira_get_issues_development_info", map[string]any{"issue_keys": "DEMO-1,OPS-1"})
	var out []map[string]any
	if failed || json.Unmarshal([]byte(text), &out) != nil || len(out) != 2 {
		t.Fatalf("development info: %s", text)
	}
	if out[0]["error"] != nil || !strings.Contains(fmt.Sprint(out[1]["error"]), "allowed projects") {
		t.Errorf("DEMO-1 / OPS-1 = %v / %v", out[0]["error"], out[1]["error"])
	}
	reads := map[string]int{}
	for _, o := range seen()[before:] {
		if o.Method == "GET" && strings.HasPrefix(o.Path, "/rest/api/3/issue/") {
			reads[o.Path]++
		}
	}
	if reads["/rest/api/3/issue/DEMO-1"] != 1 || reads["/rest/api/3/issue/OPS-1"] != 0 {
		t.Errorf("batch tool: issue reads = %v; want DEMO-1 once and OPS-1 never", reads)
	}
}
