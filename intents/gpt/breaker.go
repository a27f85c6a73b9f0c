package gpt

import (
	"sync"
	"time"
)

// breaker is a circuit breaker: after max consecutive failures it stays open for coolDown, then
// lets one trial call through; the trial's success closes it, its failure opens it again. It is
// safe for concurrent use.
type breaker struct {
	max      int
	coolDown time.Duration
	now      func() time.Time

	mu        sync.Mutex
	failures  int       // consecutive failures
	openUntil time.Time // when failures >= max: no calls before this
	trial     bool      // a trial call is in flight
}

func newBreaker(max int, coolDown time.Duration, now func() time.Time) *breaker {
	return &breaker{max: max, coolDown: coolDown, now: now}
}

// allow reports whether a call may go out, and whether it is the trial call of a half-open
// breaker. Every allowed call must be followed by done or release.
func (b *breaker) allow() (trial, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case b.failures < b.max:
		return false, true
	case b.trial || b.now().Before(b.openUntil):
		return false, false
	}
	b.trial = true
	return true, true
}

// done records the outcome of an allowed call. It reports whether this failure opened the
// breaker.
func (b *breaker) done(trial, ok bool) (opened bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if trial {
		b.trial = false
	}
	if ok {
		b.failures = 0
		return false
	}
	b.failures++
	if b.failures < b.max {
		return false
	}
	if b.failures == b.max || trial {
		b.openUntil = b.now().Add(b.coolDown)
		return true
	}
	return false // a late failure of a call that went out before the breaker opened
}

// release ends an allowed call that says nothing about the server (the caller gave up).
func (b *breaker) release(trial bool) {
	if !trial {
		return
	}
	b.mu.Lock()
	b.trial = false
	b.mu.Unlock()
}
