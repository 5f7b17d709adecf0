package tool

import (
	"slices"
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

// TestParseList: both forms give the same trimmed list without empty
// entries; a JSON array that is not all strings is refused by position
// and type, without echoing the value.
func TestParseList(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want []string
	}{
		{`["a.txt", "dir/b.txt"]`, []string{"a.txt", "dir/b.txt"}},
		{` [" a.txt ", "", "b.txt"] `, []string{"a.txt", "b.txt"}},
		{`[]`, nil},
		{"a.txt, dir/b.txt ,c.txt", []string{"a.txt", "dir/b.txt", "c.txt"}},
		{"alice,, ,bob,", []string{"alice", "bob"}},
		{"", nil},
		{"   ", nil},
	} {
		got, err := ParseList("attachments", tc.raw)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("ParseList(%q) = %q, %v; want %q", tc.raw, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ raw, want string }{
		{`["a.txt", 42]`, "attachments[1] is a number, not a string"},
		{`[{"path": "secret-token"}]`, "attachments[0] is an object, not a string"},
		{`[null]`, "attachments[0] is null, not a string"},
		{`["a.txt", true]`, "attachments[1] is a boolean"},
		{`[["a"]]`, "attachments[0] is an array"},
		{`["a.txt"`, "attachments is not a JSON array"},
	} {
		_, err := ParseList("attachments", tc.raw)
		if err == nil || !strings.HasPrefix(err.Error(), "invalid arguments: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseList(%q) error = %v; want an argument error containing %q", tc.raw, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "secret-token") {
			t.Errorf("ParseList(%q) error echoes the value: %v", tc.raw, err)
		}
	}
}
