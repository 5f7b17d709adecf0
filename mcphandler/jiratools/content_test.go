package jiratools

import (
	"encoding/json"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/markup"
)

// markdown builds ADF nodes straight from Jira's decoded maps; the result
// must be what parsing the same JSON gives.
func TestMarkdownFromDecodedADF(t *testing.T) {
	md := "## Summary\n\nCheckout fails for **saved cards** when the *gateway* is slow, see [the report](https://status.example.com/4821) and `checkout-service v2.14.0`.\n\n" +
		"> [!WARNING]\n> Roughly **3%** of checkouts fail.\n\n1. Log in.\n2. Pay:\n   - fast: ok\n   - slow: *error*\n\n" +
		"| Case | Expected |\n| --- | --- |\n| Fast | ok |\n\n```go\nfmt.Println(\"hi\")\n```\n\n<details><summary>Logs</summary>\n\nline\n\n</details>\n\nMentions @[Maria Keller](accountid:5b10ac8d82e05b22cc7d4ef5).\n"
	raw, err := json.Marshal(markup.MarkdownToADF(md))
	if err != nil {
		t.Fatal(err)
	}
	var decoded map[string]any
	if err := json.Unmarshal(raw, &decoded); err != nil {
		t.Fatal(err)
	}
	doc, err := markup.ParseADF(raw)
	if err != nil {
		t.Fatal(err)
	}
	want := markup.ADFToMarkdown(doc)
	if got := markdown(decoded); got != want {
		t.Errorf("from maps:\n%s\nparsed:\n%s", got, want)
	}
	for _, bad := range []string{`{"type":1}`, `{"type":"doc","content":[1]}`, `{"type":"doc","content":{}}`, `{"type":"text","text":2}`, `{"type":"doc","content":[{"type":"text","text":"a","marks":[{"type":3}]}]}`} {
		var m map[string]any
		if err := json.Unmarshal([]byte(bad), &m); err != nil {
			t.Fatal(err)
		}
		if got := markdown(m); got != "" {
			t.Errorf("%s: got %q, want nothing", bad, got)
		}
	}
}
