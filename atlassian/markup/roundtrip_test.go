package markup

import (
	"encoding/json"
	"testing"
)

// roundTrips are written in the canonical Markdown the package emits, so a
// round trip must give back the exact input. viaWiki is the expected result
// of Markdown → wiki → Markdown when wiki markup cannot hold everything.
var roundTrips = []struct {
	name    string
	md      string
	viaWiki string
}{
	{name: "paragraphs", md: "First paragraph.\n\nSecond paragraph with more words."},
	{name: "headings", md: "# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six"},
	{name: "inline marks", md: "Text with **bold**, *italic*, ~~strike~~, `code` and <u>underline</u>."},
	{name: "nested marks", md: "***bold italic*** and **bold *nested* bold** and *italic **strong** italic*"},
	{name: "sub and sup", md: "H<sub>2</sub>O and x<sup>2</sup>"},
	{name: "links", md: "See [the docs](https://example.com/docs?a=1&b=2) and **[bold link](https://example.com/b)** and [a *partly* bold](https://example.com/c)."},
	{name: "bare url", md: "Visit https://example.com/path/page now, or alice@example.com."},
	{name: "hard break", md: "line one\\\nline two\\\nline three"},
	{name: "blockquote", md: "> quoted text\n>\n> second quoted paragraph"},
	{name: "rule", md: "before\n\n---\n\nafter"},
	{name: "bullet list", md: "- one\n- two\n- three"},
	{name: "ordered list", md: "1. one\n2. two\n3. three"},
	{name: "nested mixed lists", md: "- one\n- two\n  1. two a\n  2. two b\n     - deep\n       - deeper\n         1. deepest\n- three"},
	{name: "ordered in ordered", md: "1. first\n   1. inner\n      - bullet\n2. second"},
	{name: "ordered start", md: "3. three\n4. four", viaWiki: "1. three\n2. four"},
	{name: "table", md: "| Name | Value |\n| --- | --- |\n| alpha | **bold** |\n| `co\\|de` | [link](https://example.com) |"},
	{name: "table with empty cell", md: "| A | B | C |\n| --- | --- | --- |\n| 1 |  | 3 |"},
	{name: "table without header row", md: "|  |  |\n| --- | --- |\n| a | b |\n| c | d |"},
	{name: "table cell lists", md: "| Steps | Notes |\n| --- | --- |\n| - one<br>- two | intro<br>1. first<br>2. second |"},
	{name: "table hard break", md: "| A |\n| --- |\n| one<br>two |"},
	{name: "code with language", md: "```python\nprint(\"hi\")\n\nx = [1, 2]\n```"},
	{name: "code without language", md: "```\nplain *text* here\n```"},
	{name: "code with fence inside", md: "````markdown\n```go\nx\n```\n````", viaWiki: "````\n```go\nx\n```\n````"},
	{name: "code in list", md: "- step:\n\n  ```bash\n  make test\n  ```\n- done", viaWiki: "- step:\n\n```bash\nmake test\n```\n\n- done"},
	{name: "mentions", md: "Ping @[Alice Example](accountid:5b10ac8d82e05b22cc7d4ef5) and [~accountid:557058:f58131cb].",
		viaWiki: "Ping [~accountid:5b10ac8d82e05b22cc7d4ef5] and [~accountid:557058:f58131cb]."},
	{name: "panel info", md: "> [!INFO]\n> Some info.\n>\n> - with a list"},
	{name: "panel note", md: "> [!NOTE]\n> A note."},
	{name: "panel warning", md: "> [!WARNING]\n> Careful."},
	{name: "panel tip", md: "> [!TIP]\n> A tip with `code`."},
	{name: "panel error", md: "> [!ERROR]\n> Broken.", viaWiki: "> [!WARNING]\n> Broken."},
	{name: "task list", md: "- [ ] open task\n- [x] done task\n  - [ ] nested task\n- [ ] another"},
	{name: "quote with list", md: "> - a\n> - b"},
	{name: "expand", md: "<details>\n<summary>More details</summary>\n\nHidden **text**.\n\n</details>", viaWiki: "**More details**\n\nHidden **text**."},
	{name: "escaped specials", md: "Not \\*emphasis\\*, not \\[a link\\](x), snake_case, a \\_b\\_, 2 < 3 \\<b> tag \\`tick\\` and \\~tilde\\~"},
	{name: "line start specials", md: "\\# not a heading\n\n\\- not a list\n\n1\\. not ordered\n\n\\> not a quote\n\n\\+ plus"},
	{name: "backslash and entity", md: "C:\\\\temp \\&amp; more"},
	{name: "heading with hash", md: "## C# and F# \\#"},
	{name: "adjacent lists", md: "- a\n- b\n\n* c\n* d"},
	{name: "image", md: "![diagram](https://example.com/d.png)", viaWiki: "![](https://example.com/d.png)"},
	{name: "mixed document", md: "## Steps\n\n1. Open **Settings**\n2. Click [Save](https://example.com/save)\n\n> [!WARNING]\n> Do not skip step 2.\n\n| Step | Result |\n| --- | --- |\n| 1 | ok |\n\n```go\nfmt.Println(\"x\")\n```"},
}

func TestMarkdownADFRoundTrip(t *testing.T) {
	for _, tc := range roundTrips {
		t.Run(tc.name, func(t *testing.T) {
			doc := MarkdownToADF(tc.md)
			if err := validateADF(doc); err != nil {
				t.Fatalf("invalid ADF: %v\n%s", err, mustJSON(doc))
			}
			if got := ADFToMarkdown(doc); got != tc.md {
				t.Errorf("Markdown → ADF → Markdown\n got: %q\nwant: %q\nADF: %s", got, tc.md, mustJSON(doc))
			}
		})
	}
}

func TestMarkdownWikiRoundTrip(t *testing.T) {
	for _, tc := range roundTrips {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.md
			if tc.viaWiki != "" {
				want = tc.viaWiki
			}
			wiki := MarkdownToWiki(tc.md)
			if got := WikiToMarkdown(wiki); got != want {
				t.Errorf("Markdown → wiki → Markdown\n got: %q\nwant: %q\nwiki: %q", got, want, wiki)
			}
		})
	}
}

// TestADFStable checks the structural round trip on the ADF side: converting
// the Markdown rendering of a document back gives the same document.
func TestADFStable(t *testing.T) {
	for _, tc := range roundTrips {
		t.Run(tc.name, func(t *testing.T) {
			first := MarkdownToADF(tc.md)
			second := MarkdownToADF(ADFToMarkdown(first))
			if a, b := mustJSON(first), mustJSON(second); a != b {
				t.Errorf("ADF changed after a Markdown round trip\nfirst:  %s\nsecond: %s", a, b)
			}
			wfirst := WikiToADF(MarkdownToWiki(tc.md))
			if err := validateADF(wfirst); err != nil {
				t.Fatalf("invalid ADF from wiki: %v", err)
			}
			wsecond := WikiToADF(ADFToWiki(wfirst))
			if a, b := mustJSON(wfirst), mustJSON(wsecond); a != b {
				t.Errorf("ADF changed after a wiki round trip\nfirst:  %s\nsecond: %s", a, b)
			}
		})
	}
}

// TestADFTextSurvives builds ADF text full of syntax characters, the way
// Jira stores plain user input, and checks that Markdown and wiki renderings
// read back as the same text.
func TestADFTextSurvives(t *testing.T) {
	texts := []string{
		"*not bold* _not italic_ ~not struck~ `not code`",
		"[not a link](x) and ![not an image](y.png)",
		"# not a heading",
		"- not a list",
		"1. not a list",
		"> not a quote",
		"a | b | c",
		"<b>not html</b> &amp; &copy;",
		"back\\slash \\* \\",
		"{code} {{mono}} {color:red} [~user] [x] !image.png!",
		"-strike- +ins+ ^sup^ ~sub~ ??cite??",
		"h1. not heading",
		"bq. not quote",
		"----",
		"well-known snake_case 2*3 C++ a-b",
		"emoji 🎉 and ünïcödé",
		"trailing !",
		"100% sure: 50% off",
	}
	for _, text := range texts {
		doc := &ADFNode{Type: "doc", Version: 1, Content: []ADFNode{{Type: "paragraph", Content: []ADFNode{{Type: "text", Text: text}}}}}
		md := ADFToMarkdown(doc)
		if got := plainOf(MarkdownToADF(md)); got != text {
			t.Errorf("Markdown lost text\n  in: %q\n  md: %q\n out: %q", text, md, got)
		}
		wiki := ADFToWiki(doc)
		if got := plainOf(WikiToADF(wiki)); got != text {
			t.Errorf("wiki lost text\n  in: %q\nwiki: %q\n out: %q", text, wiki, got)
		}
	}
}

// plainOf returns the text of a one-paragraph document and "" if it has any
// other structure or marks.
func plainOf(doc *ADFNode) string {
	if len(doc.Content) != 1 || doc.Content[0].Type != "paragraph" {
		return "<structure: " + mustJSON(doc) + ">"
	}
	s := ""
	for _, n := range doc.Content[0].Content {
		if n.Type != "text" || len(n.Marks) > 0 {
			return "<marks: " + mustJSON(doc) + ">"
		}
		s += n.Text
	}
	return s
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "<" + err.Error() + ">"
	}
	return string(b)
}
