// Package whatsapp is the WhatsApp channel: it links minutka as a companion device of the
// business's number (whatsmeow, an unofficial client) and keeps the device keys in its own SQLite file.
//
// Addresses: Address.Chat (and Message.User) is the client's phone number in international
// digits without "+" ("79991234567") whenever WhatsApp tells the number, which is the key owners
// and staff configure; otherwise (a hidden-number LID sender with no known phone) it is the full
// JID string ("123456789012345@lid"). Send accepts both forms, and also "+7 999 123-45-67".
// Groups, status updates, broadcast lists, newsletters and our own messages are ignored.
package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/minutka/minutka/bot"
)

// Name is the channel's name in addresses and metrics.
const Name = "whatsapp"

// Errors. Run's errors wrap ErrNotLinked, ErrLoggedOut, ErrReplaced or ErrBanned, adding what
// happened and what to do.
var (
	// ErrNotLinked means no device is paired yet: run `minutka whatsapp link`.
	ErrNotLinked = errors.New("whatsapp: not linked")
	// ErrAlreadyLinked is returned by Link when the store already holds a paired device.
	ErrAlreadyLinked = errors.New("whatsapp: already linked")
	// ErrLoggedOut means the device was unlinked (from the phone or by WhatsApp): link again.
	ErrLoggedOut = errors.New("whatsapp: logged out")
	// ErrReplaced means another process connected with the same device keys.
	ErrReplaced = errors.New("whatsapp: session replaced")
	// ErrBanned means WhatsApp banned the number for a while.
	ErrBanned = errors.New("whatsapp: temporarily banned")
)

// errNotConnected is returned by Send while Run is not running.
var errNotConnected = errors.New("whatsapp: not connected")

// Bounds of the background calls and of the remembered options.
const (
	presenceTimeout = 10 * time.Second
	optionsTTL      = 24 * time.Hour // numbered options older than this no longer answer "1"
	maxRemembered   = 1024           // chats with remembered options before old ones are pruned
)

// Options configure a Channel.
type Options struct {
	DBPath string       // the adapter's own SQLite file, e.g. DATA/whatsapp.db; created with mode 0600
	Logger *slog.Logger // nil: discard. whatsmeow's own logs go to it at Debug (and below) and Warn
	Now    func() time.Time
	Rate   Rate // outbound limits; zero fields take the conservative defaults
	// OnFatal, if set, is called once by Run, before it returns, when WhatsApp ends the session
	// for good (logged out, replaced, banned, client outdated), with a sentence saying what
	// happened and what to do, e.g. to alert the owner. It should not block for long.
	OnFatal func(reason string)
}

// Channel is the WhatsApp channel. Its methods are safe for concurrent use; Run runs at most
// once at a time.
type Channel struct {
	o      Options
	log    *slog.Logger
	now    func() time.Time
	limits *limiter

	mu      sync.Mutex
	cl      client            // the connected client while Run runs, else nil
	deliver func(bot.Message) // Run's deliver
	fatal   chan error        // Run's: the first fatal event
	bg      sync.WaitGroup    // background presence and receipt calls; Add only while cl != nil
	options map[string]*pending
	typing  map[string]*typing
}

var (
	_ bot.Channel      = (*Channel)(nil)
	_ bot.TurnObserver = (*Channel)(nil)
)

// client is the part of *whatsmeow.Client the channel uses, so tests can stand in for the
// WhatsApp servers.
type client interface {
	AddEventHandler(h whatsmeow.EventHandler) uint32
	ConnectContext(ctx context.Context) error
	Disconnect()
	SendMessage(ctx context.Context, to types.JID, msg *waE2E.Message, extra ...whatsmeow.SendRequestExtra) (whatsmeow.SendResponse, error)
	MarkRead(ctx context.Context, ids []types.MessageID, ts time.Time, chat, sender types.JID, receiptType ...types.ReceiptType) error
	SendChatPresence(ctx context.Context, jid types.JID, state types.ChatPresence, media types.ChatPresenceMedia) error
	SendPresence(ctx context.Context, state types.Presence) error
}

var _ client = (*whatsmeow.Client)(nil)

// pending is the numbered options last sent to a chat.
type pending struct {
	options []bot.Option
	at      time.Time
}

// typingState tracks the «печатает…» indicator of one chat.
type typingState int

const (
	typingWanted  typingState = iota + 1 // a message came in; composing not sent yet
	typingSending                        // composing is being sent
	typingShown                          // composing was sent; paused is owed
)

type typing struct {
	state typingState
	jid   types.JID // the chat as WhatsApp named it in the message
}

// New returns a WhatsApp channel. It does no I/O: Run opens the store and connects.
func New(o Options) *Channel {
	c := &Channel{o: o, log: o.Logger, now: o.Now, limits: newLimiter(o.Rate),
		options: make(map[string]*pending), typing: make(map[string]*typing)}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.now == nil {
		c.now = time.Now
	}
	return c
}

// Name implements bot.Channel: "whatsapp".
func (c *Channel) Name() string { return Name }

// Run implements bot.Channel. It opens the device store, connects and delivers client
// messages until ctx is done (then it returns nil). If no device is linked it returns an
// error wrapping ErrNotLinked without touching the network. Network loss is handled by
// reconnecting. When WhatsApp ends the session for good (logged out, session replaced,
// temporary ban, client outdated) it disconnects, calls Options.OnFatal and returns an error
// saying what happened and what to do.
func (c *Channel) Run(ctx context.Context, deliver func(bot.Message)) error {
	wlog := newWALogger(c.log, "whatsmeow")
	container, device, err := c.openDevice(ctx, wlog)
	if err != nil {
		return err
	}
	defer container.Close()
	if device.ID == nil {
		return fmt.Errorf("%w: no device in %s; run `minutka whatsapp link` first", ErrNotLinked, c.o.DBPath)
	}
	linked := *device.ID
	cl := whatsmeow.NewClient(device, wlog)
	cl.EnableAutoReconnect = true
	cl.InitialAutoReconnect = true // no network at start: keep trying in the background
	err = c.serve(ctx, cl, deliver)
	if errors.Is(err, ErrLoggedOut) {
		// whatsmeow deletes the unlinked device too, but may not have finished: make sure the
		// next Run says ErrNotLinked instead of connecting with dead keys.
		if derr := container.DeleteDevice(context.WithoutCancel(ctx), &store.Device{ID: &linked}); derr != nil {
			c.log.Warn("delete unlinked device", "error", derr)
		}
	}
	return err
}

// serve connects cl and handles its events until ctx is done or a fatal event.
func (c *Channel) serve(ctx context.Context, cl client, deliver func(bot.Message)) error {
	fatal := make(chan error, 1)
	c.mu.Lock()
	if c.cl != nil {
		c.mu.Unlock()
		return errors.New("whatsapp: already running")
	}
	c.cl, c.deliver, c.fatal = cl, deliver, fatal
	c.mu.Unlock()

	cl.AddEventHandler(c.handleEvent)
	err := cl.ConnectContext(ctx)
	if err != nil {
		err = fmt.Errorf("whatsapp: connect: %w", err)
	} else {
		select {
		case <-ctx.Done():
		case err = <-fatal:
		}
	}
	cl.Disconnect()
	c.mu.Lock()
	c.cl, c.deliver, c.fatal = nil, nil, nil
	c.mu.Unlock()
	c.bg.Wait()

	if fe := (*fatalError)(nil); errors.As(err, &fe) {
		if c.o.OnFatal != nil {
			c.o.OnFatal(err.Error())
		}
	}
	return err
}

// handleEvent is the whatsmeow event handler. It never blocks: it converts and delivers
// messages and starts receipts and presence in the background.
func (c *Channel) handleEvent(evt any) {
	switch e := evt.(type) {
	case *events.Message:
		c.receive(e)
	case *events.Connected, *events.PushNameSetting:
		if _, ok := e.(*events.Connected); ok {
			c.log.Info("whatsapp connected")
		}
		// Online with the business's name, so that clients see it and «печатает…»; fails
		// harmlessly until the push name has synced, and is sent again when it has.
		c.background(func(ctx context.Context, cl client) {
			if err := cl.SendPresence(ctx, types.PresenceAvailable); err != nil {
				c.log.Debug("send presence", "error", err)
			}
		})
	case *events.Disconnected:
		c.log.Warn("whatsapp connection lost, reconnecting")
	case *events.KeepAliveTimeout:
		c.log.Warn("whatsapp keepalive timed out", "errors", e.ErrorCount, "last_success", e.LastSuccess)
	case *events.KeepAliveRestored:
		c.log.Info("whatsapp keepalive restored")
	case *events.StreamError:
		c.log.Warn("whatsapp stream error", "code", e.Code)
	default:
		if err := fatalFor(evt); err != nil {
			c.mu.Lock()
			fatal := c.fatal
			c.mu.Unlock()
			if fatal != nil {
				select {
				case fatal <- err:
				default: // the first one wins
				}
			}
		}
	}
}

// fatalError is a session end that needs a person: re-link, stop a second copy, wait.
type fatalError struct {
	err  error // a sentinel, or nil
	what string
	todo string
}

func (e *fatalError) Error() string {
	prefix := "whatsapp: disconnected for good"
	if e.err != nil {
		prefix = e.err.Error()
	}
	return prefix + " (" + e.what + "): " + e.todo
}

func (e *fatalError) Unwrap() error { return e.err }

// fatalFor returns the error for an event after which WhatsApp will not let the device
// reconnect, or nil.
func fatalFor(evt any) error {
	switch e := evt.(type) {
	case *events.LoggedOut:
		return &fatalError{ErrLoggedOut, "the device was unlinked, reason " + e.Reason.String(),
			"run `minutka whatsapp link` to link the number again, then restart minutka"}
	case *events.StreamReplaced:
		return &fatalError{ErrReplaced, "another process connected with the same device keys",
			"stop the other copy of minutka (only one may use the WhatsApp device file), then restart this one"}
	case *events.TemporaryBan:
		what := e.Code.String()
		if e.Expire > 0 {
			what += ", expires in " + e.Expire.String()
		}
		return &fatalError{ErrBanned, what,
			"wait until the ban expires, then restart minutka; lower whatsapp.messages_per_minute and avoid messaging people who did not write first"}
	case *events.ClientOutdated:
		return &fatalError{nil, "WhatsApp says the client is outdated", "update minutka, then restart it"}
	case events.PermanentDisconnect:
		return &fatalError{nil, e.PermanentDisconnectDescription(),
			"restart minutka; if it happens again, run `minutka whatsapp link` to link again"}
	}
	return nil
}

// receive delivers a client message, then marks it read and shows typing in the background.
func (c *Channel) receive(e *events.Message) {
	m, ok := toMessage(e, c.now())
	if !ok {
		return
	}
	c.mu.Lock()
	deliver := c.deliver
	if deliver == nil {
		c.mu.Unlock()
		return
	}
	p := c.options[m.From.Chat]
	delete(c.options, m.From.Chat) // numbered options answer only the message they came with
	if c.typing[m.From.Chat] == nil {
		c.typing[m.From.Chat] = &typing{state: typingWanted, jid: e.Info.Chat}
	}
	c.mu.Unlock()
	if p != nil && m.Kind == bot.KindText && m.Received.Sub(p.at) < optionsTTL {
		if o, ok := pressed(p.options, m.Text); ok {
			m.Text, m.Option = o.Label, o.Value
		}
	}
	deliver(m)
	c.background(func(ctx context.Context, cl client) {
		if err := cl.MarkRead(ctx, []types.MessageID{e.Info.ID}, c.now(), e.Info.Chat, e.Info.Sender); err != nil {
			c.log.Debug("mark read", "error", err)
		}
		c.startTyping(ctx, cl, m.From.Chat)
	})
}

// background runs f in its own goroutine with the connected client and a short deadline.
// It does nothing unless Run is running.
func (c *Channel) background(f func(ctx context.Context, cl client)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cl := c.cl
	if cl == nil {
		return
	}
	c.bg.Add(1)
	go func() {
		defer c.bg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), presenceTimeout)
		defer cancel()
		f(ctx, cl)
	}()
}

// startTyping sends «печатает…» to chat unless the turn has already ended.
func (c *Channel) startTyping(ctx context.Context, cl client, chat string) {
	c.mu.Lock()
	t := c.typing[chat]
	if t == nil || t.state != typingWanted {
		c.mu.Unlock()
		return
	}
	t.state = typingSending
	c.mu.Unlock()
	err := cl.SendChatPresence(ctx, t.jid, types.ChatPresenceComposing, types.ChatPresenceMediaText)
	if err != nil {
		c.log.Debug("send typing", "error", err)
	}
	c.mu.Lock()
	if c.typing[chat] == t {
		if err == nil {
			t.state = typingShown
		} else {
			delete(c.typing, chat)
		}
		c.mu.Unlock()
		return
	}
	c.mu.Unlock()
	// The turn ended while composing was on its way: take it back.
	if err == nil {
		if err := cl.SendChatPresence(ctx, t.jid, types.ChatPresencePaused, types.ChatPresenceMediaText); err != nil {
			c.log.Debug("send paused", "error", err)
		}
	}
}

// stopTyping ends chat's typing indicator, in the background if one was shown.
func (c *Channel) stopTyping(chat string) {
	c.mu.Lock()
	t := c.typing[chat]
	delete(c.typing, chat)
	c.mu.Unlock()
	if t == nil || t.state != typingShown {
		return // never shown, or startTyping takes it back
	}
	c.background(func(ctx context.Context, cl client) {
		if err := cl.SendChatPresence(ctx, t.jid, types.ChatPresencePaused, types.ChatPresenceMediaText); err != nil {
			c.log.Debug("send paused", "error", err)
		}
	})
}

// Send implements bot.Channel: it sends r as one text message, options as numbered lines that
// the client answers with the number. It waits for the outbound rate limits (Options.Rate;
// Bulk replies yield to answers) and fails when ctx ends first, or when Run is not connected.
// r.AskPhone needs nothing: WhatsApp already gives the number.
func (c *Channel) Send(ctx context.Context, to bot.Address, r bot.Reply) error {
	if to.Channel != "" && to.Channel != Name {
		return fmt.Errorf("whatsapp: send: address %v is not on WhatsApp", to)
	}
	jid, err := parseChat(to.Chat)
	if err != nil {
		return fmt.Errorf("whatsapp: send: %w", err)
	}
	text := render(r)
	if strings.TrimSpace(text) == "" {
		return nil
	}
	c.mu.Lock()
	cl := c.cl
	c.mu.Unlock()
	if cl == nil {
		return errNotConnected
	}
	if err := c.limits.wait(ctx, to.Chat, r.Bulk); err != nil {
		return fmt.Errorf("whatsapp: send: %w", err)
	}
	restore := c.remember(to.Chat, r.Options)
	if _, err := cl.SendMessage(ctx, jid, &waE2E.Message{Conversation: &text}); err != nil {
		restore()
		return fmt.Errorf("whatsapp: send: %w", err)
	}
	c.stopTyping(to.Chat)
	return nil
}

// remember keeps chat's numbered options so that a reply "2" presses the second one, and
// returns a func that undoes it (for a message that was not sent).
func (c *Channel) remember(chat string, options []bot.Option) (restore func()) {
	if len(options) == 0 {
		return func() {}
	}
	now := c.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.options) >= maxRemembered {
		for k, p := range c.options {
			if now.Sub(p.at) >= optionsTTL {
				delete(c.options, k)
			}
		}
	}
	prev := c.options[chat]
	p := &pending{options: options, at: now}
	c.options[chat] = p
	return func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.options[chat] != p {
			return // a newer message replaced them, or the client has answered
		}
		if prev != nil {
			c.options[chat] = prev
		} else {
			delete(c.options, chat)
		}
	}
}

// TurnDone implements bot.TurnObserver: the bot has answered m, so it stops «печатает…».
func (c *Channel) TurnDone(m bot.Message) { c.stopTyping(m.From.Chat) }
