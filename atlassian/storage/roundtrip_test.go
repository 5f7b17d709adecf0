package storage

import "testing"

// TestRoundTrip converts Markdown to storage and back; the result must be
// the input (which is written in the normal form ToMarkdown produces).
func TestRoundTrip(t *testing.T) {
	tests := []struct{ name, md string }{
		{"headings", "# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six"},
		{"paragraphs", "First paragraph.\n\nSecond paragraph."},
		{"inline formatting", "Some **bold**, *italic*, ~~struck~~, <u>underlined</u> and `code` text."},
		{"nested formatting", "**bold with *italic* inside** and *italic with `code`*"},
		{"sub and sup", "H<sub>2</sub>O and x<sup>2</sup>"},
		{"escaped markdown characters", `Literal \*stars\*, \_underscores\_, \[brackets] and a|pipe.`},
		{"xml special characters", "Tom & Jerry: 1 &lt; 2 and \"quotes\""},
		{"link", "Visit [Example](https://example.com/a?b=c&d=e) now."},
		{"link with title", `[Example](https://example.com "The title")`},
		{"autolink", "See <https://example.com/path> and <someone@example.com>."},
		{"link with formatted text", "[**bold** link](https://example.com)"},
		{"page link", "See [the page](confluence-page:DEV/Release%20Notes) for details."},
		{"page link default text", "[Release Notes](confluence-page:DEV/Release%20Notes)"},
		{"page link same space", "[Home](confluence-page:Home)"},
		{"page link with slash in title", "[A/B](confluence-page:/A/B)"},
		{"page link with anchor", "[Setup](confluence-page:OPS/Runbook#setup)"},
		{"blog post link", "[Post](confluence-blogpost:TEAM/2024/01/31/Hello%20World)"},
		{"space link", "[DEV](confluence-space:DEV)"},
		{"content id link", "[page](confluence-content:123456)"},
		{"anchor link", "[Jump](#details)"},
		{"attachment link", "[spec.pdf](spec.pdf)"},
		{"attachment image", "![](diagram.png)"},
		{"attachment image with alt and space", "![The diagram](my%20diagram.png)"},
		{"url image", "![logo](https://example.com/logo.png)"},
		{"image title", `![logo](https://example.com/logo.png "Logo")`},
		{"bullet list", "- one\n- two\n- three"},
		{"ordered list", "1. one\n2. two\n3. three"},
		{"ordered list start", "3. three\n4. four"},
		{"nested mixed list", "- a\n  1. a1\n  2. a2\n     - a2x\n- b"},
		{"loose list item", "- first paragraph\n\n  second paragraph\n- next"},
		{"list with code", "- step:\n\n  ```sh\n  make\n  ```\n- done"},
		{"task list", "- [ ] todo\n- [x] done"},
		{"nested task list", "- [ ] parent\n  - [x] child\n- [ ] sibling"},
		{"task with formatting", "- [ ] ask [~accountid:557058:abc] about **this**"},
		{"table", "| Name | Value |\n|---|---|\n| a | 1 |\n| b | 2 |"},
		{"table with inline formatting", "| **Key** | Description |\n|---|---|\n| `x\\|y` | [link](https://example.com) and *em* |"},
		{"table escaped pipe", "| A |\n|---|\n| a \\| b |"},
		{"table without header", "|  |  |\n|---|---|\n| a | b |"},
		{"table cell line breaks", "| A |\n|---|\n| one<br />two |"},
		{"table cell lists", "| A | B |\n|---|---|\n| Run:<br />- one<br />  1. nested<br />- [ ] task<br />- [x] done<br />after | \\- not a list |"},
		{"code block", "```go\nfunc main() {\n\tfmt.Println(\"hi\")\n}\n```"},
		{"code block no language", "```\nplain text\n```"},
		{"code block with title", "```python title=\"setup.py\"\nprint(1)\n```"},
		{"code block with CDATA end", "```xml\n<a><![CDATA[x]]></a>\n```"},
		{"code block with fence inside", "````md\n```go\nx\n```\n````"},
		{"code block blank lines and trailing space", "```\na  \n\n\nb\n```"},
		{"blockquote", "> quoted\n>\n> two paragraphs"},
		{"nested blockquote", "> outer\n>\n> > inner"},
		{"horizontal rule", "above\n\n---\n\nbelow"},
		{"hard line break", "line one\\\nline two"},
		{"mention accountid", "Ping [~accountid:5b10ac8d82e05b22cc7d4ef5] please."},
		{"mention userkey", "Ping [~userkey:ff8080817b0d3a2f017b0d3c6e2a0000]."},
		{"mention username", "Ping [~jdoe]."},
		{"info panel", "> [!INFO]\n> Something to know."},
		{"note panel", "> [!NOTE]\n> Note this."},
		{"warning panel", "> [!WARNING]\n> Careful."},
		{"tip panel", "> [!TIP]\n> A hint."},
		{"panel with title and blocks", "> [!WARNING]\n> **Breaking change**\n>\n> - one\n> - two\n>\n> ```\n> code\n> ```"},
		{"titled panel macro", "> **Panel title**\n>\n> Panel body."},
		{"expand", "<details>\n<summary>Show more</summary>\n\nHidden **text**.\n\n- item\n\n</details>"},
		{"nested expand", "<details>\n<summary>Outer</summary>\n\n<details>\n<summary>Inner</summary>\n\ndeep\n\n</details>\n\n</details>"},
		{"expand in list", "- item\n\n  <details>\n  <summary>More</summary>\n\n  hidden\n\n  </details>"},
		{"toc", "[TOC]\n\n# Title"},
		{"macro placeholder", "<!-- confluence macro: children depth=2 sort=\"creation date\" -->"},
		{"macro placeholder default parameter", "<!-- confluence macro: recently-updated \"a b\" max=5 -->"},
		{"inline macro placeholder", "Text <!-- confluence macro: unknown-inline x=1 --> more."},
		{"status", "State: [DONE] and [IN PROGRESS]."},
		{"unicode", "Grüße, 你好, emoji 🎉 and “quotes”."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storage := FromMarkdown(tt.md, FromMarkdownOptions{})
			checkWellFormed(t, storage)
			got := toMarkdown(t, storage, ToMarkdownOptions{})
			if got != tt.md {
				t.Errorf("round trip changed the Markdown\n--- want\n%s\n--- got\n%s\n--- storage\n%s", tt.md, got, storage)
			}
		})
	}
}

// TestRoundTripNormalises covers Markdown that is accepted but comes back in
// the normal form.
func TestRoundTripNormalises(t *testing.T) {
	tests := []struct{ name, md, want string }{
		{"setext heading", "Title\n=====", "# Title"},
		{"underscore emphasis", "__bold__ and _it_", "**bold** and *it*"},
		{"star bullets", "* a\n* b", "- a\n- b"},
		{"soft line break", "one\ntwo", "one two"},
		{"trailing-space hard break", "one  \ntwo", "one\\\ntwo"},
		{"indented code", "    code\n    more", "```\ncode\nmore\n```"},
		{"tilde fence", "~~~js\nx\n~~~", "```js\nx\n```"},
		{"display-name mention", "Ask @[Jane Doe](accountid:5b10) now", "Ask [~accountid:5b10] now"},
		{"bare url", "See https://example.com/x now", "See <https://example.com/x> now"},
		{"error alert", "> [!ERROR]\n> Broken.", "> [!WARNING]\n> Broken."},
		{"caution alert", "> [!CAUTION]\n> Hot.", "> [!WARNING]\n> Hot."},
		{"success alert", "> [!SUCCESS]\n> Done.", "> [!TIP]\n> Done."},
		{"important alert", "> [!IMPORTANT]\n> Read.", "> [!NOTE]\n> Read."},
		{"lower-case alert", "> [!info]\n> x", "> [!INFO]\n> x"},
		{"alert title on marker line", "> [!NOTE] Heads up\n> body", "> [!NOTE]\n> **Heads up**\n>\n> body"},
		{"html br", "a<br>b", "a\\\nb"},
		{"html bold", "<b>x</b> and <i>y</i> and <del>z</del>", "**x** and *y* and ~~z~~"},
		{"unclosed inline html", "<u>open *em</u> x*", "<u>open *em x*</u>"},
		{"html block", "<div>\n<p>Hello <b>there</b></p>\n</div>", "Hello **there**"},
		{"html table", "<table><tr><th>A</th></tr><tr><td>1</td></tr></table>", "| A |\n|---|\n| 1 |"},
		{"script dropped", "<script>alert(1)</script>", "alert(1)"},
		{"html comment dropped", "a\n\n<!-- secret -->\n\nb", "a\n\nb"},
		{"details without blank lines", "<details><summary>T</summary>\nbody *x*\n</details>", "<details>\n<summary>T</summary>\n\nbody *x*\n\n</details>"},
		{"details without summary", "<details>\n\nbody\n\n</details>", "<details>\n<summary>Click here to expand...</summary>\n\nbody\n\n</details>"},
		{"unclosed details", "<details>\n<summary>T</summary>\n\nbody", "<details>\n<summary>T</summary>\n\nbody\n\n</details>"},
		{"bracketed text is not a status", "see [Done], [A] and [1]", "see \\[Done], \\[A] and \\[1]"},
		{"reference link is not a status", "[DONE]\n\n[DONE]: https://example.com", "[DONE](https://example.com)"},
		{"mixed task list", "- [ ] task\n- plain", "- [ ] task\n\n- plain"},
		{"attachment link with download URL", "[f](https://x.atlassian.net/wiki/download/attachments/42/f.pdf?api=v2)", "[f](f.pdf)"},
		{"cell code block", "| A |\n|---|\n| <pre>x</pre> |", "| A |\n|---|\n| x |"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storage := FromMarkdown(tt.md, FromMarkdownOptions{PageID: "42"})
			checkWellFormed(t, storage)
			got := toMarkdown(t, storage, ToMarkdownOptions{})
			if got != tt.want {
				t.Errorf("\n--- input\n%s\n--- want\n%s\n--- got\n%s\n--- storage\n%s", tt.md, tt.want, got, storage)
			}
		})
	}
}
