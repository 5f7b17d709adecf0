package caddymodule_test

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
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

	const workersPerProcess = 3
	const maxCallsPerWorker = 2000 // a bound; the deadline ends the loop first
	deadline := time.Now().Add(10 * time.Second)
	var ok, failed atomic.Int64
	var firstErr sync.Once
	var wg sync.WaitGroup
	for _, port := range ports {
		for range workersPerProcess {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cs := connect(t, fmt.Sprintf("http://127.0.0.1:%d/mcp", port), nil)
				for i := 0; i < maxCallsPerWorker && time.Now().Before(deadline); i++ {
					r := call(t, cs, "jira_get_issue", map[string]any{"issue_key": "DEMO-1", "fields": "summary"})
					if r.isError {
						failed.Add(1)
						firstErr.Do(func() { t.Errorf("tool call failed on :%d: %s", port, r.text) })
						continue
					}
					ok.Add(1)
				}
			}()
		}
	}
	wg.Wait()
	s := u.sandbox.OAuth().Stats()
	t.Logf("two Caddy processes, 10 s, 2 s tokens: %d calls ok, %d failed; sandbox %+v", ok.Load(), failed.Load(), s)
	if failed.Load() != 0 || ok.Load() == 0 {
		t.Errorf("%d calls failed, %d succeeded", failed.Load(), ok.Load())
	}
	if s.InvalidGrants != 0 || s.RevokedGrants != 0 {
		t.Errorf("a refresh token was presented twice: %+v", s)
	}
	if s.Refreshes < 3 {
		t.Errorf("only %d refreshes in 10 s of 2 s tokens", s.Refreshes)
	}
	for _, logFile := range logs {
		assertLogsClean(t, logFile, append(u.tokens(), e2eOAuthSecret))
	}
}
