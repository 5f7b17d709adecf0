package sandbox

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestRichSeedNotation(t *testing.T) {
	var doc richSeed
	src := `[
		{"h2": "Overview"},
		"Plain paragraph.",
		{"p": ["See ", {"strong": "this"}, {"em": "that"}, {"code": "x"}, {"link": "doc", "href": "https://example.com"}, {"mention": "bob"}, {"br": true}]},
		{"ol": ["one", ["two ", {"code": "2"}]]},
		{"code": {"lang": "go", "lines": ["a := 1", "b := 2"]}},
		{"table": [["H"], ["c"]]},
		{"warning": "Careful."},
		{"rule": true}
	]`
	if err := json.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	text := func(s string) rtInline { return rtInline{kind: "text", text: s} }
	want := []rtBlock{
		{kind: "h", level: 2, inl: []rtInline{text("Overview")}},
		{kind: "p", inl: []rtInline{text("Plain paragraph.")}},
		{kind: "p", inl: []rtInline{text("See "), {kind: "strong", text: "this"}, {kind: "em", text: "that"}, {kind: "code", text: "x"},
			{kind: "link", text: "doc", href: "https://example.com"}, {kind: "mention", user: "bob"}, {kind: "br"}}},
		{kind: "ol", items: [][]rtInline{{text("one")}, {text("two "), {kind: "code", text: "2"}}}},
		{kind: "code", lang: "go", code: "a := 1\nb := 2"},
		{kind: "table", rows: [][]string{{"H"}, {"c"}}},
		{kind: "panel", panel: "warning", blocks: []rtBlock{{kind: "p", inl: []rtInline{text("Careful.")}}}},
		{kind: "rule"},
	}
	if !reflect.DeepEqual([]rtBlock(doc), want) {
		t.Errorf("decoded\n%#v\nwant\n%#v", doc, want)
	}

	var one richSeed
	if err := json.Unmarshal([]byte(`"Just this."`), &one); err != nil || len(one) != 1 || one[0].inl[0].text != "Just this." {
		t.Errorf("a string is one paragraph: %#v, %v", one, err)
	}
}

// A typo in seed/jira.json fails loudly rather than dropping text.
func TestRichSeedRejectsTypos(t *testing.T) {
	for _, src := range []string{
		`[{"h7": "x"}]`,
		`[{"para": "x"}]`,
		`[{"p": "x", "h2": "y"}]`,
		`[{"p": [{"bold": "x"}]}]`,
		`[{"p": [{"strong": "x", "em": "y"}]}]`,
		`[{"code": {"language": "go", "lines": []}}]`,
		`[{"table": "x"}]`,
		`{"p": "x"}`,
	} {
		var doc richSeed
		err := json.Unmarshal([]byte(src), &doc)
		if err == nil || !strings.Contains(err.Error(), "rich text") {
			t.Errorf("%s: err = %v, want a rich text error", src, err)
		}
	}
}
