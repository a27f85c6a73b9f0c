package telegram

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// maxChatLimiters is how many chats' limiters are kept before the idle ones are dropped.
const maxChatLimiters = 1000

// limiter keeps the outbound rates: one limiter for all chats and one per chat. Answers wait
// their turn (first come, first served); a bulk message takes a slot only when it is free now
// and no answer is waiting for the global limiter, so bulk never delays an answer by more than
// the one message already on its way.
type limiter struct {
	global  *rate.Limiter
	private rate.Limit
	group   rate.Limit
	burst   int

	mu     sync.Mutex
	chats  map[int64]*chatLimiter
	urgent int           // answers waiting for the global limiter
	idle   chan struct{} // closed while urgent == 0
}

type chatLimiter struct {
	lim  *rate.Limiter
	used time.Time
}

func newLimiter(l Limits) *limiter {
	if l.Global <= 0 {
		l.Global = 30
	}
	if l.Private <= 0 {
		l.Private = 1
	}
	if l.Group <= 0 {
		l.Group = 20
	}
	if l.Burst <= 0 {
		l.Burst = 3
	}
	idle := make(chan struct{})
	close(idle)
	return &limiter{
		global:  rate.NewLimiter(rate.Limit(l.Global), 1),
		private: rate.Limit(l.Private),
		group:   rate.Limit(l.Group / 60),
		burst:   l.Burst,
		chats:   make(map[int64]*chatLimiter),
		idle:    idle,
	}
}

// wait blocks until a message may go to chat (negative ids are groups), or ctx is done.
func (l *limiter) wait(ctx context.Context, chat int64, bulk bool) error {
	cl := l.chat(chat)
	if bulk {
		if err := l.politely(ctx, cl, false); err != nil {
			return err
		}
		return l.politely(ctx, l.global, true)
	}
	if err := cl.Wait(ctx); err != nil {
		return err
	}
	l.enter()
	defer l.leave()
	return l.global.Wait(ctx)
}

// politely takes a token from lim only when one is free now (and, if gated, no answer is
// waiting), so that a waiting bulk message holds no reservation ahead of later answers.
func (l *limiter) politely(ctx context.Context, lim *rate.Limiter, gated bool) error {
	for {
		if gated {
			l.mu.Lock()
			idle := l.idle
			l.mu.Unlock()
			select {
			case <-idle:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		r := lim.Reserve()
		d := r.Delay()
		if d == 0 {
			return nil
		}
		r.Cancel()
		if !sleep(ctx, d) {
			return ctx.Err()
		}
	}
}

// chat returns the limiter of chat, dropping idle ones when there are many.
func (l *limiter) chat(chat int64) *rate.Limiter {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.chats) >= maxChatLimiters {
		for id, c := range l.chats {
			if now.Sub(c.used) > time.Minute {
				delete(l.chats, id)
			}
		}
	}
	c := l.chats[chat]
	if c == nil {
		r := l.private
		if chat < 0 {
			r = l.group
		}
		c = &chatLimiter{lim: rate.NewLimiter(r, l.burst)}
		l.chats[chat] = c
	}
	c.used = now
	return c.lim
}

func (l *limiter) enter() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.urgent == 0 {
		l.idle = make(chan struct{})
	}
	l.urgent++
}

func (l *limiter) leave() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.urgent--; l.urgent == 0 {
		close(l.idle)
	}
}
