package confluencetools

import (
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/storage"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// pageMarkdown renders storage XHTML as Markdown; on a conversion failure
// it returns the storage itself so nothing is lost.
func pageMarkdown(c *tool.Call, xhtml, pageID string) (string, string) {
	md, err := storage.ToMarkdown(xhtml, storage.ToMarkdownOptions{BaseURL: c.BaseURL(), PageID: pageID})
	if err != nil {
		return xhtml, "storage"
	}
	return md, "markdown"
}

// storageFromMarkdown converts Markdown to storage XHTML.
func storageFromMarkdown(what, md string, headingAnchors bool) (string, error) {
	if err := tool.CheckMarkdown(what, md, tool.MaxPageMarkdown); err != nil {
		return "", err
	}
	return storage.FromMarkdown(md, storage.FromMarkdownOptions{HeadingAnchors: headingAnchors}), nil
}
