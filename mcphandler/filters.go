package mcphandler

import (
	"slices"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
	"go.uber.org/zap"
)

// toolFilter decides which tools exist at all for a configuration. A tool
// it drops is never registered, so calling it answers exactly like calling
// a tool that does not exist.
type toolFilter struct {
	readOnly bool
	enabled  map[string]bool // nil: all
	toolsets map[string]bool // nil: all
}

func newToolFilter(o Options, all []tool.Toolset) *toolFilter {
	f := &toolFilter{readOnly: o.ReadOnly}
	if names := cleanList(o.EnabledTools); len(names) > 0 {
		f.enabled = map[string]bool{}
		for _, n := range names {
			f.enabled[n] = true
		}
	}
	known := func(id string) bool {
		return slices.ContainsFunc(all, func(ts tool.Toolset) bool { return ts.ID == id })
	}
	if names := cleanList(o.Toolsets); len(names) > 0 {
		f.toolsets = map[string]bool{}
		var unknown []string
		for _, n := range names {
			switch {
			case n == "all":
				f.toolsets = nil
			case n == "default":
				for _, ts := range all {
					if ts.Default {
						f.toolsets[ts.ID] = true
					}
				}
			case known(n):
				f.toolsets[n] = true
			default:
				unknown = append(unknown, n)
			}
			if f.toolsets == nil {
				break
			}
		}
		if len(unknown) > 0 && o.Logger != nil {
			known := make([]string, len(all))
			for i, ts := range all {
				known[i] = ts.ID
			}
			o.Logger.Warn("ignoring unknown toolsets", zap.Strings("toolsets", unknown), zap.Strings("known", known))
		}
		// Only unknown names: expose nothing rather than everything
		// (fail closed, as mcp-atlassian does).
	}
	return f
}

func (f *toolFilter) allows(s tool.Spec) bool {
	if f.readOnly && s.Write {
		return false
	}
	if f.enabled != nil && !f.enabled[s.Name] {
		return false
	}
	if f.toolsets != nil && !f.toolsets[s.Toolset] {
		return false
	}
	return true
}

// cleanList trims entries and drops empty ones; tool and toolset names are
// case-sensitive identifiers.
func cleanList(in []string) []string {
	var out []string
	for _, s := range in {
		out = append(out, tool.SplitList(s)...)
	}
	return out
}

// SplitList parses a comma-separated setting such as JIRA_PROJECTS_FILTER.
func SplitList(s string) []string { return tool.SplitList(s) }
