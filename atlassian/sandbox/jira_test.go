package sandbox

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// jiraHarness drives one sandbox over real HTTP.
type jiraHarness struct {
	t      *testing.T
	sb     *Server
	srv    *httptest.Server
	client *http.Client
	api    string // /rest/api/3 or /rest/api/2
	auth   func(*http.Request)
}

func newJiraHarness(t *testing.T, dep atlassian.Deployment) *jiraHarness {
	t.Helper()
	sb := New(Options{Deployment: dep})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	// A fixed clock an hour after the seed base keeps dates comparable.
	sb.jira.now = func() time.Time { return jiraSeedBase.Add(time.Hour) }
	h := &jiraHarness{t: t, sb: sb, srv: srv, client: srv.Client(), api: "/rest/api/2"}
	if dep == atlassian.Cloud {
		h.api = "/rest/api/3"
	}
	h.auth = h.as("alice")
	return h
}

func (h *jiraHarness) cloud() bool { return h.sb.Cloud() }

// as returns the standard credentials of a demo user for this deployment.
func (h *jiraHarness) as(name string) func(*http.Request) {
	u := h.sb.userByName(name)
	if u == nil {
		h.t.Fatalf("no user %s", name)
	}
	if h.cloud() {
		return func(r *http.Request) { r.SetBasicAuth(u.Email, u.APIToken) }
	}
	return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+u.PAT) }
}

// user switches the harness to another demo user.
func (h *jiraHarness) user(name string) *jiraHarness {
	cp := *h
	cp.auth = h.as(name)
	return &cp
}

type jiraResp struct {
	status int
	header http.Header
	raw    []byte
	body   any
}

func (r jiraResp) obj() map[string]any {
	m, _ := r.body.(map[string]any)
	return m
}

func (r jiraResp) arr() []any {
	a, _ := r.body.([]any)
	return a
}

// send issues a request; a path without a leading /rest or /ex is taken
// relative to the deployment's API prefix.
func (h *jiraHarness) send(method, path string, body any, auth func(*http.Request)) jiraResp {
	h.t.Helper()
	if !strings.HasPrefix(path, "/rest/") && !strings.HasPrefix(path, "/ex/") {
		path = h.api + path
	}
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, h.srv.URL+path, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth != nil {
		auth(req)
	}
	resp, err := h.client.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := jiraResp{status: resp.StatusCode, header: resp.Header, raw: raw}
	if len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, &out.body); err != nil {
			h.t.Fatalf("%s %s: answer is not JSON: %q", method, path, raw)
		}
	}
	return out
}

func (h *jiraHarness) call(method, path string, body any) jiraResp {
	h.t.Helper()
	return h.send(method, path, body, h.auth)
}

// expect checks the status and returns the answer.
func (h *jiraHarness) expect(status int, method, path string, body any) jiraResp {
	h.t.Helper()
	r := h.call(method, path, body)
	if r.status != status {
		h.t.Fatalf("%s %s: status %d, want %d: %s", method, path, r.status, status, r.raw)
	}
	return r
}

// jiraErrorBody checks Jira's ErrorCollection shape and returns its parts.
func jiraErrorBody(t *testing.T, r jiraResp) ([]string, map[string]string) {
	t.Helper()
	m := r.obj()
	msgs, ok1 := m["errorMessages"].([]any)
	errs, ok2 := m["errors"].(map[string]any)
	if !ok1 || !ok2 || len(m) != 2 {
		t.Fatalf("not Jira's error shape: %s", r.raw)
	}
	var outMsgs []string
	for _, x := range msgs {
		outMsgs = append(outMsgs, x.(string))
	}
	outErrs := map[string]string{}
	for k, v := range errs {
		outErrs[k] = v.(string)
	}
	return outMsgs, outErrs
}

func wantMessage(t *testing.T, r jiraResp, status int, msg string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.raw)
	}
	msgs, _ := jiraErrorBody(t, r)
	if !slices.Contains(msgs, msg) {
		t.Fatalf("errorMessages %q, want %q", msgs, msg)
	}
}

func wantFieldError(t *testing.T, r jiraResp, field, msg string) {
	t.Helper()
	if r.status != http.StatusBadRequest {
		t.Fatalf("status %d, want 400: %s", r.status, r.raw)
	}
	_, errs := jiraErrorBody(t, r)
	if errs[field] != msg {
		t.Fatalf("errors[%s] = %q, want %q (all: %v)", field, errs[field], msg, errs)
	}
}

// path reads a nested value: "fields.status.name", "issues.0.key".
func path(v any, p string) any {
	for _, part := range strings.Split(p, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[part]
		case []any:
			var i int
			if _, err := fmt.Sscan(part, &i); err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

func str(v any, p string) string {
	s, _ := path(v, p).(string)
	return s
}

func keysOf(issues []any) []string {
	var out []string
	for _, is := range issues {
		out = append(out, str(is, "key"))
	}
	return out
}

// adfDoc is a one-paragraph ADF document.
func adfDoc(text string) map[string]any {
	return map[string]any{"type": "doc", "version": 1, "content": []any{
		map[string]any{"type": "paragraph", "content": []any{map[string]any{"type": "text", "text": text}}},
	}}
}

// richBody is the deployment's rich-text form of a plain text.
func (h *jiraHarness) richBody(text string) any {
	if h.cloud() {
		return adfDoc(text)
	}
	return text
}

func forEachDeployment(t *testing.T, f func(t *testing.T, h *jiraHarness)) {
	for _, dep := range []atlassian.Deployment{atlassian.Cloud, atlassian.Server} {
		t.Run(string(dep), func(t *testing.T) { f(t, newJiraHarness(t, dep)) })
	}
}

// --- authentication ---

func TestJiraAuthCloud(t *testing.T) {
	h := newJiraHarness(t, atlassian.Cloud)
	alice := h.sb.userByName("alice")
	gw := "/ex/jira/" + DefaultCloudID + "/rest/api/3/myself"
	cases := []struct {
		name   string
		path   string
		auth   func(*http.Request)
		status int
	}{
		{"basic email and API token", "/rest/api/3/myself", func(r *http.Request) { r.SetBasicAuth(alice.Email, alice.APIToken) }, 200},
		{"basic wrong token", "/rest/api/3/myself", func(r *http.Request) { r.SetBasicAuth(alice.Email, "nope") }, 401},
		{"basic username and password", "/rest/api/3/myself", func(r *http.Request) { r.SetBasicAuth("alice", alice.Password) }, 401},
		{"OAuth token off the gateway", "/rest/api/3/myself", func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+alice.OAuthToken) }, 401},
		{"PAT", "/rest/api/3/myself", func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+alice.PAT) }, 401},
		{"no credentials", "/rest/api/3/myself", nil, 401},
		{"gateway with OAuth token", gw, func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+alice.OAuthToken) }, 200},
		{"gateway with basic auth", gw, func(r *http.Request) { r.SetBasicAuth(alice.Email, alice.APIToken) }, 401},
		{"gateway with a wrong cloud id", "/ex/jira/00000000-0000-0000-0000-000000000000/rest/api/3/myself",
			func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+alice.OAuthToken) }, 0}, // refused: 401 or 404
		{"v2 is not served on Cloud", "/rest/api/2/myself", func(r *http.Request) { r.SetBasicAuth(alice.Email, alice.APIToken) }, 404},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := h.send(http.MethodGet, c.path, nil, c.auth)
			if c.status == 0 {
				if r.status != 401 && r.status != 404 {
					t.Fatalf("status %d, want a refusal: %s", r.status, r.raw)
				}
				jiraErrorBody(t, r)
				return
			}
			if r.status != c.status {
				t.Fatalf("status %d, want %d: %s", r.status, c.status, r.raw)
			}
			switch c.status {
			case 200:
				if str(r.body, "accountId") != alice.AccountID {
					t.Fatalf("myself = %s", r.raw)
				}
			case 401:
				wantMessage(t, r, 401, "You are not authenticated. Authentication required to perform this operation.")
			default:
				jiraErrorBody(t, r)
			}
		})
	}
}

func TestJiraAuthServer(t *testing.T) {
	h := newJiraHarness(t, atlassian.Server)
	bob := h.sb.userByName("bob")
	cases := []struct {
		name   string
		path   string
		auth   func(*http.Request)
		status int
	}{
		{"PAT", "/rest/api/2/myself", func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+bob.PAT) }, 200},
		{"basic username and password", "/rest/api/2/myself", func(r *http.Request) { r.SetBasicAuth("bob", bob.Password) }, 200},
		{"latest alias", "/rest/api/latest/myself", func(r *http.Request) { r.SetBasicAuth("bob", bob.Password) }, 200},
		{"basic wrong password", "/rest/api/2/myself", func(r *http.Request) { r.SetBasicAuth("bob", "nope") }, 401},
		{"basic email and API token", "/rest/api/2/myself", func(r *http.Request) { r.SetBasicAuth(bob.Email, bob.APIToken) }, 401},
		{"OAuth token", "/rest/api/2/myself", func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+bob.OAuthToken) }, 401},
		{"no credentials", "/rest/api/2/myself", nil, 401},
		{"v3 is not served on Server/DC", "/rest/api/3/myself", func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+bob.PAT) }, 404},
		{"no gateway on Server/DC", "/ex/jira/" + DefaultCloudID + "/rest/api/2/myself", func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+bob.OAuthToken) }, 404},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := h.send(http.MethodGet, c.path, nil, c.auth)
			if r.status != c.status {
				t.Fatalf("status %d, want %d: %s", r.status, c.status, r.raw)
			}
			if c.status == 200 && (str(r.body, "name") != "bob" || str(r.body, "key") != bob.Key) {
				t.Fatalf("myself = %s", r.raw)
			}
			if c.status != 200 {
				jiraErrorBody(t, r)
			}
		})
	}
}

// TestJiraAuthServerClientCertificate authenticates with a verified TLS
// client certificate whose common name is a username.
func TestJiraAuthServerClientCertificate(t *testing.T) {
	sb := New(Options{Deployment: atlassian.Server})
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "sandbox test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true,
		KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	clientCert := func(cn string) tls.Certificate {
		key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: cn},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
			ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, KeyUsage: x509.KeyUsageDigitalSignature}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
		if err != nil {
			t.Fatal(err)
		}
		return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	srv := httptest.NewUnstartedServer(sb)
	srv.TLS = &tls.Config{ClientAuth: tls.VerifyClientCertIfGiven, ClientCAs: pool}
	srv.StartTLS()
	defer srv.Close()
	for _, c := range []struct {
		cn     string
		status int
	}{{"carol", 200}, {"mallory", 401}, {"", 401}} {
		client := srv.Client()
		tr := client.Transport.(*http.Transport).Clone()
		if c.cn != "" {
			tr.TLSClientConfig.Certificates = []tls.Certificate{clientCert(c.cn)}
		}
		client.Transport = tr
		resp, err := client.Get(srv.URL + "/rest/api/2/issue/DEMO-1?fields=summary")
		if err != nil {
			t.Fatal(err)
		}
		var body map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != c.status {
			t.Fatalf("cn %q: status %d, want %d", c.cn, resp.StatusCode, c.status)
		}
		if c.status == 200 && !strings.HasPrefix(str(body, "self"), "https://") {
			t.Fatalf("self over TLS = %q", str(body, "self"))
		}
	}
}

func TestJiraMyselfShapes(t *testing.T) {
	forEachDeployment(t, func(t *testing.T, h *jiraHarness) {
		me := h.expect(200, "GET", "/myself", nil).obj()
		alice := h.sb.userByName("alice")
		if h.cloud() {
			if me["accountId"] != alice.AccountID || me["accountType"] != "atlassian" || me["name"] != nil || me["key"] != nil {
				t.Fatalf("Cloud myself: %v", me)
			}
		} else if me["name"] != "alice" || me["key"] != alice.Key || me["accountId"] != nil {
			t.Fatalf("DC myself: %v", me)
		}
		if me["displayName"] != alice.DisplayName || me["emailAddress"] != alice.Email || me["active"] != true {
			t.Fatalf("myself: %v", me)
		}
		if !strings.HasPrefix(str(me, "self"), h.srv.URL+h.api+"/user?") {
			t.Fatalf("self = %v", me["self"])
		}
		avatars := me["avatarUrls"].(map[string]any)
		if len(avatars) != 4 || avatars["48x48"] == nil {
			t.Fatalf("avatarUrls = %v", avatars)
		}
	})
}

func TestJiraGatewaySelfURLs(t *testing.T) {
	h := newJiraHarness(t, atlassian.Cloud)
	bob := h.sb.userByName("bob")
	var seen []Observation
	var mu sync.Mutex
	h.sb.opts.Observe = func(o Observation) { mu.Lock(); seen = append(seen, o); mu.Unlock() }
	gw := "/ex/jira/" + DefaultCloudID
	r := h.send("GET", gw+"/rest/api/3/issue/DEMO-4?fields=summary,assignee", nil, func(r *http.Request) {
		r.Header.Set("Authorization", "Bearer "+bob.OAuthToken)
	})
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.raw)
	}
	if want := h.srv.URL + gw + "/rest/api/3/issue/"; !strings.HasPrefix(str(r.body, "self"), want) {
		t.Fatalf("self = %q, want prefix %q", str(r.body, "self"), want)
	}
	if !strings.HasPrefix(str(r.body, "fields.assignee.self"), h.srv.URL+gw+"/rest/api/3/user?accountId=") {
		t.Fatalf("assignee self = %q", str(r.body, "fields.assignee.self"))
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 1 || !seen[0].Gateway || seen[0].User != "bob" || seen[0].Path != "/rest/api/3/issue/DEMO-4" || seen[0].Product != atlassian.Jira {
		t.Fatalf("observations = %+v", seen)
	}
}

// --- reading issues ---

func TestJiraGetIssueFields(t *testing.T) {
	forEachDeployment(t, func(t *testing.T, h *jiraHarness) {
		is := h.expect(200, "GET", "/issue/DEMO-4", nil).obj()
		if is["key"] != "DEMO-4" || is["id"] != "10003" || str(is, "self") != h.srv.URL+h.api+"/issue/10003" {
			t.Fatalf("issue: id %v key %v self %v", is["id"], is["key"], is["self"])
		}
		fields := is["fields"].(map[string]any)
		for _, f := range []string{"summary", "status", "priority", "assignee", "reporter", "labels", "components", "created", "updated", "comment", "issuetype", "project", cfStoryPoints, cfTeam} {
			if _, ok := fields[f]; !ok {
				t.Errorf("default fields lack %s", f)
			}
		}
		if str(fields, "status.name") != "In Progress" || str(fields, "status.statusCategory.key") != "indeterminate" ||
			path(fields, "status.statusCategory.id") != float64(4) || str(fields, "status.statusCategory.colorName") != "yellow" {
			t.Errorf("status = %v", fields["status"])
		}
		if str(fields, "team") != "" || str(fields, cfTeam+".value") != "Platform" || path(fields, cfStoryPoints) != float64(8) {
			t.Errorf("custom fields: %v %v", fields[cfTeam], fields[cfStoryPoints])
		}
		if c := fields["created"].(string); len(c) != len("2026-01-02T15:04:05.000+0000") || !strings.HasSuffix(c, "+0000") {
			t.Errorf("created = %q", c)
		}
		if n := path(fields, "comment.total"); n != float64(3) {
			t.Errorf("comment.total = %v", n)
		}

		only := h.expect(200, "GET", "/issue/DEMO-4?fields=summary,status", nil).obj()
		if f := only["fields"].(map[string]any); len(f) != 2 || f["summary"] == nil || f["status"] == nil {
			t.Errorf("fields=summary,status gave %v", f)
		}
		repeated := h.expect(200, "GET", "/issue/DEMO-4?fields=summary&fields=labels", nil).obj()
		if f := repeated["fields"].(map[string]any); len(f) != 2 || f["labels"] == nil {
			t.Errorf("repeated fields gave %v", f)
		}
		noComment := h.expect(200, "GET", "/issue/DEMO-4?fields=*all,-comment", nil).obj()
		if f := noComment["fields"].(map[string]any); f["comment"] != nil || f["summary"] == nil {
			t.Errorf("*all,-comment kept comment or lost summary")
		}
		minus := h.expect(200, "GET", "/issue/DEMO-4?fields=-description", nil).obj()
		if f := minus["fields"].(map[string]any); f["description"] != nil || f["summary"] == nil {
			t.Errorf("-description: %v", f["description"])
		}
		nav := h.expect(200, "GET", "/issue/DEMO-4?fields=*navigable", nil).obj()
		if f := nav["fields"].(map[string]any); f["comment"] != nil || f["summary"] == nil {
			t.Errorf("*navigable includes comment or lacks summary")
		}

		named := h.expect(200, "GET", "/issue/DEMO-4?fields=summary,customfield_10016&expand=names,renderedFields,schema", nil).obj()
		names := named["names"].(map[string]any)
		if names["summary"] != "Summary" || names[cfStoryPoints] != "Story Points" || len(names) != 2 {
			t.Errorf("names = %v", names)
		}
		if path(named, "schema."+cfStoryPoints+".customId") != float64(10016) {
			t.Errorf("schema = %v", named["schema"])
		}
		if _, ok := named["renderedFields"].(map[string]any); !ok {
			t.Errorf("renderedFields missing")
		}
		rendered := h.expect(200, "GET", "/issue/DEMO-4?fields=description&expand=renderedFields", nil).obj()
		if html := str(rendered, "renderedFields.description"); !strings.Contains(html, "<h3>Acceptance criteria</h3>") || !strings.Contains(html, "<pre") {
			t.Errorf("rendered description = %q", html)
		}
		byID := h.expect(200, "GET", "/issue/10003?fields=summary", nil).obj()
		if byID["key"] != "DEMO-4" {
			t.Errorf("by id: %v", byID["key"])
		}
		lower := h.expect(200, "GET", "/issue/demo-4?fields=summary", nil).obj()
		if lower["key"] != "DEMO-4" {
			t.Errorf("lower-case key: %v", lower["key"])
		}
		withChangelog := h.expect(200, "GET", "/issue/DEMO-7?fields=status&expand=changelog", nil).obj()
		if path(withChangelog, "changelog.total") != float64(1) || str(withChangelog, "changelog.histories.0.items.0.toString") != "Done" {
			t.Errorf("changelog = %v", withChangelog["changelog"])
		}

		missing := h.call("GET", "/issue/DEMO-999", nil)
		want := "Issue Does Not Exist"
		if h.cloud() {
			want = "Issue does not exist or you do not have permission to see it."
		}
		wantMessage(t, missing, 404, want)
	})
}

func TestJiraRichTextDialects(t *testing.T) {
	forEachDeployment(t, func(t *testing.T, h *jiraHarness) {
		is := h.expect(200, "GET", "/issue/DEMO-4?fields=description,comment", nil).obj()
		desc := path(is, "fields.description")
		carol := h.sb.userByName("carol")
		if h.cloud() {
			doc, ok := desc.(map[string]any)
			if !ok || doc["type"] != "doc" || doc["version"] != float64(1) {
				t.Fatalf("Cloud description is not ADF: %v", desc)
			}
			raw, _ := json.Marshal(doc)
			for _, want := range []string{`"type":"codeBlock"`, `"language":"go"`, `"type":"heading"`, `"type":"bulletList"`, `"type":"mention"`, `"id":"` + carol.AccountID + `"`, `"type":"link"`} {
				if !bytes.Contains(raw, []byte(want)) {
					t.Errorf("ADF lacks %s", want)
				}
			}
			if _, ok := path(is, "fields.comment.comments.0.body").(map[string]any); !ok {
				t.Errorf("Cloud comment body is not ADF")
			}
			table, _ := json.Marshal(path(h.expect(200, "GET", "/issue/DEMO-12?fields=description", nil).body, "fields.description"))
			if !bytes.Contains(table, []byte(`"type":"tableHeader"`)) {
				t.Errorf("DEMO-12 has no ADF table: %s", table)
			}
			panel, _ := json.Marshal(path(h.expect(200, "GET", "/issue/DEMO-5?fields=description", nil).body, "fields.description"))
			if !bytes.Contains(panel, []byte(`"panelType":"warning"`)) {
				t.Errorf("DEMO-5 has no ADF panel: %s", panel)
			}
		} else {
			s, ok := desc.(string)
			if !ok {
				t.Fatalf("DC description is not a string: %v", desc)
			}
			for _, want := range []string{"h3. Acceptance criteria", "{code:go}", "[~carol]", "* The login page offers *Sign in with SSO*", "{{id_token}}", "[design doc|https://example.com/docs/sso-design]"} {
				if !strings.Contains(s, want) {
					t.Errorf("wiki markup lacks %q:\n%s", want, s)
				}
			}
			if _, ok := path(is, "fields.comment.comments.0.body").(string); !ok {
				t.Errorf("DC comment body is not a string")
			}
			table := str(h.expect(200, "GET", "/issue/DEMO-12?fields=description", nil).body, "fields.description")
			if !strings.Contains(table, "||Field||Required||Validation||") {
				t.Errorf("DEMO-12 has no wiki table: %s", table)
			}
			panel := str(h.expect(200, "GET", "/issue/DEMO-5?fields=description", nil).body, "fields.description")
			if !strings.Contains(panel, "{warning}") {
				t.Errorf("DEMO-5 has no wiki panel: %s", panel)
			}
		}
	})
}

func TestJiraEpicsAndParents(t *testing.T) {
	forEachDeployment(t, func(t *testing.T, h *jiraHarness) {
		story := h.expect(200, "GET", "/issue/DEMO-5?fields=*all", nil).obj()
		sub := h.expect(200, "GET", "/issue/DEMO-10?fields=parent,issuetype", nil).obj()
		if str(sub, "fields.parent.key") != "DEMO-4" || path(sub, "fields.issuetype.subtask") != true {
			t.Errorf("sub-task parent = %v", path(sub, "fields.parent"))
		}
		parentStory := h.expect(200, "GET", "/issue/DEMO-4?fields=subtasks", nil).obj()
		if got := keysOf(path(parentStory, "fields.subtasks").([]any)); !slices.Equal(got, []string{"DEMO-9", "DEMO-10", "DEMO-11"}) {
			t.Errorf("subtasks = %v", got)
		}
		if h.cloud() {
			if str(story, "fields.parent.key") != "DEMO-1" || str(story, "fields.parent.fields.issuetype.name") != "Epic" {
				t.Errorf("Cloud story parent = %v", path(story, "fields.parent"))
			}
			if _, ok := path(story, "fields").(map[string]any)[cfEpicLink]; ok {
				t.Errorf("Cloud issue has an Epic Link field")
			}
		} else {
			if path(story, "fields."+cfEpicLink) != "DEMO-1" {
				t.Errorf("DC Epic Link = %v", path(story, "fields."+cfEpicLink))
			}
			if _, ok := path(story, "fields").(map[string]any)["parent"]; ok {
				t.Errorf("DC story has a parent")
			}
			epic := h.expect(200, "GET", "/issue/DEMO-1?fields="+cfEpicName, nil).obj()
			if path(epic, "fields."+cfEpicName) != "Single sign-on" {
				t.Errorf("Epic Name = %v", path(epic, "fields."+cfEpicName))
			}
		}
	})
}

func TestJiraComments(t *testing.T) {
	forEachDeployment(t, func(t *testing.T, h *jiraHarness) {
		page := h.expect(200, "GET", "/issue/DEMO-4/comment", nil).obj()
		if page["total"] != float64(3) || page["startAt"] != float64(0) || len(page["comments"].([]any)) != 3 {
			t.Fatalf("comments page: %v", page)
		}
		first := path(page, "comments.0").(map[string]any)
		if str(first, "author.displayName") != "Alice Example" || first["created"] == nil || first["id"] == nil {
			t.Errorf("first comment = %v", first)
		}
		newest := h.expect(200, "GET", "/issue/DEMO-4/comment?orderBy=-created&maxResults=1", nil).obj()
		if got := path(newest, "comments").([]any); len(got) != 1 || str(got[0], "author.displayName") != "Carol Reviewer" || newest["maxResults"] != float64(1) {
			t.Errorf("newest comment: %v", newest)
		}
		second := h.expect(200, "GET", "/issue/DEMO-4/comment?startAt=1&maxResults=1&expand=renderedBody", nil).obj()
		if got := path(second, "comments").([]any); len(got) != 1 || str(got[0], "author.displayName") != "Bob Builder" || str(got[0], "renderedBody") == "" {
			t.Errorf("second comment: %v", second)
		}
		bad := h.call("GET", "/issue/DEMO-4/comment?orderBy=author", nil)
		if bad.status != 400 {
			t.Errorf("orderBy=author: %d", bad.status)
		}
		wantMessage(t, h.call("GET", "/issue/DEMO-4/comment?maxResults=ten", nil), 400, "The value 'ten' is not a valid number for the parameter 'maxResults'.")

		added := h.expect(201, "POST", "/issue/DEMO-4/comment", map[string]any{
			"body": h.richBody("Reviewed, looks good."), "visibility": map[string]any{"type": "role", "value": "Developers"},
		}).obj()
		if str(added, "author.displayName") != "Alice Example" || str(added, "updateAuthor.displayName") != "Alice Example" ||
			str(added, "visibility.type") != "role" || str(added, "visibility.value") != "Developers" {
			t.Errorf("added comment = %v", added)
		}
		if !strings.HasPrefix(str(added, "self"), h.srv.URL+h.api+"/issue/10003/comment/") {
			t.Errorf("comment self = %v", added["self"])
		}
		if h.cloud() {
			if !jsonEqual(added["body"], adfDoc("Reviewed, looks good.")) {
				t.Errorf("ADF body not echoed: %v", added["body"])
			}
		} else if added["body"] != "Reviewed, looks good." {
			t.Errorf("wiki body not echoed: %v", added["body"])
		}
		after := h.expect(200, "GET", "/issue/DEMO-4?fields=comment,updated", nil).obj()
		if path(after, "fields.comment.total") != float64(4) {
			t.Errorf("comment not stored")
		}
		if updated := str(after, "fields.updated"); updated <= "2026-11-20" {
			t.Errorf("updated not bumped: %s", updated)
		}
		bob := h.user("bob").expect(201, "POST", "/issue/DEMO-4/comment", map[string]any{"body": h.richBody("Thanks!")}).obj()
		if str(bob, "author.displayName") != "Bob Builder" {
			t.Errorf("comment author is not the caller: %v", bob["author"])
		}
		wantFieldError(t, h.call("POST", "/issue/DEMO-4/comment", map[string]any{}), "comment", "Comment body can not be empty!")
		wantMessage(t, h.call("POST", "/issue/DEMO-999/comment", map[string]any{"body": h.richBody("x")}), 404, map[bool]string{true: "Issue does not exist or you do not have permission to see it.", false: "Issue Does Not Exist"}[h.cloud()])
		r := h.call("POST", "/issue/DEMO-4/comment", map[string]any{"body": h.richBody("x"), "visibility": map[string]any{"type": "team", "value": "x"}})
		if r.status != 400 {
			t.Errorf("bad visibility type: %d", r.status)
		}
	})
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// TestJiraRichTextEnforcement: Cloud v3 takes ADF only, Server/DC v2
// strings only, as the real APIs do.
func TestJiraRichTextEnforcement(t *testing.T) {
	t.Run("cloud", func(t *testing.T) {
		h := newJiraHarness(t, atlassian.Cloud)
		wantFieldError(t, h.call("POST", "/issue/DEMO-4/comment", map[string]any{"body": "plain text"}), "comment", "Comment body is not valid!")
		wantFieldError(t, h.call("POST", "/issue/DEMO-4/comment", map[string]any{"body": map[string]any{"type": "doc", "version": 2, "content": []any{}}}), "comment", "Comment body is not valid!")
		wantFieldError(t, h.call("POST", "/issue/DEMO-4/comment", map[string]any{"body": map[string]any{"type": "paragraph", "content": []any{}}}), "comment", "Comment body is not valid!")
		adfMsg := "Operation value must be an Atlassian Document (see the Atlassian Document Format)"
		wantFieldError(t, h.call("POST", "/issue", map[string]any{"fields": map[string]any{
			"project": map[string]any{"key": "DEMO"}, "issuetype": map[string]any{"name": "Task"}, "summary": "x", "description": "h1. wiki",
		}}), "description", adfMsg)
		wantFieldError(t, h.call("PUT", "/issue/DEMO-4", map[string]any{"fields": map[string]any{"description": "plain"}}), "description", adfMsg)
		wantFieldError(t, h.call("PUT", "/issue/DEMO-4", map[string]any{"update": map[string]any{"comment": []any{map[string]any{"add": map[string]any{"body": "plain"}}}}}), "comment", "Comment body is not valid!")
		h.expect(204, "PUT", "/issue/DEMO-4", map[string]any{"fields": map[string]any{"description": adfDoc("Rewritten.")}})
		got := h.expect(200, "GET", "/issue/DEMO-4?fields=description&expand=renderedFields", nil).obj()
		if !jsonEqual(path(got, "fields.description"), adfDoc("Rewritten.")) || str(got, "renderedFields.description") != "<p>Rewritten.</p>" {
			t.Errorf("description after edit: %v / %v", path(got, "fields.description"), path(got, "renderedFields.description"))
		}
	})
	t.Run("server", func(t *testing.T) {
		h := newJiraHarness(t, atlassian.Server)
		wantMessage(t, h.call("POST", "/issue/DEMO-4/comment", map[string]any{"body": adfDoc("x")}), 400, jiraBadPayload)
		strMsg := "Operation value must be a string"
		wantFieldError(t, h.call("POST", "/issue", map[string]any{"fields": map[string]any{
			"project": map[string]any{"key": "DEMO"}, "issuetype": map[string]any{"name": "Task"}, "summary": "x", "description": adfDoc("x"),
		}}), "description", strMsg)
		wantFieldError(t, h.call("PUT", "/issue/DEMO-4", map[string]any{"fields": map[string]any{"description": adfDoc("x")}}), "description", strMsg)
		h.expect(204, "PUT", "/issue/DEMO-4", map[string]any{"fields": map[string]any{"description": "h2. New\n\nText"}})
		if d := str(h.expect(200, "GET", "/issue/DEMO-4?fields=description", nil).body, "fields.description"); d != "h2. New\n\nText" {
			t.Errorf("description after edit: %q", d)
		}
	})
}

// --- writing issues ---

// TestJiraIssueLifecycle: create → get → update → comment → transitions →
// transition, on both deployments.
func TestJiraIssueLifecycle(t *testing.T) {
	forEachDeployment(t, func(t *testing.T, h *jiraHarness) {
		bob := h.sb.userByName("bob")
		assignee := map[string]any{"name": "bob"}
		if h.cloud() {
			assignee = map[string]any{"accountId": bob.AccountID}
		}
		fields := map[string]any{
			"project": map[string]any{"key": "DEMO"}, "issuetype": map[string]any{"name": "Story"},
			"summary": "Remember the last used payment method", "description": h.richBody("Pre-select it next time."),
			"assignee": assignee, "priority": map[string]any{"name": "High"}, "labels": []any{"checkout", "payments"},
			"components":  []any{map[string]any{"name": "Frontend"}, map[string]any{"id": "10000"}},
			cfStoryPoints: 3, cfTeam: map[string]any{"value": "Web"},
		}
		if h.cloud() {
			fields["parent"] = map[string]any{"key": "DEMO-2"}
		} else {
			fields[cfEpicLink] = "DEMO-2"
		}
		created := h.expect(201, "POST", "/issue", map[string]any{"fields": fields}).obj()
		if created["key"] != "DEMO-36" || created["id"] != "10044" || str(created, "self") != h.srv.URL+h.api+"/issue/10044" || len(created) != 3 {
			t.Fatalf("created = %v", created)
		}
		is := h.expect(200, "GET", "/issue/DEMO-36", nil).obj()
		f := is["fields"].(map[string]any)
		if str(f, "status.name") != "To Do" || str(f, "priority.name") != "High" || str(f, "assignee.displayName") != "Bob Builder" ||
			str(f, "reporter.displayName") != "Alice Example" || str(f, "creator.displayName") != "Alice Example" ||
			path(f, cfStoryPoints) != float64(3) || str(f, cfTeam+".value") != "Web" || len(f["components"].([]any)) != 2 {
			t.Fatalf("created issue fields: %v", f)
		}
		if h.cloud() && str(f, "parent.key") != "DEMO-2" || !h.cloud() && f[cfEpicLink] != "DEMO-2" {
			t.Errorf("epic not linked")
		}
		if f["created"] != f["updated"] || f["resolution"] != nil {
			t.Errorf("created %v updated %v resolution %v", f["created"], f["updated"], f["resolution"])
		}

		h.expect(204, "PUT", "/issue/DEMO-36?notifyUsers=false", map[string]any{
			"fields": map[string]any{"summary": "Remember the last payment method"},
			"update": map[string]any{
				"labels":     []any{map[string]any{"add": "ux"}, map[string]any{"remove": "payments"}},
				"components": []any{map[string]any{"remove": map[string]any{"name": "Backend"}}},
				"comment":    []any{map[string]any{"add": map[string]any{"body": h.richBody("Narrowed the scope.")}}},
			},
		})
		is = h.expect(200, "GET", "/issue/DEMO-36?fields=summary,labels,components,comment&expand=changelog", nil).obj()
		if str(is, "fields.summary") != "Remember the last payment method" {
			t.Errorf("summary = %v", path(is, "fields.summary"))
		}
		if got := path(is, "fields.labels"); !jsonEqual(got, []any{"checkout", "ux"}) {
			t.Errorf("labels = %v", got)
		}
		if got := path(is, "fields.components").([]any); len(got) != 1 || str(got[0], "name") != "Frontend" {
			t.Errorf("components = %v", got)
		}
		if path(is, "fields.comment.total") != float64(1) || path(is, "changelog.total") != float64(1) {
			t.Errorf("comment %v changelog %v", path(is, "fields.comment.total"), path(is, "changelog.total"))
		}
		h.expect(204, "PUT", "/issue/DEMO-36", map[string]any{"update": map[string]any{"labels": []any{map[string]any{"set": []any{"only"}}}}})
		if got := path(h.expect(200, "GET", "/issue/DEMO-36?fields=labels", nil).body, "fields.labels"); !jsonEqual(got, []any{"only"}) {
			t.Errorf("labels after set = %v", got)
		}
		if h.cloud() {
			returned := h.expect(200, "PUT", "/issue/DEMO-36?returnIssue=true", map[string]any{"fields": map[string]any{"assignee": nil}}).obj()
			if returned["key"] != "DEMO-36" || path(returned, "fields.assignee") != nil {
				t.Errorf("returnIssue answer: %v", returned["fields"])
			}
		} else {
			h.expect(204, "PUT", "/issue/DEMO-36?returnIssue=true", map[string]any{"fields": map[string]any{"assignee": nil}})
		}

		h.expect(201, "POST", "/issue/DEMO-36/comment", map[string]any{"body": h.richBody("Starting now.")})

		ids := func() []string {
			tr := h.expect(200, "GET", "/issue/DEMO-36/transitions", nil).obj()
			var out []string
			for _, x := range tr["transitions"].([]any) {
				out = append(out, str(x, "id"))
			}
			return out
		}
		if got := ids(); !slices.Equal(got, []string{"11", "71"}) {
			t.Fatalf("transitions from To Do = %v", got)
		}
		withFields := h.expect(200, "GET", "/issue/DEMO-36/transitions?expand=transitions.fields", nil).obj()
		wontDo := path(withFields, "transitions.1").(map[string]any)
		if wontDo["name"] != "Won't Do" || str(wontDo, "to.name") != "Done" || str(wontDo, "to.statusCategory.key") != "done" ||
			path(wontDo, "fields.resolution.required") != true || path(wontDo, "fields.resolution.allowedValues.1.name") != "Won't Do" {
			t.Errorf("Won't Do transition: %v", wontDo)
		}
		if h.cloud() && (wontDo["isGlobal"] != true || wontDo["hasScreen"] != true) {
			t.Errorf("Cloud transition flags: %v", wontDo)
		}
		if only := h.expect(200, "GET", "/issue/DEMO-36/transitions?transitionId=11", nil).obj(); len(only["transitions"].([]any)) != 1 {
			t.Errorf("transitionId filter: %v", only)
		}
		wantMessage(t, h.call("POST", "/issue/DEMO-36/transitions", map[string]any{"transition": map[string]any{"id": "61"}}), 400,
			"Transition id '61' is not valid for this issue.")
		wantMessage(t, h.call("POST", "/issue/DEMO-36/transitions", map[string]any{"transition": map[string]any{"id": "999"}}), 400,
			"Transition id '999' is not valid for this issue.")
		wantMessage(t, h.call("POST", "/issue/DEMO-36/transitions", map[string]any{}), 400, "Missing 'transition' identifier")
		wantFieldError(t, h.call("POST", "/issue/DEMO-36/transitions", map[string]any{
			"transition": map[string]any{"id": "11"}, "fields": map[string]any{"resolution": map[string]any{"name": "Done"}},
		}), "resolution", notOnScreen("resolution"))

		h.expect(204, "POST", "/issue/DEMO-36/transitions", map[string]any{"transition": map[string]any{"id": "11"}})
		if got := ids(); !slices.Equal(got, []string{"21", "31", "71"}) {
			t.Fatalf("transitions from In Progress = %v", got)
		}
		h.expect(204, "POST", "/issue/DEMO-36/transitions", map[string]any{
			"transition": map[string]any{"id": 31},
			"update":     map[string]any{"comment": []any{map[string]any{"add": map[string]any{"body": h.richBody("Ready for review.")}}}},
		})
		h.expect(204, "POST", "/issue/DEMO-36/transitions", map[string]any{
			"transition": map[string]any{"id": "51"}, "fields": map[string]any{"resolution": map[string]any{"name": "Duplicate"}},
		})
		done := h.expect(200, "GET", "/issue/DEMO-36?fields=status,resolution,resolutiondate,comment&expand=changelog", nil).obj()
		if str(done, "fields.status.name") != "Done" || str(done, "fields.resolution.name") != "Duplicate" || done["fields"].(map[string]any)["resolutiondate"] == nil {
			t.Errorf("after Done: %v", done["fields"])
		}
		if path(done, "fields.comment.total") != float64(3) {
			t.Errorf("transition comment not added: %v", path(done, "fields.comment.total"))
		}
		if got := ids(); !slices.Equal(got, []string{"61"}) {
			t.Errorf("transitions from Done = %v", got)
		}
		h.expect(204, "POST", "/issue/DEMO-36/transitions", map[string]any{"transition": map[string]any{"id": "61"}})
		reopened := h.expect(200, "GET", "/issue/DEMO-36?fields=status,resolution,resolutiondate", nil).obj()
		if str(reopened, "fields.status.name") != "To Do" || path(reopened, "fields.resolution") != nil || path(reopened, "fields.resolutiondate") != nil {
			t.Errorf("after Reopen: %v", reopened["fields"])
		}
		h.expect(204, "POST", "/issue/DEMO-36/transitions", map[string]any{"transition": map[string]any{"id": "71"}})
		if r := str(h.expect(200, "GET", "/issue/DEMO-36?fields=resolution", nil).body, "fields.resolution.name"); r != "Won't Do" {
			t.Errorf("Won't Do resolution = %q", r)
		}

		// The new issue is searchable.
		jql := "key = DEMO-36 AND status = Done AND resolution = \"Won't Do\""
		if h.cloud() {
			res := h.expect(200, "POST", "/search/jql", map[string]any{"jql": jql, "fields": []any{"summary"}}).obj()
			if got := keysOf(res["issues"].([]any)); !slices.Equal(got, []string{"DEMO-36"}) {
				t.Errorf("search = %v", got)
			}
		} else {
			res := h.expect(200, "GET", "/search?jql="+url.QueryEscape(jql), nil).obj()
			if res["total"] != float64(1) {
				t.Errorf("search total = %v", res["total"])
			}
		}
		// A sub-task gets the next key and shows up under its parent.
		sub := h.expect(201, "POST", "/issue", map[string]any{"fields": map[string]any{
			"project": map[string]any{"id": "10000"}, "issuetype": map[string]any{"id": "10004"},
			"summary": "Store the choice per customer", "parent": map[string]any{"key": "DEMO-36"},
		}}).obj()
		if sub["key"] != "DEMO-37" {
			t.Errorf("sub-task key = %v", sub["key"])
		}
		if got := keysOf(path(h.expect(200, "GET", "/issue/DEMO-36?fields=subtasks", nil).body, "fields.subtasks").([]any)); !slices.Equal(got, []string{"DEMO-37"}) {
			t.Errorf("subtasks = %v", got)
		}
	})
}

func TestJiraCreateValidation(t *testing.T) {
	forEachDeployment(t, func(t *testing.T, h *jiraHarness) {
		base := func(extra map[string]any) map[string]any {
			f := map[string]any{"project": map[string]any{"key": "DEMO"}, "issuetype": map[string]any{"name": "Task"}, "summary": "A task"}
			for k, v := range extra {
				if v == nil {
					delete(f, k)
				} else {
					f[k] = v
				}
			}
			return map[string]any{"fields": f}
		}
		r := h.call("POST", "/issue", map[string]any{"fields": map[string]any{}})
		_, errs := jiraErrorBody(t, r)
		if r.status != 400 || errs["project"] != "Specify a valid project ID or key" || errs["issuetype"] != "Specify an issue type" || errs["summary"] != "You must specify a summary of the issue." {
			t.Errorf("empty create: %d %v", r.status, errs)
		}
		wantFieldError(t, h.call("POST", "/issue", base(map[string]any{"summary": nil})), "summary", "You must specify a summary of the issue.")
		wantFieldError(t, h.call("POST", "/issue", base(map[string]any{"summary": "   "})), "summary", "You must specify a summary of the issue.")
		wantFieldError(t, h.call("POST", "/issue", base(map[string]any{"summary": 42})), "summary", "Operation value must be a string")
		wantFieldError(t, h.call("POST", "/issue", base(map[string]any{"project": map[string]any{"key": "NOPE"}})), "project", "Specify a valid project ID or key")
		wantFieldError(t, h.call("POST", "/issue", base(map[string]any{"project": map[string]any{"key": "OLD"}})), "project", "Specify a valid project ID or key")
		wantFieldError(t, h.call("POST", "/issue", base(map[string]any{"issuetype": map[string]any{"name": "Incident"}})), "issuetype", "Specify a valid issue type")
		wantFieldError(t, h.call("POST", "/issue", base(map[string]any{"project": map[string]any{"key": "OPS"}, "issuetype": map[string]any{"name": "Story"}})), "issuetype", "Specify a valid issue type")
		wantFieldError(t, h.call("POST", "/issue", base(map[string]any{"components": []any{map[string]any{"name": "Mobile"}}})), "components", "Component name 'Mobile' is not valid")
		wantFieldError(t, h.call("POST", "/issue", base(map[string]any{"components": []any{map[string]any{"id": "10003"}}})), "components", "Component with id '10003' does not exist.")
		wantFieldError(t, h.call("POST", "/issue", base(map[string]any{"priority": map[string]any{"name": "Urgent"}})), "priority", "The priority selected is invalid.")
		wantFieldError(t, h.call("POST", "/issue", base(map[string]any{"labels": []any{"two words"}})), "labels", "The label 'two words' contains spaces which is invalid.")
		wantFieldError(t, h.call("POST", "/issue", base(map[string]any{"issuetype": map[string]any{"name": "Sub-task"}})), "parent", "Issue type is a sub-task but parent issue key or id not specified.")
		wantFieldError(t, h.call("POST", "/issue", base(map[string]any{cfStoryPoints: "three"})), cfStoryPoints, "Operation value must be a number")
		wantFieldError(t, h.call("POST", "/issue", base(map[string]any{cfTeam: map[string]any{"value": "Mobile"}})), cfTeam, "Option value 'Mobile' is not valid")
		wantFieldError(t, h.call("POST", "/issue", base(map[string]any{"customfield_99999": "x"})), "customfield_99999", notOnScreen("customfield_99999"))
		wantFieldError(t, h.call("POST", "/issue", base(map[string]any{"duedate": "next week"})), "duedate", "Error parsing date string: next week")
		badUser := map[string]any{"name": "mallory"}
		if h.cloud() {
			badUser = map[string]any{"accountId": "000000:nobody"}
			wantFieldError(t, h.call("POST", "/issue", base(map[string]any{"assignee": badUser})), "assignee", "Specify a valid value for assignee")
			wantFieldError(t, h.call("POST", "/issue", base(map[string]any{"assignee": map[string]any{"name": "bob"}})), "assignee", "Specify a valid value for assignee")
			wantFieldError(t, h.call("POST", "/issue", base(map[string]any{"parent": map[string]any{"key": "DEMO-4"}})), "parent",
				"The issue DEMO-4 can't be the parent of a Task: it is not higher in the issue type hierarchy.")
		} else {
			wantFieldError(t, h.call("POST", "/issue", base(map[string]any{"assignee": badUser})), "assignee", "User 'mallory' does not exist.")
			wantFieldError(t, h.call("POST", "/issue", base(map[string]any{cfEpicLink: "DEMO-4"})), cfEpicLink, "The issue 'DEMO-4' is not an epic.")
			wantFieldError(t, h.call("POST", "/issue", base(map[string]any{"issuetype": map[string]any{"name": "Epic"}})), cfEpicName, "Epic Name is required.")
			h.expect(201, "POST", "/issue", base(map[string]any{"issuetype": map[string]any{"name": "Epic"}, cfEpicName: "Mobile app"}))
		}
		wantFieldError(t, h.call("POST", "/issue", base(map[string]any{"parent": map[string]any{"key": "DEMO-999"}, "issuetype": map[string]any{"name": "Sub-task"}})), "parent", "Could not find issue by id or key.")

		for _, raw := range []string{`{"fields":`, `[1,2]`, `{"fields":"summary"}`, `{"fields":{}} {}`, ``} {
			wantMessage(t, h.call("POST", "/issue", raw), 400, jiraBadPayload)
		}
		wantMessage(t, h.call("PUT", "/issue/DEMO-4", `{"update":{"labels":{"add":"x"}}}`), 400, jiraBadPayload)
		wantFieldError(t, h.call("PUT", "/issue/DEMO-4", map[string]any{"fields": map[string]any{"status": map[string]any{"name": "Done"}}}), "status", notOnScreen("status"))
		wantFieldError(t, h.call("PUT", "/issue/DEMO-4", map[string]any{"fields": map[string]any{"project": map[string]any{"key": "OPS"}}}), "project", notOnScreen("project"))
		wantMessage(t, h.call("PUT", "/issue/NOPE-1", map[string]any{"fields": map[string]any{}}), 404, map[bool]string{true: "Issue does not exist or you do not have permission to see it.", false: "Issue Does Not Exist"}[h.cloud()])

		// Nothing of the refused writes was stored.
		if got := h.expect(200, "GET", "/issue/DEMO-4?fields=summary,status,project", nil).obj(); str(got, "fields.status.name") != "In Progress" || str(got, "fields.project.key") != "DEMO" {
			t.Errorf("a refused edit changed the issue: %v", got["fields"])
		}
		// A failed edit leaves every field alone, even the valid ones.
		r = h.call("PUT", "/issue/DEMO-4", map[string]any{"fields": map[string]any{"summary": "Changed", "priority": map[string]any{"name": "Nope"}}})
		wantFieldError(t, r, "priority", "The priority selected is invalid.")
		if s := str(h.expect(200, "GET", "/issue/DEMO-4?fields=summary", nil).body, "fields.summary"); s != "Log in with the corporate identity provider (OIDC)" {
			t.Errorf("partial edit stored: %q", s)
		}
	})
}

func TestJiraCreatePermission(t *testing.T) {
	forEachDeployment(t, func(t *testing.T, h *jiraHarness) {
		body := map[string]any{"fields": map[string]any{
			"project": map[string]any{"key": "OPS"}, "issuetype": map[string]any{"name": "Task"}, "summary": "Rotate the logs",
		}}
		wantMessage(t, h.user("carol").call("POST", "/issue", body), 403, "You do not have permission to create issues in this project.")
		created := h.expect(201, "POST", "/issue", body).obj()
		if created["key"] != "OPS-6" {
			t.Errorf("key = %v", created["key"])
		}
		// carol can still create in DEMO.
		body["fields"].(map[string]any)["project"] = map[string]any{"key": "DEMO"}
		if r := h.user("carol").call("POST", "/issue", body); r.status != 201 {
			t.Errorf("carol in DEMO: %d %s", r.status, r.raw)
		}
	})
}

// --- search ---

func TestJiraSearchCloudPaging(t *testing.T) {
	h := newJiraHarness(t, atlassian.Cloud)
	var keys []string
	token := ""
	pages := 0
	for {
		body := map[string]any{"jql": "project = DEMO ORDER BY key ASC", "maxResults": 10, "fields": []any{"summary", "status"}}
		if token != "" {
			body["nextPageToken"] = token
		}
		page := h.expect(200, "POST", "/search/jql", body).obj()
		pages++
		if _, has := page["total"]; has {
			t.Fatalf("Cloud search answered a total")
		}
		issues := page["issues"].([]any)
		keys = append(keys, keysOf(issues)...)
		if f := path(issues, "0.fields").(map[string]any); len(f) != 2 {
			t.Fatalf("fields = %v", f)
		}
		if page["isLast"] == true {
			if _, has := page["nextPageToken"]; has {
				t.Fatalf("last page has a token")
			}
			break
		}
		token = str(page, "nextPageToken")
		if token == "" || pages > 10 {
			t.Fatalf("page %d: isLast false but token %q", pages, token)
		}
	}
	if pages != 4 || len(keys) != 35 || keys[0] != "DEMO-1" || keys[9] != "DEMO-10" || keys[34] != "DEMO-35" {
		t.Fatalf("pages %d keys %v", pages, keys)
	}

	// GET takes the same as query parameters.
	q := url.Values{"jql": {"project = DEMO ORDER BY key ASC"}, "maxResults": {"30"}, "fields": {"summary,labels"}}
	first := h.expect(200, "GET", "/search/jql?"+q.Encode(), nil).obj()
	if len(first["issues"].([]any)) != 30 || first["isLast"] != false {
		t.Fatalf("GET page 1: %d issues, isLast %v", len(first["issues"].([]any)), first["isLast"])
	}
	q.Set("nextPageToken", str(first, "nextPageToken"))
	second := h.expect(200, "GET", "/search/jql?"+q.Encode(), nil).obj()
	if got := keysOf(second["issues"].([]any)); len(got) != 5 || got[0] != "DEMO-31" || second["isLast"] != true {
		t.Fatalf("GET page 2: %v", got)
	}

	// Default fields are the id only.
	bare := h.expect(200, "POST", "/search/jql", map[string]any{"jql": "key = DEMO-1"}).obj()
	if is := path(bare, "issues.0").(map[string]any); is["id"] != "10000" || len(is["fields"].(map[string]any)) != 0 {
		t.Fatalf("default fields: %v", is)
	}
	// names and schema sit at the top level; expand is a string.
	named := h.expect(200, "POST", "/search/jql", map[string]any{"jql": "key = DEMO-1", "fields": []any{"summary"}, "expand": "names,schema,renderedFields,transitions"}).obj()
	if path(named, "names.summary") != "Summary" || path(named, "schema.summary.type") != "string" || path(named, "issues.0.transitions") == nil {
		t.Fatalf("expanded search: %v", named)
	}
	// maxResults is capped at 100 with fields and 5000 without.
	all := h.expect(200, "POST", "/search/jql", map[string]any{"jql": "project in (DEMO, OPS)", "maxResults": 1000}).obj()
	if len(all["issues"].([]any)) != 40 || all["isLast"] != true {
		t.Fatalf("ids-only page: %d", len(all["issues"].([]any)))
	}

	// Tokens are opaque but checked.
	wantMessage(t, h.call("POST", "/search/jql", map[string]any{"jql": "project = DEMO", "nextPageToken": "not-a-token"}), 400, jiraBadPageToken)
	wantMessage(t, h.call("POST", "/search/jql", map[string]any{"jql": "project = OPS", "nextPageToken": token}), 400, jiraBadPageToken)
	// The request bean allows no other properties.
	wantMessage(t, h.call("POST", "/search/jql", map[string]any{"jql": "project = DEMO", "startAt": 10}), 400, jiraBadPayload)
	wantMessage(t, h.call("POST", "/search/jql", map[string]any{"jql": "project = DEMO", "fields": "summary"}), 400, jiraBadPayload)
	wantMessage(t, h.call("POST", "/search/jql", map[string]any{"jql": 7}), 400, jiraBadPayload)
}

func TestJiraSearchCloudGone(t *testing.T) {
	h := newJiraHarness(t, atlassian.Cloud)
	want := `{"errorMessages":["The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046"],"errors":{}}`
	for _, p := range []string{"/rest/api/3/search", "/rest/api/2/search"} {
		for _, m := range []string{"GET", "POST"} {
			var body any
			if m == "POST" {
				body = map[string]any{"jql": "project = DEMO"}
			}
			r := h.call(m, p+"?jql=project%3DDEMO", body)
			if r.status != http.StatusGone || strings.TrimSpace(string(r.raw)) != want {
				t.Errorf("%s %s: %d %s", m, p, r.status, r.raw)
			}
		}
	}
}

func TestJiraSearchUnbounded(t *testing.T) {
	h := newJiraHarness(t, atlassian.Cloud)
	for _, jql := range []string{"", "   ", "ORDER BY created DESC", "order by key"} {
		wantMessage(t, h.call("POST", "/search/jql", map[string]any{"jql": jql}), 400, jiraUnbounded)
		wantMessage(t, h.call("GET", "/search/jql?jql="+url.QueryEscape(jql), nil), 400, jiraUnbounded)
		wantMessage(t, h.call("POST", "/search/approximate-count", map[string]any{"jql": jql}), 400, jiraUnbounded)
	}
	count := h.expect(200, "POST", "/search/approximate-count", map[string]any{"jql": "project = DEMO AND statusCategory = Done"}).obj()
	if count["count"] != float64(10) || len(count) != 1 {
		t.Fatalf("count = %v", count)
	}
	wantMessage(t, h.call("POST", "/search/approximate-count", map[string]any{"jql": "project = DEMO", "maxResults": 1}), 400, jiraBadPayload)
	h.expect(200, "POST", "/search/jql", map[string]any{"jql": "assignee = currentUser() order by key"})
}

func TestJiraSearchServerPaging(t *testing.T) {
	h := newJiraHarness(t, atlassian.Server)
	first := h.expect(200, "GET", "/search?jql="+url.QueryEscape("project = DEMO ORDER BY key ASC")+"&maxResults=20&fields=summary", nil).obj()
	if first["total"] != float64(35) || first["startAt"] != float64(0) || first["maxResults"] != float64(20) || len(first["issues"].([]any)) != 20 {
		t.Fatalf("page 1: total %v startAt %v maxResults %v", first["total"], first["startAt"], first["maxResults"])
	}
	second := h.expect(200, "GET", "/search?jql="+url.QueryEscape("project = DEMO ORDER BY key ASC")+"&startAt=20&maxResults=20", nil).obj()
	got := keysOf(second["issues"].([]any))
	if len(got) != 15 || got[0] != "DEMO-21" || second["startAt"] != float64(20) {
		t.Fatalf("page 2: %v", got)
	}
	// Default fields are the navigable ones: no comments.
	if f := path(second, "issues.0.fields").(map[string]any); f["summary"] == nil || f["comment"] != nil {
		t.Fatalf("default DC search fields: %v", f)
	}
	post := h.expect(200, "POST", "/search", map[string]any{
		"jql": "project = OPS", "startAt": 1, "maxResults": 2, "fields": []any{"summary", "status"}, "expand": []any{"names"},
	}).obj()
	if post["total"] != float64(5) || len(post["issues"].([]any)) != 2 || path(post, "names.status") != "Status" {
		t.Fatalf("POST search: %v", post)
	}
	capped := h.expect(200, "GET", "/search?jql=&maxResults=5000", nil).obj()
	if capped["maxResults"] != float64(1000) || capped["total"] != float64(44) {
		t.Fatalf("unbounded DC search: maxResults %v total %v", capped["maxResults"], capped["total"])
	}
	lenient := h.expect(200, "GET", "/search?jql="+url.QueryEscape("project = NOPE")+"&validateQuery=false", nil).obj()
	if lenient["total"] != float64(0) || len(lenient["warningMessages"].([]any)) != 1 {
		t.Fatalf("validateQuery=false: %v", lenient)
	}
	wantMessage(t, h.call("GET", "/search?jql="+url.QueryEscape("project = NOPE"), nil), 400, "The value 'NOPE' does not exist for the field 'project'.")
	wantMessage(t, h.call("GET", "/search/jql?jql=project%3DDEMO", nil), 404, "null for uri: /rest/api/2/search/jql")
}

func TestJiraSearchErrors(t *testing.T) {
	forEachDeployment(t, func(t *testing.T, h *jiraHarness) {
		search := func(jql string) jiraResp {
			if h.cloud() {
				return h.call("POST", "/search/jql", map[string]any{"jql": jql})
			}
			return h.call("GET", "/search?jql="+url.QueryEscape(jql), nil)
		}
		wantMessage(t, search("project = DEMO AND"), 400, "Error in the JQL Query: Expecting a field name at the end of the query.")
		wantMessage(t, search("project = "), 400, "Error in the JQL Query: Expecting either a value, list or function before the end of the query.")
		wantMessage(t, search("priority = High AND reporter"), 400, "Error in the JQL Query: Expecting operator before the end of the query. "+jqlOperators)
		wantMessage(t, search("foo = bar"), 400, "Field 'foo' does not exist or you do not have permission to view it.")
		wantMessage(t, search("project = XYZ"), 400, "The value 'XYZ' does not exist for the field 'project'.")
		wantMessage(t, search("summary = x"), 400, "The operator '=' is not supported by the 'summary' field.")
		r := search("status = Nope AND assignee = nobody")
		msgs, _ := jiraErrorBody(t, r)
		if r.status != 400 || len(msgs) != 2 {
			t.Fatalf("two errors expected: %d %v", r.status, msgs)
		}
	})
}

// --- projects, fields, users, metadata ---

func TestJiraProjectsCloud(t *testing.T) {
	h := newJiraHarness(t, atlassian.Cloud)
	live := h.expect(200, "GET", "/project/search", nil).obj()
	if live["total"] != float64(3) || live["isLast"] != true || !strings.HasPrefix(str(live, "self"), h.srv.URL+"/rest/api/3/project/search") {
		t.Fatalf("live projects: %v", live)
	}
	if got := keysOf(live["values"].([]any)); !slices.Equal(got, []string{"DEMO", "OPS", "SD"}) {
		t.Fatalf("keys = %v", got)
	}
	if v := path(live, "values.0").(map[string]any); v["description"] != nil || v["lead"] != nil {
		t.Fatalf("description and lead without expand: %v", v)
	}
	archived := h.expect(200, "GET", "/project/search?status=archived", nil).obj()
	if got := keysOf(archived["values"].([]any)); !slices.Equal(got, []string{"OLD"}) || path(archived, "values.0.archived") != true {
		t.Fatalf("archived = %v", archived["values"])
	}
	both := h.expect(200, "GET", "/project/search?status=live&status=archived&expand=description,lead&orderBy=-name", nil).obj()
	if got := keysOf(both["values"].([]any)); !slices.Equal(got, []string{"OPS", "OLD", "SD", "DEMO"}) {
		t.Fatalf("orderBy=-name: %v", got)
	}
	if str(both, "values.3.lead.displayName") != "Alice Example" || str(both, "values.3.description") == "" {
		t.Fatalf("expand=description,lead: %v", path(both, "values.3"))
	}
	paged := h.expect(200, "GET", "/project/search?maxResults=1", nil).obj()
	if paged["isLast"] != false || paged["total"] != float64(3) || !strings.Contains(str(paged, "nextPage"), "startAt=1") {
		t.Fatalf("paging: %v", paged)
	}
	byKeys := h.expect(200, "GET", "/project/search?keys=OPS&query=oper", nil).obj()
	if got := keysOf(byKeys["values"].([]any)); !slices.Equal(got, []string{"OPS"}) {
		t.Fatalf("keys+query: %v", got)
	}
	if r := h.call("GET", "/project/search?status=gone", nil); r.status != 400 {
		t.Fatalf("bad status: %d", r.status)
	}
	demo := h.expect(200, "GET", "/project/DEMO", nil).obj()
	if len(demo["components"].([]any)) != 3 || len(demo["issueTypes"].([]any)) != 5 || str(demo, "lead.accountId") == "" || demo["projectTypeKey"] != "software" {
		t.Fatalf("project DEMO: %v", demo)
	}
	if byID := h.expect(200, "GET", "/project/10001", nil).obj(); byID["key"] != "OPS" {
		t.Fatalf("project by id: %v", byID["key"])
	}
	wantMessage(t, h.call("GET", "/project/NOPE", nil), 404, "No project could be found with key 'NOPE'.")
	if r := h.call("GET", "/rest/api/3/project", nil); r.status != 404 {
		t.Fatalf("Cloud GET /project should not be served: %d", r.status)
	}
}

func TestJiraProjectsServer(t *testing.T) {
	h := newJiraHarness(t, atlassian.Server)
	list := h.expect(200, "GET", "/project", nil).arr()
	if got := keysOf(list); !slices.Equal(got, []string{"DEMO", "OPS", "SD"}) {
		t.Fatalf("projects = %v", got)
	}
	all := h.expect(200, "GET", "/project?includeArchived=true&expand=description,lead", nil).arr()
	if got := keysOf(all); !slices.Equal(got, []string{"DEMO", "OPS", "OLD", "SD"}) || path(all, "2.archived") != true {
		t.Fatalf("with archived = %v", got)
	}
	if str(all, "1.lead.name") != "bob" || str(all, "1.description") == "" {
		t.Fatalf("expand on DC: %v", all[1])
	}
	demo := h.expect(200, "GET", "/project/DEMO", nil).obj()
	if str(demo, "components.2.name") != "Docs" || str(demo, "lead.key") != h.sb.userByName("alice").Key {
		t.Fatalf("project DEMO: %v", demo)
	}
	if r := h.call("GET", "/project/search", nil); r.status != 404 {
		t.Fatalf("DC project/search should not exist: %d", r.status)
	}
}

func TestJiraFieldCatalogue(t *testing.T) {
	forEachDeployment(t, func(t *testing.T, h *jiraHarness) {
		list := h.expect(200, "GET", "/field", nil).arr()
		byID := map[string]map[string]any{}
		for _, f := range list {
			m := f.(map[string]any)
			byID[m["id"].(string)] = m
		}
		sp := byID[cfStoryPoints]
		if sp == nil || sp["name"] != "Story Points" || sp["custom"] != true || path(sp, "schema.customId") != float64(10016) || str(sp, "schema.type") != "number" {
			t.Fatalf("Story Points: %v", sp)
		}
		if str(byID[cfTeam], "schema.type") != "option" || str(byID["summary"], "schema.system") != "summary" || byID["summary"]["custom"] != false {
			t.Fatalf("Team / summary: %v %v", byID[cfTeam], byID["summary"])
		}
		_, hasEpicLink := byID[cfEpicLink]
		if hasEpicLink == h.cloud() {
			t.Fatalf("Epic Link present on cloud=%v: %v", h.cloud(), hasEpicLink)
		}
		if h.cloud() && byID["summary"]["key"] != "summary" {
			t.Fatalf("Cloud fields carry key: %v", byID["summary"])
		}
	})
}

func TestJiraUsers(t *testing.T) {
	t.Run("cloud", func(t *testing.T) {
		h := newJiraHarness(t, atlassian.Cloud)
		bob := h.sb.userByName("bob")
		found := h.expect(200, "GET", "/user/search?query=bui", nil).arr()
		if len(found) != 1 || str(found[0], "accountId") != bob.AccountID || path(found[0], "name") != nil {
			t.Fatalf("search: %v", found)
		}
		if byMail := h.expect(200, "GET", "/user/search?query=carol%40example.com", nil).arr(); len(byMail) != 1 {
			t.Fatalf("by email: %v", byMail)
		}
		if none := h.expect(200, "GET", "/user/search?query=zed", nil).arr(); len(none) != 0 {
			t.Fatalf("no match: %v", none)
		}
		if r := h.call("GET", "/user/search", nil); r.status != 400 {
			t.Fatalf("no query: %d", r.status)
		}
		u := h.expect(200, "GET", "/user?accountId="+bob.AccountID, nil).obj()
		if u["displayName"] != "Bob Builder" {
			t.Fatalf("user: %v", u)
		}
		wantMessage(t, h.call("GET", "/user?accountId=nobody", nil), 404, "Specified user does not exist or you do not have required permissions")
	})
	t.Run("server", func(t *testing.T) {
		h := newJiraHarness(t, atlassian.Server)
		found := h.expect(200, "GET", "/user/search?username=car", nil).arr()
		if len(found) != 1 || str(found[0], "name") != "carol" || path(found[0], "accountId") != nil {
			t.Fatalf("search: %v", found)
		}
		if all := h.expect(200, "GET", "/user/search?username=.", nil).arr(); len(all) != 3 {
			t.Fatalf("username=. gave %d", len(all))
		}
		wantMessage(t, h.call("GET", "/user/search", nil), 400, "The username query parameter was not provided")
		if u := h.expect(200, "GET", "/user?username=bob", nil).obj(); u["key"] != h.sb.userByName("bob").Key {
			t.Fatalf("by username: %v", u)
		}
		if u := h.expect(200, "GET", "/user?key="+h.sb.userByName("carol").Key, nil).obj(); u["name"] != "carol" {
			t.Fatalf("by key: %v", u)
		}
		wantMessage(t, h.call("GET", "/user?username=mallory", nil), 404, "The user named 'mallory' does not exist")
	})
}

func TestJiraCreateMeta(t *testing.T) {
	forEachDeployment(t, func(t *testing.T, h *jiraHarness) {
		listKey := "values"
		if h.cloud() {
			listKey = "issueTypes"
		}
		demo := h.expect(200, "GET", "/issue/createmeta/DEMO/issuetypes", nil).obj()
		types := demo[listKey].([]any)
		if demo["total"] != float64(5) || len(types) != 5 || str(types[4], "name") != "Sub-task" || path(types[4], "subtask") != true {
			t.Fatalf("DEMO issue types: %v", demo)
		}
		if !h.cloud() && demo["isLast"] != true {
			t.Fatalf("DC page lacks isLast: %v", demo)
		}
		ops := h.expect(200, "GET", "/issue/createmeta/10001/issuetypes?maxResults=2", nil).obj()
		if ops["total"] != float64(3) || len(ops[listKey].([]any)) != 2 {
			t.Fatalf("OPS issue types: %v", ops)
		}
		if r := h.call("GET", "/issue/createmeta/NOPE/issuetypes", nil); r.status != 400 {
			t.Fatalf("unknown project: %d", r.status)
		}
		fieldsKey := "values"
		if h.cloud() {
			fieldsKey = "fields"
		}
		bug := h.expect(200, "GET", "/issue/createmeta/DEMO/issuetypes/10003", nil).obj()
		byID := map[string]any{}
		for _, f := range bug[fieldsKey].([]any) {
			byID[str(f, "fieldId")] = f
		}
		if path(byID["summary"], "required") != true || len(path(byID["components"], "allowedValues").([]any)) != 3 ||
			str(byID[cfTeam], "allowedValues.0.value") != "Platform" {
			t.Fatalf("Bug create fields: %v", byID)
		}
	})
}

// TestJiraConcurrentWrites hammers one issue from many goroutines.
func TestJiraConcurrentWrites(t *testing.T) {
	forEachDeployment(t, func(t *testing.T, h *jiraHarness) {
		var wg sync.WaitGroup
		for i := range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := h.call("POST", "/issue/DEMO-35/comment", map[string]any{"body": h.richBody(fmt.Sprintf("comment %d", i))})
				if r.status != 201 {
					t.Errorf("comment %d: %d", i, r.status)
				}
				h.call("PUT", "/issue/DEMO-35", map[string]any{"update": map[string]any{"labels": []any{map[string]any{"add": fmt.Sprintf("l%d", i)}}}})
				h.call("GET", "/issue/DEMO-35", nil)
			}()
		}
		wg.Wait()
		is := h.expect(200, "GET", "/issue/DEMO-35?fields=comment,labels", nil).obj()
		if path(is, "fields.comment.total") != float64(17) || len(path(is, "fields.labels").([]any)) != 18 {
			t.Fatalf("after concurrent writes: %v comments, %v labels", path(is, "fields.comment.total"), len(path(is, "fields.labels").([]any)))
		}
	})
}

// TestJiraNeverPanics throws odd input at every write route.
func TestJiraNeverPanics(t *testing.T) {
	forEachDeployment(t, func(t *testing.T, h *jiraHarness) {
		bodies := []string{`null`, `"x"`, `{"fields":null,"update":null}`, `{"fields":{"labels":"x","components":{},"parent":7,"assignee":[],"priority":"High","duedate":5,"customfield_10020":1}}`,
			`{"update":{"labels":[{"add":7},{"remove":null},{"set":"x"},{"frob":1}],"comment":[{"add":"x"},{"add":{"body":7}}]}}`,
			`{"transition":{"id":null},"fields":[]}`, `{"transition":"11"}`, `{"transition":{"id":"abc"}}`, `{"body":{"type":"doc","version":1,"content":[{"type":"paragraph","content":"x"}]}}`,
			`{"jql":"((((","fields":[1]}`, `{"jql":"summary ~ \"\"","maxResults":"x"}`}
		for _, b := range bodies {
			for _, p := range []string{"/issue", "/issue/DEMO-1", "/issue/DEMO-1/comment", "/issue/DEMO-1/transitions", "/search", "/search/jql"} {
				for _, m := range []string{"POST", "PUT"} {
					r := h.call(m, p, b)
					if r.status >= 500 {
						t.Fatalf("%s %s %s: %d %s", m, p, b, r.status, r.raw)
					}
				}
			}
		}
	})
}

// TestAnswersKeepHTMLCharacters: like Atlassian's servers, the sandbox
// writes '&' in URLs as it is, not as encoding/json's \u0026.
func TestAnswersKeepHTMLCharacters(t *testing.T) {
	forEachDeployment(t, func(t *testing.T, h *jiraHarness) {
		r := h.expect(http.StatusOK, "GET", "/issue/DEMO-14?fields=assignee", nil)
		if !bytes.Contains(r.raw, []byte("&ownerId=")) || bytes.Contains(r.raw, []byte(`\u0026`)) {
			t.Errorf("avatar URLs as sent: %s", r.raw)
		}
	})
}
