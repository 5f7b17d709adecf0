package atlassian

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
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

// maxResponseBytes bounds what we read from Atlassian so a runaway answer
// cannot exhaust memory.
const maxResponseBytes = 32 << 20

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

// CredentialsFingerprint identifies the caller for caches: a hash of the
// credentials, never the secret itself.
func (c *Client) CredentialsFingerprint() string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%d\x00%s\x00%s", c.creds.Scheme, c.creds.Username, c.creds.Secret)))
	return hex.EncodeToString(sum[:])
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
	Header http.Header
}

// Do sends the request and decodes a JSON answer into out (when out is
// non-nil). Non-2xx answers become *APIError.
func (c *Client) Do(ctx context.Context, r Request, out any) error {
	resp, body, err := c.send(ctx, r)
	if err != nil {
		return err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return parseAPIError(c.site.Product, r.Method, r.Path, resp, body)
	}
	if out == nil || len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("%s API %s %s: decoding response: %w", c.site.Product.Title(), r.Method, r.Path, err)
	}
	return nil
}

func (c *Client) send(ctx context.Context, r Request) (*http.Response, []byte, error) {
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
			return nil, nil, fmt.Errorf("encoding %s request body: %w", c.site.Product.Title(), err)
		}
		body = bytes.NewReader(buf)
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, u.String(), body)
	if err != nil {
		return nil, nil, fmt.Errorf("building %s request: %w", c.site.Product.Title(), err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", UserAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, vs := range c.site.Header {
		req.Header[k] = append([]string(nil), vs...)
	}
	for k, vs := range r.Header {
		req.Header[k] = append([]string(nil), vs...)
	}
	c.creds.Apply(req.Header)
	resp, err := c.site.HTTP.Do(req)
	if err != nil {
		return nil, nil, c.transportError(r, err)
	}
	defer resp.Body.Close()
	if c.OnResponse != nil {
		c.OnResponse(resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return nil, nil, fmt.Errorf("%s API %s %s: reading response: %w", c.site.Product.Title(), r.Method, r.Path, err)
	}
	return resp, data, nil
}

// transportError explains connection failures; url.Error would repeat the
// full URL, which is fine (no credentials live in it) but noisy.
func (c *Client) transportError(r Request, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	msg := fmt.Sprintf("%s API %s %s: cannot reach %s: %v", c.site.Product.Title(), r.Method, r.Path, c.base.Host, err)
	if strings.Contains(err.Error(), "certificate") || strings.Contains(err.Error(), "x509") {
		msg += " (the site's TLS certificate is not trusted: add its CA with tls_trust_pool, or for a self-signed test instance use tls_insecure_skip_verify / " + strings.ToUpper(string(c.site.Product)) + "_SSL_VERIFY=false)"
	}
	if errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "Client.Timeout") {
		msg += " (timed out: raise the timeout setting if the site is slow)"
	}
	return errors.New(msg)
}
