module example.com/chisvc

go 1.26.0

require (
	github.com/go-chi/chi/v5 v5.5.0
	golang.org/x/crypto/x509roots/fallback v0.0.0-20261030153154-30a33513ff6d
)

// test only (pkg/server/conformance_test.go): not linked into the binary
require github.com/getkin/kin-openapi v0.153.0
