// Package server exposes the service over HTTP. This file holds the
// router-independent part: dependencies, endpoint logic, error mapping, the HTTP
// contract every router obeys (see the front door below) and the http.Server
// settings. routes.go binds it to net/http ServeMux.
package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"example.com/hello/pkg/clock"
	"example.com/hello/pkg/config"
	"example.com/hello/pkg/ipecho"
)

// HTTP server limits (Slowloris defence and bounded resources).
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 10 * time.Second
	WriteTimeout      = 30 * time.Second
	IdleTimeout       = 60 * time.Second
	// MaxHeaderBytes is the request-header budget (request line + header fields),
	// like common proxies: above it the answer is a 431 problem.
	MaxHeaderBytes = 32 << 10
	// HardMaxHeaderBytes is http.Server.MaxHeaderBytes. Go's server refuses
	// headers above it (plus its own 4 KiB of slack) before any handler runs,
	// with its own text/plain 431 that no handler can change.
	HardMaxHeaderBytes = 64 << 10
	// MaxBodyBytes bounds a JSON request body: above it the answer is 413.
	MaxBodyBytes = 1 << 20
)

// ProblemMediaType is the media type of every error answer (RFC 9457).
const ProblemMediaType = "application/problem+json"

// statusClientClosedRequest is logged (never sent: nobody listens) when the
// client went away before the answer.
const statusClientClosedRequest = 499

// Errors of strict JSON request bodies (see DecodeJSONObject).
var (
	ErrUnsupportedMediaType = errors.New("request body must be application/json")
	ErrBodyTooLarge         = errors.New("request body too large")
	ErrBadBody              = errors.New("request body must be exactly one JSON object")
)

// Deps are the collaborators of the endpoints; tests replace them.
type Deps struct {
	// Clock returns the current time; nil means time.Now.
	Clock func() time.Time
	// IP answers /ip; nil means ipecho.New(cfg.IPUpstreamURL, cfg.IPTimeout).
	IP *ipecho.Client
}

// Server holds the endpoints' state. Create it with New.
type Server struct {
	cfg     config.Config
	deps    Deps
	logger  *slog.Logger
	ready   atomic.Bool
	allowed map[string][]string // path -> methods, from routeList
	handler http.Handler
}

// New builds a Server; it starts ready. A nil logger discards logs.
func New(cfg config.Config, deps Deps, logger *slog.Logger) *Server {
	if deps.Clock == nil {
		deps.Clock = time.Now
	}
	if deps.IP == nil {
		deps.IP = ipecho.New(cfg.IPUpstreamURL, cfg.IPTimeout)
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{cfg: cfg, deps: deps, logger: logger, allowed: map[string][]string{}}
	for _, rt := range routeList() {
		s.allowed[rt.path] = append(s.allowed[rt.path], rt.method)
	}
	s.ready.Store(true)
	s.handler = s.frontDoor(s.routes())
	return s
}

// Handler returns the HTTP handler serving every route.
func (s *Server) Handler() http.Handler { return s.handler }

// HTTPServer returns an http.Server for Handler listening on cfg.Port, with
// timeouts set. Never use http.ListenAndServe: it has no timeouts.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Addr:              net.JoinHostPort("", strconv.Itoa(s.cfg.Port)),
		Handler:           s.handler,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    HardMaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.logger.Handler(), slog.LevelWarn),
	}
}

// SetReady switches /readyz between 200 and 503; call SetReady(false) when
// shutdown starts so load balancers stop sending traffic.
func (s *Server) SetReady(ready bool) { s.ready.Store(ready) }

// route is one method on one path. routeList is the single table the front
// door uses for 404, 405, HEAD and OPTIONS; routes.go binds the same routes.
type route struct{ method, path string }

func routeList() []route {
	routes := []route{
		{http.MethodGet, "/healthz"},
		{http.MethodGet, "/readyz"},
		{http.MethodGet, "/time"},
		{http.MethodGet, "/ip"},
	}
	return append(routes, customRouteList...)
}

// allow is the Allow header of a path: its methods, HEAD with GET, and OPTIONS.
func allow(methods []string) string {
	var out []string
	for _, m := range methods {
		out = append(out, m)
		if m == http.MethodGet {
			out = append(out, http.MethodHead)
		}
	}
	return strings.Join(append(out, http.MethodOptions), ", ")
}

// reply is a router-neutral response; write sends it.
type reply struct {
	status int
	// header holds extra response headers, e.g. Allow or Retry-After.
	header http.Header
	// value is encoded as JSON (contentType defaults to application/json)
	// unless it is nil; then raw is sent with contentType.
	value       any
	contentType string
	raw         string
}

func jsonReply(status int, value any) reply { return reply{status: status, value: value} }

// write sends the reply on any router's http.ResponseWriter.
func (rep reply) write(w http.ResponseWriter) {
	for k, v := range rep.header {
		w.Header()[k] = v
	}
	if rep.value == nil {
		w.Header().Set("Content-Type", rep.contentType)
		w.WriteHeader(rep.status)
		_, _ = io.WriteString(w, rep.raw)
		return
	}
	body, err := json.Marshal(rep.value)
	if err != nil { // only for values that cannot be JSON (a programming error)
		rep.status, rep.contentType = http.StatusInternalServerError, ProblemMediaType
		body = []byte(`{"type":"about:blank","title":"Internal Server Error","status":500}`)
	}
	ct := rep.contentType
	if ct == "" {
		ct = "application/json"
	}
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(rep.status)
	_, _ = w.Write(body)
}

// Problem is the body of every error answer: RFC 9457 problem details with the
// request id as an extension member.
type Problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail"`
	RequestID string `json:"request_id"`
}

// problem builds an error answer; detail is public, so never put causes of 5xx in it.
func problem(ctx context.Context, status int, detail string) reply {
	return reply{
		status:      status,
		contentType: ProblemMediaType,
		value: Problem{
			Type:      "about:blank",
			Title:     http.StatusText(status),
			Status:    status,
			Detail:    detail,
			RequestID: RequestID(ctx),
		},
	}
}

type statusBody struct {
	Status string `json:"status"`
}

type ipBody struct {
	IP string `json:"ip"`
}

func (s *Server) healthz() reply {
	return jsonReply(http.StatusOK, statusBody{Status: "ok"})
}

func (s *Server) readyz() reply {
	if !s.ready.Load() {
		return jsonReply(http.StatusServiceUnavailable, statusBody{Status: "shutting down"})
	}
	return jsonReply(http.StatusOK, statusBody{Status: "ready"})
}

// timeIn answers /time?tz=Area/City (clock.DefaultZone when tz is empty).
func (s *Server) timeIn(ctx context.Context, tz string) reply {
	reading, err := clock.Now(s.deps.Clock(), tz)
	if err != nil {
		return s.fail(ctx, "time", err)
	}
	return jsonReply(http.StatusOK, reading)
}

// ip answers /ip with the public address reported by the upstream.
func (s *Server) ip(ctx context.Context) reply {
	addr, err := s.deps.IP.Lookup(ctx)
	if err != nil {
		return s.fail(ctx, "ip", err)
	}
	return jsonReply(http.StatusOK, ipBody{IP: addr})
}

// DecodeJSONObject is the strict body reader of the endpoints with a body: it
// reads a request body as exactly one JSON object into dst (a
// pointer to a struct): the media type must be application/json (else
// ErrUnsupportedMediaType); the body, limited by the caller with
// http.MaxBytesReader, must fit (else ErrBodyTooLarge); null, arrays, unknown
// fields and anything after the object are refused (ErrBadBody).
func DecodeJSONObject(contentType string, body io.Reader, dst any) error {
	if mt, _, err := mime.ParseMediaType(contentType); err != nil || mt != "application/json" {
		return ErrUnsupportedMediaType
	}
	data, err := io.ReadAll(body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return fmt.Errorf("%w: at most %d bytes", ErrBodyTooLarge, tooBig.Limit)
		}
		return fmt.Errorf("%w: %w", ErrBadBody, err)
	}
	data = bytes.TrimLeft(data, " \t\r\n")
	if len(data) == 0 || data[0] != '{' {
		return fmt.Errorf("%w: not an object", ErrBadBody)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return fmt.Errorf("%w: %w", ErrBadBody, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("%w: data after the object", ErrBadBody)
	}
	return nil
}

// fail maps err to a status and a short public message; 5xx causes are logged
// but never sent to the client.
func (s *Server) fail(ctx context.Context, endpoint string, err error) reply {
	status, msg := classify(err)
	switch {
	case status == statusClientClosedRequest:
		s.logger.DebugContext(ctx, "client closed request", "endpoint", endpoint, "err", err)
	case status >= http.StatusInternalServerError:
		s.logger.ErrorContext(ctx, "request failed", "endpoint", endpoint, "status", status, "err", err)
	}
	return problem(ctx, status, msg)
}

// classify is the single error -> HTTP status table.
func classify(err error) (status int, msg string) {
	switch {
	case errors.Is(err, context.Canceled):
		return statusClientClosedRequest, "client closed request"
	case errors.Is(err, ErrUnsupportedMediaType):
		return http.StatusUnsupportedMediaType, err.Error()
	case errors.Is(err, ErrBodyTooLarge):
		return http.StatusRequestEntityTooLarge, err.Error()
	case errors.Is(err, ErrBadBody):
		return http.StatusBadRequest, err.Error()
	case errors.Is(err, clock.ErrUnknownZone):
		return http.StatusBadRequest, "unknown time zone; use an IANA name such as Asia/Tokyo"
	case errors.Is(err, ipecho.ErrTimeout):
		return http.StatusGatewayTimeout, "ip upstream timed out"
	case errors.Is(err, ipecho.ErrUpstream):
		return http.StatusBadGateway, "ip upstream failed"
	default:
		return http.StatusInternalServerError, "internal error"
	}
}

// requestIDKey is the context key of the request id.
type requestIDKey struct{}

// validRequestID is what an incoming X-Request-ID must look like to be kept.
var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,128}$`)

// RequestID returns the id of the request ctx belongs to ("" outside a request).
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// headerSize is the size of the request line and header fields as sent.
func headerSize(r *http.Request) int {
	n := len(r.Method) + len(r.RequestURI) + len(r.Proto) + 4
	n += len("Host: ") + len(r.Host) + 2
	for k, vs := range r.Header {
		for _, v := range vs {
			n += len(k) + 2 + len(v) + 2
		}
	}
	return n
}

// frontDoor is the HTTP contract, the same whatever the router (RFC 9110):
// request id, access log and panic recovery for every request; header budget
// (431); exact, case-sensitive paths without redirects (404); OPTIONS (204 +
// Allow); HEAD on every GET route; 405 + Allow for other methods. Only
// requests for a known route and method reach the router.
func (s *Server) frontDoor(router http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-ID")
		if !validRequestID.MatchString(id) {
			id = rand.Text()
		}
		w.Header().Set("X-Request-ID", id)
		r = r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id))
		rec := &statusRecorder{ResponseWriter: w}
		defer func() { s.logRequest(r, rec.status, start) }()
		defer s.recoverPanic(rec, r)

		if headerSize(r) > MaxHeaderBytes {
			problem(r.Context(), http.StatusRequestHeaderFieldsTooLarge,
				fmt.Sprintf("request header fields larger than %d bytes", MaxHeaderBytes)).write(rec)
			return
		}
		methods, ok := s.allowed[r.URL.Path]
		if !ok {
			problem(r.Context(), http.StatusNotFound, "no such resource").write(rec)
			return
		}
		allowHeader := allow(methods)
		switch {
		case r.Method == http.MethodOptions:
			rec.Header().Set("Allow", allowHeader)
			rec.WriteHeader(http.StatusNoContent)
			return
		case r.Method == http.MethodHead && hasMethod(methods, http.MethodGet):
			// The router answers as for GET; the Go server sends no body for HEAD.
			get := r.Clone(r.Context())
			get.Method = http.MethodGet
			router.ServeHTTP(rec, get)
			return
		case !hasMethod(methods, r.Method):
			rep := problem(r.Context(), http.StatusMethodNotAllowed, "method "+r.Method+" not allowed; allowed: "+allowHeader)
			rep.header = http.Header{"Allow": {allowHeader}}
			rep.write(rec)
			return
		}
		router.ServeHTTP(rec, r)
	})
}

func hasMethod(methods []string, m string) bool {
	for _, x := range methods {
		if x == m {
			return true
		}
	}
	return false
}

// notFound is the routers' own 404/405 answer; the front door normally answers first.
func notFound(ctx context.Context) reply {
	return problem(ctx, http.StatusNotFound, "no such resource")
}

// statusRecorder remembers the status code written by a handler.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// Flush supports streaming handlers.
func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// recoverPanic turns a handler panic into a logged 500 problem instead of a
// dropped connection. http.ErrAbortHandler keeps its meaning (abort silently).
func (s *Server) recoverPanic(w *statusRecorder, r *http.Request) {
	rec := recover()
	if rec == nil {
		return
	}
	if err, ok := rec.(error); ok && errors.Is(err, http.ErrAbortHandler) {
		panic(rec)
	}
	s.logger.ErrorContext(r.Context(), "panic in handler",
		"method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(rec), "stack", string(debug.Stack()))
	if w.status == 0 { // nothing sent yet
		problem(r.Context(), http.StatusInternalServerError, "internal error").write(w)
	}
}

// logRequest writes the one access-log line per request. A client that hung
// up is not a server error: logged at info with status 499.
func (s *Server) logRequest(r *http.Request, status int, start time.Time) {
	if status == 0 {
		status = http.StatusOK
	}
	attrs := []slog.Attr{
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.Int("status", status),
		slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
		slog.String("remote_addr", r.RemoteAddr),
		slog.String("request_id", RequestID(r.Context())),
	}
	if errors.Is(r.Context().Err(), context.Canceled) {
		attrs[2] = slog.Int("status", statusClientClosedRequest)
		attrs = append(attrs, slog.String("note", "client closed request"))
	}
	s.logger.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs...)
}
