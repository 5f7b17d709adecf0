package atlassian

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestDownloadKeepsBytesAndType(t *testing.T) {
	file := bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 300)
	s := testSite(t, Jira, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Accept") != "*/*" {
			t.Errorf("Accept = %q, want */*", r.Header.Get("Accept"))
		}
		w.Header().Set("Content-Type", "image/png; charset=binary")
		_, _ = w.Write(file)
	}, 5*time.Second)
	dl, err := s.Client(Credentials{}).Download(t.Context(), Request{Method: "GET", Path: "/file"})
	if err != nil {
		t.Fatal(err)
	}
	defer dl.Close()
	if !bytes.Equal(dl.Data, file) || dl.MediaType() != "image/png" {
		t.Errorf("download = %d bytes of %q", len(dl.Data), dl.MediaType())
	}
}

func TestDownloadRefusesFilesOverTheCap(t *testing.T) {
	for _, announced := range []bool{true, false} {
		s := testSite(t, Jira, func(w http.ResponseWriter, r *http.Request) {
			if announced {
				w.Header().Set("Content-Length", strconv.Itoa(4000))
			}
			for range 4 {
				_, _ = w.Write(make([]byte, 1000))
				w.(http.Flusher).Flush()
			}
		}, 5*time.Second)
		_, err := s.Client(Credentials{}).Download(t.Context(), Request{Method: "GET", Path: "/big", MaxResponseBytes: 2500})
		var tooLarge *ResponseTooLargeError
		if !errors.As(err, &tooLarge) || tooLarge.Limit != 2500 {
			t.Errorf("announced=%v: err = %v, want a ResponseTooLargeError at 2500 bytes", announced, err)
		}
	}
}

func TestDownloadFailsOnErrorStatus(t *testing.T) {
	s := testSite(t, Jira, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"errorMessages":["The attachment does not exist."]}`))
	}, 5*time.Second)
	_, err := s.Client(Credentials{}).Download(t.Context(), Request{Method: "GET", Path: "/gone"})
	if !IsStatus(err, http.StatusNotFound) {
		t.Errorf("err = %v, want a 404 APIError", err)
	}
}

// TestDownloadFollowsMediaRedirect: Jira Cloud answers attachment content
// with a 303 to its media host; the download follows it without the
// caller's credentials, and still under the cap.
func TestDownloadFollowsMediaRedirect(t *testing.T) {
	file := []byte("attachment bytes")
	var mediaAuth string
	media := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mediaAuth = r.Header.Get("Authorization")
		if r.URL.Query().Get("token") != "signed" {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write(file)
	}))
	defer media.Close()
	// The media host must differ from the site's: localhost vs 127.0.0.1.
	mediaURL := strings.Replace(media.URL, "127.0.0.1", "localhost", 1) + "/file?token=signed"
	s := testSite(t, Jira, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			t.Error("the site itself got no credentials")
		}
		http.Redirect(w, r, mediaURL, http.StatusSeeOther)
	}, 5*time.Second)
	dl, err := s.Client(Bearer("site-token")).Download(t.Context(), Request{Method: "GET", Path: "/rest/api/3/attachment/content/1"})
	if err != nil {
		t.Fatal(err)
	}
	defer dl.Close()
	if !bytes.Equal(dl.Data, file) || mediaAuth != "" {
		t.Errorf("download = %q, media host saw Authorization %q; want the bytes and no credentials", dl.Data, mediaAuth)
	}
	_, err = s.Client(Bearer("site-token")).Download(t.Context(), Request{Method: "GET", Path: "/x", MaxResponseBytes: 4})
	var tooLarge *ResponseTooLargeError
	if !errors.As(err, &tooLarge) {
		t.Errorf("over the cap after a redirect: %v", err)
	}
}

// TestDownloadRedirectErrorsNameTheMediaHost: a media host that cannot be
// reached is named in the error, not the site.
func TestDownloadRedirectErrorsNameTheMediaHost(t *testing.T) {
	gone := httptest.NewServer(http.NotFoundHandler())
	mediaHost := strings.Replace(gone.URL, "127.0.0.1", "localhost", 1)
	gone.Close() // nothing listens there any more
	s := testSite(t, Jira, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, mediaHost+"/file", http.StatusSeeOther)
	}, 5*time.Second)
	_, err := s.Client(Bearer("t")).Download(t.Context(), Request{Method: "GET", Path: "/x"})
	var te *TransportError
	if !errors.As(err, &te) || !strings.HasPrefix(te.Host, "localhost:") {
		t.Errorf("err = %v (host %v), want a transport error naming the media host", err, te)
	}
}

// TestDownloadRedirectTimesOut: a media host that does not answer is let
// go after the site's timeout, like the site itself (TestTimeout).
func TestDownloadRedirectTimesOut(t *testing.T) {
	release := make(chan struct{})
	media := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer media.Close()
	defer close(release)
	mediaURL := strings.Replace(media.URL, "127.0.0.1", "localhost", 1) + "/file"
	s := testSite(t, Jira, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, mediaURL, http.StatusSeeOther)
	}, 200*time.Millisecond)
	_, err := s.Client(Bearer("site-token")).Download(context.Background(), Request{Method: "GET", Path: "/rest/api/3/attachment/content/1"})
	if err == nil || !strings.Contains(err.Error(), "timed out") {
		t.Errorf("err = %v, want a timeout explanation", err)
	}
}
