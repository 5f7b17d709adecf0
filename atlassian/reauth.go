package atlassian

import (
	"context"
	"fmt"
	"net/http"
	"sync"
)

// Reauth renews credentials Atlassian refused with 401: an OAuth access
// token that expired early or was revoked. rejected are the credentials
// that were refused, so a token source can tell whether someone else has
// refreshed meanwhile.
type Reauth func(ctx context.Context, rejected Credentials) (Credentials, error)

// renewedCredentials holds the credentials a Reauth gave. A tool call may
// send requests concurrently, so the swap is guarded.
type renewedCredentials struct {
	mu    sync.Mutex
	creds *Credentials
}

// credentials are the ones to send now: renewed ones if any.
func (c *Client) credentials() Credentials {
	c.renewed.mu.Lock()
	defer c.renewed.mu.Unlock()
	if c.renewed.creds != nil {
		return *c.renewed.creds
	}
	return c.creds
}

// sendAuthed sends the request with the current credentials and, when the
// client can renew them (Reauth) and the site answers 401, renews them once
// and sends the request again. A 401 means the request was not processed,
// so sending it again is safe even for writes. If renewing fails, the
// caller gets the 401 with the reason renewing failed.
func (c *Client) sendAuthed(ctx context.Context, r Request) (*http.Response, []byte, func(), error) {
	sent := c.credentials()
	resp, body, release, err := c.send(ctx, r, sent)
	if err != nil || resp.StatusCode != http.StatusUnauthorized || c.Reauth == nil {
		return resp, body, release, err
	}
	release()
	// The rejected credentials are the ones this request sent, not
	// whatever another request may have renewed them to meanwhile.
	creds, err := c.Reauth(ctx, sent)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%w (renewing the credentials failed: %w)", parseAPIError(c.site.Product, r.Method, r.Path, resp, body), err)
	}
	c.renewed.mu.Lock()
	c.renewed.creds = &creds
	c.renewed.mu.Unlock()
	return c.send(ctx, r, creds)
}
