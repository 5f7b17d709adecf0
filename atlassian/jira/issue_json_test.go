package jira_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/jira"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox"
)

// plainIssue is Issue without its methods, so encoding/json decodes it
// the standard way.
type plainIssue jira.Issue

// TestIssueDecodeMatchesEncodingJSON: every issue of the sandbox, in both
// dialects and with every expansion, decodes to what encoding/json gives;
// so do search results holding issues, and malformed issues fail.
func TestIssueDecodeMatchesEncodingJSON(t *testing.T) {
	for _, d := range []atlassian.Deployment{atlassian.Cloud, atlassian.Server} {
		sb := sandbox.New(sandbox.Options{Deployment: d})
		api := "/rest/api/2"
		if d == atlassian.Cloud {
			api = "/rest/api/3"
		}
		authorize := func(r *http.Request) {
			if d == atlassian.Cloud {
				r.SetBasicAuth("alice@example.com", "alice-api-token")
			} else {
				r.Header.Set("Authorization", "Bearer alice-pat")
			}
		}
		checked := 0
		for n := 1; n <= 40; n++ {
			key := fmt.Sprintf("DEMO-%d", n)
			r := httptest.NewRequest("GET", api+"/issue/"+key+"?expand=names,renderedFields,changelog", nil)
			authorize(r)
			rec := httptest.NewRecorder()
			sb.ServeHTTP(rec, r)
			if rec.Code != http.StatusOK {
				continue // numbers the seed skips
			}
			body, _ := io.ReadAll(rec.Body)
			var got jira.Issue
			var want plainIssue
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatalf("%s %s: %v", d, key, err)
			}
			if err := json.Unmarshal(body, &want); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(plainIssue(got), want) {
				t.Fatalf("%s %s: decoded differently from encoding/json", d, key)
			}
			checked++
		}
		if checked < 10 {
			t.Fatalf("%s: only %d sandbox issues checked", d, checked)
		}
	}
	var page struct {
		Issues []jira.Issue `json:"issues"`
	}
	if err := json.Unmarshal([]byte(`{"issues":[{"id":"1","key":"A-1","fields":{"x":[1,"<y>"]}},{"key":"A-2","fields":null,"names":{"x":"X"}}]}`), &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Issues) != 2 || page.Issues[0].Fields["x"].([]any)[1] != "<y>" || page.Issues[1].Names["x"] != "X" || page.Issues[1].Fields != nil {
		t.Fatalf("search page: %+v", page.Issues)
	}
	for _, bad := range []string{`{"key":1}`, `{"fields":[]}`, `{"names":{"a":2}}`, `[]`, `{"key":"A-1"`} {
		var is jira.Issue
		if err := json.Unmarshal([]byte(bad), &is); err == nil {
			t.Errorf("%s: decoded without error", bad)
		}
		var want plainIssue
		if err := json.Unmarshal([]byte(bad), &want); err == nil {
			t.Errorf("%s: encoding/json accepts it, the check is wrong", bad)
		}
	}
}
