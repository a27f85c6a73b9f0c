// Package bottest provides an in-memory bot.Channel for tests: a test says something as a
// client and gets back the replies the hub sent for that message.
package bottest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/minutka/minutka/bot"
)

// Channel is an in-memory channel. It is safe for concurrent use.
type Channel struct {
	name  string
	now   func() time.Time
	ready chan struct{}

	mu      sync.Mutex
	deliver func(bot.Message)
	seq     int
	sent    map[string][]bot.Reply   // by chat
	waiting map[string]chan struct{} // by message ID
}

var (
	_ bot.Channel      = (*Channel)(nil)
	_ bot.TurnObserver = (*Channel)(nil)
)

// New returns a channel called name ("test" if empty).
func New(name string) *Channel {
	if name == "" {
		name = "test"
	}
	return &Channel{name: name, now: time.Now, ready: make(chan struct{}),
		sent: make(map[string][]bot.Reply), waiting: make(map[string]chan struct{})}
}

// Name implements bot.Channel.
func (c *Channel) Name() string { return c.name }

// Run implements bot.Channel: it waits for ctx, while Say delivers messages.
func (c *Channel) Run(ctx context.Context, deliver func(bot.Message)) error {
	c.mu.Lock()
	c.deliver = deliver
	c.mu.Unlock()
	close(c.ready)
	<-ctx.Done()
	return nil
}

// Send implements bot.Channel by recording the reply.
func (c *Channel) Send(ctx context.Context, to bot.Address, r bot.Reply) error {
	if to.Channel != c.name {
		return fmt.Errorf("bottest: address %v is not on channel %q", to, c.name)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sent[to.Chat] = append(c.sent[to.Chat], r)
	return nil
}

// TurnDone implements bot.TurnObserver.
func (c *Channel) TurnDone(m bot.Message) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ch, ok := c.waiting[m.ID]; ok {
		close(ch)
		delete(c.waiting, m.ID)
	}
}

// Say delivers m from chat (filling ID, From and Sent if empty), waits until the hub has
// handled it, and returns the replies sent to chat meanwhile.
func (c *Channel) Say(ctx context.Context, chat string, m bot.Message) ([]bot.Reply, error) {
	select {
	case <-c.ready:
	case <-ctx.Done():
		return nil, errors.New("bottest: channel is not running")
	}
	c.mu.Lock()
	c.seq++
	if m.ID == "" {
		m.ID = fmt.Sprintf("m%d", c.seq)
	}
	m.From = bot.Address{Channel: c.name, Chat: chat}
	if m.Sent.IsZero() {
		m.Sent = c.now()
	}
	if m.Kind == "" {
		m.Kind = bot.KindText
	}
	done := make(chan struct{})
	c.waiting[m.ID] = done
	before := len(c.sent[chat])
	deliver := c.deliver
	c.mu.Unlock()

	deliver(m)
	select {
	case <-done:
	case <-ctx.Done():
		return nil, fmt.Errorf("bottest: no answer to %q: %w", m.Text, ctx.Err())
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]bot.Reply(nil), c.sent[chat][before:]...), nil
}

// Text says text from chat. See Say.
func (c *Channel) Text(ctx context.Context, chat, text string) ([]bot.Reply, error) {
	return c.Say(ctx, chat, bot.Message{Text: text})
}

// Press presses the button o from chat. See Say.
func (c *Channel) Press(ctx context.Context, chat string, o bot.Option) ([]bot.Reply, error) {
	return c.Say(ctx, chat, bot.Message{Text: o.Label, Option: o.Value})
}

// Sent returns every reply sent to chat so far.
func (c *Channel) Sent(chat string) []bot.Reply {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]bot.Reply(nil), c.sent[chat]...)
}
