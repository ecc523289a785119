// Single source of truth for versions written into generated projects.
// Bump here; tests read the same table.

/** Go version used when no local `go` is found (current stable at release time). */
export const pinnedGoVersion = '1.26';
/** Oldest Go the generated code supports: gin 1.12 and container-aware GOMAXPROCS need 1.25. */
export const minGoMinor = 25;

export const versions = {
  gin: 'v1.12.0',
  gopherLua: 'v1.1.2',
  x509Fallback: 'v0.0.0-20261030153154-30a33513ff6d',
  /** test-only: OpenAPI loading and response validation in pkg/server/conformance_test.go */
  kinOpenAPI: 'v0.153.0',
  // Floors for gin's dependencies, above the versions with reachable advisories
  // (x/net < v0.60.0, quic-go < v0.59.1). Both need go >= 1.26.0.
  xNet: 'v0.63.0',
  quicGo: 'v0.65.0',
} as const;
