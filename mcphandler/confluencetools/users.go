package confluencetools

import (
	"context"
	"regexp"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/confluence"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// userTools are the tools of mcp-atlassian's confluence_users toolset that this
// server implements, in mcp-atlassian's order.
func userTools(d *Deps) []tool.Tool {
	return []tool.Tool{searchUser(d)}
}

type searchUserInput struct {
	Query     string `json:"query" jsonschema:"A name, or user CQL such as 'user.fullname ~ \"First Last\"'"`
	Limit     int    `json:"limit,omitempty" jsonschema:"Maximum number of users"`
	GroupName string `json:"group_name,omitempty" jsonschema:"Server/DC: the group whose members are searched (ignored on Cloud)"`
}

// userCQLSyntax tells user CQL from a plain name, as mcp-atlassian does.
var userCQLSyntax = regexp.MustCompile(`[=~<>]| AND | OR |user\.`)

// quotedTerm is the text of the first quoted CQL value.
var quotedTerm = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)

func searchUser(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "confluence_search_user", Title: "Search User", Product: atlassian.Confluence, Toolset: "confluence_users",
		Description: "Find Confluence users by name: CQL user search on Cloud, a group's members on Server/DC.",
		Params: map[string]tool.Param{"limit": {Default: 10, Min: tool.Bound(1), Max: tool.Bound(50)},
			"group_name": {Default: "confluence-users", MaxLength: tool.Length(255)}, "query": {MaxLength: tool.Length(1000)}},
	}, func(ctx context.Context, c *tool.Call, in searchUserInput) (any, error) {
		q := strings.TrimSpace(in.Query)
		if q == "" {
			return nil, tool.BadInput("query is empty: give a name or user CQL")
		}
		limit := in.Limit // Decode fills in the default
		conf := c.Confluence()
		if c.Cloud() {
			if !userCQLSyntax.MatchString(q) {
				q = "user.fullname ~ " + tool.QuoteJQL(q) // CQL quotes strings as JQL does
			}
			hits, err := conf.SearchUsersCQL(ctx, q, limit)
			if err != nil {
				return nil, err
			}
			return simplifyUserHits(hits), nil
		}
		// Server/DC: match the term (the quoted value of CQL) locally.
		term := q
		if userCQLSyntax.MatchString(q) {
			m := quotedTerm.FindStringSubmatch(q)
			if m == nil {
				return nil, tool.BadInput("query %q: on Server/DC give a name, or CQL with a quoted value such as user.fullname ~ \"Name\"", q)
			}
			term = strings.ReplaceAll(m[1], `\"`, `"`)
		}
		group := in.GroupName
		if group == "" {
			group = "confluence-users"
		}
		hits, err := conf.GroupMembersMatching(ctx, group, term, limit)
		if err != nil {
			return nil, err
		}
		return simplifyUserHits(hits), nil
	})
}

func simplifyUserHits(hits []confluence.UserHit) []map[string]any {
	out := make([]map[string]any, 0, len(hits))
	for _, h := range hits {
		user := map[string]any{"display_name": h.DisplayName, "profile_picture": h.ProfilePicture, "is_active": h.Active}
		if h.AccountID != "" {
			user["account_id"] = h.AccountID
		}
		if h.Username != "" {
			user["name"] = h.Username
			user["key"] = h.UserKey
		}
		if h.Email != "" {
			user["email"] = h.Email
		}
		entry := map[string]any{"entity_type": h.EntityType, "title": h.Title, "score": h.Score, "user": user}
		if h.URL != "" {
			entry["url"] = h.URL
		}
		if h.LastModified != "" {
			entry["last_modified"] = h.LastModified
		}
		out = append(out, entry)
	}
	return out
}
