// Package oauthproxy is the authorization server MCP clients (claude.ai and
// ChatGPT connectors, desktop clients) see: RFC 9728 protected-resource
// metadata, RFC 8414 authorization-server metadata, RFC 7591 dynamic client
// registration, and an authorization-code flow with PKCE that signs the
// user in at Atlassian with the server's own 3LO app.
//
// The MCP client never sees an Atlassian token. It gets an opaque access
// token mapped to a grant stored server-side; the server resolves it per
// request (Resolve, or Verifier for go-sdk's auth.RequireBearerToken) and
// gets the user's Atlassian access token from that grant's
// oauth.TokenSource, which refreshes Atlassian's rotating refresh tokens
// safely across instances.
//
// Everything (client registrations, pending authorizations, codes, token
// mappings, grants) lives in the oauth.Store, so any instance sharing the
// storage can finish a flow another one started. Tokens and codes are
// stored under their SHA-256, never in clear. Nothing stays for good: the
// sweep deletes expired records, registrations never used, grants
// Atlassian has certainly expired for disuse and every record naming a
// grant that is gone; a grant Atlassian refuses is deleted at once, and
// its MCP client is asked to sign in again (grants.go).
//
// The package knows nothing of Caddy.
package oauthproxy
