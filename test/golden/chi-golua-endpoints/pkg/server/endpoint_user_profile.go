package server

import (
	"context"
	"io"
	"net/http"
)

// userProfileMaxBodyBytes bounds the request body of PUT /v1/user-profile (413 above).
const userProfileMaxBodyBytes = MaxBodyBytes

// userProfileRequest is the JSON object PUT /v1/user-profile accepts: exactly one
// object, Content-Type application/json; unknown fields are refused (400).
// Change it freely. api/openapi.yaml is generated (DO NOT EDIT; see the README
// on the endpoint sub-generator) and describes the fields above.
type userProfileRequest struct {
	Name string `json:"name"`
}

// userProfileResponse is what PUT /v1/user-profile answers. Change it freely:
// this file was created by `go-minimal endpoint user-profile` and is yours.
type userProfileResponse struct {
	Endpoint string             `json:"endpoint"`
	Message  string             `json:"message"`
	Received userProfileRequest `json:"received"`
}

// userProfileEndpoint is the router-independent logic of PUT /v1/user-profile
// (its router adapter, handleUserProfile, is generated in routes_gen.go, so this file stays
// the same whatever the framework): it accepts a JSON object and echoes it back. Errors are problem details:
// 415 for another media type, 413 for a body too large, 400 for anything but
// one JSON object of the request type.
func (s *Server) userProfileEndpoint(ctx context.Context, contentType string, body io.Reader) reply {
	var received userProfileRequest
	if err := DecodeJSONObject(contentType, body, &received); err != nil {
		return s.fail(ctx, "user-profile", err)
	}
	return jsonReply(http.StatusOK, userProfileResponse{
		Endpoint: "user-profile",
		Message:  "PUT /v1/user-profile received your JSON",
		Received: received,
	})
}
