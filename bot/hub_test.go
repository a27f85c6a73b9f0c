package bot_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/minutka/minutka/bot"
	"github.com/minutka/minutka/bot/bottest"
	"github.com/minutka/minutka/dialogs"
	"github.com/minutka/minutka/events"
	eventsbolt "github.com/minutka/minutka/events/bolt"
	"github.com/prometheus/client_golang/prometheus"
	bbolt "go.etcd.io/bbolt"
)

// echo answers every message with its text, tracking how many turns of one client overlap.
type echo struct {
	mu      sync.Mutex
	order   map[string][]string
	running map[string]int
	overlap atomic.Int32
	maxPar  atomic.Int32
	par     atomic.Int32
	panicOn string
}

func (e *echo) Handle(ctx context.Context, in dialogs.Input) (dialogs.Turn, error) {
	e.mu.Lock()
	e.running[in.Client]++
	if e.running[in.Client] > 1 {
		e.overlap.Add(1)
	}
	e.order[in.Client] = append(e.order[in.Client], in.Text)
	e.mu.Unlock()
	if p := e.par.Add(1); p > e.maxPar.Load() {
		e.maxPar.Store(p)
	}
	defer func() {
		e.par.Add(-1)
		e.mu.Lock()
		e.running[in.Client]--
		e.mu.Unlock()
	}()
	if in.Text == e.panicOn {
		panic("boom")
	}
	time.Sleep(time.Millisecond)
	return dialogs.Turn{Replies: []dialogs.Reply{{Text: "echo: " + in.Text}}}, nil
}

func newEcho() *echo { return &echo{order: map[string][]string{}, running: map[string]int{}} }

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

type fixture struct {
	hub    *bot.Hub
	ch     *bottest.Channel
	events *eventsbolt.Store
	reg    *prometheus.Registry
	clock  *clock
	stop   func()
}

func start(t *testing.T, engine bot.Engine) *fixture {
	t.Helper()
	return startWith(t, engine, nil)
}

// startWith starts a hub on a real bbolt file with a test channel; configure may adjust the
// config first.
func startWith(t *testing.T, engine bot.Engine, configure func(*bot.Config)) *fixture {
	t.Helper()
	db, err := bbolt.Open(filepath.Join(t.TempDir(), "minutka.db"), 0o600, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{ch: bottest.New("test"), events: eventsbolt.New(db), reg: prometheus.NewRegistry(),
		clock: &clock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}}
	cfg := bot.Config{Engine: engine, Events: f.events, Contacts: f.events, Metrics: f.reg,
		Now: f.clock.Now, Sorry: "Простите, что-то пошло не так."}
	if configure != nil {
		configure(&cfg)
	}
	f.hub, err = bot.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.hub.Add(f.ch)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { f.hub.Run(ctx); close(done) }()
	f.stop = func() { cancel(); <-done; db.Close() }
	t.Cleanup(f.stop)
	return f
}

// TestOrderPerConversation checks one conversation's messages are handled one at a time and in
// order, while different conversations are handled at once.
func TestOrderPerConversation(t *testing.T) {
	e := newEcho()
	f := start(t, e)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	const chats, msgs = 8, 20
	for c := range chats {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var sent sync.WaitGroup
			for i := range msgs {
				sent.Add(1)
				go func() { // deliver without waiting, as platforms do
					defer sent.Done()
					if _, err := f.ch.Text(ctx, fmt.Sprint("chat", c), fmt.Sprint(i)); err != nil {
						t.Error(err)
					}
				}()
				time.Sleep(100 * time.Microsecond)
			}
			sent.Wait()
		}()
	}
	wg.Wait()
	if n := e.overlap.Load(); n != 0 {
		t.Errorf("%d turns of one conversation overlapped, want none", n)
	}
	if e.maxPar.Load() < 2 {
		t.Errorf("at most %d turns ran at once across %d conversations, want conversations handled in parallel", e.maxPar.Load(), chats)
	}
	for c := range chats {
		key := fmt.Sprintf("test:chat%d", c)
		if got := len(e.order[key]); got != msgs {
			t.Errorf("%s: %d messages handled, want %d", key, got, msgs)
		}
		if got := len(f.ch.Sent(fmt.Sprint("chat", c))); got != msgs {
			t.Errorf("%s: %d replies sent, want %d", key, got, msgs)
		}
	}
}

// TestFirstResponse checks contacts and first-response times: measured from the platform's
// timestamp of the opening message, once per contact, a new contact after 12 h of silence.
func TestFirstResponse(t *testing.T) {
	f := start(t, newEcho())
	ctx := context.Background()
	t0 := f.clock.Now()
	f.clock.Set(t0.Add(3 * time.Second)) // the platform sent it 3 s before we answer
	if _, err := f.ch.Say(ctx, "a", bot.Message{Text: "привет", Sent: t0}); err != nil {
		t.Fatal(err)
	}
	f.clock.Set(t0.Add(time.Minute))
	if _, err := f.ch.Say(ctx, "a", bot.Message{Text: "ещё", Sent: t0.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	later := t0.Add(13 * time.Hour)
	f.clock.Set(later.Add(500 * time.Millisecond))
	if _, err := f.ch.Say(ctx, "a", bot.Message{Text: "снова я", Sent: later}); err != nil {
		t.Fatal(err)
	}
	evs, err := f.events.Events(ctx, t0.Add(-time.Hour), later.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var frts []float64
	var received, leads int
	for _, e := range evs {
		switch e.Type {
		case events.FirstResponse:
			frts = append(frts, e.Seconds)
			if e.Responder != "bot" || e.Channel != "test" || e.Client != "test:a" {
				t.Errorf("first response event = %+v, want bot on test for test:a", e)
			}
		case events.MessageReceived:
			received++
		case events.LeadCreated:
			leads++
		}
	}
	if len(frts) != 2 || frts[0] != 3 || frts[1] != 0.5 {
		t.Errorf("first responses = %v, want [3 0.5]: one per contact", frts)
	}
	if received != 3 || leads != 1 {
		t.Errorf("received = %d, leads = %d; want 3 and 1", received, leads)
	}
	mfs, err := f.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var count uint64
	for _, mf := range mfs {
		if mf.GetName() == "minutka_first_response_seconds" {
			for _, m := range mf.GetMetric() {
				count += m.GetHistogram().GetSampleCount()
			}
		}
	}
	if count != 2 {
		t.Errorf("minutka_first_response_seconds count = %d, want 2", count)
	}
}

// TestPanicApologises checks a panicking turn gets the client an apology and the conversation
// goes on.
func TestPanicApologises(t *testing.T) {
	e := newEcho()
	e.panicOn = "сломай"
	f := start(t, e)
	ctx := context.Background()
	r, err := f.ch.Text(ctx, "a", "сломай")
	if err != nil {
		t.Fatal(err)
	}
	if len(r) != 1 || !strings.Contains(r[0].Text, "что-то пошло не так") {
		t.Errorf("replies after a panic = %+v, want the apology", r)
	}
	r, err = f.ch.Text(ctx, "a", "\xffпривет")
	if err != nil {
		t.Fatal(err)
	}
	if len(r) != 1 || r[0].Text != "echo: \uFFFDпривет" {
		t.Errorf("replies = %+v, want the next message handled, its invalid UTF-8 replaced", r)
	}
}
