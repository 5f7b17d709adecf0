package mcphandler

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"go.uber.org/zap"
)

// OAuth plugs in from outside (the Caddy module builds both from its
// config and storage), so this package stays free of Caddy and of the
// token storage.

// TokenProvider gives OAuth access tokens for Atlassian's API gateway:
// the server's own grant, a configured static token, or the grant behind an
// MCP client's token.
type TokenProvider interface {
	// Token returns a current access token, and the cloud id of the site
	// the grant was made for ("" if it names none).
	Token(ctx context.Context) (accessToken, cloudID string, err error)
	// Refresh returns a new access token after Atlassian refused rejected
	// with 401.
	Refresh(ctx context.Context, rejected string) (accessToken string, err error)
}

// Authorizer is the authorization server MCP clients sign in with (the
// OAuth proxy): it serves its own endpoints and maps the bearer tokens it
// issued to Atlassian grants.
type Authorizer interface {
	http.Handler
	// Handles reports whether ServeHTTP serves r (metadata, registration,
	// authorize, callback, token).
	Handles(r *http.Request) bool
	// Resolve maps a bearer token to the grant it stands for: a stable,
	// non-secret subject (MCP sessions are bound to it) and its tokens. A
	// token it did not issue, or one that expired, is ErrUnknownToken.
	Resolve(ctx context.Context, bearer string) (subject string, tokens TokenProvider, err error)
	// WWWAuthenticate is the challenge of a 401 from the MCP endpoint; it
	// points clients at the resource metadata (RFC 9728).
	WWWAuthenticate() string
}

// ErrUnknownToken is an Authorizer's answer for a bearer it did not issue.
var ErrUnknownToken = errors.New("unknown or expired access token")

// resolveGrant turns a bearer the Authorizer issued into a grant identity.
// A bearer it does not know stays an Atlassian token when the request
// names a cloud id (mcp-atlassian's header contract); otherwise it is
// refused with the challenge, so the client signs in again.
func (h *Handler) resolveGrant(ctx context.Context, id *Identity) (*Identity, error) {
	a := h.opts.Authorizer
	if a == nil || id.kind != authBearer {
		return id, nil
	}
	subject, tokens, err := a.Resolve(ctx, id.secret)
	switch {
	case errors.Is(err, ErrUnknownToken):
		if id.cloudID != "" {
			return id, nil
		}
		return nil, unauthorized("Unauthorized: the access token is unknown or expired; sign in again.")
	case err != nil:
		h.logger.Error("resolving an MCP access token", zap.Error(err))
		return nil, &AuthError{Status: http.StatusServiceUnavailable, Reason: "could not check the access token; try again"}
	}
	return &Identity{kind: authGrant, subject: subject, grant: tokens, cloudID: id.cloudID}, nil
}

// challenge is the WWW-Authenticate value of a 401.
func (h *Handler) challenge() string {
	if h.opts.Authorizer != nil {
		return h.opts.Authorizer.WWWAuthenticate()
	}
	return `Bearer realm="mcp-atlassian"`
}

// grantClient reaches the gateway with a grant's tokens. The cloud id is
// the request's X-Atlassian-Cloud-Id, else the grant's, else the
// configured one; a 401 refreshes the token once and retries.
func (s *sites) grantClient(ctx context.Context, id *Identity, p atlassian.Product, tokens TokenProvider) (*atlassian.Client, error) {
	token, grantCloud, err := tokens.Token(ctx)
	if err != nil {
		return nil, fmt.Errorf("getting the Atlassian OAuth token: %w", err)
	}
	cloudID := id.cloudID
	if cloudID == "" {
		cloudID = grantCloud
	}
	if cloudID == "" {
		cloudID = s.defaultCloudID
	}
	if cloudID == "" {
		return nil, fmt.Errorf("no Atlassian cloud id for the OAuth grant: set cloud_id (ATLASSIAN_OAUTH_CLOUD_ID) or send %s", HeaderCloudID)
	}
	c := s.gateway[p].ClientAt(s.gatewayBase(p, cloudID), atlassian.Bearer(token))
	c.Reauth = func(ctx context.Context, rejected atlassian.Credentials) (atlassian.Credentials, error) {
		t, err := tokens.Refresh(ctx, rejected.Secret)
		if err != nil {
			return atlassian.Credentials{}, err
		}
		return atlassian.Bearer(t), nil
	}
	return c, nil
}

// serverGrant reports whether a request without credentials may use the
// server's own OAuth grant.
func (s *sites) serverGrant(id *Identity) bool {
	return s.oauth != nil && !id.hasCredentials() && (s.allowGlobal || id.inProcess)
}
