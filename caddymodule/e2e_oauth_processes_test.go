package caddymodule_test

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestOAuthTwoCaddyProcessesShareGrant: two separate Caddy processes (this
// test binary run as `caddy run`, each with its own Caddyfile and port)
// share one file_system storage directory and one grant whose access
// tokens live 2 s, while clients hammer both for 10 s. Only the storage
// lock coordinates them; Atlassian's rotation rule (no leeway here) must
// never fire and no call may fail.
func TestOAuthTwoCaddyProcessesShareGrant(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for 10 s")
	}
	clearOAuthEnv(t)
	t.Setenv("E2E_OAUTH_SECRET", e2eOAuthSecret)
	u := startOAuthUpstream(t, 2*time.Second)
	dir := t.TempDir()
	storeDir := filepath.Join(dir, "storage")
	ports := []int{freePort(t), freePort(t)}
	var logs []string
	var configs []string
	for i, port := range ports {
		sub := filepath.Join(dir, fmt.Sprint("instance", i))
		if err := os.MkdirAll(sub, 0o700); err != nil {
			t.Fatal(err)
		}
		logFile := filepath.Join(sub, "caddy.log")
		logs = append(logs, logFile)
		configs = append(configs, writeCaddyfile(t, sub, globalOptions(storeDir, logFile)+oauthSite(port, u.URL, logFile)))
	}
	runWizard(t, u, configs[0], "alice")

	for i, cf := range configs {
		cmd := caddyCommand(t, map[string]string{"E2E_OAUTH_SECRET": e2eOAuthSecret}, "run", "--config", cf, "--adapter", "caddyfile")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
		waitFor(t, 60*time.Second, func() bool {
			c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", ports[i]), time.Second)
			if err == nil {
				c.Close()
			}
			return err == nil
		}, fmt.Sprintf("Caddy process %d to listen", i))
	}

	hammerSharedGrant(t, u, ports, "two Caddy processes")
	for _, logFile := range logs {
		assertLogsClean(t, logFile, append(u.tokens(), e2eOAuthSecret))
	}
}
