package storage

import (
	"strings"
	"testing"
)

func TestEmptyInput(t *testing.T) {
	if got := toMarkdown(t, "", ToMarkdownOptions{}); got != "" {
		t.Errorf("ToMarkdown(\"\") = %q", got)
	}
	if got := toMarkdown(t, "  \n ", ToMarkdownOptions{}); got != "" {
		t.Errorf("ToMarkdown(blank) = %q", got)
	}
	if got := FromMarkdown("", FromMarkdownOptions{}); got != "" {
		t.Errorf("FromMarkdown(\"\") = %q", got)
	}
}

// TestMalformedStorage checks that broken storage is repaired the forgiving
// way rather than rejected or mangled.
func TestMalformedStorage(t *testing.T) {
	tests := []struct{ name, storage, want string }{
		{"unclosed elements", `<p><strong>bold<p>next`, "**bold**\n\n**next**"},
		{"stray end tags", `</div></p><p>text</em></p></ul>`, "text"},
		{"mismatched end tag", `<p><em>a</strong> b</p>`, "*a b*"},
		{"unterminated CDATA", `<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[x < y`, "```\nx < y\n```"},
		{"truncated macro", `<p>a</p><ac:structured-macro ac:name="info"><ac:rich-text-body><p>b`, "a\n\n> [!INFO]\n> b"},
		{"truncated tag", `<p>a</p><ac:link><ri:page ri:content-title="T`, "a"},
		{"angle brackets", `<<<>>> a < b > c`, "&lt;&lt;&lt;&gt;&gt;&gt; a &lt; b &gt; c"},
		{"unterminated comment", `<p>a</p><!-- b`, "a"},
		{"self-closing unknown element", `<p><ri:page ri:content-title="x"/>after</p>`, "after"},
		{"html document", `<!DOCTYPE html><html><head><title>t</title><style>p{}</style></head><body><p>hi</p></body></html>`, "hi"},
		{"macro without name", `<ac:structured-macro><ac:parameter ac:name="a">b</ac:parameter></ac:structured-macro>`, `<!-- confluence macro: "" a=b -->`},
		{"control characters", "<p>a\x00b\x07c\uF002d</p>", "abcd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := toMarkdown(t, tt.storage, ToMarkdownOptions{}); got != tt.want {
				t.Errorf("\n--- want\n%s\n--- got\n%s", tt.want, got)
			}
		})
	}
}

// hostileInputs are large or deeply nested inputs in both formats.
func hostileInputs(n int) (storage, markdown map[string]string) {
	storage = map[string]string{
		"deep divs":       strings.Repeat("<div>", n) + "x" + strings.Repeat("</div>", n),
		"deep lists":      strings.Repeat("<ul><li>", n) + "x" + strings.Repeat("</li></ul>", n),
		"deep macros":     strings.Repeat(`<ac:structured-macro ac:name="info"><ac:rich-text-body>`, n) + "x",
		"unclosed tags":   strings.Repeat("<p><strong><em>", n),
		"stray end tags":  strings.Repeat("</p></li></ac:link>", n),
		"many paragraphs": strings.Repeat("<p>Some <strong>text</strong> &amp; more.</p>", n),
		"wide table":      "<table><tr>" + strings.Repeat("<td><p>a</p><ul><li>b</li></ul></td>", n) + "</tr></table>",
		"many ampersands": "<p>" + strings.Repeat("&amp;amp;", n) + "</p>",
		"long text":       "<p>" + strings.Repeat("word ", n*10) + "</p>",
	}
	markdown = map[string]string{
		"deep quotes":        strings.Repeat(">", n) + " x\n" + strings.Repeat("> y\n", n),
		"deep lists":         deepMarkdownList(n),
		"deep details":       strings.Repeat("<details>\n<summary>s</summary>\n\n", n) + "x",
		"brackets":           strings.Repeat("[", n) + "x" + strings.Repeat("]", n),
		"emphasis":           strings.Repeat("*a **b ", n),
		"backticks":          strings.Repeat("`", n) + "x" + strings.Repeat("``", n),
		"many inline tags":   strings.Repeat("<u>", n) + "x",
		"many alerts":        strings.Repeat("> [!INFO]\n> x\n\n", n),
		"many mentions":      strings.Repeat("[~a] ", n),
		"many placeholders":  strings.Repeat("<!-- confluence macro: x a=1 -->\n\n", n),
		"many entities":      strings.Repeat("&amp;&#65;&", n),
		"table":              "| a |\n|---|\n" + strings.Repeat("| x |\n", n),
		"long line":          strings.Repeat("word ", n*10),
		"unclosed code":      "```\n" + strings.Repeat("x\n", n),
		"nested inline html": strings.Repeat("<b><i>", n) + strings.Repeat("</i></b>", n),
	}
	return storage, markdown
}

func deepMarkdownList(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(strings.Repeat("  ", i))
		b.WriteString("- x\n")
	}
	return b.String()
}

// TestHostileInput checks hostile inputs convert without panicking and
// produce well-formed storage. How their cost grows with size is measured by
// BenchmarkHostileScaling, not asserted here: timings in tests are flaky.
func TestHostileInput(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	big, bigMD := hostileInputs(4000)
	for name := range big {
		t.Run("storage "+name, func(t *testing.T) {
			md := toMarkdown(t, big[name], ToMarkdownOptions{})
			checkWellFormed(t, FromMarkdown(md, FromMarkdownOptions{}))
		})
	}
	for name := range bigMD {
		t.Run("markdown "+name, func(t *testing.T) {
			s := FromMarkdown(bigMD[name], FromMarkdownOptions{HeadingAnchors: true})
			if name != "deep quotes" {
				// encoding/xml refuses nesting deeper than 10000.
				checkWellFormed(t, s)
			}
			toMarkdown(t, s, ToMarkdownOptions{})
		})
	}
}

// TestHugeInput converts a page of several megabytes.
func TestHugeInput(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	page := strings.Repeat(loadPage(t), 300) // ~3 MB
	md := toMarkdown(t, page, ToMarkdownOptions{})
	checkWellFormed(t, FromMarkdown(md, FromMarkdownOptions{}))
}
