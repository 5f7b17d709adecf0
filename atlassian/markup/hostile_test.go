package markup

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// timed runs one conversion of a hostile input. Its cost is measured by
// BenchmarkHostileLinkOpeners and the other benchmarks, never asserted in
// tests (timings on a shared CI machine are not reliable); the test checks
// that hostile input converts at all, without panics, and validly.
func timed(t *testing.T, what string, f func()) {
	t.Helper()
	f()
}

func nestedListMD(depth int) string {
	var b strings.Builder
	for i := 0; i < depth; i++ {
		b.WriteString(strings.Repeat("  ", i))
		b.WriteString("- level\n")
	}
	return b.String()
}

func TestHostileMarkdown(t *testing.T) {
	inputs := map[string]string{
		"deep quotes":     strings.Repeat(">", 5000) + " x",
		"deep list":       nestedListMD(300),
		"deep mixed list": strings.Repeat("1. - ", 2000) + "x",
		"stars":           strings.Repeat("*a ", 24000),
		"nested stars":    strings.Repeat("*", 3000) + "a" + strings.Repeat("*", 3000),
		"underscores":     strings.Repeat("_a_b ", 16000),
		"tildes":          strings.Repeat("~a ", 24000),
		"open brackets":   strings.Repeat("[", 40000),
		// goldmark rescans the rest of the line for every unclosed "[a](",
		// which is quadratic; 32 KB is the size limit of a Jira text field.
		"link openers":   strings.Repeat("[a](", 2000),
		"mixed emphasis": strings.Repeat("*a_b*c_d**e_f*g**h*i_j**", 1400),
		"images":         strings.Repeat("![", 20000),
		"backticks":      strings.Repeat("`a", 24000),
		"mentions":       strings.Repeat("[~a] @[b](accountid:c) ", 8000),
		"html tags":      strings.Repeat("<u>a", 12000) + strings.Repeat("</u>", 12000),
		"details":        strings.Repeat("<details><summary>x</summary>\n\n", 1000),
		"details inline": strings.Repeat("<details><summary>x</summary>y", 500) + "</details>",
		"big table":      "| a | b |\n|---|---|\n" + strings.Repeat("| x | **y** |\n", 8000),
		"wide table":     "|" + strings.Repeat(" a |", 5000) + "\n|" + strings.Repeat("---|", 5000) + "\n",
		"long line":      strings.Repeat("word ", 80000),
		"many lines":     strings.Repeat("line\n", 40000),
		"hard breaks":    strings.Repeat("a\\\n", 20000),
		"alerts":         strings.Repeat("> [!NOTE]\n> x\n\n", 4000),
		"unclosed fence": "```go\n" + strings.Repeat("code\n", 20000),
		"entities":       strings.Repeat("&amp;&#1234;&bogus; ", 12000),
		"invalid utf8":   strings.Repeat("\xff\xfe a *b* ", 8000),
		"nul bytes":      "a\x00b **\x00** [x](\x00)",
		"crlf":           strings.Repeat("- a\r\n  - b\r\n", 4000),
	}
	for name, md := range inputs {
		t.Run(name, func(t *testing.T) {
			var doc *ADFNode
			timed(t, "MarkdownToADF", func() { doc = MarkdownToADF(md) })
			if err := validateADF(doc); err != nil {
				t.Fatalf("invalid ADF: %v", err)
			}
			timed(t, "ADFToMarkdown", func() { _ = ADFToMarkdown(doc) })
			var wiki string
			timed(t, "MarkdownToWiki", func() { wiki = MarkdownToWiki(md) })
			timed(t, "WikiToMarkdown", func() { _ = WikiToMarkdown(wiki) })
			if utf8.ValidString(md) && !utf8.ValidString(wiki) {
				t.Error("wiki output is not valid UTF-8")
			}
		})
	}
}

func TestHostileWiki(t *testing.T) {
	inputs := map[string]string{
		"stars":            strings.Repeat("*a ", 24000),
		"all delimiters":   strings.Repeat("*_-+^~??a ", 8000),
		"closers only":     strings.Repeat("a* ", 24000),
		"braces":           strings.Repeat("{*}a ", 16000),
		"open brackets":    strings.Repeat("[", 40000),
		"brackets":         strings.Repeat("[a|", 20000) + "]",
		"double braces":    strings.Repeat("{{", 40000),
		"bangs":            strings.Repeat("!a.b ", 20000),
		"pipes":            strings.Repeat("|", 40000),
		"header pipes":     strings.Repeat("||a", 20000),
		"table rows":       strings.Repeat("|a|b|\n", 12000),
		"table no end":     strings.Repeat("|a\n", 12000),
		"unclosed code":    "{code:go}\n" + strings.Repeat("x := 1\n", 20000),
		"many code tags":   strings.Repeat("{code}", 20000),
		"inline code tags": strings.Repeat("a {code}b ", 20000),
		"nested macros":    strings.Repeat("{quote}{info}{note}{warning}{tip}{panel}{expand}", 3000),
		"unclosed macros":  strings.Repeat("{info}\nx\n", 8000),
		"color tags":       strings.Repeat("{color:red}", 20000),
		"macro-ish":        strings.Repeat("{color", 20000),
		"deep list":        strings.Repeat("*", 5000) + " deep",
		"list lines":       strings.Repeat("*#*#*#*# item\n", 8000),
		"urls":             strings.Repeat("http://a.b/c_d_ ", 16000),
		"entities":         strings.Repeat("&#92;&amp;&x; ", 16000),
		"escapes":          strings.Repeat("\\", 40000),
		"headings":         strings.Repeat("h1. x\n", 20000),
		"long line":        strings.Repeat("word ", 80000),
		"mentions":         strings.Repeat("[~u] [~accountid:x] ", 12000),
		"invalid utf8":     strings.Repeat("\xff*\xfe* ", 12000),
	}
	for name, wiki := range inputs {
		t.Run(name, func(t *testing.T) {
			var md string
			timed(t, "WikiToMarkdown", func() { md = WikiToMarkdown(wiki) })
			if utf8.ValidString(wiki) && !utf8.ValidString(md) {
				t.Error("Markdown output is not valid UTF-8")
			}
			var doc *ADFNode
			timed(t, "WikiToADF", func() { doc = WikiToADF(wiki) })
			if err := validateADF(doc); err != nil {
				t.Fatalf("invalid ADF: %v", err)
			}
		})
	}
}

func TestHostileADF(t *testing.T) {
	deep := func(typ string, depth int) *ADFNode {
		leaf := ADFNode{Type: "paragraph", Content: []ADFNode{{Type: "text", Text: "leaf"}}}
		for i := 0; i < depth; i++ {
			switch typ {
			case "bulletList":
				leaf = ADFNode{Type: "bulletList", Content: []ADFNode{{Type: "listItem", Content: []ADFNode{leaf}}}}
			case "taskList":
				if leaf.Type != "taskList" {
					leaf = ADFNode{Type: "taskList", Content: []ADFNode{{Type: "taskItem", Content: leaf.Content}}}
				}
				leaf = ADFNode{Type: "taskList", Content: []ADFNode{{Type: "taskItem", Content: []ADFNode{{Type: "text", Text: "t"}}}, leaf}}
			default:
				leaf = ADFNode{Type: typ, Content: []ADFNode{leaf}}
			}
		}
		return &ADFNode{Type: "doc", Version: 1, Content: []ADFNode{leaf}}
	}
	wide := &ADFNode{Type: "doc", Content: []ADFNode{{Type: "paragraph"}}}
	for i := 0; i < 40000; i++ {
		var marks []ADFMark
		if i%2 == 0 {
			marks = []ADFMark{{Type: "strong"}, {Type: "link", Attrs: map[string]any{"href": "https://x.test"}}}
		}
		if i%3 == 0 {
			marks = append(marks, ADFMark{Type: "code"})
		}
		wide.Content[0].Content = append(wide.Content[0].Content, ADFNode{Type: "text", Text: "t ", Marks: marks})
		if i%7 == 0 {
			wide.Content[0].Content = append(wide.Content[0].Content, ADFNode{Type: "mention", Attrs: map[string]any{"id": "x"}}, ADFNode{Type: "hardBreak"})
		}
	}
	docs := map[string]*ADFNode{
		"deep lists":       deep("bulletList", 8000),
		"deep tasks":       deep("taskList", 8000),
		"deep quotes":      deep("blockquote", 8000),
		"deep panels":      deep("panel", 8000),
		"deep expands":     deep("expand", 8000),
		"deep unknown":     deep("mystery", 8000),
		"deep table cells": deep("tableCell", 5000),
		"wide marks":       wide,
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			var md string
			timed(t, "ADFToMarkdown", func() { md = ADFToMarkdown(doc) })
			if !strings.Contains(md, "leaf") && name != "wide marks" {
				t.Error("content lost")
			}
			timed(t, "ADFToWiki", func() { _ = ADFToWiki(doc) })
			timed(t, "MarkdownToADF(output)", func() { _ = MarkdownToADF(md) })
			timed(t, "json.Marshal", func() { _ = mustJSON(doc) })
		})
	}
	// JSON nesting beyond encoding/json's limit is an error, not a crash.
	raw := strings.Repeat(`{"type":"blockquote","content":[`, 6000) + strings.Repeat("]}", 6000)
	if _, err := ParseADF([]byte(raw)); err == nil {
		t.Error("expected an error for JSON nested beyond the decoder limit")
	}
	raw = strings.Repeat(`{"type":"blockquote","content":[`, 2000) + `{"type":"text","text":"x"}` + strings.Repeat("]}", 2000)
	doc, err := ParseADF([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if md := ADFToMarkdown(doc); !strings.HasSuffix(md, "x") {
		t.Errorf("deep document lost its text: %.80q", md)
	}
}

func TestMalformedADF(t *testing.T) {
	inputs := []string{
		`{}`,
		`{"type":"doc"}`,
		`{"type":"doc","content":[]}`,
		`{"type":"doc","content":[{}]}`,
		`{"type":"doc","content":[null,{"type":null}]}`,
		`{"type":"doc","content":[{"type":"text"}]}`,
		`{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"x","marks":[{},{"type":"link"},{"type":"link","attrs":{"href":7}},{"type":"subsup","attrs":{"type":"mid"}}]}]}]}`,
		`{"type":"doc","content":[{"type":"heading","attrs":{"level":99},"content":[{"type":"text","text":"h"}]}]}`,
		`{"type":"doc","content":[{"type":"heading","attrs":{"level":-3}}]}`,
		`{"type":"doc","content":[{"type":"orderedList","attrs":{"order":1e300},"content":[{"type":"listItem","content":[{"type":"text","text":"x"}]}]}]}`,
		`{"type":"doc","content":[{"type":"taskList","content":[{"type":"taskList","content":[{"type":"taskItem"}]},{"type":"paragraph"}]}]}`,
		`{"type":"doc","content":[{"type":"table","content":[{"type":"tableRow"},{"type":"paragraph"},{"type":"tableRow","content":[{"type":"text","text":"t"}]}]}]}`,
		`{"type":"doc","content":[{"type":"codeBlock","attrs":{"language":["x"]},"content":[{"type":"paragraph","content":[{"type":"text","text":"nested"}]}]}]}`,
		`{"type":"doc","content":[{"type":"mention"},{"type":"status"},{"type":"date","attrs":{"timestamp":"soon"}},{"type":"date","attrs":{"timestamp":"99999999999999999999"}},{"type":"emoji"},{"type":"inlineCard"}]}`,
		`{"type":"doc","content":[{"type":"media"},{"type":"mediaSingle"},{"type":"mediaGroup","content":[{"type":"text","text":"odd"}]}]}`,
		`{"type":"doc","content":[{"type":"panel","attrs":{"panelType":5}},{"type":"expand"},{"type":"blockquote"}]}`,
		`{"type":"doc","content":[{"type":"paragraph","content":[{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"li"}]}]}]}]}]}`,
	}
	for _, raw := range inputs {
		doc, err := ParseADF([]byte(raw))
		if err != nil {
			t.Errorf("ParseADF(%s): %v", raw, err)
			continue
		}
		md := ADFToMarkdown(doc)
		_ = ADFToWiki(doc)
		if err := validateADF(MarkdownToADF(md)); err != nil {
			t.Errorf("re-parsed Markdown of %s is invalid: %v", raw, err)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	md := benchmarkIssue()
	want := mustJSON(MarkdownToADF(md))
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		go func() {
			for j := 0; j < 20; j++ {
				if got := mustJSON(MarkdownToADF(md)); got != want {
					errs <- fmt.Errorf("concurrent conversion differs")
					return
				}
				_ = WikiToMarkdown(MarkdownToWiki(md))
			}
			errs <- nil
		}()
	}
	for i := 0; i < 8; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
