package telegram_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"maps"
	"sync"
	"testing"
	"time"

	"github.com/minutka/minutka/bot"
	"github.com/minutka/minutka/bot/telegram"
	"github.com/minutka/minutka/bot/telegram/telegramtest"
)

const (
	token = "123456:AAF-secret_TOKEN-value"
	botID = 123456
	// client is a private chat (and user) id; staff a group chat id.
	client = 5550001
	staff  = -1001234567890
)

var t0 = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

// harness runs a Channel against a fake Bot API server.
type harness struct {
	t     *testing.T
	srv   *telegramtest.Server
	store *telegramtest.Store
	ch    *telegram.Channel
	logs  *syncBuffer
	msgs  chan bot.Message

	// auto, if set, makes the harness call TurnDone for every delivered message, as the hub does.
	auto bool

	cancel context.CancelFunc
	exit   chan error
}

// newHarness returns a channel on srv and store with test options, changed by mod; not running.
func newHarness(t *testing.T, srv *telegramtest.Server, store *telegramtest.Store, mod func(*telegram.Options)) *harness {
	t.Helper()
	h := &harness{t: t, srv: srv, store: store, logs: &syncBuffer{}, msgs: make(chan bot.Message, 100)}
	o := telegram.Options{
		Token:      token,
		APIURL:     srv.URL(),
		HTTPClient: srv.Client(),
		Store:      store,
		Groups:     []int64{staff},
		Logger:     slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:        func() time.Time { return t0.Add(5 * time.Second) },
	}
	if mod != nil {
		mod(&o)
	}
	ch, err := telegram.New(o)
	if err != nil {
		t.Fatalf("New = %v", err)
	}
	h.ch = ch
	return h
}

// start runs a channel with test options; the test must call stop (or defer it).
func start(t *testing.T, srv *telegramtest.Server, store *telegramtest.Store, mod func(*telegram.Options)) *harness {
	t.Helper()
	h := newHarness(t, srv, store, mod)
	h.run()
	return h
}

func (h *harness) run() {
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel, h.exit = cancel, make(chan error, 1)
	go func() {
		h.exit <- h.ch.Run(ctx, func(m bot.Message) {
			if h.auto {
				go h.ch.TurnDone(m)
			}
			select {
			case h.msgs <- m:
			default:
				h.t.Errorf("deliver: buffer full")
			}
		})
	}()
}

// stop stops Run and checks that it returned nil.
func (h *harness) stop() {
	h.t.Helper()
	if h.cancel == nil {
		return
	}
	h.cancel()
	if err := <-h.exit; err != nil {
		h.t.Errorf("Run = %v, want nil", err)
	}
	h.cancel = nil
}

// next returns the next delivered message, failing the test if none comes (in a synctest
// bubble the wait costs no real time).
func (h *harness) next() bot.Message {
	h.t.Helper()
	select {
	case m := <-h.msgs:
		return m
	case <-time.After(time.Minute):
		h.t.Fatal("no message delivered")
		return bot.Message{}
	}
}

// none checks that nothing more is delivered.
func (h *harness) none() {
	h.t.Helper()
	select {
	case m := <-h.msgs:
		h.t.Errorf("unexpected message delivered: %+v", m)
	case <-time.After(time.Minute):
	}
}

// calls waits for n calls of method.
func (h *harness) calls(method string, n int) []telegramtest.Call {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	calls, err := h.srv.WaitCalls(ctx, method, n)
	if err != nil {
		h.t.Fatal(err)
	}
	return calls
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Update builders, in the Bot API's JSON.

func person(id int64) map[string]any {
	return map[string]any{"id": id, "is_bot": false, "first_name": "Анна", "last_name": "Петрова", "language_code": "ru"}
}

// private is an update with a message from the client in their private chat, with fields.
func private(id int64, fields map[string]any) map[string]any {
	msg := map[string]any{
		"message_id": id + 1000,
		"date":       t0.Unix(),
		"chat":       map[string]any{"id": client, "type": "private", "first_name": "Анна"},
		"from":       person(client),
	}
	maps.Copy(msg, fields)
	return map[string]any{"update_id": id, "message": msg}
}

func text(id int64, s string) map[string]any { return private(id, map[string]any{"text": s}) }

// group is an update with a message in group chat from user.
func group(id, chat, user int64, s string) map[string]any {
	return map[string]any{"update_id": id, "message": map[string]any{
		"message_id": id + 1000,
		"date":       t0.Unix(),
		"chat":       map[string]any{"id": chat, "type": "supergroup", "title": "Staff"},
		"from":       person(user),
		"text":       s,
	}}
}

// press is an update with a button press on a bot message with markup.
func press(id int64, data string, markup any) map[string]any {
	msg := map[string]any{
		"message_id": 77,
		"date":       t0.Unix(),
		"chat":       map[string]any{"id": client, "type": "private"},
		"from":       map[string]any{"id": botID, "is_bot": true, "first_name": "Minutka"},
		"text":       "Что вас интересует?",
	}
	if markup != nil {
		msg["reply_markup"] = markup
	}
	return map[string]any{"update_id": id, "callback_query": map[string]any{
		"id":            "cq" + string(rune('0'+id%10)),
		"from":          person(client),
		"message":       msg,
		"chat_instance": "42",
		"data":          data,
	}}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil && !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
}
