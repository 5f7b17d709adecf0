package markup

import (
	"testing"
	"unicode/utf8"
)

// The fuzz targets only check that conversion never panics and that its
// output is valid (schema-valid ADF, UTF-8 in when UTF-8 out). Run them with
// go test -fuzz=FuzzMarkdownToADF ./atlassian/markup/; plain go test only
// replays the seeds.

func FuzzMarkdownToADF(f *testing.F) {
	for _, tc := range roundTrips {
		f.Add(tc.md)
	}
	for _, s := range []string{
		"", "*", "**", "[~", "[~]", "@[", "@[x](accountid:)", "> [!NOTE]", "> [!NOTE]\n", "- [ ]", "- [x]\n  - [ ]",
		"<details>", "</details>", "<details><summary>", "<u>", "</u>x<u>", "<br>", "| a |\n|---|\n| b | c | d |",
		"```", "~~~\n", "1. \n2.", "- - - x", "> > > x", "![](", "![a](b \"t\")", "[a]: http://x\n\n[a]",
		"&#0; &#xFFFFFF; &bogus;", "\x00", "\xff\xfe", "a\r\nb\rc", "\t- x\n\t\t- y", "***a***b**c*",
		"<https://x.test> www.x.test a@b.test", "`a``b`", "\\", "#", "######## x", "x\n===\ny\n---",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		doc := MarkdownToADF(md)
		if err := validateADF(doc); err != nil {
			t.Fatalf("invalid ADF for %q: %v", md, err)
		}
		out := ADFToMarkdown(doc)
		wiki := MarkdownToWiki(md)
		if utf8.ValidString(md) && (!utf8.ValidString(out) || !utf8.ValidString(wiki)) {
			t.Fatalf("invalid UTF-8 output for %q", md)
		}
		if err := validateADF(MarkdownToADF(out)); err != nil {
			t.Fatalf("invalid ADF for the re-rendered Markdown %q: %v", out, err)
		}
	})
}

func FuzzWikiToMarkdown(f *testing.F) {
	for _, tc := range roundTrips {
		f.Add(MarkdownToWiki(tc.md))
	}
	for _, s := range []string{
		"", "*", "{", "{{", "}}", "{code", "{code}", "{code:}", "{code:java|title=x}", "{noformat}", "{quote}", "{panel:title=",
		"{info}{note}", "{expand:}", "{color:red}", "{*}", "{*}a", "[", "[]", "[|]", "[~]", "[~accountid:]", "[^]", "!", "!!", "!a.b!",
		"|", "||", "|a|\n|b", "* ", "*# x\n# y\n#* z", "- x\ny", "h1.", "h7. x", "bq.", "----", "\\", "\\\\", "&#92;", "??a??",
		"http://", "mailto:", "https://x.test/a_(b)_.", "* [ ] a\n* [x] b", "\r\n", "\x00", "\xff", "a*b*c _d_ -e- +f+ ^g^ ~h~",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, wiki string) {
		md := WikiToMarkdown(wiki)
		if utf8.ValidString(wiki) && !utf8.ValidString(md) {
			t.Fatalf("invalid UTF-8 output for %q", wiki)
		}
		if err := validateADF(WikiToADF(wiki)); err != nil {
			t.Fatalf("invalid ADF for %q: %v", wiki, err)
		}
		if err := validateADF(MarkdownToADF(md)); err != nil {
			t.Fatalf("invalid ADF for the Markdown %q: %v", md, err)
		}
	})
}

func FuzzADFToMarkdown(f *testing.F) {
	for _, tc := range roundTrips {
		f.Add([]byte(mustJSON(MarkdownToADF(tc.md))))
	}
	for _, s := range []string{
		`{}`, `{"type":"doc","content":[{"type":"status","attrs":{"text":"x"}}]}`,
		`{"type":"doc","content":[{"type":"mediaGroup","content":[{"type":"media","attrs":{"id":"1"}}]}]}`,
		`{"type":"doc","content":[{"type":"table","content":[{"type":"tableRow","content":[{"type":"tableCell"}]}]}]}`,
		`{"type":"doc","content":[{"type":"taskList","content":[{"type":"taskList"}]}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		doc, err := ParseADF(raw)
		if err != nil {
			return
		}
		md := ADFToMarkdown(doc)
		_ = ADFToWiki(doc)
		if err := validateADF(MarkdownToADF(md)); err != nil {
			t.Fatalf("invalid ADF for the Markdown %q: %v", md, err)
		}
	})
}
