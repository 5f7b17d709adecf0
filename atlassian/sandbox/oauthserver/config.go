package oauthserver

import "time"

// Site is one entry of accessible-resources.
type Site struct {
	ID   string // cloud id
	Name string
	URL  string
}

// DefaultSite matches the sandbox's default cloud id.
var DefaultSite = Site{
	ID:   "11111111-2222-3333-4444-555555555555",
	Name: "sandbox",
	URL:  "https://sandbox.atlassian.net",
}

// Config is the server's registered client, users and rules. Zero values
// pick Atlassian's documented behaviour.
type Config struct {
	// ClientID and ClientSecret are the one pre-registered app.
	ClientID     string
	ClientSecret string
	// RedirectURIs the app registered; empty allows any http(s) URI.
	RedirectURIs []string

	// Users who may sign in, by login (for example "alice"). /authorize
	// picks the login_hint parameter if it names one, else DefaultUser.
	Users       []string
	DefaultUser string

	// Sites every grant reaches; default DefaultSite.
	Sites []Site

	// AccessTokenLifetime defaults to Atlassian's hour; tests shorten it
	// to make tokens expire every second or two.
	AccessTokenLifetime time.Duration
	// ReuseGrace is how long a rotated refresh token may still be
	// presented (each use gives a fresh pair) before presenting it revokes
	// the whole grant. Zero means Atlassian's 10 minutes; negative means no
	// leeway at all, so any reuse revokes.
	ReuseGrace time.Duration

	// Now is the clock; default time.Now.
	Now func() time.Time
}

const (
	defaultAccessTokenLifetime = time.Hour
	defaultReuseGrace          = 10 * time.Minute
	codeLifetime               = 10 * time.Minute
)

func (c *Config) setDefaults() {
	if len(c.Users) == 0 {
		c.Users = []string{"alice"}
	}
	if c.DefaultUser == "" {
		c.DefaultUser = c.Users[0]
	}
	if len(c.Sites) == 0 {
		c.Sites = []Site{DefaultSite}
	}
	if c.AccessTokenLifetime <= 0 {
		c.AccessTokenLifetime = defaultAccessTokenLifetime
	}
	if c.ReuseGrace == 0 {
		c.ReuseGrace = defaultReuseGrace
	} else if c.ReuseGrace < 0 {
		c.ReuseGrace = 0
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}
