package mcphandler

import (
	"encoding/json"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/markup"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/storage"
)

// Rich text crosses the MCP boundary as Markdown. These helpers convert to
// and from each site's native format: ADF on Jira Cloud, wiki markup on
// Jira Server/DC, storage XHTML on Confluence.

// jiraText renders a Jira rich-text value (ADF object or wiki string) as
// Markdown.
func (c *call) jiraText(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return markup.WikiToMarkdown(t)
	default:
		raw, err := json.Marshal(t)
		if err != nil {
			return ""
		}
		doc, err := markup.ParseADF(raw)
		if err != nil {
			return ""
		}
		return markup.ADFToMarkdown(doc)
	}
}

// jiraRich converts Markdown to the site's rich-text value.
func (c *call) jiraRich(md string) any {
	if c.cloud() {
		return markup.MarkdownToADF(md)
	}
	return markup.MarkdownToWiki(md)
}

// pageMarkdown renders storage XHTML as Markdown; on a conversion failure
// it returns the storage itself so nothing is lost.
func (c *call) pageMarkdown(xhtml, pageID string) (string, string) {
	md, err := storage.ToMarkdown(xhtml, storage.ToMarkdownOptions{BaseURL: c.client.BaseURL().String(), PageID: pageID})
	if err != nil {
		return xhtml, "storage"
	}
	return md, "markdown"
}

// storageFromMarkdown converts Markdown to storage XHTML.
func storageFromMarkdown(md string, headingAnchors bool) string {
	return storage.FromMarkdown(md, storage.FromMarkdownOptions{HeadingAnchors: headingAnchors})
}
