package atlassian

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Product is Jira or Confluence.
type Product string

const (
	Jira       Product = "jira"
	Confluence Product = "confluence"
)

// Title is the product name for messages.
func (p Product) Title() string {
	if p == Confluence {
		return "Confluence"
	}
	return "Jira"
}

// UserAgent identifies us to Atlassian; custom headers may override it.
var UserAgent = "caddy-mcp-atlassian"

// Site is one configured Jira or Confluence endpoint: where it is, which
// dialect it speaks, and the pooled HTTP client (TLS, proxy, timeout) to
// reach it. It is built once at provision time and shared by all requests;
// credentials are not part of it.
type Site struct {
	Product    Product
	Deployment Deployment
	// BaseURL is the site root as configured, e.g. https://acme.atlassian.net
	// for Jira or https://acme.atlassian.net/wiki for Confluence Cloud.
	BaseURL *url.URL
	// HTTP carries the TLS, proxy and timeout settings for this site.
	HTTP *http.Client
	// Header is added to every request (custom headers).
	Header http.Header
}

// Client is a Site bound to one caller's credentials. It is cheap to make,
// one per tool call.
type Client struct {
	site  *Site
	base  *url.URL
	creds Credentials
	// OnResponse, when set, is told the status of every answered request;
	// the MCP layer logs the upstream status of each tool call with it.
	OnResponse func(status int)
	// Passthrough headers, copied from the MCP request that caused the
	// call (JIRA_PASSTHROUGH_HEADERS), replace the site's static headers
	// of the same name; credentials are applied after them.
	Passthrough http.Header
	// Reauth, when set, renews rejected credentials (see reauth.go).
	Reauth  Reauth
	renewed renewedCredentials
	// Gateway is Atlassian's API gateway (https://api.atlassian.com), where
	// some Cloud APIs live only (Jira Forms); nil means that default.
	Gateway *url.URL
}

// Client binds credentials to the site's own URL.
func (s *Site) Client(creds Credentials) *Client {
	return &Client{site: s, base: s.BaseURL, creds: creds}
}

// ClientAt binds credentials to another base URL reached with this site's
// transport: the api.atlassian.com gateway for OAuth tokens, or a per-request
// URL from an allow-listed header.
func (s *Site) ClientAt(base *url.URL, creds Credentials) *Client {
	return &Client{site: s, base: base, creds: creds}
}

// At is this client, with its credentials and transport, sent to another
// base URL of the same site's services (the gateway's Forms API).
func (c *Client) At(base *url.URL) *Client {
	return &Client{site: c.site, base: base, creds: c.credentials(), OnResponse: c.OnResponse,
		Passthrough: c.Passthrough, Reauth: c.Reauth, Gateway: c.Gateway}
}

// CallerKey identifies this client's site and caller for caches of what
// the caller may see: a hash of the site and the credentials, never the
// secret itself.
func (c *Client) CallerKey() [32]byte {
	return sha256.Sum256([]byte(fmt.Sprintf("%s\x00%d\x00%s\x00%s", c.base, c.creds.Scheme, c.creds.Username, c.creds.Secret)))
}

// Deployment is the dialect of the site behind this client.
func (c *Client) Deployment() Deployment { return c.site.Deployment }

// BaseURL is where this client sends requests.
func (c *Client) BaseURL() *url.URL { return c.base }

// Product is the product this client talks to.
func (c *Client) Product() Product { return c.site.Product }

// Request describes one REST call relative to the client's base URL.
type Request struct {
	Method string
	Path   string // e.g. /rest/api/3/issue/DEMO-1; already escaped
	Query  url.Values
	Body   any // JSON-encoded when non-nil
	// Raw is sent as the body as is when Body is nil (multipart uploads);
	// Header gives its Content-Type.
	Raw    []byte
	Header http.Header
	// Idempotent marks a POST that only reads (JQL and CQL searches), so
	// it may be retried like a GET.
	Idempotent bool
	// NotIdempotent marks a PUT that writes anew each time it is sent
	// (Confluence's attachment upload adds a version), so it is retried
	// only as a POST is.
	NotIdempotent bool
	// MaxResponseBytes overrides the site's cap on the answer's size
	// (attachments); 0 keeps the site's.
	MaxResponseBytes int64
}

// Do sends the request and decodes a JSON answer into out (when out is
// non-nil). Non-2xx answers become *APIError; answers over the size cap
// *ResponseTooLargeError; calls that got no answer *TransportError, which
// keeps its cause (errors.Is(err, context.Canceled) holds).
func (c *Client) Do(ctx context.Context, r Request, out any) error {
	resp, body, release, err := c.sendAuthed(ctx, r)
	if err != nil {
		return err
	}
	defer release()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return parseAPIError(c.site.Product, r.Method, r.Path, resp, body)
	}
	if out == nil || len(bytes.TrimSpace(body)) == 0 {
		recycleBody(body) // nothing reads it
		return nil
	}
	if err := decodeJSON(body, out); err != nil {
		return fmt.Errorf("%s API %s %s: decoding response: %w", c.site.Product.Title(), r.Method, r.Path, err)
	}
	recycleBody(body) // decoding copied what it keeps
	return nil
}

// bounded gives ctx the site's timeout for one call, retries and reading
// the answer included, unless ctx already ends sooner.
func (c *Client) bounded(ctx context.Context) (context.Context, context.CancelFunc) {
	timeout := DefaultTimeout
	if t, ok := transportOf(c.site.HTTP); ok {
		timeout = t.timeout
	}
	if d, ok := ctx.Deadline(); ok && time.Until(d) <= timeout {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, timeout)
}

// maxResponseBytes is the cap for r: the request's own, else the site's.
func (c *Client) maxResponseBytes(r Request) int64 {
	if r.MaxResponseBytes > 0 {
		return r.MaxResponseBytes
	}
	if t, ok := transportOf(c.site.HTTP); ok {
		return t.maxBytes
	}
	return DefaultMaxResponseBytes
}

// send makes the call and reads the answer; release gives back the
// memory budget the body took, once the caller is done with it.
func (c *Client) send(ctx context.Context, r Request, creds Credentials) (resp *http.Response, data []byte, release func(), err error) {
	u := *c.base
	u.Path = strings.TrimSuffix(u.Path, "/") + r.Path
	u.RawPath = ""
	if p, err := url.PathUnescape(u.Path); err == nil && p != u.Path {
		u.RawPath = u.Path
		u.Path = p
	}
	if len(r.Query) > 0 {
		u.RawQuery = r.Query.Encode()
	}
	var body io.Reader
	if r.Body != nil {
		buf, err := json.Marshal(r.Body)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("encoding %s request body: %w", c.site.Product.Title(), err)
		}
		body = bytes.NewReader(buf)
	} else if r.Raw != nil {
		body = bytes.NewReader(r.Raw)
	}
	switch {
	case r.Idempotent:
		ctx = withIdempotent(ctx)
	case r.NotIdempotent:
		ctx = withNotIdempotent(ctx)
	}
	ctx, cancel := c.bounded(ctx)
	defer cancel() // exchange has read the whole answer when it returns
	req, err := http.NewRequestWithContext(ctx, r.Method, u.String(), body)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("building %s request: %w", c.site.Product.Title(), err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", UserAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, vs := range c.site.Header {
		if _, replaced := c.Passthrough[k]; replaced {
			continue
		}
		req.Header[k] = append([]string(nil), vs...)
	}
	for k, vs := range c.Passthrough {
		req.Header[k] = append([]string(nil), vs...)
	}
	for k, vs := range r.Header {
		req.Header[k] = append([]string(nil), vs...)
	}
	creds.Apply(req.Header)
	return c.exchange(ctx, r, req)
}

// exchange sends a built request and reads the answer: error bodies up
// to errorBodyLimit, others up to the call's cap and under the memory
// budget.
func (c *Client) exchange(ctx context.Context, r Request, req *http.Request) (resp *http.Response, data []byte, release func(), err error) {
	resp, err = c.site.HTTP.Do(req)
	if err != nil {
		return nil, nil, nil, c.transportError(ctx, r, req.URL.Host, err)
	}
	defer resp.Body.Close()
	if c.OnResponse != nil {
		c.OnResponse(resp.StatusCode)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		data, err = io.ReadAll(io.LimitReader(resp.Body, errorBodyLimit))
		if err != nil && len(data) == 0 {
			return nil, nil, nil, c.readError(ctx, r, req.URL.Host, err)
		}
		return resp, data, func() {}, nil
	}
	limit := c.maxResponseBytes(r)
	data, release, err = readBody(ctx, resp.Body, resp.ContentLength, limit)
	var tooLarge errTooLarge
	if errors.As(err, &tooLarge) {
		return nil, nil, nil, &ResponseTooLargeError{Product: c.site.Product, Method: r.Method, Path: r.Path, Limit: limit, Size: tooLarge.size}
	}
	if err != nil {
		return nil, nil, nil, c.readError(ctx, r, req.URL.Host, err)
	}
	return resp, data, release, nil
}

// transportError explains a call that got no answer. url.Error would
// repeat the full URL, which is fine (no credentials live in it) but noisy.
func (c *Client) transportError(ctx context.Context, r Request, host string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return &TransportError{Product: c.site.Product, Method: r.Method, Path: r.Path, Host: host, Err: withContextCause(ctx, err)}
}

// readError explains an answer that broke off while being read.
func (c *Client) readError(ctx context.Context, r Request, host string, err error) error {
	return &TransportError{Product: c.site.Product, Method: r.Method, Path: r.Path, Host: host, Reading: true, Err: withContextCause(ctx, err)}
}

// withContextCause makes sure an error caused by the caller's context
// says so to errors.Is, whatever shape the transport gave it.
func withContextCause(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("%w (%w)", cerr, err)
	}
	return err
}
