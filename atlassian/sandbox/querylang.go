package sandbox

import (
	"regexp"
	"strconv"
	"time"
)

// Pieces the JQL (jira_jql.go) and CQL (confluence_cql.go) implementations
// share: the two languages differ in lexing, fields and error wording, but
// build boolean levels and shift dates by relative periods the same way.

// foldLeftBinary parses operand (op operand)* and joins the operands left to
// right; it builds the OR and AND levels of both parsers. takeOp consumes
// the operator when it comes next and says whether it did.
func foldLeftBinary[N any](operand func() (N, error), takeOp func() bool, join func(a, b N) N) (N, error) {
	a, err := operand()
	if err != nil {
		var none N
		return none, err
	}
	for takeOp() {
		b, err := operand()
		if err != nil {
			var none N
			return none, err
		}
		a = join(a, b)
	}
	return a, nil
}

// periodPart is one count and unit of a period such as 4w2d: years,
// Months, weeks, days, hours or minutes.
var periodPart = regexp.MustCompile(`(\d+)([yMwdhm])`)

// shiftByPeriod moves t by each count and unit in parts, backwards when
// sign is "-". JQL and CQL spell periods alike and differ only in what
// they accept around them (JQL allows spaces between the parts).
func shiftByPeriod(t time.Time, sign, parts string) time.Time {
	dir := 1
	if sign == "-" {
		dir = -1
	}
	for _, part := range periodPart.FindAllStringSubmatch(parts, -1) {
		n, _ := strconv.Atoi(part[1])
		n *= dir
		switch part[2] {
		case "y":
			t = t.AddDate(n, 0, 0)
		case "M":
			t = t.AddDate(0, n, 0)
		case "w":
			t = t.AddDate(0, 0, 7*n)
		case "d":
			t = t.AddDate(0, 0, n)
		case "h":
			t = t.Add(time.Duration(n) * time.Hour)
		case "m":
			t = t.Add(time.Duration(n) * time.Minute)
		}
	}
	return t
}
