module example.com/shop

go 1.26.0

require (
	github.com/gin-gonic/gin v1.12.0
	github.com/yuin/gopher-lua v1.1.2
	golang.org/x/crypto/x509roots/fallback v0.0.0-20261030153154-30a33513ff6d
)

// test only (pkg/server/conformance_test.go): not linked into the binary
require github.com/getkin/kin-openapi v0.153.0

// minimum versions of indirect dependencies with known vulnerabilities fixed (govulncheck)
require (
	github.com/quic-go/quic-go v0.65.0 // indirect
	golang.org/x/net v0.63.0 // indirect
)
