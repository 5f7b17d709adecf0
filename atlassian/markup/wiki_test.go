package markup

import "testing"

func TestMarkdownToWikiGolden(t *testing.T) {
	tests := []struct{ name, md, want string }{
		{"empty", "", ""},
		{"headings", "# A\n\n###### F", "h1. A\n\nh6. F"},
		{"marks", "**b** *i* ~~s~~ `c` <u>u</u> <sup>2</sup> <sub>x</sub>", "*b* _i_ -s- {{c}} +u+ ^2^ ~x~"},
		{"intraword marks use braces", "foo**bar**baz and a*b*", "foo{*}bar{*}baz and a{_}b{_}"},
		{"links", "[text](<https://x.test/a b>) https://x.test <mailto:a@b.test>", "[text|https://x.test/a%20b] [https://x.test] [mailto:a@b.test]"},
		{"mentions", "@[Alice](accountid:a1) [~accountid:b2] [~carol]", "[~accountid:a1] [~accountid:b2] [~carol]"},
		{"hard break", "a\\\nb", "a\nb"},
		{"nested mixed list", "1. a\n   - b\n     1. c\n2. d", "# a\n#* b\n#*# c\n# d"},
		{"list item paragraphs", "- a\n\n  b\n- c", "* a\\\\b\n* c"},
		{"task list", "- [ ] todo\n- [x] done", "* [ ] todo\n* [x] done"},
		{"table", "| h | i |\n|---|---|\n| a |  |\n| x<br>y | `p\\|q` |", "||h||i||\n|a| |\n|x\\\\y|{{p\\|q}}|"},
		{"code languages", "```go\nx\n```\n\n```ts\ny\n```\n\n```js\nz\n```\n\n```cpp\nw\n```\n\n```\nv\n```",
			"{code:go}\nx\n{code}\n\n{code}\ny\n{code}\n\n{code:javascript}\nz\n{code}\n\n{code:c++}\nw\n{code}\n\n{code}\nv\n{code}"},
		{"code containing the macro", "```\na {code} b\n```", "{noformat}\na {code} b\n{noformat}"},
		{"quotes", "> one line\n\n> a\n>\n> b", "bq. one line\n\n{quote}\na\n\nb\n{quote}"},
		{"panels", "> [!INFO]\n> i\n\n> [!TIP]\n> t\n\n> [!ERROR]\n> e", "{info}\ni\n{info}\n\n{tip}\nt\n{tip}\n\n{warning}\ne\n{warning}"},
		{"expand", "<details><summary>More</summary>\n\nbody\n\n</details>", "*More*\n\nbody"},
		{"rule and image", "---\n\n![x](https://x.test/i.png)", "----\n\n!https://x.test/i.png!"},
		{"escaping", "*\\*a\\** {b} [c] |d| !e 1 + 2 -f- x_y_z well-known C:\\\\dir \\\\*", "_\\*a\\*_ \\{b\\} \\[c\\] \\|d\\| \\!e 1 + 2 \\-f\\- x_y_z well-known C:\\dir &#92;\\*"},
		{"line starts", "\\* a\\\n\\# b\\\nh1\\. c\\\nbq. d\\\n\\---- e", "\\* a\n\\# b\nh1\\. c\nbq\\. d\n\\---- e"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := MarkdownToWiki(tc.md); got != tc.want {
				t.Errorf("MarkdownToWiki(%q)\n got: %q\nwant: %q", tc.md, got, tc.want)
			}
		})
	}
}

func TestWikiToMarkdownGolden(t *testing.T) {
	tests := []struct{ name, wiki, want string }{
		{"empty", "", ""},
		{"headings", "h1. One\nh3. Three\nh6. Six", "# One\n\n### Three\n\n###### Six"},
		{"marks", "*b* _i_ -s- +u+ {{mono}} ^sup^ ~sub~ ??cite??", "**b** *i* ~~s~~ <u>u</u> `mono` <sup>sup</sup> <sub>sub</sub> *cite*"},
		{"braced marks", "foo{*}bar{*}baz", "foo**bar**baz"},
		{"not formatting", "snake_case well-known 2*3 C++ a - b", "snake_case well-known 2\\*3 C++ a - b"},
		{"color", "{color:red}red text{color} and {color:#00ff00}*green*{color}", "red text and **green**"},
		{"links", "[Example|https://example.com] [https://x.test/a] [mailto:a@b.test] [^file.txt] https://bare.test/x.", "[Example](https://example.com) https://x.test/a a@b.test [file.txt](file.txt) https://bare.test/x."},
		{"link with marks", "[*bold* link|https://x.test]", "[**bold** link](https://x.test)"},
		{"mentions", "[~accountid:5b10ac8d] and [~jsmith] and [Jo|~accountid:j1]", "[~accountid:5b10ac8d] and [~jsmith] and @[Jo](accountid:j1)"},
		{"images", "!screenshot.png! !https://x.test/a.png|thumbnail! !diagram.png|alt=Flow!", "![](screenshot.png) ![](https://x.test/a.png) ![Flow](diagram.png)"},
		{"not an image", "Wow! Great!", "Wow! Great!"},
		{"line breaks", "line one\nline two\\\\three", "line one\\\nline two\\\nthree"},
		{"code", "{code:java}\nclass A {}\n{code}", "```java\nclass A {}\n```"},
		{"code params", "{code:title=Main.go|language=go|borderStyle=solid}\npackage main\n{code}", "```go\npackage main\n```"},
		{"code title only", "{code:title=x.txt}\nplain\n{code}", "```\nplain\n```"},
		{"code c#", "{code:c#}\nvar x = 1;\n{code}", "```csharp\nvar x = 1;\n```"},
		{"noformat", "{noformat}\n*not bold*\n{noformat}", "```\n*not bold*\n```"},
		{"unclosed code", "before\n{code:python}\nprint(1)\n", "before\n\n```python\nprint(1)\n```"},
		{"code on one line", "{code}x = 1{code}", "```\nx = 1\n```"},
		{"inline code macro", "run {code}make{code} now", "run `make` now"},
		{"code mid line", "See:{code}\nabc\n{code}", "See:\n\n```\nabc\n```"},
		{"quote", "{quote}\nquoted *text*\n\nmore\n{quote}", "> quoted **text**\n>\n> more"},
		{"bq", "bq. a quote", "> a quote"},
		{"panels", "{info}\ni\n{info}\n{note}n{note}\n{warning}\nw\n{warning}\n{tip:title=Hint}\nt\n{tip}",
			"> [!INFO]\n> i\n\n> [!NOTE]\n> n\n\n> [!WARNING]\n> w\n\n> [!TIP]\n> **Hint**\n>\n> t"},
		{"panel macro", "{panel:title=My Title|borderStyle=dashed}\nbody\n{panel}", "> **My Title**\n>\n> body"},
		{"expand", "{expand:Click me}\nhidden\n{expand}", "<details>\n<summary>Click me</summary>\n\nhidden\n\n</details>"},
		{"rule", "a\n----\nb", "a\n\n---\n\nb"},
		{"lists", "* a\n** b\n*# c\n* d\n# one\n# two", "- a\n  - b\n\n  1. c\n- d\n\n1. one\n2. two"},
		{"dash list and continuation", "- a\ncontinued\n- b", "- a\\\n  continued\n- b"},
		{"skipped level", "** deep", "- - deep"},
		{"task list", "* [ ] todo\n* [x] done\n** [ ] sub", "- [ ] todo\n- [x] done\n  - [ ] sub"},
		{"mixed tasks stay text", "* [ ] todo\n* plain", "- \\[ \\] todo\n- plain"},
		{"table", "||Name||Value||\n|a|*b*|\n|[x|https://x.test]|{{c|d}}|", "| Name | Value |\n| --- | --- |\n| a | **b** |\n| [x](https://x.test) | `c\\|d` |"},
		{"table header column", "||h|c|\n||h2|c2|", "|  |  |\n| --- | --- |\n| h | c |\n| h2 | c2 |"},
		{"table multiline cell", "||A||B||\n|a|line one\nline two|\n|b|c|", "| A | B |\n| --- | --- |\n| a | line one<br>line two |\n| b | c |"},
		{"table without header", "|a|b|", "|  |  |\n| --- | --- |\n| a | b |"},
		{"escapes", "\\*not bold\\* \\[x\\] \\{y\\} &#92; &amp;", "\\*not bold\\* \\[x\\] {y} \\\\ &"},
		{"anchor dropped", "{anchor:top}Title", "Title"},
		{"unknown macro kept", "{toc}", "{toc}"},
		{"windows newlines", "h1. T\r\n\r\n* a\r\n* b", "# T\n\n- a\n- b"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := WikiToMarkdown(tc.wiki); got != tc.want {
				t.Errorf("WikiToMarkdown(%q)\n got: %q\nwant: %q", tc.wiki, got, tc.want)
			}
			if err := validateADF(WikiToADF(tc.wiki)); err != nil {
				t.Errorf("WikiToADF invalid: %v", err)
			}
		})
	}
}
