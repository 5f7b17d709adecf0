package tool

import (
	"encoding/json"
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

// ParseList reads an argument that mcp-atlassian takes either as a JSON
// array of strings or as a comma-separated list (file paths, users).
// Entries are trimmed and empty ones dropped either way; an empty argument
// is an empty list, which the caller judges.
func ParseList(arg, raw string) ([]string, error) {
	raw = strings.TrimSpace(raw)
	if !strings.HasPrefix(raw, "[") {
		return SplitList(raw), nil
	}
	var items []any
	if err := json.Unmarshal([]byte(raw), &items); err != nil {
		return nil, BadInput("%s is not a JSON array (%v); write it like [\"a\", \"b\"] or as a comma-separated list a,b", arg, err)
	}
	var out []string
	for i, item := range items {
		s, ok := item.(string)
		if !ok {
			return nil, BadInput("%s[%d] is %s, not a string; write %s like [\"a\", \"b\"] or as a comma-separated list a,b", arg, i, jsonKind(item), arg)
		}
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out, nil
}

// jsonKind names the JSON type of a decoded value, for error messages
// that must not echo the value itself.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case float64:
		return "a number"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return "a string"
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
