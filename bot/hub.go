package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/minutka/minutka/dialogs"
	"github.com/minutka/minutka/events"
	"github.com/prometheus/client_golang/prometheus"
)

// Engine answers client messages. *dialogs.Engine implements it.
type Engine interface {
	Handle(ctx context.Context, in dialogs.Input) (dialogs.Turn, error)
}

// EventLog records events. events/bolt implements it.
type EventLog interface {
	Append(ctx context.Context, e events.Event) error
}

// ContactStore keeps each client's current contact, for first-response times. events/bolt
// implements it.
type ContactStore interface {
	Contact(ctx context.Context, client string) (c events.Contact, ok bool, err error)
	PutContact(ctx context.Context, c events.Contact) error
}

// Config is what a Hub needs.
type Config struct {
	Engine   Engine
	Events   EventLog
	Contacts ContactStore
	Metrics  prometheus.Registerer // nil: metrics are not registered
	Logger   *slog.Logger          // nil: discard
	Now      func() time.Time      // nil: time.Now
	Sorry    string                // what the client gets if handling a message panics
	Roles    Roles                 // who is staff and owner; everyone else is a client
	Commands Commands              // answers staff and owners; nil: their messages are ignored
}

// maxQueue bounds one conversation's backlog; beyond it the oldest messages are dropped.
const maxQueue = 200

// turnTimeout bounds the handling of one message.
const turnTimeout = 30 * time.Second

// Hub moves messages from channels to the engine and replies back, one ordered queue per
// conversation, and records message events and first-response times.
type Hub struct {
	cfg      Config
	log      *slog.Logger
	now      func() time.Time
	channels []Channel

	frt      *prometheus.HistogramVec
	received *prometheus.CounterVec
	booked   *prometheus.CounterVec

	mu     sync.Mutex
	queues map[string]*queue
	closed bool
	work   sync.WaitGroup
}

type queue struct {
	items []Message
}

// New returns a hub. It registers its metrics with c.Metrics and does no I/O.
func New(c Config) (*Hub, error) {
	h := &Hub{cfg: c, log: c.Logger, now: c.Now, queues: make(map[string]*queue)}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	if h.now == nil {
		h.now = time.Now
	}
	h.frt = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "minutka_first_response_seconds",
		Help:    "Time from the message that opened a contact to the first answer to it.",
		Buckets: []float64{0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 180, 300, 600, 1800, 3600},
	}, []string{"channel", "responder"})
	h.received = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "minutka_messages_received_total",
		Help: "Client messages received.",
	}, []string{"channel"})
	h.booked = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "minutka_bookings_created_total",
		Help: "Bookings made through the bot.",
	}, []string{"channel"})
	if c.Metrics != nil {
		for _, m := range []prometheus.Collector{h.frt, h.received, h.booked} {
			if err := c.Metrics.Register(m); err != nil {
				return nil, fmt.Errorf("bot: register metrics: %w", err)
			}
		}
	}
	return h, nil
}

// Add adds a channel. Call it before Run.
func (h *Hub) Add(ch Channel) { h.channels = append(h.channels, ch) }

// Run runs every channel until ctx is done, then finishes the messages already received and
// returns. A channel that fails is logged and the others go on.
func (h *Hub) Run(ctx context.Context) error {
	var chans sync.WaitGroup
	for _, ch := range h.channels {
		chans.Add(1)
		go func() {
			defer chans.Done()
			err := ch.Run(ctx, func(m Message) { h.enqueue(ctx, ch, m) })
			if err != nil && !errors.Is(err, context.Canceled) {
				h.log.Error("channel stopped", "channel", ch.Name(), "error", err)
			}
		}()
	}
	<-ctx.Done()
	chans.Wait()
	h.mu.Lock()
	h.closed = true
	h.mu.Unlock()
	h.work.Wait()
	return nil
}

// enqueue adds m to its conversation's queue, starting a worker if the queue was idle.
// It never blocks on handling.
func (h *Hub) enqueue(ctx context.Context, ch Channel, m Message) {
	if m.From.Channel == "" {
		m.From.Channel = ch.Name()
	}
	if m.Received.IsZero() {
		m.Received = h.now()
	}
	key := m.From.String()
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		h.log.Warn("message after shutdown dropped", "channel", ch.Name())
		return
	}
	q, ok := h.queues[key]
	if !ok {
		q = &queue{}
		h.queues[key] = q
		h.work.Add(1)
		go h.drain(ctx, ch, key, q)
	}
	if len(q.items) >= maxQueue {
		h.log.Warn("conversation backlog full, oldest message dropped", "channel", ch.Name())
		q.items = q.items[1:]
	}
	q.items = append(q.items, m)
}

// drain handles one conversation's messages in order until its queue is empty.
func (h *Hub) drain(ctx context.Context, ch Channel, key string, q *queue) {
	defer h.work.Done()
	for {
		h.mu.Lock()
		if len(q.items) == 0 {
			delete(h.queues, key)
			h.mu.Unlock()
			return
		}
		m := q.items[0]
		q.items = q.items[1:]
		h.mu.Unlock()

		// A message already received is finished even while shutting down.
		tctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), turnTimeout)
		h.handle(tctx, ch, m)
		cancel()
		if obs, ok := ch.(TurnObserver); ok {
			obs.TurnDone(m)
		}
	}
}

// handle runs one message through the engine and sends the replies.
func (h *Hub) handle(ctx context.Context, ch Channel, m Message) {
	key := m.From.String()
	defer func() {
		if p := recover(); p != nil {
			h.log.Error("panic handling message", "channel", ch.Name(), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			if h.cfg.Sorry != "" {
				h.send(ctx, ch, m.From, Reply{Text: h.cfg.Sorry})
			}
		}
	}()
	m.Text = strings.ToValidUTF8(m.Text, "\uFFFD")
	switch role := h.cfg.Roles.Of(m); {
	case role != RoleClient:
		if h.cfg.Commands != nil {
			for _, r := range h.cfg.Commands.Command(ctx, role, m, h.now()) {
				h.send(ctx, ch, m.From, r)
			}
		}
		return
	case m.Group:
		h.log.Debug("message in a group that is not a staff chat ignored", "channel", ch.Name())
		return
	}
	sent := m.Sent
	if sent.IsZero() || sent.After(m.Received) {
		sent = m.Received // no platform time, or a platform clock ahead of ours
	}

	c, known, err := h.cfg.Contacts.Contact(ctx, key)
	if err != nil {
		h.log.Error("read contact", "channel", ch.Name(), "error", err)
	}
	c.Client, c.Channel = key, ch.Name()
	c.Inbound(sent)
	h.received.WithLabelValues(ch.Name()).Inc()
	h.record(ctx, events.Event{Type: events.MessageReceived, At: m.Received, Channel: ch.Name(), Client: key, Sent: sent})
	if !known {
		lead := events.Event{Type: events.LeadCreated, At: m.Received, Channel: ch.Name(), Client: key}
		if m.Source != "" {
			lead.Data = map[string]string{"source": m.Source}
		}
		h.record(ctx, lead)
	}

	turn, err := h.cfg.Engine.Handle(ctx, dialogs.Input{Client: key, Text: m.Text, Option: m.Option, Kind: string(m.Kind),
		Phone: m.Phone, Time: sent})
	if err != nil {
		h.log.Error("handle message", "channel", ch.Name(), "error", err)
	}
	for _, r := range turn.Replies {
		reply := Reply{Text: r.Text, AskPhone: r.AskPhone}
		for _, o := range r.Options {
			reply.Options = append(reply.Options, Option{Label: o.Label, Value: o.Value})
		}
		if !h.send(ctx, ch, m.From, reply) {
			continue
		}
		if frt, ok := c.Outbound(h.now()); ok {
			h.frt.WithLabelValues(ch.Name(), events.ResponderBot).Observe(frt.Seconds())
			h.record(ctx, events.Event{Type: events.FirstResponse, At: h.now(), Channel: ch.Name(), Client: key,
				Responder: events.ResponderBot, Seconds: frt.Seconds()})
		}
	}
	if err := h.cfg.Contacts.PutContact(ctx, c); err != nil {
		h.log.Error("save contact", "channel", ch.Name(), "error", err)
	}
	if b := turn.Booked; b != nil {
		data := map[string]string{"booking_id": b.ID, "service": b.Service, "master": b.Master,
			"start": b.Start.UTC().Format(time.RFC3339), "new": fmt.Sprint(b.New)}
		typ := events.BookingCreated
		if turn.Moved != nil {
			typ, data["replaces"] = events.BookingMoved, turn.Moved.ID
		} else {
			h.booked.WithLabelValues(ch.Name()).Inc()
		}
		h.record(ctx, events.Event{Type: typ, At: h.now(), Channel: ch.Name(), Client: key, Data: data})
	}
	if b := turn.Cancelled; b != nil {
		h.record(ctx, events.Event{Type: events.BookingCanceled, At: h.now(), Channel: ch.Name(), Client: key,
			Data: map[string]string{"booking_id": b.ID}})
	}
}

func (h *Hub) send(ctx context.Context, ch Channel, to Address, r Reply) bool {
	if err := ch.Send(ctx, to, r); err != nil {
		h.log.Error("send reply", "channel", ch.Name(), "error", err)
		return false
	}
	return true
}

func (h *Hub) record(ctx context.Context, e events.Event) {
	if err := h.cfg.Events.Append(ctx, e); err != nil {
		h.log.Error("record event", "event", string(e.Type), "error", err)
	}
}
