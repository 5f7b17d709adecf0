package sandbox

import (
	"context"
	"crypto/subtle"
	"net/http"
	"strings"
	"sync"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox/oauthserver"
)

// DefaultCloudID is the cloud id the sandbox's OAuth gateway answers to.
const DefaultCloudID = "11111111-2222-3333-4444-555555555555"

// Path prefixes of Confluence on a sandbox host.
const (
	ConfluenceCloudPrefix  = "/wiki"
	ConfluenceServerPrefix = "/confluence"
)

// Options configure a sandbox.
type Options struct {
	// Deployment is Cloud or Server; it decides the REST dialect.
	Deployment atlassian.Deployment
	// CloudID is the site id the OAuth gateway accepts (Cloud only).
	CloudID string
	// Users replaces DefaultUsers when non-empty.
	Users []User
	// Observe, when set, is told of every request after it is answered:
	// tests use it to see who called what.
	Observe func(Observation)
	// OAuth configures the Cloud sandbox's OAuth 2.0 (3LO) authorization
	// server (oauth.go); zero values pick the demo app and Atlassian's
	// token rules.
	OAuth oauthserver.Config
}

// Observation is one answered request.
type Observation struct {
	Product atlassian.Product
	Method  string
	Path    string // as routed, after the gateway prefix is stripped
	User    string // Name of the authenticated user, "" when refused
	Status  int
	Gateway bool // came through /ex/{product}/{cloudId}
}

// Server is the sandbox: an http.Handler over in-memory state.
type Server struct {
	opts  Options
	users []User
	mux   *http.ServeMux

	oauth *oauthserver.Server // Cloud only

	mu   sync.Mutex // guards everything below
	jira *jiraStore
	conf *confluenceStore
}

// New builds a sandbox with its seeded data.
func New(opts Options) *Server {
	if opts.Deployment == "" {
		opts.Deployment = atlassian.Cloud
	}
	if opts.CloudID == "" {
		opts.CloudID = DefaultCloudID
	}
	s := &Server{opts: opts, users: opts.Users, mux: http.NewServeMux()}
	if len(s.users) == 0 {
		s.users = DefaultUsers()
	}
	if opts.Deployment == atlassian.Cloud {
		s.oauth = newOAuth(opts, s.users)
	}
	s.jira = newJiraStore(s)
	s.conf = newConfluenceStore(s)
	s.registerRoutes()
	return s
}

// Deployment is the dialect this sandbox speaks.
func (s *Server) Deployment() atlassian.Deployment { return s.opts.Deployment }

// CloudID is the id its OAuth gateway answers to.
func (s *Server) CloudID() string { return s.opts.CloudID }

// Cloud reports whether the sandbox plays a Cloud site.
func (s *Server) Cloud() bool { return s.opts.Deployment == atlassian.Cloud }

// ConfluencePrefix is where Confluence lives on this host.
func (s *Server) ConfluencePrefix() string {
	if s.Cloud() {
		return ConfluenceCloudPrefix
	}
	return ConfluenceServerPrefix
}

type ctxKey struct{}

// requestInfo travels in the request context to the route handlers.
type requestInfo struct {
	user    *User
	gateway bool
}

// productOf tells which product a (gateway-stripped) path belongs to.
func (s *Server) productOf(path string) atlassian.Product {
	if strings.HasPrefix(path, s.ConfluencePrefix()+"/") {
		return atlassian.Confluence
	}
	return atlassian.Jira
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.serveOAuth(w, r) {
		return
	}
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	info := &requestInfo{}
	path := r.URL.Path
	if rest, product, ok := s.stripGateway(path); ok {
		info.gateway = true
		path = rest
		if !s.Cloud() {
			s.notFound(rec, product, path)
			s.observe(r, path, info, rec.status)
			return
		}
	}
	product := s.productOf(path)
	info.user = s.authenticate(r, info.gateway)
	if info.user == nil {
		s.unauthorized(rec, product, path)
		s.observe(r, path, info, rec.status)
		return
	}
	if path != r.URL.Path {
		r2 := r.Clone(r.Context())
		r2.URL.Path = path
		r2.URL.RawPath = ""
		r = r2
	}
	r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, info))
	// mux.Handler only finds the route; mux.ServeHTTP also fills in the
	// request's path values (r.PathValue), which handlers rely on.
	if _, pattern := s.mux.Handler(r); pattern == "" {
		s.notFound(rec, product, path)
	} else {
		s.mux.ServeHTTP(rec, r)
	}
	s.observe(r, path, info, rec.status)
}

// stripGateway turns /ex/jira/{cloudId}/rest/... into /rest/... and
// /ex/confluence/{cloudId}/wiki/... into /wiki/...; a wrong cloud id is
// left unstripped so that it 404s.
func (s *Server) stripGateway(path string) (string, atlassian.Product, bool) {
	for _, p := range []atlassian.Product{atlassian.Jira, atlassian.Confluence} {
		prefix := "/ex/" + string(p) + "/" + s.opts.CloudID
		if strings.HasPrefix(path, prefix+"/") {
			rest := path[len(prefix):]
			if p == atlassian.Confluence && !strings.HasPrefix(rest, ConfluenceCloudPrefix+"/") {
				// The gateway also serves Confluence without /wiki.
				rest = ConfluenceCloudPrefix + rest
			}
			return rest, p, true
		}
	}
	return path, "", false
}

// authenticate checks the caller's credentials. Cloud sites take basic
// email + API token; the gateway takes OAuth bearer tokens only; Server/DC
// takes a PAT as bearer, basic username + password, or a verified client
// certificate whose common name is a username.
func (s *Server) authenticate(r *http.Request, gateway bool) *User {
	auth := r.Header.Get("Authorization")
	scheme, value, _ := strings.Cut(auth, " ")
	switch {
	case gateway:
		if strings.EqualFold(scheme, "Bearer") {
			if u := s.findUser(func(u *User) string { return u.OAuthToken }, value); u != nil {
				return u
			}
			return s.oauthUser(value)
		}
	case s.Cloud():
		if name, pass, ok := r.BasicAuth(); ok {
			if u := s.findUser(func(u *User) string { return u.Email }, name); u != nil && secretEqual(u.APIToken, pass) {
				return u
			}
		}
	default:
		if strings.EqualFold(scheme, "Bearer") {
			return s.findUser(func(u *User) string { return u.PAT }, value)
		}
		if name, pass, ok := r.BasicAuth(); ok {
			if u := s.findUser(func(u *User) string { return u.Name }, name); u != nil && secretEqual(u.Password, pass) {
				return u
			}
			return nil
		}
		if auth == "" && r.TLS != nil && len(r.TLS.VerifiedChains) > 0 {
			cn := r.TLS.VerifiedChains[0][0].Subject.CommonName
			return s.findUser(func(u *User) string { return u.Name }, cn)
		}
	}
	return nil
}

func (s *Server) findUser(field func(*User) string, value string) *User {
	if value == "" {
		return nil
	}
	for i := range s.users {
		if secretEqual(field(&s.users[i]), value) {
			return &s.users[i]
		}
	}
	return nil
}

func secretEqual(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// userByAccountID, userByName and userByKey find users for assignee,
// mention and author lookups.
func (s *Server) userByAccountID(id string) *User {
	return s.findUser(func(u *User) string { return u.AccountID }, id)
}

func (s *Server) userByName(name string) *User {
	return s.findUser(func(u *User) string { return u.Name }, name)
}

func (s *Server) userByKey(key string) *User {
	return s.findUser(func(u *User) string { return u.Key }, key)
}

func (s *Server) observe(r *http.Request, path string, info *requestInfo, status int) {
	if s.opts.Observe == nil {
		return
	}
	o := Observation{Product: s.productOf(path), Method: r.Method, Path: path, Status: status, Gateway: info.gateway}
	if info.user != nil {
		o.User = info.user.Name
	}
	s.opts.Observe(o)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (w *statusRecorder) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}
