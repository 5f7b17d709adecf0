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
