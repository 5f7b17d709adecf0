package jiratools

import (
	"encoding/json"
	"unicode/utf8"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/markup"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// markdown renders a Jira rich-text value (ADF object on Cloud, wiki
// string on Server/DC) as Markdown.
func markdown(v any) string {
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

// richText converts Markdown to the site's rich-text value: ADF on Cloud,
// wiki markup on Server/DC.
func richText(c *tool.Call, what, md string) (any, error) {
	if n := utf8.RuneCountInString(md); n > tool.MaxJiraChars {
		return nil, tool.BadInput("%s is %d characters; Jira text fields hold at most %d", what, n, tool.MaxJiraChars)
	}
	if err := tool.CheckMarkdown(what, md, 4*tool.MaxJiraChars); err != nil {
		return nil, err
	}
	if c.Cloud() {
		return markup.MarkdownToADF(md), nil
	}
	return markup.MarkdownToWiki(md), nil
}
