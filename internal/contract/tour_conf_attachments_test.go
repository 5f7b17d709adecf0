package contract_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

func init() { extraTours["confluence_attachments"] = confAttachmentsTour }

// confAttachmentsTour lists, reads, uploads (new file and new version),
// downloads and deletes attachments of the seeded Architecture page.
func confAttachmentsTour(tr *tourist, d atlassian.Deployment) {
	v1 := "/confluence/rest/api"
	var pid string
	if d == atlassian.Cloud {
		v1 = "/wiki/rest/api"
		spaces := tr.ok("GET", "/wiki/api/v2/spaces?keys=DEMO", "")
		pid = str(tr.ok("GET", "/wiki/api/v2/pages?space-id="+str(spaces, "results", 0, "id")+"&title=Architecture", ""), "results", 0, "id")
		list := tr.ok("GET", "/wiki/api/v2/pages/"+pid+"/attachments?limit=10", "")
		aid := str(list, "results", 0, "id")
		tr.ok("GET", "/wiki/api/v2/attachments/"+aid, "")
		tr.ok("GET", "/wiki/api/v2/pages/"+pid+"/attachments?filename=capacity.csv", "")
		// A blog post's attachments have a path of their own; the pages path does not know it.
		blog := str(tr.ok("GET", v1+"/content/search?cql=type%3Dblogpost", ""), "results", 0, "id")
		tr.ok("GET", "/wiki/api/v2/blogposts/"+blog+"/attachments", "")
		tr.status(404, "GET", "/wiki/api/v2/pages/"+blog+"/attachments", "")
		// So has the blog post itself.
		if got := tr.ok("GET", "/wiki/api/v2/blogposts/"+blog+"?include-version=false", ""); str(got, "id") != blog {
			tr.t.Errorf("blog post %s read as %v", blog, got)
		}
		tr.status(404, "GET", "/wiki/api/v2/pages/"+blog, "")
		tr.status(404, "GET", "/wiki/api/v2/blogposts/"+pid, "")
		tr.status(404, "GET", "/wiki/api/v2/attachments/att999999", "")
		// The download redirects to the web download path, which serves the bytes.
		tr.ok("GET", v1+"/content/"+pid+"/child/attachment/"+aid+"/download", "")
	} else {
		pid = str(tr.ok("GET", v1+"/content?spaceKey=DEMO&title=Architecture&type=page", ""), "results", 0, "id")
		list := tr.ok("GET", v1+"/content/"+pid+"/child/attachment?limit=10&expand=version,container", "")
		aid := str(list, "results", 0, "id")
		tr.ok("GET", v1+"/content/"+aid+"?expand=version,container", "")
		tr.ok("GET", "/confluence/download/attachments/"+pid+"/"+str(list, "results", 0, "title"), "")
		// v1 content lists a blog post's attachments under the same path.
		blog := str(tr.ok("GET", v1+"/content/search?cql=type%3Dblogpost", ""), "results", 0, "id")
		tr.ok("GET", v1+"/content/"+blog+"/child/attachment", "")
	}

	up := tr.upload("POST", v1+"/content/"+pid+"/child/attachment", "tour.txt", "first", "no-check", 200)
	id := str(up, "results", 0, "id")
	tr.upload("POST", v1+"/content/"+pid+"/child/attachment/"+id+"/data", "tour.txt", "second", "no-check", 200)
	tr.upload("POST", v1+"/content/"+pid+"/child/attachment", "tour.txt", "again", "no-check", 400)
	tr.upload("POST", v1+"/content/"+pid+"/child/attachment", "other.txt", "no token", "", 403)
	if d == atlassian.Cloud {
		// Create or update: a new file, then a new version of it.
		made := tr.upload("PUT", v1+"/content/"+pid+"/child/attachment", "put.txt", "first", "no-check", 200)
		again := tr.upload("PUT", v1+"/content/"+pid+"/child/attachment", "put.txt", "second", "no-check", 200)
		if str(again, "results", 0, "id") != str(made, "results", 0, "id") || str(again, "results", 0, "version", "number") != "2" {
			tr.t.Errorf("PUT of a file of the same name = %v, want version 2 of %v", again, made)
		}
	}
	if d == atlassian.Cloud {
		tr.status(204, "DELETE", "/wiki/api/v2/attachments/"+strings.TrimPrefix(id, "att"), "")
	} else {
		tr.status(204, "DELETE", v1+"/content/"+pid+"/child/attachment/"+id, "")
	}
}

// upload sends one file as Confluence's multipart form and checks the status.
func (tr *tourist) upload(method, path, name, content, token string, want int) any {
	tr.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, _ := w.CreateFormFile("file", name)
	_, _ = part.Write([]byte(content))
	_ = w.WriteField("minorEdit", "true")
	_ = w.Close()
	req, err := http.NewRequest(method, tr.base+path, &body)
	if err != nil {
		tr.t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Accept", "application/json")
	if token != "" {
		req.Header.Set("X-Atlassian-Token", token)
	}
	tr.auth(req)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tr.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		tr.t.Errorf("upload %s to %s → %d, want %d: %.300s", name, path, resp.StatusCode, want, raw)
	}
	var v any
	_ = json.Unmarshal(raw, &v)
	return v
}
