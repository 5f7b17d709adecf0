package oauthproxy

import (
	"context"
	"net/http"
	"net/url"
	"testing"
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
