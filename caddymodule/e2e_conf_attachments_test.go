package caddymodule_test

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

func init() { registerTour("confluence_attachments", confAttachmentsTour) }

// confAttachmentsTour reads the seeded attachments of the Architecture
// page (a PNG, a PNG announced as application/octet-stream, a CSV) and the
// 60 MB disk image of Runbooks, then uploads, versions and deletes files.
func confAttachmentsTour(t *testing.T, cs *mcp.ClientSession, d atlassian.Deployment) {
	pageID := confPageID(t, cs, "Architecture")
	listed := mustCall(t, cs, "confluence_get_attachments", map[string]any{"content_id": pageID}).obj(t)
	byName := map[string]map[string]any{}
	for _, a := range asList(listed["attachments"]) {
		m := a.(map[string]any)
		byName[m["title"].(string)] = m
	}
	png, csv := byName["architecture.png"], byName["capacity.csv"]
	if png == nil || csv == nil || byName["request-flow.png"] == nil || png["media_type"] != "image/png" || dig(csv, "file_size") != float64(len("service,replicas\ngateway,6\nbilling,3\nsearch,2\n")) {
		t.Fatalf("get_attachments = %v", listed)
	}
	one := mustCall(t, cs, "confluence_get_attachments", map[string]any{"content_id": pageID, "filename": "capacity.csv", "limit": 5}).obj(t)
	if l := asList(one["attachments"]); len(l) != 1 || dig(l[0], "id") != csv["id"] {
		t.Errorf("get_attachments by filename = %v", one)
	}
	paged := mustCall(t, cs, "confluence_get_attachments", map[string]any{"content_id": pageID, "start": 1, "limit": 1}).obj(t)
	if l := asList(paged["attachments"]); len(l) != 1 || paged["has_more"] != true {
		t.Errorf("get_attachments start=1 limit=1 = %v", paged)
	}

	// One file: the CSV's bytes as an embedded resource.
	got := callContents(t, cs, "confluence_download_attachment", map[string]any{"attachment_id": csv["id"]})
	res, ok := got[0].(*mcp.EmbeddedResource)
	if !ok || !strings.HasPrefix(string(res.Resource.Blob), "service,replicas\ngateway,6") || res.Resource.MIMEType != "text/csv" ||
		res.Resource.URI != "attachment:///"+csv["id"].(string)+"/capacity.csv" {
		t.Errorf("download_attachment = %#v", got[0])
	}

	// All files of the page; the images by type and by extension.
	all := callContents(t, cs, "confluence_download_content_attachments", map[string]any{"content_id": pageID})
	summary := textJSON(t, all[0])
	if summary["total"] != float64(len(byName)) || summary["downloaded"] != float64(len(byName)) || len(all) != len(byName)+1 {
		t.Errorf("download_content_attachments = %v with %d contents", summary, len(all))
	}
	var pngs int
	for _, c := range all[1:] {
		if r, ok := c.(*mcp.EmbeddedResource); ok && bytes.HasPrefix(r.Resource.Blob, pngMagic) {
			pngs++
		}
	}
	if pngs != 2 {
		t.Errorf("download_content_attachments returned %d PNG files, want 2", pngs)
	}
	imgs := callContents(t, cs, "confluence_get_page_images", map[string]any{"content_id": pageID})
	imgSummary := textJSON(t, imgs[0])
	if imgSummary["total_images"] != float64(2) || imgSummary["downloaded"] != float64(2) || len(imgs) != 3 {
		t.Fatalf("get_page_images = %v with %d contents", imgSummary, len(imgs))
	}
	for _, c := range imgs[1:] {
		if img, ok := c.(*mcp.ImageContent); !ok || img.MIMEType != "image/png" || !bytes.HasPrefix(img.Data, pngMagic) {
			t.Errorf("image content = %#v", c)
		}
	}

	// The 50 MB cap: the 60 MB disk image is refused, alone or among others.
	runbooks := confPageID(t, cs, "Runbooks")
	big := mustCall(t, cs, "confluence_get_attachments", map[string]any{"content_id": runbooks, "filename": "disk-image.iso"}).obj(t)
	bigID, _ := dig(big, "attachments", 0, "id").(string)
	mustFail(t, cs, "confluence_download_attachment", map[string]any{"attachment_id": bigID}, "50 MB")
	bigSummary := textJSON(t, callContents(t, cs, "confluence_download_content_attachments", map[string]any{"content_id": runbooks})[0])
	if bigSummary["downloaded"] != float64(0) || !strings.Contains(dig(bigSummary, "failed", 0, "error").(string), "50 MB") {
		t.Errorf("download_content_attachments of Runbooks = %v", bigSummary)
	}
	noImages := textJSON(t, callContents(t, cs, "confluence_get_page_images", map[string]any{"content_id": runbooks})[0])
	if noImages["total_images"] != float64(0) || noImages["message"] == nil {
		t.Errorf("get_page_images of Runbooks = %v", noImages)
	}

	// Uploads: from the working directory, as base64, a new version, several.
	dir, err := os.MkdirTemp(".", "e2e-conf-attach-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	write := func(name, content string) string {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return filepath.Join(dir, name)
	}
	notes := write("notes-"+string(d)+".txt", "first notes on "+string(d))
	up := mustCall(t, cs, "confluence_upload_attachment", map[string]any{"content_id": pageID, "file_path": notes, "comment": "e2e"}).obj(t)
	upID, _ := dig(up, "attachment", "id").(string)
	if dig(up, "attachment", "filename") != filepath.Base(notes) || upID == "" || dig(up, "attachment", "version") != float64(1) {
		t.Fatalf("upload_attachment = %v", up)
	}
	again := mustCall(t, cs, "confluence_upload_attachment", map[string]any{"content_id": pageID, "filename": filepath.Base(notes),
		"content_base64": base64.StdEncoding.EncodeToString([]byte("second notes")), "minor_edit": true}).obj(t)
	if dig(again, "attachment", "id") != upID || dig(again, "attachment", "version") != float64(2) {
		t.Errorf("re-upload = %v, want version 2 of %s", again, upID)
	}
	back := callContents(t, cs, "confluence_download_attachment", map[string]any{"attachment_id": upID})
	if r, ok := back[0].(*mcp.EmbeddedResource); !ok || string(r.Resource.Blob) != "second notes" {
		t.Errorf("the new version downloads as %#v", back[0])
	}
	a, b := write("a.txt", "alpha"), write("b.md", "# beta")
	many := mustCall(t, cs, "confluence_upload_attachments", map[string]any{"content_id": pageID, "file_paths": a + ", " + b + ",/etc/passwd"}).obj(t)
	uploaded := asList(dig(many, "attachments", "uploaded"))
	failed := asList(dig(many, "attachments", "failed"))
	if len(uploaded) != 2 || len(failed) != 1 || !strings.Contains(dig(failed[0], "error").(string), "outside the server's working directory") {
		t.Errorf("upload_attachments = %v", many)
	}
	var names []string
	for _, u := range uploaded {
		names = append(names, dig(u, "filename").(string))
	}
	if !slices.Equal(names, []string{"a.txt", "b.md"}) {
		t.Errorf("uploaded %v", names)
	}

	// Delete: gone from the list afterwards.
	del := mustCall(t, cs, "confluence_delete_attachment", map[string]any{"attachment_id": upID}).obj(t)
	if del["attachment_id"] != upID {
		t.Errorf("delete_attachment = %v", del)
	}
	after := mustCall(t, cs, "confluence_get_attachments", map[string]any{"content_id": pageID, "filename": filepath.Base(notes)}).obj(t)
	if len(asList(after["attachments"])) != 0 {
		t.Errorf("the deleted attachment is still listed: %v", after)
	}

	mustFail(t, cs, "confluence_upload_attachment", map[string]any{"content_id": pageID, "file_path": "../go.mod"}, "file_path", "outside")
	mustFail(t, cs, "confluence_upload_attachment", map[string]any{"content_id": pageID}, "file_path or content_base64")
	mustFail(t, cs, "confluence_upload_attachment", map[string]any{"content_id": pageID, "content_base64": "AAAA"}, "filename")
	mustFail(t, cs, "confluence_download_attachment", map[string]any{"attachment_id": "../etc"}, "attachment_id")
	mustFail(t, cs, "confluence_get_attachments", map[string]any{"content_id": "DEMO"}, "content_id")
}
