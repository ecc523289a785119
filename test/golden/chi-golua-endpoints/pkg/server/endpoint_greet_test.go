package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"example.com/chisvc/pkg/config"
)

// TestEndpointGreet checks GET /greet through the full handler,
// whatever the router.
func TestEndpointGreet(t *testing.T) {
	srv := New(config.Config{}, Deps{}, nil)
	req := httptest.NewRequestWithContext(t.Context(), "GET", "/greet", nil)
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, req)

	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, want 200; body %s", rec.Code, rec.Body)
	}
	var got map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatalf("body is not JSON: %v: %s", err, rec.Body)
	}
	if got["endpoint"] != "greet" {
		t.Errorf("endpoint = %v, want greet", got["endpoint"])
	}
}
