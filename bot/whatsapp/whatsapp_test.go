package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"github.com/minutka/minutka/bot"
)

// fakeClient stands in for whatsmeow's connection to the WhatsApp servers: it hands events to
// the registered handler and records what the channel sends.
type fakeClient struct {
	connectErr error
	sendErr    error

	mu           sync.Mutex
	handler      whatsmeow.EventHandler
	connected    bool
	disconnected bool
	sent         []sentMessage
	calls        []string // receipts and presence, in order: "read ID", "composing JID", "paused JID", "available"
}

type sentMessage struct {
	to   types.JID
	text string
	at   time.Time
}

var _ client = (*fakeClient)(nil)

func (f *fakeClient) AddEventHandler(h whatsmeow.EventHandler) uint32 {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.handler = h
	return 1
}

func (f *fakeClient) ConnectContext(ctx context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.connected = f.connectErr == nil
	return f.connectErr
}

func (f *fakeClient) Disconnect() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.disconnected = true
}

func (f *fakeClient) SendMessage(ctx context.Context, to types.JID, msg *waE2E.Message, extra ...whatsmeow.SendRequestExtra) (whatsmeow.SendResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.sendErr != nil {
		return whatsmeow.SendResponse{}, f.sendErr
	}
	f.sent = append(f.sent, sentMessage{to: to, text: msg.GetConversation(), at: time.Now()})
	return whatsmeow.SendResponse{ID: fmt.Sprint("sent", len(f.sent))}, nil
}

func (f *fakeClient) MarkRead(ctx context.Context, ids []types.MessageID, ts time.Time, chat, sender types.JID, _ ...types.ReceiptType) error {
	f.record("read " + strings.Join(ids, ",") + " " + chat.String())
	return nil
}

func (f *fakeClient) SendChatPresence(ctx context.Context, jid types.JID, state types.ChatPresence, media types.ChatPresenceMedia) error {
	f.record(string(state) + " " + jid.String())
	return nil
}

func (f *fakeClient) SendPresence(ctx context.Context, state types.Presence) error {
	f.record(string(state))
	return nil
}

func (f *fakeClient) record(call string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call)
}

// emit hands evt to the channel as whatsmeow would.
func (f *fakeClient) emit(evt any) {
	f.mu.Lock()
	h := f.handler
	f.mu.Unlock()
	h(evt)
}

func (f *fakeClient) Disconnected() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.disconnected
}

func (f *fakeClient) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

func (f *fakeClient) Sent() []sentMessage {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.sent)
}

// running is a channel serving a fake client inside a synctest bubble.
type running struct {
	c    *Channel
	fake *fakeClient
	stop context.CancelFunc
	done chan error

	mu     sync.Mutex
	got    []bot.Message
	fatals []string
}

// Got returns the messages delivered so far.
func (r *running) Got() []bot.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got)
}

// Fatals returns the reasons OnFatal got.
func (r *running) Fatals() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.fatals)
}

// start serves a fake client until the test ends; call it inside synctest.Test.
func start(t *testing.T, o Options) *running {
	t.Helper()
	r := &running{fake: &fakeClient{}, done: make(chan error, 1)}
	o.OnFatal = func(reason string) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.fatals = append(r.fatals, reason)
	}
	r.c = New(o)
	ctx, cancel := context.WithCancel(t.Context())
	r.stop = cancel
	deliver := func(m bot.Message) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.got = append(r.got, m)
	}
	go func() { r.done <- r.c.serve(ctx, r.fake, deliver) }()
	t.Cleanup(func() {
		cancel()
		<-r.done
	})
	synctest.Wait()
	r.fake.mu.Lock()
	defer r.fake.mu.Unlock()
	if !r.fake.connected {
		t.Fatal("serve did not connect")
	}
	return r
}

func TestHandleMessage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := start(t, Options{})
		r.fake.emit(&events.Connected{})
		synctest.Wait()
		r.fake.emit(incoming(text("Здравствуйте")))
		synctest.Wait()

		if len(r.Got()) != 1 || r.Got()[0].Text != "Здравствуйте" || r.Got()[0].From.Chat != "79991234567" {
			t.Fatalf("handleEvent(message) delivered %+v, want one message from 79991234567", r.Got())
		}
		want := []string{"available", "read 3EB0A1B2C3D4E5F6 79991234567@s.whatsapp.net", "composing 79991234567@s.whatsapp.net"}
		if got := r.fake.Calls(); !slices.Equal(got, want) {
			t.Errorf("handleEvent(message) calls = %q, want %q", got, want)
		}

		m := r.Got()[0]
		if err := r.c.Send(t.Context(), m.From, bot.Reply{Text: "Добрый день!"}); err != nil {
			t.Fatalf("Send() = %v", err)
		}
		r.c.TurnDone(m)
		synctest.Wait()
		want = append(want, "paused 79991234567@s.whatsapp.net")
		if got := r.fake.Calls(); !slices.Equal(got, want) {
			t.Errorf("after Send and TurnDone calls = %q, want %q", got, want)
		}
		if s := r.fake.Sent(); len(s) != 1 || s[0].to != client1 || s[0].text != "Добрый день!" {
			t.Errorf("Send() sent %+v, want «Добрый день!» to %v", s, client1)
		}
	})
}

func TestIgnoredMessagesAreNotRead(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := start(t, Options{})
		r.fake.emit(with(incoming(text("всем привет")), func(e *events.Message) { e.Info.Chat, e.Info.IsGroup = group, true }))
		r.fake.emit(with(incoming(text("Ждём вас")), func(e *events.Message) { e.Info.IsFromMe = true }))
		r.fake.emit(&events.Receipt{})
		synctest.Wait()
		if len(r.Got()) != 0 || len(r.fake.Calls()) != 0 {
			t.Errorf("handleEvent(ignored) delivered %v and called %q, want nothing", r.Got(), r.fake.Calls())
		}
	})
}

// TestTurnEndsBeforeTyping checks that a turn over before «печатает…» went out leaves no
// indicator behind.
func TestTurnEndsBeforeTyping(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := start(t, Options{})
		r.fake.emit(incoming(text("Здравствуйте")))
		r.c.TurnDone(r.Got()[0]) // before the background composing ran
		synctest.Wait()
		calls := r.fake.Calls()
		if slices.ContainsFunc(calls, func(c string) bool { return strings.HasPrefix(c, "composing") }) &&
			!strings.HasPrefix(calls[len(calls)-1], "paused") {
			t.Errorf("calls = %q, want no composing, or paused last", calls)
		}
	})
}

func TestNumberedOptions(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := start(t, Options{})
		to := bot.Address{Channel: "whatsapp", Chat: "79991234567"}
		if err := r.c.Send(t.Context(), to, bot.Reply{Text: "Когда удобно?", Options: slots}); err != nil {
			t.Fatalf("Send() = %v", err)
		}
		if s := r.fake.Sent(); len(s) != 1 || s[0].text != "Когда удобно?\n1. Сегодня 15:00\n2. Завтра 10:00" {
			t.Fatalf("Send() sent %+v, want the text and numbered options", s)
		}
		r.fake.emit(incoming(text("2.")))
		r.fake.emit(incoming(text("1"))) // options answer only the message they came with
		synctest.Wait()
		got := r.Got()
		if len(got) != 2 {
			t.Fatalf("delivered %d messages, want 2", len(got))
		}
		if got[0].Option != "slot:1000" || got[0].Text != "Завтра 10:00" {
			t.Errorf("reply %q = option %q text %q, want %q %q", "2.", got[0].Option, got[0].Text, "slot:1000", "Завтра 10:00")
		}
		if got[1].Option != "" || got[1].Text != "1" {
			t.Errorf("second reply %q = option %q text %q, want plain text", "1", got[1].Option, got[1].Text)
		}
	})
}

func TestSendFailureForgetsOptions(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := start(t, Options{})
		to := bot.Address{Channel: "whatsapp", Chat: "79991234567"}
		r.fake.mu.Lock()
		r.fake.sendErr = errors.New("no route")
		r.fake.mu.Unlock()
		if err := r.c.Send(t.Context(), to, bot.Reply{Text: "Когда?", Options: slots}); err == nil {
			t.Fatal("Send() = nil, want the client's error")
		}
		r.fake.emit(incoming(text("1")))
		synctest.Wait()
		if got := r.Got()[0]; got.Option != "" {
			t.Errorf("after a failed send %q pressed %q, want plain text", "1", got.Option)
		}
	})
}

func TestFatalEvents(t *testing.T) {
	tests := []struct {
		evt  any
		is   error
		todo string
	}{
		{&events.LoggedOut{Reason: events.ConnectFailureLoggedOut}, ErrLoggedOut, "minutka whatsapp link"},
		{&events.StreamReplaced{}, ErrReplaced, "stop the other copy"},
		{&events.TemporaryBan{Code: events.TempBanSentToTooManyPeople, Expire: time.Hour}, ErrBanned, "wait until the ban expires"},
		{&events.ClientOutdated{}, nil, "update minutka"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%T", tt.evt), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := start(t, Options{})
				r.fake.emit(&events.Disconnected{}) // network loss: whatsmeow reconnects, Run goes on
				synctest.Wait()
				select {
				case err := <-r.done:
					t.Fatalf("serve() after Disconnected = %v, want it running", err)
				default:
				}
				r.fake.emit(tt.evt)
				err := <-r.done
				r.done <- err // for the cleanup
				if err == nil || tt.is != nil && !errors.Is(err, tt.is) || !strings.Contains(err.Error(), tt.todo) {
					t.Errorf("serve() after %T = %v, want %v saying %q", tt.evt, err, tt.is, tt.todo)
				}
				if len(r.Fatals()) != 1 || (r.Fatals())[0] != err.Error() {
					t.Errorf("OnFatal got %q, want [%q]", r.Fatals(), err)
				}
				if !r.fake.Disconnected() {
					t.Errorf("serve() after %T did not disconnect", tt.evt)
				}
				if err := r.c.Send(t.Context(), bot.Address{Channel: "whatsapp", Chat: "79991234567"}, bot.Reply{Text: "?"}); err == nil {
					t.Errorf("Send() after the session ended = nil, want an error")
				}
			})
		})
	}
}

func TestServeStopsOnCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := start(t, Options{})
		r.stop()
		err := <-r.done
		r.done <- err
		if err != nil || len(r.Fatals()) != 0 || !r.fake.Disconnected() {
			t.Errorf("serve() after cancel = %v (OnFatal %q, disconnected %v), want nil, none, true", err, r.Fatals(), r.fake.Disconnected())
		}
	})
}

func TestSendRejects(t *testing.T) {
	c := New(Options{})
	tests := []bot.Address{
		{Channel: "telegram", Chat: "79991234567"},
		{Channel: "whatsapp", Chat: "120363000000000001@g.us"},
		{Channel: "whatsapp", Chat: "79991234567"}, // not running
	}
	for _, to := range tests {
		if err := c.Send(t.Context(), to, bot.Reply{Text: "?"}); err == nil {
			t.Errorf("Send(%q) = nil, want an error", to)
		}
	}
}

func TestRateLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := start(t, Options{})
		t0 := time.Now()
		to := bot.Address{Channel: "whatsapp", Chat: "79991234567"}
		for _, s := range []string{"первое", "второе"} {
			if err := r.c.Send(t.Context(), to, bot.Reply{Text: s}); err != nil {
				t.Fatalf("Send(%q) = %v", s, err)
			}
		}
		s := r.fake.Sent()
		if len(s) != 2 || s[0].at.Sub(t0) != 0 || s[1].at.Sub(s[0].at) != DefaultPerChat {
			t.Errorf("two sends to one chat went at %v, want at once and %v later", s, DefaultPerChat)
		}
	})
}

func TestRateLimitOverall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := start(t, Options{Rate: Rate{PerMinute: 60, Burst: 2}})
		t0 := time.Now()
		var wg sync.WaitGroup
		for i := range 4 {
			wg.Go(func() {
				to := bot.Address{Channel: "whatsapp", Chat: fmt.Sprint(7999000000 + i)}
				if err := r.c.Send(t.Context(), to, bot.Reply{Text: "напоминание"}); err != nil {
					t.Errorf("Send(%v) = %v", to, err)
				}
			})
		}
		wg.Wait()
		var last time.Duration
		for _, s := range r.fake.Sent() {
			last = max(last, s.at.Sub(t0))
		}
		if want := 2 * time.Second; last != want {
			t.Errorf("4 sends at 60/min, burst 2: the last went after %v, want %v", last, want)
		}
	})
}

func TestRateLimitRespectsContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := start(t, Options{})
		to := bot.Address{Channel: "whatsapp", Chat: "79991234567"}
		if err := r.c.Send(t.Context(), to, bot.Reply{Text: "первое"}); err != nil {
			t.Fatalf("Send() = %v", err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		t0 := time.Now()
		if err := r.c.Send(ctx, to, bot.Reply{Text: "второе"}); err == nil {
			t.Errorf("Send() with 1 s left, 2 s to wait = nil, want an error")
		}
		if waited := time.Since(t0); waited > time.Second {
			t.Errorf("Send() waited %v, past its deadline", waited)
		}
		if n := len(r.fake.Sent()); n != 1 {
			t.Errorf("sent %d messages, want 1", n)
		}
	})
}

// TestBulkYields checks that a reminder waits behind the answers already queued.
func TestBulkYields(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := start(t, Options{Rate: Rate{PerMinute: 60, Burst: 1}})
		answer := func(chat string) {
			if err := r.c.Send(t.Context(), bot.Address{Channel: "whatsapp", Chat: chat}, bot.Reply{Text: "ответ " + chat}); err != nil {
				t.Errorf("Send() = %v", err)
			}
		}
		answer("79990000001") // takes the only token
		var wg sync.WaitGroup
		wg.Go(func() {
			err := r.c.Send(t.Context(), bot.Address{Channel: "whatsapp", Chat: "79990000009"}, bot.Reply{Text: "напоминание", Bulk: true})
			if err != nil {
				t.Errorf("Send(bulk) = %v", err)
			}
		})
		synctest.Wait() // the reminder waits for a token
		wg.Go(func() { answer("79990000002") })
		wg.Wait()
		var order []string
		for _, s := range r.fake.Sent() {
			order = append(order, s.text)
		}
		want := []string{"ответ 79990000001", "ответ 79990000002", "напоминание"}
		if !slices.Equal(order, want) {
			t.Errorf("sent %q, want %q", order, want)
		}
	})
}
