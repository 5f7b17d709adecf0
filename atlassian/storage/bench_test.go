package storage

import (
	"fmt"
	"os"
	"testing"
)

// loadPage returns testdata/page.xhtml, a realistic ~10 KB Cloud page.
func loadPage(tb testing.TB) string {
	tb.Helper()
	b, err := os.ReadFile("testdata/page.xhtml")
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// TestPage pins the Markdown of the benchmark page, so a change in any
// convention shows up as one readable diff.
func TestPage(t *testing.T) {
	page := loadPage(t)
	md := toMarkdown(t, page, ToMarkdownOptions{})
	want, err := os.ReadFile("testdata/page.md")
	if err != nil {
		t.Fatal(err)
	}
	if md != string(want) {
		t.Errorf("Markdown of testdata/page.xhtml differs from testdata/page.md:\n%s", md)
	}
	// Markdown → storage → Markdown is stable for what ToMarkdown writes.
	storage := FromMarkdown(md, FromMarkdownOptions{})
	checkWellFormed(t, storage)
	if again := toMarkdown(t, storage, ToMarkdownOptions{}); again != md {
		t.Errorf("second round trip differs:\n--- first\n%s\n--- second\n%s", md, again)
	}
}

func BenchmarkToMarkdown(b *testing.B) {
	page := loadPage(b)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ToMarkdown(page, ToMarkdownOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFromMarkdown(b *testing.B) {
	md, err := ToMarkdown(loadPage(b), ToMarkdownOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(md)))
	b.ReportAllocs()
	for b.Loop() {
		FromMarkdown(md, FromMarkdownOptions{HeadingAnchors: true})
	}
}

// BenchmarkHostileScaling converts each hostile input at 500 and 4000
// repetitions; ns/op growing about 8x between the two means linear cost
// (quadratic behaviour would show as about 64x).
func BenchmarkHostileScaling(b *testing.B) {
	for _, n := range []int{500, 4000} {
		storage, markdown := hostileInputs(n)
		for name, in := range storage {
			b.Run(fmt.Sprintf("ToMarkdown/%s/%d", name, n), func(b *testing.B) {
				for b.Loop() {
					if _, err := ToMarkdown(in, ToMarkdownOptions{}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		for name, in := range markdown {
			b.Run(fmt.Sprintf("FromMarkdown/%s/%d", name, n), func(b *testing.B) {
				for b.Loop() {
					FromMarkdown(in, FromMarkdownOptions{HeadingAnchors: true})
				}
			})
		}
	}
}
