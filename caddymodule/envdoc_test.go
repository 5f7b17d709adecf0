package caddymodule

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestEnvironmentCoverage: every variable of mcp-atlassian's environment
// (the parity inventory, section 2) is in docs/ENVIRONMENT.md as handled
// ("yes"), not yet ("no") or not applicable ("n/a"), and every one marked
// yes is read by the code.
func TestEnvironmentCoverage(t *testing.T) {
	inventory := os.Getenv("MCP_ATLASSIAN_INVENTORY")
	if inventory == "" {
		inventory = filepath.Join("..", "..", "shared", "reference", "mcp-atlassian-inventory.md")
	}
	raw, err := os.ReadFile(inventory)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the parity inventory is missing: %v", err)
		}
		t.Skipf("the parity inventory is missing: %v", err)
	}
	text := string(raw)
	start, end := strings.Index(text, "## 2. Configuration knobs"), strings.Index(text, "## 3. Authentication flows")
	if start < 0 || end < start {
		t.Fatal("the inventory has no section 2")
	}
	docRaw, err := os.ReadFile(filepath.Join("..", "docs", "ENVIRONMENT.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := map[string]string{} // variable → yes, no or n/a
	for _, m := range regexp.MustCompile("(?m)^\\| `([A-Z][A-Z0-9_]+)` \\| (yes|no|n/a) \\| (.*) \\|$").FindAllStringSubmatch(string(docRaw), -1) {
		doc[m[1]] = m[2]
		if m[2] != "yes" && strings.TrimSpace(m[3]) == "" {
			t.Errorf("%s is %s without saying why", m[1], m[2])
		}
	}
	var full, suffixes []string
	for line := range strings.Lines(text[start:end]) {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		first := strings.Split(line, "|")[1]
		for _, m := range regexp.MustCompile("`([A-Z][A-Z0-9_]+)`").FindAllStringSubmatch(first, -1) {
			full = append(full, m[1])
		}
		for _, m := range regexp.MustCompile("`(_[A-Z0-9_]+)`").FindAllStringSubmatch(first, -1) {
			suffixes = append(suffixes, m[1])
		}
	}
	if len(full) < 60 {
		t.Fatalf("read only %d variables from the inventory", len(full))
	}
	for _, name := range full {
		if _, ok := doc[name]; !ok {
			t.Errorf("%s (mcp-atlassian) is not in docs/ENVIRONMENT.md", name)
		}
	}
	for _, suffix := range suffixes {
		found := false
		for name := range doc {
			found = found || strings.HasSuffix(name, suffix)
		}
		if !found {
			t.Errorf("no variable ending in %s (mcp-atlassian) is in docs/ENVIRONMENT.md", suffix)
		}
	}
	source := readSources(t, "../caddymodule", "../mcphandler", "../atlassian")
	for name, status := range doc {
		if status != "yes" {
			continue
		}
		// Per-product variables are read as prefix + "REST".
		candidates := []string{`"` + name + `"`}
		for _, prefix := range []string{"JIRA_", "CONFLUENCE_"} {
			if rest, ok := strings.CutPrefix(name, prefix); ok {
				candidates = append(candidates, `"`+rest+`"`)
			}
		}
		read := false
		for _, c := range candidates {
			read = read || strings.Contains(source, c)
		}
		if !read {
			t.Errorf("%s is marked yes in docs/ENVIRONMENT.md but no code reads it", name)
		}
	}
}

// readSources concatenates the non-test Go files below dirs.
func readSources(t *testing.T, dirs ...string) string {
	var b strings.Builder
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			data, err := os.ReadFile(path)
			b.Write(data)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}
