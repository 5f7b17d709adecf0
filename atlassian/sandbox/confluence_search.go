package sandbox

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Handlers both dialects share: CQL search and user lookups, under
// /wiki/rest/api (Cloud) and /confluence/rest/api (Server/DC).

const confMaxSearchLimit = 100

// confluenceSearchRoutes are CQL search and users, which Cloud serves under
// /wiki/rest/api and Server/DC under /confluence/rest/api.
var confluenceSearchRoutes = routeTable{
	product: atlassian.Confluence, cloudRoot: confluenceV1Cloud, dcRoots: confluenceV1DCRoot,
	routes: []route{
		{method: "GET", path: "/search", cloud: "searchByCQL", dc: "search_1", handle: (*call).confSearch},
		{method: "GET", path: "/content/search", cloud: "searchContentByCQL", dc: "search", handle: (*call).confContentSearch},
		{method: "GET", path: "/user/current", cloud: "getCurrentUser", dc: "getCurrent", handle: (*call).confCurrentUser},
		{method: "GET", path: "/user", cloud: "getUser", dc: "getUser", handle: (*call).confUser},
	},
}

// confSearchParams reads cql, limit, start and (Cloud) cursor; it answers
// 400 itself when they are unusable.
func (c *call) confSearchParams() (q *cqlQuery, cql string, start, limit int, ok bool) {
	params := c.r.URL.Query()
	cql = params.Get("cql")
	if strings.TrimSpace(cql) == "" {
		c.fail(http.StatusBadRequest, "The cql query parameter is required")
		return nil, "", 0, 0, false
	}
	limit, ok1 := confInt(params, "limit", 25)
	start, ok2 := confInt(params, "start", 0)
	if !ok1 || !ok2 {
		c.fail(http.StatusBadRequest, "start and limit must be non-negative integers")
		return nil, "", 0, 0, false
	}
	if limit > confMaxSearchLimit {
		limit = confMaxSearchLimit
	}
	if c.cloud {
		if cursor := params.Get("cursor"); cursor != "" {
			off, valid := parseConfCursor(cursor)
			if !valid {
				c.fail(http.StatusBadRequest, "The cursor is not valid: "+cursor)
				return nil, "", 0, 0, false
			}
			start = off
		}
	}
	q, err := parseCQL(cql, c.cloud)
	if err != nil {
		var ce *cqlError
		detail := err.Error()
		if errors.As(err, &ce) {
			detail = ce.Detail
		}
		c.fail(http.StatusBadRequest, "Could not parse cql : "+cql, detail)
		return nil, "", 0, 0, false
	}
	return q, cql, start, limit, true
}

// confPageLinks adds next/prev links of an offset-paged v1 list to links.
func (c *call) confPageLinks(links confMap, relPath string, start, limit, total int) {
	params := c.r.URL.Query()
	build := func(offset int) string {
		v := url.Values{}
		for k, vals := range params {
			v[k] = vals
		}
		v.Del("cursor")
		v.Del("next")
		v.Del("prev")
		v.Set("start", strconv.Itoa(offset))
		v.Set("limit", strconv.Itoa(limit))
		if c.cloud {
			v.Set("cursor", confCursor(offset))
		}
		return relPath + "?" + v.Encode()
	}
	if limit > 0 && start+limit < total {
		n := build(start + limit)
		if c.cloud {
			n += "&next=true"
		}
		links["next"] = n
	}
	if start > 0 && limit > 0 {
		p := max(start-limit, 0)
		prev := build(p)
		if c.cloud {
			prev += "&prev=true"
		}
		links["prev"] = prev
	}
}

// confSearchPage is one page of CQL search hits, rendered, with its links.
type confSearchPage struct {
	cql                 string
	results             []any
	start, limit, total int
	links               confMap
}

// runConfSearch runs the CQL of a search request and renders the asked-for
// page of hits with render. The two search endpoints read, search and page
// alike and differ only in how they show a hit and which totals they add;
// relPath is the endpoint below the Confluence base.
func (c *call) runConfSearch(relPath string, render func(x *confCtx, content *confContent, exp confExpand) any) (confSearchPage, bool) {
	q, cql, start, limit, ok := c.confSearchParams()
	if !ok {
		return confSearchPage{}, false
	}
	exp := parseConfExpand(c.r.URL.Query()["expand"]...)
	x := c.confluence()
	hits := c.conf.search(q, x.user)
	results := []any{}
	for _, content := range window(hits, start, limit) {
		results = append(results, render(x, content, exp))
	}
	links := confMap{"base": x.base, "context": x.context(), "self": x.base + relPath + "?" + c.r.URL.RawQuery}
	c.confPageLinks(links, relPath, start, limit, len(hits))
	return confSearchPage{cql: cql, results: results, start: start, limit: limit, total: len(hits), links: links}, true
}

// confSearch is GET …/rest/api/search: CQL over pages, blog posts and
// comments.
func (c *call) confSearch() {
	began := time.Now()
	p, ok := c.runConfSearch("/rest/api/search", func(x *confCtx, content *confContent, exp confExpand) any {
		return x.v1SearchResult(content, exp)
	})
	if !ok {
		return
	}
	resp := confMap{
		"results": p.results, "start": p.start, "limit": p.limit, "size": len(p.results),
		"totalSize": p.total, "cqlQuery": p.cql, "searchDuration": int(time.Since(began) / time.Millisecond),
		"_links": p.links,
	}
	if c.cloud {
		resp["archivedResultCount"] = 0
	} else {
		resp["totalCount"] = p.total
	}
	c.json(http.StatusOK, resp)
}

// confContentSearch is GET …/rest/api/content/search: CQL over content,
// answered as a content list.
func (c *call) confContentSearch() {
	began := time.Now()
	p, ok := c.runConfSearch("/rest/api/content/search", func(x *confCtx, content *confContent, exp confExpand) any {
		return x.v1Content(content, nil, exp, false)
	})
	if !ok {
		return
	}
	resp := confMap{"results": p.results, "start": p.start, "limit": p.limit, "size": len(p.results), "_links": p.links}
	if !c.cloud {
		resp["totalSize"] = p.total
		resp["cqlQuery"] = p.cql
		resp["searchDuration"] = int(time.Since(began) / time.Millisecond)
	}
	c.json(http.StatusOK, resp)
}

// confCurrentUser is GET …/rest/api/user/current.
func (c *call) confCurrentUser() {
	x := c.confluence()
	u := x.v1User(c.user)
	u["_links"].(confMap)["base"] = x.base
	u["_links"].(confMap)["context"] = x.context()
	c.json(http.StatusOK, u)
}

// confUser is GET …/rest/api/user: by accountId on Cloud, by username or
// key on Server/DC.
func (c *call) confUser() {
	q := c.r.URL.Query()
	var u *User
	if c.cloud {
		id := q.Get("accountId")
		if id == "" {
			c.fail(http.StatusBadRequest, "The accountId query parameter is required")
			return
		}
		if u = c.s.userByAccountID(id); u == nil {
			c.fail(http.StatusNotFound, "No user found with accountId: "+id)
			return
		}
	} else {
		name, key := q.Get("username"), q.Get("key")
		switch {
		case name != "":
			if u = c.s.userByName(name); u == nil {
				c.fail(http.StatusNotFound, "No user found with username: "+name)
				return
			}
		case key != "":
			if u = c.s.userByKey(key); u == nil {
				c.fail(http.StatusNotFound, "No user found with key: "+key)
				return
			}
		default:
			c.fail(http.StatusBadRequest, "Either the username or the key query parameter is required")
			return
		}
	}
	x := c.confluence()
	out := x.v1User(u)
	out["_links"].(confMap)["base"] = x.base
	out["_links"].(confMap)["context"] = x.context()
	c.json(http.StatusOK, out)
}
