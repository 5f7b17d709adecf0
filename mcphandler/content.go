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

// Size limits on Markdown a tool accepts. Jira refuses text fields over
// 32,767 characters anyway; the limits keep a hostile argument from tying
// up the converters (Markdown link parsing is quadratic on some inputs).
const (
	maxJiraMarkdown = 256 << 10
	maxPageMarkdown = 4 << 20
)

// jiraRich converts Markdown to the site's rich-text value.
func (c *call) jiraRich(what, md string) (any, error) {
	if len(md) > maxJiraMarkdown {
		return nil, badInput("%s is %d bytes; Jira text fields hold at most 32,767 characters", what, len(md))
	}
	if c.cloud() {
		return markup.MarkdownToADF(md), nil
	}
	return markup.MarkdownToWiki(md), nil
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
func storageFromMarkdown(what, md string, headingAnchors bool) (string, error) {
	if len(md) > maxPageMarkdown {
		return "", badInput("%s is %d bytes; the limit is %d", what, len(md), maxPageMarkdown)
	}
	return storage.FromMarkdown(md, storage.FromMarkdownOptions{HeadingAnchors: headingAnchors}), nil
}
