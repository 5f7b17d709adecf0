package caddymodule_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// catalogued is every tool of the catalogue, by name, with its spec.
func catalogued() map[string]tool.Spec {
	out := map[string]tool.Spec{}
	for _, ts := range mcphandler.Catalogue() {
		for _, tl := range ts.Tools {
			out[tl.Spec.Name] = tl.Spec
		}
	}
	return out
}

// allTools are the tools this server implements, sorted.
func allTools() []string { return slices.Sorted(maps.Keys(catalogued())) }

// deploymentTools are the tools a deployment shows: Cloud-only tools are
// hidden on Server/DC.
func deploymentTools(d atlassian.Deployment) []string {
	var out []string
	for _, name := range allTools() {
		if d == atlassian.Cloud || !catalogued()[name].CloudOnly {
			out = append(out, name)
		}
	}
	return out
}

// siteBlocks configures both products against an upstream with alice's
// configured credentials, the way each deployment authenticates.
func siteBlocks(u *upstream, d atlassian.Deployment) string {
	if d == atlassian.Cloud {
		return fmt.Sprintf(`		allow_global_credentials true
		gateway_url %[1]s
		jira %[1]s {
			deployment cloud
			username alice@example.com
			api_token {env.E2E_ALICE_TOKEN}
		}
		confluence %[1]s/wiki {
			deployment cloud
			username alice@example.com
			api_token {env.E2E_ALICE_TOKEN}
		}`, u.URL)
	}
	return fmt.Sprintf(`		allow_global_credentials true
		jira %[1]s {
			personal_token {env.E2E_ALICE_PAT}
		}
		confluence %[1]s/confluence {
			personal_token {env.E2E_ALICE_PAT}
		}`, u.URL)
}

// A tour drives some tools end to end on one deployment. Each toolset's
// tour lives in its own file (e2e_<toolset>_test.go) and registers itself;
// TestToolsEndToEnd runs them all, in name order, on one session per
// deployment against one sandbox, so tours see each other's writes.
type tour struct {
	name string
	run  func(t *testing.T, cs *mcp.ClientSession, d atlassian.Deployment)
}

var tours []tour

func registerTour(name string, run func(t *testing.T, cs *mcp.ClientSession, d atlassian.Deployment)) {
	tours = append(tours, tour{name, run})
	slices.SortFunc(tours, func(a, b tour) int { return strings.Compare(a.name, b.name) })
}

func init() {
	registerTour("jira", jiraTour)
	registerTour("confluence", confluenceTour)
}

// TestToolsEndToEnd drives every tool through a real Caddy, over MCP
// streamable HTTP with the go-sdk client, against the sandbox over real
// HTTP, on Cloud and on Server/Data Center. Every request and response on
// the Atlassian side is checked against Atlassian's OpenAPI documents.
func TestToolsEndToEnd(t *testing.T) {
	for _, d := range []atlassian.Deployment{atlassian.Cloud, atlassian.Server} {
		t.Run(string(d), func(t *testing.T) {
			t.Setenv("E2E_ALICE_TOKEN", "alice-api-token")
			t.Setenv("E2E_ALICE_PAT", "alice-pat")
			u := startUpstream(t, d, false)
			endpoint := startMCP(t, siteBlocks(u, d))
			cs := connect(t, endpoint, nil)

			names := toolNames(t, cs)
			slices.Sort(names)
			if want := deploymentTools(d); !slices.Equal(names, want) {
				t.Fatalf("tools/list = %v, want %v", names, want)
			}
			specs := catalogued()
			res, _ := cs.ListTools(t.Context(), nil)
			for _, td := range res.Tools {
				write := specs[td.Name].Write
				if td.Annotations == nil || td.Annotations.ReadOnlyHint == write || td.Annotations.Title == "" ||
					(write && (td.Annotations.DestructiveHint == nil || *td.Annotations.DestructiveHint != specs[td.Name].Destructive)) {
					t.Errorf("%s annotations = %+v, want readOnly=%v, destructive=%v and a title", td.Name, td.Annotations, !write, specs[td.Name].Destructive)
				}
			}

			for _, tr := range tours {
				t.Run(tr.name, func(t *testing.T) { tr.run(t, cs, d) })
			}

			// Every catalogued tool answered at least one call without error.
			driven := succeeded.tools(cs)
			for _, name := range deploymentTools(d) {
				if !driven[name] {
					t.Errorf("%s was never called successfully on %s: add it to the tour", name, d)
				}
			}

			if u.recorder == nil {
				return
			}
			ops := u.recorder.Operations()
			n := 0
			for _, list := range ops {
				n += len(list)
			}
			if n < 12 {
				t.Errorf("only %d Atlassian operations exercised: %v", n, ops)
			}
			t.Logf("%s operations exercised: %v", d, ops)
		})
	}
}

func jiraTour(t *testing.T, cs *mcp.ClientSession, d atlassian.Deployment) {
	// Projects: archived ones only on request.
	projects := mustCall(t, cs, "jira_get_all_projects", nil).list(t)
	keys := map[string]bool{}
	for _, p := range projects {
		keys[dig(p, "key").(string)] = true
	}
	if !keys["DEMO"] || keys["OLD"] {
		t.Errorf("projects = %v, want DEMO and no archived OLD", keys)
	}
	all := mustCall(t, cs, "jira_get_all_projects", map[string]any{"include_archived": true}).list(t)
	if len(all) <= len(projects) {
		t.Errorf("include_archived added nothing: %d vs %d", len(all), len(projects))
	}

	// Search and paging.
	first := mustCall(t, cs, "jira_search", map[string]any{"jql": "project = DEMO ORDER BY key ASC", "limit": 5}).obj(t)
	issues := dig(first, "issues").([]any)
	if len(issues) != 5 {
		t.Fatalf("search returned %d issues, want 5", len(issues))
	}
	var second map[string]any
	if d == atlassian.Cloud {
		token, _ := first["next_page_token"].(string)
		if token == "" || first["total"].(float64) != -1 {
			t.Fatalf("cloud search page = %v, want a next_page_token and total -1", first)
		}
		second = mustCall(t, cs, "jira_search", map[string]any{"jql": "project = DEMO ORDER BY key ASC", "limit": 5, "page_token": token}).obj(t)
	} else {
		if first["total"].(float64) < 10 {
			t.Fatalf("server search total = %v", first["total"])
		}
		second = mustCall(t, cs, "jira_search", map[string]any{"jql": "project = DEMO ORDER BY key ASC", "limit": 5, "start_at": 5}).obj(t)
	}
	if dig(second, "issues", 0, "key") == dig(first, "issues", 0, "key") {
		t.Errorf("second page starts with the same issue %v", dig(second, "issues", 0, "key"))
	}
	firstKey := dig(issues[0], "key").(string)

	// Read an issue with its description as Markdown.
	got := mustCall(t, cs, "jira_get_issue", map[string]any{"issue_key": firstKey}).obj(t)
	if got["key"] != firstKey || got["summary"] == nil || dig(got, "status", "name") == nil {
		t.Errorf("get_issue %s = %v", firstKey, got)
	}
	// Extras: transitions, comments, custom fields by display name.
	rich := mustCall(t, cs, "jira_get_issue", map[string]any{
		"issue_key": "DEMO-4", "fields": "summary,description,customfield_10016", "include": "transitions,comments",
		"comment_limit": 2, "use_display_names": true,
	}).obj(t)
	if len(asList(rich["transitions"])) == 0 || len(asList(rich["comments"])) != 2 {
		t.Errorf("include=transitions,comments gave %v / %v", rich["transitions"], rich["comments"])
	}
	if _, ok := rich["Story Points"]; !ok {
		t.Errorf("use_display_names did not key Story Points by name: %v", rich)
	}
	if d, _ := rich["description"].(string); !strings.Contains(d, "#") && !strings.Contains(d, "- ") {
		t.Errorf("DEMO-4 description lost its structure: %q", d)
	}

	// Create with Markdown, read back the same structure.
	desc := "## Steps\n\n1. Open the *dashboard*\n2. Click **Save**\n\n```go\nfmt.Println(\"hi\")\n```\n\nSee [the docs](https://example.com/docs)."
	created := mustCall(t, cs, "jira_create_issue", map[string]any{
		"project_key": "DEMO", "summary": "E2E created " + string(d), "issue_type": "Task",
		"description": desc, "components": "Backend",
		"additional_fields": `{"priority": {"name": "High"}, "labels": ["e2e"]}`,
	}).obj(t)
	key, _ := dig(created, "issue", "key").(string)
	if key == "" || !strings.HasPrefix(key, "DEMO-") {
		t.Fatalf("create_issue = %v", created)
	}
	read := mustCall(t, cs, "jira_get_issue", map[string]any{"issue_key": key, "fields": "*all"}).obj(t)
	gotDesc, _ := read["description"].(string)
	for _, want := range []string{"## Steps", "1. Open the *dashboard*", "**Save**", "```go", "fmt.Println(\"hi\")", "[the docs](https://example.com/docs)"} {
		if !strings.Contains(gotDesc, want) {
			t.Errorf("description round trip lost %q:\n%s", want, gotDesc)
		}
	}
	if dig(read, "priority", "name") != "High" || !slices.Contains(toStrings(read["labels"]), "e2e") {
		t.Errorf("additional_fields not applied: priority=%v labels=%v", read["priority"], read["labels"])
	}

	// Update fields, transition and comment in one call.
	updated := mustCall(t, cs, "jira_update_issue", map[string]any{
		"issue_key": key, "fields": `{"summary": "E2E updated"}`, "transition": "In Progress", "comment": "Started **now**",
	}).obj(t)
	if len(dig(updated, "operations_performed").([]any)) != 3 || dig(updated, "issue", "summary") != "E2E updated" {
		t.Errorf("update_issue = %v", updated)
	}
	if dig(updated, "issue", "status", "name") != "In Progress" {
		t.Errorf("status after update = %v", dig(updated, "issue", "status"))
	}

	// Comments.
	comment := mustCall(t, cs, "jira_add_comment", map[string]any{"issue_key": key, "body": "A *comment* with `code`"}).obj(t)
	if !strings.Contains(comment["body"].(string), "`code`") || dig(comment, "author", "display_name") != "Alice Example" {
		t.Errorf("add_comment = %v", comment)
	}
	withComments := mustCall(t, cs, "jira_get_issue", map[string]any{"issue_key": key, "comment_limit": 5}).obj(t)
	if n := len(dig(withComments, "comments").([]any)); n != 2 {
		t.Errorf("issue has %d comments, want 2", n)
	}

	// Transitions, by id and by name; an unknown one explains what exists.
	ts := mustCall(t, cs, "jira_get_transitions", map[string]any{"issue_key": key}).list(t)
	if len(ts) == 0 {
		t.Fatal("no transitions")
	}
	fail := mustFail(t, cs, "jira_transition_issue", map[string]any{"issue_key": key, "transition_id": "Teleport"}, "Teleport", "available now")
	if !strings.Contains(fail.text, dig(ts[0], "id").(string)) {
		t.Errorf("unknown-transition error does not list %v: %s", ts[0], fail.text)
	}
	tr := mustCall(t, cs, "jira_transition_issue", map[string]any{"issue_key": key, "transition_id": dig(ts[0], "id"), "comment": "Moving on"}).obj(t)
	if dig(tr, "issue", "status", "name") != dig(ts[0], "to_status") {
		t.Errorf("after transition status = %v, want %v", dig(tr, "issue", "status"), dig(ts[0], "to_status"))
	}

	// Bad input gets errors that say what is wrong.
	mustFail(t, cs, "jira_get_issue", map[string]any{"issue_key": "not a key"}, "issue_key")
	mustFail(t, cs, "jira_get_issue", map[string]any{"issue_key": "DEMO-99999"}, "404", "does not exist")
	mustFail(t, cs, "jira_create_issue", map[string]any{"project_key": "DEMO", "summary": "x", "issue_type": "Task", "additional_fields": "{not json"}, "additional_fields", "JSON object")
	mustFail(t, cs, "jira_update_issue", map[string]any{"issue_key": key}, "nothing to update")
	mustFail(t, cs, "jira_search", map[string]any{"jql": "project = = DEMO"}, "400")
}

func confluenceTour(t *testing.T, cs *mcp.ClientSession, d atlassian.Deployment) {
	// CQL and plain-text search.
	hits := mustCall(t, cs, "confluence_search", map[string]any{"query": "type = page AND space = DEMO", "limit": 5}).list(t)
	if len(hits) == 0 || len(hits) > 5 {
		t.Fatalf("CQL search returned %d hits", len(hits))
	}
	if dig(hits[0], "space", "key") != "DEMO" || dig(hits[0], "url") == "" {
		t.Errorf("hit = %v", hits[0])
	}
	if plain := mustCall(t, cs, "confluence_search", map[string]any{"query": "architecture"}).list(t); len(plain) == 0 {
		t.Error("plain-text search found nothing for 'architecture'")
	}

	// Read by id, as Markdown and raw; and by title.
	id := dig(hits[0], "id").(string)
	page := mustCall(t, cs, "confluence_get_page", map[string]any{"page_id": id}).obj(t)
	if dig(page, "metadata", "id") != id || dig(page, "metadata", "content", "format") != "markdown" || dig(page, "metadata", "space", "key") != "DEMO" {
		t.Errorf("get_page = %v", page)
	}
	raw := mustCall(t, cs, "confluence_get_page", map[string]any{"page_id": id, "convert_to_markdown": false, "include_metadata": false}).obj(t)
	if dig(raw, "content", "format") != "storage" || !strings.Contains(dig(raw, "content", "value").(string), "<") {
		t.Errorf("raw get_page = %v", raw)
	}
	title := dig(page, "metadata", "title").(string)
	byTitle := mustCall(t, cs, "confluence_get_page", map[string]any{"title": title, "space_key": "DEMO"}).obj(t)
	if dig(byTitle, "metadata", "id") != id {
		t.Errorf("by title %q got %v", title, dig(byTitle, "metadata", "id"))
	}

	// Create from Markdown and read back the structure.
	md := "# Runbook\n\n> [!WARNING]\n> Read this first.\n\n| Step | Owner |\n| --- | --- |\n| Deploy | Alice |\n\n```bash\nmake deploy\n```\n\n- one\n  - nested\n"
	newTitle := fmt.Sprintf("E2E page %s %d", d, time.Now().UnixNano())
	created := mustCall(t, cs, "confluence_create_page", map[string]any{"space_key": "DEMO", "title": newTitle, "content": md, "parent_id": id, "include_content": true}).obj(t)
	pageID, _ := dig(created, "page", "id").(string)
	if pageID == "" || dig(created, "page", "version").(float64) != 1 {
		t.Fatalf("create_page = %v", created)
	}
	back := mustCall(t, cs, "confluence_get_page", map[string]any{"page_id": pageID}).obj(t)
	body, _ := dig(back, "metadata", "content", "value").(string)
	for _, want := range []string{"# Runbook", "[!WARNING]", "| Step | Owner |", "```bash", "make deploy", "- one", "  - nested"} {
		if !strings.Contains(body, want) {
			t.Errorf("page round trip lost %q:\n%s", want, body)
		}
	}
	if dig(back, "metadata", "parent_id") != id {
		t.Errorf("parent_id = %v, want %s", dig(back, "metadata", "parent_id"), id)
	}

	// Update: a new version with the new body.
	upd := mustCall(t, cs, "confluence_update_page", map[string]any{"page_id": pageID, "title": newTitle + " v2", "content": "Updated **body**", "version_comment": "e2e"}).obj(t)
	if dig(upd, "page", "version").(float64) != 2 || dig(upd, "page", "title") != newTitle+" v2" {
		t.Errorf("update_page = %v", upd)
	}
	mustFail(t, cs, "confluence_update_page", map[string]any{"page_id": "abc", "title": "x"}, "page_id")

	// Raw storage in and out, unchanged; wiki markup is accepted too.
	xhtml := `<h2>Raw</h2><p>Kept <strong>as is</strong>.</p>`
	rawPage := mustCall(t, cs, "confluence_create_page", map[string]any{"space_key": "DEMO", "title": newTitle + " raw", "content": xhtml, "content_format": "storage"}).obj(t)
	rawID, _ := dig(rawPage, "page", "id").(string)
	rawBack := mustCall(t, cs, "confluence_get_page", map[string]any{"page_id": rawID, "convert_to_markdown": false}).obj(t)
	if dig(rawBack, "metadata", "content", "value") != xhtml {
		t.Errorf("storage round trip: %v", dig(rawBack, "metadata", "content", "value"))
	}
	wikiPage := mustCall(t, cs, "confluence_create_page", map[string]any{"space_key": "DEMO", "title": newTitle + " wiki", "content": "h2. From wiki\n\nSome *bold* text.", "content_format": "wiki"}).obj(t)
	wikiID, _ := dig(wikiPage, "page", "id").(string)
	wikiBack := mustCall(t, cs, "confluence_get_page", map[string]any{"page_id": wikiID}).obj(t)
	if md, _ := dig(wikiBack, "metadata", "content", "value").(string); !strings.Contains(md, "From wiki") || !strings.Contains(md, "**bold**") {
		t.Errorf("wiki page reads back as %q", md)
	}

	// Comments.
	added := mustCall(t, cs, "confluence_add_comment", map[string]any{"page_id": pageID, "body": "Looks *good*"}).obj(t)
	if added["success"] != true {
		t.Errorf("add_comment = %v", added)
	}
	comments := mustCall(t, cs, "confluence_get_comments", map[string]any{"page_id": pageID}).list(t)
	if len(comments) != 1 || !strings.Contains(dig(comments[0], "body").(string), "*good*") {
		t.Errorf("comments = %v", comments)
	}

	mustFail(t, cs, "confluence_get_page", map[string]any{"page_id": "99999999"}, "404")
	mustFail(t, cs, "confluence_get_page", map[string]any{"title": "No such page at all", "space_key": "DEMO"}, "no page titled")
}

func toStrings(v any) []string {
	var out []string
	for _, e := range asList(v) {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}
