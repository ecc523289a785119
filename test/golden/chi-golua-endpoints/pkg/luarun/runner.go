package luarun

// The Runner plumbing is the same for every engine: options and defaults,
// loading the scripts, admission, the pool of states and the errors of Run.
// The engine (luarun.go) supplies only what differs:
//
//   - type program: a script as the engine keeps it (script.prog);
//   - type state: one sandboxed interpreter, used by one goroutine at a time,
//     made by newState() (*state, error) and freed by its close();
//   - compile(scripts []script) (*state, error): prepares every script (sets
//     prog; a syntax error wraps ErrScript) and may return a state made on the
//     way, pooled first, or nil;
//   - (*state).run(ctx, sc, params, timeout, budget) (Response, failure, error):
//     one run within the timeout (or ctx's deadline, if earlier) and the memory
//     budget; on error, how it ended (the state is then discarded);
//   - memoryLimit: the largest per-run budget;
//   - checkContextFirst: whether Run refuses a run whose context has already
//     ended before it takes a slot.

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"time"
)

// DefaultTimeout bounds one Run when Options.Timeout is zero.
const DefaultTimeout = time.Second

// DefaultMemoryLimit is the per-run memory budget when Options.MemoryLimit is zero.
const DefaultMemoryLimit = 16 << 20

// DefaultConcurrency is the number of concurrent runs when
// Options.Concurrency is zero (see limit.go for the memory relation).
const DefaultConcurrency = 4

// DefaultContentType is used when a script does not pass a content type.
const DefaultContentType = "text/plain; charset=utf-8"

var (
	// ErrScript is wrapped by every script failure: syntax or runtime errors,
	// denied functions, unknown scripts, or a script that never called response().
	ErrScript = errors.New("lua script failed")
	// ErrTimeout is wrapped when a run exceeded its timeout.
	ErrTimeout = errors.New("lua script timed out")
	// ErrMemory is wrapped when a run exceeded its memory budget.
	ErrMemory = errors.New("lua script exceeded its memory budget")
	// ErrBusy is wrapped when every run slot is taken and the queue is full
	// or the wait for a slot ran out.
	ErrBusy = errors.New("lua runner busy")
)

// Response is what a script answered through response().
type Response struct {
	// Status is the HTTP status (200 when the script did not set one).
	Status int
	// ContentType is the media type (DefaultContentType when not set).
	ContentType string
	// Body is the response body.
	Body string
}

// Options tunes a Runner. The zero value is ready to use.
type Options struct {
	// Timeout bounds one Run; zero means DefaultTimeout.
	Timeout time.Duration
	// PoolSize is the number of idle states kept for reuse; zero means
	// runtime.GOMAXPROCS(0) and a negative value disables pooling (a new state
	// per call, mainly for benchmarks).
	PoolSize int
	// MemoryLimit is the per-run memory budget in bytes; zero means
	// DefaultMemoryLimit. An engine with a per-state limit (see the package
	// documentation) caps it.
	MemoryLimit int64
	// Concurrency is the number of runs executing at once; zero means
	// AutoConcurrency().
	Concurrency int
	// Queue is the number of runs that may wait for a slot; zero means
	// DefaultQueue, negative means none.
	Queue int
	// QueueWait is the longest wait for a slot; zero means DefaultQueueWait.
	QueueWait time.Duration
}

// Runner runs the scripts given to New. It is safe for concurrent use.
type Runner struct {
	index   map[string]int // script name -> position in scripts
	scripts []script
	timeout time.Duration
	memory  int64
	limit   *limiter
	pool    chan *state // idle states; nil when pooling is disabled
}

type script struct {
	name string
	src  []byte
	prog program
}

// failure is how a failed run ended, as the engine saw it.
type failure int

const (
	failScript   failure = iota // the script raised an error or never called response()
	failMemory                  // the run exceeded its memory budget
	failTimeout                 // the run's deadline passed
	failCanceled                // the caller's context was canceled
)

// interruption is the failure of a run stopped because ctx ended or its own
// deadline passed.
func interruption(ctx context.Context) failure {
	if errors.Is(ctx.Err(), context.Canceled) {
		return failCanceled
	}
	return failTimeout
}

// New compiles every *.lua file at the root of scripts.
func New(scripts fs.FS, opts Options) (*Runner, error) {
	names, err := fs.Glob(scripts, "*.lua")
	if err != nil {
		return nil, fmt.Errorf("luarun: list scripts: %w", err)
	}
	r := &Runner{
		index:   make(map[string]int, len(names)),
		timeout: opts.Timeout,
		memory:  min(opts.MemoryLimit, memoryLimit),
		limit:   newLimiter(opts.Concurrency, opts.Queue, opts.QueueWait),
	}
	if r.timeout <= 0 {
		r.timeout = DefaultTimeout
	}
	if r.memory <= 0 {
		r.memory = DefaultMemoryLimit
	}
	for _, name := range names {
		src, err := fs.ReadFile(scripts, name)
		if err != nil {
			return nil, fmt.Errorf("luarun: read %s: %w", name, err)
		}
		r.index[name] = len(r.scripts)
		r.scripts = append(r.scripts, script{name: name, src: src})
	}
	size := opts.PoolSize
	if size == 0 {
		size = runtime.GOMAXPROCS(0)
	}
	if size > 0 {
		r.pool = make(chan *state, size)
	}
	st, err := compile(r.scripts)
	if err != nil {
		return nil, err
	}
	if st != nil {
		r.put(st)
	}
	return r, nil
}

// Run executes script (a file name given to New, e.g. "hello.lua") with params
// exposed as the global table params. It fails with ErrBusy when no run slot is
// free, ErrTimeout when the run exceeds the timeout or the caller's deadline,
// ErrMemory when it exceeds the memory budget and ErrScript when the script
// fails.
func (r *Runner) Run(ctx context.Context, script string, params map[string]string) (Response, error) {
	i, ok := r.index[script]
	if !ok {
		return Response{}, fmt.Errorf("%w: unknown script %q", ErrScript, script)
	}
	if checkContextFirst && ctx.Err() != nil {
		return Response{}, r.failed(ctx, script, interruption(ctx), nil)
	}
	release, err := r.limit.acquire(ctx)
	if err != nil {
		return Response{}, err
	}
	defer release()
	st, err := r.get()
	if err != nil {
		return Response{}, err
	}
	resp, f, err := st.run(ctx, &r.scripts[i], params, r.timeout, r.memory)
	if err != nil {
		st.close() // its globals may be half-modified: never reuse a state whose run failed
		return Response{}, r.failed(ctx, script, f, err)
	}
	r.put(st)
	return resp, nil
}

// failed is the error Run returns for a run of script that ended with f.
func (r *Runner) failed(ctx context.Context, script string, f failure, err error) error {
	switch f {
	case failMemory:
		return fmt.Errorf("%w: %s: over %d bytes", ErrMemory, script, r.memory)
	case failTimeout:
		return fmt.Errorf("%w: %s after %s", ErrTimeout, script, r.timeout)
	case failCanceled:
		return fmt.Errorf("luarun: %s: %w", script, ctx.Err())
	default:
		return fmt.Errorf("%w: %s: %w", ErrScript, script, err)
	}
}

// Close releases the idle states. The Runner stays usable.
func (r *Runner) Close() {
	for {
		select {
		case st := <-r.pool:
			st.close()
		default:
			return
		}
	}
}

func (r *Runner) get() (*state, error) {
	select {
	case st := <-r.pool:
		return st, nil
	default:
		return newState()
	}
}

func (r *Runner) put(st *state) {
	select {
	case r.pool <- st:
	default:
		st.close()
	}
}
