package caddymodule

import (
	"strconv"
	"strings"

	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
)

// unmarshalOAuth reads the oauth block of mcp_atlassian:
//
//	oauth {
//		client_id     <id>
//		client_secret <secret>
//		redirect_uri  <uri>
//		scope         <scope...>
//		cloud_id      <id>
//		access_token  <token>
//		enable        [true|false]
//		auth_url      <url>
//		token_url     <url>
//		resources_url <url>
//		proxy [true|false] {
//			enable                    [true|false]
//			base_url                  <url>
//			allowed_redirect_uris     <pattern...>
//			resource_path             <path>
//			unused_client_lifetime    <duration>
//			registrations_per_minute  <n>
//			authorizations_per_minute <n>
//		}
//	}
//
// Write secrets as {env.NAME} or {file.PATH}. What the block leaves empty
// comes from the ATLASSIAN_OAUTH_* variables.
func (h *Handler) unmarshalOAuth(d *caddyfile.Dispenser) error {
	if h.OAuth != nil {
		return d.Err("oauth configured twice")
	}
	if d.NextArg() {
		return d.ArgErr()
	}
	o := new(OAuth)
	for nesting := d.Nesting(); d.NextBlock(nesting); {
		switch name := d.Val(); name {
		case "client_id":
			if err := oneArg(d, &o.ClientID); err != nil {
				return err
			}
		case "client_secret":
			if err := oneArg(d, &o.ClientSecret); err != nil {
				return err
			}
		case "redirect_uri":
			if err := oneArg(d, &o.RedirectURI); err != nil {
				return err
			}
		case "scope":
			args := d.RemainingArgs()
			if len(args) == 0 {
				return d.ArgErr()
			}
			o.Scope = strings.Join(args, " ")
		case "cloud_id":
			if err := oneArg(d, &o.CloudID); err != nil {
				return err
			}
		case "access_token":
			if err := oneArg(d, &o.AccessToken); err != nil {
				return err
			}
		case "enable":
			v, err := optionalBool(d)
			if err != nil {
				return err
			}
			o.Enable = &v
		case "auth_url":
			if err := oneArg(d, &o.AuthURL); err != nil {
				return err
			}
		case "token_url":
			if err := oneArg(d, &o.TokenURL); err != nil {
				return err
			}
		case "resources_url":
			if err := oneArg(d, &o.ResourcesURL); err != nil {
				return err
			}
		case "proxy":
			if o.Proxy != nil {
				return d.Err("proxy configured twice")
			}
			p, err := unmarshalOAuthProxy(d)
			if err != nil {
				return err
			}
			o.Proxy = p
		default:
			return d.Errf("unrecognized oauth subdirective %q", name)
		}
	}
	h.OAuth = o
	return nil
}

// unmarshalOAuthProxy reads "proxy [true|false] { ... }".
func unmarshalOAuthProxy(d *caddyfile.Dispenser) (*OAuthProxy, error) {
	p := new(OAuthProxy)
	if d.NextArg() {
		d.Prev()
		v, err := optionalBool(d)
		if err != nil {
			return nil, err
		}
		p.Enable = &v
	}
	for nesting := d.Nesting(); d.NextBlock(nesting); {
		switch name := d.Val(); name {
		case "enable":
			v, err := optionalBool(d)
			if err != nil {
				return nil, err
			}
			p.Enable = &v
		case "base_url":
			if err := oneArg(d, &p.BaseURL); err != nil {
				return nil, err
			}
		case "allowed_redirect_uris":
			if p.AllowedRedirectURIs = d.RemainingArgs(); len(p.AllowedRedirectURIs) == 0 {
				return nil, d.ArgErr()
			}
		case "resource_path":
			if err := oneArg(d, &p.ResourcePath); err != nil {
				return nil, err
			}
		case "unused_client_lifetime":
			if err := durationArg(d, &p.UnusedClientLifetime); err != nil {
				return nil, err
			}
			if p.UnusedClientLifetime <= 0 {
				return nil, d.Err("unused_client_lifetime must be positive")
			}
		case "registrations_per_minute":
			if err := perMinuteArg(d, &p.RegistrationsPerMinute); err != nil {
				return nil, err
			}
		case "authorizations_per_minute":
			if err := perMinuteArg(d, &p.AuthorizationsPerMinute); err != nil {
				return nil, err
			}
		default:
			return nil, d.Errf("unrecognized oauth proxy subdirective %q", name)
		}
	}
	return p, nil
}

// perMinuteArg reads the one argument of a rate subdirective: a whole
// number ≥ 1.
func perMinuteArg(d *caddyfile.Dispenser, dst *int) error {
	name := d.Val()
	var raw string
	if err := oneArg(d, &raw); err != nil {
		return err
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 {
		return d.Errf("%s %q must be a whole number ≥ 1", name, raw)
	}
	*dst = n
	return nil
}
