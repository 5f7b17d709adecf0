package markup

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/internal/jsontree"
)

// ADFNode is one node of an Atlassian Document Format tree, the rich text
// representation of Jira Cloud REST v3 (descriptions, comments, worklogs).
// The JSON field names match Atlassian's format exactly, so a *ADFNode can be
// put straight into a request body.
//
// Content is written as "content":[] when it is empty but not nil; the doc
// node needs that, and several nodes use it to mean "no children".
type ADFNode struct {
	Type    string         `json:"type"`
	Version int            `json:"version,omitempty"`
	Attrs   map[string]any `json:"attrs,omitempty"`
	Content []ADFNode      `json:"content,omitempty"`
	Text    string         `json:"text,omitempty"`
	Marks   []ADFMark      `json:"marks,omitempty"`
}

// ADFMark is a formatting mark on an ADF text node (strong, em, link, ...).
type ADFMark struct {
	Type  string         `json:"type"`
	Attrs map[string]any `json:"attrs,omitempty"`
}

// MarshalJSON encodes the whole subtree in one pass. A per-node Marshaler
// that called json.Marshal on its children would make encoding/json re-scan
// every level, which is quadratic in the depth of the tree.
func (n ADFNode) MarshalJSON() ([]byte, error) {
	return appendADFNode(make([]byte, 0, 512), &n)
}

// MarshalJSON encodes the mark with the same conventions as ADFNode.
func (m ADFMark) MarshalJSON() ([]byte, error) {
	return appendADFMark(nil, &m)
}

func appendADFNode(b []byte, n *ADFNode) ([]byte, error) {
	var err error
	b = append(b, `{"type":`...)
	b = jsontree.AppendString(b, n.Type, false)
	if n.Version != 0 {
		b = append(b, `,"version":`...)
		b = strconv.AppendInt(b, int64(n.Version), 10)
	}
	if len(n.Attrs) > 0 {
		b = append(b, `,"attrs":`...)
		if b, err = appendAttrs(b, n.Attrs); err != nil {
			return nil, err
		}
	}
	if n.Content != nil {
		b = append(b, `,"content":[`...)
		for i := range n.Content {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendADFNode(b, &n.Content[i]); err != nil {
				return nil, err
			}
		}
		b = append(b, ']')
	}
	if n.Text != "" {
		b = append(b, `,"text":`...)
		b = jsontree.AppendString(b, n.Text, false)
	}
	if len(n.Marks) > 0 {
		b = append(b, `,"marks":[`...)
		for i := range n.Marks {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendADFMark(b, &n.Marks[i]); err != nil {
				return nil, err
			}
		}
		b = append(b, ']')
	}
	return append(b, '}'), nil
}

func appendADFMark(b []byte, m *ADFMark) ([]byte, error) {
	var err error
	b = append(b, `{"type":`...)
	b = jsontree.AppendString(b, m.Type, false)
	if len(m.Attrs) > 0 {
		b = append(b, `,"attrs":`...)
		if b, err = appendAttrs(b, m.Attrs); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

// appendAttrs encodes attribute maps as json.Marshal does (they may hold
// any JSON value; keys sorted, so the output is deterministic).
func appendAttrs(b []byte, attrs map[string]any) ([]byte, error) {
	b, err := jsontree.Append(b, attrs, true)
	if err != nil {
		return nil, fmt.Errorf("markup: encoding ADF attrs: %w", err)
	}
	return b, nil
}

// ErrNotADF is returned by ParseADF when the input is not a JSON object.
var ErrNotADF = errors.New("markup: ADF must be a JSON object")

// ParseADF decodes an ADF document as returned by Jira Cloud. The input must
// be a JSON object; strings, arrays and null are rejected with ErrNotADF.
// Unknown node and mark types are kept as they are, so that the converters can
// fall back to their text and children instead of dropping them.
func ParseADF(raw []byte) (*ADFNode, error) {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, ErrNotADF
	}
	var n ADFNode
	if err := json.Unmarshal(trimmed, &n); err != nil {
		return nil, fmt.Errorf("markup: invalid ADF: %w", err)
	}
	return &n, nil
}

// attrString returns a string attribute; numbers and booleans are formatted,
// since ADF coming from different producers is not always strict about types.
func attrString(attrs map[string]any, key string) string {
	switch v := attrs[key].(type) {
	case string:
		return v
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1e18 {
			return strconv.FormatInt(int64(v), 10)
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

// attrInt returns an integer attribute and whether it was present and numeric.
func attrInt(attrs map[string]any, key string) (int, bool) {
	switch v := attrs[key].(type) {
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e9 {
			return 0, false
		}
		return int(v), true
	case int:
		return v, true
	case int64:
		if v > 1e9 || v < -1e9 {
			return 0, false
		}
		return int(v), true
	case json.Number:
		i, err := v.Int64()
		if err != nil || i > 1e9 || i < -1e9 {
			return 0, false
		}
		return int(i), true
	case string:
		i, err := strconv.Atoi(v)
		return i, err == nil
	}
	return 0, false
}

// markRank orders marks canonically: the order in which they are opened when
// runs are equally long, and the order of ADF marks arrays we produce.
func markRank(t string) int {
	switch t {
	case "textColor":
		return 0
	case "strong":
		return 1
	case "em":
		return 2
	case "strike":
		return 3
	case "underline":
		return 4
	case "subsup":
		return 5
	case "link":
		return 6
	case "code":
		return 7
	}
	return -1
}

// sameMark reports whether two marks are the same formatting: same type and,
// for marks with a payload, the same payload.
func sameMark(a, b ADFMark) bool {
	if a.Type != b.Type {
		return false
	}
	switch a.Type {
	case "link":
		return attrString(a.Attrs, "href") == attrString(b.Attrs, "href")
	case "subsup":
		return attrString(a.Attrs, "type") == attrString(b.Attrs, "type")
	case "textColor":
		return attrString(a.Attrs, "color") == attrString(b.Attrs, "color")
	}
	return true
}

func hasMark(marks []ADFMark, m ADFMark) bool {
	for _, x := range marks {
		if sameMark(x, m) {
			return true
		}
	}
	return false
}

func hasMarkType(marks []ADFMark, t string) bool {
	for _, x := range marks {
		if x.Type == t {
			return true
		}
	}
	return false
}

func sameMarks(a, b []ADFMark) bool {
	if len(a) != len(b) {
		return false
	}
	for _, m := range a {
		if !hasMark(b, m) {
			return false
		}
	}
	return true
}

// withMark returns marks plus m, without touching the input slice; a mark of
// the same type already present wins (ADF forbids duplicate mark types).
func withMark(marks []ADFMark, m ADFMark) []ADFMark {
	if hasMarkType(marks, m.Type) {
		return marks
	}
	out := make([]ADFMark, len(marks), len(marks)+1)
	copy(out, marks)
	return append(out, m)
}

func linkMark(href string) ADFMark {
	return ADFMark{Type: "link", Attrs: map[string]any{"href": href}}
}
