package ipecho

import (
	"context"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// upstream starts a TLS test server and returns a Client trusting its certificate.
func upstream(t *testing.T, h http.HandlerFunc, timeout time.Duration) *Client {
	t.Helper()
	srv := httptest.NewTLSServer(h)
	t.Cleanup(srv.Close)
	return &Client{
		URL:  srv.URL,
		HTTP: &http.Client{Transport: srv.Client().Transport, Timeout: timeout},
	}
}

func reply(contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write([]byte(body))
	}
}

func TestLookupAccepts(t *testing.T) {
	tests := []struct {
		name, contentType, body, want string
	}{
		{"json", "application/json", `{"ip":"203.0.113.7"}`, "203.0.113.7"},
		{"json with spaces", "application/json", " {\"ip\": \"203.0.113.7\"}\n", "203.0.113.7"},
		{"text", "text/plain", "198.51.100.1\n", "198.51.100.1"},
		{"ipv6 canonicalised", "text/plain", "2001:DB8:0:0::1", "2001:db8::1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := upstream(t, reply(tt.contentType, tt.body), time.Second)
			got, err := c.Lookup(context.Background())
			if err != nil {
				t.Fatalf("Lookup: %v", err)
			}
			if got != tt.want {
				t.Errorf("Lookup() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLookupRejectsBadAnswers(t *testing.T) {
	tests := []struct {
		name, body string
	}{
		{"empty", ""},
		{"not an ip", "hello"},
		{"broken json", `{"ip":`},
		{"json without ip", `{"address":"203.0.113.7"}`},
		{"zone", "fe80::1%eth0"},
		{"too large", strings.Repeat(" ", MaxBodySize) + "203.0.113.7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := upstream(t, reply("text/plain", tt.body), time.Second)
			_, err := c.Lookup(context.Background())
			if !errors.Is(err, ErrUpstream) || errors.Is(err, ErrTimeout) {
				t.Errorf("Lookup() error = %v, want ErrUpstream", err)
			}
		})
	}
}

func TestLookupStatus(t *testing.T) {
	c := upstream(t, func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	}, time.Second)
	_, err := c.Lookup(context.Background())
	var ue *UpstreamError
	if !errors.As(err, &ue) || ue.StatusCode != http.StatusInternalServerError {
		t.Fatalf("Lookup() error = %v, want *UpstreamError{500}", err)
	}
	if !errors.Is(err, ErrUpstream) {
		t.Errorf("errors.Is(%v, ErrUpstream) = false", err)
	}
}

// slow answers after 5 s. If the client gives up first, it drops the connection
// without an answer: replying then would race with the client's own timeout.
func slow(w http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
		panic(http.ErrAbortHandler)
	case <-time.After(5 * time.Second):
	}
	_, _ = w.Write([]byte("203.0.113.7"))
}

func TestLookupClientTimeout(t *testing.T) {
	c := upstream(t, slow, 50*time.Millisecond)
	_, err := c.Lookup(context.Background())
	if !errors.Is(err, ErrTimeout) {
		t.Errorf("Lookup() error = %v, want ErrTimeout", err)
	}
}

func TestLookupContextDeadline(t *testing.T) {
	c := upstream(t, slow, 5*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.Lookup(ctx)
	if !errors.Is(err, ErrTimeout) {
		t.Errorf("Lookup() error = %v, want ErrTimeout", err)
	}
}

// TestLookupVerifiesTLS proves certificates are checked: a client that does not
// trust the test CA must fail.
func TestLookupVerifiesTLS(t *testing.T) {
	srv := httptest.NewUnstartedServer(reply("text/plain", "203.0.113.7"))
	// The server logs the failed handshake; keep test output quiet.
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	defer srv.Close()
	c := New(srv.URL, time.Second)
	_, err := c.Lookup(context.Background())
	if !errors.Is(err, ErrUpstream) || errors.Is(err, ErrTimeout) {
		t.Errorf("Lookup() error = %v, want ErrUpstream", err)
	}
}

func TestLookupConnectionRefused(t *testing.T) {
	srv := httptest.NewServer(reply("text/plain", "203.0.113.7"))
	url := srv.URL
	srv.Close()
	_, err := New(url, time.Second).Lookup(context.Background())
	if !errors.Is(err, ErrUpstream) {
		t.Errorf("Lookup() error = %v, want ErrUpstream", err)
	}
}

func TestLookupBadURL(t *testing.T) {
	_, err := New("://nope", time.Second).Lookup(context.Background())
	if !errors.Is(err, ErrUpstream) {
		t.Errorf("Lookup() error = %v, want ErrUpstream", err)
	}
}
