package config_test

import (
	"strings"
	"testing"
	"time"

	"example.com/chisvc/pkg/config"
)

// env turns a map into a getenv function.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadDefaults(t *testing.T) {
	cfg, err := config.Load(env(nil))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	want := config.Config{
		Port:            8080,
		IPUpstreamURL:   "https://api.ipify.org?format=json",
		IPTimeout:       5 * time.Second,
		DrainPeriod:     3 * time.Second,
		ShutdownTimeout: 5 * time.Second,
		LuaTimeout:      time.Second,
		LuaMemoryMiB:    config.DefaultLuaMemoryMiB,
		LuaConcurrency:  config.DefaultLuaConcurrency,
		LuaQueue:        config.DefaultLuaQueue,
	}
	if cfg != want {
		t.Errorf("Load() = %+v, want %+v", cfg, want)
	}
}

func TestLoadOverrides(t *testing.T) {
	cfg, err := config.Load(env(map[string]string{
		"PORT":             "9090",
		"IP_UPSTREAM_URL":  "http://127.0.0.1:1234/ip",
		"IP_TIMEOUT":       "750ms",
		"SHUTDOWN_TIMEOUT": "20s",
		"DRAIN_PERIOD":     "0s",
		"LUA_TIMEOUT":      "200ms",
		"LUA_MEMORY":       "8",
		"LUA_CONCURRENCY":  "3",
		"LUA_QUEUE":        "0",
	}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if cfg.Port != 9090 || cfg.IPUpstreamURL != "http://127.0.0.1:1234/ip" ||
		cfg.IPTimeout != 750*time.Millisecond || cfg.ShutdownTimeout != 20*time.Second || cfg.DrainPeriod != 0 {
		t.Errorf("Load() = %+v", cfg)
	}
	if cfg.LuaTimeout != 200*time.Millisecond {
		t.Errorf("LuaTimeout = %v, want 200ms", cfg.LuaTimeout)
	}
	if cfg.LuaMemoryMiB != 8 || cfg.LuaConcurrency != 3 || cfg.LuaQueue != 0 {
		t.Errorf("Lua memory/concurrency/queue = %d/%d/%d, want 8/3/0", cfg.LuaMemoryMiB, cfg.LuaConcurrency, cfg.LuaQueue)
	}
}

func TestLoadRejects(t *testing.T) {
	tests := []struct {
		key, value string
	}{
		{"PORT", "0"},
		{"PORT", "65536"},
		{"PORT", "-1"},
		{"PORT", "http"},
		{"IP_UPSTREAM_URL", "ftp://example.com"},
		{"IP_UPSTREAM_URL", "api.ipify.org"},
		{"IP_UPSTREAM_URL", "https://"},
		{"IP_TIMEOUT", "5"},
		{"IP_TIMEOUT", "-1s"},
		{"IP_TIMEOUT", "1h"},
		{"SHUTDOWN_TIMEOUT", "0s"},
		{"DRAIN_PERIOD", "-1s"},
		{"DRAIN_PERIOD", "1h"},
		{"LUA_TIMEOUT", "soon"},
		{"LUA_MEMORY", "0"},
		{"LUA_MEMORY", "65"},
		{"LUA_CONCURRENCY", "0"},
		{"LUA_CONCURRENCY", "many"},
		{"LUA_QUEUE", "-1"},
	}
	for _, tt := range tests {
		t.Run(tt.key+"="+tt.value, func(t *testing.T) {
			_, err := config.Load(env(map[string]string{tt.key: tt.value}))
			if err == nil {
				t.Fatalf("Load(%s=%q) succeeded, want an error", tt.key, tt.value)
			}
			if !strings.Contains(err.Error(), tt.key) {
				t.Errorf("error %q does not name %s", err, tt.key)
			}
		})
	}
}

func TestLoadReportsAllErrors(t *testing.T) {
	_, err := config.Load(env(map[string]string{"PORT": "x", "IP_TIMEOUT": "y"}))
	if err == nil {
		t.Fatal("Load succeeded, want an error")
	}
	for _, key := range []string{"PORT", "IP_TIMEOUT"} {
		if !strings.Contains(err.Error(), key) {
			t.Errorf("error %q does not name %s", err, key)
		}
	}
}
