//go:build nosandbox

package caddymodule

import "errors"

// A build without the sandbox cannot serve one for the stdio command.
func startStdioSandbox(string) (string, func(), error) {
	return "", nil, errors.New("this build leaves the sandbox out (-tags nosandbox): --sandbox is not available")
}
