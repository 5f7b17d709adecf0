package storage

import (
	"os"
	"testing"
)

// FuzzToMarkdown checks that no storage input panics or errors, and that
// the Markdown produced converts back to well-formed storage.
func FuzzToMarkdown(f *testing.F) {
	if b, err := os.ReadFile("testdata/page.xhtml"); err == nil {
		f.Add(string(b))
	}
	for _, s := range []string{
		"",
		`<p>a<br/>b &nbsp; &amp;amp; <unknown x="1">y</unknown></p>`,
		`<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[x]]]]><![CDATA[>]]></ac:plain-text-body></ac:structured-macro>`,
		`<ac:link><ri:page ri:content-title="T" ri:space-key="K"/><ac:link-body><b>x</b></ac:link-body></ac:link>`,
		`<table><tr><th>a</th></tr><tr><td><ul><li><p>b</p><ac:task-list><ac:task><ac:task-status>complete</ac:task-status><ac:task-body>c</ac:task-body></ac:task></ac:task-list></li></ul></td></tr></table>`,
		`<ac:structured-macro ac:name="expand"><ac:rich-text-body><table><tr><td><ac:structured-macro ac:name="info"><ac:rich-text-body><pre>x</pre></ac:rich-text-body></ac:structured-macro></td></tr></table></ac:rich-text-body></ac:structured-macro>`,
		`<p><strong><em>a</p></ul></ac:link><![CDATA[`,
		`<ac:structured-macro ac:name="status"><ac:parameter ac:name="title">--&gt;</ac:parameter></ac:structured-macro>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, storage string) {
		md, err := toMarkdownUnsafe(storage, ToMarkdownOptions{BaseURL: "https://x.test/wiki", PageID: "1"})
		if err != nil {
			t.Fatalf("ToMarkdown: %v", err)
		}
		if err := wellFormed(fromMarkdown(md, FromMarkdownOptions{PageID: "1"})); err != nil {
			t.Fatalf("storage from %q is not well-formed: %v", md, err)
		}
	})
}

// FuzzFromMarkdown checks that any Markdown gives well-formed storage that
// ToMarkdown accepts.
func FuzzFromMarkdown(f *testing.F) {
	for _, s := range []string{
		"",
		"# H\n\n**b** *i* ~~s~~ `c` <u>u</u> [~jdoe] [DONE] @[N](accountid:1)\n\n- [ ] t\n  - x\n\n1. o",
		"> [!NOTE] T\n> b\n\n> **P**\n>\n> q",
		"| a | b |\n|---|---|\n| - x<br />  1. y | `c\\|d` |",
		"```go title=\"x\"\n]]>\n```\n\n    indented",
		"<details>\n<summary>S</summary>\n\n<details>\n\nx\n\n</details>",
		"<!-- confluence macro: x \"a\\x2d\\x2d>\" b=c -->\n\nt <!-- confluence macro: y --> u",
		"[p](confluence-page:K/T%20x#a) [b](confluence-blogpost:K/2024/01/02/T) ![](a.png) [x](#y)",
		"<div><table><tr><td>x</td></tr></table></div>\n\n<b>open <i>x</b>",
		"&#0; &#x110000; &bogus; \\\x01\x0b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		storage := fromMarkdown(md, FromMarkdownOptions{HeadingAnchors: true, PageID: "1"})
		if err := wellFormed(storage); err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, storage)
		}
		if _, err := toMarkdownUnsafe(storage, ToMarkdownOptions{}); err != nil {
			t.Fatalf("ToMarkdown: %v", err)
		}
	})
}
