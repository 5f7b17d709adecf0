package confluencetools

import (
	"fmt"
	"strings"
)

// unifiedDiff is the unified diff of two texts, line by line with three
// lines of context, as difflib.unified_diff writes it (lineterm=""), so
// clients of mcp-atlassian's confluence_get_page_diff read the same.
// Pages are a few thousand lines at most, so the quadratic LCS table is
// fine; beyond maxDiffCells the diff degrades to replacing everything.
func unifiedDiff(a, b, fromName, toName string) string {
	x, y := splitLines(a), splitLines(b)
	ops := diffOps(x, y)
	const context = 3
	var out []string
	for i := 0; i < len(ops); {
		// Find the next change.
		for i < len(ops) && ops[i].kind == ' ' {
			i++
		}
		if i == len(ops) {
			break
		}
		start := max(i-context, 0)
		end := i
		// Extend the hunk while changes are within 2*context of each other.
		for j := i; j < len(ops); j++ {
			if ops[j].kind != ' ' {
				end = j + 1
			} else if j-end >= 2*context {
				break
			}
		}
		stop := min(end+context, len(ops))
		hunk := ops[start:stop]
		aStart, bStart := hunk[0].ai, hunk[0].bi
		var aLen, bLen int
		for _, op := range hunk {
			if op.kind != '+' {
				aLen++
			}
			if op.kind != '-' {
				bLen++
			}
		}
		if len(out) == 0 {
			out = append(out, "--- "+fromName, "+++ "+toName)
		}
		out = append(out, fmt.Sprintf("@@ -%s +%s @@", hunkRange(aStart, aLen), hunkRange(bStart, bLen)))
		for _, op := range hunk {
			out = append(out, string(op.kind)+op.line)
		}
		i = stop
	}
	return strings.Join(out, "\n")
}

// hunkRange is difflib's range notation: "start,len", 1-based, where an
// empty range names the line before it.
func hunkRange(start, n int) string {
	first := start + 1
	switch n {
	case 1:
		return fmt.Sprintf("%d", first)
	case 0:
		return fmt.Sprintf("%d,0", first-1)
	}
	return fmt.Sprintf("%d,%d", first, n)
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(strings.ReplaceAll(s, "\r\n", "\n"), "\n"), "\n")
}

// diffOp is one line of a diff: ' ' kept, '-' removed, '+' added; ai and
// bi are its 0-based positions in the old and new text.
type diffOp struct {
	kind   byte
	line   string
	ai, bi int
}

const maxDiffCells = 16 << 20

// diffOps aligns two line lists by their longest common subsequence.
func diffOps(x, y []string) []diffOp {
	var ops []diffOp
	if len(x)*len(y) > maxDiffCells {
		for i, l := range x {
			ops = append(ops, diffOp{'-', l, i, 0})
		}
		for j, l := range y {
			ops = append(ops, diffOp{'+', l, len(x), j})
		}
		return ops
	}
	// lcs[i][j] is the LCS length of x[i:] and y[j:].
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			ops = append(ops, diffOp{' ', x[i], i, j})
			i, j = i+1, j+1
		case j < len(y) && (i == len(x) || lcs[i][j+1] > lcs[i+1][j]):
			ops = append(ops, diffOp{'+', y[j], i, j})
			j++
		default:
			ops = append(ops, diffOp{'-', x[i], i, j})
			i++
		}
	}
	return ops
}
