// Package config reads the service configuration from environment variables.
package config

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// Defaults used when the corresponding environment variable is empty.
const (
	DefaultPort            = 8080
	DefaultIPUpstreamURL   = "https://api.ipify.org?format=json"
	DefaultIPTimeout       = 5 * time.Second
	DefaultShutdownTimeout = 5 * time.Second
	DefaultDrainPeriod     = 3 * time.Second
	DefaultLuaTimeout      = 1 * time.Second
	// Lua memory and admission: LuaConcurrency x LuaMemoryMiB stays well inside
	// the container memory limit of deploy/k8s and compose.yaml (see the README).
	DefaultLuaMemoryMiB = 16
	// DefaultLuaConcurrency 0: automatic, min(4, GOMAXPROCS-1)
	// (luarun.AutoConcurrency).
	DefaultLuaConcurrency = 0
	DefaultLuaQueue       = 8
)

// MaxRequestTimeout caps the timeouts spent inside a request. It stays below the
// HTTP server's 30 s WriteTimeout so a slow dependency still gets a proper answer.
const MaxRequestTimeout = 25 * time.Second

// Config is the complete service configuration.
type Config struct {
	// Port is the TCP port the HTTP server listens on (PORT).
	Port int
	// IPUpstreamURL is the http(s) URL answering with the caller's public IP (IP_UPSTREAM_URL).
	IPUpstreamURL string
	// IPTimeout bounds one call to IPUpstreamURL (IP_TIMEOUT).
	IPTimeout time.Duration
	// DrainPeriod is how long the listener keeps serving after SIGTERM while
	// /readyz answers 503, so load balancers stop sending traffic (DRAIN_PERIOD, may be 0s).
	DrainPeriod time.Duration
	// ShutdownTimeout bounds the graceful shutdown after the drain period (SHUTDOWN_TIMEOUT).
	ShutdownTimeout time.Duration
	// LuaTimeout bounds one Lua script run (LUA_TIMEOUT).
	LuaTimeout time.Duration
	// LuaMemoryMiB is the memory budget of one Lua run in MiB (LUA_MEMORY).
	LuaMemoryMiB int
	// LuaConcurrency is the number of Lua runs executing at once
	// (LUA_CONCURRENCY); 0 means automatic (luarun.AutoConcurrency).
	LuaConcurrency int
	// LuaQueue is the number of Lua runs waiting for a slot (LUA_QUEUE); beyond
	// it /lua answers 503.
	LuaQueue int
}

// Load builds a Config from getenv (os.Getenv in production), applying defaults
// to empty variables. It reports every invalid variable at once.
func Load(getenv func(string) string) (Config, error) {
	var errs []error
	collect := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}

	cfg := Config{}
	var err error
	cfg.Port, err = port(getenv("PORT"))
	collect(err)
	cfg.IPUpstreamURL, err = upstreamURL(getenv("IP_UPSTREAM_URL"))
	collect(err)
	cfg.IPTimeout, err = duration("IP_TIMEOUT", getenv("IP_TIMEOUT"), DefaultIPTimeout, MaxRequestTimeout)
	collect(err)
	cfg.DrainPeriod, err = drain(getenv("DRAIN_PERIOD"))
	collect(err)
	cfg.ShutdownTimeout, err = duration("SHUTDOWN_TIMEOUT", getenv("SHUTDOWN_TIMEOUT"), DefaultShutdownTimeout, 0)
	collect(err)
	cfg.LuaTimeout, err = duration("LUA_TIMEOUT", getenv("LUA_TIMEOUT"), DefaultLuaTimeout, MaxRequestTimeout)
	collect(err)
	cfg.LuaMemoryMiB, err = integer("LUA_MEMORY", getenv("LUA_MEMORY"), DefaultLuaMemoryMiB, 1, 64)
	collect(err)
	cfg.LuaConcurrency, err = integer("LUA_CONCURRENCY", getenv("LUA_CONCURRENCY"), DefaultLuaConcurrency, 1, 1024)
	collect(err)
	cfg.LuaQueue, err = integer("LUA_QUEUE", getenv("LUA_QUEUE"), DefaultLuaQueue, 0, 4096)
	collect(err)

	if len(errs) > 0 {
		return Config{}, fmt.Errorf("config: %w", errors.Join(errs...))
	}
	return cfg, nil
}

func port(raw string) (int, error) {
	if raw == "" {
		return DefaultPort, nil
	}
	p, err := strconv.Atoi(raw)
	if err != nil || p < 1 || p > 65535 {
		return 0, fmt.Errorf("PORT=%q: want an integer between 1 and 65535", raw)
	}
	return p, nil
}

func upstreamURL(raw string) (string, error) {
	if raw == "" {
		return DefaultIPUpstreamURL, nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("IP_UPSTREAM_URL=%q: want an absolute http or https URL", raw)
	}
	return raw, nil
}

// duration parses a Go duration ("1500ms", "5s"). It must be positive and,
// when limit is non-zero, at most limit.
func duration(name, raw string, def, limit time.Duration) (time.Duration, error) {
	if raw == "" {
		return def, nil
	}
	d, err := time.ParseDuration(raw)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s=%q: want a positive duration such as 500ms or 5s", name, raw)
	}
	if limit > 0 && d > limit {
		return 0, fmt.Errorf("%s=%q: must not exceed %s", name, raw, limit)
	}
	return d, nil
}

// drain parses DRAIN_PERIOD: a duration from 0s up to MaxRequestTimeout.
func drain(raw string) (time.Duration, error) {
	if raw == "" {
		return DefaultDrainPeriod, nil
	}
	d, err := time.ParseDuration(raw)
	if err != nil || d < 0 || d > MaxRequestTimeout {
		return 0, fmt.Errorf("DRAIN_PERIOD=%q: want a duration from 0s to %s", raw, MaxRequestTimeout)
	}
	return d, nil
}

// integer parses a decimal integer between lo and hi.
func integer(name, raw string, def, lo, hi int) (int, error) {
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("%s=%q: want an integer between %d and %d", name, raw, lo, hi)
	}
	return n, nil
}
