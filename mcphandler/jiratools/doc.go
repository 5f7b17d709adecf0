// Package jiratools holds the Jira tools, one file per mcp-atlassian
// toolset. Each tool is a function returning a tool.Tool; Toolsets lists
// them under their toolsets. Rich text crosses the MCP boundary as
// Markdown: ADF on Cloud and wiki markup on Server/DC are converted here.
package jiratools
