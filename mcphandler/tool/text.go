package tool

import (
	"regexp"
	"strings"
)

// SplitList parses a comma-separated argument or setting, trimming entries
// and dropping empty ones. Names stay case-sensitive.
func SplitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// Limits on Markdown a tool accepts. Jira refuses text fields over 32,767
// characters anyway. Markdown inline parsing (goldmark's, like cmark's) is
// quadratic on some hostile paragraphs, e.g. thousands of unclosed "[a](",
// so one paragraph is bounded too: at the limit a conversion stays well
// under a second, and real text splits paragraphs long before it.
const (
	MaxJiraChars     = 32767
	MaxPageMarkdown  = 1 << 20
	MaxParagraphSize = 16 << 10
)

// CheckMarkdown enforces the limits above.
func CheckMarkdown(what, md string, maxBytes int) error {
	if len(md) > maxBytes {
		return BadInput("%s is %d bytes; the limit is %d", what, len(md), maxBytes)
	}
	if n := longestParagraph(md); n > MaxParagraphSize {
		return BadInput("%s has a paragraph of %d bytes without a blank line; split it into paragraphs of at most %d bytes", what, n, MaxParagraphSize)
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
