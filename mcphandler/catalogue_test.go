package mcphandler

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// update rewrites the golden files and README's tool table:
// go test ./mcphandler -run 'TestToolsListGolden|TestREADMEToolTable' -update
var update = flag.Bool("update", false, "rewrite golden files and README's tool table from the catalogue")

// TestToolsListGolden snapshots tools/list: any change to a tool's name,
// description, schema or annotations shows up in review as a diff of
// testdata/tools_list.golden.json.
func TestToolsListGolden(t *testing.T) {
	cs := inMemory(t, Options{})
	res, err := cs.ListTools(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(res.Tools, func(a, b *mcp.Tool) int { return strings.Compare(a.Name, b.Name) })
	compact, _ := json.Marshal(res.Tools)
	perTool := len(compact) / max(len(res.Tools), 1)
	t.Logf("tools/list: %d tools, %d bytes, %d bytes per tool", len(res.Tools), len(compact), perTool)
	if perTool > 1024 {
		t.Errorf("tools/list averages %d bytes per tool; the budget is 1024 (shorter descriptions, fewer words in jsonschema tags)", perTool)
	}
	got, _ := json.MarshalIndent(res.Tools, "", "  ")
	got = append(got, '\n')
	golden := filepath.Join("testdata", "tools_list.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("tools/list differs from %s; if the change is intended, run: go test ./mcphandler -run TestToolsListGolden -update", golden)
	}
}

// TestREADMEToolTable: README's tool table is the catalogue's.
func TestREADMEToolTable(t *testing.T) {
	const begin, end = "<!-- tools:begin -->\n", "<!-- tools:end -->"
	readme := filepath.Join("..", "README.md")
	raw, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	i, j := strings.Index(text, begin), strings.Index(text, end)
	if i < 0 || j < i {
		t.Fatalf("README.md has no %q ... %q section", strings.TrimSpace(begin), end)
	}
	table := toolTable(Catalogue())
	if *update {
		text = text[:i+len(begin)] + table + text[j:]
		if err := os.WriteFile(readme, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if text[i+len(begin):j] != table {
		t.Errorf("README.md's tool table is not the catalogue's; run: go test ./mcphandler -run TestREADMEToolTable -update")
	}
}

// toolTable renders the catalogue as README's Markdown tables: the
// toolsets (TOOLSETS names), then every tool.
func toolTable(toolsets []tool.Toolset) string {
	var b strings.Builder
	total := 0
	b.WriteString("| Toolset (`TOOLSETS`) | In `default` | Tools |\n|---|---|---|\n")
	for _, ts := range toolsets {
		if len(ts.Tools) == 0 {
			continue
		}
		def := ""
		if ts.Default {
			def = "yes"
		}
		fmt.Fprintf(&b, "| %s | %s | %d |\n", ts.ID, def, len(ts.Tools))
		total += len(ts.Tools)
	}
	fmt.Fprintf(&b, "\n%d tools:\n\n", total)
	b.WriteString("| Tool | Toolset | Writes | Does |\n|---|---|---|---|\n")
	for _, ts := range toolsets {
		for _, tl := range ts.Tools {
			writes := ""
			if tl.Spec.Write {
				writes = "yes"
				if tl.Spec.Destructive {
					writes = "yes (destructive)"
				}
			}
			desc := tl.Spec.Description
			if tl.Spec.CloudOnly {
				desc += " (Cloud only)"
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", tl.Spec.Name, ts.ID, writes, desc)
		}
	}
	return b.String()
}

// inventoryRow is one tool of mcp-atlassian as the parity inventory lists
// it.
type inventoryRow struct {
	write   bool
	toolset string
	params  []string
}

// inventoryLine matches a tool row: name, R/W, toolset (perhaps followed
// by a "(cloud_only tag)" note) and parameters.
var inventoryLine = regexp.MustCompile("^\\| `([a-z_]+)` \\| (R|W) \\| ([a-z_]+)(?: \\([^)]*\\))? \\| ([^|]*) \\|")

// readInventory parses the tool table of
// ../shared/reference/mcp-atlassian-inventory.md. It fails under CI when
// the file is missing and skips elsewhere, like the OpenAPI documents.
func readInventory(t *testing.T) map[string]inventoryRow {
	path := os.Getenv("MCP_ATLASSIAN_INVENTORY")
	if path == "" {
		path = filepath.Join("..", "..", "shared", "reference", "mcp-atlassian-inventory.md")
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the parity inventory is missing: %v", err)
		}
		t.Skipf("the parity inventory is missing (%v); set MCP_ATLASSIAN_INVENTORY", err)
	}
	rows := map[string]inventoryRow{}
	for line := range strings.Lines(string(raw)) {
		m := inventoryLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		row := inventoryRow{write: m[2] == "W", toolset: m[3]}
		for _, p := range strings.Split(m[4], ";") {
			name, _, _ := strings.Cut(strings.TrimSpace(p), ":")
			name = strings.TrimSuffix(strings.Trim(name, "` "), "*")
			if name != "" && name != "—" && name != "(none)" {
				row.params = append(row.params, name)
			}
		}
		rows[m[1]] = row
	}
	return rows
}

// TestCatalogueMatchesMcpAtlassian: every tool has mcp-atlassian's name,
// read/write class, toolset and parameter names, so existing client
// configurations and prompts keep working.
func TestCatalogueMatchesMcpAtlassian(t *testing.T) {
	inventory := readInventory(t)
	if len(inventory) < 90 {
		t.Fatalf("parsed only %d tools from the inventory", len(inventory))
	}
	toolsets := map[string]bool{}
	for _, ts := range Catalogue() {
		toolsets[ts.ID] = true
		for _, tl := range ts.Tools {
			row, ok := inventory[tl.Spec.Name]
			if !ok {
				t.Errorf("%s is not an mcp-atlassian tool", tl.Spec.Name)
				continue
			}
			if row.write != tl.Spec.Write || row.toolset != ts.ID || tl.Spec.Toolset != ts.ID {
				t.Errorf("%s: write=%v toolset=%s (spec %s), mcp-atlassian: write=%v toolset=%s", tl.Spec.Name, tl.Spec.Write, ts.ID, tl.Spec.Toolset, row.write, row.toolset)
			}
			p, err := tl.Prepare(tool.Config{})
			if err != nil {
				t.Fatal(err)
			}
			schema, _ := json.Marshal(p.Def.InputSchema)
			var s struct {
				Properties map[string]any `json:"properties"`
			}
			_ = json.Unmarshal(schema, &s)
			var ours []string
			for name := range s.Properties {
				ours = append(ours, name)
			}
			slices.Sort(ours)
			theirs := slices.Sorted(slices.Values(row.params))
			if !slices.Equal(ours, theirs) {
				t.Errorf("%s parameters = %v, mcp-atlassian's = %v", tl.Spec.Name, ours, theirs)
			}
		}
	}
	for _, row := range inventory {
		if !toolsets[row.toolset] {
			t.Errorf("mcp-atlassian toolset %s is missing from the catalogue", row.toolset)
		}
	}
	implemented := 0
	for _, ts := range Catalogue() {
		implemented += len(ts.Tools)
	}
	t.Logf("%d of mcp-atlassian's %d tools implemented", implemented, len(inventory))
}
