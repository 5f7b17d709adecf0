package contract

import (
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// router matches request paths to the document's path templates. kin-openapi
// ships two routers, but both match the document's servers (hosts such as
// your-domain.atlassian.net and {baseurl} we do not serve from) and the
// legacy one refuses documents that fail OpenAPI validation, which
// Atlassian's do. Matching segment by segment is all that is needed.
type router struct {
	doc *openapi3.T
	// byLen holds the templates by segment count, most specific first.
	byLen map[int][]*template
}

type template struct {
	path  string
	segs  []string // "" marks a parameter segment
	names []string // parameter names, in order
	item  *openapi3.PathItem
}

func newRouter(doc *openapi3.T) *router {
	rt := &router{doc: doc, byLen: map[int][]*template{}}
	for path, item := range doc.Paths.Map() {
		t := &template{path: path, item: item}
		for _, s := range splitPath(path) {
			if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
				t.names = append(t.names, s[1:len(s)-1])
				s = ""
			}
			t.segs = append(t.segs, s)
		}
		rt.byLen[len(t.segs)] = append(rt.byLen[len(t.segs)], t)
	}
	for _, ts := range rt.byLen {
		sort.Slice(ts, func(i, j int) bool { return moreSpecific(ts[i], ts[j]) })
	}
	return rt
}

// moreSpecific orders templates so that a literal segment wins over a
// parameter at the first position where they differ: /issue/createmeta
// before /issue/{issueIdOrKey}.
func moreSpecific(a, b *template) bool {
	for i := range a.segs {
		al, bl := a.segs[i] != "", b.segs[i] != ""
		if al != bl {
			return al
		}
	}
	return a.path < b.path
}

// routeError says why no operation matched; pathFound distinguishes an
// unknown path from a known path without this method.
type routeError struct {
	pathFound bool
	methods   []string
}

func (e *routeError) Error() string {
	if e.pathFound {
		return "method not allowed (document has " + strings.Join(e.methods, ", ") + ")"
	}
	return "no operation for this path"
}

// find returns the route for method and path (relative to the document,
// still escaped) and the path parameters, unescaped.
func (rt *router) find(method, escapedPath string) (*routers.Route, map[string]string, error) {
	segs := splitPath(escapedPath)
	var methods []string
	for _, t := range rt.byLen[len(segs)] {
		params, ok := t.match(segs)
		if !ok {
			continue
		}
		if op := t.item.GetOperation(method); op != nil {
			return &routers.Route{Spec: rt.doc, Path: t.path, PathItem: t.item, Method: method, Operation: op}, params, nil
		}
		for m := range t.item.Operations() {
			if !slices.Contains(methods, m) {
				methods = append(methods, m)
			}
		}
	}
	if methods != nil {
		sort.Strings(methods)
		return nil, nil, &routeError{pathFound: true, methods: methods}
	}
	return nil, nil, &routeError{}
}

func (t *template) match(segs []string) (map[string]string, bool) {
	for i, s := range t.segs {
		if s != "" && s != segs[i] {
			return nil, false
		}
		if s == "" && segs[i] == "" {
			return nil, false
		}
	}
	params := make(map[string]string, len(t.names))
	k := 0
	for i, s := range t.segs {
		if s == "" {
			v, err := url.PathUnescape(segs[i])
			if err != nil {
				v = segs[i]
			}
			params[t.names[k]] = v
			k++
		}
	}
	return params, true
}

func splitPath(p string) []string {
	return strings.Split(strings.TrimPrefix(p, "/"), "/")
}
