package caddymodule

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/caddyserver/caddy/v2"
	caddycmd "github.com/caddyserver/caddy/v2/cmd"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/spf13/cobra"
	"go.uber.org/zap"
)

// `caddy mcp-atlassian stdio` serves the tools over stdin/stdout for local
// clients that start their server as a process (Claude Desktop, the MCP
// inspector), as mcp-atlassian does by default. It provisions the same
// mcp_atlassian handler a Caddy config would, without starting Caddy's
// servers: there is no HTTP request, so the configured credentials are
// used for every call.

func init() {
	mcpAtlassianSubcommands = append(mcpAtlassianSubcommands, newStdioCommand)
}

func newStdioCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "stdio [--config <path> [--adapter <name>]] [--sandbox[=cloud|server]]",
		Short: "Serves the MCP tools over stdin/stdout for local clients",
		Long: `
Serves the Jira and Confluence tools over MCP's stdio transport: JSON-RPC on
stdin and stdout, logs on stderr. Local clients that start their server as a
process (Claude Desktop, "npx @modelcontextprotocol/inspector") run it.

Without --config, the handler is configured from mcp-atlassian's environment
variables alone (JIRA_URL, JIRA_USERNAME, JIRA_API_TOKEN,
JIRA_PERSONAL_TOKEN, CONFLUENCE_*, READ_ONLY_MODE, TOOLSETS, ...). With
--config, the first mcp_atlassian handler of that config is used, with the
config's logging and storage; the config's HTTP servers are not started.

Every tool call uses the configured credentials: there is no HTTP request
to bring others.

--sandbox starts the built-in in-memory Atlassian (cloud by default, or
--sandbox=server) on a loopback port and uses it when no site is configured,
to try the server without an Atlassian site.
`,
		Args: cobra.NoArgs,
		RunE: caddycmd.WrapCommandFuncForCobra(cmdStdio),
	}
	f := cmd.Flags()
	f.StringP("config", "c", "", "Configuration file whose mcp_atlassian handler to serve")
	f.StringP("adapter", "a", "", "Name of config adapter to apply")
	f.String("sandbox", "", "Serve the built-in sandbox Atlassian (cloud or server) when no site is configured")
	f.Lookup("sandbox").NoOptDefVal = "cloud"
	return cmd
}

// stdioOptions are what the flags ask for.
type stdioOptions struct {
	configFile, adapter string
	sandbox             string // "", "cloud" or "server"
}

func cmdStdio(fl caddycmd.Flags) (int, error) {
	// Stdout belongs to JSON-RPC. Anything else that would write to it
	// (a log writer configured as stdout, a stray print) goes to stderr.
	out := os.Stdout
	os.Stdout = os.Stderr
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	opts := stdioOptions{configFile: fl.String("config"), adapter: fl.String("adapter"), sandbox: fl.String("sandbox")}
	if err := runStdio(ctx, opts, os.Stdin, out); err != nil {
		return caddy.ExitCodeFailedStartup, err
	}
	return caddy.ExitCodeSuccess, nil
}

// runStdio provisions the handler and serves MCP on in/out until the
// client closes its end or ctx ends.
func runStdio(ctx context.Context, opts stdioOptions, in io.ReadCloser, out io.WriteCloser) error {
	if opts.configFile == "-" {
		return errors.New("--config - would read the config from stdin, which carries MCP in stdio mode; name a file")
	}
	sc, err := loadStdioConfig(opts.configFile, opts.adapter)
	if err != nil {
		return err
	}
	pctx, err := caddy.ProvisionContext(sc.base)
	if err != nil {
		return fmt.Errorf("provisioning the config's logging and storage: %w", err)
	}
	logger := caddy.Log().Named("mcp_atlassian.stdio")
	if sc.path != "" {
		logger.Info("serving the config's mcp_atlassian handler", zap.String("at", sc.path))
	}
	if sc.more > 0 {
		logger.Warn("the config has more than one mcp_atlassian handler; serving the first", zap.Int("others", sc.more))
	}
	if opts.sandbox != "" {
		url, stopSandbox, err := startStdioSandbox(opts.sandbox)
		if err != nil {
			return err
		}
		defer stopSandbox()
		if sc.handler, err = withSandbox(sc.handler, url, opts.sandbox); err != nil {
			return err
		}
		logger.Info("sandbox Atlassian started (demo data, in memory); used when no site is configured", zap.String("url", url))
	} else if sc.hasSandbox {
		logger.Warn("the config's sandbox fallback is only reachable while that config runs (caddy run); pass --sandbox to start one here")
	}

	// A child context of its own, so that ending it cleans up the handler
	// (pooled connections, sessions) as a config unload would.
	hctx, cancel := caddy.NewContext(pctx)
	defer cancel()
	mod, err := hctx.LoadModuleByID("http.handlers.mcp_atlassian", sc.handler)
	if err != nil {
		return fmt.Errorf("provisioning mcp_atlassian: %w", err)
	}
	h := mod.(*Handler)
	logger.Info("serving MCP over stdio", zap.Int("tools", len(h.mcp.ToolNames())))
	err = h.mcp.Server().Run(ctx, &mcp.IOTransport{Reader: in, Writer: out})
	if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, io.EOF) {
		return fmt.Errorf("serving MCP over stdio: %w", err)
	}
	return nil
}
