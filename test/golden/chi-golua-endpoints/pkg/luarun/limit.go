package luarun

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
	"time"
)

// Admission defaults. DefaultConcurrency × DefaultMemoryLimit plus the
// service's own base memory stays below the container memory limit written in
// deploy/k8s/deployment.yaml and compose.yaml (see the README).
const (
	// DefaultQueue is how many runs may wait for a free slot.
	DefaultQueue = 8
	// DefaultQueueWait is how long a queued run waits before ErrBusy.
	DefaultQueueWait = 100 * time.Millisecond
)

// limiter admits at most cap(slots) concurrent runs plus a short queue.
type limiter struct {
	slots  chan struct{}
	queue  int64
	queued atomic.Int64
	wait   time.Duration
}

// AutoConcurrency is the concurrency used when Options.Concurrency is zero:
// DefaultConcurrency (what the memory limit allows), but at most one less than
// GOMAXPROCS: runs are CPU-bound, more of them than CPUs adds no throughput,
// and a free CPU keeps health checks and other endpoints fast.
func AutoConcurrency() int {
	return max(1, min(DefaultConcurrency, runtime.GOMAXPROCS(0)-1))
}

func newLimiter(concurrency, queue int, wait time.Duration) *limiter {
	if concurrency <= 0 {
		concurrency = AutoConcurrency()
	}
	if queue == 0 {
		queue = DefaultQueue
	}
	if queue < 0 {
		queue = 0
	}
	if wait <= 0 {
		wait = DefaultQueueWait
	}
	return &limiter{slots: make(chan struct{}, concurrency), queue: int64(queue), wait: wait}
}

// acquire takes a slot, waiting in the queue at most l.wait; it fails with
// ErrBusy when the queue is full or the wait ran out.
func (l *limiter) acquire(ctx context.Context) (release func(), err error) {
	select {
	case l.slots <- struct{}{}:
		return l.release, nil
	default:
	}
	if l.queued.Add(1) > l.queue {
		l.queued.Add(-1)
		return nil, fmt.Errorf("%w: %d runs active and %d queued", ErrBusy, cap(l.slots), l.queue)
	}
	defer l.queued.Add(-1)
	timer := time.NewTimer(l.wait)
	defer timer.Stop()
	select {
	case l.slots <- struct{}{}:
		return l.release, nil
	case <-timer.C:
		return nil, fmt.Errorf("%w: no free slot within %s", ErrBusy, l.wait)
	case <-ctx.Done():
		return nil, fmt.Errorf("%w: %w", ErrBusy, ctx.Err())
	}
}

func (l *limiter) release() { <-l.slots }
