package sandbox

import (
	"encoding/json"
	"fmt"
	"strings"
)

// richSeed is rich text as seed/jira.json writes it, decoded into the
// neutral form (rtBlock) that richRenderer turns into ADF or wiki markup.
// The notation is meant to be written by hand:
//
//	"Just one paragraph."
//	[
//	  {"h2": "Overview"},
//	  "A paragraph of plain text.",
//	  {"p": ["Sign in with ", {"strong": "SSO"}, ", see ", {"link": "the doc", "href": "https://…"}, "."]},
//	  {"ul": ["first item", ["second ", {"code": "item"}]]},
//	  {"code": {"lang": "go", "lines": ["a := 1", "b := 2"]}},
//	  {"table": [["Header", "Row"], ["cell", "cell"]]},
//	  {"warning": [{"p": [{"mention": "carol"}, " please check"]}]},
//	  {"rule": true}
//	]
//
// A block is a string (a paragraph) or an object with one key naming its
// kind: h1…h6, p, ul, ol, code, table, rule, or a panel (info, note,
// warning, success, error) holding blocks. Inline content is a string or
// a list of runs: strings, {"strong"}, {"em"}, {"code"}, {"link", "href"},
// {"mention": username} and {"br": true}. Unknown keys are errors, so a
// typo fails the build's tests instead of vanishing.
type richSeed []rtBlock

func (d *richSeed) UnmarshalJSON(data []byte) error {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	blocks, err := seedBlocks(v)
	if err != nil {
		return fmt.Errorf("rich text %.60s: %w", data, err)
	}
	*d = blocks
	return nil
}

func seedBlocks(v any) ([]rtBlock, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case string:
		return []rtBlock{seedPara(v)}, nil
	case []any:
		out := make([]rtBlock, 0, len(v))
		for _, b := range v {
			blk, err := seedBlock(b)
			if err != nil {
				return nil, err
			}
			out = append(out, blk)
		}
		return out, nil
	}
	return nil, fmt.Errorf("want a string or a list of blocks")
}

func seedPara(s string) rtBlock {
	return rtBlock{kind: "p", inl: []rtInline{{kind: "text", text: s}}}
}

var seedPanels = map[string]bool{"info": true, "note": true, "warning": true, "success": true, "error": true}

func seedBlock(v any) (rtBlock, error) {
	if s, ok := v.(string); ok {
		return seedPara(s), nil
	}
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return rtBlock{}, fmt.Errorf("a block is a string or an object with one key")
	}
	for kind, val := range m {
		switch {
		case len(kind) == 2 && kind[0] == 'h' && kind[1] >= '1' && kind[1] <= '6':
			inl, err := seedInlines(val)
			return rtBlock{kind: "h", level: int(kind[1] - '0'), inl: inl}, err
		case kind == "p":
			inl, err := seedInlines(val)
			return rtBlock{kind: "p", inl: inl}, err
		case kind == "ul" || kind == "ol":
			items, ok := val.([]any)
			if !ok {
				return rtBlock{}, fmt.Errorf("%s: want a list of items", kind)
			}
			b := rtBlock{kind: kind}
			for _, it := range items {
				inl, err := seedInlines(it)
				if err != nil {
					return rtBlock{}, err
				}
				b.items = append(b.items, inl)
			}
			return b, nil
		case kind == "code":
			var c struct {
				Lang  string   `json:"lang"`
				Lines []string `json:"lines"`
			}
			if err := seedStrict(val, &c); err != nil {
				return rtBlock{}, fmt.Errorf("code: %w", err)
			}
			return rtBlock{kind: "code", lang: c.Lang, code: strings.Join(c.Lines, "\n")}, nil
		case kind == "table":
			var rows [][]string
			if err := seedStrict(val, &rows); err != nil {
				return rtBlock{}, fmt.Errorf("table: %w", err)
			}
			return rtBlock{kind: "table", rows: rows}, nil
		case kind == "rule":
			return rtBlock{kind: "rule"}, nil
		case seedPanels[kind]:
			blocks, err := seedBlocks(val)
			return rtBlock{kind: "panel", panel: kind, blocks: blocks}, err
		default:
			return rtBlock{}, fmt.Errorf("unknown block %q", kind)
		}
	}
	panic("unreachable")
}

// seedInlines reads inline content: a string, or a list of runs.
func seedInlines(v any) ([]rtInline, error) {
	if s, ok := v.(string); ok {
		return []rtInline{{kind: "text", text: s}}, nil
	}
	runs, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("inline content is a string or a list of runs")
	}
	out := make([]rtInline, 0, len(runs))
	for _, r := range runs {
		in, err := seedInline(r)
		if err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, nil
}

func seedInline(v any) (rtInline, error) {
	if s, ok := v.(string); ok {
		return rtInline{kind: "text", text: s}, nil
	}
	var r struct {
		Strong, Em, Code, Link, Href, Mention *string
		Br                                    bool
	}
	if err := seedStrict(v, &r); err != nil {
		return rtInline{}, err
	}
	if m, _ := v.(map[string]any); len(m) != 1 && (len(m) != 2 || r.Link == nil || r.Href == nil) {
		return rtInline{}, fmt.Errorf("an inline run has one key, or link and href: %v", v)
	}
	switch {
	case r.Link != nil && r.Href != nil:
		return rtInline{kind: "link", text: *r.Link, href: *r.Href}, nil
	case r.Strong != nil:
		return rtInline{kind: "strong", text: *r.Strong}, nil
	case r.Em != nil:
		return rtInline{kind: "em", text: *r.Em}, nil
	case r.Code != nil:
		return rtInline{kind: "code", text: *r.Code}, nil
	case r.Mention != nil:
		return rtInline{kind: "mention", user: *r.Mention}, nil
	case r.Br:
		return rtInline{kind: "br"}, nil
	}
	return rtInline{}, fmt.Errorf("unknown inline run %v", v)
}

// seedStrict decodes an already parsed value into dst, refusing unknown
// keys; keys match case-insensitively, as encoding/json does.
func seedStrict(v any, dst any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	return dec.Decode(dst)
}
