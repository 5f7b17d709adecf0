package mcphandler

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/internal/jsontree"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.uber.org/zap"
)

// A stateless tools/call is nearly all of an MCP server's traffic, and in
// stateless mode the SDK answers each one by building a server session,
// parsing the body several times over (each time with a fresh 32 KiB
// buffer) and dispatching it through goroutines and channels: 60% of the
// CPU of a jira_get_issue call was the SDK's, not the tool's
// (docs/PERFORMANCE.md). serveToolCall answers the plain case itself,
// exactly as the SDK would, and leaves everything else to the SDK: other
// methods, batches, notifications, stateful servers, protocol versions it
// does not know, unknown or hidden tools, anything it is unsure how the
// SDK would read. Protocol errors are always the SDK's to give.
// TestFastCallMatchesSDK holds the two answers equal, TestFastCallDeclines
// the cases it leaves.

// fastProtocols are the versions whose plain tools/call the fast path
// answers (an absent header means 2025-03-26, as in the SDK). A newer
// version goes to the SDK until the fast path learns its rules.
var fastProtocols = map[string]bool{"": true, "2025-03-26": true, "2025-06-18": true, "2025-11-25": true, statelessProtocol: true}

// statelessProtocol is the version where each request carries the
// client's identity in _meta and the Mcp-Method and Mcp-Name headers
// (SEP-2575), and each result names the server in its _meta.
const statelessProtocol = "2026-07-28"

// metaLogLevel is the _meta key of a stateless-protocol request's log
// level (the SDK's MetaKeyLogLevel, which it marks deprecated).
const metaLogLevel = "io.modelcontextprotocol/logLevel"

// maxFastBody bounds the request body the fast path reads; a larger one
// goes to the SDK (unread when its length is announced, else with what was
// read put back), which applies its own limit.
const maxFastBody = 1 << 20

// toolCall is what the fast path reads of a tools/call request.
type toolCall struct {
	id   []byte // raw JSON, echoed in the answer
	name string
	args []byte // raw JSON object, or nil
}

// serveToolCall answers r if it is a plain stateless tools/call and
// reports whether it did. When it does not, r's body is left for the SDK
// to read whole.
func (h *Handler) serveToolCall(w http.ResponseWriter, r *http.Request, id *Identity) bool {
	version := r.Header.Get("Mcp-Protocol-Version")
	if h.opts.Stateful || r.Method != http.MethodPost || !fastProtocols[version] ||
		len(r.Header.Values("Last-Event-Id")) > 0 || r.Header.Get("Mcp-Session-Id") != "" ||
		!isJSONContent(r.Header.Get("Content-Type")) || !acceptsBoth(r.Header.Values("Accept")) ||
		h.rebindingSuspect(r) || r.ContentLength > maxFastBody {
		return false
	}
	body, err := readBody(r)
	answered := false
	defer func() {
		if !answered { // the SDK reads the body again, whole
			r.Body = readAgain{Reader: io.MultiReader(bytes.NewReader(body), r.Body), Closer: r.Body}
		}
	}()
	if err != nil || len(body) > maxFastBody {
		return false
	}
	if tooDeep(body) {
		return false // the SDK refuses it, with its own message
	}
	call, ok := parseToolCall(body, version)
	if !ok || version == statelessProtocol && (r.Header.Get("Mcp-Method") != "tools/call" || r.Header.Get("Mcp-Name") != call.name) {
		return false
	}
	p, ok := h.tools[call.name]
	if !ok || !h.sites.visible(id, p.Spec) || h.headerTools[call.name] {
		return false
	}
	res := h.runGuarded(r, p, call.args, id)
	var serverInfo []byte
	if version == statelessProtocol {
		serverInfo = h.serverInfo
	}
	if err := h.writeResponse(w, call.id, res, serverInfo); err != nil {
		h.logger.Error("encoding a tool result", zap.String("tool", p.Spec.Name), zap.Error(err))
		if err := h.writeResponse(w, call.id, toolError("internal error while encoding the tool's result"), serverInfo); err != nil {
			http.Error(w, "internal error", http.StatusInternalServerError)
		}
	}
	h.fastCalls.Add(1)
	answered = true
	return true
}

// sdkMaxDepth is the nesting the SDK accepts in a message.
const sdkMaxDepth = 1000

// tooDeep reports whether data nests objects and arrays deeper than the
// SDK accepts (strings skipped; data need not be valid JSON).
func tooDeep(data []byte) bool {
	depth, inString, escaped := 0, false, false
	for _, b := range data {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case b == '\\':
				escaped = true
			case b == '"':
				inString = false
			}
		case b == '"':
			inString = true
		case b == '{' || b == '[':
			if depth++; depth > sdkMaxDepth {
				return true
			}
		case b == '}' || b == ']':
			if depth > 0 {
				depth--
			}
		}
	}
	return false
}

// readBody reads up to maxFastBody+1 bytes of the request, in one
// allocation when the length is announced.
func readBody(r *http.Request) ([]byte, error) {
	if n := r.ContentLength; n >= 0 && n <= maxFastBody {
		body := make([]byte, n)
		read, err := io.ReadFull(r.Body, body)
		return body[:read], err
	}
	return io.ReadAll(io.LimitReader(r.Body, maxFastBody+1))
}

// knownCapabilities and knownClients remember the client capabilities and
// names found valid: a client sends the same ones with every call, and
// checking them is the larger part of reading a stateless-protocol request.
var knownCapabilities, knownClients = shapeCache{seen: map[string]struct{}{}}, shapeCache{seen: map[string]struct{}{}}

type shapeCache struct {
	mu   sync.Mutex
	seen map[string]struct{}
}

// maxShapes bounds the cache; a full one starts over.
const maxShapes = 1024

func (c *shapeCache) valid(raw []byte, check func() bool) bool {
	c.mu.Lock()
	_, ok := c.seen[string(raw)]
	c.mu.Unlock()
	if ok {
		return true
	}
	if !check() {
		return false
	}
	c.mu.Lock()
	if len(c.seen) >= maxShapes {
		clear(c.seen)
	}
	c.seen[string(raw)] = struct{}{}
	c.mu.Unlock()
	return true
}

// mirrorsHeaders reports whether a tool's schema maps a parameter to an
// Mcp-Param-* header (x-mcp-header), which the SDK checks against the
// arguments; none of ours does, and calls of such a tool would go to the
// SDK (Handler.headerTools).
func mirrorsHeaders(p *tool.Prepared) bool {
	raw, ok := p.Def.InputSchema.(json.RawMessage)
	return !ok || bytes.Contains(raw, []byte(`"x-mcp-header"`))
}

// runGuarded runs the tool on the request's goroutine, turning a panic
// into the same tool error the SDK path's guard gives.
func (h *Handler) runGuarded(r *http.Request, p *tool.Prepared, args []byte, id *Identity) (res *mcp.CallToolResult) {
	defer func() {
		if v := recover(); v != nil {
			h.logPanic("tools/call", v)
			res = toolError(panicToolError)
		}
	}()
	return h.runTool(r.Context(), p, args, id, r.Header)
}

// parseToolCall accepts exactly what the SDK would read as one tools/call
// request with an id; anything it is unsure of (unknown, repeated or
// oddly cased keys, an id that is not a string or an integer, arguments
// that are not an object, _meta other than a progress token and, in the
// stateless protocol, the client's valid identity) is refused and left to
// the SDK.
func parseToolCall(body []byte, version string) (toolCall, bool) {
	var call toolCall
	var jsonrpc, method string
	var params, meta []byte
	ok := eachField(body, func(key string, raw []byte) bool {
		switch key {
		case "jsonrpc":
			return decodeString(raw, &jsonrpc) && jsonrpc == "2.0"
		case "method":
			return decodeString(raw, &method) && method == "tools/call"
		case "id":
			call.id = raw
			return plainID(raw)
		case "params":
			params = raw
			return true
		}
		return false
	}, "jsonrpc", "id", "method", "params")
	if !ok || jsonrpc == "" || method == "" || call.id == nil || params == nil {
		return call, false
	}
	ok = eachField(params, func(key string, raw []byte) bool {
		switch key {
		case "name":
			return decodeString(raw, &call.name) && call.name != ""
		case "arguments":
			call.args = raw
			return raw[0] == '{'
		case "_meta":
			meta = raw
			return true
		}
		return false
	}, "name", "arguments", "_meta")
	return call, ok && call.name != "" && validMeta(meta, version)
}

// validMeta checks a request's _meta: a progress token at most, except in
// the stateless protocol, where it must carry that version and the
// client's capabilities, and may carry its name and log level, each of
// the shape the SDK would accept.
func validMeta(meta []byte, version string) bool {
	if version != statelessProtocol {
		return meta == nil || eachField(meta, func(string, []byte) bool { return true }, "progressToken")
	}
	var sawVersion, sawCapabilities bool
	return meta != nil && eachField(meta, func(key string, raw []byte) bool {
		switch key {
		case mcp.MetaKeyProtocolVersion:
			var v string
			sawVersion = decodeString(raw, &v) && v == version
			return sawVersion
		case mcp.MetaKeyClientCapabilities:
			sawCapabilities = knownCapabilities.valid(raw, func() bool {
				var caps struct {
					mcp.ClientCapabilities
					Roots *mcp.RootCapabilities `json:"roots,omitempty"`
				}
				return raw[0] == '{' && json.Unmarshal(raw, &caps) == nil
			})
			return sawCapabilities
		case mcp.MetaKeyClientInfo:
			return knownClients.valid(raw, func() bool {
				var impl mcp.Implementation
				return raw[0] == '{' && json.Unmarshal(raw, &impl) == nil
			})
		}
		return true // the log level (unused: tools send no log messages) and progress token
	}, mcp.MetaKeyProtocolVersion, mcp.MetaKeyClientInfo, mcp.MetaKeyClientCapabilities, metaLogLevel, "progressToken") && sawVersion && sawCapabilities
}

// eachField calls f on each member of the JSON object data; it reports
// false if data is not an object, a key is not among keys or repeats, or
// f refuses a value.
func eachField(data []byte, f func(key string, raw []byte) bool, keys ...string) bool {
	fields, err := jsontree.Fields(data)
	if err != nil || len(fields) > len(keys) {
		return false
	}
	for i, fl := range fields {
		if !slices.Contains(keys, fl.Key) || !f(fl.Key, fl.Value) {
			return false
		}
		for _, prev := range fields[:i] {
			if prev.Key == fl.Key {
				return false
			}
		}
	}
	return true
}

func decodeString(raw []byte, out *string) bool {
	v, err := jsontree.Decode(raw)
	*out, _ = v.(string)
	return err == nil && *out != ""
}

// plainID is a string or an integer id: what every client sends, and what
// the SDK echoes back unchanged.
func plainID(id []byte) bool {
	if id[0] == '"' {
		return true // Fields checked it is a valid string
	}
	digits := id
	if digits[0] == '-' {
		digits = digits[1:]
	}
	if len(digits) == 0 || len(digits) > 15 || (digits[0] == '0' && len(digits) > 1) {
		return false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func isJSONContent(v string) bool {
	mt, _, err := mime.ParseMediaType(v)
	return err == nil && mt == "application/json"
}

// acceptsBoth is the streamable transport's rule: the client must accept
// both JSON and an event stream.
func acceptsBoth(values []string) bool {
	var jsonOK, streamOK bool
	for _, value := range values {
		for _, raw := range strings.Split(value, ",") {
			base, _, _ := strings.Cut(raw, ";")
			switch strings.ToLower(strings.TrimSpace(base)) {
			case "application/json", "application/*":
				jsonOK = true
			case "text/event-stream", "text/*":
				streamOK = true
			case "*/*":
				jsonOK, streamOK = true, true
			}
		}
	}
	return jsonOK && streamOK
}

// rebindingSuspect is the SDK's DNS-rebinding rule (a loopback listener
// reached under a non-loopback Host); such a request goes to the SDK,
// which refuses it.
func (h *Handler) rebindingSuspect(r *http.Request) bool {
	if h.opts.DisableLocalhostProtection {
		return false
	}
	addr, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	return ok && addr != nil && isLoopback(addr.String()) && !isLoopback(r.Host)
}

func isLoopback(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = strings.Trim(hostport, "[]")
	}
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// appendResponse appends the JSON-RPC response carrying res; with
// serverInfo (the stateless protocol), the result names the server in its
// _meta and says it is complete, as the SDK's results there do.
func appendResponse(dst, id []byte, res *mcp.CallToolResult, serverInfo []byte) ([]byte, error) {
	dst = append(dst, `{"jsonrpc":"2.0","id":`...)
	dst = append(dst, id...)
	dst = append(dst, `,"result":`...)
	if out, ok := appendTextResult(dst, res, serverInfo); ok {
		return append(out, '}'), nil
	}
	if serverInfo != nil {
		meta := maps.Clone(res.Meta)
		if meta == nil {
			meta = mcp.Meta{}
		}
		meta[mcp.MetaKeyServerInfo] = json.RawMessage(serverInfo)
		withMeta := *res
		withMeta.Meta = meta
		res = &withMeta
	}
	result, err := json.Marshal(res)
	if err != nil {
		return nil, fmt.Errorf("encoding the result: %w", err)
	}
	if serverInfo != nil {
		result = append(result[:len(result)-1], `,"resultType":"complete"}`...)
	}
	dst = append(dst, result...)
	return append(dst, '}'), nil
}

// appendTextResult writes a result made of plain text parts, the answer
// of nearly every call, as the SDK's encoding of it does (the text is
// HTML-escaped there too); it reports false for anything else.
func appendTextResult(dst []byte, res *mcp.CallToolResult, serverInfo []byte) ([]byte, bool) {
	if res.Meta != nil || res.StructuredContent != nil || len(res.Content) == 0 {
		return nil, false
	}
	dst = append(dst, '{')
	if serverInfo != nil {
		dst = append(dst, `"_meta":{"`+mcp.MetaKeyServerInfo+`":`...)
		dst = append(dst, serverInfo...)
		dst = append(dst, "},"...)
	}
	dst = append(dst, `"content":[`...)
	for i, c := range res.Content {
		t, ok := c.(*mcp.TextContent)
		if !ok || t.Meta != nil || t.Annotations != nil {
			return nil, false
		}
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"type":"text","text":`...)
		dst = jsontree.AppendString(dst, t.Text, true)
		dst = append(dst, '}')
	}
	dst = append(dst, ']')
	if res.IsError {
		dst = append(dst, `,"isError":true`...)
	}
	if serverInfo != nil {
		dst = append(dst, `,"resultType":"complete"`...)
	}
	return append(dst, '}'), true
}

// writeResponse sends the response carrying res the way the SDK's
// streamable transport does: as a single server-sent event, or as a JSON
// body. The whole answer is known, so it goes with a length, in one write.
func (h *Handler) writeResponse(w http.ResponseWriter, id []byte, res *mcp.CallToolResult, serverInfo []byte) error {
	size := 256 + len(id) + len(serverInfo)
	for _, c := range res.Content {
		if t, ok := c.(*mcp.TextContent); ok {
			size += len(t.Text) + len(t.Text)/8 // room for escapes
		}
	}
	const eventStart, eventEnd = "event: message\ndata: ", "\n\n"
	sse := !h.opts.JSONResponse
	bp := responseBuffers.Get().(*[]byte)
	buf := slices.Grow((*bp)[:0], size)
	defer func() {
		if cap(buf) <= maxPooledResponse {
			*bp = buf[:0]
			responseBuffers.Put(bp)
		}
	}()
	if sse {
		buf = append(buf, eventStart...)
	}
	buf, err := appendResponse(buf, id, res, serverInfo)
	if err != nil {
		return err
	}
	hdr := w.Header()
	hdr.Set("Cache-Control", "no-cache, no-transform")
	if sse {
		buf = append(buf, eventEnd...)
		hdr.Set("Content-Type", "text/event-stream")
		hdr.Set("Connection", "keep-alive")
	} else {
		hdr.Set("Content-Type", "application/json")
	}
	hdr.Set("Content-Length", strconv.Itoa(len(buf)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf)
	return nil
}

// responseBuffers hold answers while they are written: Write has copied
// or sent the bytes by the time it returns, so the buffer can serve the
// next answer. One grown past maxPooledResponse is left to the GC.
var responseBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 8192); return &b }}

const maxPooledResponse = 256 << 10

// readAgain gives the SDK the body the fast path already read, followed
// by whatever it did not.
type readAgain struct {
	io.Reader
	io.Closer
}
