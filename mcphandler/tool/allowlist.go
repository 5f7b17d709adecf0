package tool

import (
	"fmt"
	"strings"
)

// RestrictQuery ANDs an allow-list clause (project IN (...) / space IN
// (...)) into a JQL or CQL query, keeping a trailing ORDER BY at the end.
//
// The user's clause is wrapped in parentheses, so it must not be able to
// close them: the query is scanned for its top-level structure (quoted
// strings with backslash escapes, balanced parentheses), ORDER BY counts
// only outside strings and parentheses, and a query whose parentheses or
// quotes do not balance is refused rather than wrapped.
func RestrictQuery(query, field string, keys []string) (string, error) {
	if len(keys) == 0 {
		return query, nil
	}
	where, order, err := splitOrderBy(query)
	if err != nil {
		return "", err
	}
	quoted := make([]string, len(keys))
	for i, k := range keys {
		quoted[i] = QuoteJQL(k)
	}
	clause := fmt.Sprintf("%s IN (%s)", field, strings.Join(quoted, ", "))
	if order != "" {
		order = " " + order
	}
	if strings.TrimSpace(where) == "" {
		return clause + order, nil
	}
	return "(" + strings.TrimSpace(where) + ") AND " + clause + order, nil
}

// QuoteJQL is s as a JQL string literal.
func QuoteJQL(s string) string {
	return `"` + jqlEscaper.Replace(s) + `"`
}

var jqlEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// splitOrderBy separates a query's condition from its ORDER BY clause,
// checking that quotes and parentheses balance.
func splitOrderBy(q string) (where, order string, err error) {
	depth, orderAt := 0, -1
	for i := 0; i < len(q); i++ {
		switch c := q[i]; c {
		case '"', '\'':
			end := closingQuote(q, i)
			if end < 0 {
				return "", "", fmt.Errorf("the query has an unterminated %c-quoted string starting at character %d: close it, or escape the quote with a backslash", c, i+1)
			}
			i = end
		case '(':
			depth++
		case ')':
			depth--
			if depth < 0 {
				return "", "", fmt.Errorf("the query closes a parenthesis it never opened (character %d): balance its parentheses", i+1)
			}
		default:
			if depth == 0 && orderAt < 0 && isOrderBy(q, i) {
				orderAt = i
			}
		}
	}
	if depth != 0 {
		return "", "", fmt.Errorf("the query leaves %d parenthesis(es) open: balance its parentheses", depth)
	}
	if orderAt < 0 {
		return q, "", nil
	}
	return q[:orderAt], strings.TrimSpace(q[orderAt:]), nil
}

// closingQuote finds the quote that ends the string opened at q[open],
// skipping backslash escapes; -1 if none does.
func closingQuote(q string, open int) int {
	for j := open + 1; j < len(q); j++ {
		switch q[j] {
		case '\\':
			j++
		case q[open]:
			return j
		}
	}
	return -1
}

// isOrderBy reports whether the words ORDER BY (any case, any spacing)
// start at q[i] as whole words.
func isOrderBy(q string, i int) bool {
	if i > 0 && isWordByte(q[i-1]) {
		return false
	}
	rest := q[i:]
	if len(rest) < 5 || !strings.EqualFold(rest[:5], "order") {
		return false
	}
	rest = rest[5:]
	trimmed := strings.TrimLeft(rest, " \t\r\n")
	if len(trimmed) == len(rest) || len(trimmed) < 2 || !strings.EqualFold(trimmed[:2], "by") {
		return false
	}
	return len(trimmed) == 2 || !isWordByte(trimmed[2])
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// NarrowFilter combines the configured allow-list with a per-call filter:
// the call may only narrow what the configuration allows.
func NarrowFilter(configured []string, perCall string, what string) ([]string, error) {
	call := SplitList(perCall)
	if len(call) == 0 {
		return configured, nil
	}
	if len(configured) == 0 {
		return call, nil
	}
	var both []string
	for _, k := range call {
		if ContainsFold(configured, k) {
			both = append(both, k)
		}
	}
	if len(both) == 0 {
		return nil, BadInput("%s %q are all outside this server's allowed %s (%s)", what, truncate(perCall, 200), what, strings.Join(configured, ", "))
	}
	return both, nil
}
