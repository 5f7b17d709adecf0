package confluence

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/internal/ttlcache"
)

// A Cloud page (API v2) names only the id of its space, and looking the
// space up for its key and name on every read doubled the requests of
// confluence_get_page. SpaceNames keeps what those lookups found for a few
// minutes, per site and caller (what a user may see stays theirs), so a
// space is looked up once, not once per page. A renamed space shows its
// old key or name until the entry expires.
type SpaceNames struct {
	entries *ttlcache.Cache[spaceNameKey, spaceName]
}

const (
	spaceNamesTTL  = 5 * time.Minute
	spaceNamesSize = 4096
)

type spaceNameKey struct {
	caller  [32]byte // atlassian.Client.CallerKey
	spaceID string
}

type spaceName struct{ key, name string }

// NewSpaceNames makes an empty cache.
func NewSpaceNames() *SpaceNames {
	return &SpaceNames{entries: ttlcache.New[spaceNameKey, spaceName](spaceNamesSize)}
}

// get returns a space's key and name if they were looked up lately; a nil
// cache knows nothing.
func (s *SpaceNames) get(c *atlassian.Client, spaceID string) (key, name string, ok bool) {
	if s == nil {
		return "", "", false
	}
	e, ok := s.entries.Get(spaceNameKey{c.CallerKey(), spaceID}, time.Now())
	return e.key, e.name, ok
}

func (s *SpaceNames) put(c *atlassian.Client, spaceID, key, name string) {
	if s != nil {
		s.entries.Put(spaceNameKey{c.CallerKey(), spaceID}, spaceName{key, name}, time.Now().Add(spaceNamesTTL))
	}
}

// spaceByID is the key and name of a space named by its numeric id
// (Cloud), from SpaceNames when it looked the space up lately.
func (c *Client) spaceByID(ctx context.Context, spaceID string) (key, name string, err error) {
	if key, name, ok := c.SpaceNames.get(c.rest, spaceID); ok {
		return key, name, nil
	}
	var space struct {
		Key  string `json:"key"`
		Name string `json:"name"`
	}
	if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/api/v2/spaces/" + url.PathEscape(spaceID)}, &space); err != nil {
		return "", "", err
	}
	c.SpaceNames.put(c.rest, spaceID, space.Key, space.Name)
	return space.Key, space.Name, nil
}
