package tool

// Toolset is one of mcp-atlassian's tool groups (TOOLSETS=...): an id,
// whether TOOLSETS=default includes it, and its tools.
type Toolset struct {
	ID      string
	Default bool
	Tools   []Tool
}
