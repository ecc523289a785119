package server

// The HTTP contract, the same for every router: one table of requests and the
// answers they must get (status, media type, Allow), run against a real HTTP
// server; every answer is also validated against api/openapi.yaml with
// kin-openapi. Rows for the added endpoints come from routeList, so this file
// needs no change when `go-minimal endpoint` adds one. Generator-owned.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"example.com/My.Svc/v2/pkg/config"
	"example.com/My.Svc/v2/pkg/ipecho"
)

// specFile is the contract, relative to this package.
const specFile = "../../api/openapi.yaml"

// conformanceRow is one request and what its answer must be.
type conformanceRow struct {
	method, target string
	header         map[string]string
	body           string
	status         int
	// mediaType of the answer; "" means no body at all.
	mediaType string
	// allow is the Allow header the answer must carry ("" = none checked).
	allow string
	// sameAsGET: a HEAD row must answer the status and media type of GET, without a body.
	sameAsGET bool
	// goServer: answered by Go's http.Server before any handler (not in the spec).
	goServer bool
}

const (
	mtJSON    = "application/json"
	mtProblem = ProblemMediaType
)

// conformanceRows builds the table from the fixed rows and routeList.
func conformanceRows() []conformanceRow {
	rows := []conformanceRow{
		{method: "GET", target: "/healthz", status: 200, mediaType: mtJSON},
		{method: "GET", target: "/readyz", status: 200, mediaType: mtJSON},
		{method: "GET", target: "/time", status: 200, mediaType: mtJSON},
		{method: "GET", target: "/time?tz=America/New_York", status: 200, mediaType: mtJSON},
		// a percent-encoded unreserved character names the same resource (RFC 3986 6.2.2.2)
		{method: "GET", target: "/t%69me", status: 200, mediaType: mtJSON},
		{method: "GET", target: "/time?tz=Mars/Olympus_Mons", status: 400, mediaType: mtProblem},
		{method: "GET", target: "/ip", status: 200, mediaType: mtJSON},
		{method: "GET", target: "/lua", status: 404, mediaType: mtProblem},
		{method: "GET", target: "/", status: 404, mediaType: mtProblem},
		{method: "GET", target: "/nope", status: 404, mediaType: mtProblem},
		{method: "GET", target: "//time", status: 404, mediaType: mtProblem},
		{method: "GET", target: "/./time", status: 404, mediaType: mtProblem},
		{method: "GET", target: "/nope/../time", status: 404, mediaType: mtProblem},
		{method: "HEAD", target: "/nope", status: 404, mediaType: ""},
		{method: "OPTIONS", target: "/nope", status: 404, mediaType: mtProblem},
		{method: "GET", target: "/time", header: map[string]string{"X-Request-ID": "trace-42"}, status: 200, mediaType: mtJSON},
		{method: "GET", target: "/healthz", header: map[string]string{"X-Big": strings.Repeat("a", 40<<10)}, status: 431, mediaType: mtProblem},
		// Above http.Server.MaxHeaderBytes (+ Go's 4 KiB slack) Go's server answers
		// itself, in text/plain: no handler runs, so no problem details.
		{method: "GET", target: "/healthz", header: map[string]string{"X-Big": strings.Repeat("a", HardMaxHeaderBytes+8<<10)}, status: 431, mediaType: "text/plain", goServer: true},
	}
	byPath := map[string][]string{}
	var paths []string
	for _, rt := range routeList() {
		if _, seen := byPath[rt.path]; !seen {
			paths = append(paths, rt.path)
		}
		byPath[rt.path] = append(byPath[rt.path], rt.method)
	}
	for _, path := range paths {
		methods := byPath[path]
		allowHeader := allow(methods)
		rows = append(rows,
			conformanceRow{method: "OPTIONS", target: path, status: 204, allow: allowHeader},
			conformanceRow{method: "GET", target: path + "/", status: 404, mediaType: mtProblem},
			conformanceRow{method: "GET", target: strings.ToUpper(path), status: 404, mediaType: mtProblem},
		)
		for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
			if !slices.Contains(methods, m) {
				rows = append(rows, conformanceRow{method: m, target: path, status: 405, mediaType: mtProblem, allow: allowHeader})
			}
		}
		for _, m := range methods {
			switch m {
			case "GET":
				rows = append(rows, conformanceRow{method: "HEAD", target: path, sameAsGET: true})
			case "POST", "PUT", "PATCH":
				jsonCT := map[string]string{"Content-Type": "application/json"}
				rows = append(rows,
					conformanceRow{method: m, target: path, header: map[string]string{"Content-Type": "text/plain"}, body: "{}", status: 415, mediaType: mtProblem},
					conformanceRow{method: m, target: path, body: "{}", status: 415, mediaType: mtProblem},
					conformanceRow{method: m, target: path, header: jsonCT, body: "null", status: 400, mediaType: mtProblem},
					conformanceRow{method: m, target: path, header: jsonCT, body: "[]", status: 400, mediaType: mtProblem},
					conformanceRow{method: m, target: path, header: jsonCT, body: "", status: 400, mediaType: mtProblem},
					conformanceRow{method: m, target: path, header: jsonCT, body: "{} garbage", status: 400, mediaType: mtProblem},
					conformanceRow{method: m, target: path, header: jsonCT, body: "{}{}", status: 400, mediaType: mtProblem},
					conformanceRow{method: m, target: path, header: jsonCT, body: `{"zz_unknown_field":1}`, status: 400, mediaType: mtProblem},
					conformanceRow{method: m, target: path, header: jsonCT, body: `{"zz":"` + strings.Repeat("a", MaxBodyBytes) + `"}`, status: 413, mediaType: mtProblem},
				)
			}
		}
	}
	return rows
}

// conformanceServer serves the handler the way main does: a real http.Server
// with the same limits.
func conformanceServer(t *testing.T) *httptest.Server {
	t.Helper()
	up := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"ip":"203.0.113.7"}`)
	}))
	t.Cleanup(up.Close)
	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	deps := Deps{IP: &ipecho.Client{URL: up.URL, HTTP: &http.Client{Transport: up.Client().Transport, Timeout: 5 * time.Second}}}
	hs := New(cfg, deps, nil).HTTPServer()
	ts := httptest.NewUnstartedServer(hs.Handler)
	ts.Config.ReadHeaderTimeout = hs.ReadHeaderTimeout
	ts.Config.ReadTimeout = hs.ReadTimeout
	ts.Config.WriteTimeout = hs.WriteTimeout
	ts.Config.MaxHeaderBytes = hs.MaxHeaderBytes
	ts.Start()
	t.Cleanup(ts.Close)
	return ts
}

// loadSpec loads and validates api/openapi.yaml.
func loadSpec(t *testing.T) (*openapi3.T, routers.Router) {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(specFile)
	if err != nil {
		t.Fatalf("loading %s: %v", specFile, err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatalf("%s is not a valid OpenAPI document: %v", specFile, err)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return doc, router
}

// answer is a response with its body read.
type answer struct {
	resp *http.Response
	body []byte
}

func send(t *testing.T, client *http.Client, base string, row conformanceRow, method string) (*http.Request, answer) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, base+row.target, strings.NewReader(row.body))
	if err != nil {
		t.Fatal(err)
	}
	if row.body == "" {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	for k, v := range row.header {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, row.target, err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, row.target, err)
	}
	return req, answer{resp: resp, body: body}
}

func mediaTypeOf(h http.Header) string {
	mt, _, _ := strings.Cut(h.Get("Content-Type"), ";")
	return strings.TrimSpace(mt)
}

func TestConformance(t *testing.T) {
	doc, router := loadSpec(t)
	ts := conformanceServer(t)
	client := ts.Client()
	rows := conformanceRows()
	for i, row := range rows {
		name := fmt.Sprintf("%03d %s %s %d", i, row.method, row.target, row.status)
		if len(name) > 80 {
			name = name[:80]
		}
		t.Run(name, func(t *testing.T) {
			req, got := send(t, client, ts.URL, row, row.method)
			status, mediaType := row.status, row.mediaType
			if row.sameAsGET {
				_, get := send(t, client, ts.URL, row, http.MethodGet)
				status, mediaType = get.resp.StatusCode, mediaTypeOf(get.resp.Header)
				if cl := got.resp.Header.Get("Content-Length"); cl != "" && cl != get.resp.Header.Get("Content-Length") {
					t.Errorf("HEAD Content-Length %s, GET %s", cl, get.resp.Header.Get("Content-Length"))
				}
			}
			if got.resp.StatusCode != status {
				t.Fatalf("status %d, want %d; body %s", got.resp.StatusCode, status, got.body)
			}
			if row.method == http.MethodHead {
				if len(got.body) != 0 {
					t.Errorf("HEAD answered a body: %q", got.body)
				}
			} else if mt := mediaTypeOf(got.resp.Header); (len(got.body) > 0 || mediaType != "") && mt != mediaType {
				t.Errorf("media type %q, want %q", mt, mediaType)
			}
			if row.allow != "" && got.resp.Header.Get("Allow") != row.allow {
				t.Errorf("Allow %q, want %q", got.resp.Header.Get("Allow"), row.allow)
			}
			if row.goServer {
				return // Go's own answer: documented in README, not part of the contract's schema
			}
			id := got.resp.Header.Get("X-Request-ID")
			if want := row.header["X-Request-ID"]; want != "" && id != want {
				t.Errorf("X-Request-ID %q, want the caller's %q", id, want)
			}
			if mediaType == mtProblem && row.method != http.MethodHead {
				checkProblem(t, doc, got, id)
			}
			validate(t, router, req, got)
		})
	}
	t.Logf("conformance: %d rows against %s", len(rows), specFile)
}

// checkProblem: RFC 9457 fields, the status and request id of the answer.
func checkProblem(t *testing.T, doc *openapi3.T, got answer, id string) {
	t.Helper()
	var p map[string]any
	if err := json.Unmarshal(got.body, &p); err != nil {
		t.Fatalf("problem body is not JSON: %v: %s", err, got.body)
	}
	if err := doc.Components.Schemas["Problem"].Value.VisitJSON(p, openapi3.EnableJSONSchema2020()); err != nil {
		t.Errorf("problem does not match the Problem schema: %v", err)
	}
	if p["status"] != float64(got.resp.StatusCode) || p["request_id"] != id {
		t.Errorf("problem %v: want status %d and request_id %q", p, got.resp.StatusCode, id)
	}
}

// validate checks the answer against the operation of the spec it belongs to;
// a request without an operation (unknown path or method) must be a problem.
func validate(t *testing.T, router routers.Router, req *http.Request, got answer) {
	t.Helper()
	route, params, err := router.FindRoute(req)
	if err != nil { // no such path or method in the spec
		if got.resp.StatusCode != http.StatusNotFound && got.resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("no operation in the spec for %s %s (%v), yet it answered %d", req.Method, req.URL.Path, err, got.resp.StatusCode)
		}
		return
	}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 got.resp.StatusCode,
		Header:                 got.resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(got.body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(req.Context(), input); err != nil {
		t.Errorf("answer does not match %s: %v", specFile, err)
	}
}

// TestSpecCoversRoutes: api/openapi.yaml and routeList describe the same routes.
func TestSpecCoversRoutes(t *testing.T) {
	doc, _ := loadSpec(t)
	want := map[string]bool{}
	for _, rt := range routeList() {
		want[rt.method+" "+rt.path] = true
	}
	got := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			if method != http.MethodHead && method != http.MethodOptions {
				got[method+" "+path] = true
			}
		}
	}
	for r := range want {
		if !got[r] {
			t.Errorf("%s is served but missing from %s", r, specFile)
		}
	}
	for r := range got {
		if !want[r] {
			t.Errorf("%s is in %s but not served", r, specFile)
		}
	}
}
