package telegram_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
	"unicode/utf16"

	"github.com/minutka/minutka/bot"
	"github.com/minutka/minutka/bot/telegram"
	"github.com/minutka/minutka/bot/telegram/telegramtest"
)

var toClient = bot.Address{Channel: "telegram", Chat: "5550001"}

func TestSendWireFormat(t *testing.T) {
	tests := []struct {
		name   string
		reply  bot.Reply
		markup string // "" means no reply_markup
	}{
		{"plain", bot.Reply{Text: "Мы открыты с 10:00 до 20:00. *Без* разметки <b>"}, ""},
		{"inline keyboard", bot.Reply{Text: "Что вас интересует?", Options: []bot.Option{
			{Label: "Записаться", Value: "menu:book"}, {Label: "Цены", Value: "menu:prices"}, {Label: "Адрес", Value: "menu:address"}}},
			`{"inline_keyboard":[[{"text":"Записаться","callback_data":"menu:book"}],[{"text":"Цены","callback_data":"menu:prices"}],[{"text":"Адрес","callback_data":"menu:address"}]]}`},
		{"short labels three to a row", bot.Reply{Text: "Свободно:", Options: []bot.Option{
			{Label: "10:00", Value: "slot:1"}, {Label: "11:30", Value: "slot:2"}, {Label: "13:00", Value: "slot:3"}, {Label: "15:00", Value: "slot:4"}}},
			`{"inline_keyboard":[[{"text":"10:00","callback_data":"slot:1"},{"text":"11:30","callback_data":"slot:2"},{"text":"13:00","callback_data":"slot:3"}],[{"text":"15:00","callback_data":"slot:4"}]]}`},
		{"ask phone", bot.Reply{Text: "Оставьте, пожалуйста, номер телефона", AskPhone: true},
			`{"keyboard":[[{"text":"Поделиться номером","request_contact":true}]],"resize_keyboard":true,"one_time_keyboard":true}`},
		{"ask phone with options", bot.Reply{Text: "Номер?", AskPhone: true, Options: []bot.Option{{Label: "Не сейчас", Value: "phone:skip"}}},
			`{"keyboard":[[{"text":"Поделиться номером","request_contact":true}],[{"text":"Не сейчас"}]],"resize_keyboard":true,"one_time_keyboard":true}`},
	}
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		h := newHarness(t, srv, telegramtest.NewStore(), nil)
		for i, tt := range tests {
			// A chat each, so one test's keyboard state does not touch the next.
			to := bot.Address{Channel: "telegram", Chat: fmt.Sprint(client + i)}
			if err := h.ch.Send(context.Background(), to, tt.reply); err != nil {
				t.Fatalf("Send(%s) = %v", tt.name, err)
			}
			c := h.calls("sendMessage", i+1)[i]
			if c.ContentType != "multipart/form-data" {
				t.Errorf("Send(%s) content type = %q, want multipart/form-data", tt.name, c.ContentType)
			}
			if c.Params["chat_id"] != to.Chat || c.Params["text"] != tt.reply.Text {
				t.Errorf("Send(%s) chat_id, text = %q, %q; want %q, %q", tt.name, c.Params["chat_id"], c.Params["text"], to.Chat, tt.reply.Text)
			}
			if pm, ok := c.Params["parse_mode"]; ok {
				t.Errorf("Send(%s) parse_mode = %q, want none", tt.name, pm)
			}
			if got := c.Params["reply_markup"]; got != tt.markup {
				t.Errorf("Send(%s) reply_markup =\n%s\nwant\n%s", tt.name, got, tt.markup)
			}
		}
	})
}

func TestContactKeyboardRemoved(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		h := start(t, srv, telegramtest.NewStore(), func(o *telegram.Options) { o.Lang = "en" })
		h.auto = true
		defer h.stop()
		ctx := context.Background()

		must(t, h.ch.Send(ctx, toClient, bot.Reply{Text: "Your phone number, please", AskPhone: true,
			Options: []bot.Option{{Label: "Not now", Value: "phone:skip"}}}))
		if got := h.calls("sendMessage", 1)[0].Params["reply_markup"]; !strings.Contains(got, `{"text":"Share my phone number","request_contact":true}`) {
			t.Errorf("reply_markup = %s, want the English contact button", got)
		}
		// Before the client answers, replies leave the keyboard alone.
		must(t, h.ch.Send(ctx, toClient, bot.Reply{Text: "Напоминание", Bulk: true}))
		if got := h.calls("sendMessage", 2)[1].Params["reply_markup"]; got != "" {
			t.Errorf("reply before the answer: reply_markup = %s, want none", got)
		}

		srv.Add(private(1, map[string]any{"contact": map[string]any{"phone_number": "+79131234567", "first_name": "Анна", "user_id": client}}))
		h.next()

		// A reply with buttons cannot carry the removal: it waits for the next plain one.
		must(t, h.ch.Send(ctx, toClient, bot.Reply{Text: "Спасибо! Записать?", Options: []bot.Option{{Label: "Да", Value: "book:yes"}}}))
		must(t, h.ch.Send(ctx, toClient, bot.Reply{Text: "Готово"}))
		must(t, h.ch.Send(ctx, toClient, bot.Reply{Text: "Ждём вас"}))
		calls := h.calls("sendMessage", 5)
		want := []string{
			`{"inline_keyboard":[[{"text":"Да","callback_data":"book:yes"}]]}`,
			`{"remove_keyboard":true}`,
			"",
		}
		for i, w := range want {
			if got := calls[2+i].Params["reply_markup"]; got != w {
				t.Errorf("reply %d after the contact: reply_markup = %s, want %s", i+1, got, w)
			}
		}
	})
}

func TestContactKeyboardOption(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		h := start(t, srv, telegramtest.NewStore(), nil)
		h.auto = true
		defer h.stop()

		must(t, h.ch.Send(context.Background(), toClient, bot.Reply{Text: "Номер?", AskPhone: true,
			Options: []bot.Option{{Label: "Не сейчас", Value: "phone:skip"}}}))
		srv.Add(text(1, "Не сейчас"))
		if m := h.next(); m.Option != "phone:skip" || m.Text != "Не сейчас" {
			t.Errorf("tap on a keyboard option: Option, Text = %q, %q; want phone:skip, Не сейчас", m.Option, m.Text)
		}
	})
}

func TestSendSplitsLongText(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		h := newHarness(t, srv, telegramtest.NewStore(), nil)

		para := strings.Repeat("Стрижка 😀 и укладка. ", 40) // 840 UTF-16 units
		var paras []string
		for range 12 {
			paras = append(paras, strings.TrimSpace(para))
		}
		long := strings.Join(paras, "\n\n")
		r := bot.Reply{Text: long, Options: []bot.Option{{Label: "Записаться", Value: "menu:book"}}}
		if err := h.ch.Send(context.Background(), toClient, r); err != nil {
			t.Fatalf("Send(long) = %v", err)
		}
		calls := srv.Calls("sendMessage")
		if len(calls) < 3 {
			t.Fatalf("Send(%d UTF-16 units) made %d messages, want at least 3", len(utf16.Encode([]rune(long))), len(calls))
		}
		var got []string
		for i, c := range calls {
			text := c.Params["text"]
			if n := len(utf16.Encode([]rune(text))); n > 4096 {
				t.Errorf("message %d is %d UTF-16 units, want ≤ 4096", i, n)
			}
			if strings.HasSuffix(text, "\n") || strings.HasPrefix(text, "\n") {
				t.Errorf("message %d begins or ends with a line break", i)
			}
			hasMarkup := c.Params["reply_markup"] != ""
			if last := i == len(calls)-1; hasMarkup != last {
				t.Errorf("message %d: has keyboard = %v, want %v (only the last)", i, hasMarkup, last)
			}
			got = append(got, text)
		}
		if strings.Join(got, "\n\n") != long {
			t.Error("the parts joined by blank lines differ from the text; want the cuts at paragraph breaks")
		}
	})
}

func TestSendWaitsOutTooManyRequests(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		srv.Fail("sendMessage", telegramtest.TooManyRequests(1))
		h := newHarness(t, srv, telegramtest.NewStore(), nil)
		if err := h.ch.Send(context.Background(), toClient, bot.Reply{Text: "Ответ"}); err != nil {
			t.Fatalf("Send after one 429 = %v, want nil", err)
		}
		calls := srv.Calls("sendMessage")
		if len(calls) != 2 {
			t.Fatalf("sendMessage called %d times, want 2", len(calls))
		}
		if d := calls[1].At.Sub(calls[0].At); d < time.Second {
			t.Errorf("retried after %v, want ≥ retry_after (1s)", d)
		}
	})
}

func TestSendTooManyRequestsPastDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		srv.Fail("sendMessage", telegramtest.TooManyRequests(60))
		h := newHarness(t, srv, telegramtest.NewStore(), nil)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		begin := time.Now()
		err := h.ch.Send(ctx, toClient, bot.Reply{Text: "Ответ"})
		if err == nil || time.Since(begin) > time.Second {
			t.Errorf("Send(429 retry_after 60s, 30s deadline) = %v after %v; want an error at once", err, time.Since(begin))
		}
	})
}

func TestSendRetriesTransient(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		srv.Fail("sendMessage",
			telegramtest.Fault{Code: 502, Body: "<html>Bad Gateway</html>"},
			telegramtest.Fault{Code: 500, Description: "Internal Server Error"})
		h := newHarness(t, srv, telegramtest.NewStore(), nil)
		if err := h.ch.Send(context.Background(), toClient, bot.Reply{Text: "Ответ"}); err != nil {
			t.Errorf("Send after 502, 500 = %v, want nil", err)
		}
		if n := len(srv.Calls("sendMessage")); n != 3 {
			t.Errorf("sendMessage called %d times, want 3", n)
		}

		srv.Fail("sendMessage", telegramtest.Fault{Code: 500, Description: "Internal Server Error"},
			telegramtest.Fault{Code: 500, Description: "Internal Server Error"},
			telegramtest.Fault{Code: 500, Description: "Internal Server Error"},
			telegramtest.Fault{Code: 500, Description: "Internal Server Error"})
		if err := h.ch.Send(context.Background(), toClient, bot.Reply{Text: "Ответ"}); err == nil {
			t.Error("Send after four 500s = nil, want an error")
		}
		if n := len(srv.Calls("sendMessage")); n != 3+4 {
			t.Errorf("sendMessage called %d times, want 4 more", n-3)
		}
	})
}

func TestSendForbidden(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		srv.Fail("sendMessage", telegramtest.Fault{Code: 403, Description: "Forbidden: bot was blocked by the user"})
		h := newHarness(t, srv, telegramtest.NewStore(), nil)
		err := h.ch.Send(context.Background(), toClient, bot.Reply{Text: "Ответ"})
		if !errors.Is(err, telegram.ErrForbidden) {
			t.Errorf("Send(blocked) = %v, want ErrForbidden", err)
		}
		if n := len(srv.Calls("sendMessage")); n != 1 {
			t.Errorf("sendMessage called %d times, want 1 (no retry)", n)
		}
	})
}

func TestSendInvalid(t *testing.T) {
	srv := telegramtest.NewServer(token)
	h := newHarness(t, srv, telegramtest.NewStore(), nil)
	ctx := context.Background()
	tests := []struct {
		to   bot.Address
		r    bot.Reply
		want error
	}{
		{bot.Address{Channel: "webchat", Chat: "5550001"}, bot.Reply{Text: "x"}, telegram.ErrInvalidAddress},
		{bot.Address{Channel: "telegram", Chat: "anna"}, bot.Reply{Text: "x"}, telegram.ErrInvalidAddress},
		{toClient, bot.Reply{Text: "  \n"}, telegram.ErrEmptyText},
	}
	for _, tt := range tests {
		if err := h.ch.Send(ctx, tt.to, tt.r); !errors.Is(err, tt.want) {
			t.Errorf("Send(%v, %q) = %v, want %v", tt.to, tt.r.Text, err, tt.want)
		}
	}
	if n := len(srv.Calls("")); n != 0 {
		t.Errorf("%d calls made, want none", n)
	}
}

// failing is an HTTP transport that fails with an error quoting the URL, token and all.
type failing struct{}

func (failing) RoundTrip(r *http.Request) (*http.Response, error) {
	return nil, fmt.Errorf("proxy refused %s", r.URL)
}

func TestErrorsHideToken(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		h := newHarness(t, srv, telegramtest.NewStore(), func(o *telegram.Options) {
			o.HTTPClient = &http.Client{Transport: failing{}}
		})
		err := h.ch.Send(context.Background(), toClient, bot.Reply{Text: "Ответ"})
		if err == nil || strings.Contains(err.Error(), "AAF-secret") {
			t.Errorf("Send(network failure) = %v; want an error without the token", err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		h.ch.Run(ctx, func(bot.Message) {})
		if logs := h.logs.String(); strings.Contains(logs, "AAF-secret") || !strings.Contains(logs, "proxy refused") {
			t.Errorf("logs = %s; want the failures logged without the token", logs)
		}
	})
}

func TestSendRespectsContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		srv.Fail("sendMessage", telegramtest.TooManyRequests(20))
		h := newHarness(t, srv, telegramtest.NewStore(), nil)
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		go func() { errc <- h.ch.Send(ctx, toClient, bot.Reply{Text: "Ответ"}) }()
		h.calls("sendMessage", 1)
		cancel()
		if err := <-errc; !errors.Is(err, context.Canceled) {
			t.Errorf("Send(cancelled while waiting out a 429) = %v, want context.Canceled", err)
		}
	})
}

func TestPrivateChatRate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		h := newHarness(t, srv, telegramtest.NewStore(), nil) // Telegram's limits: 1/s per chat, burst 3
		begin := time.Now()
		for i := range 5 {
			must(t, h.ch.Send(context.Background(), toClient, bot.Reply{Text: fmt.Sprint("ответ ", i)}))
		}
		calls := srv.Calls("sendMessage")
		for i, c := range calls {
			// 1/s after a burst of 3; the global limit (30/s) spaces the burst a little.
			want := time.Duration(max(0, i-2)) * time.Second
			if got := c.At.Sub(begin); got < want || got > want+100*time.Millisecond {
				t.Errorf("message %d sent at +%v, want +%v", i, got, want)
			}
		}
		// Another chat is not held up by this one.
		t1 := time.Now()
		must(t, h.ch.Send(context.Background(), bot.Address{Channel: "telegram", Chat: "5550002"}, bot.Reply{Text: "другой"}))
		if d := time.Since(t1); d > 100*time.Millisecond {
			t.Errorf("a message to another chat waited %v, want no wait", d)
		}
	})
}

func TestGroupChatRate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		h := newHarness(t, srv, telegramtest.NewStore(), func(o *telegram.Options) { o.Limits.Burst = 1 })
		begin := time.Now()
		to := bot.Address{Channel: "telegram", Chat: fmt.Sprint(staff)}
		for range 3 {
			must(t, h.ch.Send(context.Background(), to, bot.Reply{Text: "Новая запись"}))
		}
		if d := time.Since(begin); d != 6*time.Second {
			t.Errorf("3 messages to a group took %v, want 6s (20 a minute)", d)
		}
	})
}

func TestBulkAfterAnswers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		h := newHarness(t, srv, telegramtest.NewStore(), func(o *telegram.Options) { o.Limits.Global = 1 })
		ctx := context.Background()
		var wg sync.WaitGroup
		send := func(chat int, text string, bulk bool) {
			wg.Go(func() {
				must(t, h.ch.Send(ctx, bot.Address{Channel: "telegram", Chat: fmt.Sprint(chat)}, bot.Reply{Text: text, Bulk: bulk}))
			})
		}
		for i := range 4 {
			send(100+i, "reminder", true)
		}
		synctest.Wait() // one reminder is out; the others wait for a free slot
		for i := range 3 {
			send(200+i, "answer", false)
			synctest.Wait()
		}
		wg.Wait()
		var order []string
		for _, c := range srv.Calls("sendMessage") {
			order = append(order, c.Params["text"])
		}
		want := "reminder answer answer answer reminder reminder reminder"
		if got := strings.Join(order, " "); got != want {
			t.Errorf("send order = %s\nwant %s", got, want)
		}
	})
}

// between returns the text of s between the first from and the next to.
func between(s, from, to string) string {
	_, rest, ok := strings.Cut(s, from)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, to)
	return v
}

func mustJSON(t *testing.T, s string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatal(err)
	}
}
