// Package webchat is the website chat channel: a chat page, an embeddable widget and the
// WebSocket that carries a visitor's messages to the hub and the bot's replies back.
//
// The page connects to /ws?chat=<id>, where id ([A-Za-z0-9_-]{8,64}) is made by the browser
// and kept in its localStorage; the conversation's address is {Channel: "webchat", Chat: id}.
// Frames are JSON text. Client to server:
//
//	{"type":"message","id":"<client message id>","text":"…"}
//	{"type":"option","id":"…","value":"<Option.Value>","label":"<Option.Label>"}
//
// Server to client:
//
//	{"type":"reply","text":"…","options":[{"label":"…","value":"…"}],"at":"<RFC 3339, UTC>"}
package webchat

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/coder/websocket"

	"github.com/minutka/minutka/bot"
)

const (
	name = "webchat"

	readLimit       = 64 << 10         // the largest client frame, in bytes
	outboxLimit     = 50               // replies kept per chat while no socket is open
	idleTTL         = 24 * time.Hour   // a chat with no socket and no activity this long is dropped
	queueSize       = 64               // replies buffered per socket; more than outboxLimit
	pendingLimit    = 1000             // messages held while Run has not started
	writeTimeout    = 10 * time.Second // one frame to one socket
	pingInterval    = 30 * time.Second
	pingTimeout     = 15 * time.Second
	janitorInterval = time.Hour
	maxIDLen        = 128 // bytes of a client message id kept
)

// Errors returned by Send and Run.
var (
	ErrInvalidAddress = errors.New("webchat: invalid address")
	ErrClosed         = errors.New("webchat: closed")
	ErrRunning        = errors.New("webchat: already running")
)

// Options configures a Channel. The zero value is usable.
type Options struct {
	// Title is the business name shown in the chat header and the page title,
	// e.g. "Салон Минутка".
	Title string
	// Greeting, if set, is shown as the bot's first bubble before any message. It is a page
	// decoration only: it is not sent through the hub.
	Greeting string
	// Lang picks the page's UI strings: "ru" (the default) or "en". Anything else means "ru".
	Lang string
	// AllowedOrigins lists the host patterns of other sites allowed to open the WebSocket, as
	// websocket.AcceptOptions.OriginPatterns: "example.com", "*.example.com" or, with a
	// scheme, "https://example.com". Same-origin connections are always allowed. The widget
	// runs the chat in an iframe served from this server, so it needs no entry here; list a
	// site only if its own scripts connect to /ws.
	AllowedOrigins []string
	// Logger receives the channel's logs; nil discards them. Message texts are logged only
	// at Debug.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Channel is the website chat. It serves the page, the widget and the WebSocket (Handler),
// hands the visitors' messages to the hub (Run) and writes the replies back (Send).
// All methods are safe for concurrent use.
type Channel struct {
	opts    Options
	log     *slog.Logger
	now     func() time.Time
	ui      uiStrings
	handler http.Handler
	widget  []byte // widget.js, configured

	// dmu guards the delivery state and serialises deliveries, so the messages of one socket
	// reach the hub in the order they were read even across the start of Run.
	dmu     sync.Mutex
	deliver func(bot.Message)
	pending []bot.Message
	stopped bool

	mu      sync.Mutex
	chats   map[string]*chat
	running bool
	closed  bool
	active  sync.WaitGroup // one per /ws request past the checks, until its socket is gone
}

var _ bot.Channel = (*Channel)(nil)

// chat is one conversation: its open sockets and the replies waiting for one.
type chat struct {
	conns  map[*conn]struct{}
	outbox []item
	seq    uint64    // the last reply's sequence number
	active time.Time // the last connect, disconnect, message or reply
}

// item is one encoded reply frame.
type item struct {
	seq  uint64
	data []byte
}

// New returns a Channel configured by o. It does no I/O.
func New(o Options) *Channel {
	c := &Channel{
		opts:  o,
		log:   o.Logger,
		now:   o.Now,
		ui:    stringsFor(o.Lang),
		chats: make(map[string]*chat),
	}
	if c.log == nil {
		c.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.opts.Title == "" {
		c.opts.Title = c.ui.DefaultTitle
	}
	c.handler = c.newHandler()
	return c
}

// Name returns "webchat".
func (c *Channel) Name() string { return name }

// Run hands every message read from the sockets to deliver until ctx is done, then closes all
// sockets with StatusGoingAway, waits for their goroutines and returns nil. Messages that
// arrived before Run are delivered first, in order (up to 1000 are held). deliver is called
// from the sockets' goroutines, one call at a time, and must not block. Run may be called
// once; a second call returns ErrRunning, a call after shutdown ErrClosed.
func (c *Channel) Run(ctx context.Context, deliver func(bot.Message)) error {
	if deliver == nil {
		return errors.New("webchat: run: nil deliver")
	}
	c.mu.Lock()
	switch {
	case c.closed:
		c.mu.Unlock()
		return ErrClosed
	case c.running:
		c.mu.Unlock()
		return ErrRunning
	}
	c.running = true
	c.mu.Unlock()

	c.dmu.Lock()
	for _, m := range c.pending {
		deliver(m)
	}
	c.pending = nil
	c.deliver = deliver
	c.dmu.Unlock()

	t := time.NewTicker(janitorInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			c.shutdown()
			return nil
		case <-t.C:
			c.prune()
		}
	}
}

// shutdown closes every socket, refuses new ones and waits until their goroutines are gone.
func (c *Channel) shutdown() {
	c.dmu.Lock()
	c.stopped = true
	c.dmu.Unlock()

	c.mu.Lock()
	c.closed = true
	n := 0
	for _, ch := range c.chats {
		for k := range ch.conns {
			k.close(websocket.StatusGoingAway, "server shutting down")
			n++
		}
	}
	c.mu.Unlock()
	c.active.Wait()
	c.log.Info("webchat: stopped", slog.Int("sockets", n))
}

// Send writes r to every open socket of the chat to.Chat; if none is open it keeps r in the
// chat's outbox (the last 50 replies) and writes it when the chat connects again. Send never
// waits for the network: a socket whose queue is full is closed instead. It returns
// ErrInvalidAddress for an address that is not a webchat chat id and ErrClosed after Run
// has stopped; ctx is not used.
func (c *Channel) Send(ctx context.Context, to bot.Address, r bot.Reply) error {
	if to.Channel != name || !validChatID(to.Chat) {
		return fmt.Errorf("%w: %q", ErrInvalidAddress, to.String())
	}
	now := c.now()
	data, err := encodeReply(r, now)
	if err != nil {
		return fmt.Errorf("webchat: send: %w", err)
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrClosed
	}
	ch := c.chatLocked(to.Chat)
	ch.active = now
	ch.seq++
	it := item{seq: ch.seq, data: data}
	queued := false
	for k := range ch.conns {
		select {
		case k.queue <- it:
			queued = true
		default:
			c.log.Warn("webchat: socket too slow, closing", slog.String("chat", to.Chat))
			k.kill()
		}
	}
	if !queued {
		ch.outbox = appendBounded(ch.outbox, it)
		if len(ch.outbox) == outboxLimit {
			c.log.Debug("webchat: outbox full", slog.String("chat", to.Chat))
		}
	}
	return nil
}

// chatLocked returns the chat id, creating it. c.mu must be held.
func (c *Channel) chatLocked(id string) *chat {
	ch := c.chats[id]
	if ch == nil {
		ch = &chat{conns: make(map[*conn]struct{})}
		c.chats[id] = ch
	}
	return ch
}

// register adds k to its chat and queues the chat's outbox on it. It reports false after
// shutdown.
func (c *Channel) register(k *conn) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return false
	}
	ch := c.chatLocked(k.chat)
	ch.active = c.now()
	k.since = ch.seq
	for _, it := range ch.outbox {
		k.queue <- it // fits: queueSize > outboxLimit and k is new
	}
	ch.outbox = nil
	ch.conns[k] = struct{}{}
	return true
}

// unregister removes k from its chat. The replies k did not write (left, in order) go to the
// chat's other sockets that had not been sent them, or back to the front of the outbox when
// no socket is left.
func (c *Channel) unregister(k *conn, left []item) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := c.chats[k.chat]
	if ch == nil {
		return
	}
	delete(ch.conns, k)
	ch.active = c.now()
	if len(ch.conns) == 0 {
		if len(left) > 0 {
			ob := append(left, ch.outbox...)
			if len(ob) > outboxLimit {
				ob = append([]item(nil), ob[len(ob)-outboxLimit:]...)
			}
			ch.outbox = ob
		}
		if len(ch.outbox) == 0 {
			delete(c.chats, k.chat)
		}
		return
	}
	for other := range ch.conns {
		for _, it := range left {
			if it.seq > other.since {
				continue // Send gave it to other already
			}
			select {
			case other.queue <- it:
			default:
				other.kill()
			}
		}
	}
}

// prune drops the chats that have no socket and have been idle for 24 hours.
func (c *Channel) prune() {
	now := c.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	for id, ch := range c.chats {
		if len(ch.conns) == 0 && now.Sub(ch.active) >= idleTTL {
			delete(c.chats, id)
		}
	}
}

// dispatch hands m to the hub, or holds it until Run starts.
func (c *Channel) dispatch(m bot.Message) {
	c.dmu.Lock()
	defer c.dmu.Unlock()
	switch {
	case c.stopped:
	case c.deliver != nil:
		c.deliver(m)
	case len(c.pending) < pendingLimit:
		c.pending = append(c.pending, m)
	default:
		c.log.Warn("webchat: not running, message dropped", slog.String("chat", m.From.Chat))
	}
}

// touch records activity on a chat.
func (c *Channel) touch(id string, now time.Time) {
	c.mu.Lock()
	if ch := c.chats[id]; ch != nil {
		ch.active = now
	}
	c.mu.Unlock()
}

// inFrame is a client→server frame:
//
//	{"type":"message","id":"…","text":"…"}
//	{"type":"option","id":"…","value":"<Option.Value>","label":"<Option.Label>"}
type inFrame struct {
	Type  string `json:"type"`
	ID    string `json:"id"`
	Text  string `json:"text"`
	Value string `json:"value"`
	Label string `json:"label"`
}

// outFrame is the server→client frame:
//
//	{"type":"reply","text":"…","options":[{"label":"…","value":"…"}],"at":"RFC3339"}
type outFrame struct {
	Type    string      `json:"type"`
	Text    string      `json:"text"`
	Options []outOption `json:"options"`
	At      string      `json:"at"`
}

type outOption struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

func encodeReply(r bot.Reply, at time.Time) ([]byte, error) {
	f := outFrame{
		Type:    "reply",
		Text:    r.Text,
		Options: make([]outOption, 0, len(r.Options)),
		At:      at.UTC().Format(time.RFC3339),
	}
	for _, o := range r.Options {
		f.Options = append(f.Options, outOption{Label: o.Label, Value: o.Value})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// message turns a client frame into a message. For a frame to ignore it returns why instead.
func (c *Channel) message(chatID string, data []byte) (m bot.Message, why string) {
	var f inFrame
	if err := json.Unmarshal(data, &f); err != nil {
		return m, "not json"
	}
	m = bot.Message{
		ID:   truncate(clean(f.ID), maxIDLen),
		From: bot.Address{Channel: name, Chat: chatID},
		Kind: bot.KindText,
	}
	switch f.Type {
	case "message":
		m.Text = strings.TrimSpace(clean(f.Text))
	case "option":
		m.Option = clean(f.Value)
		if m.Option == "" {
			return m, "option without value"
		}
		m.Text = strings.TrimSpace(clean(f.Label))
		if m.Text == "" {
			m.Text = m.Option
		}
	default:
		return m, "unknown type"
	}
	if m.Text == "" {
		return m, "empty text"
	}
	now := c.now()
	m.Sent, m.Received = now, now
	return m, ""
}

func clean(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }

// truncate cuts s to at most n bytes on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// validChatID reports whether id matches [A-Za-z0-9_-]{8,64}.
func validChatID(id string) bool {
	if len(id) < 8 || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		b := id[i]
		switch {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9', b == '_', b == '-':
		default:
			return false
		}
	}
	return true
}

// appendBounded appends it to ob, keeping the last outboxLimit items.
func appendBounded(ob []item, it item) []item {
	ob = append(ob, it)
	if len(ob) > outboxLimit {
		ob = append(ob[:0:0], ob[len(ob)-outboxLimit:]...)
	}
	return ob
}
