package atlassian

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"net/url"
)

// Download is a file read whole into memory: an attachment's bytes and
// the media type the site announced. Large files hold a share of the
// process-wide response memory budget until Close.
type Download struct {
	Data        []byte
	ContentType string
	release     func()
}

// Close gives the download's share of the response memory budget back;
// Data stays the caller's (it is never recycled), so a caller that keeps
// it past Close holds memory the budget no longer counts.
func (d *Download) Close() {
	if d.release != nil {
		d.release()
		d.release = nil
	}
}

// MediaType is the announced content type without parameters, lower
// case; empty when the site sent none or garbage.
func (d *Download) MediaType() string {
	mt, _, err := mime.ParseMediaType(d.ContentType)
	if err != nil {
		return ""
	}
	return mt
}

// Download sends the request like Do, but keeps the answer as bytes
// instead of decoding JSON. The cap is r.MaxResponseBytes (the site's when
// 0); a larger file fails with *ResponseTooLargeError before it is read
// whole, when the site announces its length, or as soon as it passes the
// cap otherwise.
func (c *Client) Download(ctx context.Context, r Request) (*Download, error) {
	if r.Header == nil {
		r.Header = http.Header{}
	}
	if r.Header.Get("Accept") == "" {
		r.Header.Set("Accept", "*/*")
	}
	resp, body, release, err := c.sendAuthed(ctx, r)
	if err != nil {
		return nil, err
	}
	if loc := crossHostRedirect(resp); loc != nil {
		release()
		return c.downloadRedirected(ctx, r, loc)
	}
	return c.download(r, resp, body, release)
}

// download is a successful answer as a Download, or the error it carries.
func (c *Client) download(r Request, resp *http.Response, body []byte, release func()) (*Download, error) {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		release()
		return nil, parseAPIError(c.site.Product, r.Method, r.Path, resp, body)
	}
	return &Download{Data: body, ContentType: resp.Header.Get("Content-Type"), release: release}, nil
}

// crossHostRedirect is where a download was redirected to another host:
// Jira Cloud answers attachment content with a 303 to its media service.
// Same-host redirects were already followed; an https answer pointing at
// plain http is not followed at all.
func crossHostRedirect(resp *http.Response) *url.URL {
	switch resp.StatusCode {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
	default:
		return nil
	}
	loc, err := resp.Request.URL.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Host == "" || loc.Host == resp.Request.URL.Host {
		return nil
	}
	if resp.Request.URL.Scheme == "https" && loc.Scheme != "https" {
		return nil
	}
	return loc
}

// downloadRedirected fetches a redirected download from the other host
// without credentials or passthrough headers (the redirect URL carries its
// own short-lived authorisation), through the site's transport, so its
// TLS settings, guard and the size cap and memory budget all apply.
func (c *Client) downloadRedirected(ctx context.Context, r Request, loc *url.URL) (*Download, error) {
	ctx, cancel := c.bounded(ctx) // the site's timeout, as for the call that was redirected
	defer cancel()                // exchange has read the whole answer when it returns
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, loc.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("following %s download redirect: %w", c.site.Product.Title(), err)
	}
	req.Header.Set("Accept", "*/*")
	req.Header.Set("User-Agent", UserAgent)
	resp, data, release, err := c.exchange(ctx, r, req)
	if err != nil {
		return nil, err
	}
	return c.download(r, resp, data, release)
}
