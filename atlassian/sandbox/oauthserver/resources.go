package oauthserver

import (
	"net/http"
	"slices"
	"strings"
)

type resource struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	URL       string   `json:"url"`
	Scopes    []string `json:"scopes"`
	AvatarURL string   `json:"avatarUrl"`
}

// resources lists the configured sites for a live access token, with the
// grant's scopes (offline_access is not a site scope).
func (s *Server) resources(w http.ResponseWriter, r *http.Request) {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	s.mu.Lock()
	var g *grant
	if strings.EqualFold(scheme, "Bearer") {
		g = s.live(token)
	}
	var scopes []string
	if g != nil {
		scopes = slices.DeleteFunc(strings.Fields(g.scope), func(sc string) bool { return sc == "offline_access" })
	}
	s.mu.Unlock()
	if g == nil {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"code": 401, "message": "Unauthorized"})
		return
	}
	out := make([]resource, 0, len(s.cfg.Sites))
	for _, site := range s.cfg.Sites {
		out = append(out, resource{
			ID: site.ID, Name: site.Name, URL: site.URL, Scopes: scopes,
			AvatarURL: "https://site-admin-avatar-cdn.prod.public.atl-paas.net/avatars/240/site.png",
		})
	}
	writeJSON(w, http.StatusOK, out)
}
