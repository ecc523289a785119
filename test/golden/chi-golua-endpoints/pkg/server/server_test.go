package server_test

// These tests go through Handler() only, so they are the same for every router.

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"example.com/chisvc/pkg/config"
	"example.com/chisvc/pkg/ipecho"
	"example.com/chisvc/pkg/luarun"
	"example.com/chisvc/pkg/server"
	"example.com/chisvc/scripts"
)

// fixedNow is 2024-01-02 03:04:05 UTC (winter: New York is UTC-5).
var fixedNow = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

// testConfig is the default configuration.
func testConfig(t *testing.T) config.Config {
	t.Helper()
	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// upstream starts a TLS "what is my IP" server and returns a client trusting it.
func upstream(t *testing.T, h http.HandlerFunc, timeout time.Duration) *ipecho.Client {
	t.Helper()
	srv := httptest.NewTLSServer(h)
	t.Cleanup(srv.Close)
	return &ipecho.Client{URL: srv.URL, HTTP: &http.Client{Transport: srv.Client().Transport, Timeout: timeout}}
}

func ipAnswer(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"ip":"203.0.113.7"}`)
}

// newServer builds a Server with a fixed clock and the given IP client.
func newServer(t *testing.T, ip *ipecho.Client) *server.Server {
	t.Helper()
	deps := server.Deps{Clock: func() time.Time { return fixedNow }, IP: ip}
	runner, err := luarun.New(scripts.FS, luarun.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(runner.Close)
	deps.Lua = runner
	return server.New(testConfig(t), deps, nil)
}

// get performs one request through the handler.
func get(t *testing.T, s *server.Server, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequestWithContext(context.Background(), method, target, nil)
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	return rec
}

// decode checks the status and JSON content type, then decodes the body.
func decode(t *testing.T, rec *httptest.ResponseRecorder, wantStatus int) map[string]any {
	t.Helper()
	if rec.Code != wantStatus {
		t.Fatalf("status = %d, want %d; body %s", rec.Code, wantStatus, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("body %q is not a JSON object: %v", rec.Body, err)
	}
	return body
}

// decodeProblem checks an RFC 9457 error answer and returns its body.
func decodeProblem(t *testing.T, rec *httptest.ResponseRecorder, wantStatus int) map[string]any {
	t.Helper()
	if rec.Code != wantStatus {
		t.Fatalf("status = %d, want %d; body %s", rec.Code, wantStatus, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != server.ProblemMediaType {
		t.Errorf("Content-Type = %q, want %s", ct, server.ProblemMediaType)
	}
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("body %q is not a JSON object: %v", rec.Body, err)
	}
	if body["status"] != float64(wantStatus) || body["title"] != http.StatusText(wantStatus) || body["type"] != "about:blank" {
		t.Errorf("problem = %v, want status %d", body, wantStatus)
	}
	if id := rec.Header().Get("X-Request-ID"); id == "" || body["request_id"] != id {
		t.Errorf("request_id = %v, X-Request-ID = %q: want the same non-empty id", body["request_id"], id)
	}
	return body
}

func TestHealthz(t *testing.T) {
	s := newServer(t, nil)
	body := decode(t, get(t, s, http.MethodGet, "/healthz"), http.StatusOK)
	if body["status"] != "ok" {
		t.Errorf("body = %v", body)
	}
}

func TestReadyz(t *testing.T) {
	s := newServer(t, nil)
	body := decode(t, get(t, s, http.MethodGet, "/readyz"), http.StatusOK)
	if body["status"] != "ready" {
		t.Errorf("body = %v", body)
	}
	s.SetReady(false)
	body = decode(t, get(t, s, http.MethodGet, "/readyz"), http.StatusServiceUnavailable)
	if body["status"] != "shutting down" {
		t.Errorf("body = %v", body)
	}
	// Liveness does not depend on readiness.
	decode(t, get(t, s, http.MethodGet, "/healthz"), http.StatusOK)
}

func TestTime(t *testing.T) {
	tests := []struct {
		target, zone, offset, time string
	}{
		{"/time", "Asia/Tokyo", "+09:00", "2024-01-02T12:04:05+09:00"},
		{"/time?tz=America/New_York", "America/New_York", "-05:00", "2024-01-01T22:04:05-05:00"},
		{"/time?tz=UTC", "UTC", "+00:00", "2024-01-02T03:04:05Z"},
	}
	s := newServer(t, nil)
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			body := decode(t, get(t, s, http.MethodGet, tt.target), http.StatusOK)
			if body["zone"] != tt.zone || body["offset"] != tt.offset || body["time"] != tt.time ||
				body["unix"] != float64(fixedNow.Unix()) {
				t.Errorf("body = %v, want zone %s offset %s time %s", body, tt.zone, tt.offset, tt.time)
			}
		})
	}
}

func TestTimeUnknownZone(t *testing.T) {
	s := newServer(t, nil)
	for _, target := range []string{"/time?tz=Not/AZone", "/time?tz=Local", "/time?tz=../../etc/passwd"} {
		body := decodeProblem(t, get(t, s, http.MethodGet, target), http.StatusBadRequest)
		if msg, _ := body["detail"].(string); !strings.Contains(msg, "zone") {
			t.Errorf("%s: body = %v, want an error message", target, body)
		}
	}
}

func TestWrongMethodAndPath(t *testing.T) {
	s := newServer(t, nil)
	rec := get(t, s, http.MethodPost, "/time")
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /time status = %d, want 405", rec.Code)
	}
	if allow := rec.Header().Get("Allow"); !strings.Contains(allow, http.MethodGet) {
		t.Errorf("POST /time Allow = %q, want it to list GET", allow)
	}
	decodeProblem(t, rec, http.StatusMethodNotAllowed)
	for _, target := range []string{"/nope", "/time/", "//time", "/TIME"} {
		decodeProblem(t, get(t, s, http.MethodGet, target), http.StatusNotFound)
	}
}

// TestRequestID: a valid incoming X-Request-ID is kept, anything else replaced.
func TestRequestID(t *testing.T) {
	s := newServer(t, nil)
	for _, tt := range []struct {
		in   string
		keep bool
	}{
		{"abc-123_X.y", true},
		{strings.Repeat("a", 128), true},
		{strings.Repeat("a", 129), false},
		{"has space", false},
		{"", false},
	} {
		req := httptest.NewRequestWithContext(context.Background(), http.MethodGet, "/healthz", nil)
		if tt.in != "" {
			req.Header.Set("X-Request-ID", tt.in)
		}
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		got := rec.Header().Get("X-Request-ID")
		if (got == tt.in) != tt.keep || got == "" {
			t.Errorf("X-Request-ID %q answered %q, want kept=%v", tt.in, got, tt.keep)
		}
	}
}

// TestPanicRecovery: a panicking handler answers a JSON 500 instead of
// dropping the connection or killing the process.
func TestPanicRecovery(t *testing.T) {
	deps := server.Deps{Clock: func() time.Time { panic("clock is broken") }}
	s := server.New(testConfig(t), deps, nil)
	body := decodeProblem(t, get(t, s, http.MethodGet, "/time"), http.StatusInternalServerError)
	if body["detail"] != "internal error" {
		t.Errorf("body = %v", body)
	}
	// The server keeps serving.
	decode(t, get(t, s, http.MethodGet, "/healthz"), http.StatusOK)
}

func TestIP(t *testing.T) {
	s := newServer(t, upstream(t, ipAnswer, time.Second))
	body := decode(t, get(t, s, http.MethodGet, "/ip"), http.StatusOK)
	if body["ip"] != "203.0.113.7" {
		t.Errorf("body = %v", body)
	}
}

func TestIPUpstreamFailures(t *testing.T) {
	failing := func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "secret internal detail", http.StatusInternalServerError)
	}
	// slow answers after 5 s; if the client gives up first it drops the connection
	// without an answer (replying then would race with the client's own timeout).
	slow := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
			panic(http.ErrAbortHandler)
		case <-time.After(5 * time.Second):
		}
		ipAnswer(w, r)
	}
	untrusting := func(t *testing.T) *ipecho.Client {
		// A client with the system roots only: the test CA is unknown to it.
		c := upstream(t, ipAnswer, time.Second)
		return ipecho.New(c.URL, time.Second)
	}
	tests := []struct {
		name   string
		client func(t *testing.T) *ipecho.Client
		want   int
	}{
		{"upstream 500", func(t *testing.T) *ipecho.Client { return upstream(t, failing, time.Second) }, http.StatusBadGateway},
		{"upstream too slow", func(t *testing.T) *ipecho.Client { return upstream(t, slow, 50*time.Millisecond) }, http.StatusGatewayTimeout},
		{"untrusted certificate", untrusting, http.StatusBadGateway},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t, tt.client(t))
			rec := get(t, s, http.MethodGet, "/ip")
			body := decodeProblem(t, rec, tt.want)
			if msg, _ := body["detail"].(string); msg == "" || strings.Contains(rec.Body.String(), "secret") {
				t.Errorf("body = %s, want a short error without upstream details", rec.Body)
			}
		})
	}
}

func TestLua(t *testing.T) {
	s := newServer(t, nil)
	rec := get(t, s, http.MethodGet, "/lua")
	if rec.Code != http.StatusOK || rec.Body.String() != "hello world" {
		t.Errorf("GET /lua = %d %q, want 200 \"hello world\"", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type = %q, want text/plain", ct)
	}
	body := decode(t, get(t, s, http.MethodGet, "/lua?name=gopher"), http.StatusOK)
	if body["hello"] != "gopher" {
		t.Errorf("GET /lua?name=gopher body = %v", body)
	}
}

// TestClientHangUp: a client that went away is not a server error: no ERROR
// log line, and the access log says 499 at info level.
func TestClientHangUp(t *testing.T) {
	var logs bytes.Buffer
	deps := server.Deps{IP: upstream(t, ipAnswer, time.Second)}
	s := server.New(testConfig(t), deps, slog.New(slog.NewJSONHandler(&logs, nil)))
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the client is gone before the upstream answers
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/ip", nil)
	s.Handler().ServeHTTP(httptest.NewRecorder(), req)
	if strings.Contains(logs.String(), `"level":"ERROR"`) {
		t.Errorf("client hang-up logged as an error:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), `"status":499`) || !strings.Contains(logs.String(), `"note":"client closed request"`) {
		t.Errorf("access log lacks status 499 and the note:\n%s", logs.String())
	}
}
