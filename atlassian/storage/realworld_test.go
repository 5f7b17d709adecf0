package storage

import "testing"

// TestToMarkdownRealWorld feeds storage as Confluence Cloud and Data Center
// emit it: macro ids and schema versions, <p> in list items and cells,
// entities, editor leftovers such as <br /> and styled spans, layouts.
func TestToMarkdownRealWorld(t *testing.T) {
	tests := []struct{ name, storage, want string }{
		{
			name:    "entities and styled spans",
			storage: `<p>The&nbsp;<span style="color: rgb(255,86,48);">red</span> &amp; <span style="text-decoration: line-through;">old</span> text&hellip;</p>`,
			want:    "The red & ~~old~~ text…",
		},
		{
			name:    "editor leftovers",
			storage: `<p><br /></p><p>&nbsp;</p><p>line one<br />line two<br /></p><p />`,
			want:    "line one\\\nline two",
		},
		{
			name: "list items with paragraphs",
			storage: `<ul><li><p>Access to <ac:link><ri:page ri:content-title="VPN Setup" ri:version-at-save="3" />` +
				`<ac:link-body>the <em>VPN</em></ac:link-body></ac:link></p></li><li><p>A <code>kubectl</code> context</p>` +
				`<ul><li><p>named <em>prod</em></p></li></ul></li></ul>`,
			want: "- Access to [the *VPN*](confluence-page:VPN%20Setup)\n- A `kubectl` context\n  - named *prod*",
		},
		{
			name: "cloud table",
			storage: `<table data-table-width="760" data-layout="default" ac:local-id="9b3e"><colgroup><col style="width: 200.0px;" />` +
				`<col style="width: 560.0px;" /></colgroup><tbody><tr><th><p><strong>Step</strong></p></th><th><p><strong>Command</strong></p></th></tr>` +
				`<tr><td><p>Build</p></td><td><p><code>make build</code></p></td></tr>` +
				`<tr><td><p>Deploy</p></td><td><p>Run:</p><ul><li><p><code>make deploy</code></p></li><li><p>check</p></li></ul></td></tr></tbody></table>`,
			want: "| **Step** | **Command** |\n|---|---|\n| Build | `make build` |\n| Deploy | Run:<br />- `make deploy`<br />- check |",
		},
		{
			name: "page properties table with row headers",
			storage: `<ac:structured-macro ac:name="details" ac:schema-version="1" ac:macro-id="1a2b"><ac:rich-text-body><table><tbody>` +
				`<tr><th>Owner</th><td><ac:link><ri:user ri:account-id="557058:f1e2" /></ac:link></td></tr>` +
				`<tr><th>Status</th><td><ac:structured-macro ac:name="status" ac:schema-version="1"><ac:parameter ac:name="title">In progress</ac:parameter>` +
				`<ac:parameter ac:name="colour">Yellow</ac:parameter></ac:structured-macro></td></tr></tbody></table></ac:rich-text-body></ac:structured-macro>`,
			want: "|  |  |\n|---|---|\n| **Owner** | [~accountid:557058:f1e2] |\n| **Status** | [IN PROGRESS] |",
		},
		{
			name: "code macro with options",
			storage: `<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="c0de"><ac:parameter ac:name="language">bash</ac:parameter>` +
				`<ac:parameter ac:name="breakoutMode">wide</ac:parameter><ac:parameter ac:name="linenumbers">true</ac:parameter>` +
				`<ac:plain-text-body><![CDATA[kubectl apply -f deploy.yaml && echo "done" > /tmp/x]]></ac:plain-text-body></ac:structured-macro>`,
			want: "```bash\nkubectl apply -f deploy.yaml && echo \"done\" > /tmp/x\n```",
		},
		{
			name:    "legacy code macro",
			storage: `<ac:macro ac:name="code"><ac:default-parameter>java</ac:default-parameter><ac:plain-text-body><![CDATA[int x = 1;]]></ac:plain-text-body></ac:macro>`,
			want:    "```java\nint x = 1;\n```",
		},
		{
			name:    "noformat and pre",
			storage: `<ac:structured-macro ac:name="noformat"><ac:plain-text-body><![CDATA[raw <text>]]></ac:plain-text-body></ac:structured-macro><pre>pre &lt;formatted&gt;</pre>`,
			want:    "```\nraw <text>\n```\n\n```\npre <formatted>\n```",
		},
		{
			name: "cloud task list",
			storage: `<ac:task-list ac:task-list-id="77"><ac:task><ac:task-id>12</ac:task-id><ac:task-uuid>0c7d</ac:task-uuid>` +
				`<ac:task-status>incomplete</ac:task-status><ac:task-body><span class="placeholder-inline-tasks">Notify ` +
				`<ac:link><ri:user ri:account-id="557058:aa" /></ac:link> by <time datetime="2024-03-01" /></span></ac:task-body></ac:task>` +
				`<ac:task><ac:task-id>13</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>Write <strong>docs</strong></ac:task-body></ac:task>` +
				`<ac:task-list><ac:task><ac:task-id>14</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>sub-task</ac:task-body></ac:task></ac:task-list></ac:task-list>`,
			want: "- [ ] Notify [~accountid:557058:aa] by 2024-03-01\n- [x] Write **docs**\n  - [ ] sub-task",
		},
		{
			name: "status and jira inline",
			storage: `<p>State: <ac:structured-macro ac:name="status" ac:schema-version="1" ac:macro-id="5"><ac:parameter ac:name="title">Done</ac:parameter>` +
				`<ac:parameter ac:name="colour">Green</ac:parameter></ac:structured-macro>, see <ac:structured-macro ac:name="jira" ac:schema-version="1">` +
				`<ac:parameter ac:name="server">System JIRA</ac:parameter><ac:parameter ac:name="serverId">a-b-c</ac:parameter>` +
				`<ac:parameter ac:name="key">OPS-42</ac:parameter></ac:structured-macro>.</p>`,
			want: "State: [DONE], see OPS-42.",
		},
		{
			name: "image with caption and emoticon",
			storage: `<p><ac:image ac:align="center" ac:layout="center" ac:original-height="400" ac:original-width="800" ac:alt="architecture">` +
				`<ri:attachment ri:filename="arch.png" ri:version-at-save="1" /><ac:caption><p>Caption</p></ac:caption></ac:image></p>` +
				`<p><ac:emoticon ac:name="tick" ac:emoji-shortname=":check_mark:" ac:emoji-id="2714" ac:emoji-fallback="✔️" /> Done ` +
				`<ac:emoticon ac:name="warning" /></p>`,
			want: "![architecture](arch.png)\n\n✔️ Done ⚠️",
		},
		{
			name: "attachment with base url",
			storage: `<p><ac:image><ri:attachment ri:filename="a b.png" /></ac:image> <ac:link><ri:attachment ri:filename="spec.pdf" />` +
				`<ac:plain-text-link-body><![CDATA[the spec]]></ac:plain-text-link-body></ac:link></p>`,
			want: "![](https://acme.atlassian.net/wiki/download/attachments/98765/a%20b.png) " +
				"[the spec](https://acme.atlassian.net/wiki/download/attachments/98765/spec.pdf)",
		},
		{
			name: "layout",
			storage: `<ac:layout><ac:layout-section ac:type="two_equal" ac:breakout-mode="default"><ac:layout-cell><p>Left</p></ac:layout-cell>` +
				`<ac:layout-cell><h3>Right</h3><p>text</p></ac:layout-cell></ac:layout-section></ac:layout>`,
			want: "Left\n\n### Right\n\ntext",
		},
		{
			name: "panels",
			storage: `<ac:structured-macro ac:name="info" ac:schema-version="1" ac:macro-id="i1"><ac:rich-text-body><p>Ask ` +
				`<ac:link><ri:user ri:userkey="8a7f808a5f" /></ac:link> for access.</p></ac:rich-text-body></ac:structured-macro>` +
				`<ac:structured-macro ac:name="panel" ac:schema-version="1"><ac:parameter ac:name="bgColor">#DEEBFF</ac:parameter>` +
				`<ac:parameter ac:name="title">Contacts</ac:parameter><ac:rich-text-body><ul><li>ops</li></ul></ac:rich-text-body></ac:structured-macro>`,
			want: "> [!INFO]\n> Ask [~userkey:8a7f808a5f] for access.\n\n> **Contacts**\n>\n> - ops",
		},
		{
			name: "cloud adf panel",
			storage: `<ac:adf-extension><ac:adf-node type="panel"><ac:adf-attribute key="panel-type">success</ac:adf-attribute>` +
				`<ac:adf-content><p>All good</p></ac:adf-content></ac:adf-node><ac:adf-fallback><div class="panel"><div class="panelContent">` +
				`<p>All good</p></div></div></ac:adf-fallback></ac:adf-extension>`,
			want: "> [!TIP]\n> All good",
		},
		{
			name: "adf extension fallback",
			storage: `<ac:adf-extension><ac:adf-node type="decision-list"><ac:adf-node type="decision-item"><ac:adf-attribute key="state">DECIDED</ac:adf-attribute>` +
				`<ac:adf-content>Ship it</ac:adf-content></ac:adf-node></ac:adf-node><ac:adf-fallback><ul class="decision-list"><li>Ship it</li></ul>` +
				`</ac:adf-fallback></ac:adf-extension>`,
			want: "- Ship it",
		},
		{
			name: "heading anchors and inline comments",
			storage: `<h2><ac:structured-macro ac:name="anchor" ac:schema-version="1"><ac:parameter ac:name="">setup</ac:parameter>` +
				`</ac:structured-macro>Setup</h2><p>Some <ac:inline-comment-marker ac:ref="c0ffee">commented</ac:inline-comment-marker> text, ` +
				`<ac:link ac:anchor="setup"><ac:plain-text-link-body><![CDATA[back up]]></ac:plain-text-link-body></ac:link>.</p>`,
			want: "## Setup\n\nSome commented text, [back up](#setup).",
		},
		{
			name: "expand and excerpt",
			storage: `<ac:structured-macro ac:name="excerpt" ac:schema-version="1"><ac:rich-text-body><p>Summary.</p></ac:rich-text-body></ac:structured-macro>` +
				`<ac:structured-macro ac:name="expand" ac:schema-version="1"><ac:parameter ac:name="title">Details</ac:parameter>` +
				`<ac:rich-text-body><p>More &lt;info&gt;.</p></ac:rich-text-body></ac:structured-macro>`,
			want: "Summary.\n\n<details>\n<summary>Details</summary>\n\nMore &lt;info&gt;.\n\n</details>",
		},
		{
			name: "expand in table cell",
			storage: `<table><tbody><tr><td><ac:structured-macro ac:name="expand"><ac:parameter ac:name="title">Log</ac:parameter>` +
				`<ac:rich-text-body><p>line</p></ac:rich-text-body></ac:structured-macro></td></tr></tbody></table>`,
			want: "|  |\n|---|\n| **Log**<br />line |",
		},
		{
			name: "unknown macros",
			storage: `<ac:structured-macro ac:name="children" ac:schema-version="2" ac:macro-id="x"><ac:parameter ac:name="all">true</ac:parameter></ac:structured-macro>` +
				`<ac:structured-macro ac:name="toc"><ac:parameter ac:name="maxLevel">2</ac:parameter></ac:structured-macro>` +
				`<p>Inline <ac:structured-macro ac:name="profile-picture"><ac:parameter ac:name="User"><ri:user ri:account-id="99" /></ac:parameter></ac:structured-macro> end</p>` +
				`<ac:structured-macro ac:name="html"><ac:plain-text-body><![CDATA[<b>hi</b>]]></ac:plain-text-body></ac:structured-macro>`,
			want: "<!-- confluence macro: children all=true -->\n\n<!-- confluence macro: toc maxLevel=2 -->\n\n" +
				"Inline <!-- confluence macro: profile-picture User=\"[~accountid:99]\" --> end\n\n<!-- confluence macro: html -->\n\n```\n<b>hi</b>\n```",
		},
		{
			name: "links",
			storage: `<p><a href="https://example.com/?a=1&amp;b=2">site</a>, <a href="https://example.com">https://example.com</a>, ` +
				`<ac:link><ri:page ri:space-key="DEV" ri:content-title="Q&amp;A (2024)" /></ac:link>, ` +
				`<ac:link><ri:blog-post ri:space-key="TEAM" ri:content-title="Hello" ri:posting-day="2024/01/31" /></ac:link>, ` +
				`<ac:link><ri:space ri:space-key="OPS" /></ac:link>, <a>no href</a>.</p>`,
			want: "[site](https://example.com/?a=1&b=2), <https://example.com>, [Q&A (2024)](confluence-page:DEV/Q&A%20%282024%29), " +
				"[Hello](confluence-blogpost:TEAM/2024/01/31/Hello), [OPS](confluence-space:OPS), no href.",
		},
		{
			name:    "server user links",
			storage: `<p><ac:link><ri:user ri:username="jdoe" /></ac:link> and <ac:link><ri:user ri:userkey="ff80" /></ac:link></p>`,
			want:    "[~jdoe] and [~userkey:ff80]",
		},
		{
			name:    "cdata with entities stays literal",
			storage: `<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[a &amp; b < c]]></ac:plain-text-body></ac:structured-macro>`,
			want:    "```\na &amp; b < c\n```",
		},
		{
			name:    "underline sub sup",
			storage: `<p><u>under</u> H<sub>2</sub>O x<sup>2</sup> <ins>ins</ins></p>`,
			want:    "<u>under</u> H<sub>2</sub>O x<sup>2</sup> <u>ins</u>",
		},
		{
			name: "code inside list and quote",
			storage: `<ol><li><p>Run:</p><ac:structured-macro ac:name="code"><ac:parameter ac:name="language">sh</ac:parameter>` +
				`<ac:plain-text-body><![CDATA[make

make test]]></ac:plain-text-body></ac:structured-macro></li></ol><blockquote><p>quoted</p></blockquote>`,
			want: "1. Run:\n\n   ```sh\n   make\n\n   make test\n   ```\n\n> quoted",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := ToMarkdownOptions{}
			if tt.name == "attachment with base url" {
				opts = ToMarkdownOptions{BaseURL: "https://acme.atlassian.net/wiki/", PageID: "98765"}
			}
			got := toMarkdown(t, tt.storage, opts)
			if got != tt.want {
				t.Errorf("\n--- want\n%s\n--- got\n%s", tt.want, got)
			}
			// What we produce converts back to valid storage, and from
			// there to the same Markdown: reading a page and writing it
			// back loses nothing more than the first conversion did.
			storage := FromMarkdown(got, FromMarkdownOptions{PageID: opts.PageID})
			checkWellFormed(t, storage)
			if again := toMarkdown(t, storage, opts); again != got {
				t.Errorf("not stable\n--- first\n%s\n--- second\n%s\n--- storage\n%s", got, again, storage)
			}
		})
	}
}
