package markup

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// sameJSON compares two JSON documents structurally.
func sameJSON(t *testing.T, got, want string) bool {
	t.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("got invalid JSON: %v\n%s", err, got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("want invalid JSON: %v\n%s", err, want)
	}
	return reflect.DeepEqual(g, w)
}

func TestMarkdownToADFGolden(t *testing.T) {
	tests := []struct {
		name, md, want string
	}{
		{"empty", "", `{"type":"doc","version":1,"content":[]}`},
		{"blank", " \n\n\t\n", `{"type":"doc","version":1,"content":[]}`},
		{"heading and marks", "## Title\n\n**b** *i* ~~s~~ `c` <u>u</u> [l](https://x.test)", `{"type":"doc","version":1,"content":[
			{"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"Title"}]},
			{"type":"paragraph","content":[
				{"type":"text","text":"b","marks":[{"type":"strong"}]},{"type":"text","text":" "},
				{"type":"text","text":"i","marks":[{"type":"em"}]},{"type":"text","text":" "},
				{"type":"text","text":"s","marks":[{"type":"strike"}]},{"type":"text","text":" "},
				{"type":"text","text":"c","marks":[{"type":"code"}]},{"type":"text","text":" "},
				{"type":"text","text":"u","marks":[{"type":"underline"}]},{"type":"text","text":" "},
				{"type":"text","text":"l","marks":[{"type":"link","attrs":{"href":"https://x.test"}}]}]}]}`},
		{"code mark drops other marks", "**`x`**", `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[
			{"type":"text","text":"x","marks":[{"type":"code"}]}]}]}`},
		{"hard break", "a  \nb\\\nc", `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[
			{"type":"text","text":"a"},{"type":"hardBreak"},{"type":"text","text":"b"},{"type":"hardBreak"},{"type":"text","text":"c"}]}]}`},
		{"soft break is a space", "a\nb", `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"a b"}]}]}`},
		{"nested list", "1. a\n   - b\n2. c", `{"type":"doc","version":1,"content":[{"type":"orderedList","content":[
			{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"a"}]},
				{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"b"}]}]}]}]},
			{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"c"}]}]}]}]}`},
		{"ordered start", "5. five", `{"type":"doc","version":1,"content":[{"type":"orderedList","attrs":{"order":5},"content":[
			{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"five"}]}]}]}]}`},
		{"item starting with a list gets a paragraph", "- - x", `{"type":"doc","version":1,"content":[{"type":"bulletList","content":[
			{"type":"listItem","content":[{"type":"paragraph"},{"type":"bulletList","content":[
				{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"x"}]}]}]}]}]}]}`},
		{"table", "| h1 | h2 |\n|---|---|\n| a |\n", `{"type":"doc","version":1,"content":[{"type":"table","content":[
			{"type":"tableRow","content":[
				{"type":"tableHeader","content":[{"type":"paragraph","content":[{"type":"text","text":"h1"}]}]},
				{"type":"tableHeader","content":[{"type":"paragraph","content":[{"type":"text","text":"h2"}]}]}]},
			{"type":"tableRow","content":[
				{"type":"tableCell","content":[{"type":"paragraph","content":[{"type":"text","text":"a"}]}]},
				{"type":"tableCell","content":[{"type":"paragraph"}]}]}]}]}`},
		{"table without header, list in cell", "|  |\n|---|\n| - a<br>- b |", `{"type":"doc","version":1,"content":[{"type":"table","content":[
			{"type":"tableRow","content":[{"type":"tableCell","content":[{"type":"bulletList","content":[
				{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"a"}]}]},
				{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"b"}]}]}]}]}]}]}]}`},
		{"code block", "```go\nx := 1\n```\n\n```\n```", `{"type":"doc","version":1,"content":[
			{"type":"codeBlock","attrs":{"language":"go"},"content":[{"type":"text","text":"x := 1"}]},
			{"type":"codeBlock"}]}`},
		{"mentions", "@[Alice](accountid:a1) [~accountid:b2] [~carol]", `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[
			{"type":"mention","attrs":{"id":"a1","text":"@Alice"}},{"type":"text","text":" "},
			{"type":"mention","attrs":{"id":"b2"}},{"type":"text","text":" "},
			{"type":"mention","attrs":{"id":"carol","text":"@carol"}}]}]}`},
		{"mention tilde is not strikethrough", "[~a] and [~b]", `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[
			{"type":"mention","attrs":{"id":"a","text":"@a"}},{"type":"text","text":" and "},
			{"type":"mention","attrs":{"id":"b","text":"@b"}}]}]}`},
		{"panel", "> [!CAUTION]\n> Hot", `{"type":"doc","version":1,"content":[{"type":"panel","attrs":{"panelType":"error"},"content":[
			{"type":"paragraph","content":[{"type":"text","text":"Hot"}]}]}]}`},
		{"panel aliases", "> [!IMPORTANT]\n> a\n\n> [!SUCCESS]\n> b", `{"type":"doc","version":1,"content":[
			{"type":"panel","attrs":{"panelType":"note"},"content":[{"type":"paragraph","content":[{"type":"text","text":"a"}]}]},
			{"type":"panel","attrs":{"panelType":"success"},"content":[{"type":"paragraph","content":[{"type":"text","text":"b"}]}]}]}`},
		{"escaped alert is a quote", "> \\[!NOTE\\]\n> x", `{"type":"doc","version":1,"content":[{"type":"blockquote","content":[
			{"type":"paragraph","content":[{"type":"text","text":"[!NOTE] x"}]}]}]}`},
		{"unknown alert is a quote", "> [!FOO]\n> x", `{"type":"doc","version":1,"content":[{"type":"blockquote","content":[
			{"type":"paragraph","content":[{"type":"text","text":"[!FOO] x"}]}]}]}`},
		{"heading in quote becomes bold", "> # T", `{"type":"doc","version":1,"content":[{"type":"blockquote","content":[
			{"type":"paragraph","content":[{"type":"text","text":"T","marks":[{"type":"strong"}]}]}]}]}`},
		{"nested quote is flattened", "> a\n>\n> > b", `{"type":"doc","version":1,"content":[{"type":"blockquote","content":[
			{"type":"paragraph","content":[{"type":"text","text":"a"}]},{"type":"paragraph","content":[{"type":"text","text":"b"}]}]}]}`},
		{"task list", "- [ ] a\n  - [x] b", `{"type":"doc","version":1,"content":[{"type":"taskList","attrs":{"localId":"00000000-0000-4000-8000-000000000001"},"content":[
			{"type":"taskItem","attrs":{"localId":"00000000-0000-4000-8000-000000000002","state":"TODO"},"content":[{"type":"text","text":"a"}]},
			{"type":"taskList","attrs":{"localId":"00000000-0000-4000-8000-000000000003"},"content":[
				{"type":"taskItem","attrs":{"localId":"00000000-0000-4000-8000-000000000004","state":"DONE"},"content":[{"type":"text","text":"b"}]}]}]}]}`},
		{"task list inside a list item", "- x\n  - [ ] t", `{"type":"doc","version":1,"content":[{"type":"bulletList","content":[
			{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"x"}]},
				{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"[ ] t"}]}]}]}]}]}]}`},
		{"expand", "<details><summary>T &amp; U</summary>\n\nbody\n\n</details>", `{"type":"doc","version":1,"content":[
			{"type":"expand","attrs":{"title":"T & U"},"content":[{"type":"paragraph","content":[{"type":"text","text":"body"}]}]}]}`},
		{"expand in a list is flattened", "- <details><summary>T</summary>\n\n  body\n\n  </details>", `{"type":"doc","version":1,"content":[{"type":"bulletList","content":[
			{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"T","marks":[{"type":"strong"}]}]},
				{"type":"paragraph","content":[{"type":"text","text":"body"}]}]}]}]}`},
		{"image", "![d](https://x.test/d.png)\n\ntext ![a](rel.png) more", `{"type":"doc","version":1,"content":[
			{"type":"mediaSingle","attrs":{"layout":"center"},"content":[{"type":"media","attrs":{"type":"external","url":"https://x.test/d.png","alt":"d"}}]},
			{"type":"paragraph","content":[{"type":"text","text":"text a (rel.png) more"}]}]}`},
		{"autolink", "<https://x.test> and www.example.com", `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[
			{"type":"text","text":"https://x.test","marks":[{"type":"link","attrs":{"href":"https://x.test"}}]},{"type":"text","text":" and "},
			{"type":"text","text":"www.example.com","marks":[{"type":"link","attrs":{"href":"http://www.example.com"}}]}]}]}`},
		{"rule", "a\n\n***\n\nb", `{"type":"doc","version":1,"content":[
			{"type":"paragraph","content":[{"type":"text","text":"a"}]},{"type":"rule"},{"type":"paragraph","content":[{"type":"text","text":"b"}]}]}`},
		{"html comment dropped, other html kept", "<!-- note -->\n\n<div>x</div>", `{"type":"doc","version":1,"content":[
			{"type":"paragraph","content":[{"type":"text","text":"<div>x</div>"}]}]}`},
		{"entities and escapes", "\\*a\\* &amp; &copy; &#65;", `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"*a* & © A"}]}]}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := MarkdownToADF(tc.md)
			if err := validateADF(doc); err != nil {
				t.Fatalf("invalid ADF: %v", err)
			}
			if got := mustJSON(doc); !sameJSON(t, got, tc.want) {
				t.Errorf("MarkdownToADF(%q)\n got: %s\nwant: %s", tc.md, got, compactJSON(tc.want))
			}
		})
	}
}

func compactJSON(s string) string {
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return s
	}
	return mustJSON(v)
}

func TestADFJSONEncoding(t *testing.T) {
	doc := &ADFNode{Type: "doc", Version: 1, Content: []ADFNode{
		{Type: "paragraph", Content: []ADFNode{{Type: "text", Text: "q\"\\\n\x01<\u2028", Marks: []ADFMark{{Type: "strong"}}}}},
		{Type: "paragraph", Content: []ADFNode{}},
		{Type: "paragraph"},
	}}
	got := mustJSON(doc)
	want := `{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"q\"\\\n\u0001\u003c\u2028","marks":[{"type":"strong"}]}]},{"type":"paragraph","content":[]},{"type":"paragraph"}]}`
	if got != want {
		t.Errorf("encoding\n got: %s\nwant: %s", got, want)
	}
	// Values (not only pointers) use the custom encoding, e.g. inside maps.
	wrapped := mustJSON(map[string]any{"description": *MarkdownToADF("")})
	if wrapped != `{"description":{"type":"doc","version":1,"content":[]}}` {
		t.Errorf("wrapped: %s", wrapped)
	}
	// Round trip through ParseADF.
	back, err := ParseADF([]byte(got))
	if err != nil {
		t.Fatal(err)
	}
	if mustJSON(back) != got {
		t.Errorf("ParseADF round trip changed the document: %s", mustJSON(back))
	}
	if _, err := json.Marshal(&ADFNode{Type: "x", Attrs: map[string]any{"f": func() {}}}); err == nil {
		t.Error("unencodable attrs should fail")
	}
	if s := mustJSON(&ADFNode{Type: "text", Text: "bad \xff utf8"}); s != `{"type":"text","text":"bad \ufffd utf8"}` {
		t.Errorf("invalid UTF-8: %s", s)
	}
}

func TestParseADF(t *testing.T) {
	for _, in := range []string{"", "  ", `"plain text"`, `["a"]`, "null", "42", "{", `{"type":1}`, `{"content":"x"}`} {
		doc, err := ParseADF([]byte(in))
		if err == nil {
			t.Errorf("ParseADF(%q) = %v, want error", in, doc)
		}
		if (in == `"plain text"` || in == "null") && !errors.Is(err, ErrNotADF) {
			t.Errorf("ParseADF(%q) error %v, want ErrNotADF", in, err)
		}
	}
	doc, err := ParseADF([]byte(` {"type":"doc","version":1,"content":[{"type":"futureNode","content":[{"type":"text","text":"kept"}]},{"type":"paragraph"},null]} `))
	if err != nil {
		t.Fatal(err)
	}
	if got := ADFToMarkdown(doc); got != "kept" {
		t.Errorf("unknown node: got %q", got)
	}
}

func adfDoc(t *testing.T, raw string) *ADFNode {
	t.Helper()
	doc, err := ParseADF([]byte(raw))
	if err != nil {
		t.Fatalf("ParseADF: %v", err)
	}
	return doc
}

// TestADFToMarkdownRead covers ADF that only Jira produces.
func TestADFToMarkdownRead(t *testing.T) {
	tests := []struct{ name, adf, want string }{
		{"emoji", `{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"Hi "},{"type":"emoji","attrs":{"shortName":":smile:","text":"😄"}},{"type":"emoji","attrs":{"shortName":":custom:"}}]}]}`,
			"Hi 😄:custom:"},
		{"date", `{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"Due "},{"type":"date","attrs":{"timestamp":"1582152559000"}},{"type":"text","text":" or "},{"type":"date","attrs":{"timestamp":1700000000000}}]}]}`,
			"Due 2020-02-19 or 2023-11-14"},
		{"status", `{"type":"doc","content":[{"type":"paragraph","content":[{"type":"status","attrs":{"text":"In progress","color":"blue"}},{"type":"text","text":" now"}]}]}`,
			"[IN PROGRESS] now"},
		{"inline card", `{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"See "},{"type":"inlineCard","attrs":{"url":"https://jira.example.com/browse/PROJ-1"}}]}]}`,
			"See https://jira.example.com/browse/PROJ-1"},
		{"mention without text", `{"type":"doc","content":[{"type":"paragraph","content":[{"type":"mention","attrs":{"id":"abc"}},{"type":"text","text":" "},{"type":"mention","attrs":{"id":"d1","text":"@Dana Doe","accessLevel":""}}]}]}`,
			"[~accountid:abc] @[Dana Doe](accountid:d1)"},
		{"media single file", `{"type":"doc","content":[{"type":"mediaSingle","attrs":{"layout":"center"},"content":[{"type":"media","attrs":{"type":"file","id":"6e7c7f2c","collection":"jira-1","alt":"screen shot.png"}}]}]}`,
			"![attachment](screen%20shot.png)"},
		{"media group ids", `{"type":"doc","content":[{"type":"mediaGroup","content":[{"type":"media","attrs":{"type":"file","id":"id-1"}},{"type":"media","attrs":{"type":"file","id":"id-2"}}]}]}`,
			"![attachment](id-1) ![attachment](id-2)"},
		{"external media with caption", `{"type":"doc","content":[{"type":"mediaSingle","content":[{"type":"media","attrs":{"type":"external","url":"https://x.test/a.png","alt":"A"}},{"type":"caption","content":[{"type":"text","text":"The caption"}]}]}]}`,
			"![A](https://x.test/a.png)\n\nThe caption"},
		{"hard break and newline in text", `{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"a"},{"type":"hardBreak"},{"type":"text","text":"b\nc"},{"type":"hardBreak"}]}]}`,
			"a\\\nb\\\nc"},
		{"decision list", `{"type":"doc","content":[{"type":"decisionList","attrs":{"localId":"x"},"content":[{"type":"decisionItem","attrs":{"state":"DECIDED"},"content":[{"type":"text","text":"Ship it"}]}]}]}`,
			"- Ship it"},
		{"layout and extension", `{"type":"doc","content":[{"type":"layoutSection","content":[{"type":"layoutColumn","attrs":{"width":50},"content":[{"type":"paragraph","content":[{"type":"text","text":"left"}]}]},{"type":"layoutColumn","content":[{"type":"paragraph","content":[{"type":"text","text":"right"}]}]}]},{"type":"extension","attrs":{"extensionKey":"x"}}]}`,
			"left\n\nright"},
		{"nested expand in table", `{"type":"doc","content":[{"type":"table","content":[{"type":"tableRow","content":[{"type":"tableCell","content":[{"type":"nestedExpand","attrs":{"title":"T"},"content":[{"type":"paragraph","content":[{"type":"text","text":"x"}]}]}]}]}]}]}`,
			"|  |\n| --- |\n| **T**<br>x |"},
		{"table cells with blocks", `{"type":"doc","content":[{"type":"table","content":[{"type":"tableRow","content":[{"type":"tableHeader","content":[{"type":"paragraph","content":[{"type":"text","text":"a|b"}]}]},{"type":"tableHeader","attrs":{"colspan":2},"content":[{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"one"}]}]},{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"two"}]}]}]}]}]},{"type":"tableRow","content":[{"type":"tableCell","content":[{"type":"codeBlock","content":[{"type":"text","text":"x|y\nz"}]}]}]}]}]}`,
			"| a\\|b | - one<br>- two |\n| --- | --- |\n| `x\\|y`<br>`z` |  |"},
		{"panels", `{"type":"doc","content":[{"type":"panel","attrs":{"panelType":"success"},"content":[{"type":"paragraph","content":[{"type":"text","text":"ok"}]}]},{"type":"panel","attrs":{"panelType":"custom"},"content":[{"type":"paragraph","content":[{"type":"text","text":"c"}]}]}]}`,
			"> [!TIP]\n> ok\n\n> [!INFO]\n> c"},
		{"code block ignores marks", `{"type":"doc","content":[{"type":"codeBlock","attrs":{"language":"js"},"content":[{"type":"text","text":"let a = 1;","marks":[{"type":"strong"}]},{"type":"text","text":"\nlet b = \"` + "```" + `\";"}]}]}`,
			"````js\nlet a = 1;\nlet b = \"```\";\n````"},
		{"marks jira-only are dropped", `{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"red","marks":[{"type":"textColor","attrs":{"color":"#ff0000"}},{"type":"strong"},{"type":"strong"}]}]}]}`,
			"**red**"},
		{"link with marks inside", `{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"a ","marks":[{"type":"link","attrs":{"href":"https://x.test"}}]},{"type":"text","text":"b","marks":[{"type":"link","attrs":{"href":"https://x.test"}},{"type":"strong"}]}]}]}`,
			"[a **b**](https://x.test)"},
		{"whitespace inside marks moves out", `{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"a"},{"type":"text","text":" bold ","marks":[{"type":"strong"}]},{"type":"text","text":"b"}]}]}`,
			"a **bold** b"},
		{"emphasis against punctuation uses html", `{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"a"},{"type":"text","text":"(b)","marks":[{"type":"em"}]},{"type":"text","text":"c"}]}]}`,
			"a<em>(b)</em>c"},
		{"missing content and attrs", `{"type":"doc","content":[{"type":"heading"},{"type":"bulletList"},{"type":"table"},{"type":"paragraph","content":[{"type":"text"}]},{"type":"orderedList","attrs":{"order":"x"},"content":[{"type":"listItem"}]}]}`,
			"#\n\n1."},
		{"malformed nesting", `{"type":"doc","content":[{"type":"text","text":"loose"},{"type":"bulletList","content":[{"type":"paragraph","content":[{"type":"text","text":"not an item"}]}]},{"type":"paragraph","content":[{"type":"paragraph","content":[{"type":"text","text":"inner"}]}]}]}`,
			"loose\n\n- not an item\n\ninner"},
		{"unknown inline with text", `{"type":"doc","content":[{"type":"paragraph","content":[{"type":"futureInline","text":"txt"},{"type":"placeholder","attrs":{"text":"type here"}}]}]}`,
			"txt"},
		{"not a doc root", `{"type":"paragraph","content":[{"type":"text","text":"p"}]}`, "p"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ADFToMarkdown(adfDoc(t, tc.adf)); got != tc.want {
				t.Errorf("ADFToMarkdown\n got: %q\nwant: %q", got, tc.want)
			}
		})
	}
	if ADFToMarkdown(nil) != "" || ADFToWiki(nil) != "" {
		t.Error("nil document should render empty")
	}
}

// TestADFToWikiRead checks the Jira-only ADF nodes in wiki output.
func TestADFToWikiRead(t *testing.T) {
	doc := adfDoc(t, `{"type":"doc","content":[{"type":"paragraph","content":[
		{"type":"emoji","attrs":{"shortName":":smile:","text":"😄"}},{"type":"text","text":" "},
		{"type":"date","attrs":{"timestamp":"1582152559000"}},{"type":"text","text":" "},
		{"type":"status","attrs":{"text":"done"}},{"type":"text","text":" "},
		{"type":"mention","attrs":{"id":"abc","text":"@A"}},{"type":"text","text":" "},
		{"type":"inlineCard","attrs":{"url":"https://x.test/1"}},{"type":"text","text":" "},
		{"type":"text","text":"red","marks":[{"type":"textColor","attrs":{"color":"#ff0000"}}]}]},
		{"type":"mediaSingle","content":[{"type":"media","attrs":{"type":"file","id":"i1","alt":"a.png"}}]}]}`)
	want := "😄 2020-02-19 \\[DONE\\] [~accountid:abc] [https://x.test/1] {color:#ff0000}red{color}\n\n!a.png!"
	if got := ADFToWiki(doc); got != want {
		t.Errorf("ADFToWiki\n got: %q\nwant: %q", got, want)
	}
}

func TestMarkdownADFMediaPlaceholder(t *testing.T) {
	// A file attachment read from Jira becomes a placeholder; writing the
	// placeholder back keeps the file name visible instead of inventing media.
	md := ADFToMarkdown(adfDoc(t, `{"type":"doc","content":[{"type":"mediaSingle","content":[{"type":"media","attrs":{"type":"file","id":"x","alt":"log.txt"}}]}]}`))
	doc := MarkdownToADF(md)
	if err := validateADF(doc); err != nil {
		t.Fatal(err)
	}
	if got := plainOf(doc); !strings.Contains(got, "log.txt") {
		t.Errorf("placeholder lost the file name: %q", got)
	}
}
