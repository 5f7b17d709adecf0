package oauthproxy

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/oauth"
)

// token is the token endpoint for MCP clients: it redeems our codes and
// rotates our refresh tokens. Atlassian's own tokens stay in the grant.
func (p *Proxy) token(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<16)
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "the body must be form-encoded")
		return
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	f := r.PostForm
	switch f.Get("grant_type") {
	case "authorization_code":
		p.redeemCode(r.Context(), w, f.Get("client_id"), f.Get("code"), f.Get("redirect_uri"), f.Get("code_verifier"))
	case "refresh_token":
		p.refresh(r.Context(), w, f.Get("client_id"), f.Get("refresh_token"))
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
	}
}

func (p *Proxy) redeemCode(ctx context.Context, w http.ResponseWriter, clientID, code, redirect, verifier string) {
	var c issuedCode
	if err := p.take(ctx, codeKey(code), &c); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_grant", "unknown or used authorization code")
		return
	}
	if c.ClientID != clientID || c.RedirectURI != redirect || !p.cfg.Now().Before(c.Expires) || !s256(verifier, c.Challenge) {
		oauthError(w, http.StatusBadRequest, "invalid_grant", "the code does not match this client, redirect URI or verifier, or has expired")
		return
	}
	if err := p.markUsed(ctx, clientID); errors.Is(err, errNotFound) {
		oauthError(w, http.StatusBadRequest, "invalid_client", "the client registration has expired; register again")
		return
	} else if err != nil {
		oauthError(w, http.StatusInternalServerError, "server_error", "could not record the client's sign-in")
		return
	}
	p.issue(ctx, w, clientID, c.GrantID)
}

func (p *Proxy) refresh(ctx context.Context, w http.ResponseWriter, clientID, refreshToken string) {
	// Only the client's own refresh token is spent: anything else
	// presented (an access token, another client's refresh token) is
	// refused and left as it is, or presenting it would sign its owner
	// out.
	key := tokenKey(refreshToken)
	var rec tokenRecord
	err := p.locked(ctx, key, func() error {
		if err := p.get(ctx, key, &rec); err != nil {
			return err
		}
		if rec.Kind != "refresh" || rec.ClientID != clientID {
			return errNotFound
		}
		return p.cfg.Store.Delete(ctx, key)
	})
	if err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_grant", "unknown refresh token")
		return
	}
	if _, err := oauth.LoadGrant(ctx, p.cfg.Store, p.cfg.Upstream.ClientID, rec.GrantID); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_grant", "the Atlassian grant is gone; sign in again")
		return
	}
	p.issue(ctx, w, clientID, rec.GrantID)
}

// issue gives the client a new access token and refresh token for grantID.
func (p *Proxy) issue(ctx context.Context, w http.ResponseWriter, clientID, grantID string) {
	access, refresh := random("mcpat-"), random("mcprt-")
	exp := p.cfg.Now().Add(p.cfg.AccessTokenLifetime)
	err := errors.Join(
		p.put(ctx, tokenKey(access), tokenRecord{Version: recordVersion, Kind: "access", ClientID: clientID, GrantID: grantID, Expires: exp}),
		p.put(ctx, tokenKey(refresh), tokenRecord{Version: recordVersion, Kind: "refresh", ClientID: clientID, GrantID: grantID}),
	)
	if err != nil {
		oauthError(w, http.StatusInternalServerError, "server_error", "could not store the tokens")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token":  access,
		"token_type":    "Bearer",
		"expires_in":    int(p.cfg.AccessTokenLifetime.Seconds()),
		"refresh_token": refresh,
	})
}

// s256 checks an RFC 7636 S256 verifier.
func s256(verifier, challenge string) bool {
	if verifier == "" || challenge == "" {
		return false
	}
	sum := sha256.Sum256([]byte(verifier))
	return subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(challenge)) == 1
}
