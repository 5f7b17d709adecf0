package tool

import (
	"fmt"
	"strings"
)

// BadInput is a tool error about the arguments: it says what was wrong and
// how to fix it.
func BadInput(format string, args ...any) error {
	return fmt.Errorf("invalid arguments: "+format, args...)
}

// validationDetail trims the validator's path prefix ("validating root:"),
// which names the schema node rather than the parameter.
func validationDetail(err error) string {
	msg := err.Error()
	for _, prefix := range []string{"validating root: ", "validating /: "} {
		msg = strings.TrimPrefix(msg, prefix)
	}
	return msg
}

// truncate bounds text echoed from arguments.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
