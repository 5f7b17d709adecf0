package caddymodule

import "strings"

// mergeEnv fills what the oauth block leaves empty from mcp-atlassian's
// variables. ATLASSIAN_OAUTH_CLOUD_ID is read into the handler's cloud_id
// (env.go), which the block's cloud_id falls back to.
func (o *OAuth) mergeEnv() error {
	for _, f := range []struct {
		dst *string
		env string
	}{
		{&o.ClientID, "ATLASSIAN_OAUTH_CLIENT_ID"},
		{&o.ClientSecret, "ATLASSIAN_OAUTH_CLIENT_SECRET"},
		{&o.RedirectURI, "ATLASSIAN_OAUTH_REDIRECT_URI"},
		{&o.Scope, "ATLASSIAN_OAUTH_SCOPE"},
		{&o.AccessToken, "ATLASSIAN_OAUTH_ACCESS_TOKEN"},
	} {
		if *f.dst == "" {
			*f.dst = getenv(f.env)
		}
	}
	if o.Enable == nil {
		if v, set := envBool("ATLASSIAN_OAUTH_ENABLE", false); set {
			o.Enable = &v
		}
	}
	if o.Proxy == nil {
		if v, set := envBool("ATLASSIAN_OAUTH_PROXY_ENABLE", false); set && v {
			o.Proxy = &OAuthProxy{Enable: &v}
		}
	}
	if p := o.Proxy; p != nil {
		if p.BaseURL == "" {
			p.BaseURL = strings.TrimSuffix(getenv("PUBLIC_BASE_URL"), "/")
		}
		if p.AllowedRedirectURIs == nil {
			// Set but empty means none allowed, as in mcp-atlassian.
			if raw, ok := lookupEnv("ATLASSIAN_OAUTH_ALLOWED_CLIENT_REDIRECT_URIS"); ok {
				p.AllowedRedirectURIs = splitEnv("ATLASSIAN_OAUTH_ALLOWED_CLIENT_REDIRECT_URIS")
				if p.AllowedRedirectURIs == nil && strings.TrimSpace(raw) == "" {
					p.AllowedRedirectURIs = []string{}
				}
			}
		}
	}
	return nil
}
