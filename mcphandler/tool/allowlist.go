package tool

import (
	"fmt"
	"regexp"
	"strings"
)

// orderBy finds a trailing ORDER BY clause of JQL or CQL.
var orderBy = regexp.MustCompile(`(?is)\s+order\s+by\s+.*$|^\s*order\s+by\s+.*$`)

// RestrictQuery ANDs an allow-list clause (project IN (...) / space IN
// (...)) into a JQL or CQL query, keeping ORDER BY at the end.
func RestrictQuery(query, field string, keys []string) string {
	if len(keys) == 0 {
		return query
	}
	quoted := make([]string, len(keys))
	for i, k := range keys {
		quoted[i] = `"` + strings.ReplaceAll(strings.ReplaceAll(k, `\`, `\\`), `"`, `\"`) + `"`
	}
	clause := fmt.Sprintf("%s IN (%s)", field, strings.Join(quoted, ", "))
	order := ""
	if loc := orderBy.FindStringIndex(query); loc != nil {
		order = " " + strings.TrimSpace(query[loc[0]:])
		query = query[:loc[0]]
	}
	if strings.TrimSpace(query) == "" {
		return clause + order
	}
	return "(" + strings.TrimSpace(query) + ") AND " + clause + order
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
