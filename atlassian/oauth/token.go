package oauth

import (
	"encoding/json"
	"fmt"
	"time"

	"golang.org/x/oauth2"
)

const redacted = "[redacted]"

// Token is an Atlassian access token and, with offline_access, its refresh
// token. Its String, GoString and MarshalJSON redact both, so a Token
// handed to a logger or an error message by accident leaks nothing.
type Token struct {
	AccessToken  string
	RefreshToken string
	TokenType    string
	Expiry       time.Time // zero when the server gave no expires_in
	Scope        string
}

// ExpiresWithin reports whether the access token is missing or expires
// within d of now. A token without a known expiry counts as expiring only
// if it can be refreshed.
func (t *Token) ExpiresWithin(now time.Time, d time.Duration) bool {
	if t == nil || t.AccessToken == "" {
		return true
	}
	if t.Expiry.IsZero() {
		return t.RefreshToken != ""
	}
	return !now.Add(d).Before(t.Expiry)
}

// fromOAuth2 converts a token answer. The expiry counts from sent, when
// the request left: a little early rather than late.
func fromOAuth2(t *oauth2.Token, sent time.Time) *Token {
	tok := &Token{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, TokenType: t.TokenType, Expiry: t.Expiry}
	if t.ExpiresIn > 0 {
		tok.Expiry = sent.Add(time.Duration(t.ExpiresIn) * time.Second)
	}
	if s, ok := t.Extra("scope").(string); ok {
		tok.Scope = s
	}
	return tok
}

func mask(s string) string {
	if s == "" {
		return "none"
	}
	return redacted
}

// String describes the token without its secrets.
func (t Token) String() string {
	exp := "unknown"
	if !t.Expiry.IsZero() {
		exp = t.Expiry.UTC().Format(time.RFC3339)
	}
	return fmt.Sprintf("oauth.Token{access: %s, refresh: %s, expiry: %s}", mask(t.AccessToken), mask(t.RefreshToken), exp)
}

// GoString keeps %#v from printing the secrets.
func (t Token) GoString() string { return t.String() }

// MarshalJSON is for logs: secrets are redacted. The storage format is
// written by a different type (see grant.go).
func (t Token) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		AccessToken  string    `json:"access_token"`
		RefreshToken string    `json:"refresh_token"`
		TokenType    string    `json:"token_type,omitempty"`
		Expiry       time.Time `json:"expiry,omitzero"`
		Scope        string    `json:"scope,omitempty"`
	}{mask(t.AccessToken), mask(t.RefreshToken), t.TokenType, t.Expiry, t.Scope})
}
