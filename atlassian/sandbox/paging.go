package sandbox

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// The paging styles of Atlassian's lists, over a slice the handler has
// already filtered and sorted:
//
//   - Jira offsets: startAt, maxResults, total (and isLast on newer lists);
//     see jiraPage.
//   - Jira Cloud search: an opaque nextPageToken and no total; see
//     pageToken.
//   - Confluence v2: an opaque cursor, the next page's URL in _links.next
//     and a Link header; see (*call).confV2List.
//   - Confluence v1: start, limit and size, next and prev under _links; see
//     (*call).confPageLinks.

// window is the page of items from offset, at most limit long; an offset
// past the end gives an empty page, never nil.
func window[T any](items []T, offset, limit int) []T {
	if offset < 0 {
		offset = 0
	}
	if offset >= len(items) || limit <= 0 {
		return []T{}
	}
	end := offset + limit
	if end > len(items) || end < offset {
		end = len(items)
	}
	return items[offset:end]
}

// jiraPage is the envelope of an offset-paged Jira list: values (under
// key) plus startAt, maxResults and total. Lists that also answer isLast
// add it (startAt+len(values) >= total).
func jiraPage(key string, values []any, startAt, maxResults, total int) map[string]any {
	return map[string]any{key: values, "startAt": startAt, "maxResults": maxResults, "total": total}
}

// pageToken is a Jira Cloud nextPageToken: the offset plus a hash of the
// query, so a token used with a different query is refused.
func pageToken(query string, offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("sbx1:%d:%x", offset, jqlHash(query))))
}

// parsePageToken is the offset of a token pageToken made for query.
func parsePageToken(tok, query string) (int, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, false
	}
	parts := strings.Split(string(raw), ":")
	if len(parts) != 3 || parts[0] != "sbx1" || parts[2] != fmt.Sprintf("%x", jqlHash(query)) {
		return 0, false
	}
	n, err := strconv.Atoi(parts[1])
	return n, err == nil && n >= 0
}

// confCursor is a Confluence cursor: opaque to clients, ours carry an
// offset.
func confCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("sandbox-offset:" + strconv.Itoa(offset)))
}

// parseConfCursor is the offset of a cursor; "" is the first page.
func parseConfCursor(c string) (int, bool) {
	if c == "" {
		return 0, true
	}
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimPrefix(string(raw), "sandbox-offset:"))
	if err != nil || n < 0 || !strings.HasPrefix(string(raw), "sandbox-offset:") {
		return 0, false
	}
	return n, true
}

// confV2List answers a cursor-paged v2 list with _links.next and a Link
// header when there is more.
func (c *call) confV2List(base string, results []any, offset, limit, total int) {
	links := confMap{"base": base}
	if offset+limit < total {
		q := c.r.URL.Query()
		q.Set("cursor", confCursor(offset+limit))
		next := c.r.URL.Path + "?" + q.Encode()
		links["next"] = next
		c.w.Header().Set("Link", "<"+next+`>; rel="next", <`+base+`>; rel="base"`)
	}
	c.json(http.StatusOK, confMap{"results": results, "_links": links})
}
