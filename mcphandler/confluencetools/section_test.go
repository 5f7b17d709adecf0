package confluencetools

import (
	"errors"
	"strings"
	"testing"
)

// macroPage is storage XHTML the way the Confluence editor writes it:
// layouts, macros with CDATA bodies and parameters, attachments, user
// links, entities and self-closing elements, around the sections.
const macroPage = `<ac:structured-macro ac:name="toc" ac:schema-version="1" ac:macro-id="a1"><ac:parameter ac:name="maxLevel">3</ac:parameter></ac:structured-macro>` +
	`<h1>Overview</h1><p>Intro &amp; scope&nbsp;here.</p>` +
	`<ac:layout><ac:layout-section ac:type="two_equal"><ac:layout-cell>` +
	`<h2>Left cell</h2><p>keep <ac:link><ri:user ri:account-id="5b10" /></ac:link></p>` +
	`</ac:layout-cell><ac:layout-cell><h2>Status</h2><p>old status</p>` +
	`<ac:structured-macro ac:name="status" ac:macro-id="s1"><ac:parameter ac:name="colour">Green</ac:parameter></ac:structured-macro>` +
	`</ac:layout-cell></ac:layout-section></ac:layout>` +
	`<h2>Details <em>(v2)</em></h2><p>old details</p><ac:image><ri:attachment ri:filename="arch.png" /></ac:image>` +
	`<h3>Sub-detail</h3><ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[if a < b && c > d {}]]></ac:plain-text-body></ac:structured-macro>` +
	`<h2>Appendix</h2><ac:structured-macro ac:name="jira"><ac:parameter ac:name="key">DEMO-1</ac:parameter></ac:structured-macro><br/><hr />`

func TestReplaceSection(t *testing.T) {
	for _, tc := range []struct {
		name, heading, oldBody string
	}{
		// A section runs to the next heading of the same or a higher level,
		// past deeper headings.
		{"up to the next h2, past an h3", "Details(v2)", `<p>old details</p><ac:image><ri:attachment ri:filename="arch.png" /></ac:image><h3>Sub-detail</h3><ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[if a < b && c > d {}]]></ac:plain-text-body></ac:structured-macro>`},
		// Inside a layout cell, the cell's end ends the section.
		{"to the end of its layout cell", "Status", `<p>old status</p><ac:structured-macro ac:name="status" ac:macro-id="s1"><ac:parameter ac:name="colour">Green</ac:parameter></ac:structured-macro>`},
		{"h3 up to the next h2", "Sub-detail", `<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[if a < b && c > d {}]]></ac:plain-text-body></ac:structured-macro>`},
		{"the last section runs to the end", "Appendix", `<ac:structured-macro ac:name="jira"><ac:parameter ac:name="key">DEMO-1</ac:parameter></ac:structured-macro><br/><hr />`},
		{"an h1 runs over the layout and h2s", " Overview ", strings.SplitN(macroPage, "<h1>Overview</h1>", 2)[1]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const repl = `<p>NEW</p>`
			got, err := replaceSection(macroPage, tc.heading, repl)
			if err != nil {
				t.Fatal(err)
			}
			i := strings.Index(macroPage, tc.oldBody)
			if i < 0 {
				t.Fatalf("test data: old body not in page")
			}
			want := macroPage[:i] + repl + macroPage[i+len(tc.oldBody):]
			if got != want {
				t.Errorf("replaceSection =\n%s\nwant\n%s", got, want)
			}
		})
	}
	if _, err := replaceSection(macroPage, "details", "x"); !errors.Is(err, errHeadingNotFound) {
		t.Errorf("a heading in the wrong case matched: err = %v", err)
	}
}
