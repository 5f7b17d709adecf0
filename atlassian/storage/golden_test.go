package storage

import "testing"

// TestFromMarkdownGolden pins the storage XHTML written for key structures.
func TestFromMarkdownGolden(t *testing.T) {
	tests := []struct {
		name, md string
		opts     FromMarkdownOptions
		want     string
	}{
		{
			name: "inline formatting",
			md:   "**b** *i* ~~s~~ <u>u</u> `c` a & b < c",
			want: `<p><strong>b</strong> <em>i</em> <span style="text-decoration: line-through;">s</span> <u>u</u> <code>c</code> a &amp; b &lt; c</p>`,
		},
		{
			name: "code block splits CDATA terminator",
			md:   "```xml title=\"a.xml\"\n<x><![CDATA[y]]></x>\n```",
			want: `<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">xml</ac:parameter>` +
				`<ac:parameter ac:name="title">a.xml</ac:parameter><ac:plain-text-body><![CDATA[<x><![CDATA[y]]]]><![CDATA[></x>]]>` +
				`</ac:plain-text-body></ac:structured-macro>`,
		},
		{
			name: "headings with anchors",
			md:   "# Release Notes\n\n## Release Notes",
			opts: FromMarkdownOptions{HeadingAnchors: true},
			want: `<h1><ac:structured-macro ac:name="anchor"><ac:parameter ac:name="">release-notes</ac:parameter></ac:structured-macro>Release Notes</h1>` +
				`<h2><ac:structured-macro ac:name="anchor"><ac:parameter ac:name="">release-notes-1</ac:parameter></ac:structured-macro>Release Notes</h2>`,
		},
		{
			name: "links and mentions",
			md: "[Spec](confluence-page:DEV/Spec%20v2#api) [~accountid:5b10] [~jdoe] [a](https://x.org/?a=1&b=2) " +
				"[f.pdf](f.pdf) [top](#top)",
			want: `<p><ac:link ac:anchor="api"><ri:page ri:space-key="DEV" ri:content-title="Spec v2" /><ac:plain-text-link-body>` +
				`<![CDATA[Spec]]></ac:plain-text-link-body></ac:link> <ac:link><ri:user ri:account-id="5b10" /></ac:link> ` +
				`<ac:link><ri:user ri:username="jdoe" /></ac:link> <a href="https://x.org/?a=1&amp;b=2">a</a> ` +
				`<ac:link><ri:attachment ri:filename="f.pdf" /></ac:link> <ac:link ac:anchor="top"></ac:link></p>`,
		},
		{
			name: "images",
			md:   "![alt text](pic.png) ![](https://example.com/x.png \"T\")",
			want: `<p><ac:image ac:alt="alt text"><ri:attachment ri:filename="pic.png" /></ac:image> ` +
				`<ac:image ac:title="T"><ri:url ri:value="https://example.com/x.png" /></ac:image></p>`,
		},
		{
			name: "download URL of the page's attachment",
			md:   "![](https://acme.atlassian.net/wiki/download/attachments/42/a%20b.png?version=1)",
			opts: FromMarkdownOptions{PageID: "42"},
			want: `<p><ac:image><ri:attachment ri:filename="a b.png" /></ac:image></p>`,
		},
		{
			name: "task list",
			md:   "- [ ] one\n- [x] two\n  - [ ] nested",
			want: `<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>one</ac:task-body></ac:task>` +
				`<ac:task><ac:task-id>2</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>two</ac:task-body></ac:task>` +
				`<ac:task-list><ac:task><ac:task-id>3</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>nested</ac:task-body>` +
				`</ac:task></ac:task-list></ac:task-list>`,
		},
		{
			name: "lists",
			md:   "- a\n  1. b\n\n3. c",
			want: `<ul><li>a<ol><li>b</li></ol></li></ul><ol start="3"><li>c</li></ol>`,
		},
		{
			name: "table",
			md:   "| H | **I** |\n|:-:|---|\n| 1 | `2` |",
			want: `<table><tbody><tr><th>H</th><th><strong>I</strong></th></tr><tr><td>1</td><td><code>2</code></td></tr></tbody></table>`,
		},
		{
			name: "alert with title",
			md:   "> [!WARNING]\n> **Careful**\n>\n> Body",
			want: `<ac:structured-macro ac:name="warning"><ac:parameter ac:name="title">Careful</ac:parameter><ac:rich-text-body>` +
				`<p>Body</p></ac:rich-text-body></ac:structured-macro>`,
		},
		{
			name: "expand",
			md:   "<details>\n<summary>More &amp; more</summary>\n\nHidden\n\n</details>",
			want: `<ac:structured-macro ac:name="expand"><ac:parameter ac:name="title">More &amp; more</ac:parameter>` +
				`<ac:rich-text-body><p>Hidden</p></ac:rich-text-body></ac:structured-macro>`,
		},
		{
			name: "toc and placeholder",
			md:   "[TOC]\n\n<!-- confluence macro: children depth=2 \"x\\x2d\\x2dy\" -->",
			want: `<ac:structured-macro ac:name="toc" /><ac:structured-macro ac:name="children"><ac:parameter ac:name="depth">2</ac:parameter>` +
				`<ac:parameter ac:name="">x--y</ac:parameter></ac:structured-macro>`,
		},
		{
			name: "raw html is rebuilt, not copied",
			md:   "<div onclick=\"x()\"><a href=\"https://e.com\" onclick=\"y\">e</a><img src=x onerror=alert(1)><iframe src=z></iframe></div>",
			want: `<div><a href="https://e.com">e</a><ac:image><ri:attachment ri:filename="x" /></ac:image></div>`,
		},
		{
			name: "line breaks and rule",
			md:   "a\\\nb\n\n---",
			want: `<p>a<br />b</p><hr />`,
		},
		{
			name: "invalid XML characters are dropped",
			md:   "a\x01b\x0bc &#1; d\uFFFE",
			want: `<p>abc  d</p>`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FromMarkdown(tt.md, tt.opts)
			if got != tt.want {
				t.Errorf("\n--- want\n%s\n--- got\n%s", tt.want, got)
			}
			checkWellFormed(t, got)
		})
	}
}
