package atlassian

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// TestReauthOn401: a refused token is renewed once and the request, body
// included, is sent again with the new one; a failed renewal keeps the 401
// and says why.
func TestReauthOn401(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	site := testSite(t, Jira, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, r.Header.Get("Authorization")+" "+string(body))
		mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer fresh" {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"code":401,"message":"Unauthorized"}`)
			return
		}
		io.WriteString(w, `{"ok":true}`)
	}, 0)

	c := site.Client(Bearer("stale"))
	renewals := 0
	c.Reauth = func(_ context.Context, rejected Credentials) (Credentials, error) {
		renewals++
		if rejected.Secret != "stale" {
			t.Errorf("rejected = %v", rejected)
		}
		return Bearer("fresh"), nil
	}
	var out struct{ OK bool }
	if err := c.Do(context.Background(), Request{Method: "POST", Path: "/rest/api/2/issue", Body: map[string]string{"a": "b"}}, &out); err != nil || !out.OK {
		t.Fatalf("Do = %v, %+v", err, out)
	}
	// Later calls of the same client keep the renewed token.
	if err := c.Do(context.Background(), Request{Method: "GET", Path: "/rest/api/2/myself"}, nil); err != nil {
		t.Fatal(err)
	}
	if renewals != 1 || len(seen) != 3 || seen[0] != `Bearer stale {"a":"b"}` || seen[1] != `Bearer fresh {"a":"b"}` {
		t.Fatalf("renewals %d, requests %q", renewals, seen)
	}

	bad := site.Client(Bearer("stale"))
	bad.Reauth = func(context.Context, Credentials) (Credentials, error) {
		return Credentials{}, errors.New("invalid_grant: consent again")
	}
	err := bad.Do(context.Background(), Request{Method: "GET", Path: "/rest/api/2/myself"}, nil)
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusUnauthorized || !strings.Contains(err.Error(), "consent again") {
		t.Fatalf("failed renewal: %v", err)
	}
}

// TestReauthOnDownload: downloads renew a refused token like other calls.
func TestReauthOnDownload(t *testing.T) {
	site := testSite(t, Jira, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer fresh" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		io.WriteString(w, "file bytes")
	}, 0)
	c := site.Client(Bearer("stale"))
	c.Reauth = func(_ context.Context, rejected Credentials) (Credentials, error) {
		if rejected.Secret != "stale" {
			t.Errorf("rejected = %v", rejected)
		}
		return Bearer("fresh"), nil
	}
	dl, err := c.Download(context.Background(), Request{Method: "GET", Path: "/attachment/content/1"})
	if err != nil {
		t.Fatal(err)
	}
	defer dl.Close()
	if string(dl.Data) != "file bytes" {
		t.Errorf("download = %q", dl.Data)
	}
}
