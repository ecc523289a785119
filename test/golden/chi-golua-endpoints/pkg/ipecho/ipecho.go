// Package ipecho asks an upstream "what is my IP" service for the public address
// of this host. It is an HTTP client only: it never serves requests.
package ipecho

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"time"
)

// MaxBodySize is the largest upstream answer read; an IP address needs far less.
const MaxBodySize = 4 << 10

var (
	// ErrUpstream is wrapped by every failure that is not a timeout: connection
	// or TLS errors, non-2xx answers and answers that are not an IP address.
	ErrUpstream = errors.New("ip upstream failed")
	// ErrTimeout is wrapped when the client timeout or the context deadline expired.
	ErrTimeout = errors.New("ip upstream timed out")
)

// UpstreamError reports a non-2xx answer. It matches ErrUpstream.
type UpstreamError struct {
	// StatusCode is the upstream HTTP status.
	StatusCode int
}

func (e *UpstreamError) Error() string {
	return fmt.Sprintf("ip upstream answered HTTP %d", e.StatusCode)
}

// Unwrap makes errors.Is(err, ErrUpstream) true.
func (e *UpstreamError) Unwrap() error { return ErrUpstream }

// Client looks up the public IP address through URL.
type Client struct {
	// URL answers with JSON {"ip": "..."} or with the bare address as text.
	URL string
	// HTTP performs the request; it must have a Timeout.
	HTTP *http.Client
}

// New returns a Client whose requests time out after timeout.
func New(url string, timeout time.Duration) *Client {
	return &Client{URL: url, HTTP: &http.Client{Timeout: timeout}}
}

// Lookup returns the address reported by the upstream, in canonical form.
func (c *Client) Lookup(ctx context.Context) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.URL, nil)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrUpstream, err)
	}
	req.Header.Set("Accept", "application/json, text/plain;q=0.9")

	resp, err := c.HTTP.Do(req)
	if err != nil {
		return "", classify(err)
	}
	defer func() { _ = resp.Body.Close() }()

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return "", &UpstreamError{StatusCode: resp.StatusCode}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBodySize+1))
	if err != nil {
		return "", classify(err)
	}
	if len(body) > MaxBodySize {
		return "", fmt.Errorf("%w: answer larger than %d bytes", ErrUpstream, MaxBodySize)
	}
	return parse(body)
}

// parse accepts {"ip":"203.0.113.7"} or a plain-text address.
func parse(body []byte) (string, error) {
	text := bytes.TrimSpace(body)
	if bytes.HasPrefix(text, []byte("{")) {
		var answer struct {
			IP string `json:"ip"`
		}
		if err := json.Unmarshal(text, &answer); err != nil {
			return "", fmt.Errorf("%w: invalid JSON answer: %w", ErrUpstream, err)
		}
		text = []byte(answer.IP)
	}
	addr, err := netip.ParseAddr(string(text))
	if err != nil || addr.Zone() != "" {
		return "", fmt.Errorf("%w: answer is not an IP address", ErrUpstream)
	}
	return addr.String(), nil
}

// classify wraps a transport error in ErrTimeout or ErrUpstream.
func classify(err error) error {
	var netErr net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout()) {
		return fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	return fmt.Errorf("%w: %w", ErrUpstream, err)
}
