// Single source of truth for versions written into generated projects.
// Bump here; tests read the same table.

/** Go version used when no local `go` is found (current stable at release time). */
export const pinnedGoVersion = '1.26';
/**
 * Oldest Go the generated projects can use: the highest `go` line among the go.mod files of
 * their dependencies, for every framework × Lua engine (go mod tidy raises the project's go
 * line to it otherwise, and the Dockerfile/CI would use an older Go than go.mod asks for).
 * Measured for the versions below (go.mod files in the module cache after go mod tidy):
 *   golang.org/x/crypto/x509roots/fallback (every project)  go 1.26.0
 *   github.com/gin-gonic/gin v1.12.0, golang.org/x/net      go 1.25.0
 *   github.com/yuin/gopher-lua v1.1.2                        go 1.23
 * test/go/gorules.test.ts regenerates every combination at this minimum and checks it.
 */
export const minGoMinor = 26;
export const minGoReason = 'golang.org/x/crypto/x509roots/fallback needs go 1.26.0';

/**
 * Released Go versions this generator accepts: minor -> its latest patch release when this
 * version of the generator was made. A Go version outside this list has no release (yet), so
 * no golang:<minor> builder image or setup-go version exists for it. Add new releases here.
 */
export const goReleases: Readonly<Record<string, number>> = {
  '1.26': 8,
};

export const versions = {
  gin: 'v1.12.0',
  chi: 'v5.5.0',
  gopherLua: 'v1.1.2',
  x509Fallback: 'v0.0.0-20261030153154-30a33513ff6d',
  /** test-only: OpenAPI loading and response validation in pkg/server/conformance_test.go */
  kinOpenAPI: 'v0.153.0',
  // Floors for gin's dependencies, above the versions with reachable advisories
  // (x/net < v0.60.0, quic-go < v0.59.1). Both need go >= 1.26.0.
  xNet: 'v0.63.0',
  quicGo: 'v0.65.0',
} as const;
