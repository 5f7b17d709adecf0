// Package confluencetools holds the Confluence tools, one file per
// mcp-atlassian toolset. Page bodies cross the MCP boundary as Markdown and
// are converted from and to Confluence's storage XHTML here.
package confluencetools
