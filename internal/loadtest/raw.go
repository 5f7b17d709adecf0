package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// A caller makes one tool call and says whether it failed (a tool error
// counts as a failure: the load must measure answers, not refusals).
type caller interface {
	call(ctx context.Context) (text string, err error)
}

// sdkCaller calls through a go-sdk client session.
type sdkCaller struct {
	cs     *mcp.ClientSession
	params *mcp.CallToolParams
}

func (c sdkCaller) call(ctx context.Context) (string, error) {
	res, err := c.cs.CallTool(ctx, c.params)
	if err != nil {
		return "", err
	}
	if res.IsError {
		return "", fmt.Errorf("tool error: %s", textOf(res))
	}
	return textOf(res), nil
}

// rawCaller speaks MCP over streamable HTTP with net/http alone: it
// initializes once (keeping the session id a stateful server gives), then
// posts one pre-encoded tools/call body per call and reads the answer
// whole. It costs the driver a fraction of the go-sdk client's CPU, so
// that on a small machine the servers, not their clients, bound calls/s.
type rawCaller struct {
	http     *http.Client
	endpoint string
	protocol string
	session  string
	body     []byte
}

func newRawCaller(ctx context.Context, hc *http.Client, endpoint, protocol, tool string, args map[string]any) (*rawCaller, error) {
	c := &rawCaller{http: hc, endpoint: endpoint, protocol: protocol}
	init := fmt.Sprintf(`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":%q,"capabilities":{},"clientInfo":{"name":"loadtest-raw","version":"1"}}}`, protocol)
	resp, _, err := c.post(ctx, []byte(init))
	if err != nil {
		return nil, fmt.Errorf("initialize: %w", err)
	}
	c.session = resp.Header.Get("Mcp-Session-Id")
	if _, _, err := c.post(ctx, []byte(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)); err != nil {
		return nil, fmt.Errorf("initialized: %w", err)
	}
	body, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "tools/call",
		"params": map[string]any{"name": tool, "arguments": args}})
	if err != nil {
		return nil, err
	}
	c.body = body
	return c, nil
}

func (c *rawCaller) post(ctx context.Context, body []byte) (*http.Response, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	h := req.Header
	h["Content-Type"] = []string{"application/json"}
	h["Accept"] = []string{"application/json, text/event-stream"}
	h["Mcp-Protocol-Version"] = []string{c.protocol}
	if c.session != "" {
		h["Mcp-Session-Id"] = []string{c.session}
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, err
	}
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusAccepted {
		return nil, nil, fmt.Errorf("HTTP %d: %.200s", resp.StatusCode, data)
	}
	return resp, data, nil
}

func (c *rawCaller) call(ctx context.Context) (string, error) {
	_, data, err := c.post(ctx, c.body)
	if err != nil {
		return "", err
	}
	// One message, as an SSE event or a JSON body.
	if i := bytes.Index(data, []byte("data: ")); i >= 0 && !bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
		data = data[i+len("data: "):]
		if j := bytes.IndexByte(data, '\n'); j >= 0 {
			data = data[:j]
		}
	}
	var msg struct {
		Result *mcp.CallToolResult `json:"result"`
		Error  *struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(data, &msg); err != nil {
		return "", fmt.Errorf("answer is not a JSON-RPC message: %w (%.200s)", err, data)
	}
	switch {
	case msg.Error != nil:
		return "", errors.New(msg.Error.Message)
	case msg.Result == nil:
		return "", fmt.Errorf("answer without a result: %.200s", data)
	case msg.Result.IsError:
		return "", fmt.Errorf("tool error: %s", textOf(msg.Result))
	}
	return strings.TrimSpace(textOf(msg.Result)), nil
}
