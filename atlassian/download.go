package atlassian

import (
	"context"
	"mime"
	"net/http"
)

// Download is a file read whole into memory: an attachment's bytes and
// the media type the site announced. Large files hold a share of the
// process-wide response memory budget until Close.
type Download struct {
	Data        []byte
	ContentType string
	release     func()
}

// Close gives the memory the download holds back to the budget; the Data
// must not be used after it.
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
	resp, body, release, err := c.send(ctx, r)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		release()
		return nil, parseAPIError(c.site.Product, r.Method, r.Path, resp, body)
	}
	return &Download{Data: body, ContentType: resp.Header.Get("Content-Type"), release: release}, nil
}
