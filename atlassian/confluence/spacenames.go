package confluence

import (
	"crypto/sha256"
	"sync"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// A Cloud page (API v2) names only the id of its space, and looking the
// space up for its key and name on every read doubled the requests of
// confluence_get_page. SpaceNames keeps what those lookups found for a few
// minutes, per site and caller (what a user may see stays theirs), so a
// space is looked up once, not once per page. A renamed space shows its
// old key or name until the entry expires.
type SpaceNames struct {
	mu      sync.Mutex
	entries map[spaceNameKey]spaceName
}

const (
	spaceNamesTTL  = 5 * time.Minute
	spaceNamesSize = 4096
)

type spaceNameKey struct {
	caller  [32]byte // site and a hash of the credentials, never the secret
	spaceID string
}

type spaceName struct {
	key, name string
	expires   time.Time
}

// NewSpaceNames makes an empty cache.
func NewSpaceNames() *SpaceNames { return &SpaceNames{} }

func spaceNameKeyFor(c *atlassian.Client, spaceID string) spaceNameKey {
	return spaceNameKey{caller: sha256.Sum256([]byte(c.BaseURL().String() + "\x00" + c.CredentialsFingerprint())), spaceID: spaceID}
}

// get returns a space's key and name if they were looked up lately; a nil
// cache knows nothing.
func (s *SpaceNames) get(c *atlassian.Client, spaceID string) (key, name string, ok bool) {
	if s == nil {
		return "", "", false
	}
	k := spaceNameKeyFor(c, spaceID)
	s.mu.Lock()
	defer s.mu.Unlock()
	e, found := s.entries[k]
	if !found || !time.Now().Before(e.expires) {
		return "", "", false
	}
	return e.key, e.name, true
}

func (s *SpaceNames) put(c *atlassian.Client, spaceID, key, name string) {
	if s == nil {
		return
	}
	k := spaceNameKeyFor(c, spaceID)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.entries == nil || len(s.entries) >= spaceNamesSize {
		s.entries = map[spaceNameKey]spaceName{} // crude but bounded
	}
	s.entries[k] = spaceName{key: key, name: name, expires: time.Now().Add(spaceNamesTTL)}
}
