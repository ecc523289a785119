package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// envWith returns a getenv serving only the given variables.
func envWith(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// portOf returns the port of an httptest server URL.
func portOf(t *testing.T, rawURL string) string {
	t.Helper()
	_, port, err := net.SplitHostPort(strings.TrimPrefix(rawURL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	return port
}

func TestHealthcheck(t *testing.T) {
	tests := []struct {
		name   string
		status int
		want   int
	}{
		{"healthy", http.StatusOK, 0},
		{"unhealthy", http.StatusServiceUnavailable, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/healthz" {
					http.NotFound(w, r)
					return
				}
				w.WriteHeader(tt.status)
			}))
			defer srv.Close()
			var stderr bytes.Buffer
			env := envWith(map[string]string{"PORT": portOf(t, srv.URL)})
			if got := run(context.Background(), []string{"healthcheck"}, env, &bytes.Buffer{}, &stderr); got != tt.want {
				t.Errorf("healthcheck = %d, want %d (stderr: %s)", got, tt.want, stderr.String())
			}
		})
	}
}

func TestHealthcheckNoServer(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	port := portOf(t, srv.URL)
	srv.Close()
	env := envWith(map[string]string{"PORT": port})
	if got := run(context.Background(), []string{"healthcheck"}, env, &bytes.Buffer{}, &bytes.Buffer{}); got != 1 {
		t.Errorf("healthcheck with nothing listening = %d, want 1", got)
	}
}

func TestHealthcheckBadConfig(t *testing.T) {
	env := envWith(map[string]string{"PORT": "not-a-port"})
	if got := run(context.Background(), []string{"healthcheck"}, env, &bytes.Buffer{}, &bytes.Buffer{}); got != 1 {
		t.Errorf("healthcheck with PORT=not-a-port = %d, want 1", got)
	}
}

func TestVersion(t *testing.T) {
	var stdout bytes.Buffer
	if got := run(context.Background(), []string{"version"}, envWith(nil), &stdout, &bytes.Buffer{}); got != 0 {
		t.Fatalf("version = %d, want 0", got)
	}
	if want := version + " " + commit + "\n"; stdout.String() != want {
		t.Errorf("version printed %q, want %q", stdout.String(), want)
	}
}

func TestUnknownCommand(t *testing.T) {
	var stderr bytes.Buffer
	if got := run(context.Background(), []string{"frobnicate"}, envWith(nil), &bytes.Buffer{}, &stderr); got != 2 {
		t.Errorf("unknown command = %d, want 2", got)
	}
	if !strings.Contains(stderr.String(), `unknown command "frobnicate"`) || !strings.Contains(stderr.String(), "usage:") {
		t.Errorf("stderr = %q, want the command name and usage", stderr.String())
	}
}

func TestServeBadConfig(t *testing.T) {
	var stdout bytes.Buffer
	env := envWith(map[string]string{"PORT": "70000"})
	if got := run(context.Background(), nil, env, &stdout, &bytes.Buffer{}); got != 1 {
		t.Errorf("serve with PORT=70000 = %d, want 1", got)
	}
	if !strings.Contains(stdout.String(), `"level":"ERROR"`) {
		t.Errorf("stdout = %q, want a JSON error log line", stdout.String())
	}
}

// TestServeAndShutdown starts the real server on a free port, probes it with the
// healthcheck command, then cancels the context (as SIGTERM does) and expects exit 0.
func TestServeAndShutdown(t *testing.T) {
	l, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	_ = l.Close()

	env := envWith(map[string]string{"PORT": port, "SHUTDOWN_TIMEOUT": "2s", "DRAIN_PERIOD": "0s"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout bytes.Buffer // written by serve's goroutines; read only after it returns
	done := make(chan int, 1)
	go func() { done <- run(ctx, nil, env, &stdout, &bytes.Buffer{}) }()

	deadline := time.Now().Add(5 * time.Second)
	for run(context.Background(), []string{"healthcheck"}, env, &bytes.Buffer{}, &bytes.Buffer{}) != 0 {
		select {
		case code := <-done:
			t.Fatalf("serve exited early with %d; logs:\n%s", code, stdout.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("server did not become healthy within 5s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d, want 0; logs:\n%s", code, stdout.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not stop within 5s of cancellation")
	}
	for _, msg := range []string{`"msg":"starting"`, `"msg":"request"`, `"msg":"shutting down"`, `"msg":"stopped"`} {
		if !strings.Contains(stdout.String(), msg) {
			t.Errorf("logs lack %s:\n%s", msg, stdout.String())
		}
	}
}

// statusOf answers the status of GET url ("0" when nothing answers).
func statusOf(url string) int {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	_ = resp.Body.Close()
	return resp.StatusCode
}

// TestDrain: after the signal /readyz answers 503 at once while the listener
// keeps serving for DRAIN_PERIOD; then the server stops and serve returns 0.
func TestDrain(t *testing.T) {
	l, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	_ = l.Close()
	base := "http://127.0.0.1:" + port

	env := envWith(map[string]string{"PORT": port, "DRAIN_PERIOD": "3s", "SHUTDOWN_TIMEOUT": "2s"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout bytes.Buffer // read only after serve returns
	done := make(chan int, 1)
	go func() { done <- run(ctx, nil, env, &stdout, &bytes.Buffer{}) }()

	deadline := time.Now().Add(10 * time.Second)
	for statusOf(base+"/readyz") != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatal("not ready within 10s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	signalled := time.Now()
	for statusOf(base+"/readyz") != http.StatusServiceUnavailable {
		if time.Since(signalled) > 2*time.Second {
			t.Fatal("/readyz did not answer 503 within 2s of the signal")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// Still serving while draining (the drain lasts 3s; this is well inside it).
	if got := statusOf(base + "/time"); got != http.StatusOK && time.Since(signalled) < 2*time.Second {
		t.Errorf("GET /time during the drain = %d, want 200", got)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d, want 0; logs:\n%s", code, stdout.String())
		}
		if waited := time.Since(signalled); waited < 2*time.Second {
			t.Errorf("serve returned %v after the signal, before the 3s drain period", waited)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop within 15s of the signal")
	}
	if !strings.Contains(stdout.String(), `"msg":"draining"`) {
		t.Errorf("logs lack the drain:\n%s", stdout.String())
	}
}
