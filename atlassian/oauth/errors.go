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
	// new consent (oauth-setup) fixes it.
	ErrInvalidGrant = errors.New("invalid_grant: the OAuth grant was revoked or has expired; consent again (caddy mcp-atlassian oauth-setup)")
	// ErrNoGrant means nothing is stored for the grant yet.
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
