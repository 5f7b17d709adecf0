package oauthproxy

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/oauth"
)

// authorize starts a flow: it checks the client, remembers its redirect
// URI, state and PKCE challenge under a fresh upstream state, and sends the
// user to Atlassian with the server's app. The client's requested scopes
// are ignored: the app's configured scopes are what Atlassian grants.
//
// Each call stores a pending record and needs no credentials, so calls
// are limited per client address (AuthorizationsPerMinute). Over the
// limit, a request whose client and redirect URI check out gets RFC 6749's
// temporarily_unavailable at that redirect URI (section 4.1.2.1); any
// other gets a 429 page, as the RFC forbids redirecting to a URI not
// checked.
func (p *Proxy) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	now := p.cfg.Now()
	allowed, wait := p.authorizations.allow(p.limitKey(r), now)
	var c client
	err := p.get(r.Context(), clientKey(q.Get("client_id")), &c)
	known := err == nil && !c.lapsed(now)
	redirect := q.Get("redirect_uri")
	registered := known && slices.Contains(c.RedirectURIs, redirect)
	busy := fmt.Sprintf("too many sign-ins from this address; retry in %d s", retryAfter(wait))
	switch {
	case !allowed && !registered:
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter(wait)))
		http.Error(w, busy, http.StatusTooManyRequests)
		return
	case err != nil && !errors.Is(err, errNotFound):
		// Storage failed, not the client: it is not told to register
		// again. The redirect URI is unchecked, so the answer is a page.
		p.serverError("reading a client registration", err)
		http.Error(w, "server_error: could not read the client registration; retry", http.StatusInternalServerError)
		return
	case !known:
		http.Error(w, "unknown or expired client_id; register again", http.StatusBadRequest)
		return
	case !registered:
		http.Error(w, "redirect_uri is not registered for this client", http.StatusBadRequest)
		return
	}
	fail := func(code, desc string) {
		redirectBack(w, r, redirect, q.Get("state"), url.Values{"error": {code}, "error_description": {desc}})
	}
	if !allowed {
		fail("temporarily_unavailable", busy)
		return
	}
	if q.Get("response_type") != "code" {
		fail("unsupported_response_type", "response_type must be code")
		return
	}
	if q.Get("code_challenge") == "" || q.Get("code_challenge_method") != "S256" {
		fail("invalid_request", "PKCE with S256 is required")
		return
	}
	if res := q.Get("resource"); res != "" && res != p.ResourceURL() {
		fail("invalid_target", "unknown resource")
		return
	}
	upstreamState := oauth.NewState()
	pend := pending{
		Version: recordVersion, ClientID: c.ID, RedirectURI: redirect, State: q.Get("state"),
		Challenge: q.Get("code_challenge"), Expires: now.Add(pendingLifetime),
	}
	verifier := ""
	if p.cfg.Upstream.PKCE {
		verifier = oauth.NewVerifier()
		pend.UpstreamVerifier = verifier
	}
	if err := p.put(r.Context(), pendingKey(upstreamState), pend); err != nil {
		p.serverError("storing a pending sign-in", err)
		fail("server_error", "could not store the authorization")
		return
	}
	http.Redirect(w, r, p.cfg.Upstream.AuthCodeURL(upstreamState, verifier), http.StatusFound)
}

// upstreamCallback receives Atlassian's answer, stores the new grant and
// hands the client a code for it.
func (p *Proxy) upstreamCallback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ctx := r.Context()
	var pend pending
	if err := p.take(ctx, pendingKey(q.Get("state")), &pend); err != nil || !p.cfg.Now().Before(pend.Expires) {
		http.Error(w, "unknown or expired authorization; start again from the client", http.StatusBadRequest)
		return
	}
	back := func(params url.Values) { redirectBack(w, r, pend.RedirectURI, pend.State, params) }
	if e := q.Get("error"); e != "" {
		back(url.Values{"error": {"access_denied"}, "error_description": {"Atlassian answered " + e}})
		return
	}
	tok, err := p.cfg.Upstream.Exchange(ctx, q.Get("code"), pend.UpstreamVerifier)
	if err != nil {
		p.serverError("exchanging Atlassian's code", err)
		back(url.Values{"error": {"server_error"}, "error_description": {"the Atlassian code exchange failed"}})
		return
	}
	cloudID := p.cfg.Upstream.CloudID
	if cloudID == "" {
		if res, err := p.cfg.Upstream.AccessibleResources(ctx, tok.AccessToken); err == nil && len(res) > 0 {
			cloudID = res[0].ID
		}
	}
	now := p.cfg.Now()
	grantID := random("")
	if err := oauth.SaveGrant(ctx, p.cfg.Store, p.cfg.Upstream.ClientID, grantID,
		&oauth.Grant{Token: *tok, CloudID: cloudID, Obtained: now, Updated: now}); err != nil {
		p.serverError("storing a grant", err)
		back(url.Values{"error": {"server_error"}, "error_description": {"could not store the grant"}})
		return
	}
	code := random("mcpcode-")
	if err := p.put(ctx, codeKey(code), issuedCode{
		Version: recordVersion, ClientID: pend.ClientID, RedirectURI: pend.RedirectURI,
		Challenge: pend.Challenge, GrantID: grantID, Expires: now.Add(codeLifetime),
	}); err != nil {
		p.serverError("storing an authorization code", err)
		back(url.Values{"error": {"server_error"}, "error_description": {"could not store the code"}})
		return
	}
	back(url.Values{"code": {code}})
}

// redirectBack sends the browser to the client's redirect URI with params
// and the client's state.
func redirectBack(w http.ResponseWriter, r *http.Request, redirect, state string, params url.Values) {
	u, err := url.Parse(redirect)
	if err != nil {
		http.Error(w, "bad redirect URI", http.StatusBadRequest)
		return
	}
	v := u.Query()
	for k, vs := range params {
		v[k] = vs
	}
	if state != "" {
		v.Set("state", state)
	}
	u.RawQuery = v.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}
