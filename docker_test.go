package caddymcpatlassian_test

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig"
	_ "github.com/caddyserver/caddy/v2/caddyconfig/httpcaddyfile"
	_ "github.com/caddyserver/caddy/v2/modules/standard"
	_ "github.com/mcp-atlassian/caddy-mcp-atlassian"
)

// No docker engine runs the tests, so the image build is checked against
// what it depends on: the module path and Caddy version it builds, the
// files it copies, and the Caddyfile it serves.

// dockerfile is the Dockerfile as instructions: continuation lines
// joined, comments dropped, ARG defaults substituted.
func dockerfile(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	var cur strings.Builder
	for _, l := range strings.Split(string(raw), "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "#") || (l == "" && cur.Len() == 0) {
			continue
		}
		if strings.HasSuffix(l, "\\") {
			cur.WriteString(strings.TrimSuffix(l, "\\") + " ")
			continue
		}
		cur.WriteString(l)
		lines = append(lines, strings.Join(strings.Fields(cur.String()), " "))
		cur.Reset()
	}
	args := map[string]string{}
	for i, l := range lines {
		for name, v := range args {
			l = strings.ReplaceAll(l, "${"+name+"}", v)
		}
		lines[i] = l
		if rest, ok := strings.CutPrefix(l, "ARG "); ok {
			if name, v, ok := strings.Cut(rest, "="); ok {
				args[name] = v
			}
		}
	}
	return lines
}

func goModulePath(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^module\s+(\S+)`).FindSubmatch(raw)
	if m == nil {
		t.Fatal("go.mod has no module line")
	}
	return string(m[1])
}

func caddyVersion(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile("xcaddy.json")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		CaddyVersion string `json:"caddy_version"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m.CaddyVersion
}

// TestDockerfileBuildsThisModule: the image is built from the official
// Caddy images of the Caddy release xcaddy.json names, and xcaddy builds
// that release with go.mod's module replaced by the copied checkout.
func TestDockerfileBuildsThisModule(t *testing.T) {
	lines := dockerfile(t)
	module, version := goModulePath(t), caddyVersion(t)
	minor := strings.Join(strings.SplitN(strings.TrimPrefix(version, "v"), ".", 3)[:2], ".")

	var from, copies []string
	var build []string
	for _, l := range lines {
		f := strings.Fields(l)
		switch {
		case f[0] == "FROM":
			from = append(from, f[1])
		case f[0] == "COPY" && !strings.HasPrefix(f[1], "--from"):
			copies = append(copies, l)
		case f[0] == "RUN" && strings.Contains(l, "xcaddy build"):
			build = f[1:]
		}
	}
	if len(from) != 2 || from[0] != "caddy:"+minor+"-builder" || from[1] != "caddy:"+minor {
		t.Errorf("stages FROM %v, want caddy:%s-builder then caddy:%s (xcaddy.json's %s)", from, minor, minor, version)
	}
	if len(build) < 3 || build[0] != "xcaddy" || build[1] != "build" {
		t.Fatalf("no `xcaddy build` RUN line: %v", lines)
	}
	if build[2] != version {
		t.Errorf("xcaddy builds Caddy %s, xcaddy.json says %s", build[2], version)
	}
	src := ""
	for _, c := range copies {
		if f := strings.Fields(c); f[1] == "." {
			src = f[2]
		}
	}
	var with []string
	for i, a := range build {
		if a == "--with" && i+1 < len(build) {
			with = append(with, build[i+1])
		}
	}
	if len(with) != 1 || with[0] != module+"="+src {
		t.Errorf("xcaddy --with %v, want [%s=%s] (go.mod's module, replaced by the checkout copied to %q)", with, module, src, src)
	}
	for _, c := range copies {
		f := strings.Fields(c)
		if f[1] == "." {
			continue
		}
		if _, err := os.Stat(f[1]); err != nil {
			t.Errorf("%s: %v", c, err)
		}
	}
}

// TestDockerCaddyfile: the image's Caddyfile serves the environment-
// configured handler on :8080, or on a domain with automatic HTTPS when
// MCP_SITE_ADDRESS names one, and provisions with no configuration.
func TestDockerCaddyfile(t *testing.T) {
	raw, err := os.ReadFile("docker/Caddyfile")
	if err != nil {
		t.Fatal(err)
	}
	adapt := func() (string, []byte) {
		t.Helper()
		cfg, warnings, err := caddyconfig.GetAdapter("caddyfile").Adapt(raw, map[string]any{"filename": "docker/Caddyfile"})
		if err != nil {
			t.Fatalf("adapting docker/Caddyfile: %v", err)
		}
		for _, w := range warnings {
			t.Errorf("docker/Caddyfile: %s", w.String())
		}
		return string(cfg), cfg
	}
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if name == "MCP_SITE_ADDRESS" || strings.HasPrefix(name, "JIRA_") || strings.HasPrefix(name, "CONFLUENCE_") || strings.HasPrefix(name, "ATLASSIAN_") {
			t.Setenv(name, "") // restored after the test
			os.Unsetenv(name)
		}
	}
	plain, cfg := adapt()
	for _, want := range []string{`"listen":[":8080"]`, `"handler":"mcp_atlassian"`, `"/healthz"`} {
		if !strings.Contains(plain, want) {
			t.Errorf("default docker/Caddyfile lacks %s: %s", want, plain)
		}
	}
	if err := caddy.Validate(mustConfig(t, cfg)); err != nil {
		t.Errorf("the image's config does not provision without an environment: %v", err)
	}

	t.Setenv("MCP_SITE_ADDRESS", "mcp.example.com")
	tls, _ := adapt()
	for _, want := range []string{`"listen":[":443"]`, `"host":["mcp.example.com"]`, `"handler":"mcp_atlassian"`} {
		if !strings.Contains(tls, want) {
			t.Errorf("docker/Caddyfile with a domain lacks %s: %s", want, tls)
		}
	}
	if strings.Contains(tls, `"automatic_https":{"disable"`) {
		t.Errorf("automatic HTTPS is off for the domain: %s", tls)
	}
}

func mustConfig(t *testing.T, raw []byte) *caddy.Config {
	t.Helper()
	var cfg caddy.Config
	if err := json.Unmarshal(raw, &cfg); err != nil {
		t.Fatal(err)
	}
	return &cfg
}
