package caddymodule_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	caddycmd "github.com/caddyserver/caddy/v2/cmd"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// The stdio tests run this test binary as `caddy`: TestMain hands the
// process to Caddy's CLI when stdioArgsEnv is set, so the subcommand is
// exercised exactly as users run it, with its own stdin and stdout.
const stdioArgsEnv = "CADDY_MCP_ATLASSIAN_TEST_CADDY_ARGS"

func TestMain(m *testing.M) {
	if args, ok := os.LookupEnv(stdioArgsEnv); ok {
		var list []string
		if err := json.Unmarshal([]byte(args), &list); err != nil {
			fmt.Fprintln(os.Stderr, "bad", stdioArgsEnv, err)
			os.Exit(2)
		}
		os.Args = append([]string{"caddy"}, list...)
		caddycmd.Main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// caddyCommand is `caddy <args...>` with a clean environment: none of
// mcp-atlassian's variables from the outside, Caddy's storage in a
// temporary directory, and env added.
func caddyCommand(t *testing.T, env map[string]string, args ...string) *exec.Cmd {
	t.Helper()
	raw, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0])
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "JIRA_") || strings.HasPrefix(name, "CONFLUENCE_") || strings.HasPrefix(name, "ATLASSIAN_") ||
			slices.Contains([]string{"READ_ONLY_MODE", "ENABLED_TOOLS", "TOOLSETS", "ALLOW_GLOBAL_CRED_FALLBACK", "XDG_DATA_HOME", "XDG_CONFIG_HOME"}, name) {
			continue
		}
		cmd.Env = append(cmd.Env, kv)
	}
	dir := t.TempDir()
	cmd.Env = append(cmd.Env, stdioArgsEnv+"="+string(raw), "XDG_DATA_HOME="+filepath.Join(dir, "data"), "XDG_CONFIG_HOME="+filepath.Join(dir, "config"))
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	return cmd
}

// connectStdio starts `caddy mcp-atlassian stdio ...` and opens an MCP
// session over its stdin and stdout with the go-sdk client.
func connectStdio(t *testing.T, env map[string]string, args ...string) *mcp.ClientSession {
	t.Helper()
	cmd := caddyCommand(t, env, append([]string{"mcp-atlassian", "stdio"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	client := mcp.NewClient(&mcp.Implementation{Name: "stdio-test", Version: "1"}, nil)
	cs, err := client.Connect(ctx, &mcp.CommandTransport{Command: cmd}, nil)
	if err != nil {
		t.Fatalf("connecting over stdio: %v\nstderr:\n%s", err, stderr.String())
	}
	t.Cleanup(func() {
		if err := cs.Close(); err != nil {
			t.Errorf("closing the stdio session (the server should exit 0 at end of input): %v\nstderr:\n%s", err, stderr.String())
		}
	})
	return cs
}

// TestStdioSandbox: `caddy mcp-atlassian stdio --sandbox` with no config and
// no environment serves every tool against an in-memory Cloud site, with
// the demo user's credentials.
func TestStdioSandbox(t *testing.T) {
	cs := connectStdio(t, nil, "--sandbox")
	names := toolNames(t, cs)
	for _, want := range []string{"jira_get_issue", "jira_create_issue", "jira_batch_get_changelogs", "confluence_get_page"} {
		if !slices.Contains(names, want) {
			t.Errorf("tools/list over stdio lacks %s: %v", want, names)
		}
	}
	issue := mustCall(t, cs, "jira_get_issue", map[string]any{"issue_key": "DEMO-1"}).obj(t)
	if dig(issue, "key") != "DEMO-1" {
		t.Errorf("jira_get_issue over stdio = %v, want DEMO-1", issue)
	}
	created := mustCall(t, cs, "jira_create_issue", map[string]any{"project_key": "DEMO", "summary": "from stdio", "issue_type": "Task"}).obj(t)
	key, _ := dig(created, "issue", "key").(string)
	if !strings.HasPrefix(key, "DEMO-") {
		t.Fatalf("jira_create_issue over stdio = %v", created)
	}
	if got := mustCall(t, cs, "jira_get_issue", map[string]any{"issue_key": key}).obj(t); dig(got, "summary") != "from stdio" {
		t.Errorf("the created issue reads back as %v", got)
	}
}

// TestStdioConfig: with --config, the first mcp_atlassian handler of the
// config is served (here nested in a route), with its own settings and
// credentials, against the site it names; the config's servers do not
// start.
func TestStdioConfig(t *testing.T) {
	u := startUpstream(t, atlassian.Server, false)
	dir := t.TempDir()
	caddyfile := filepath.Join(dir, "Caddyfile")
	writeFile(t, caddyfile, fmt.Sprintf(`{
	admin off
}
http://127.0.0.1:1 {
	route /mcp* {
		mcp_atlassian {
			jira %s {
				personal_token {env.STDIO_TEST_PAT}
			}
			read_only true
		}
	}
}
`, u.URL))
	cs := connectStdio(t, map[string]string{"STDIO_TEST_PAT": "bob-pat"}, "--config", caddyfile)
	names := toolNames(t, cs)
	if !slices.Contains(names, "jira_get_issue") || slices.Contains(names, "jira_create_issue") || slices.Contains(names, "confluence_get_page") {
		t.Errorf("read-only Jira-only config shows %v", names)
	}
	issue := mustCall(t, cs, "jira_get_issue", map[string]any{"issue_key": "DEMO-2"}).obj(t)
	if dig(issue, "key") != "DEMO-2" {
		t.Errorf("jira_get_issue = %v", issue)
	}
	var users []string
	for _, o := range u.observations() {
		users = append(users, o.User)
	}
	if len(users) == 0 || slices.ContainsFunc(users, func(s string) bool { return s != "bob" }) {
		t.Errorf("upstream saw users %v, want only bob (the configured token)", users)
	}
}

// TestStdioStdoutIsOnlyJSONRPC speaks raw JSON-RPC to the process: every
// line it writes to stdout is a JSON-RPC message, even with a config
// that sends Caddy's logs to stdout at debug level; the logs go to stderr;
// the token appears in neither.
func TestStdioStdoutIsOnlyJSONRPC(t *testing.T) {
	u := startUpstream(t, atlassian.Server, false)
	const token = "alice-pat"
	dir := t.TempDir()
	caddyfile := filepath.Join(dir, "Caddyfile")
	writeFile(t, caddyfile, `{
	admin off
	log {
		output stdout
		level DEBUG
	}
}
http://127.0.0.1:1 {
	mcp_atlassian
}
`)
	cmd := caddyCommand(t, map[string]string{"JIRA_URL": u.URL, "JIRA_PERSONAL_TOKEN": token}, "mcp-atlassian", "stdio", "--config", caddyfile)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	requests := []string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`{"jsonrpc":"2.0","id":2,"method":"tools/list"}`,
		`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"jira_get_issue","arguments":{"issue_key":"DEMO-1"}}}`,
	}
	for _, r := range requests {
		if _, err := io.WriteString(stdin, r+"\n"); err != nil {
			t.Fatal(err)
		}
	}
	type message struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Result  json.RawMessage `json:"result"`
		Error   json.RawMessage `json:"error"`
	}
	var out bytes.Buffer
	results := map[string]json.RawMessage{}
	// A server that stops answering must not hang the test: the read ends
	// when the process is killed.
	stuck := time.AfterFunc(60*time.Second, func() { _ = cmd.Process.Kill() })
	defer stuck.Stop()
	sc := bufio.NewScanner(io.TeeReader(stdout, &out))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var m message
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil || m.JSONRPC != "2.0" {
			t.Fatalf("stdout carries a line that is not JSON-RPC: %q\nstderr:\n%s", sc.Text(), stderr.String())
		}
		if len(m.Error) > 0 {
			t.Fatalf("request %s failed: %s", m.ID, m.Error)
		}
		results[string(m.ID)] = m.Result
		if len(results) == 3 {
			stdin.Close() // every request answered: the server must exit at end of input
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the server did not exit cleanly at end of input: %v\nstderr:\n%s", err, stderr.String())
	}
	if !strings.Contains(string(results["3"]), `\"key\":\"DEMO-1\"`) {
		t.Errorf("tools/call result = %s", results["3"])
	}
	if !strings.Contains(string(results["2"]), `"jira_get_issue"`) {
		t.Errorf("tools/list result = %s", results["2"])
	}
	if !strings.Contains(stderr.String(), "serving MCP over stdio") {
		t.Errorf("stderr lacks the startup log:\n%s", stderr.String())
	}
	if strings.Contains(out.String(), token) || strings.Contains(stderr.String(), token) {
		t.Errorf("the token appears in the output")
	}
}

// TestStdioRefusesConfigFromStdin: stdin carries MCP, so it cannot carry
// the config too; the command says so on stderr and exits non-zero.
func TestStdioRefusesConfigFromStdin(t *testing.T) {
	cmd := caddyCommand(t, nil, "mcp-atlassian", "stdio", "--config", "-")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err == nil {
		t.Fatal("stdio --config - succeeded")
	}
	if !strings.Contains(stderr.String(), "carries MCP") || stdout.Len() != 0 {
		t.Errorf("stdout %q, stderr %q", stdout.String(), stderr.String())
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
