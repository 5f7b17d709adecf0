package caddymodule_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

func init() { registerTour("confluence_pages", confluencePagesTour) }

// macroStorage is a page body the editor could have written: a layout, a
// TOC, a status and a code macro, an attachment image and a user link,
// around the "Status" section the tour rewrites.
const macroStorage = `<ac:structured-macro ac:name="toc" ac:schema-version="1" ac:macro-id="aa11"><ac:parameter ac:name="maxLevel">3</ac:parameter></ac:structured-macro>` +
	`<h1>Overview</h1><p>Scope &amp; goals.</p>` +
	`<ac:layout><ac:layout-section ac:type="two_equal"><ac:layout-cell><h2>Owners</h2><p>Ask <ac:link><ri:user ri:username="bob" /></ac:link>.</p></ac:layout-cell>` +
	`<ac:layout-cell><ac:image ac:width="300"><ri:attachment ri:filename="arch.png" /></ac:image></ac:layout-cell></ac:layout-section></ac:layout>` +
	`<h2>Status</h2><p>Old status text.</p><ac:structured-macro ac:name="status" ac:schema-version="1" ac:macro-id="bb22"><ac:parameter ac:name="colour">Red</ac:parameter><ac:parameter ac:name="title">LATE</ac:parameter></ac:structured-macro>` +
	`<h3>Details</h3><p>Old details.</p>` +
	`<h2>Code</h2><ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="cc33"><ac:parameter ac:name="language">go</ac:parameter><ac:plain-text-body><![CDATA[if a < b && c > d { return }]]></ac:plain-text-body></ac:structured-macro>`

func confluencePagesTour(t *testing.T, cs *mcp.ClientSession, d atlassian.Deployment) {
	stamp := fmt.Sprintf("%s %d", d, time.Now().UnixNano())
	str := func(v any) string { s, _ := v.(string); return s }

	// The space tree: Home at depth 0, Architecture under Engineering.
	tree := mustCall(t, cs, "confluence_get_space_page_tree", map[string]any{"space_key": "DEMO", "limit": 200}).obj(t)
	byTitle := map[string]map[string]any{}
	for _, p := range asList(tree["pages"]) {
		m := p.(map[string]any)
		byTitle[str(m["title"])] = m
	}
	home, eng, arch := byTitle["Home"], byTitle["Engineering"], byTitle["Architecture"]
	if home == nil || eng == nil || arch == nil || home["depth"] != 0.0 || home["parent_id"] != nil ||
		arch["parent_id"] != eng["id"] || arch["depth"] != eng["depth"].(float64)+1 {
		t.Fatalf("space tree = %v", tree)
	}
	if tree["total_pages"] != float64(len(asList(tree["pages"]))) || tree["has_more"] != false {
		t.Errorf("tree counts = %v / %v", tree["total_pages"], tree["has_more"])
	}
	small := mustCall(t, cs, "confluence_get_space_page_tree", map[string]any{"space_key": "DEMO", "limit": 2}).obj(t)
	if len(asList(small["pages"])) != 2 || small["has_more"] != true || small["hint"] == nil {
		t.Errorf("limited tree = %v", small)
	}
	mustFail(t, cs, "confluence_get_space_page_tree", map[string]any{"space_key": "DEMO", "limit": 0}, "limit")

	// Children of Engineering include Architecture, with content on request.
	homeID, engID, archID := str(home["id"]), str(eng["id"]), str(arch["id"])
	kids := mustCall(t, cs, "confluence_get_page_children", map[string]any{"parent_id": engID, "include_content": true}).obj(t)
	var archChild map[string]any
	for _, k := range asList(kids["results"]) {
		if dig(k, "id") == archID {
			archChild = k.(map[string]any)
		}
	}
	if kids["parent_id"] != engID || kids["count"] != float64(len(asList(kids["results"]))) || archChild == nil ||
		!strings.Contains(str(dig(archChild, "content", "value")), "Overview") {
		t.Errorf("children of Engineering = %v", kids)
	}
	paged := mustCall(t, cs, "confluence_get_page_children", map[string]any{"parent_id": engID, "limit": 1, "start": 1}).obj(t)
	if len(asList(paged["results"])) != 1 || dig(paged, "results", 0, "id") == dig(kids, "results", 0, "id") {
		t.Errorf("second child page = %v (first was %v)", paged, dig(kids, "results", 0, "id"))
	}
	mustFail(t, cs, "confluence_get_page_children", map[string]any{"parent_id": "not-a-page"}, "parent_id")

	// History and diff of the seeded, thrice-edited Architecture page.
	v1 := mustCall(t, cs, "confluence_get_page_history", map[string]any{"page_id": archID, "version": 1}).obj(t)
	if v1["version"] != 1.0 || v1["id"] != archID || dig(v1, "content", "format") != "markdown" {
		t.Errorf("history v1 = %v", v1)
	}
	cur := mustCall(t, cs, "confluence_get_page", map[string]any{"page_id": archID}).obj(t)
	last := int(dig(cur, "metadata", "version").(float64))
	diff := mustCall(t, cs, "confluence_get_page_diff", map[string]any{"page_id": archID, "from_version": 1, "to_version": last}).obj(t)
	if !strings.HasPrefix(str(diff["diff"]), fmt.Sprintf("--- v1\n+++ v%d\n@@ ", last)) || diff["title"] != "Architecture" {
		t.Errorf("diff = %v", diff)
	}
	mustFail(t, cs, "confluence_get_page_history", map[string]any{"page_id": archID, "version": 99}, "version 99")
	mustFail(t, cs, "confluence_get_page_diff", map[string]any{"page_id": archID, "from_version": 0, "to_version": 1}, "from_version")

	// A section rewrite keeps every byte outside the section.
	created := mustCall(t, cs, "confluence_create_page", map[string]any{"space_key": "DEMO", "title": "Macros " + stamp,
		"content": macroStorage, "content_format": "storage", "parent_id": homeID}).obj(t)
	pageID := str(dig(created, "page", "id"))
	sec := mustCall(t, cs, "confluence_update_page_section", map[string]any{"page_id": pageID, "heading_text": "Status",
		"new_content": "All **green** now.", "version_comment": "status"}).obj(t)
	if dig(sec, "page", "version") != 2.0 || !strings.Contains(str(sec["message"]), "Status") {
		t.Errorf("update_page_section = %v", sec)
	}
	raw := str(dig(mustCall(t, cs, "confluence_get_page", map[string]any{"page_id": pageID, "convert_to_markdown": false}).obj(t), "metadata", "content", "value"))
	before, after, _ := strings.Cut(macroStorage, "<p>Old status text.</p>")
	after = after[strings.Index(after, "<h2>Code</h2>"):]
	if !strings.HasPrefix(raw, before) || !strings.HasSuffix(raw, after) || !strings.Contains(raw, "<strong>green</strong>") ||
		strings.Contains(raw, "Old status") || strings.Contains(raw, "Old details") {
		t.Errorf("after the section update the storage is\n%s", raw)
	}
	mustFail(t, cs, "confluence_update_page_section", map[string]any{"page_id": pageID, "heading_text": "status", "new_content": "x"}, "not found")
	mustFail(t, cs, "confluence_update_page_section", map[string]any{"page_id": pageID, "heading_text": "Code", "new_content": "x", "content_format": "wiki"}, "content_format")

	// Labels.
	added := mustCall(t, cs, "confluence_add_label", map[string]any{"page_id": pageID, "name": "Reviewed"}).list(t)
	labels := mustCall(t, cs, "confluence_get_labels", map[string]any{"page_id": pageID}).list(t)
	if len(added) != 1 || len(labels) != 1 || dig(labels, 0, "name") != "reviewed" || dig(labels, 0, "prefix") != "global" {
		t.Errorf("labels = %v (added %v)", labels, added)
	}
	if seeded := mustCall(t, cs, "confluence_get_labels", map[string]any{"page_id": homeID}).list(t); len(seeded) != 2 {
		t.Errorf("Home labels = %v", seeded)
	}
	mustFail(t, cs, "confluence_add_label", map[string]any{"page_id": pageID, "name": "two words"}, "name")

	// Restrictions, by account id on Cloud and username on Server/DC.
	bob := "bob"
	if d == atlassian.Cloud {
		bob = "5b10a2844c20165700ede21b"
	}
	set := mustCall(t, cs, "confluence_set_page_restrictions", map[string]any{"page_id": pageID, "read_users": []any{bob},
		"edit_groups": []any{"confluence-administrators"}}).obj(t)
	got := mustCall(t, cs, "confluence_get_page_restrictions", map[string]any{"page_id": pageID}).obj(t)
	if fmt.Sprint(dig(got, "read", "users")) != "["+bob+"]" || fmt.Sprint(dig(got, "update", "groups")) != "[confluence-administrators]" ||
		len(asList(dig(got, "read", "groups"))) != 0 || dig(set, "restrictions", "read", "users", 0) != bob {
		t.Errorf("restrictions = %v (set %v)", got, set)
	}
	mustCall(t, cs, "confluence_set_page_restrictions", map[string]any{"page_id": pageID})
	if cleared := mustCall(t, cs, "confluence_get_page_restrictions", map[string]any{"page_id": pageID}).obj(t); len(asList(dig(cleared, "read", "users"))) != 0 {
		t.Errorf("restrictions after clearing = %v", cleared)
	}
	mustFail(t, cs, "confluence_set_page_restrictions", map[string]any{"page_id": pageID, "read_groups": []any{"no-such-group"}}, "400")

	// Copy, then move the copy under the original, then delete it.
	cp := mustCall(t, cs, "confluence_copy_page", map[string]any{"source_page_id": pageID, "destination_space_key": "DEMO",
		"new_title": "Copy " + stamp, "destination_parent_id": homeID}).obj(t)
	copyID := str(dig(cp, "page", "id"))
	copied := mustCall(t, cs, "confluence_get_page", map[string]any{"page_id": copyID, "convert_to_markdown": false}).obj(t)
	if copyID == "" || copyID == pageID || dig(copied, "metadata", "content", "value") != raw || dig(copied, "metadata", "parent_id") != homeID {
		t.Errorf("copy = %v", copied)
	}
	mustFail(t, cs, "confluence_copy_page", map[string]any{"source_page_id": pageID, "destination_space_key": "TEAM",
		"new_title": "x", "destination_parent_id": homeID}, "destination_parent_id")
	moved := mustCall(t, cs, "confluence_move_page", map[string]any{"page_id": copyID, "target_parent_id": pageID}).obj(t)
	if dig(moved, "page", "parent_id") != pageID {
		t.Errorf("moved = %v", moved)
	}
	under := mustCall(t, cs, "confluence_get_page_children", map[string]any{"parent_id": pageID}).obj(t)
	if under["count"] != 1.0 || dig(under, "results", 0, "id") != copyID {
		t.Errorf("children after the move = %v", under)
	}
	mustFail(t, cs, "confluence_move_page", map[string]any{"page_id": pageID, "target_parent_id": copyID}, "400")
	mustFail(t, cs, "confluence_move_page", map[string]any{"page_id": pageID}, "target_parent_id")
	if d == atlassian.Cloud {
		// Cloud moves across spaces; the page then answers as TEAM's.
		team := mustCall(t, cs, "confluence_move_page", map[string]any{"page_id": copyID, "target_space_key": "TEAM"}).obj(t)
		if dig(team, "page", "space", "key") != "TEAM" {
			t.Errorf("moved to TEAM = %v", team)
		}
	}
	del := mustCall(t, cs, "confluence_delete_page", map[string]any{"page_id": copyID}).obj(t)
	if del["success"] != true {
		t.Errorf("delete = %v", del)
	}
	mustFail(t, cs, "confluence_get_page", map[string]any{"page_id": copyID}, "404")
	mustFail(t, cs, "confluence_delete_page", map[string]any{"page_id": copyID}, "404")

	// Title emoji, width and (Cloud) subtype are written as content
	// properties and the v2 subtype, and read back by get_page.
	args := map[string]any{"space_key": "DEMO", "title": "Look " + stamp, "content": "Looks", "emoji": "📝", "page_width": "full-width"}
	if d == atlassian.Cloud {
		args["subtype"] = "live"
	}
	look := mustCall(t, cs, "confluence_create_page", args).obj(t)
	lookID := str(dig(look, "page", "id"))
	if dig(look, "page", "emoji") != "📝" || dig(look, "page", "page_width") != "full-width" {
		t.Errorf("created with a look = %v", look)
	}
	mustCall(t, cs, "confluence_update_page", map[string]any{"page_id": lookID, "title": "Look " + stamp, "page_width": "max", "emoji": "🚀"})
	back := mustCall(t, cs, "confluence_get_page", map[string]any{"page_id": lookID}).obj(t)
	if dig(back, "metadata", "emoji") != "🚀" || dig(back, "metadata", "page_width") != "max" {
		t.Errorf("page look read back = emoji %v, width %v", dig(back, "metadata", "emoji"), dig(back, "metadata", "page_width"))
	}
	if wantSub := map[atlassian.Deployment]any{atlassian.Cloud: "live", atlassian.Server: nil}[d]; dig(back, "metadata", "subtype") != wantSub {
		t.Errorf("subtype = %v, want %v", dig(back, "metadata", "subtype"), wantSub)
	}
	mustFail(t, cs, "confluence_create_page", map[string]any{"space_key": "DEMO", "title": "x", "content": "x", "page_width": "huge"}, "page_width")
	if d == atlassian.Server {
		mustFail(t, cs, "confluence_create_page", map[string]any{"space_key": "DEMO", "title": "x", "content": "x", "subtype": "live"}, "Cloud")
	}

	// Users.
	users := mustCall(t, cs, "confluence_search_user", map[string]any{"query": "Bob"}).list(t)
	if len(users) != 1 || dig(users, 0, "user", "display_name") != "Bob Builder" {
		t.Errorf("search_user Bob = %v", users)
	}
	cql := mustCall(t, cs, "confluence_search_user", map[string]any{"query": `user.fullname ~ "example"`, "limit": 5}).list(t)
	if len(cql) != 1 || dig(cql, 0, "user", "display_name") != "Alice Example" {
		t.Errorf("search_user CQL = %v", cql)
	}
	if d == atlassian.Server {
		admins := mustCall(t, cs, "confluence_search_user", map[string]any{"query": "o", "group_name": "confluence-administrators"}).list(t)
		if len(admins) != 0 {
			t.Errorf("no administrator's name has an o: %v", admins)
		}
		mustFail(t, cs, "confluence_search_user", map[string]any{"query": "bob", "group_name": "nobody"}, "404")
	}

	// Views: Cloud's analytics; the tool is hidden on Server/DC (the
	// tools/list check of TestToolsEndToEnd holds that).
	if d == atlassian.Cloud {
		views := mustCall(t, cs, "confluence_get_page_views", map[string]any{"page_id": homeID}).obj(t)
		if views["total_views"] != 1284.0 || views["page_title"] != "Home" || views["page_id"] != homeID {
			t.Errorf("views = %v", views)
		}
		if bare := mustCall(t, cs, "confluence_get_page_views", map[string]any{"page_id": homeID, "include_title": false}).obj(t); bare["page_title"] != nil {
			t.Errorf("views without title = %v", bare)
		}
	}
}
