package jira

import (
	"fmt"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/internal/jsontree"
)

// UnmarshalJSON reads an issue through jsontree: an issue is mostly a
// tree of fields, and decoding it is the largest cost of reading one
// (docs/PERFORMANCE.md). It gives what encoding/json gives for Issue's
// tags (TestIssueDecodeMatchesEncodingJSON), for an issue alone and inside
// search results alike.
func (is *Issue) UnmarshalJSON(data []byte) error {
	m, err := jsontree.DecodeObject(data)
	if err != nil || m == nil {
		return err
	}
	var out Issue
	if out.ID, err = stringField(m, "id"); err != nil {
		return err
	}
	if out.Key, err = stringField(m, "key"); err != nil {
		return err
	}
	if out.Self, err = stringField(m, "self"); err != nil {
		return err
	}
	if out.Fields, err = objectField(m, "fields"); err != nil {
		return err
	}
	if out.RenderedFields, err = objectField(m, "renderedFields"); err != nil {
		return err
	}
	if out.Changelog, err = objectField(m, "changelog"); err != nil {
		return err
	}
	if names, err := objectField(m, "names"); err != nil {
		return err
	} else if names != nil {
		out.Names = make(map[string]string, len(names))
		for k, v := range names {
			s, ok := v.(string)
			if !ok && v != nil {
				return fmt.Errorf("json: issue names[%q] is not a string", k)
			}
			out.Names[k] = s
		}
	}
	*is = out
	return nil
}

func stringField(m map[string]any, key string) (string, error) {
	switch v := m[key].(type) {
	case string:
		return v, nil
	case nil:
		return "", nil
	default:
		return "", fmt.Errorf("json: issue %s is not a string", key)
	}
}

func objectField(m map[string]any, key string) (map[string]any, error) {
	switch v := m[key].(type) {
	case map[string]any:
		return v, nil
	case nil:
		return nil, nil
	default:
		return nil, fmt.Errorf("json: issue %s is not an object", key)
	}
}
