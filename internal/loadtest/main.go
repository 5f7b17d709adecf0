// Command loadtest measures an MCP server under load: N concurrent go-sdk
// clients call one tool over streamable HTTP against a fake Jira that
// answers fixed JSON, and it reports calls/s, latency percentiles, the
// server's CPU time per call, allocations per call and RSS.
//
// By default it starts our handler in a child process (mcphandler.Handler
// behind net/http on loopback), so that the server's CPU time, read from
// /proc/<pid>/stat, is its own: the clients and the fake upstream run in
// this process. With -url and -pid it measures a server started by hand
// instead (another MCP server, or a built Caddy), pointed at the fake
// upstream's -upstream address.
//
//	go run ./internal/loadtest                      # 10 clients, 3 runs of 10 s
//	go run ./internal/loadtest -c 10 -d 10s -runs 5 -cpuprofile cpu.pprof -memprofile allocs.pprof
//	go run ./internal/loadtest -upstream 127.0.0.1:18080 -url http://127.0.0.1:18081/mcp -pid 12345
//
// Everything stays on loopback; every run is bounded by -d and -max-calls.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

func main() {
	if len(os.Args) == 3 && os.Args[1] == "-serve" {
		if err := serve(os.Args[2]); err != nil {
			fmt.Fprintln(os.Stderr, "loadtest server:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

type options struct {
	clients    int
	duration   time.Duration
	warmup     time.Duration
	runs       int
	maxCalls   int64
	tool       string
	args       map[string]any
	deployment string
	upstream   string
	url        string
	pid        int
	user, pass string
	server     serverConfig
	cpuProfile string
	memProfile string
	protocol   string
	raw        bool
}

func run() error {
	var o options
	var argsJSON string
	flag.IntVar(&o.clients, "c", 10, "concurrent MCP clients")
	flag.DurationVar(&o.duration, "d", 10*time.Second, "length of one measured run")
	flag.DurationVar(&o.warmup, "warmup", 2*time.Second, "load before the first run, not measured")
	flag.IntVar(&o.runs, "runs", 3, "measured runs")
	flag.Int64Var(&o.maxCalls, "max-calls", 1_000_000, "upper bound on calls per run")
	flag.StringVar(&o.tool, "tool", "jira_get_issue", "tool to call")
	flag.StringVar(&argsJSON, "args", `{"issue_key":"DEMO-14"}`, "tool arguments, JSON")
	flag.StringVar(&o.deployment, "deployment", "cloud", "dialect of the fake Jira: cloud (v3, ADF) or server (v2, wiki)")
	flag.StringVar(&o.upstream, "upstream", "127.0.0.1:0", "loopback address of the fake Jira")
	flag.StringVar(&o.url, "url", "", "MCP endpoint of a server started by hand (default: start ours)")
	flag.IntVar(&o.pid, "pid", 0, "process id of the server given by -url, for its CPU time and RSS")
	flag.StringVar(&o.user, "user", "alice@example.com", "Basic auth user the clients send")
	flag.StringVar(&o.pass, "pass", "alice-api-token", "Basic auth secret the clients send")
	flag.BoolVar(&o.server.Stateful, "stateful", false, "our server: stateful sessions instead of stateless")
	flag.BoolVar(&o.server.JSONResponse, "json-response", false, "our server: application/json answers instead of SSE")
	flag.BoolVar(&o.server.Log, "log", true, "our server: log each call as Caddy would (JSON, INFO, discarded)")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "our server: write a CPU profile of the last run here")
	flag.StringVar(&o.memProfile, "memprofile", "", "our server: write an allocation profile here after the runs")
	flag.StringVar(&o.protocol, "protocol", "", "MCP protocol version the clients ask for (default: the SDK's newest)")
	flag.BoolVar(&o.raw, "raw", false, "a minimal net/http MCP client instead of the go-sdk's (protocol 2025-06-18 unless -protocol), so the driver's own CPU does not bound calls/s")
	driverGOGC := flag.Int("driver-gogc", 400, "GC percent of this driver process (clients and fake Jira; not the servers measured): on two shared cores the driver's GC takes CPU the server under test would use")
	flag.Parse()
	debug.SetGCPercent(*driverGOGC)
	if err := json.Unmarshal([]byte(argsJSON), &o.args); err != nil {
		return fmt.Errorf("-args: %w", err)
	}
	if o.deployment == "server" && o.user == "alice@example.com" {
		o.user, o.pass = "alice", "alice-password"
	}
	if o.clients < 1 || o.runs < 1 || o.duration <= 0 {
		return errors.New("-c, -runs and -d must be positive")
	}

	ln, err := net.Listen("tcp", o.upstream)
	if err != nil {
		return err
	}
	if !ln.Addr().(*net.TCPAddr).IP.IsLoopback() {
		return errors.New("-upstream must be a loopback address")
	}
	upstream := newFakeJira(atlassian.Deployment(o.deployment))
	var upstreamConns atomic.Int64
	upstreamSrv := &http.Server{Handler: upstream, ConnState: func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			upstreamConns.Add(1)
		}
	}}
	go func() { _ = upstreamSrv.Serve(ln) }()
	fmt.Printf("fake Jira (%s) on http://%s\n", o.deployment, ln.Addr())

	endpoint, pid := o.url, o.pid
	if endpoint == "" {
		o.server.Upstream = "http://" + ln.Addr().String()
		o.server.Deployment = o.deployment
		cmd, addr, err := startServer(o.server)
		if err != nil {
			return err
		}
		defer func() { _ = cmd.Process.Kill(); _, _ = cmd.Process.Wait() }()
		endpoint, pid = "http://"+addr+"/mcp", cmd.Process.Pid
		fmt.Printf("our server (pid %d, stateful=%v, json_response=%v, log=%v) on %s\n", pid, o.server.Stateful, o.server.JSONResponse, o.server.Log, endpoint)
	} else if pid == 0 {
		fmt.Println("no -pid: server CPU and RSS are not measured")
	}
	if err := loopbackURL(endpoint); err != nil {
		return err
	}
	ours := o.url == ""
	if rss, hwm := procRSS(pid); rss > 0 {
		fmt.Printf("server RSS before load: %.1f MB (peak %.1f MB)\n", rss, hwm)
	}

	httpClient := &http.Client{Transport: &basicAuth{user: o.user, pass: o.pass, next: &http.Transport{
		MaxIdleConns: 4 * o.clients, MaxIdleConnsPerHost: 4 * o.clients, IdleConnTimeout: time.Minute}}}
	ctx := context.Background()
	callers := make([]caller, o.clients)
	for i := range callers {
		if o.raw {
			protocol := o.protocol
			if protocol == "" {
				protocol = "2025-06-18"
			}
			rc, err := newRawCaller(ctx, httpClient, endpoint, protocol, o.tool, o.args)
			if err != nil {
				return fmt.Errorf("connecting client %d: %w", i, err)
			}
			callers[i] = rc
			continue
		}
		cs, err := mcp.NewClient(&mcp.Implementation{Name: "loadtest", Version: "1"}, nil).Connect(ctx,
			&mcp.StreamableClientTransport{Endpoint: endpoint, HTTPClient: httpClient, MaxRetries: -1}, &mcp.ClientSessionOptions{ProtocolVersion: o.protocol})
		if err != nil {
			return fmt.Errorf("connecting client %d: %w", i, err)
		}
		defer cs.Close()
		callers[i] = sdkCaller{cs: cs, params: &mcp.CallToolParams{Name: o.tool, Arguments: o.args}}
	}
	text, err := callers[0].call(ctx)
	if err != nil {
		return fmt.Errorf("%s: %w", o.tool, err)
	}
	fmt.Printf("%s answer: %d bytes of text; upstream bodies served: %v\n", o.tool, len(text), upstream.canned())

	if o.warmup > 0 {
		if _, err := load(ctx, callers, o, o.warmup); err != nil {
			return err
		}
	}
	connsBefore := upstreamConns.Load()
	fmt.Printf("%d clients, %d runs of %s\n", o.clients, o.runs, o.duration)
	fmt.Println("run  calls/s   p50 ms  p99 ms  server CPU µs/call  allocs/call  KB alloc/call  GCs/1k calls  heap MB  driver CPU µs/call  RSS MB")
	var results []result
	for i := range o.runs {
		profiling := ours && o.cpuProfile != "" && i == o.runs-1
		var profErr chan error
		if profiling {
			profErr = make(chan error, 1)
			go func() {
				profErr <- fetchTo(endpoint, "/debug/pprof/profile?seconds="+strconv.Itoa(int(o.duration.Seconds())), o.cpuProfile)
			}()
		}
		before := snapshot(endpoint, pid, ours)
		lat, err := load(ctx, callers, o, o.duration)
		after := snapshot(endpoint, pid, ours)
		if err != nil {
			return err
		}
		r := summarize(lat, before, after)
		results = append(results, r)
		fmt.Printf("%3d  %7.0f  %7.2f %7.2f  %18.0f  %11.0f  %13.1f  %12.0f  %7.1f  %18.0f  %6.1f\n", i+1, r.rate, r.p50, r.p99, r.cpuPerCall, r.allocsPerCall, r.kbPerCall, r.gcPer1k, r.heapMB, r.driverPerCall, procRSSNow(pid))
		if profiling {
			if err := <-profErr; err != nil {
				return fmt.Errorf("cpu profile: %w", err)
			}
			fmt.Println("cpu profile (this run, profiler on):", o.cpuProfile)
		}
	}
	if len(results) > 1 {
		med := func(f func(result) float64) (float64, float64, float64) {
			v := make([]float64, len(results))
			for i, r := range results {
				v[i] = f(r)
			}
			slices.Sort(v)
			return v[len(v)/2], v[0], v[len(v)-1]
		}
		p := func(name string, f func(result) float64, format string) {
			m, lo, hi := med(f)
			fmt.Printf("  %-20s median "+format+"  (min "+format+", max "+format+")\n", name, m, lo, hi)
		}
		fmt.Println("summary:")
		p("calls/s", func(r result) float64 { return r.rate }, "%.0f")
		p("p50 ms", func(r result) float64 { return r.p50 }, "%.2f")
		p("p99 ms", func(r result) float64 { return r.p99 }, "%.2f")
		p("server CPU µs/call", func(r result) float64 { return r.cpuPerCall }, "%.0f")
		if ours {
			p("allocs/call", func(r result) float64 { return r.allocsPerCall }, "%.0f")
			p("KB alloc/call", func(r result) float64 { return r.kbPerCall }, "%.1f")
		}
	}
	fmt.Printf("upstream connections opened during the runs: %d (the calls cut at the end of each run close theirs)\n", upstreamConns.Load()-connsBefore)
	if rss, hwm := procRSS(pid); rss > 0 {
		fmt.Printf("server RSS after load: %.1f MB (peak %.1f MB)\n", rss, hwm)
	}
	if ours && o.memProfile != "" {
		if err := fetchTo(endpoint, "/debug/pprof/allocs", o.memProfile); err != nil {
			return fmt.Errorf("allocation profile: %w", err)
		}
		fmt.Println("allocation profile (whole process life):", o.memProfile)
	}
	return nil
}

// load runs every caller in a closed loop for d, or until maxCalls, and
// returns the latency of each call.
func load(ctx context.Context, callers []caller, o options, d time.Duration) ([]time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var (
		mu    sync.Mutex
		all   []time.Duration
		calls atomic.Int64
		first error
		wg    sync.WaitGroup
	)
	for _, c := range callers {
		wg.Go(func() {
			lat := make([]time.Duration, 0, 4096)
			var err error
			for ctx.Err() == nil && calls.Add(1) <= o.maxCalls {
				start := time.Now()
				_, err = c.call(ctx)
				if ctx.Err() != nil {
					err = nil
					break
				}
				if err != nil {
					cancel()
					break
				}
				lat = append(lat, time.Since(start))
			}
			mu.Lock()
			all = append(all, lat...)
			if err != nil && first == nil {
				first = err
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	return all, first
}

type sample struct {
	at         time.Time
	serverCPU  time.Duration
	driverCPU  time.Duration
	mallocs    uint64
	totalAlloc uint64
	numGC      uint32
	heapInuse  uint64
}

type result struct {
	rate, p50, p99, cpuPerCall, allocsPerCall, kbPerCall, driverPerCall, gcPer1k, heapMB float64
}

func snapshot(endpoint string, pid int, ours bool) sample {
	s := sample{at: time.Now(), serverCPU: procCPU(pid), driverCPU: selfCPU()}
	if ours {
		var ms memStats
		if resp, err := http.Get(strings.TrimSuffix(endpoint, "/mcp") + "/debug/memstats"); err == nil {
			_ = json.NewDecoder(resp.Body).Decode(&ms)
			resp.Body.Close()
		}
		s.mallocs, s.totalAlloc, s.numGC, s.heapInuse = ms.Mallocs, ms.TotalAlloc, ms.NumGC, ms.HeapInuse
	}
	return s
}

func summarize(lat []time.Duration, a, b sample) result {
	n := float64(len(lat))
	if n == 0 {
		return result{}
	}
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[min(len(lat)-1, int(p*n))].Microseconds()) / 1000 }
	return result{
		rate:          n / b.at.Sub(a.at).Seconds(),
		p50:           pct(0.50),
		p99:           pct(0.99),
		cpuPerCall:    float64((b.serverCPU - a.serverCPU).Microseconds()) / n,
		allocsPerCall: float64(b.mallocs-a.mallocs) / n,
		kbPerCall:     float64(b.totalAlloc-a.totalAlloc) / 1024 / n,
		driverPerCall: float64((b.driverCPU - a.driverCPU).Microseconds()) / n,
		gcPer1k:       1000 * float64(b.numGC-a.numGC) / n,
		heapMB:        float64(b.heapInuse) / (1 << 20),
	}
}

// startServer runs this program as our server in a child process and
// waits for its address.
func startServer(cfg serverConfig) (*exec.Cmd, string, error) {
	raw, _ := json.Marshal(cfg)
	self, err := os.Executable()
	if err != nil {
		return nil, "", err
	}
	cmd := exec.Command(self, "-serve", string(raw))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, "", err
	}
	if err := cmd.Start(); err != nil {
		return nil, "", err
	}
	var line string
	if _, err := fmt.Fscanf(out, "listening %s\n", &line); err != nil {
		_ = cmd.Process.Kill()
		return nil, "", fmt.Errorf("server did not start: %w", err)
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	return cmd, line, nil
}

func loopbackURL(endpoint string) error {
	req, err := http.NewRequest(http.MethodGet, endpoint, nil)
	if err != nil {
		return err
	}
	host := req.URL.Hostname()
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("%s is not a loopback address; the load test only targets this machine", endpoint)
	}
	return nil
}

func fetchTo(endpoint, path, file string) error {
	resp, err := http.Get(strings.TrimSuffix(endpoint, "/mcp") + path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", path, resp.Status)
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// clockTick is USER_HZ, the unit of /proc/<pid>/stat times; 100 on Linux.
const clockTick = 10 * time.Millisecond

// procCPU is the user plus system time of a process, from /proc.
func procCPU(pid int) time.Duration {
	if pid == 0 {
		return 0
	}
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	s := string(raw)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * clockTick
}

// selfCPU is this process's CPU time: the clients and the fake upstream.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// procRSS is a process's resident and peak resident memory in MB.
func procRSS(pid int) (rss, hwm float64) {
	if pid == 0 {
		return 0, 0
	}
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, 0
	}
	for line := range strings.Lines(string(raw)) {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "VmRSS:":
			rss = kb / 1024
		case "VmHWM:":
			hwm = kb / 1024
		}
	}
	return rss, hwm
}

func procRSSNow(pid int) float64 { rss, _ := procRSS(pid); return rss }

func textOf(res *mcp.CallToolResult) string {
	var b strings.Builder
	for _, c := range res.Content {
		if t, ok := c.(*mcp.TextContent); ok {
			b.WriteString(t.Text)
		}
	}
	return b.String()
}

// basicAuth sends the clients' credentials with every request.
type basicAuth struct {
	user, pass string
	next       http.RoundTripper
}

func (b *basicAuth) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.SetBasicAuth(b.user, b.pass)
	return b.next.RoundTrip(r)
}
