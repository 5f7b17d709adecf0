package jiratools

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// The internal-only guard (JIRA_INTERNAL_ONLY_PROJECTS, mcp-atlassian's
// name): in the listed projects, a Jira Service Management customer
// request is visible to its customer on the portal, so automation may
// only add internal notes there. Issues of those projects that are not
// customer requests have no portal audience and are not guarded.

// NormalizeProjectKey is how the guard compares keys: upper-cased,
// trimmed, percent-decoded, with zero-width characters removed (a key
// pasted from a browser may carry one invisibly, and an unmatched key
// would silently leave its project unguarded).
func NormalizeProjectKey(raw string) string {
	if dec, err := url.PathUnescape(raw); err == nil {
		raw = dec
	}
	raw = strings.Map(func(r rune) rune {
		switch r {
		case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
			return -1
		}
		return r
	}, raw)
	return strings.ToUpper(strings.TrimSpace(raw))
}

// projectSet is the configured keys, normalised once, as a set.
func projectSet(keys []string) map[string]bool {
	set := make(map[string]bool, len(keys))
	for _, k := range keys {
		set[NormalizeProjectKey(k)] = true
	}
	return set
}

// internalOnly reports whether an issue's project is guarded.
func (d *Deps) internalOnly(issueKey string) bool {
	return d.internalOnlyProjects[NormalizeProjectKey(tool.ProjectOfKey(NormalizeProjectKey(issueKey)))]
}

// guardedRequest reports whether the guard applies to this issue: its
// project is listed and it is a customer request. Failing to tell is an
// error, so that the guard fails closed.
func (d *Deps) guardedRequest(ctx context.Context, c *tool.Call, issueKey string) (bool, error) {
	if !d.internalOnly(issueKey) {
		return false, nil
	}
	isRequest, err := c.Jira().IsCustomerRequest(ctx, issueKey)
	if err != nil {
		return true, fmt.Errorf("%s is in an internal-only project, and whether it is a customer request could not be established: %w", issueKey, err)
	}
	return isRequest, nil
}

// RefuseCustomerVisibleComment is the guard for tools that would add a
// customer-visible comment (transition and link comments): it refuses
// one on a guarded customer request.
func (d *Deps) RefuseCustomerVisibleComment(ctx context.Context, c *tool.Call, issueKey string) error {
	guarded, err := d.guardedRequest(ctx, c, issueKey)
	if err != nil {
		return err
	}
	if guarded {
		return internalOnlyError(issueKey)
	}
	return nil
}

func internalOnlyError(issueKey string) error {
	return tool.BadInput("%s is a customer request in an internal-only project (JIRA_INTERNAL_ONLY_PROJECTS): automation may only add internal notes there, so call jira_add_comment with public=false; for client-facing text, post an internal note marked as a draft for a human to publish", issueKey)
}

// refuseEditingPublicComment is the guard for jira_edit_comment: on a
// guarded customer request, a comment the customer can see may not be
// rewritten by automation; internal notes may.
func (d *Deps) refuseEditingPublicComment(ctx context.Context, c *tool.Call, issueKey, commentID string) error {
	guarded, err := d.guardedRequest(ctx, c, issueKey)
	if err != nil || !guarded {
		return err
	}
	public, err := c.Jira().RequestCommentIsPublic(ctx, issueKey, commentID)
	if err != nil {
		return fmt.Errorf("%s is a customer request in an internal-only project, and whether comment %s is public could not be established: %w", issueKey, commentID, err)
	}
	if public {
		return tool.BadInput("comment %s on %s is visible to the customer, and %s is an internal-only project (JIRA_INTERNAL_ONLY_PROJECTS): automation may not rewrite it; add an internal note with jira_add_comment public=false instead", commentID, issueKey, tool.ProjectOfKey(issueKey))
	}
	return nil
}
