package server

import (
	"context"
	"net/http"
)

// greetResponse is what GET /greet answers. Change it freely:
// this file was created by `go-minimal endpoint greet` and is yours.
type greetResponse struct {
	Endpoint string `json:"endpoint"`
	Message  string `json:"message"`
}

// greetEndpoint is the router-independent logic of GET /greet
// (its router adapter, handleGreet, is generated in routes_gen.go, so this file stays
// the same whatever the framework).
func (s *Server) greetEndpoint(ctx context.Context) reply {
	s.logger.DebugContext(ctx, "endpoint called", "endpoint", "greet")
	return jsonReply(http.StatusOK, greetResponse{
		Endpoint: "greet",
		Message:  "hello from GET /greet",
	})
}
