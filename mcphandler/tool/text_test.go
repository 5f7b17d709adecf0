package tool

import (
	"strings"
	"testing"
)

func TestLongestParagraph(t *testing.T) {
	for _, tc := range []struct {
		md   string
		want int
	}{
		{"", 0},
		{"one line\n", 9},
		{"a\nb\n\nccc\n", 4},
		{"# heading\n- item one\n- item two\n", 11},
		{"```\n" + strings.Repeat("code\n", 100) + "```\nafter\n", 6},
		{"| a | b |\n| - | - |\n| c | d |\n", 10},
		{"> quoted\n> more\n", 12},
		{"1. first\n2) second\n", 10},
	} {
		if got := longestParagraph(tc.md); got != tc.want {
			t.Errorf("longestParagraph(%q) = %d, want %d", tc.md, got, tc.want)
		}
	}
}

// TestInlineBudget: files are admitted while they fit; one of unknown size
// while any room is left; none once the budget is spent.
func TestInlineBudget(t *testing.T) {
	b := &InlineBudget{Limit: 100}
	if err := b.Admit(60); err != nil {
		t.Fatal(err)
	}
	b.Spend(60)
	if err := b.Admit(50); err == nil || !strings.Contains(err.Error(), "left out") {
		t.Errorf("a file past the budget: %v", err)
	}
	if err := b.Admit(0); err != nil {
		t.Errorf("a file of unknown size with room left: %v", err)
	}
	b.Spend(40)
	if err := b.Admit(0); err == nil {
		t.Error("a file of unknown size with the budget spent was admitted")
	}
	if NewInlineBudget().Limit != MaxInlineTotal {
		t.Error("the default budget is not MaxInlineTotal")
	}
}
