package storage

import "strings"

// maxPrefix bounds, in bytes, the run of container syntax (indentation,
// '>' and list markers) at the start of a Markdown line. goldmark's block
// parsing is worse than quadratic in nesting depth (a 4000-level list takes
// minutes), so FromMarkdown cuts longer prefixes; no real document nests
// fifty levels deep. Inside code blocks this trims absurd indentation.
const maxPrefix = 128

// clampNesting shortens over-long container prefixes, keeping line content.
func clampNesting(md string) string {
	var b strings.Builder
	start := 0 // start of the not yet copied input
	for i := 0; i < len(md); {
		end := strings.IndexByte(md[i:], '\n')
		if end < 0 {
			end = len(md)
		} else {
			end += i
		}
		if end-i > maxPrefix {
			if p := prefixLen(md[i:end]); p > maxPrefix {
				if b.Len() == 0 {
					b.Grow(len(md))
				}
				b.WriteString(md[start : i+maxPrefix])
				// Keep one separator so the content stays out of the marker.
				b.WriteByte(' ')
				start = i + p
			}
		}
		i = end + 1
	}
	if start == 0 {
		return md
	}
	b.WriteString(md[start:])
	return b.String()
}

// prefixLen returns the length of the container syntax at the start of
// line: whitespace, '>' and list markers followed by whitespace.
func prefixLen(line string) int {
	i := 0
	for i < len(line) {
		switch c := line[i]; {
		case c == ' ' || c == '\t' || c == '>':
			i++
		case (c == '-' || c == '*' || c == '+') && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t'):
			i += 2
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j+1 < len(line) && (line[j] == '.' || line[j] == ')') && (line[j+1] == ' ' || line[j+1] == '\t') {
				i = j + 2
				continue
			}
			return i
		default:
			return i
		}
	}
	return i
}
