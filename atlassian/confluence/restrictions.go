package confluence

import (
	"context"
	"net/http"
	"net/url"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Restriction is who may do one operation (read or update) on a page:
// users by account id (Cloud) or username (Server/DC), groups by name.
// Empty lists mean no restriction.
type Restriction struct {
	Users  []string `json:"users"`
	Groups []string `json:"groups"`
}

// Restrictions are a page's read and update restrictions.
type Restrictions struct {
	Read   Restriction `json:"read"`
	Update Restriction `json:"update"`
}

// PageRestrictions reads a page's view and edit restrictions.
func (c *Client) PageRestrictions(ctx context.Context, id string) (*Restrictions, error) {
	type subjects struct {
		User struct {
			Results []struct {
				AccountID string `json:"accountId"`
				Username  string `json:"username"`
			} `json:"results"`
		} `json:"user"`
		Group struct {
			Results []struct {
				Name string `json:"name"`
			} `json:"results"`
		} `json:"group"`
	}
	var out map[string]struct {
		Restrictions subjects `json:"restrictions"`
	}
	// Server/DC expands users and groups by default; Cloud is asked to.
	var q url.Values
	if c.cloud {
		q = url.Values{"expand": {"restrictions.user,restrictions.group"}}
	}
	if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: contentPath(id) + "/restriction/byOperation", Query: q}, &out); err != nil {
		return nil, err
	}
	r := &Restrictions{Read: Restriction{Users: []string{}, Groups: []string{}}, Update: Restriction{Users: []string{}, Groups: []string{}}}
	for op, into := range map[string]*Restriction{"read": &r.Read, "update": &r.Update} {
		s := out[op].Restrictions
		for _, u := range s.User.Results {
			if id := u.AccountID; id != "" {
				into.Users = append(into.Users, id)
			} else if u.Username != "" {
				into.Users = append(into.Users, u.Username)
			}
		}
		for _, g := range s.Group.Results {
			into.Groups = append(into.Groups, g.Name)
		}
	}
	return r, nil
}

// SetPageRestrictions replaces a page's read and update restrictions.
func (c *Client) SetPageRestrictions(ctx context.Context, id string, r Restrictions) error {
	op := func(name string, rs Restriction) map[string]any {
		users := make([]map[string]any, 0, len(rs.Users))
		for _, u := range rs.Users {
			if c.cloud {
				users = append(users, map[string]any{"type": "known", "accountId": u})
			} else {
				users = append(users, map[string]any{"type": "known", "username": u})
			}
		}
		groups := make([]map[string]any, 0, len(rs.Groups))
		for _, g := range rs.Groups {
			groups = append(groups, map[string]any{"type": "group", "name": g})
		}
		return map[string]any{"operation": name, "restrictions": map[string]any{"user": users, "group": groups}}
	}
	body := []map[string]any{op("read", r.Read), op("update", r.Update)}
	return c.do(ctx, atlassian.Request{Method: http.MethodPut, Path: contentPath(id) + "/restriction", Body: body}, nil)
}
