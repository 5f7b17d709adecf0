package oauthproxy

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
)

// Bounds of a registration request: enough for any real client, small
// enough that a record stays small.
const (
	maxRedirectURIs   = 10
	maxRedirectURILen = 2000
	maxClientNameLen  = 200
)

// register is RFC 7591 dynamic client registration. Every client is a
// public client that must use PKCE; only the redirect URIs matter, and
// they must be on the allowlist and must not be our own callback (a client
// registering it could collect Atlassian's codes).
//
// It needs no credentials, so it is bounded: per client address by
// RegistrationsPerMinute, in size by the limits above, and in time by
// UnusedClientLifetime for a client that never completes a sign-in.
func (p *Proxy) register(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	if ok, wait := p.registrations.allow(p.limitKey(r), p.cfg.Now()); !ok {
		secs := retryAfter(wait)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		// Not a CORS-safelisted header: a browser client reads it only
		// if told it may.
		w.Header().Set("Access-Control-Expose-Headers", "Retry-After")
		oauthError(w, http.StatusTooManyRequests, "temporarily_unavailable",
			fmt.Sprintf("too many registrations from this address; retry in %d s", secs))
		return
	}
	var req struct {
		RedirectURIs            []string `json:"redirect_uris"`
		ClientName              string   `json:"client_name"`
		GrantTypes              []string `json:"grant_types"`
		ResponseTypes           []string `json:"response_types"`
		TokenEndpointAuthMethod string   `json:"token_endpoint_auth_method"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_client_metadata", "the body must be a JSON client registration")
		return
	}
	if len(req.RedirectURIs) == 0 {
		oauthError(w, http.StatusBadRequest, "invalid_redirect_uri", "redirect_uris is required")
		return
	}
	if len(req.RedirectURIs) > maxRedirectURIs {
		oauthError(w, http.StatusBadRequest, "invalid_redirect_uri", fmt.Sprintf("at most %d redirect_uris", maxRedirectURIs))
		return
	}
	for _, u := range req.RedirectURIs {
		if len(u) > maxRedirectURILen {
			oauthError(w, http.StatusBadRequest, "invalid_redirect_uri", fmt.Sprintf("a redirect URI is longer than %d bytes", maxRedirectURILen))
			return
		}
		if u == p.cfg.Upstream.RedirectURI || !redirectAllowed(u, p.cfg.AllowedRedirectURIs) {
			oauthError(w, http.StatusBadRequest, "invalid_redirect_uri", "redirect URI not allowed: "+u)
			return
		}
	}
	if len(req.ClientName) > maxClientNameLen {
		oauthError(w, http.StatusBadRequest, "invalid_client_metadata", fmt.Sprintf("client_name is longer than %d bytes", maxClientNameLen))
		return
	}
	for _, g := range req.GrantTypes {
		if g != "authorization_code" && g != "refresh_token" {
			oauthError(w, http.StatusBadRequest, "invalid_client_metadata", "unsupported grant type: "+g)
			return
		}
	}
	if req.ResponseTypes != nil && !slices.Equal(req.ResponseTypes, []string{"code"}) {
		oauthError(w, http.StatusBadRequest, "invalid_client_metadata", "response_types must be [\"code\"]")
		return
	}
	now := p.cfg.Now().UTC()
	c := client{
		Version: recordVersion, ID: random("mcpc-"), Name: req.ClientName,
		RedirectURIs: req.RedirectURIs, Created: now, Expires: now.Add(p.cfg.UnusedClientLifetime),
	}
	if err := p.put(r.Context(), clientKey(c.ID), c); err != nil {
		p.serverError("storing a client registration", err)
		oauthError(w, http.StatusInternalServerError, "server_error", "could not store the registration")
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{
		"client_id":                  c.ID,
		"client_id_issued_at":        c.Created.Unix(),
		"client_name":                c.Name,
		"redirect_uris":              c.RedirectURIs,
		"grant_types":                []string{"authorization_code", "refresh_token"},
		"response_types":             []string{"code"},
		"token_endpoint_auth_method": "none",
	})
}
