package markup

import (
	"encoding/json"
	"fmt"
	"strings"
)

// validateADF checks the rules of Atlassian's ADF schema that the converters
// promise to keep. It returns the first problem found, or nil.
func validateADF(doc *ADFNode) error {
	if doc == nil {
		return fmt.Errorf("nil doc")
	}
	if doc.Type != "doc" || doc.Version != 1 || doc.Content == nil {
		return fmt.Errorf("bad doc root: type=%q version=%d content nil=%v", doc.Type, doc.Version, doc.Content == nil)
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		return fmt.Errorf("marshal: %v", err)
	}
	if !json.Valid(raw) {
		return fmt.Errorf("invalid JSON output")
	}
	if !strings.HasPrefix(string(raw), `{"type":"doc","version":1,"content":[`) {
		return fmt.Errorf("doc JSON does not start as expected: %.60s", raw)
	}
	for i := range doc.Content {
		if err := validateBlock(&doc.Content[i], "doc", "doc"); err != nil {
			return err
		}
	}
	return nil
}

func validateBlock(n *ADFNode, ctx, path string) error {
	path += "/" + n.Type
	if !allowedIn(ctx, n.Type) {
		return fmt.Errorf("%s: %s not allowed in %s", path, n.Type, ctx)
	}
	for k := range n.Attrs {
		if strings.HasPrefix(k, "_") {
			return fmt.Errorf("%s: private attr %q", path, k)
		}
	}
	switch n.Type {
	case "paragraph":
		return validateInline(n.Content, path)
	case "heading":
		if l, ok := attrInt(n.Attrs, "level"); !ok || l < 1 || l > 6 {
			return fmt.Errorf("%s: bad level %v", path, n.Attrs["level"])
		}
		return validateInline(n.Content, path)
	case "bulletList", "orderedList":
		if len(n.Content) == 0 {
			return fmt.Errorf("%s: empty list", path)
		}
		for i := range n.Content {
			item := &n.Content[i]
			if item.Type != "listItem" {
				return fmt.Errorf("%s: child %s", path, item.Type)
			}
			if len(item.Content) == 0 || item.Content[0].Type != "paragraph" {
				return fmt.Errorf("%s/listItem: must start with a paragraph", path)
			}
			for j := range item.Content {
				if err := validateBlock(&item.Content[j], "listItem", path+"/listItem"); err != nil {
					return err
				}
			}
		}
	case "taskList":
		if attrString(n.Attrs, "localId") == "" {
			return fmt.Errorf("%s: no localId", path)
		}
		if len(n.Content) == 0 || n.Content[0].Type != "taskItem" {
			return fmt.Errorf("%s: must start with a taskItem", path)
		}
		for i := range n.Content {
			c := &n.Content[i]
			switch c.Type {
			case "taskList":
				if err := validateBlock(c, "doc", path); err != nil {
					return err
				}
			case "taskItem":
				if attrString(c.Attrs, "localId") == "" {
					return fmt.Errorf("%s/taskItem: no localId", path)
				}
				if s := attrString(c.Attrs, "state"); s != "TODO" && s != "DONE" {
					return fmt.Errorf("%s/taskItem: state %q", path, s)
				}
				if err := validateInline(c.Content, path+"/taskItem"); err != nil {
					return err
				}
			default:
				return fmt.Errorf("%s: child %s", path, c.Type)
			}
		}
	case "blockquote", "panel", "expand", "nestedExpand":
		if len(n.Content) == 0 {
			return fmt.Errorf("%s: empty", path)
		}
		if n.Type == "panel" {
			switch attrString(n.Attrs, "panelType") {
			case "info", "note", "tip", "warning", "error", "success":
			default:
				return fmt.Errorf("%s: panelType %v", path, n.Attrs["panelType"])
			}
		}
		for i := range n.Content {
			if err := validateBlock(&n.Content[i], n.Type, path); err != nil {
				return err
			}
		}
	case "codeBlock":
		for _, c := range n.Content {
			if c.Type != "text" || c.Text == "" || len(c.Marks) > 0 {
				return fmt.Errorf("%s: bad child %+v", path, c)
			}
		}
		if v, ok := n.Attrs["language"]; ok {
			if s, isStr := v.(string); !isStr || s == "" {
				return fmt.Errorf("%s: bad language %v", path, v)
			}
		}
	case "rule":
		if len(n.Content) > 0 {
			return fmt.Errorf("%s: rule with content", path)
		}
	case "table":
		if len(n.Content) == 0 {
			return fmt.Errorf("%s: empty table", path)
		}
		for _, row := range n.Content {
			if row.Type != "tableRow" || len(row.Content) == 0 {
				return fmt.Errorf("%s: bad row %s", path, row.Type)
			}
			for j := range row.Content {
				cell := &row.Content[j]
				if cell.Type != "tableHeader" && cell.Type != "tableCell" {
					return fmt.Errorf("%s: bad cell %s", path, cell.Type)
				}
				if len(cell.Content) == 0 {
					return fmt.Errorf("%s: empty cell", path)
				}
				for k := range cell.Content {
					if err := validateBlock(&cell.Content[k], "tableCell", path+"/"+cell.Type); err != nil {
						return err
					}
				}
			}
		}
	case "mediaSingle":
		if len(n.Content) != 1 || n.Content[0].Type != "media" {
			return fmt.Errorf("%s: bad media", path)
		}
		if attrString(n.Content[0].Attrs, "type") == "external" && attrString(n.Content[0].Attrs, "url") == "" {
			return fmt.Errorf("%s: external media without url", path)
		}
	default:
		return fmt.Errorf("%s: unexpected block type", path)
	}
	return nil
}

func validateInline(nodes []ADFNode, path string) error {
	for _, n := range nodes {
		switch n.Type {
		case "text":
			if n.Text == "" {
				return fmt.Errorf("%s: empty text", path)
			}
			seen := map[string]bool{}
			code := false
			for _, m := range n.Marks {
				if seen[m.Type] {
					return fmt.Errorf("%s: duplicate mark %s", path, m.Type)
				}
				seen[m.Type] = true
				switch m.Type {
				case "code":
					code = true
				case "link":
					if attrString(m.Attrs, "href") == "" {
						return fmt.Errorf("%s: link without href", path)
					}
				case "strong", "em", "strike", "underline", "subsup", "textColor":
				default:
					return fmt.Errorf("%s: unknown mark %s", path, m.Type)
				}
			}
			if code {
				for _, m := range n.Marks {
					if m.Type != "code" && m.Type != "link" {
						return fmt.Errorf("%s: code combined with %s", path, m.Type)
					}
				}
			}
		case "hardBreak", "emoji", "date", "status", "inlineCard", "mediaInline":
		case "mention":
			if attrString(n.Attrs, "id") == "" {
				return fmt.Errorf("%s: mention without id", path)
			}
			for k := range n.Attrs {
				if k != "id" && k != "text" && k != "accessLevel" {
					return fmt.Errorf("%s: mention attr %q", path, k)
				}
			}
		default:
			return fmt.Errorf("%s: %s is not inline", path, n.Type)
		}
	}
	return nil
}
