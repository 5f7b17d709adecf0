package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/pprof"
	"net/url"
	"runtime"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// serverConfig is what the driver hands the server process.
type serverConfig struct {
	Upstream     string `json:"upstream"`
	Deployment   string `json:"deployment"`
	Stateful     bool   `json:"stateful"`
	JSONResponse bool   `json:"json_response"`
	Log          bool   `json:"log"`
}

// serve runs our handler behind a plain net/http server on loopback, as
// the peer runs its own, and prints its address. Beside /mcp it serves
// /debug/pprof/ and /debug/memstats for the driver.
func serve(cfgJSON string) error {
	var cfg serverConfig
	if err := json.Unmarshal([]byte(cfgJSON), &cfg); err != nil {
		return err
	}
	base, err := url.Parse(cfg.Upstream)
	if err != nil {
		return err
	}
	logger := zap.NewNop()
	if cfg.Log {
		// Caddy's production logging (JSON, INFO) into a sink that costs
		// nothing but the encoding.
		enc := zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig())
		logger = zap.New(zapcore.NewCore(enc, zapcore.AddSync(io.Discard), zap.InfoLevel))
	}
	site := &atlassian.Site{Product: atlassian.Jira, Deployment: atlassian.Deployment(cfg.Deployment), BaseURL: base,
		HTTP: atlassian.NewHTTPClient(atlassian.TransportOptions{})}
	h, err := mcphandler.New(mcphandler.Options{
		Jira:         &mcphandler.Product{Site: site},
		Stateful:     cfg.Stateful,
		JSONResponse: cfg.JSONResponse,
		Logger:       logger,
		Version:      "loadtest",
	})
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/mcp", h)
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/memstats", func(w http.ResponseWriter, _ *http.Request) {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		_ = json.NewEncoder(w).Encode(memStats{Mallocs: ms.Mallocs, TotalAlloc: ms.TotalAlloc, HeapInuse: ms.HeapInuse, Sys: ms.Sys, NumGC: ms.NumGC})
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Printf("listening %s\n", ln.Addr())
	return http.Serve(ln, mux)
}

type memStats struct {
	Mallocs    uint64 `json:"mallocs"`
	TotalAlloc uint64 `json:"total_alloc"`
	HeapInuse  uint64 `json:"heap_inuse"`
	Sys        uint64 `json:"sys"`
	NumGC      uint32 `json:"num_gc"`
}
