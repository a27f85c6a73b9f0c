package webchat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/minutka/minutka/bot"
)

var t0 = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

// clock is a settable time source.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

type harness struct {
	ch   *Channel
	srv  *httptest.Server
	msgs chan bot.Message
	stop func() // stops Run and waits for it; idempotent
}

// start serves a Channel on an httptest server and runs it until the test ends.
func start(t *testing.T, o Options) *harness {
	t.Helper()
	h := newHarness(t, o)
	h.run(t)
	return h
}

// newHarness serves a Channel without running it.
func newHarness(t *testing.T, o Options) *harness {
	t.Helper()
	if o.Now == nil {
		o.Now = func() time.Time { return t0 }
	}
	h := &harness{ch: New(o), msgs: make(chan bot.Message, 1000), stop: func() {}}
	h.srv = httptest.NewServer(h.ch.Handler())
	t.Cleanup(h.srv.Close)
	t.Cleanup(func() { h.stop() })
	return h
}

func (h *harness) run(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- h.ch.Run(ctx, func(m bot.Message) {
			select {
			case h.msgs <- m:
			default:
				t.Errorf("deliver: buffer full")
			}
		})
	}()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		h.ch.dmu.Lock()
		started := h.ch.deliver != nil
		h.ch.dmu.Unlock()
		if started {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("Run did not start")
		}
	}
	var once sync.Once
	h.stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run() = %v, want nil", err)
				}
			case <-time.After(20 * time.Second):
				t.Errorf("Run did not return after cancel")
			}
		})
	}
}

func (h *harness) url(chatID string) string {
	return "ws" + strings.TrimPrefix(h.srv.URL, "http") + "/ws?chat=" + chatID
}

// dial opens a client socket for chatID, closed when the test ends.
func (h *harness) dial(t *testing.T, chatID string) *websocket.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, h.url(chatID), nil)
	if err != nil {
		t.Fatalf("Dial(%q): %v", chatID, err)
	}
	c.SetReadLimit(1 << 20)
	t.Cleanup(func() { c.CloseNow() })
	return c
}

// waitConns waits until chatID has n registered sockets.
func (h *harness) waitConns(t *testing.T, chatID string, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		h.ch.mu.Lock()
		got := 0
		if ch := h.ch.chats[chatID]; ch != nil {
			got = len(ch.conns)
		}
		h.ch.mu.Unlock()
		if got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("chat %q has %d sockets, want %d", chatID, got, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (h *harness) next(t *testing.T) bot.Message {
	t.Helper()
	select {
	case m := <-h.msgs:
		return m
	case <-time.After(5 * time.Second):
		t.Fatal("no message delivered")
		return bot.Message{}
	}
}

func write(t *testing.T, c *websocket.Conn, frame string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.Write(ctx, websocket.MessageText, []byte(frame)); err != nil {
		t.Fatalf("Write(%q): %v", frame, err)
	}
}

func read(t *testing.T, c *websocket.Conn) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	typ, b, err := c.Read(ctx)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if typ != websocket.MessageText {
		t.Fatalf("Read: message type %v, want text", typ)
	}
	return string(b)
}

func readReply(t *testing.T, c *websocket.Conn) outFrame {
	t.Helper()
	var f outFrame
	if err := json.Unmarshal([]byte(read(t, c)), &f); err != nil {
		t.Fatalf("reply is not JSON: %v", err)
	}
	return f
}

func send(t *testing.T, ch *Channel, chatID string, r bot.Reply) {
	t.Helper()
	if err := ch.Send(context.Background(), bot.Address{Channel: "webchat", Chat: chatID}, r); err != nil {
		t.Fatalf("Send(%q): %v", chatID, err)
	}
}

const chatA = "chat-aaaa-0001"

func TestMessageDelivered(t *testing.T) {
	h := start(t, Options{})
	c := h.dial(t, chatA)
	write(t, c, `{"type":"message","id":"m1","text":"  Привет, можно записаться?  "}`)
	got := h.next(t)
	want := bot.Message{
		ID:       "m1",
		From:     bot.Address{Channel: "webchat", Chat: chatA},
		Kind:     bot.KindText,
		Text:     "Привет, можно записаться?",
		Sent:     t0,
		Received: t0,
	}
	if got != want {
		t.Errorf("delivered %+v, want %+v", got, want)
	}
}

func TestOptionPress(t *testing.T) {
	h := start(t, Options{})
	c := h.dial(t, chatA)
	write(t, c, `{"type":"option","id":"o1","value":"slot:2026-03-02T11:00","label":"Завтра в 11:00"}`)
	got := h.next(t)
	if got.Option != "slot:2026-03-02T11:00" || got.Text != "Завтра в 11:00" || got.ID != "o1" || got.Kind != bot.KindText {
		t.Errorf("delivered %+v, want Option %q Text %q", got, "slot:2026-03-02T11:00", "Завтра в 11:00")
	}
}

func TestSendWireShape(t *testing.T) {
	h := start(t, Options{})
	c := h.dial(t, chatA)
	send(t, h.ch, chatA, bot.Reply{
		Text:    "Когда удобно? <b>&</b>",
		Options: []bot.Option{{Label: "Завтра", Value: "tomorrow"}, {Label: "Послезавтра", Value: "after"}},
	})
	send(t, h.ch, chatA, bot.Reply{Text: "Без кнопок"})
	tests := []string{
		`{"type":"reply","text":"Когда удобно? <b>&</b>","options":[{"label":"Завтра","value":"tomorrow"},{"label":"Послезавтра","value":"after"}],"at":"2026-03-01T10:00:00Z"}`,
		`{"type":"reply","text":"Без кнопок","options":[],"at":"2026-03-01T10:00:00Z"}`,
	}
	for _, want := range tests {
		if got := read(t, c); got != want {
			t.Errorf("frame = %s, want %s", got, want)
		}
	}
}

func TestOutboxOnReconnect(t *testing.T) {
	h := start(t, Options{})
	c := h.dial(t, chatA)
	h.waitConns(t, chatA, 1)
	c.Close(websocket.StatusNormalClosure, "")
	h.waitConns(t, chatA, 0)

	for i := range 3 {
		send(t, h.ch, chatA, bot.Reply{Text: fmt.Sprintf("reply %d", i)})
	}
	c = h.dial(t, chatA)
	for i := range 3 {
		if got, want := readReply(t, c).Text, fmt.Sprintf("reply %d", i); got != want {
			t.Errorf("reply #%d = %q, want %q", i, got, want)
		}
	}
	// Flushed once: a second socket gets nothing old, only what comes next.
	c2 := h.dial(t, chatA)
	h.waitConns(t, chatA, 2)
	send(t, h.ch, chatA, bot.Reply{Text: "next"})
	if got := readReply(t, c2).Text; got != "next" {
		t.Errorf("second socket got %q, want %q", got, "next")
	}
}

func TestOutboxBounded(t *testing.T) {
	h := start(t, Options{})
	for i := range outboxLimit + 5 {
		send(t, h.ch, chatA, bot.Reply{Text: fmt.Sprint(i)})
	}
	c := h.dial(t, chatA)
	for i := 5; i < outboxLimit+5; i++ {
		if got, want := readReply(t, c).Text, fmt.Sprint(i); got != want {
			t.Fatalf("reply = %q, want %q", got, want)
		}
	}
	h.ch.mu.Lock()
	n := len(h.ch.chats[chatA].outbox)
	h.ch.mu.Unlock()
	if n != 0 {
		t.Errorf("outbox has %d replies after flush, want 0", n)
	}
}

func TestTwoTabs(t *testing.T) {
	h := start(t, Options{})
	c1 := h.dial(t, chatA)
	c2 := h.dial(t, chatA)
	other := h.dial(t, "chat-bbbb-0002")
	h.waitConns(t, chatA, 2)
	h.waitConns(t, "chat-bbbb-0002", 1)
	send(t, h.ch, chatA, bot.Reply{Text: "для обеих вкладок"})
	for i, c := range []*websocket.Conn{c1, c2} {
		if got := readReply(t, c).Text; got != "для обеих вкладок" {
			t.Errorf("tab %d got %q", i+1, got)
		}
	}
	send(t, h.ch, "chat-bbbb-0002", bot.Reply{Text: "только b"})
	if got := readReply(t, other).Text; got != "только b" {
		t.Errorf("other chat got %q, want %q", got, "только b")
	}
}

func TestBadChatID(t *testing.T) {
	h := start(t, Options{})
	for _, id := range []string{"", "short", "has space 123", "bad!chars1", strings.Repeat("a", 65), "%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82%D1%8B"} {
		resp, err := http.Get(h.srv.URL + "/ws?chat=" + id)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("GET /ws?chat=%q: status %d, want 400", id, resp.StatusCode)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, resp, err := websocket.Dial(ctx, h.url("nope"), nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusBadRequest {
		t.Errorf("Dial with a bad id: err %v, resp %v; want a 400", err, resp)
	}
}

func TestValidChatID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"12345678", true},
		{"1234567", false},
		{"0b7c2a4e-5b5e-4d8e-9b2f-0f0e3c1d2a7b", true},
		{"abc_DEF-123", true},
		{strings.Repeat("z", 64), true},
		{strings.Repeat("z", 65), false},
		{"abcdefgh/", false},
		{"абвгдежз", false},
	}
	for _, tt := range tests {
		if got := validChatID(tt.id); got != tt.want {
			t.Errorf("validChatID(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
}

func TestOversizedFrameCloses(t *testing.T) {
	h := start(t, Options{})
	c := h.dial(t, chatA)
	big := `{"type":"message","text":"` + strings.Repeat("x", readLimit+1) + `"}`
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// The server may close while the frame is still being written; only the read matters.
	_ = c.Write(ctx, websocket.MessageText, []byte(big))
	_, _, err := c.Read(ctx)
	if got := websocket.CloseStatus(err); got != websocket.StatusMessageTooBig {
		t.Errorf("Read after an oversized frame: %v (status %v), want status %v", err, got, websocket.StatusMessageTooBig)
	}
	h.waitConns(t, chatA, 0)
	select {
	case m := <-h.msgs:
		t.Errorf("delivered %+v from an oversized frame", m)
	default:
	}
}

func TestBadInput(t *testing.T) {
	h := start(t, Options{})
	c := h.dial(t, chatA)
	for _, f := range []string{
		`not json`,
		`{"type":"typing"}`,
		`{"type":"message","text":"   \n\t "}`,
		`{"type":"message"}`,
		`{"type":"option","label":"no value"}`,
		`[1,2]`,
		`null`,
	} {
		write(t, c, f)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.Write(ctx, websocket.MessageBinary, []byte("bin")); err != nil {
		t.Fatal(err)
	}
	// Invalid UTF-8, raw and in the id, is replaced.
	write(t, c, "{\"type\":\"message\",\"id\":\"i\xff\",\"text\":\"a\xffb\xc3\"}")
	got := h.next(t)
	if got.Text != "a\uFFFDb\uFFFD" || got.ID != "i\uFFFD" {
		t.Errorf("delivered Text %q ID %q, want %q and %q", got.Text, got.ID, "a\uFFFDb\uFFFD", "i\uFFFD")
	}
	// The socket is still usable.
	write(t, c, `{"type":"message","text":"ok"}`)
	if got := h.next(t); got.Text != "ok" {
		t.Errorf("delivered %q, want %q", got.Text, "ok")
	}
}

func TestSanitise(t *testing.T) {
	ch := New(Options{Now: func() time.Time { return t0 }})
	m, why := ch.message(chatA, []byte("{\"type\":\"option\",\"value\":\"v\xfe\",\"label\":\"\"}"))
	if why != "" || m.Option != "v\uFFFD" || m.Text != "v\uFFFD" {
		t.Errorf("message(option without label) = %+v, %q; want Text and Option %q", m, why, "v\uFFFD")
	}
	long := `{"type":"message","id":"` + strings.Repeat("я", 100) + `","text":"t"}`
	m, _ = ch.message(chatA, []byte(long))
	if len(m.ID) > maxIDLen || !strings.HasPrefix(strings.Repeat("я", 100), m.ID) {
		t.Errorf("message(long id).ID = %q (%d bytes), want a prefix of at most %d bytes", m.ID, len(m.ID), maxIDLen)
	}
}

func TestHeldUntilRun(t *testing.T) {
	h := newHarness(t, Options{})
	c := h.dial(t, chatA)
	write(t, c, `{"type":"message","id":"1","text":"первое"}`)
	write(t, c, `{"type":"message","id":"2","text":"второе"}`)
	deadline := time.Now().Add(5 * time.Second)
	for {
		h.ch.dmu.Lock()
		n := len(h.ch.pending)
		h.ch.dmu.Unlock()
		if n == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d messages held, want 2", n)
		}
		time.Sleep(5 * time.Millisecond)
	}
	h.run(t)
	write(t, c, `{"type":"message","id":"3","text":"третье"}`)
	for _, want := range []string{"первое", "второе", "третье"} {
		if got := h.next(t).Text; got != want {
			t.Errorf("delivered %q, want %q", got, want)
		}
	}
}

func TestSendErrors(t *testing.T) {
	h := start(t, Options{})
	for _, to := range []bot.Address{
		{Channel: "telegram", Chat: chatA},
		{Channel: "webchat", Chat: "bad"},
		{Channel: "webchat", Chat: ""},
	} {
		if err := h.ch.Send(context.Background(), to, bot.Reply{Text: "x"}); !errors.Is(err, ErrInvalidAddress) {
			t.Errorf("Send(%v) = %v, want ErrInvalidAddress", to, err)
		}
	}
	h.stop()
	if err := h.ch.Send(context.Background(), bot.Address{Channel: "webchat", Chat: chatA}, bot.Reply{Text: "x"}); !errors.Is(err, ErrClosed) {
		t.Errorf("Send after shutdown = %v, want ErrClosed", err)
	}
	if err := h.ch.Run(context.Background(), func(bot.Message) {}); !errors.Is(err, ErrClosed) {
		t.Errorf("Run after shutdown = %v, want ErrClosed", err)
	}
	resp, err := http.Get(h.srv.URL + "/ws?chat=" + chatA)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("GET /ws after shutdown: status %d, want 503", resp.StatusCode)
	}
}

func TestRunTwice(t *testing.T) {
	h := start(t, Options{})
	if err := h.ch.Run(context.Background(), func(bot.Message) {}); !errors.Is(err, ErrRunning) {
		t.Errorf("second Run = %v, want ErrRunning", err)
	}
}

func TestShutdown(t *testing.T) {
	before := runtime.NumGoroutine()
	h := start(t, Options{})
	var conns []*websocket.Conn
	closed := make(chan websocket.StatusCode, 10)
	for i := range 5 {
		c := h.dial(t, fmt.Sprintf("chat-shutdown-%d", i))
		conns = append(conns, c)
		go func() {
			_, _, err := c.Read(context.Background()) // reads the close frame and answers it
			closed <- websocket.CloseStatus(err)
		}()
	}
	for i := range 5 {
		h.waitConns(t, fmt.Sprintf("chat-shutdown-%d", i), 1)
	}
	h.stop()
	for range conns {
		select {
		case code := <-closed:
			if code != websocket.StatusGoingAway {
				t.Errorf("client saw close status %v, want %v", code, websocket.StatusGoingAway)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("client not closed")
		}
	}
	h.srv.Close()
	http.DefaultClient.CloseIdleConnections()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("goroutines: %d before, %d after shutdown\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestSlowSocketClosed(t *testing.T) {
	h := start(t, Options{})
	h.dial(t, "chat-slow-0001") // never reads
	fast := h.dial(t, "chat-fast-0001")
	h.waitConns(t, "chat-slow-0001", 1)
	h.waitConns(t, "chat-fast-0001", 1)

	big := strings.Repeat("ы", 30000) // 60 KB a frame
	start := time.Now()
	for range 1000 {
		send(t, h.ch, "chat-slow-0001", bot.Reply{Text: big})
		h.ch.mu.Lock()
		ch := h.ch.chats["chat-slow-0001"]
		gone := ch == nil || len(ch.conns) == 0
		h.ch.mu.Unlock()
		if gone {
			break
		}
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Send to a slow socket took %v in all", d)
	}
	h.waitConns(t, "chat-slow-0001", 0)
	send(t, h.ch, "chat-fast-0001", bot.Reply{Text: "fast"})
	if got := readReply(t, fast).Text; got != "fast" {
		t.Errorf("fast socket got %q, want %q", got, "fast")
	}
	// What the slow socket never got waits in the outbox.
	h.ch.mu.Lock()
	n := len(h.ch.chats["chat-slow-0001"].outbox)
	h.ch.mu.Unlock()
	if n == 0 {
		t.Errorf("outbox of the slow chat is empty, want the unwritten replies")
	}
}

func TestPrune(t *testing.T) {
	clk := &clock{now: t0}
	h := start(t, Options{Now: clk.Now})
	send(t, h.ch, "chat-old-00001", bot.Reply{Text: "old"})
	clk.Add(23 * time.Hour)
	send(t, h.ch, "chat-new-00001", bot.Reply{Text: "new"})
	h.dial(t, "chat-live-0001")
	h.waitConns(t, "chat-live-0001", 1)
	clk.Add(2 * time.Hour)
	h.ch.prune()
	h.ch.mu.Lock()
	defer h.ch.mu.Unlock()
	for id, want := range map[string]bool{"chat-old-00001": false, "chat-new-00001": true, "chat-live-0001": true} {
		if _, got := h.ch.chats[id]; got != want {
			t.Errorf("after prune, chat %q kept = %v, want %v", id, got, want)
		}
	}
}

func TestUnregisterKeepsUnwritten(t *testing.T) {
	ch := New(Options{})
	k1 := &conn{chat: chatA, queue: make(chan item, queueSize), stop: make(chan struct{})}
	if !ch.register(k1) {
		t.Fatal("register failed")
	}
	send(t, ch, chatA, bot.Reply{Text: "1"})
	send(t, ch, chatA, bot.Reply{Text: "2"})
	k2 := &conn{chat: chatA, queue: make(chan item, queueSize), stop: make(chan struct{})}
	ch.register(k2) // registered after 1 and 2 were queued on k1 only
	send(t, ch, chatA, bot.Reply{Text: "3"})
	ch.unregister(k1, drain(k1.queue))
	var got []string
	for _, it := range drain(k2.queue) {
		var f outFrame
		json.Unmarshal(it.data, &f)
		got = append(got, f.Text)
	}
	if strings.Join(got, ",") != "3,1,2" {
		t.Errorf("k2 got %v, want [3 1 2]", got)
	}
	ch.unregister(k2, []item{{seq: 9, data: []byte("x")}})
	if n := len(ch.chats[chatA].outbox); n != 1 {
		t.Errorf("outbox after the last socket left: %d, want 1", n)
	}
}

func TestPages(t *testing.T) {
	tests := []struct {
		lang, path, ctype string
		contains          []string
	}{
		{"", "/", "text/html", []string{"Салон <Минутка>", "&lt;", "Напишите сообщение", `lang="ru"`, "static/app.js?v="}},
		{"en", "/", "text/html", []string{"Type a message", `lang="en"`}},
		{"", "/?embed=1", "text/html", []string{`class="embed"`, `id="close"`}},
		{"", "/widget.js", "text/javascript", []string{"iframe", "embed=1", `"open":"Открыть чат"`}},
		{"", "/static/app.js", "text/javascript", []string{"textContent", "WebSocket"}},
		{"", "/static/app.css", "text/css", []string{".bubble"}},
		{"", "/static/icon.svg", "image/svg+xml", []string{"<svg"}},
	}
	for _, tt := range tests {
		h := newHarness(t, Options{Title: "Салон <Минутка>", Greeting: "Здравствуйте!", Lang: tt.lang})
		resp, err := http.Get(h.srv.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200", tt.path, resp.StatusCode)
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, tt.ctype) {
			t.Errorf("GET %s: Content-Type %q, want %s", tt.path, ct, tt.ctype)
		}
		for _, s := range tt.contains {
			if tt.path == "/" && s == "Салон <Минутка>" {
				if !strings.Contains(string(body), "Салон &lt;Минутка&gt;") {
					t.Errorf("GET %s: the title is missing or not escaped", tt.path)
				}
				continue
			}
			if !strings.Contains(string(body), s) {
				t.Errorf("GET %s: body lacks %q", tt.path, s)
			}
		}
		if strings.Contains(string(body), "<Минутка>") && tt.path != "/widget.js" {
			t.Errorf("GET %s: the title is not escaped", tt.path)
		}
	}
	h := newHarness(t, Options{})
	for _, p := range []string{"/nope", "/static/index.html", "/static/widget.js", "/static/"} {
		resp, err := http.Get(h.srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", p, resp.StatusCode)
		}
	}
}

func TestPageConfig(t *testing.T) {
	h := newHarness(t, Options{Title: "Салон", Greeting: `</script><script>alert(1)</script>`})
	resp, err := http.Get(h.srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	s := string(body)
	if strings.Contains(s, "<script>alert") {
		t.Errorf("greeting not escaped in the page config")
	}
	i := strings.Index(s, `<script id="minutka-config" type="application/json">`)
	j := strings.Index(s[i:], "</script>")
	if i < 0 || j < 0 {
		t.Fatalf("no config block in the page")
	}
	raw := s[i+len(`<script id="minutka-config" type="application/json">`) : i+j]
	var cfg pageConfig
	if err := json.Unmarshal([]byte(raw), &cfg); err != nil {
		t.Fatalf("config block is not JSON: %v\n%s", err, raw)
	}
	if cfg.Greeting != `</script><script>alert(1)</script>` || cfg.Strings.Offline != "Нет соединения, переподключаемся…" {
		t.Errorf("config = %+v", cfg)
	}
}
