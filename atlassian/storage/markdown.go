package storage

import (
	"bytes"
	"fmt"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
)

// ToMarkdownOptions tunes ToMarkdown.
type ToMarkdownOptions struct {
	// BaseURL is the site base, e.g. https://acme.atlassian.net/wiki. With
	// PageID it makes attachment links and images absolute download URLs.
	BaseURL string
	// PageID is the id of the page the content belongs to.
	PageID string
}

// ToMarkdown converts Confluence storage format to Markdown (GFM with the
// conventions described in the package documentation). It accepts
// malformed input; the error is only non-nil if conversion itself fails.
func ToMarkdown(xhtml string, opts ToMarkdownOptions) (md string, err error) {
	defer func() {
		// html-to-markdown is third-party code run on untrusted input: a bug
		// there must not take the server down.
		if v := recover(); v != nil {
			md, err = "", fmt.Errorf("storage: converting to Markdown: %v", v)
		}
	}()
	return toMarkdownUnsafe(xhtml, opts)
}

// toMarkdownUnsafe is ToMarkdown without the safety net, for the fuzz tests.
func toMarkdownUnsafe(xhtml string, opts ToMarkdownOptions) (string, error) {
	body := parseStorage(xhtml)
	r := &rewriter{opts: opts}
	r.children(body)
	out, err := newConverter().ConvertNode(body)
	if err != nil {
		return "", fmt.Errorf("storage: converting to Markdown: %w", err)
	}
	return string(out), nil
}

// newConverter builds the html-to-markdown converter. It is built per call:
// converters hold registration state, and the package keeps no globals.
func newConverter() *converter.Converter {
	conv := converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(),
		commonmark.NewCommonmarkPlugin(
			commonmark.WithHorizontalRule("---"),
			commonmark.WithListEndComment(false),
		),
		strikethrough.NewStrikethroughPlugin(),
		table.NewTablePlugin(
			table.WithCellPaddingBehavior(table.CellPaddingBehaviorMinimal),
			table.WithNewlineBehavior(table.NewlineBehaviorPreserve),
			table.WithSpanCellBehavior(table.SpanBehaviorEmpty),
		),
	))
	reg := conv.Register
	reg.TagType(elMD, converter.TagTypeInline, converter.PriorityEarly)
	for _, name := range []string{elMDBlock, elCode, elAlert, elDetails} {
		reg.TagType(name, converter.TagTypeBlock, converter.PriorityEarly)
	}
	reg.Renderer(render, converter.PriorityEarly)
	reg.PostRenderer(tidy, converter.PriorityStandard+50)
	return conv
}

// tidy removes trailing whitespace from every line. It runs while code
// block newlines are still html-to-markdown markers, so code is untouched.
func tidy(_ converter.Context, content []byte) []byte {
	if !bytes.Contains(content, []byte(" \n")) && !bytes.Contains(content, []byte("\t\n")) {
		return content
	}
	lines := bytes.Split(content, []byte("\n"))
	for i, l := range lines {
		lines[i] = bytes.TrimRight(l, " \t")
	}
	return bytes.Join(lines, []byte("\n"))
}
