package jiratools

import (
	"encoding/json"
	"unicode/utf8"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/markup"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// markdown renders a Jira rich-text value (ADF object on Cloud, wiki
// string on Server/DC) as Markdown.
func markdown(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return markup.WikiToMarkdown(t)
	case map[string]any:
		// Jira's answer was decoded into maps already; building the nodes
		// from them saves encoding the document and parsing it again.
		doc, ok := adfNode(t)
		if !ok {
			return ""
		}
		return markup.ADFToMarkdown(&doc)
	default:
		raw, err := json.Marshal(t)
		if err != nil {
			return ""
		}
		doc, err := markup.ParseADF(raw)
		if err != nil {
			return ""
		}
		return markup.ADFToMarkdown(doc)
	}
}

// richText converts Markdown to the site's rich-text value: ADF on Cloud,
// wiki markup on Server/DC.
func richText(c *tool.Call, what, md string) (any, error) {
	if n := utf8.RuneCountInString(md); n > tool.MaxJiraChars {
		return nil, tool.BadInput("%s is %d characters; Jira text fields hold at most %d", what, n, tool.MaxJiraChars)
	}
	if err := tool.CheckMarkdown(what, md, 4*tool.MaxJiraChars); err != nil {
		return nil, err
	}
	if c.Cloud() {
		return markup.MarkdownToADF(md), nil
	}
	return markup.MarkdownToWiki(md), nil
}

// adfNode reads an ADF node from its decoded JSON, as json.Unmarshal into
// markup.ADFNode would: ok is false where the shape is not ADF's.
func adfNode(m map[string]any) (n markup.ADFNode, ok bool) {
	if n.Type, ok = m["type"].(string); !ok {
		return n, false
	}
	switch v := m["version"].(type) {
	case nil:
	case float64:
		n.Version = int(v)
	default:
		return n, false
	}
	switch v := m["attrs"].(type) {
	case nil:
	case map[string]any:
		n.Attrs = v
	default:
		return n, false
	}
	if s, present := m["text"]; present && s != nil {
		if n.Text, ok = s.(string); !ok {
			return n, false
		}
	}
	switch v := m["content"].(type) {
	case nil:
	case []any:
		n.Content = make([]markup.ADFNode, len(v))
		for i, c := range v {
			cm, isMap := c.(map[string]any)
			if !isMap {
				return n, false
			}
			if n.Content[i], ok = adfNode(cm); !ok {
				return n, false
			}
		}
	default:
		return n, false
	}
	switch v := m["marks"].(type) {
	case nil:
	case []any:
		n.Marks = make([]markup.ADFMark, len(v))
		for i, c := range v {
			mm, isMap := c.(map[string]any)
			if !isMap {
				return n, false
			}
			if n.Marks[i].Type, ok = mm["type"].(string); !ok {
				return n, false
			}
			switch a := mm["attrs"].(type) {
			case nil:
			case map[string]any:
				n.Marks[i].Attrs = a
			default:
				return n, false
			}
		}
	default:
		return n, false
	}
	return n, true
}
