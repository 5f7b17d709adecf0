package contract_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

func init() { extraTours["attachments"] = attachmentsTour }

// attachmentsTour lists, uploads and downloads Jira issue attachments.
func attachmentsTour(tr *tourist, d atlassian.Deployment) {
	api := "/rest/api/2"
	if d == atlassian.Cloud {
		api = "/rest/api/3"
	}
	issue := tr.ok("GET", api+"/issue/DEMO-4?fields=attachment", "")
	id, name := str(issue, "fields", "attachment", 0, "id"), str(issue, "fields", "attachment", 0, "filename")
	if d == atlassian.Cloud {
		tr.ok("GET", api+"/attachment/content/"+id, "")
	} else {
		tr.ok("GET", "/secure/attachment/"+id+"/"+name, "")
	}

	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, _ := w.CreateFormFile("file", "tour.txt")
	_, _ = part.Write([]byte("attached by the contract tour\n"))
	_ = w.Close()
	for _, token := range []string{"no-check", ""} {
		req, err := http.NewRequest("POST", tr.base+api+"/issue/DEMO-5/attachments", bytes.NewReader(body.Bytes()))
		if err != nil {
			tr.t.Fatal(err)
		}
		req.Header.Set("Content-Type", w.FormDataContentType())
		if token != "" {
			req.Header.Set("X-Atlassian-Token", token)
		}
		tr.auth(req)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			tr.t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if want := map[string]int{"no-check": 200, "": 403}[token]; resp.StatusCode != want {
			tr.t.Errorf("upload with X-Atlassian-Token %q → %d, want %d: %.300s", token, resp.StatusCode, want, raw)
		}
	}
}
