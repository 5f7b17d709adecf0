//go:build !nosandbox

package caddymodule

import (
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox"
)

// startStdioSandbox serves a fresh sandbox Atlassian on a loopback port
// for the stdio command, which runs no Caddy server that could host the
// atlassian_sandbox handler.
func startStdioSandbox(deployment string) (url string, stop func(), err error) {
	d, ok := atlassian.ParseDeployment(deployment)
	if !ok {
		return "", nil, fmt.Errorf("--sandbox %q must be cloud or server", deployment)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("listening for the sandbox: %w", err)
	}
	srv := &http.Server{Handler: sandbox.New(sandbox.Options{Deployment: d}), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln) //nolint:errcheck // ends with Close
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}
