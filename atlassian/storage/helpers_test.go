package storage

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
)

// checkWellFormed fails t unless storage is well-formed XML once wrapped in
// a root element declaring the ac and ri namespaces, as Confluence does.
func checkWellFormed(t testing.TB, storage string) {
	t.Helper()
	if err := wellFormed(storage); err != nil {
		t.Fatalf("storage is not well-formed XML: %v\n%s", err, storage)
	}
}

func wellFormed(storage string) error {
	d := xml.NewDecoder(strings.NewReader(`<root xmlns:ac="http://atlassian.com/content" ` +
		`xmlns:ri="http://atlassian.com/resource/identifier">` + storage + `</root>`))
	d.Strict = true
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// toMarkdown is ToMarkdown for tests that expect no error.
func toMarkdown(t testing.TB, storage string, opts ToMarkdownOptions) string {
	t.Helper()
	md, err := ToMarkdown(storage, opts)
	if err != nil {
		t.Fatalf("ToMarkdown: %v\ninput: %s", err, storage)
	}
	return md
}
