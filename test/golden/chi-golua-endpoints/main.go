// Command chisvc is a small HTTP service: health probes, the time in any
// zone, this host's public IP and an embedded Lua script.
//
// Usage: chisvc [command]
//
//	(none), serve  serve HTTP on $PORT (default 8080)
//	healthcheck    exit 0 when the local /healthz answers 200 (for Docker HEALTHCHECK)
//	version        print version and commit
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"
	_ "time/tzdata" // zone data for images without /usr/share/zoneinfo (used only if the system lacks it)

	_ "golang.org/x/crypto/x509roots/fallback" // CA roots for images without them (used only if the system lacks them)

	"example.com/chisvc/pkg/clock"
	"example.com/chisvc/pkg/config"
	"example.com/chisvc/pkg/ipecho"
	"example.com/chisvc/pkg/luarun"
	"example.com/chisvc/pkg/server"
	"example.com/chisvc/scripts"
)

// Set at build time: go build -ldflags "-X main.version=1.2.3 -X main.commit=abc123".
var (
	version = "dev"
	commit  = "unknown"
)

// healthcheckTimeout bounds the healthcheck subcommand's request.
const healthcheckTimeout = 2 * time.Second

const usage = `usage: chisvc [command]

commands:
  (none), serve  serve HTTP on $PORT
  healthcheck    exit 0 if http://127.0.0.1:$PORT/healthz answers 200, else 1
  version        print version and commit
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	// After the first signal starts the drain, a second one ends the process at
	// once (the default action is restored).
	go func() {
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is main without the process: it returns the exit code. ctx is cancelled
// on the first SIGTERM/SIGINT.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		return serve(ctx, getenv, stdout)
	}
	switch args[0] {
	case "serve":
		return serve(ctx, getenv, stdout)
	case "healthcheck":
		return healthcheck(ctx, getenv, stderr)
	case "version":
		_, _ = fmt.Fprintf(stdout, "%s %s\n", version, commit)
		return 0
	case "help", "-h", "-help", "--help":
		_, _ = io.WriteString(stdout, usage)
		return 0
	default:
		_, _ = fmt.Fprintf(stderr, "unknown command %q\n\n%s", args[0], usage)
		return 2
	}
}

// serve runs the HTTP server until ctx is cancelled, then drains it.
func serve(ctx context.Context, getenv func(string) string, stdout io.Writer) int {
	logger := slog.New(slog.NewJSONHandler(stdout, nil))
	slog.SetDefault(logger)

	cfg, err := config.Load(getenv)
	if err != nil {
		logger.Error("invalid configuration", "err", err)
		return 1
	}
	// Fail fast when the zone database is unusable rather than answer in UTC.
	if _, err := clock.Location(clock.DefaultZone); err != nil {
		logger.Error("time zone data unavailable", "err", err)
		return 1
	}
	deps := server.Deps{IP: ipecho.New(cfg.IPUpstreamURL, cfg.IPTimeout)}
	queue := cfg.LuaQueue
	if queue == 0 {
		queue = -1 // LUA_QUEUE=0: no queue (Options.Queue 0 would mean the default)
	}
	runner, err := luarun.New(scripts.FS, luarun.Options{
		Timeout:     cfg.LuaTimeout,
		MemoryLimit: int64(cfg.LuaMemoryMiB) << 20,
		Concurrency: cfg.LuaConcurrency,
		Queue:       queue,
	})
	if err != nil {
		logger.Error("loading Lua scripts", "err", err)
		return 1
	}
	defer runner.Close()
	deps.Lua = runner

	srv := server.New(cfg, deps, logger)
	httpSrv := srv.HTTPServer()
	serveErr := make(chan error, 1)
	go func() { serveErr <- httpSrv.ListenAndServe() }()
	logger.Info("starting", "addr", httpSrv.Addr, "version", version, "commit", commit)

	select {
	case err := <-serveErr: // could not listen, e.g. port in use
		logger.Error("server failed", "err", err)
		return 1
	case <-ctx.Done():
	}

	// Drain: /readyz answers 503 at once while the listener keeps serving, so
	// load balancers take the instance out before it stops accepting requests.
	srv.SetReady(false)
	logger.Info("draining", "drain_period", cfg.DrainPeriod.String())
	drain := time.NewTimer(cfg.DrainPeriod)
	defer drain.Stop()
	select {
	case err := <-serveErr:
		logger.Error("server failed", "err", err)
		return 1
	case <-drain.C:
	}

	logger.Info("shutting down", "timeout", cfg.ShutdownTimeout.String())
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
	defer cancel()
	if err := httpSrv.Shutdown(shutdownCtx); err != nil {
		logger.Error("graceful shutdown incomplete", "err", err)
		return 1
	}
	if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
		logger.Error("server failed", "err", err)
		return 1
	}
	logger.Info("stopped")
	return 0
}

// healthcheck probes the local /healthz: the HEALTHCHECK of images without curl.
func healthcheck(ctx context.Context, getenv func(string) string, stderr io.Writer) int {
	cfg, err := config.Load(getenv)
	if err != nil {
		_, _ = fmt.Fprintln(stderr, err)
		return 1
	}
	ctx, cancel := context.WithTimeout(ctx, healthcheckTimeout)
	defer cancel()
	url := "http://127.0.0.1:" + strconv.Itoa(cfg.Port) + "/healthz"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		_, _ = fmt.Fprintln(stderr, err)
		return 1
	}
	client := &http.Client{Timeout: healthcheckTimeout}
	resp, err := client.Do(req)
	if err != nil {
		_, _ = fmt.Fprintln(stderr, "healthcheck:", err)
		return 1
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		_, _ = fmt.Fprintln(stderr, "healthcheck: status", resp.StatusCode)
		return 1
	}
	return 0
}
