package jiratools

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/jira"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// linkTools are the tools of mcp-atlassian's jira_links toolset that this server
// implements, in mcp-atlassian's order.
func linkTools(d *Deps) []tool.Tool {
	return []tool.Tool{getLinkTypes(d), linkToEpic(d), createIssueLink(d), createRemoteIssueLink(d), removeIssueLink(d)}
}

type getLinkTypesInput struct {
	NameFilter string `json:"name_filter,omitempty" jsonschema:"Only link types whose name contains this text (case-insensitive)"`
}

func getLinkTypes(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_link_types", Title: "Get Link Types", Product: atlassian.Jira, Toolset: "jira_links",
		Description: "Get the issue link types of the site (e.g. Blocks, Relates), with their inward and outward phrases.",
		Params:      map[string]tool.Param{"name_filter": {MaxLength: tool.Length(255)}},
	}, func(ctx context.Context, c *tool.Call, in getLinkTypesInput) (any, error) {
		types, err := c.Jira().LinkTypes(ctx)
		if err != nil {
			return nil, err
		}
		out := []map[string]any{}
		for _, t := range types {
			if in.NameFilter != "" && !strings.Contains(strings.ToLower(str(t["name"])), strings.ToLower(in.NameFilter)) {
				continue
			}
			out = append(out, map[string]any{"id": str(t["id"]), "name": str(t["name"]), "inward": str(t["inward"]), "outward": str(t["outward"])})
		}
		return out, nil
	})
}

type linkToEpicInput struct {
	tool.IssueRef
	EpicKey string `json:"epic_key" jsonschema:"Key of the epic, e.g. 'PROJ-456'"`
}

func linkToEpic(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_link_to_epic", Title: "Link to Epic", Product: atlassian.Jira, Toolset: "jira_links", Write: true, Destructive: true,
		Description: "Put an existing issue into an epic (its parent on Cloud, its Epic Link on Server/DC).",
		// epic_key is checked in the handler, after issue_key's allow-list
		// check, so that a refused issue is refused as such.
		Params:  map[string]tool.Param{"epic_key": {MaxLength: tool.Length(255)}},
		Aliases: map[string]string{"epicKey": "epic_key", "epic_link": "epic_key"},
	}, func(ctx context.Context, c *tool.Call, in linkToEpicInput) (any, error) {
		if !issueKeyRE.MatchString(in.EpicKey) {
			return nil, tool.BadInput("epic_key %q is not an issue key: give the epic's key, e.g. PROJ-456", in.EpicKey)
		}
		if err := c.CheckIssue(ctx, in.EpicKey); err != nil {
			return nil, err
		}
		epic, err := c.Jira().GetIssue(ctx, in.EpicKey, jira.IssueQuery{Fields: []string{"issuetype"}})
		if err != nil {
			return nil, fmt.Errorf("reading epic %s: %w", in.EpicKey, err)
		}
		if t, _ := epic.Fields["issuetype"].(map[string]any); !strings.EqualFold(str(t["name"]), "epic") {
			return nil, tool.BadInput("epic_key %s is a %s, not an Epic: give the key of an epic", in.EpicKey, orUnknown(str(t["name"])))
		}
		field, value, err := d.epicField(ctx, c, in.EpicKey)
		if err != nil {
			return nil, err
		}
		if err := c.Jira().UpdateIssue(ctx, in.IssueKey, map[string]any{field: value}, nil); err != nil {
			return nil, fmt.Errorf("linking %s to epic %s: %w", in.IssueKey, in.EpicKey, err)
		}
		issue, err := c.Jira().GetIssue(ctx, in.IssueKey, jira.IssueQuery{Fields: tool.SplitList(DefaultFields + ",parent")})
		if err != nil {
			return nil, fmt.Errorf("%s was linked to %s but reading it back failed: %w", in.IssueKey, in.EpicKey, err)
		}
		out := simplifyIssue(c, issue, false)
		out["epic_key"] = in.EpicKey
		return map[string]any{"message": fmt.Sprintf("Issue %s has been linked to epic %s.", in.IssueKey, in.EpicKey), "issue": out}, nil
	})
}

// epicLinkType is the custom field type of Server/DC's Epic Link field.
const epicLinkType = "com.pyxis.greenhopper.jira:gh-epic-link"

// epicField is the field that puts an issue into an epic, with its value:
// parent on Cloud (and on Server/DC sites without Jira Software's Epic
// Link), the Epic Link custom field on Server/DC.
func (d *Deps) epicField(ctx context.Context, c *tool.Call, epicKey string) (string, any, error) {
	if !c.Cloud() {
		fields, err := d.Fields.get(ctx, c.Jira())
		if err != nil {
			return "", nil, fmt.Errorf("finding the Epic Link field: %w", err)
		}
		for _, f := range fields {
			if f.Schema != nil && f.Schema.Custom == epicLinkType {
				return f.ID, epicKey, nil
			}
		}
	}
	return "parent", map[string]any{"key": epicKey}, nil
}

var issueKeyRE = regexp.MustCompile(tool.DefaultIssueKeyPattern)

// issueKeyParam is the schema of an issue key under another name than
// issue_key.
var issueKeyParam = tool.Param{Pattern: tool.DefaultIssueKeyPattern, MaxLength: tool.Length(255), Hint: "expected a Jira issue key such as PROJ-123"}

type createIssueLinkInput struct {
	LinkType          string `json:"link_type" jsonschema:"Link type name, e.g. 'Blocks', 'Duplicate', 'Relates'"`
	InwardIssueKey    string `json:"inward_issue_key" jsonschema:"Key of the inward issue, e.g. 'PROJ-123'"`
	OutwardIssueKey   string `json:"outward_issue_key" jsonschema:"Key of the outward issue, e.g. 'PROJ-456'"`
	Comment           string `json:"comment,omitempty" jsonschema:"Comment to add with the link, in Markdown"`
	CommentVisibility string `json:"comment_visibility,omitempty" jsonschema:"JSON visibility of the comment, e.g. {\"type\":\"group\",\"value\":\"jira-users\"}"`
}

func createIssueLink(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_create_issue_link", Title: "Create Issue Link", Product: atlassian.Jira, Toolset: "jira_links", Write: true,
		Description: "Link two Jira issues with a link type (see jira_get_link_types).",
		Params: map[string]tool.Param{
			"link_type": {MaxLength: tool.Length(255)}, "inward_issue_key": issueKeyParam, "outward_issue_key": issueKeyParam,
		},
	}, func(ctx context.Context, c *tool.Call, in createIssueLinkInput) (any, error) {
		if strings.TrimSpace(in.LinkType) == "" {
			return nil, tool.BadInput("link_type is empty: give a link type name such as 'Blocks' (see jira_get_link_types)")
		}
		if in.InwardIssueKey == in.OutwardIssueKey {
			return nil, tool.BadInput("inward_issue_key and outward_issue_key are both %s: an issue cannot be linked to itself", in.InwardIssueKey)
		}
		for _, k := range []string{in.InwardIssueKey, in.OutwardIssueKey} {
			if err := c.CheckIssue(ctx, k); err != nil {
				return nil, err
			}
		}
		link := jira.NewIssueLink{Type: strings.TrimSpace(in.LinkType), Inward: in.InwardIssueKey, Outward: in.OutwardIssueKey}
		if in.Comment != "" {
			for _, k := range []string{in.InwardIssueKey, in.OutwardIssueKey} {
				if err := d.RefuseCustomerVisibleComment(ctx, c, k); err != nil {
					return nil, err
				}
			}
			var err error
			if link.Comment, err = richText(c, "comment", in.Comment); err != nil {
				return nil, err
			}
			if in.CommentVisibility != "" {
				if link.Visibility, err = parseVisibility(in.CommentVisibility); err != nil {
					return nil, err
				}
			}
		}
		if err := c.Jira().LinkIssues(ctx, link); err != nil {
			return nil, fmt.Errorf("linking %s to %s: %w", in.InwardIssueKey, in.OutwardIssueKey, err)
		}
		out := map[string]any{
			"success": true, "message": fmt.Sprintf("Link created between %s and %s", in.InwardIssueKey, in.OutwardIssueKey),
			"link_type": link.Type, "inward_issue": in.InwardIssueKey, "outward_issue": in.OutwardIssueKey,
		}
		// Jira answers no id; the inward issue's links name it, for
		// jira_remove_issue_link.
		if id := findLinkID(ctx, c, link); id != "" {
			out["link_id"] = id
		}
		return out, nil
	})
}

// findLinkID looks the new link up on its inward issue; "" when it cannot
// tell (the link was made all the same).
func findLinkID(ctx context.Context, c *tool.Call, l jira.NewIssueLink) string {
	is, err := c.Jira().GetIssue(ctx, l.Inward, jira.IssueQuery{Fields: []string{"issuelinks"}})
	if err != nil {
		return ""
	}
	for _, e := range asSlice(is.Fields["issuelinks"]) {
		m, _ := e.(map[string]any)
		t, _ := m["type"].(map[string]any)
		other, _ := m["outwardIssue"].(map[string]any)
		if (strings.EqualFold(str(t["name"]), l.Type) || str(t["id"]) == l.Type) && strings.EqualFold(str(other["key"]), l.Outward) {
			return str(m["id"])
		}
	}
	return ""
}

type createRemoteIssueLinkInput struct {
	tool.IssueRef
	URL          string `json:"url" jsonschema:"URL to link to, e.g. a web or Confluence page"`
	Title        string `json:"title" jsonschema:"Title shown for the link"`
	Summary      string `json:"summary,omitempty" jsonschema:"Description of the link"`
	Relationship string `json:"relationship,omitempty" jsonschema:"Relationship, e.g. 'documentation', 'causes'"`
	IconURL      string `json:"icon_url,omitempty" jsonschema:"URL of a 16x16 icon"`
}

func createRemoteIssueLink(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_create_remote_issue_link", Title: "Create Remote Issue Link", Product: atlassian.Jira, Toolset: "jira_links", Write: true,
		Description: "Add a web or Confluence link to a Jira issue (shown in its Links section).",
		Params: map[string]tool.Param{
			"url": {MaxLength: tool.Length(2048)}, "icon_url": {MaxLength: tool.Length(2048)}, "title": {MaxLength: tool.Length(255)},
		},
	}, func(ctx context.Context, c *tool.Call, in createRemoteIssueLinkInput) (any, error) {
		for param, v := range map[string]string{"url": in.URL, "icon_url": in.IconURL} {
			if err := checkLinkURL(param, v); err != nil {
				return nil, err
			}
		}
		if strings.TrimSpace(in.Title) == "" {
			return nil, tool.BadInput("title is empty: give the text the link shows, e.g. 'Design document'")
		}
		object := map[string]any{"url": in.URL, "title": in.Title}
		if in.Summary != "" {
			object["summary"] = in.Summary
		}
		if in.IconURL != "" {
			object["icon"] = map[string]any{"url16x16": in.IconURL, "title": in.Title}
		}
		link := map[string]any{"object": object}
		if in.Relationship != "" {
			link["relationship"] = in.Relationship
		}
		created, err := c.Jira().CreateRemoteLink(ctx, in.IssueKey, link)
		if err != nil {
			return nil, fmt.Errorf("adding a remote link to %s: %w", in.IssueKey, err)
		}
		out := map[string]any{
			"success": true, "message": "Remote link created for issue " + in.IssueKey, "issue_key": in.IssueKey,
			"link_title": in.Title, "link_url": in.URL, "relationship": in.Relationship,
		}
		if id, ok := created["id"]; ok {
			out["link_id"] = id
		}
		return out, nil
	})
}

// checkLinkURL accepts an absolute http(s) URL; "" for an optional one.
func checkLinkURL(param, s string) error {
	if s == "" && param != "url" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return tool.BadInput("%s %q is not an absolute http(s) URL such as https://example.com/page", param, s)
	}
	return nil
}

type removeIssueLinkInput struct {
	LinkID string `json:"link_id" jsonschema:"Id of the link, from the issue's issuelinks or jira_create_issue_link"`
}

func removeIssueLink(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_remove_issue_link", Title: "Remove Issue Link", Product: atlassian.Jira, Toolset: "jira_links", Write: true, Destructive: true,
		Description: "Remove a link between two Jira issues.",
		Params:      map[string]tool.Param{"link_id": {Pattern: `^\d+$`, MaxLength: tool.Length(32), Hint: "expected a numeric issue link id"}},
	}, func(ctx context.Context, c *tool.Call, in removeIssueLinkInput) (any, error) {
		if len(c.Filter) > 0 {
			link, err := c.Jira().IssueLink(ctx, in.LinkID)
			if err != nil {
				return nil, err
			}
			for _, side := range []string{"inwardIssue", "outwardIssue"} {
				is, _ := link[side].(map[string]any)
				if err := c.CheckIssue(ctx, str(is["key"])); err != nil {
					return nil, err
				}
			}
		}
		if err := c.Jira().DeleteIssueLink(ctx, in.LinkID); err != nil {
			return nil, fmt.Errorf("removing issue link %s: %w", in.LinkID, err)
		}
		return map[string]any{"success": true, "message": fmt.Sprintf("Link with ID %s has been removed", in.LinkID), "link_id": in.LinkID}, nil
	})
}

func orUnknown(s string) string {
	if s == "" {
		return "issue of unknown type"
	}
	return s
}
