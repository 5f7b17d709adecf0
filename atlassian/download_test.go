package atlassian

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
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
