package mcphandler

import (
	"context"
	"net/http"
	"time"

	"github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// The SDK hands every JSON-RPC message it dispatches the TokenInfo of the
// HTTP request that carried it (RequestExtra.TokenInfo), in stateless and
// stateful mode alike; context values do not survive a stateful session.
// TokenInfo is only filled by the SDK's bearer middleware, so the parsed
// identity rides through that middleware: the request enters it with a
// placeholder bearer header, and the original headers are put back before
// the SDK sees the request.

const identityKey = "mcp-atlassian.identity"

type carriedKey struct{}

type carried struct {
	id     *Identity
	header http.Header
}

// withIdentity attaches the parsed identity to the request.
func withIdentity(r *http.Request, id *Identity) *http.Request {
	ctx := context.WithValue(r.Context(), carriedKey{}, &carried{id: id, header: r.Header})
	r2 := r.WithContext(ctx)
	r2.Header = http.Header{"Authorization": {"Bearer identity"}}
	return r2
}

// carryIdentity turns the attached identity into the request's TokenInfo.
// UserID is a hash of the credentials, so the SDK refuses to continue a
// stateful session with another user's credentials.
func carryIdentity(next http.Handler) http.Handler {
	restore := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, ok := r.Context().Value(carriedKey{}).(*carried); ok {
			r.Header = c.header
		}
		next.ServeHTTP(w, r)
	})
	verify := func(ctx context.Context, _ string, r *http.Request) (*auth.TokenInfo, error) {
		c, _ := ctx.Value(carriedKey{}).(*carried)
		if c == nil {
			c = &carried{id: anonymous}
		}
		return &auth.TokenInfo{UserID: c.id.fingerprint(), Expiration: farFuture, Extra: map[string]any{identityKey: c.id}}, nil
	}
	return auth.RequireBearerToken(verify, nil)(restore)
}

var farFuture = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// identityOf is the identity of the HTTP request behind an MCP request;
// in-process clients (no HTTP request) act with the configured credentials.
func identityOf(extra *mcp.RequestExtra) *Identity {
	if extra != nil && extra.TokenInfo != nil {
		if id, ok := extra.TokenInfo.Extra[identityKey].(*Identity); ok {
			return id
		}
	}
	return inProcess
}
