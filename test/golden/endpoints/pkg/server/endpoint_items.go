package server

import (
	"context"
	"net/http"
)

// itemsResponse is what GET /items answers. Change it freely:
// this file was created by `go-minimal endpoint items` and is yours.
type itemsResponse struct {
	Endpoint string `json:"endpoint"`
	Message  string `json:"message"`
}

// itemsEndpoint is the router-independent logic of GET /items
// (its router adapter, handleItems, is generated in routes_gen.go, so this file stays
// the same whatever the framework).
func (s *Server) itemsEndpoint(ctx context.Context) reply {
	s.logger.DebugContext(ctx, "endpoint called", "endpoint", "items")
	return jsonReply(http.StatusOK, itemsResponse{
		Endpoint: "items",
		Message:  "hello from GET /items",
	})
}
