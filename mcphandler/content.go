package mcphandler

import (
	"encoding/json"
	"regexp"
	"strings"
	"unicode/utf8"

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

// Limits on Markdown a tool accepts. Jira refuses text fields over 32,767
// characters anyway. Markdown inline parsing (goldmark's, like cmark's) is
// quadratic on some hostile paragraphs, e.g. thousands of unclosed "[a](",
// so one paragraph is bounded too: at the limit a conversion stays well
// under a second, and real text splits paragraphs long before it.
const (
	maxJiraChars     = 32767
	maxPageMarkdown  = 1 << 20
	maxParagraphSize = 16 << 10
)

// checkMarkdown enforces the limits above.
func checkMarkdown(what, md string, maxBytes int) error {
	if len(md) > maxBytes {
		return badInput("%s is %d bytes; the limit is %d", what, len(md), maxBytes)
	}
	if n := longestParagraph(md); n > maxParagraphSize {
		return badInput("%s has a paragraph of %d bytes without a blank line; split it into paragraphs of at most %d bytes", what, n, maxParagraphSize)
	}
	return nil
}

// longestParagraph measures the longest run of text lines that Markdown
// parses inline as one unit. Blank lines, headings, list items, table rows
// and fenced code end a run.
func longestParagraph(md string) int {
	longest, run, fenced := 0, 0, false
	for line := range strings.Lines(md) {
		t := strings.TrimLeft(line, " \t>")
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fenced, run = !fenced, 0
			continue
		}
		if fenced || strings.TrimSpace(t) == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "|") || listItem.MatchString(t) {
			run = len(t)
			if fenced || strings.TrimSpace(t) == "" {
				run = 0
			}
		} else {
			run += len(t)
		}
		longest = max(longest, run)
	}
	return longest
}

var listItem = regexp.MustCompile(`^([-*+]|\d{1,9}[.)])(\s|$)`)

// jiraRich converts Markdown to the site's rich-text value.
func (c *call) jiraRich(what, md string) (any, error) {
	if n := utf8.RuneCountInString(md); n > maxJiraChars {
		return nil, badInput("%s is %d characters; Jira text fields hold at most %d", what, n, maxJiraChars)
	}
	if err := checkMarkdown(what, md, 4*maxJiraChars); err != nil {
		return nil, err
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
	if err := checkMarkdown(what, md, maxPageMarkdown); err != nil {
		return "", err
	}
	return storage.FromMarkdown(md, storage.FromMarkdownOptions{HeadingAnchors: headingAnchors}), nil
}
