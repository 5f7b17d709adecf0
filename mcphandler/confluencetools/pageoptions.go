package confluencetools

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// pageLook is the page's title emoji and width. Confluence keeps both as
// content properties, in a published and a draft copy (the editor reads
// the draft one), so both are written.
type pageLook struct {
	emoji string // the emoji as given, e.g. "📝"
	width string // full-width, max or default
}

// check validates the arguments before anything is written.
func (l pageLook) check() error {
	switch l.width {
	case "", "full-width", "max", "default":
	default:
		return tool.BadInput("page_width %q is not one of full-width, max, default", l.width)
	}
	if utf8.RuneCountInString(l.emoji) > 16 {
		return tool.BadInput("emoji %q is not a single emoji", l.emoji)
	}
	return nil
}

// emojiID is the emoji as Confluence stores it: its code points in hex,
// joined by "-" ("📝" is "1f4dd").
func emojiID(emoji string) string {
	parts := make([]string, 0, 2)
	for _, r := range emoji {
		parts = append(parts, fmt.Sprintf("%x", r))
	}
	return strings.Join(parts, "-")
}

// apply writes what was given and adds it to the page's result map.
func (l pageLook) apply(ctx context.Context, c *tool.Call, pageID string, out map[string]any) error {
	conf := c.Confluence()
	set := func(base, value string) error {
		for _, key := range []string{base + "-published", base + "-draft"} {
			if err := conf.SetPageProperty(ctx, pageID, key, value); err != nil {
				return fmt.Errorf("the page was saved, but setting its %s property failed: %w", key, err)
			}
		}
		return nil
	}
	if l.emoji != "" {
		if err := set("emoji-title", emojiID(l.emoji)); err != nil {
			return err
		}
		out["emoji"] = l.emoji
	}
	if l.width != "" {
		if err := set("content-appearance", l.width); err != nil {
			return err
		}
		out["page_width"] = l.width
	}
	return nil
}

// emojiFromID turns a stored emoji id ("1f4dd") back into the emoji; an
// id that is not hex code points is returned as is.
func emojiFromID(id string) string {
	var b strings.Builder
	for _, part := range strings.Split(id, "-") {
		var r rune
		if _, err := fmt.Sscanf(part, "%x", &r); err != nil || r <= 0 || r > 0x10FFFF {
			return id
		}
		b.WriteRune(r)
	}
	return b.String()
}

// readLook adds the page's emoji and width, when set, to its result map.
// They are cosmetic: a failed read adds a note instead of failing.
func readLook(ctx context.Context, c *tool.Call, pageID string, out map[string]any) {
	conf := c.Confluence()
	for _, prop := range []struct{ key, field string }{{"emoji-title-published", "emoji"}, {"content-appearance-published", "page_width"}} {
		raw, found, err := conf.PageProperty(ctx, pageID, prop.key)
		if err != nil {
			notes, _ := out["notes"].([]string)
			out["notes"] = append(notes, fmt.Sprintf("the page's %s could not be read: %v", prop.field, err))
			continue
		}
		var value string
		if !found || json.Unmarshal(raw, &value) != nil || value == "" {
			continue
		}
		if prop.field == "emoji" {
			value = emojiFromID(value)
		}
		out[prop.field] = value
	}
}
