package tool

import (
	"context"
	"fmt"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/confluence"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/jira"
)

// Inputs embed these refs to name the resource a tool works on. The
// projects/spaces allow-list is then enforced here, once, before the
// handler runs, on the resource as Atlassian resolves it: an issue moved
// to another project keeps answering to its old key, so the key's prefix
// alone proves nothing.

// IssueRef names one Jira issue.
type IssueRef struct {
	IssueKey string `json:"issue_key" jsonschema:"Jira issue key, e.g. 'PROJ-123'"`
}

func (r IssueRef) issueKey() string { return r.IssueKey }

// ProjectRef names one Jira project.
type ProjectRef struct {
	ProjectKey string `json:"project_key" jsonschema:"Jira project key, e.g. 'PROJ'"`
}

func (r ProjectRef) projectKey() string { return r.ProjectKey }

// PageRef names one Confluence page by its numeric id.
type PageRef struct {
	PageID string `json:"page_id" jsonschema:"Confluence page id"`
}

func (r PageRef) pageID() string { return r.PageID }

// SpaceRef names one Confluence space.
type SpaceRef struct {
	SpaceKey string `json:"space_key" jsonschema:"Confluence space key, e.g. 'DEV'"`
}

func (r SpaceRef) spaceKey() string { return r.SpaceKey }

type (
	issueReferrer   interface{ issueKey() string }
	projectReferrer interface{ projectKey() string }
	pageReferrer    interface{ pageID() string }
	spaceReferrer   interface{ spaceKey() string }
)

// checkRefs enforces the allow-list on every ref the input embeds.
func (c *Call) checkRefs(ctx context.Context, in any) error {
	if r, ok := in.(projectReferrer); ok {
		if err := c.CheckProject(r.projectKey()); err != nil {
			return err
		}
	}
	if r, ok := in.(spaceReferrer); ok {
		if err := c.CheckSpace(r.spaceKey()); err != nil {
			return err
		}
	}
	if r, ok := in.(issueReferrer); ok {
		if err := c.CheckIssue(ctx, r.issueKey()); err != nil {
			return err
		}
	}
	if r, ok := in.(pageReferrer); ok {
		if err := c.CheckPage(ctx, r.pageID()); err != nil {
			return err
		}
	}
	return nil
}

// CheckIssue enforces the projects allow-list on an issue as Jira resolves
// it now. Without an allow-list it costs nothing; with one, one read.
func (c *Call) CheckIssue(ctx context.Context, key string) error {
	if len(c.Filter) == 0 {
		return nil
	}
	// A key outside the list by its prefix needs no request to refuse; a
	// key inside it may still have moved out.
	if err := c.CheckProject(ProjectOfKey(key)); err != nil {
		return err
	}
	project, err := c.Jira().IssueProject(ctx, key)
	if err != nil {
		return err
	}
	return c.CheckProject(project)
}

// CheckIssueFields re-checks an issue already read (with its project
// field) against the allow-list.
func (c *Call) CheckIssueFields(is *jira.Issue) error {
	if len(c.Filter) == 0 {
		return nil
	}
	project, ok := is.ProjectKey()
	if !ok {
		return fmt.Errorf("cannot tell which project %s is in, and this server only serves projects %s", is.Key, strings.Join(c.Filter, ", "))
	}
	return c.CheckProject(project)
}

// CheckProject enforces the projects allow-list on a project key.
func (c *Call) CheckProject(project string) error {
	if len(c.Filter) > 0 && !ContainsFold(c.Filter, project) {
		return fmt.Errorf("project %s is not in this server's allowed projects (%s)", truncate(project, 64), strings.Join(c.Filter, ", "))
	}
	return nil
}

// CheckPage enforces the spaces allow-list on a page named by id, as
// Confluence resolves it; it costs one read only with an allow-list.
func (c *Call) CheckPage(ctx context.Context, pageID string) error {
	return c.CheckPageParam(ctx, "page_id", pageID)
}

// CheckPageParam is CheckPage for a page id given in the parameter param
// (parent_id, source_page_id, ...), which a malformed id's error names.
func (c *Call) CheckPageParam(ctx context.Context, param, pageID string) error {
	if !IsDigits(pageID) {
		return BadInput("%s %q is not a numeric page id", param, truncate(pageID, 64))
	}
	if len(c.Filter) == 0 {
		return nil
	}
	// The id may be a blog post's: attachments, labels and comments take
	// either.
	page, err := c.Confluence().ContentHead(ctx, pageID)
	if err != nil {
		return err
	}
	if err := c.CheckSpace(page.SpaceKey); err != nil {
		return err
	}
	c.checked, c.checkedID = page, pageID
	return nil
}

// ContentHead is what names and places the page or blog post id (see
// confluence.Client.ContentHead): as the allow-list check of this call
// read it, or, when there was none, as read now.
func (c *Call) ContentHead(ctx context.Context, id string) (*confluence.Page, error) {
	if c.checked != nil && c.checkedID == id {
		return c.checked, nil
	}
	return c.Confluence().ContentHead(ctx, id)
}

// ContentType is the type ("page", "blogpost") of the page or blog post
// id as the allow-list check of this call read it, "" when it read none:
// the Confluence client then finds the type out itself, at no cost for a
// page (see confluence/content.go).
func (c *Call) ContentType(id string) string {
	if c.checked != nil && c.checkedID == id {
		return c.checked.Type
	}
	return ""
}

// CheckSpace enforces the spaces allow-list on a space key. An unknown
// space (empty key) is outside any list.
func (c *Call) CheckSpace(space string) error {
	if len(c.Filter) > 0 && !ContainsFold(c.Filter, space) {
		if space == "" {
			return fmt.Errorf("cannot tell which space this page is in, and this server only serves spaces %s", strings.Join(c.Filter, ", "))
		}
		return fmt.Errorf("space %s is not in this server's allowed spaces (%s)", truncate(space, 64), strings.Join(c.Filter, ", "))
	}
	return nil
}

// ProjectOfKey is the project part of an issue key.
func ProjectOfKey(key string) string {
	if i := strings.LastIndex(key, "-"); i > 0 {
		p := key[:i]
		// Sub-numbered keys such as PROJ-1-2 keep only the letters part.
		if j := strings.Index(p, "-"); j > 0 {
			p = p[:j]
		}
		return p
	}
	return key
}

// ContainsFold reports whether list holds s, ignoring case.
func ContainsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// IsDigits reports whether s is a non-empty run of ASCII digits.
func IsDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
