package whatsapp

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Rate limits outbound messages, to keep the number from looking like a spammer's. The zero
// value of each field takes its default.
type Rate struct {
	PerMinute int           // messages per minute over all chats; default 20
	Burst     int           // messages that may go at once over all chats; default 5
	PerChat   time.Duration // the least time between two messages to one chat; default 2 s
}

// Defaults of Rate.
const (
	DefaultPerMinute = 20
	DefaultBurst     = 5
	DefaultPerChat   = 2 * time.Second
)

// maxChatLimiters bounds the per-chat limiters kept before idle ones are dropped.
const maxChatLimiters = 1024

// limiter applies a Rate. Answers reserve their turn at once; bulk messages (reminders) wait
// until a token is free now, so they never push an answer back.
type limiter struct {
	all     *rate.Limiter
	perChat time.Duration

	mu    sync.Mutex
	chats map[string]*rate.Limiter
}

func newLimiter(r Rate) *limiter {
	if r.PerMinute <= 0 {
		r.PerMinute = DefaultPerMinute
	}
	if r.Burst <= 0 {
		r.Burst = DefaultBurst
	}
	if r.PerChat <= 0 {
		r.PerChat = DefaultPerChat
	}
	return &limiter{
		all:     rate.NewLimiter(rate.Limit(float64(r.PerMinute)/60), r.Burst),
		perChat: r.PerChat,
		chats:   make(map[string]*rate.Limiter),
	}
}

// wait blocks until one message to chat may be sent, or returns an error when ctx ends first
// (or its deadline is too near for the wait).
func (l *limiter) wait(ctx context.Context, chat string, bulk bool) error {
	if err := l.chat(chat).Wait(ctx); err != nil {
		return err
	}
	if !bulk {
		return l.all.Wait(ctx)
	}
	for !l.all.Allow() {
		// Answers waiting have reserved tokens already, so this waits for them too.
		d := time.Duration((1 - l.all.Tokens()) / float64(l.all.Limit()) * float64(time.Second))
		t := time.NewTimer(max(d, 10*time.Millisecond))
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
	return nil
}

// chat returns chat's limiter.
func (l *limiter) chat(chat string) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	if lim, ok := l.chats[chat]; ok {
		return lim
	}
	if len(l.chats) >= maxChatLimiters {
		for k, lim := range l.chats {
			if lim.Tokens() >= 1 { // idle: a new limiter behaves the same
				delete(l.chats, k)
			}
		}
	}
	lim := rate.NewLimiter(rate.Every(l.perChat), 1)
	l.chats[chat] = lim
	return lim
}
