// Package oauth is the client side of Atlassian's OAuth 2.0 (3LO): the
// authorize URL, the code exchange, the accessible-resources listing, and a
// per-grant TokenSource that refreshes rotating refresh tokens safely when
// several server instances share one grant.
//
// Atlassian rotates refresh tokens: every refresh returns a new one, and
// presenting an already-rotated token outside a short leeway revokes the
// whole grant. A TokenSource therefore refreshes at most once at a time per
// grant — single-flight inside the process, and across processes under the
// Store's lock — re-reads the stored pair after taking the lock (another
// instance may already have rotated it), and persists the new pair before
// anyone uses it.
//
// A grant Atlassian refuses for good (invalid_grant: consent revoked,
// refresh token expired or reused) is deleted by the TokenSource that
// met the refusal, under the same lock, unless a newer pair was stored
// meanwhile; Grant.Lapsed tells a grant whose refresh token has expired
// for disuse (RefreshTokenIdleLifetime), for sweeps.
//
// The package knows nothing of Caddy. Its Store interface is a subset of
// certmagic.Storage, so the storage a Caddy module gets from ctx.Storage()
// can be passed in as is.
//
// Secrets (client secret, access and refresh tokens) never appear in the
// String, GoString or MarshalJSON output of this package's types, nor in its
// errors and logs.
package oauth
