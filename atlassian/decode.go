package atlassian

import (
	"encoding/json"
	"maps"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/internal/jsontree"
)

// decodeJSON decodes an answer into out. Generic trees (the shape most
// answers are kept in, since their fields depend on the site's
// configuration) go through jsontree, which gives what encoding/json
// gives at about half its cost; a type that decodes itself is handed the
// body without encoding/json's separate validation pass.
func decodeJSON(data []byte, out any) error {
	switch out := out.(type) {
	case *map[string]any:
		m, err := jsontree.DecodeObject(data)
		if err != nil || m == nil {
			return err
		}
		if *out == nil {
			*out = m
		} else {
			maps.Copy(*out, m) // encoding/json fills a map it is given
		}
		return nil
	case *any:
		v, err := jsontree.Decode(data)
		if err == nil {
			*out = v
		}
		return err
	case json.Unmarshaler:
		return out.UnmarshalJSON(data)
	}
	return json.Unmarshal(data, out)
}
