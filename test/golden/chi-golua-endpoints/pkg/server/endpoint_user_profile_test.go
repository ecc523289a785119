package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"example.com/chisvc/pkg/config"
)

// TestEndpointUserProfile checks PUT /v1/user-profile through the full handler,
// whatever the router.
func TestEndpointUserProfile(t *testing.T) {
	srv := New(config.Config{}, Deps{}, nil)
	req := httptest.NewRequestWithContext(t.Context(), "PUT", "/v1/user-profile", strings.NewReader(`{"name":"gopher"}`))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, req)

	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, want 200; body %s", rec.Code, rec.Body)
	}
	var got map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatalf("body is not JSON: %v: %s", err, rec.Body)
	}
	if got["endpoint"] != "user-profile" {
		t.Errorf("endpoint = %v, want user-profile", got["endpoint"])
	}
	received, _ := got["received"].(map[string]any)
	if received["name"] != "gopher" {
		t.Errorf("received = %v, want the posted object back", got["received"])
	}

	for _, bad := range []struct {
		contentType, body string
		want              int
	}{
		{"application/json", "not json", http.StatusBadRequest},
		{"application/json", "null", http.StatusBadRequest},
		{"application/json", `{"name":"gopher"} trailing`, http.StatusBadRequest},
		{"application/json", `{"unknown":1}`, http.StatusBadRequest},
		{"text/plain", `{"name":"gopher"}`, http.StatusUnsupportedMediaType},
	} {
		req := httptest.NewRequestWithContext(t.Context(), "PUT", "/v1/user-profile", strings.NewReader(bad.body))
		req.Header.Set("Content-Type", bad.contentType)
		rec = httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		if rec.Code != bad.want || rec.Header().Get("Content-Type") != ProblemMediaType {
			t.Errorf("%s %q: %d %s, want %d problem", bad.contentType, bad.body, rec.Code, rec.Header().Get("Content-Type"), bad.want)
		}
	}
}
