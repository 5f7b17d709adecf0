//go:build nosandbox

package caddymodule

import (
	"errors"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// A build with -tags nosandbox leaves the in-memory Atlassian out: no
// atlassian_sandbox handler, and the sandbox fallback is refused.
func sandboxSites(string, atlassian.Deployment) (*Site, *Site, error) {
	return nil, nil, errors.New("this build leaves the sandbox out (-tags nosandbox): configure a real Jira/Confluence site instead of the sandbox fallback")
}
