package luarun_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"example.com/chisvc/pkg/luarun"
	"example.com/chisvc/scripts"
)

// newRunner builds a Runner over the given scripts and closes it after the test.
func newRunner(t testing.TB, files map[string]string, opts luarun.Options) *luarun.Runner {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	r, err := luarun.New(fsys, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(r.Close)
	return r
}

func embedded(t testing.TB, opts luarun.Options) *luarun.Runner {
	t.Helper()
	r, err := luarun.New(scripts.FS, opts)
	if err != nil {
		t.Fatalf("New(scripts.FS): %v", err)
	}
	t.Cleanup(r.Close)
	return r
}

func TestHelloDefault(t *testing.T) {
	r := embedded(t, luarun.Options{})
	got, err := r.Run(context.Background(), "hello.lua", nil)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	want := luarun.Response{Status: 200, ContentType: luarun.DefaultContentType, Body: "hello world"}
	if got != want {
		t.Errorf("Run() = %+v, want %+v", got, want)
	}
}

func TestHelloName(t *testing.T) {
	r := embedded(t, luarun.Options{})
	got, err := r.Run(context.Background(), "hello.lua", map[string]string{"name": `gopher "go"`})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	want := luarun.Response{Status: 200, ContentType: "application/json", Body: `{"hello":"gopher \"go\""}`}
	if got != want {
		t.Errorf("Run() = %+v, want %+v", got, want)
	}
}

func TestResponseArguments(t *testing.T) {
	r := newRunner(t, map[string]string{
		"status.lua": `response('gone', 410)`,
		"json.lua":   `response(json({ n = 1, ok = true, list = { 'a', 'b' }, nested = { x = 1.5 } }), 201, 'application/json')`,
	}, luarun.Options{})
	got, err := r.Run(context.Background(), "status.lua", nil)
	if err != nil || got.Status != 410 || got.Body != "gone" {
		t.Errorf("status.lua = %+v, %v", got, err)
	}
	got, err = r.Run(context.Background(), "json.lua", nil)
	want := `{"list":["a","b"],"n":1,"nested":{"x":1.5},"ok":true}`
	if err != nil || got.Status != 201 || got.Body != want {
		t.Errorf("json.lua = %+v, %v; want body %s", got, err, want)
	}
}

func TestScriptErrors(t *testing.T) {
	r := newRunner(t, map[string]string{
		"error.lua":       `error('boom')`,
		"no_response.lua": `local x = 1`,
		"twice.lua":       `response('a') response('b')`,
		"bad_status.lua":  `response('x', 99)`,
		"bad_type.lua":    `response('x', 200, 'not a type')`,
		"recursion.lua":   `local function f(n) return f(n + 1) + 1 end f(1)`,
		"bad_json.lua":    `response(json({ f = function() end }))`,
	}, luarun.Options{})
	for _, name := range []string{
		"error.lua", "no_response.lua", "twice.lua", "bad_status.lua",
		"bad_type.lua", "recursion.lua", "bad_json.lua", "missing.lua",
	} {
		_, err := r.Run(context.Background(), name, nil)
		if !errors.Is(err, luarun.ErrScript) {
			t.Errorf("%s: error = %v, want ErrScript", name, err)
		}
	}
}

func TestSyntaxErrorFailsNew(t *testing.T) {
	_, err := luarun.New(fstest.MapFS{"bad.lua": {Data: []byte("response(")}}, luarun.Options{})
	if !errors.Is(err, luarun.ErrScript) {
		t.Errorf("New error = %v, want ErrScript", err)
	}
}

// TestSandbox checks that nothing reaching the OS, files or code loading is available.
func TestSandbox(t *testing.T) {
	denied := map[string]string{
		"os_execute.lua":  `os.execute('id')`,
		"os_getenv.lua":   `response(os.getenv('HOME'))`,
		"io_open.lua":     `io.open('/etc/passwd')`,
		"dofile.lua":      `dofile('/etc/passwd')`,
		"loadfile.lua":    `loadfile('/etc/passwd')`,
		"loadstring.lua":  `loadstring('return 1')()`,
		"load.lua":        `load(function() return nil end)`,
		"require.lua":     `require('os')`,
		"package.lua":     `package.loadlib('libc.so.6', 'system')`,
		"debug.lua":       `debug.getinfo(1)`,
		"coroutine.lua":   `coroutine.create(function() end)`,
		"setfenv.lua":     `setfenv(1, {})`,
		"print.lua":       `print('to stdout')`,
		"collectgarb.lua": `collectgarbage('collect')`,
	}
	r := newRunner(t, denied, luarun.Options{})
	for name := range denied {
		_, err := r.Run(context.Background(), name, nil)
		if !errors.Is(err, luarun.ErrScript) {
			t.Errorf("%s: error = %v, want ErrScript", name, err)
		}
	}
}

func TestTimeout(t *testing.T) {
	r := newRunner(t, map[string]string{
		"loop.lua": `while true do end`,
		"ok.lua":   `response('ok')`,
	}, luarun.Options{Timeout: 50 * time.Millisecond, PoolSize: 1})
	start := time.Now()
	_, err := r.Run(context.Background(), "loop.lua", nil)
	if !errors.Is(err, luarun.ErrTimeout) {
		t.Fatalf("loop.lua: error = %v, want ErrTimeout", err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("loop.lua ran for %v, want about 50ms", elapsed)
	}
	// The runner keeps working after a timeout.
	for range 3 {
		got, err := r.Run(context.Background(), "ok.lua", nil)
		if err != nil || got.Body != "ok" {
			t.Fatalf("ok.lua after timeout = %+v, %v", got, err)
		}
	}
}

func TestCallerCancellation(t *testing.T) {
	r := newRunner(t, map[string]string{"loop.lua": `while true do end`}, luarun.Options{Timeout: 5 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := r.Run(ctx, "loop.lua", nil)
	if !errors.Is(err, luarun.ErrTimeout) {
		t.Errorf("error = %v, want ErrTimeout (caller deadline)", err)
	}
}

// TestGlobalsDoNotLeak runs on a single pooled state: whatever a run changes
// must be gone for the next one.
func TestGlobalsDoNotLeak(t *testing.T) {
	r := newRunner(t, map[string]string{
		"dirty.lua": `leaked = 'yes'; string.upper = nil; _G.response2 = response; params.extra = 'x'; response('ok')`,
		"check.lua": `response(tostring(leaked) .. ' ' .. type(string.upper) .. ' ' .. tostring(response2) .. ' ' .. tostring(params.extra))`,
	}, luarun.Options{PoolSize: 1})
	if _, err := r.Run(context.Background(), "dirty.lua", nil); err != nil {
		t.Fatalf("dirty.lua: %v", err)
	}
	got, err := r.Run(context.Background(), "check.lua", nil)
	if err != nil {
		t.Fatalf("check.lua: %v", err)
	}
	if want := "nil function nil nil"; got.Body != want {
		t.Errorf("check.lua = %q, want %q", got.Body, want)
	}
}

func TestConcurrentRuns(t *testing.T) {
	r := embedded(t, luarun.Options{PoolSize: 4, Concurrency: 16})
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := range 16 {
		wg.Go(func() {
			for i := range 50 {
				name := fmt.Sprintf("g%d-%d", g, i)
				got, err := r.Run(context.Background(), "hello.lua", map[string]string{"name": name})
				if err != nil {
					errs <- err
					return
				}
				if want := `{"hello":"` + name + `"}`; got.Body != want {
					errs <- fmt.Errorf("got %q, want %q", got.Body, want)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// hostileCorpus returns the scripts of testdata/hostile plus testdata/probe.lua.
func hostileCorpus(t testing.TB) (files map[string]string, hostile []string) {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join("testdata", "hostile"))
	if err != nil {
		t.Fatal(err)
	}
	files = map[string]string{}
	for _, e := range entries {
		src, err := os.ReadFile(filepath.Join("testdata", "hostile", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = string(src)
		hostile = append(hostile, e.Name())
	}
	probe, err := os.ReadFile(filepath.Join("testdata", "probe.lua"))
	if err != nil {
		t.Fatal(err)
	}
	files["probe.lua"] = string(probe)
	if len(hostile) < 15 {
		t.Fatalf("hostile corpus has %d scripts, want at least 15", len(hostile))
	}
	return files, hostile
}

// TestHostileIsolation runs every hostile script, then the probe: the probe
// must see exactly what it sees on a fresh runner, and every builtin check in
// it must pass. Pool size 1 reuses one state; pool size 4 cycles through several.
func TestHostileIsolation(t *testing.T) {
	files, hostile := hostileCorpus(t)
	fresh := newRunner(t, files, luarun.Options{PoolSize: -1})
	baseline, err := fresh.Run(context.Background(), "probe.lua", nil)
	if err != nil {
		t.Fatalf("probe on a fresh state: %v", err)
	}
	if strings.Contains(baseline.Body, "FAIL") {
		t.Fatalf("probe fails on a fresh state:\n%s", baseline.Body)
	}
	for _, pool := range []int{1, 4} {
		t.Run(fmt.Sprintf("pool=%d", pool), func(t *testing.T) {
			r := newRunner(t, files, luarun.Options{PoolSize: pool})
			for _, name := range hostile {
				for range pool {
					if _, err := r.Run(context.Background(), name, nil); err != nil && !errors.Is(err, luarun.ErrScript) {
						t.Fatalf("%s: unexpected error %v", name, err)
					}
				}
				for i := range pool + 1 {
					got, err := r.Run(context.Background(), "probe.lua", nil)
					if err != nil {
						t.Fatalf("probe after %s (#%d): %v", name, i, err)
					}
					if got.Body != baseline.Body {
						t.Errorf("probe after %s (#%d) sees a changed environment:\n%s\nwant:\n%s", name, i, got.Body, baseline.Body)
					}
				}
			}
		})
	}
}

// TestRandomSeedDoesNotLeak: a run that seeds the generator must not make the
// numbers of later runs predictable.
func TestRandomSeedDoesNotLeak(t *testing.T) {
	r := newRunner(t, map[string]string{
		"seeded.lua": `math.randomseed(42) response(tostring(math.random(1000000000)))`,
		"seed.lua":   `math.randomseed(42) response('ok')`,
		"draw.lua":   `response(tostring(math.random(1000000000)))`,
	}, luarun.Options{PoolSize: 1})
	seeded, err := r.Run(context.Background(), "seeded.lua", nil)
	if err != nil {
		t.Fatal(err)
	}
	same := 0
	for range 3 {
		if _, err := r.Run(context.Background(), "seed.lua", nil); err != nil {
			t.Fatal(err)
		}
		got, err := r.Run(context.Background(), "draw.lua", nil)
		if err != nil {
			t.Fatal(err)
		}
		if got.Body == seeded.Body {
			same++
		}
	}
	if same == 3 {
		t.Errorf("after math.randomseed(42) in another run, math.random drew the seeded value %s three times", seeded.Body)
	}
}

// memoryHogs each try to take far more than the budget, at once or gradually.
var memoryHogs = map[string]string{
	"rep_huge.lua":     `response(string.rep("x", 2^31 - 1))`,
	"rep_method.lua":   `local s = ("y"):rep(2^20) response(s:rep(100))`,
	"concat_loop.lua":  `local s = "x" while true do s = s .. s end`,
	"concat_many.lua":  `local s = ("x"):rep(2^20) while true do s = s .. s .. s .. s end`,
	"table_grow.lua":   `local t = {} local i = 0 while true do i = i + 1 t[i] = "item " .. i end`,
	"table_nested.lua": `local t = {} while true do t = { t, {}, {} } end`,
	"format_width.lua": `response(string.format("%099999999d", 1))`,
	"format_args.lua":  `local s = ("z"):rep(2^22) response(string.format("%s%s%s%s%s", s, s, s, s, s))`,
	"gsub_grow.lua":    `local s = ("x"):rep(2^20) response((s:gsub("x", "xxxxxxxxxxxxxxxxxxxxxxxx")))`,
	"upper_big.lua":    `local s = ("a"):rep(15 * 2^20) response(s:upper())`,
	"tconcat.lua":      `local s = ("w"):rep(2^20) local t = {} for i = 1, 64 do t[i] = s end response(table.concat(t))`,
	"json_big.lua":     `local s = ("j"):rep(2^20) local t = {} for i = 1, 64 do t[i] = s end response(json(t))`,
	"pcall_hog.lua":    `while true do pcall(string.rep, "x", 2^30) end`,
}

func TestMemoryBudget(t *testing.T) {
	files := map[string]string{
		"ok.lua":   `local s = ("x"):rep(4 * 2^20) local t = {} for i = 1, 10000 do t[i] = i end response(tostring(#s + #t))`,
		"live.lua": `response('alive')`,
	}
	for name, src := range memoryHogs {
		files[name] = src
	}
	r := newRunner(t, files, luarun.Options{PoolSize: 1, Timeout: 60 * time.Second, MemoryLimit: 16 << 20})
	for name := range memoryHogs {
		start := time.Now()
		_, err := r.Run(context.Background(), name, nil)
		refused := name == "format_width.lua" && errors.Is(err, luarun.ErrScript) // refused up front
		if !errors.Is(err, luarun.ErrMemory) && !refused {
			t.Errorf("%s: error = %v, want ErrMemory", name, err)
		}
		// generous: -race on a busy machine; without a guard the run would end
		// with ErrTimeout (or crash) instead
		if d := time.Since(start); d > 45*time.Second {
			t.Errorf("%s: took %v to hit the memory budget", name, d)
		}
	}
	got, err := r.Run(context.Background(), "ok.lua", nil)
	if err != nil || got.Body != fmt.Sprint(4<<20+10000) {
		t.Errorf("ok.lua (4 MiB, within budget) = %+v, %v", got, err)
	}
	if got, err := r.Run(context.Background(), "live.lua", nil); err != nil || got.Body != "alive" {
		t.Errorf("runner after memory failures = %+v, %v", got, err)
	}
}

// TestMemoryGuardSubprocess runs scripts that crash the whole process when the
// memory guard is missing (Go's "fatal error: out of memory" cannot be
// recovered) in a child test process, so a missing guard shows up as a failed
// child instead of a dead test binary.
func TestMemoryGuardSubprocess(t *testing.T) {
	if os.Getenv("LUARUN_MEMORY_CHILD") == "1" {
		// Stand-in for the container's memory limit: without the guard the
		// child would grow until the machine runs out; stop it at 1 GiB of
		// resident memory (Go heap and C allocations alike).
		go func() {
			for {
				time.Sleep(50 * time.Millisecond)
				if rss := residentBytes(); rss > 1<<30 {
					fmt.Printf("CHILD resident memory %d MiB: no memory guard\n", rss>>20)
					os.Exit(3)
				}
			}
		}()
		r := newRunner(t, map[string]string{
			"rep.lua":  `response(string.rep("x", 2^31 - 1))`,
			"grow.lua": `local t = {} local i = 0 while true do i = i + 1 t[i] = "item " .. i end`,
		}, luarun.Options{PoolSize: 1, Timeout: 60 * time.Second, MemoryLimit: 16 << 20})
		for _, name := range []string{"rep.lua", "grow.lua"} {
			_, err := r.Run(context.Background(), name, nil)
			if !errors.Is(err, luarun.ErrMemory) {
				t.Fatalf("%s: error = %v, want ErrMemory", name, err)
			}
			fmt.Printf("CHILD %s ErrMemory\n", name)
		}
		return
	}
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestMemoryGuardSubprocess$", "-test.v", "-test.count=1") //nolint:gosec // re-runs this test binary
	cmd.Env = append(os.Environ(), "LUARUN_MEMORY_CHILD=1", "GOMEMLIMIT=1GiB")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child process failed (%v): the memory guard did not hold\n%s", err, tail(out))
	}
	for _, name := range []string{"rep.lua", "grow.lua"} {
		if !strings.Contains(string(out), "CHILD "+name+" ErrMemory") {
			t.Errorf("child did not report ErrMemory for %s:\n%s", name, tail(out))
		}
	}
}

// residentBytes is the process's resident set size (Linux), or the Go heap
// where /proc is not available.
func residentBytes() uint64 {
	if b, err := os.ReadFile("/proc/self/statm"); err == nil {
		var size, rss uint64
		if _, err := fmt.Sscan(string(b), &size, &rss); err == nil {
			return rss * uint64(os.Getpagesize()) //nolint:gosec // the page size is positive
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

func tail(b []byte) string {
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// cpuTime is the CPU time this process has used so far.
func cpuTime(t testing.TB) time.Duration {
	t.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// slowBuiltins each spend (nearly) forever inside one builtin call.
var slowBuiltins = map[string]string{
	"find.lua":   `string.find(("a"):rep(40), ("a*"):rep(30) .. "b")`,
	"match.lua":  `string.match(("a"):rep(40), ("a-"):rep(30) .. "b")`,
	"gmatch.lua": `for x in string.gmatch(("a"):rep(40), ("a*"):rep(30) .. "b") do end`,
	"gsub.lua":   `string.gsub(("a"):rep(40), ("a*"):rep(30) .. "b", "")`,
	"sort.lua":   `local t = {} for i = 1, 100 do t[i] = i end table.sort(t, function(a, b) while true do end end)`,
	"gsubfn.lua": `string.gsub("abc", "%w", function() while true do end end)`,
	"method.lua": `local s = ("a"):rep(40) s:find(("a*"):rep(30) .. "b")`,
}

// TestDeadlineInsideBuiltins: the deadline holds inside one builtin call, and
// the work really stops (no CPU burnt after the answer).
func TestDeadlineInsideBuiltins(t *testing.T) {
	r := newRunner(t, slowBuiltins, luarun.Options{Timeout: 100 * time.Millisecond, PoolSize: 1})
	for name := range slowBuiltins {
		start := time.Now()
		_, err := r.Run(context.Background(), name, nil)
		// an engine may also refuse a call it could not interrupt, up front
		refused := errors.Is(err, luarun.ErrScript) && strings.Contains(err.Error(), "too complex")
		if !errors.Is(err, luarun.ErrTimeout) && !refused {
			t.Errorf("%s: error = %v, want ErrTimeout", name, err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: answered after %v, want about 100ms", name, d)
		}
	}
	before := cpuTime(t)
	time.Sleep(500 * time.Millisecond)
	if used := cpuTime(t) - before; used > 250*time.Millisecond {
		t.Errorf("process used %v of CPU in the 500ms after the runs: a script is still running", used)
	}
}

// TestAdmission: beyond Concurrency running and Queue waiting runs, Run fails
// fast with ErrBusy; slots come back when runs end.
func TestAdmission(t *testing.T) {
	r := newRunner(t, map[string]string{
		"spin.lua": `while true do end`,
		"ok.lua":   `response('ok')`,
	}, luarun.Options{Timeout: 10 * time.Second, Concurrency: 2, Queue: 1, QueueWait: 50 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var stopped atomic.Bool
	for range 2 {
		wg.Go(func() {
			_, err := r.Run(ctx, "spin.lua", nil)
			if !stopped.Load() {
				t.Errorf("spinner ended before it was stopped: %v", err)
			}
		})
	}
	deadline := time.Now().Add(5 * time.Second)
	var err error
	for time.Now().Before(deadline) {
		start := time.Now()
		_, err = r.Run(context.Background(), "ok.lua", nil)
		if errors.Is(err, luarun.ErrBusy) {
			if d := time.Since(start); d > time.Second {
				t.Errorf("ErrBusy after %v, want about the 50ms queue wait", d)
			}
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !errors.Is(err, luarun.ErrBusy) {
		t.Errorf("with both slots spinning: error = %v, want ErrBusy", err)
	}
	stopped.Store(true)
	cancel()
	wg.Wait()
	if got, err := r.Run(context.Background(), "ok.lua", nil); err != nil || got.Body != "ok" {
		t.Errorf("after the spinners ended: %+v, %v", got, err)
	}
}

// FuzzRun runs random Lua source: it must never crash the process and must
// always return within the timeout plus a generous margin.
func FuzzRun(f *testing.F) {
	files, hostile := hostileCorpus(f)
	for _, name := range hostile {
		f.Add(files[name])
	}
	for _, src := range memoryHogs {
		f.Add(src)
	}
	for _, src := range slowBuiltins {
		f.Add(src)
	}
	f.Add(`response(("x"):rep(3):gsub("(x)", "%1%1"))`)
	const timeout = 50 * time.Millisecond
	f.Fuzz(func(t *testing.T, src string) {
		r, err := luarun.New(fstest.MapFS{"f.lua": {Data: []byte(src)}}, luarun.Options{Timeout: timeout, MemoryLimit: 4 << 20, PoolSize: 1})
		if err != nil {
			return // does not compile
		}
		defer r.Close()
		start := time.Now()
		_, _ = r.Run(context.Background(), "f.lua", nil)
		if d := time.Since(start); d > timeout+2*time.Second {
			t.Fatalf("Run took %v, want at most %v", d, timeout+2*time.Second)
		}
	})
}

func benchmarkRun(b *testing.B, opts luarun.Options) {
	r := embedded(b, opts)
	ctx := context.Background()
	params := map[string]string{"name": "bench"}
	for b.Loop() {
		if _, err := r.Run(ctx, "hello.lua", params); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPooled reuses prepared states (the production setting).
func BenchmarkPooled(b *testing.B) { benchmarkRun(b, luarun.Options{}) }

// BenchmarkNewStatePerCall builds and closes a state for every run.
func BenchmarkNewStatePerCall(b *testing.B) { benchmarkRun(b, luarun.Options{PoolSize: -1}) }
