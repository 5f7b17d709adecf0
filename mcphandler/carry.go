package mcphandler

import (
	"context"
	"errors"
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

// Keys of TokenInfo.Extra: the caller's identity, and the context of the
// HTTP request that carried the message, whose end (a client that hung up)
// cancels the tool call's upstream requests.
const (
	identityKey   = "mcp-atlassian.identity"
	requestCtxKey = "mcp-atlassian.request-context"
)

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
		return &auth.TokenInfo{UserID: c.id.fingerprint(), Expiration: farFuture, Extra: map[string]any{identityKey: c.id, requestCtxKey: r.Context()}}, nil
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

// boundToRequest makes ctx end when the HTTP request that carried the
// message ends. The SDK detaches a tool call from its request (the call's
// context keeps running after the client hangs up, in stateless and
// stateful mode), so without this an abandoned call would hold its
// upstream connection until the site's timeout.
func boundToRequest(ctx context.Context, extra *mcp.RequestExtra) (context.Context, context.CancelFunc) {
	if extra == nil || extra.TokenInfo == nil {
		return ctx, func() {}
	}
	reqCtx, ok := extra.TokenInfo.Extra[requestCtxKey].(context.Context)
	if !ok {
		return ctx, func() {}
	}
	ctx, cancel := context.WithCancelCause(ctx)
	stop := context.AfterFunc(reqCtx, func() { cancel(errClientGone) })
	return ctx, func() { stop(); cancel(nil) }
}

// errClientGone is why a tool call was cancelled when its client left.
var errClientGone = errors.New("the MCP client closed the request")
