package confluence

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// UserHit is one user found by SearchUsers.
type UserHit struct {
	AccountID      string // Cloud
	Username       string // Server/DC
	UserKey        string // Server/DC
	DisplayName    string
	Email          string
	ProfilePicture string // absolute URL
	Active         bool
	Title          string
	EntityType     string
	Score          float64
	URL            string
	LastModified   string
}

type userV1 struct {
	AccountID      string `json:"accountId"`
	Username       string `json:"username"`
	UserKey        string `json:"userKey"`
	DisplayName    string `json:"displayName"`
	Email          string `json:"email"`
	ProfilePicture struct {
		Path string `json:"path"`
	} `json:"profilePicture"`
}

func (c *Client) userHit(u userV1) UserHit {
	pic := u.ProfilePicture.Path
	if pic != "" && !strings.HasPrefix(pic, "http") {
		// Confluence gives avatar paths under the context path.
		pic = c.webURL(strings.TrimPrefix(pic, c.rest.BaseURL().Path))
	}
	return UserHit{AccountID: u.AccountID, Username: u.Username, UserKey: u.UserKey, DisplayName: u.DisplayName,
		Email: u.Email, ProfilePicture: pic, Active: true, Title: u.DisplayName, EntityType: "user"}
}

// SearchUsersCQL runs a CQL user search (Cloud).
func (c *Client) SearchUsersCQL(ctx context.Context, cql string, limit int) ([]UserHit, error) {
	var out struct {
		Results []struct {
			User         userV1  `json:"user"`
			Title        string  `json:"title"`
			EntityType   string  `json:"entityType"`
			Score        float64 `json:"score"`
			URL          string  `json:"url"`
			LastModified string  `json:"lastModified"`
		} `json:"results"`
	}
	q := url.Values{"cql": {cql}, "limit": {strconv.Itoa(limit)}}
	if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/rest/api/search/user", Query: q}, &out); err != nil {
		return nil, err
	}
	hits := make([]UserHit, 0, len(out.Results))
	for _, r := range out.Results {
		h := c.userHit(r.User)
		h.Title, h.EntityType, h.Score, h.LastModified = r.Title, r.EntityType, r.Score, r.LastModified
		h.URL = c.webURL(r.URL)
		hits = append(hits, h)
	}
	return hits, nil
}

// GroupMembersMatching scans a group's members (Server/DC, which has no
// user search by CQL) for display names or usernames containing term, case
// ignored, and returns up to limit of them.
func (c *Client) GroupMembersMatching(ctx context.Context, group, term string, limit int) ([]UserHit, error) {
	term = strings.ToLower(term)
	var hits []UserHit
	for start := 0; len(hits) < limit; {
		var out struct {
			Results []userV1 `json:"results"`
			Links   struct {
				Next string `json:"next"`
			} `json:"_links"`
		}
		q := url.Values{"start": {strconv.Itoa(start)}, "limit": {"200"}}
		if err := c.do(ctx, atlassian.Request{Method: http.MethodGet, Path: "/rest/api/group/" + url.PathEscape(group) + "/member", Query: q}, &out); err != nil {
			return nil, err
		}
		for _, u := range out.Results {
			if strings.Contains(strings.ToLower(u.DisplayName), term) || strings.Contains(strings.ToLower(u.Username), term) {
				if hits = append(hits, c.userHit(u)); len(hits) == limit {
					break
				}
			}
		}
		start += len(out.Results)
		if out.Links.Next == "" || len(out.Results) == 0 {
			break
		}
	}
	return hits, nil
}
