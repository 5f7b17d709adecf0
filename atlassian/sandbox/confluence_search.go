package sandbox

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Handlers both dialects share: CQL search and user lookups, under
// /wiki/rest/api (Cloud) and /confluence/rest/api (Server/DC).

const confMaxSearchLimit = 100

// confSearchParams reads cql, limit, start and (Cloud) cursor; it answers
// 400 itself when they are unusable.
func (s *Server) confSearchParams(w http.ResponseWriter, r *http.Request) (q *cqlQuery, cql string, start, limit int, ok bool) {
	params := r.URL.Query()
	cql = params.Get("cql")
	if strings.TrimSpace(cql) == "" {
		s.confluenceError(w, r, http.StatusBadRequest, "The cql query parameter is required")
		return nil, "", 0, 0, false
	}
	limit, ok1 := confInt(params, "limit", 25)
	start, ok2 := confInt(params, "start", 0)
	if !ok1 || !ok2 {
		s.confluenceError(w, r, http.StatusBadRequest, "start and limit must be non-negative integers")
		return nil, "", 0, 0, false
	}
	if limit > confMaxSearchLimit {
		limit = confMaxSearchLimit
	}
	if s.Cloud() {
		if c := params.Get("cursor"); c != "" {
			off, valid := parseConfCursor(c)
			if !valid {
				s.confluenceError(w, r, http.StatusBadRequest, "The cursor is not valid: "+c)
				return nil, "", 0, 0, false
			}
			start = off
		}
	}
	q, err := parseCQL(cql, s.Cloud())
	if err != nil {
		var ce *cqlError
		detail := err.Error()
		if errors.As(err, &ce) {
			detail = ce.Detail
		}
		s.confluenceErrorDetail(w, r.URL.Path, http.StatusBadRequest, "Could not parse cql : "+cql, detail)
		return nil, "", 0, 0, false
	}
	return q, cql, start, limit, true
}

// confPageLinks adds next/prev links of an offset-paged v1 list to links.
func (s *Server) confPageLinks(links confMap, r *http.Request, relPath string, start, limit, total int) {
	params := r.URL.Query()
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
		if s.Cloud() {
			v.Set("cursor", confCursor(offset))
		}
		return relPath + "?" + v.Encode()
	}
	if limit > 0 && start+limit < total {
		n := build(start + limit)
		if s.Cloud() {
			n += "&next=true"
		}
		links["next"] = n
	}
	if start > 0 && limit > 0 {
		p := max(start-limit, 0)
		prev := build(p)
		if s.Cloud() {
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
func (s *Server) runConfSearch(w http.ResponseWriter, r *http.Request, relPath string, render func(x *confCtx, c *confContent, exp confExpand) any) (confSearchPage, bool) {
	q, cql, start, limit, ok := s.confSearchParams(w, r)
	if !ok {
		return confSearchPage{}, false
	}
	exp := parseConfExpand(r.URL.Query()["expand"]...)
	s.mu.Lock()
	x := s.confCtx(r)
	hits := s.conf.search(q, x.user)
	results := []any{}
	for _, c := range confPage(hits, start, limit) {
		results = append(results, render(x, c, exp))
	}
	s.mu.Unlock()
	links := confMap{"base": x.base, "context": x.context(), "self": x.base + relPath + "?" + r.URL.RawQuery}
	s.confPageLinks(links, r, relPath, start, limit, len(hits))
	return confSearchPage{cql: cql, results: results, start: start, limit: limit, total: len(hits), links: links}, true
}

// confSearch is GET …/rest/api/search: CQL over pages, blog posts and
// comments.
func (s *Server) confSearch(w http.ResponseWriter, r *http.Request) {
	began := time.Now()
	p, ok := s.runConfSearch(w, r, "/rest/api/search", func(x *confCtx, c *confContent, exp confExpand) any {
		return x.v1SearchResult(c, exp)
	})
	if !ok {
		return
	}
	resp := confMap{
		"results": p.results, "start": p.start, "limit": p.limit, "size": len(p.results),
		"totalSize": p.total, "cqlQuery": p.cql, "searchDuration": int(time.Since(began) / time.Millisecond),
		"_links": p.links,
	}
	if s.Cloud() {
		resp["archivedResultCount"] = 0
	} else {
		resp["totalCount"] = p.total
	}
	writeJSON(w, http.StatusOK, resp)
}

// confContentSearch is GET …/rest/api/content/search: CQL over content,
// answered as a content list.
func (s *Server) confContentSearch(w http.ResponseWriter, r *http.Request) {
	began := time.Now()
	p, ok := s.runConfSearch(w, r, "/rest/api/content/search", func(x *confCtx, c *confContent, exp confExpand) any {
		return x.v1Content(c, nil, exp, false)
	})
	if !ok {
		return
	}
	resp := confMap{"results": p.results, "start": p.start, "limit": p.limit, "size": len(p.results), "_links": p.links}
	if !s.Cloud() {
		resp["totalSize"] = p.total
		resp["cqlQuery"] = p.cql
		resp["searchDuration"] = int(time.Since(began) / time.Millisecond)
	}
	writeJSON(w, http.StatusOK, resp)
}

// confCurrentUser is GET …/rest/api/user/current.
func (s *Server) confCurrentUser(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	x := s.confCtx(r)
	u := x.v1User(currentUser(r))
	s.mu.Unlock()
	u["_links"].(confMap)["base"] = x.base
	u["_links"].(confMap)["context"] = x.context()
	writeJSON(w, http.StatusOK, u)
}

// confUser is GET …/rest/api/user: by accountId on Cloud, by username or
// key on Server/DC.
func (s *Server) confUser(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var u *User
	if s.Cloud() {
		id := q.Get("accountId")
		if id == "" {
			s.confluenceError(w, r, http.StatusBadRequest, "The accountId query parameter is required")
			return
		}
		if u = s.userByAccountID(id); u == nil {
			s.confluenceError(w, r, http.StatusNotFound, "No user found with accountId: "+id)
			return
		}
	} else {
		name, key := q.Get("username"), q.Get("key")
		switch {
		case name != "":
			if u = s.userByName(name); u == nil {
				s.confluenceError(w, r, http.StatusNotFound, "No user found with username: "+name)
				return
			}
		case key != "":
			if u = s.userByKey(key); u == nil {
				s.confluenceError(w, r, http.StatusNotFound, "No user found with key: "+key)
				return
			}
		default:
			s.confluenceError(w, r, http.StatusBadRequest, "Either the username or the key query parameter is required")
			return
		}
	}
	s.mu.Lock()
	x := s.confCtx(r)
	out := x.v1User(u)
	s.mu.Unlock()
	out["_links"].(confMap)["base"] = x.base
	out["_links"].(confMap)["context"] = x.context()
	writeJSON(w, http.StatusOK, out)
}
