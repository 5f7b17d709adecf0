// Package tool is how an MCP tool of this server is written: a Spec (what
// mcp-atlassian declares about the tool), a typed handler, and the shared
// references (IssueRef, PageRef, ...) whose allow-list checks run centrally
// before the handler. A tool is a value; a Toolset groups tools under
// mcp-atlassian's toolset names. The package knows nothing of HTTP or of
// how credentials are resolved: the MCP handler passes each call a Call
// bound to the caller's client.
package tool
