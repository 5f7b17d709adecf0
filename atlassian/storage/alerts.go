package storage

import "strings"

// Confluence's four native panel macros map one-to-one to GitHub-style
// alerts (a blockquote whose first line is "[!KIND]"). The other alert
// kinds GitHub and other dialects use are accepted on input and mapped to
// the closest macro; Cloud's "error" and "success" panels are written as
// [!ERROR] and [!TIP] (they have no storage macro of their own).
var alertToMacro = map[string]string{
	"INFO":      "info",
	"NOTE":      "note",
	"WARNING":   "warning",
	"TIP":       "tip",
	"ERROR":     "warning",
	"CAUTION":   "warning",
	"DANGER":    "warning",
	"SUCCESS":   "tip",
	"IMPORTANT": "note",
	"HINT":      "tip",
}

// macroToAlert gives the alert kind for a panel macro or Cloud panel type.
var macroToAlert = map[string]string{
	"info":    "INFO",
	"note":    "NOTE",
	"warning": "WARNING",
	"tip":     "TIP",
	"error":   "ERROR",
	"success": "TIP",
}

// parseAlertMarker recognises "[!KIND]" (case-insensitive) at the start of
// line and returns the storage macro name and the rest of the line.
func parseAlertMarker(line string) (macro, rest string, ok bool) {
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, "[!") {
		return "", "", false
	}
	end := strings.IndexByte(line, ']')
	if end < 0 {
		return "", "", false
	}
	macro, ok = alertToMacro[strings.ToUpper(line[2:end])]
	return macro, strings.TrimSpace(line[end+1:]), ok
}
