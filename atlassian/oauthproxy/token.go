package oauthproxy

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"go.uber.org/zap"
	"io/fs"
	"net/http"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/oauth"
)

// token is the token endpoint for MCP clients: it redeems our codes and
// rotates our refresh tokens. Atlassian's own tokens stay in the grant.
func (p *Proxy) token(w http.ResponseWriter, r *http.Request) {
	// Browser clients read every answer, errors included.
	w.Header().Set("Access-Control-Allow-Origin", "*")
	r.Body = http.MaxBytesReader(w, r.Body, 1<<16)
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "the body must be form-encoded")
		return
	}
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

// Answers of redeemCode, told apart from storage failures.
var (
	errCodeMismatch = errors.New("the code does not match this client, redirect URI or verifier, or has expired")
	errClientGone   = errors.New("the client registration has expired; register again")
)

// redeemCode exchanges an authorization code for tokens. As refresh does
// for a refresh token, it spends the code, under the code's lock, only
// after the client is marked used and the tokens are stored: a storage
// failure on the way is server_error and leaves the code redeemable for
// the client's retry. A code presented with the wrong client, redirect
// URI or verifier, or expired, is spent at once, so nobody gets a second
// guess at its verifier.
func (p *Proxy) redeemCode(ctx context.Context, w http.ResponseWriter, clientID, code, redirect, verifier string) {
	key := codeKey(code)
	var access, refresh string
	err := p.locked(ctx, key, func() error {
		var c issuedCode
		if err := p.get(ctx, key, &c); err != nil {
			return err
		}
		if c.ClientID != clientID || c.RedirectURI != redirect || !p.cfg.Now().Before(c.Expires) || !s256(verifier, c.Challenge) {
			if err := p.cfg.Store.Delete(ctx, key); err != nil && !errors.Is(err, fs.ErrNotExist) {
				// The code is refused all the same; the sweep deletes
				// it once it expires.
				p.cfg.Logger.Warn("OAuth proxy: deleting a code presented wrongly", zap.Error(err))
			}
			return errCodeMismatch
		}
		if err := p.markUsed(ctx, clientID); errors.Is(err, errNotFound) {
			return errClientGone
		} else if err != nil {
			return fmt.Errorf("marking the client used: %w", err)
		}
		var err error
		if access, refresh, err = p.storeTokens(ctx, clientID, c.GrantID); err != nil {
			return err
		}
		if err := p.cfg.Store.Delete(ctx, key); err != nil {
			p.forgetTokens(ctx, access, refresh)
			if errors.Is(err, fs.ErrNotExist) {
				return errNotFound // redeemed meanwhile by an instance whose lock went stale
			}
			return fmt.Errorf("deleting the redeemed code: %w", err)
		}
		return nil
	})
	switch {
	case errors.Is(err, errNotFound):
		oauthError(w, http.StatusBadRequest, "invalid_grant", "unknown or used authorization code")
	case errors.Is(err, errCodeMismatch):
		oauthError(w, http.StatusBadRequest, "invalid_grant", errCodeMismatch.Error())
	case errors.Is(err, errClientGone):
		oauthError(w, http.StatusBadRequest, "invalid_client", errClientGone.Error())
	case err != nil:
		p.serverError("redeeming an authorization code", err)
		oauthError(w, http.StatusInternalServerError, "server_error", "could not redeem the authorization code; it is still valid, retry")
	default:
		writeTokens(w, access, refresh, p.cfg.AccessTokenLifetime)
	}
}

// refresh rotates the client's refresh token: under the record's lock it
// stores a new access and refresh token and only then deletes the old
// refresh token, so the token is spent exactly when the rotation
// succeeds and can never be redeemed twice.
//
// invalid_grant, which makes the client sign in again, is kept for a
// refresh token that is not (or no longer) stored for this client, or
// whose grant is gone. Anything else (storage unreachable, a record in a
// format only a newer instance reads) is server_error and leaves the
// refresh token as it was, for the client to retry.
//
// If the instance dies between storing the new tokens and deleting the
// old one, the client, which never got the new tokens, still holds a
// valid refresh token and retries with it. The new tokens, which nobody
// holds (storage has only their hashes), are left behind: the sweep
// deletes the access token's record once it expires, and the refresh
// token's, which has no expiry, once its grant ends.
func (p *Proxy) refresh(ctx context.Context, w http.ResponseWriter, clientID, refreshToken string) {
	key := tokenKey(refreshToken)
	var access, refresh string
	err := p.locked(ctx, key, func() error {
		var rec tokenRecord
		if err := p.get(ctx, key, &rec); err != nil {
			return err
		}
		// Only the client's own refresh token is spent: anything else
		// presented (an access token, another client's refresh token)
		// is refused and left as it is, or presenting it would sign its
		// owner out.
		if rec.Kind != "refresh" || rec.ClientID != clientID {
			return errNotFound
		}
		if _, err := oauth.LoadGrant(ctx, p.cfg.Store, p.cfg.Upstream.ClientID, rec.GrantID); err != nil {
			return err
		}
		var err error
		if access, refresh, err = p.storeTokens(ctx, clientID, rec.GrantID); err != nil {
			return err
		}
		if err := p.cfg.Store.Delete(ctx, key); err != nil {
			p.forgetTokens(ctx, access, refresh)
			if errors.Is(err, fs.ErrNotExist) {
				return errNotFound // spent meanwhile by an instance whose lock went stale
			}
			return fmt.Errorf("deleting the spent refresh token: %w", err)
		}
		return nil
	})
	switch {
	case errors.Is(err, errNotFound):
		oauthError(w, http.StatusBadRequest, "invalid_grant", "unknown refresh token")
	case errors.Is(err, oauth.ErrNoGrant):
		oauthError(w, http.StatusBadRequest, "invalid_grant", "the Atlassian grant is gone; sign in again")
	case err != nil:
		p.serverError("rotating a refresh token", err)
		oauthError(w, http.StatusInternalServerError, "server_error", "could not rotate the refresh token; it is still valid, retry")
	default:
		// A client redeemed its code on an instance of a build that did
		// not mark clients used (a rolling upgrade) is marked at its
		// hourly refresh, before the sweep would take it for abandoned.
		// Best effort: the refresh itself has succeeded.
		if err := p.markUsed(ctx, clientID); err != nil && !errors.Is(err, errNotFound) {
			p.cfg.Logger.Warn("OAuth proxy: marking a client used at its refresh", zap.Error(err))
		}
		writeTokens(w, access, refresh, p.cfg.AccessTokenLifetime)
	}
}

// storeTokens stores a new access token and refresh token for grantID.
// If either cannot be stored, neither is kept.
func (p *Proxy) storeTokens(ctx context.Context, clientID, grantID string) (access, refresh string, err error) {
	access, refresh = random("mcpat-"), random("mcprt-")
	exp := p.cfg.Now().Add(p.cfg.AccessTokenLifetime)
	err = p.put(ctx, tokenKey(access), tokenRecord{Version: recordVersion, Kind: "access", ClientID: clientID, GrantID: grantID, Expires: exp})
	if err == nil {
		err = p.put(ctx, tokenKey(refresh), tokenRecord{Version: recordVersion, Kind: "refresh", ClientID: clientID, GrantID: grantID})
	}
	if err != nil {
		p.forgetTokens(ctx, access, refresh)
		return "", "", fmt.Errorf("storing tokens: %w", err)
	}
	return access, refresh, nil
}

// forgetTokens deletes, as far as storage lets it, the records of tokens
// that were never handed out; what it cannot delete the sweep will (see
// refresh).
func (p *Proxy) forgetTokens(ctx context.Context, tokens ...string) {
	ctx = context.WithoutCancel(ctx)
	for _, t := range tokens {
		_ = p.cfg.Store.Delete(ctx, tokenKey(t))
	}
}

func writeTokens(w http.ResponseWriter, access, refresh string, lifetime time.Duration) {
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token":  access,
		"token_type":    "Bearer",
		"expires_in":    int(lifetime.Seconds()),
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
