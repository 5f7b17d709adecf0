package oauth

import (
	"errors"
	"fmt"
	"net/http"

	"golang.org/x/oauth2"
)

var (
	// ErrInvalidGrant means Atlassian no longer accepts the grant: the
	// refresh token was revoked, expired, or reused after rotation. Only a
	// new consent (oauth-setup, or signing in again through the proxy)
	// fixes it; the TokenSource that met it deletes the grant.
	ErrInvalidGrant = errors.New("invalid_grant: the OAuth grant was revoked or has expired; consent again (caddy mcp-atlassian oauth-setup)")
	// ErrNoGrant means nothing is stored for the grant: not yet, or no
	// longer.
	ErrNoGrant = errors.New("no OAuth grant stored; run caddy mcp-atlassian oauth-setup")
	// ErrNoRefreshToken means the stored access token expired and there is
	// no refresh token (the scopes lacked offline_access).
	ErrNoRefreshToken = errors.New("the OAuth access token expired and no refresh token is stored (add offline_access to the scopes)")
)

// TokenError is an error answer from the token endpoint. It carries only
// the RFC 6749 error code and description, never the request or raw body.
type TokenError struct {
	Status      int
	Code        string
	Description string
}

func (e *TokenError) Error() string {
	s := "token endpoint answered " + http.StatusText(e.Status)
	if e.Status == 0 {
		s = "token endpoint error"
	}
	if e.Code != "" {
		s += ": " + e.Code
	}
	if e.Description != "" {
		s += fmt.Sprintf(" (%s)", e.Description)
	}
	return s
}

// Is makes errors.Is(err, ErrInvalidGrant) true for invalid_grant answers.
func (e *TokenError) Is(target error) bool {
	return target == ErrInvalidGrant && e.Code == "invalid_grant"
}

// refused reports whether err is Atlassian's definitive refusal of a
// refresh token: an invalid_grant answer with a 4xx status. A network
// error, a timeout or a 5xx says nothing about the grant, so it is kept.
func refused(err error) bool {
	var te *TokenError
	return errors.As(err, &te) && te.Code == "invalid_grant" && te.Status >= 400 && te.Status < 500
}

// cleanError replaces x/oauth2's RetrieveError, whose message may include
// the raw response body, with a TokenError.
func cleanError(err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return err
	}
	te := &TokenError{Code: re.ErrorCode, Description: truncate(re.ErrorDescription, 200)}
	if re.Response != nil {
		te.Status = re.Response.StatusCode
	}
	return te
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
