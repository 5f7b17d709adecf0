package oauthproxy

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/oauth"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

// TestRefreshRefusesOtherRecords: an access token presented as a refresh
// token, or a refresh token presented by another client, gets
// invalid_grant and leaves the record alone; the owner's session goes on.
func TestRefreshRefusesOtherRecords(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	s := e.session(t, "alice")
	_, reg := e.register(t, clientRedir)
	other := reg["client_id"].(string)

	for _, tc := range []struct{ name, clientID, token string }{
		{"access token as refresh token", s.clientID, s.access},
		{"another client's refresh token", other, s.refresh},
	} {
		status, body := e.tokenCall(t, url.Values{"grant_type": {"refresh_token"}, "client_id": {tc.clientID}, "refresh_token": {tc.token}})
		if status != http.StatusBadRequest || body["error"] != "invalid_grant" {
			t.Errorf("%s: %d %v, want 400 invalid_grant", tc.name, status, body)
		}
		if !e.proxy.cfg.Store.Exists(ctx, tokenKey(tc.token)) {
			t.Errorf("%s: the record was deleted", tc.name)
		}
	}
	// Another instance reads the access token's record from storage.
	if _, err := e.instance(t, newFakeClock()).Resolve(ctx, s.access); err != nil {
		t.Fatalf("the access token no longer resolves: %v", err)
	}
	if status, body := e.refreshCall(t, s); status != http.StatusOK {
		t.Fatalf("the owner's refresh: %d %v", status, body)
	}
}

// faultyStore fails the storage operations fail picks, as a storage
// backend that is briefly unreachable does.
type faultyStore struct {
	store
	fail func(op, key string) bool
}

var errUnreachable = errors.New("storage unreachable")

func (s *faultyStore) Load(ctx context.Context, key string) ([]byte, error) {
	if s.fail("load", key) {
		return nil, errUnreachable
	}
	return s.store.Load(ctx, key)
}

func (s *faultyStore) Store(ctx context.Context, key string, value []byte) error {
	if s.fail("store", key) {
		return errUnreachable
	}
	return s.store.Store(ctx, key, value)
}

func (s *faultyStore) Delete(ctx context.Context, key string) error {
	if s.fail("delete", key) {
		return errUnreachable
	}
	return s.store.Delete(ctx, key)
}

// TestRefreshSurvivesStorageFailures: while storage fails, a refresh is
// answered server_error and the refresh token stays valid, so the client
// retries instead of signing the user out; once storage is back the
// retry rotates it, and it is spent: it cannot be redeemed again, and
// the tokens of the failed attempts were not kept.
func TestRefreshSurvivesStorageFailures(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	s := e.session(t, "alice")
	grantKey := oauth.GrantKey(appID, s.grantID)
	core, logs := observer.New(zap.ErrorLevel)
	e.proxy.cfg.Logger = zap.New(core)
	for _, tc := range []struct {
		name string
		fail func(op, key string) bool
	}{
		{"loading the refresh token", func(op, key string) bool { return op == "load" && key == tokenKey(s.refresh) }},
		{"loading the grant", func(op, key string) bool { return op == "load" && key == grantKey }},
		{"storing the new tokens", func(op, key string) bool { return op == "store" && strings.Contains(key, "/proxy/tokens/") }},
		{"storing the new refresh token", func() func(op, key string) bool {
			stored := 0
			return func(op, key string) bool {
				if op == "store" && strings.Contains(key, "/proxy/tokens/") {
					stored++
					return stored == 2
				}
				return false
			}
		}()},
		{"deleting the old refresh token", func(op, key string) bool { return op == "delete" && key == tokenKey(s.refresh) }},
	} {
		real := e.proxy.cfg.Store
		e.proxy.cfg.Store = &faultyStore{store: real, fail: tc.fail}
		status, body := e.refreshCall(t, s)
		e.proxy.cfg.Store = real
		if status != http.StatusInternalServerError || body["error"] != "server_error" {
			t.Errorf("%s fails: %d %v, want 500 server_error", tc.name, status, body)
		}
		if !real.Exists(ctx, tokenKey(s.refresh)) {
			t.Fatalf("%s fails: the refresh token was deleted", tc.name)
		}
		if n := e.count("tokens"); n != 2 {
			t.Errorf("%s fails: %d token records stored, want the session's 2", tc.name, n)
		}
		// The operator learns the cause; the log holds no token.
		entries := logs.TakeAll()
		if len(entries) != 1 || !strings.Contains(entries[0].Message, "rotating a refresh token") {
			t.Errorf("%s fails: logged %v, want one error with the cause", tc.name, entries)
		}
		for _, en := range entries {
			line := fmt.Sprint(en.Message, en.ContextMap())
			if !strings.Contains(line, "storage unreachable") || strings.Contains(line, s.refresh) || strings.Contains(line, s.access) {
				t.Errorf("%s fails: log line %q lacks the cause or holds a token", tc.name, line)
			}
		}
	}

	status, tok := e.refreshCall(t, s)
	if status != http.StatusOK || tok["refresh_token"] == s.refresh {
		t.Fatalf("the retry: %d %v", status, tok)
	}
	if status, body := e.refreshCall(t, s); status != http.StatusBadRequest || body["error"] != "invalid_grant" {
		t.Fatalf("the spent refresh token again: %d %v", status, body)
	}
	if e.proxy.cfg.Store.Exists(ctx, tokenKey(s.refresh)) {
		t.Fatal("the spent refresh token is still stored")
	}
	if n := e.count("tokens"); n != 3 { // the session's access token, and the new pair
		t.Fatalf("%d token records stored, want 3", n)
	}
}

// TestRefreshTokenRedeemedOnce: of concurrent refreshes with one refresh
// token, one rotates it and the others get invalid_grant.
func TestRefreshTokenRedeemedOnce(t *testing.T) {
	e := newEnv(t)
	s := e.session(t, "alice")
	statuses := make(chan int, 4)
	var wg sync.WaitGroup
	for range cap(statuses) {
		wg.Go(func() {
			resp, err := http.PostForm(e.url+"/token", url.Values{"grant_type": {"refresh_token"}, "client_id": {s.clientID}, "refresh_token": {s.refresh}})
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		})
	}
	wg.Wait()
	close(statuses)
	rotated := 0
	for status := range statuses {
		switch status {
		case http.StatusOK:
			rotated++
		case http.StatusBadRequest:
		default:
			t.Errorf("a refresh answered %d", status)
		}
	}
	if rotated != 1 {
		t.Fatalf("%d refreshes rotated the token, want 1", rotated)
	}
	if n := e.count("tokens"); n != 3 {
		t.Fatalf("%d token records stored, want 3 (the session's access token, the new pair)", n)
	}
}

// TestTokenAnswersCarryCORS: every /token answer, a malformed body's
// included, lets a browser client read it.
func TestTokenAnswersCarryCORS(t *testing.T) {
	e := newEnv(t)
	s := e.session(t, "alice")
	for _, tc := range []struct{ name, body string }{
		{"malformed body", "grant_type=%zz"},
		{"unsupported grant type", "grant_type=password"},
		{"unknown code", url.Values{"grant_type": {"authorization_code"}, "code": {"bogus"}}.Encode()},
		{"refresh", url.Values{"grant_type": {"refresh_token"}, "client_id": {s.clientID}, "refresh_token": {s.refresh}}.Encode()},
	} {
		resp, err := http.Post(e.url+"/token", "application/x-www-form-urlencoded", strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "*" {
			t.Errorf("%s (%d): Access-Control-Allow-Origin %q, want *", tc.name, resp.StatusCode, got)
		}
	}
}

// TestRedeemSurvivesStorageFailures: a code that cannot be read or
// spent, or whose client cannot be marked used or whose tokens cannot be
// stored, because storage fails, is server_error, not invalid_grant; the
// client's retry redeems it, and the tokens of the failed attempt were
// not kept.
func TestRedeemSurvivesStorageFailures(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		name string
		fail func(op, key, clientID, code string) bool
	}{
		{"loading the code", func(op, key, _, code string) bool { return op == "load" && key == codeKey(code) }},
		{"marking the client used", func(op, key, clientID, _ string) bool { return op == "store" && key == clientKey(clientID) }},
		{"storing the tokens", func(op, key, _, _ string) bool { return op == "store" && strings.Contains(key, "/proxy/tokens/") }},
		{"deleting the code", func(op, key, _, code string) bool { return op == "delete" && key == codeKey(code) }},
	} {
		// A client of its own, as only its first code marks it used.
		_, reg := e.register(t, clientRedir)
		clientID := reg["client_id"].(string)
		code := e.signIn(t, clientID, "alice")
		tokensBefore := e.count("tokens")
		real := e.proxy.cfg.Store
		e.proxy.cfg.Store = &faultyStore{store: real, fail: func(op, key string) bool { return tc.fail(op, key, clientID, code) }}
		status, body := e.redeem(t, clientID, code, testVerifier)
		e.proxy.cfg.Store = real
		if status != http.StatusInternalServerError || body["error"] != "server_error" {
			t.Errorf("%s fails: %d %v, want 500 server_error", tc.name, status, body)
		}
		if n := e.count("tokens"); n != tokensBefore {
			t.Errorf("%s fails: %d token records stored, want %d", tc.name, n, tokensBefore)
		}
		if status, tok := e.redeem(t, clientID, code, testVerifier); status != http.StatusOK || tok["access_token"] == nil {
			t.Errorf("%s failed once: the retry got %d %v", tc.name, status, tok)
		}
		if status, body := e.redeem(t, clientID, code, testVerifier); status != http.StatusBadRequest || body["error"] != "invalid_grant" {
			t.Errorf("%s failed once: the code redeemed again got %d %v, want invalid_grant", tc.name, status, body)
		}
	}
	_, reg := e.register(t, clientRedir)
	if status, body := e.redeem(t, reg["client_id"].(string), "mcpcode-unknown", testVerifier); status != http.StatusBadRequest || body["error"] != "invalid_grant" {
		t.Errorf("an unknown code: %d %v, want invalid_grant", status, body)
	}
}

// TestRefreshMarksTheClientUsed: a client whose sign-in was completed by
// an instance that did not mark it used (an older build, during a rolling
// upgrade) is marked at its refresh, so the sweep keeps it.
func TestRefreshMarksTheClientUsed(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	s := e.session(t, "alice")
	var c client
	if err := e.proxy.get(ctx, clientKey(s.clientID), &c); err != nil {
		t.Fatal(err)
	}
	c.Expires = e.proxy.cfg.Now().Add(time.Hour) // as the older build left it
	if err := e.proxy.put(ctx, clientKey(s.clientID), c); err != nil {
		t.Fatal(err)
	}
	if status, tok := e.refreshCall(t, s); status != http.StatusOK {
		t.Fatalf("refresh: %d %v", status, tok)
	}
	var after client
	if err := e.proxy.get(ctx, clientKey(s.clientID), &after); err != nil || !after.Expires.IsZero() {
		t.Errorf("after a refresh the client expires at %v (%v); want it marked used", after.Expires, err)
	}
}
