package server

import (
	"context"
	"io"
	"net/http"
)

// addItemMaxBodyBytes bounds the request body of POST /items (413 above).
const addItemMaxBodyBytes = MaxBodyBytes

// addItemRequest is the JSON object POST /items accepts: exactly one
// object, Content-Type application/json; unknown fields are refused (400).
// Change it freely. api/openapi.yaml is generated (DO NOT EDIT; see the README
// on the endpoint sub-generator) and describes the fields above.
type addItemRequest struct {
	Name string `json:"name"`
}

// addItemResponse is what POST /items answers. Change it freely:
// this file was created by `go-minimal endpoint add-item` and is yours.
type addItemResponse struct {
	Endpoint string         `json:"endpoint"`
	Message  string         `json:"message"`
	Received addItemRequest `json:"received"`
}

// addItemEndpoint is the router-independent logic of POST /items
// (its router adapter, handleAddItem, is generated in routes_gen.go, so this file stays
// the same whatever the framework): it accepts a JSON object and echoes it back. Errors are problem details:
// 415 for another media type, 413 for a body too large, 400 for anything but
// one JSON object of the request type.
func (s *Server) addItemEndpoint(ctx context.Context, contentType string, body io.Reader) reply {
	var received addItemRequest
	if err := DecodeJSONObject(contentType, body, &received); err != nil {
		return s.fail(ctx, "add-item", err)
	}
	return jsonReply(http.StatusOK, addItemResponse{
		Endpoint: "add-item",
		Message:  "POST /items received your JSON",
		Received: received,
	})
}
