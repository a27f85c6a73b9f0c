package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minutka/minutka/bot"
	"github.com/minutka/minutka/bot/bottest"
	"github.com/minutka/minutka/calendar"
)

// bottestChannel adds a test channel to m.
func bottestChannel(m *Main) *bottest.Channel {
	ch := bottest.New("test")
	m.Channels = append(m.Channels, ch)
	return ch
}

// startMain runs the whole service on the demo business with a test channel and dir as data.
func startMain(t *testing.T, dir string) (*Main, *bottest.Channel) {
	t.Helper()
	m := NewMain()
	m.Config.DataDir = dir
	m.Config.HTTPAddr = "127.0.0.1:0"
	ch := bottest.New("test")
	m.Channels = []bot.Channel{ch}
	if err := m.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	return m, ch
}

func say(t *testing.T, ch *bottest.Channel, chat, text string) []bot.Reply {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r, err := ch.Text(ctx, chat, text)
	if err != nil {
		t.Fatal(err)
	}
	if len(r) == 0 {
		t.Fatalf("no reply to %q", text)
	}
	return r
}

func press(t *testing.T, ch *bottest.Channel, chat string, o bot.Option) []bot.Reply {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r, err := ch.Press(ctx, chat, o)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func joined(rs []bot.Reply) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.Text)
		b.WriteString("\n")
		for _, o := range r.Options {
			b.WriteString("[" + o.Label + "]\n")
		}
	}
	return b.String()
}

func mustContain(t *testing.T, rs []bot.Reply, want ...string) {
	t.Helper()
	got := joined(rs)
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("replies = %q, want them to contain %q", got, w)
		}
	}
}

func option(t *testing.T, rs []bot.Reply, label string) bot.Option {
	t.Helper()
	for _, r := range rs {
		for _, o := range r.Options {
			if o.Label == label {
				return o
			}
		}
	}
	t.Fatalf("no button %q in %q", label, joined(rs))
	return bot.Option{}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// TestBookingEndToEnd runs a whole booking through Main, restarts it on the same data, and
// checks the booking, the slot, the metrics and the health check.
func TestBookingEndToEnd(t *testing.T) {
	dir := t.TempDir()
	m, ch := startMain(t, dir)
	loc := m.Config.Business.Location
	now := time.Now().In(loc)
	tomorrow := time.Date(now.Year(), now.Month(), now.Day()+1, 15, 0, 0, 0, loc)

	r := say(t, ch, "ivan", "Здравствуйте, хочу записаться на мужскую стрижку завтра в 15:00")
	mustContain(t, r, "Здравствуйте", "15:00", "свободно", "Как к вам обращаться?")
	r = say(t, ch, "ivan", "Иван")
	mustContain(t, r, "Иван", "телефон")
	r = say(t, ch, "ivan", "8 913 123-45-67")
	mustContain(t, r, "Мужская стрижка", "15:00", "+79131234567", "Записываю?")
	r = press(t, ch, "ivan", option(t, r, "Да, записать"))
	mustContain(t, r, "Готово, вы записаны", "Мужская стрижка", "15:00", "Карла Маркса")

	bs, err := m.Calendar.Bookings(context.Background(), tomorrow, tomorrow.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 1 || bs[0].Service != "mens-haircut" || !bs[0].Start.Equal(tomorrow) ||
		bs[0].Client.Name != "Иван" || bs[0].Client.Phone != "+79131234567" || !bs[0].New {
		t.Fatalf("bookings at %v = %+v, want one new mens-haircut for Иван", tomorrow, bs)
	}
	master := bs[0].Master

	code, body := get(t, "http://"+m.Addr()+"/metrics")
	if code != 200 || !strings.Contains(body, `minutka_first_response_seconds_count{channel="test",responder="bot"} 1`) {
		t.Errorf("/metrics = %d, want the first response of one contact counted; got:\n%s", code, grep(body, "minutka_"))
	}
	if code, body := get(t, "http://"+m.Addr()+"/healthz"); code != 200 || strings.TrimSpace(body) != "ok" {
		t.Errorf("/healthz = %d %q, want 200 ok", code, body)
	}
	if code, body := get(t, "http://"+m.Addr()+"/"); code != 200 || !strings.Contains(body, "Салон Минутка") {
		t.Errorf("/ = %d, want the web chat page with the business name", code)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, dbFile))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("data file mode = %v, want 0600", st.Mode().Perm())
	}

	// After a restart the booking is still there and its slot is not offered again.
	m, ch = startMain(t, dir)
	defer m.Close()
	bs, err = m.Calendar.Bookings(context.Background(), tomorrow, tomorrow.Add(time.Hour))
	if err != nil || len(bs) != 1 {
		t.Fatalf("after restart: bookings = %+v, %v; want the one booking", bs, err)
	}
	slots, err := m.Calendar.FreeSlots(context.Background(), calendar.Query{Service: "mens-haircut", Master: master,
		From: tomorrow.Add(-time.Hour), To: tomorrow.Add(time.Hour), Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range slots {
		if s.Start.Before(tomorrow.Add(45*time.Minute)) && s.End.After(tomorrow) {
			t.Errorf("after restart the booked time is offered again: %+v", s)
		}
	}
	name := map[string]string{"olga": "Ольге", "anna": "Анне"}[master]
	r = say(t, ch, "petr", "Добрый день! Запишите на мужскую стрижку к "+name+" завтра в 15:00")
	mustContain(t, r, "занято")
	if strings.Contains(joined(r), "Как к вам обращаться") {
		t.Errorf("a taken slot was accepted: %q", joined(r))
	}
}

func grep(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestChatScripted runs `minutka chat` with a script on stdin, as a user would.
func TestChatScripted(t *testing.T) {
	dir := t.TempDir()
	in := strings.NewReader("привет\nсколько стоит маникюр?\nгде вы находитесь?\n")
	var out, errOut bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := Run(ctx, []string{"chat", "--data", dir, "--as", "script"}, in, &out, &errOut); err != nil {
		t.Fatalf("chat: %v\n%s", err, errOut.String())
	}
	got := out.String()
	for _, want := range []string{"Здравствуйте", "Маникюр с покрытием: 2\u00a0000\u00a0₽", "Карла Маркса, 95", "пн–сб: 10:00–20:00"} {
		if !strings.Contains(got, want) {
			t.Errorf("chat output = %q, want it to contain %q", got, want)
		}
	}
	if errOut.Len() > 0 {
		t.Errorf("chat wrote to stderr: %q", errOut.String())
	}
}

func TestRunUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	err := Run(context.Background(), []string{"frobnicate"}, strings.NewReader(""), &out, &errOut)
	if err == nil || exitCode(err) != 2 {
		t.Errorf("Run(frobnicate) = %v (exit %d), want a usage error with exit 2", err, exitCode(err))
	}
	out.Reset()
	if err := Run(context.Background(), []string{"example-config"}, nil, &out, &errOut); err != nil || !bytes.Equal(out.Bytes(), demoConfig) {
		t.Errorf("example-config = %v, want the demo config printed", err)
	}
}

// TestDataDirLocked checks a second process on the same data gets a clear error, not a hang.
func TestDataDirLocked(t *testing.T) {
	dir := t.TempDir()
	m, _ := startMain(t, dir)
	defer m.Close()
	m2 := NewMain()
	m2.Config.DataDir = dir
	m2.NoHTTP = true
	err := m2.Run(context.Background())
	if err == nil {
		m2.Close()
		t.Fatal("second Run on the same data folder succeeded")
	}
	if !strings.Contains(err.Error(), "in use by another minutka") {
		t.Errorf("second Run = %v, want it to say the folder is in use", err)
	}
}

// TestEval runs `minutka eval` on small files in the shared/eval format.
func TestEval(t *testing.T) {
	dir := t.TempDir()
	intentsFile := filepath.Join(dir, "intents.tsv")
	os.WriteFile(intentsFile, []byte("text\tlabel\tsource\tsource_label\nсколько стоит маникюр?\tprice\tx\t\nздравствуйте\tgreeting\tx\t\n"), 0o600)
	var out, errOut bytes.Buffer
	if err := Run(context.Background(), []string{"eval", "intents", intentsFile, "--misses"}, nil, &out, &errOut); err != nil {
		t.Fatalf("eval intents: %v", err)
	}
	if lines := strings.Split(strings.TrimSpace(out.String()), "\n"); lines[len(lines)-1] != "accuracy: 1.000 (2/2)" {
		t.Errorf("eval intents last line = %q, want %q", lines[len(lines)-1], "accuracy: 1.000 (2/2)")
	}
	dtFile := filepath.Join(dir, "dt.tsv")
	os.WriteFile(dtFile, []byte("phrase\texpected\tgrain\tsource\tref_time\tnotes\nзавтра в 15:00\t2026-11-24T15:00\tminute\tx\t2026-11-23T10:00:00+07:00\t\nабракадабра\t2026-11-24\tday\tx\t2026-11-23T10:00:00+07:00\t\n"), 0o600)
	out.Reset()
	if err := Run(context.Background(), []string{"eval", "datetime", "--misses", dtFile}, nil, &out, &errOut); err != nil {
		t.Fatalf("eval datetime: %v", err)
	}
	if !strings.HasSuffix(strings.TrimSpace(out.String()), "accuracy: 0.500 (1/2)") || !strings.Contains(out.String(), `"абракадабра"`) {
		t.Errorf("eval datetime output = %q, want the miss listed and accuracy 0.500 (1/2)", out.String())
	}
	if err := Run(context.Background(), []string{"eval", "moods", intentsFile}, nil, &out, &errOut); exitCode(err) != 2 {
		t.Errorf("eval moods = %v, want a usage error", err)
	}
}
