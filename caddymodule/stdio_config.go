package caddymodule

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/caddyserver/caddy/v2"
	caddycmd "github.com/caddyserver/caddy/v2/cmd"
)

// stdioConfig is what the stdio command takes from a Caddy config: its
// logging and storage (the base config, without apps, so no server
// starts), and the JSON of one mcp_atlassian handler.
type stdioConfig struct {
	base       *caddy.Config
	handler    json.RawMessage
	path       string // where in the config the handler was found
	more       int    // how many other mcp_atlassian handlers there are
	hasSandbox bool   // the handler names a sandbox fallback
}

// loadStdioConfig adapts and reads the config file. Without one, the
// handler is empty and configures itself from the environment.
func loadStdioConfig(configFile, adapter string) (*stdioConfig, error) {
	sc := &stdioConfig{base: new(caddy.Config), handler: json.RawMessage(`{}`)}
	if configFile == "" {
		if adapter != "" {
			return nil, errors.New("--adapter needs --config")
		}
		return sc, nil
	}
	raw, _, _, err := caddycmd.LoadConfig(configFile, adapter)
	if err != nil {
		return nil, fmt.Errorf("loading config: %w", err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	var apps struct {
		HTTP any `json:"http"`
	}
	if a, ok := top["apps"]; ok {
		if err := json.Unmarshal(a, &apps); err != nil {
			return nil, fmt.Errorf("reading config apps: %w", err)
		}
	}
	var found []foundHandler
	findMCPHandlers(apps.HTTP, "apps.http", &found)
	if len(found) == 0 {
		return nil, fmt.Errorf("%s has no mcp_atlassian handler", configFile)
	}
	h := found[0].config
	delete(h, "handler")
	_, sc.hasSandbox = h["sandbox"]
	if sc.handler, err = json.Marshal(h); err != nil {
		return nil, fmt.Errorf("encoding the handler config: %w", err)
	}
	sc.path, sc.more = found[0].path, len(found)-1

	delete(top, "apps")
	base, err := json.Marshal(top)
	if err != nil {
		return nil, fmt.Errorf("encoding the base config: %w", err)
	}
	if err := caddy.StrictUnmarshalJSON(base, sc.base); err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	return sc, nil
}

type foundHandler struct {
	path   string
	config map[string]any
}

// findMCPHandlers collects the mcp_atlassian handlers of the http app, in
// a stable order (servers by name, routes and subroutes in order), however
// deeply they are nested in subroutes.
func findMCPHandlers(v any, path string, found *[]foundHandler) {
	switch v := v.(type) {
	case map[string]any:
		if v["handler"] == "mcp_atlassian" {
			*found = append(*found, foundHandler{path: path, config: v})
			return
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			findMCPHandlers(v[k], path+"."+k, found)
		}
	case []any:
		for i, e := range v {
			findMCPHandlers(e, path+"."+strconv.Itoa(i), found)
		}
	}
}

// withSandbox points the handler's sandbox fallback at url.
func withSandbox(handler json.RawMessage, url, deployment string) (json.RawMessage, error) {
	var h map[string]any
	if err := json.Unmarshal(handler, &h); err != nil {
		return nil, fmt.Errorf("reading the handler config: %w", err)
	}
	h["sandbox"] = SandboxFallback{URL: url, Deployment: deployment}
	out, err := json.Marshal(h)
	if err != nil {
		return nil, fmt.Errorf("encoding the handler config: %w", err)
	}
	return out, nil
}
