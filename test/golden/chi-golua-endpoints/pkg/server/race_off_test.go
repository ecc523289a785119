//go:build !race

package server_test

// raceEnabled: the race detector slows every goroutine several times, so
// latency bounds are not meaningful in this build.
const raceEnabled = false
