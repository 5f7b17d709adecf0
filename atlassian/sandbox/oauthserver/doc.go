// Package oauthserver is a small Atlassian-like OAuth 2.0 (3LO)
// authorization server for the sandbox and tests: /authorize auto-approves
// a configured user, /oauth/token issues access tokens and rotating refresh
// tokens with Atlassian's reuse rule, and /oauth/token/accessible-resources
// lists the configured sites. The sandbox's API gateway accepts the tokens
// it issues through Server.Validate.
//
// Like Atlassian, it knows only pre-registered clients (no dynamic client
// registration) and takes client credentials in the token request body.
//
// It depends on nothing else in the sandbox, so it can be mounted on its
// own or in front of sandbox.Server.
package oauthserver
