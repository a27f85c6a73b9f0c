package telegram_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/minutka/minutka/bot"
	"github.com/minutka/minutka/bot/telegram"
	"github.com/minutka/minutka/bot/telegram/telegramtest"
)

func TestNewRejects(t *testing.T) {
	store := telegramtest.NewStore()
	tests := []struct {
		name string
		o    telegram.Options
		want error
	}{
		{"no token", telegram.Options{Store: store}, telegram.ErrInvalidToken},
		{"token without id", telegram.Options{Token: "abc:def", Store: store}, telegram.ErrInvalidToken},
		{"token without secret part", telegram.Options{Token: "123:", Store: store}, telegram.ErrInvalidToken},
		{"no store", telegram.Options{Token: token}, telegram.ErrNoStore},
		{"webhook without secret", telegram.Options{Token: token, Store: store, Webhook: true}, telegram.ErrInvalidSecret},
		{"webhook bad secret", telegram.Options{Token: token, Store: store, Webhook: true, WebhookSecret: "a b"}, telegram.ErrInvalidSecret},
		{"bad API URL", telegram.Options{Token: token, Store: store, APIURL: "ftp://x"}, nil},
	}
	for _, tt := range tests {
		_, err := telegram.New(tt.o)
		if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Errorf("New(%s) = %v, want %v", tt.name, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "AAF-secret") {
			t.Errorf("New(%s) error %q contains the token", tt.name, err)
		}
	}
	if _, err := telegram.New(telegram.Options{Token: token, Store: store}); err != nil {
		t.Errorf("New(valid) = %v", err)
	}
}

func TestTextMessage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		h := start(t, srv, telegramtest.NewStore(), nil)
		defer h.stop()

		srv.Add(text(700, "Здравствуйте, можно записаться?"))
		got := h.next()
		want := bot.Message{
			ID:       "700",
			From:     bot.Address{Channel: "telegram", Chat: "5550001"},
			User:     "5550001",
			Name:     "Анна Петрова",
			Kind:     bot.KindText,
			Text:     "Здравствуйте, можно записаться?",
			Sent:     time.Unix(t0.Unix(), 0),
			Received: t0.Add(5 * time.Second),
		}
		if !equal(got, want) {
			t.Errorf("message = %+v\nwant %+v", got, want)
		}

		// The update is not confirmed to Telegram before the hub is done with it.
		synctest.Wait()
		if off := srv.Offset(); off > 700 {
			t.Errorf("Offset() before TurnDone = %d, want ≤ 700", off)
		}
		polls := srv.Calls("getUpdates")
		if p := polls[0]; p.ContentType != "application/json" || p.Params["allowed_updates"] != `["message","callback_query"]` {
			t.Errorf("getUpdates call = %+v, want JSON with allowed_updates [message callback_query]", p)
		}
		h.ch.TurnDone(got)
		h.calls("getUpdates", len(srv.Calls("getUpdates"))+1)
		synctest.Wait()
		if off := srv.Offset(); off != 701 {
			t.Errorf("Offset() after TurnDone = %d, want 701", off)
		}
		if p, _ := h.store.Progress(context.Background(), botID); p.Offset != 701 {
			t.Errorf("stored Progress = %+v, want Offset 701", p)
		}
		h.none()
	})
}

func equal(a, b bot.Message) bool {
	return a.ID == b.ID && a.From == b.From && a.User == b.User && a.Group == b.Group && a.Name == b.Name &&
		a.Phone == b.Phone && a.Source == b.Source && a.Kind == b.Kind && a.Text == b.Text && a.Option == b.Option &&
		a.Sent.Equal(b.Sent) && a.Received.Equal(b.Received)
}

func TestKinds(t *testing.T) {
	file := map[string]any{"file_id": "f", "file_unique_id": "u", "file_size": 10}
	photo := []any{map[string]any{"file_id": "p", "file_unique_id": "u", "width": 90, "height": 90}}
	loc := map[string]any{"latitude": 56.01, "longitude": 92.87}
	tests := []struct {
		name   string
		fields map[string]any
		kind   bot.Kind
		text   string
	}{
		{"sticker", map[string]any{"sticker": map[string]any{"file_id": "s", "file_unique_id": "u", "type": "regular",
			"width": 512, "height": 512, "is_animated": false, "is_video": false, "emoji": "👍"}}, bot.KindSticker, ""},
		{"voice", map[string]any{"voice": map[string]any{"file_id": "v", "file_unique_id": "u", "duration": 3}}, bot.KindVoice, ""},
		{"video note", map[string]any{"video_note": map[string]any{"file_id": "v", "file_unique_id": "u", "length": 240, "duration": 3}}, bot.KindVoice, ""},
		{"photo with caption", map[string]any{"photo": photo, "caption": "Хочу такой маникюр"}, bot.KindPhoto, "Хочу такой маникюр"},
		{"document", map[string]any{"document": file, "caption": "прайс"}, bot.KindFile, "прайс"},
		{"audio", map[string]any{"audio": map[string]any{"file_id": "a", "file_unique_id": "u", "duration": 100}}, bot.KindFile, ""},
		{"location", map[string]any{"location": loc}, bot.KindLocation, ""},
		{"venue", map[string]any{"location": loc, "venue": map[string]any{"location": loc, "title": "ТЦ", "address": "ул. Мира, 1"}}, bot.KindLocation, ""},
		{"video", map[string]any{"video": map[string]any{"file_id": "v", "file_unique_id": "u", "width": 1, "height": 1, "duration": 1}, "caption": "вот"}, bot.KindOther, "вот"},
		{"animation", map[string]any{"animation": map[string]any{"file_id": "g", "file_unique_id": "u", "width": 1, "height": 1, "duration": 1}, "document": file}, bot.KindOther, ""},
		{"dice", map[string]any{"dice": map[string]any{"emoji": "🎲", "value": 3}}, bot.KindOther, ""},
	}
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		h := start(t, srv, telegramtest.NewStore(), nil)
		h.auto = true
		defer h.stop()
		for i, tt := range tests {
			srv.Add(private(int64(10+i), tt.fields))
			m := h.next()
			if m.Kind != tt.kind || m.Text != tt.text {
				t.Errorf("%s: Kind, Text = %q, %q; want %q, %q", tt.name, m.Kind, m.Text, tt.kind, tt.text)
			}
		}
	})
}

func TestIgnored(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		h := start(t, srv, telegramtest.NewStore(), nil)
		defer h.stop()

		edited := text(1, "исправила")
		edited["edited_message"], edited["message"] = edited["message"], nil
		srv.Add(
			edited,
			map[string]any{"update_id": 2, "channel_post": map[string]any{"message_id": 1, "date": t0.Unix(),
				"chat": map[string]any{"id": -100777, "type": "channel"}, "text": "пост"}},
			group(3, -100999, 42, "чужая группа"),
			private(4, map[string]any{"new_chat_title": "x"}),
			private(5, map[string]any{"text": "от бота", "from": map[string]any{"id": 99, "is_bot": true, "first_name": "B"}}),
			text(6, "после"),
		)
		if m := h.next(); m.ID != "6" {
			t.Errorf("first delivered message = %q (%q), want update 6", m.ID, m.Text)
		}
		h.none()
		// The ignored updates are confirmed even while 6 is in flight.
		synctest.Wait()
		if off := srv.Offset(); off != 6 {
			t.Errorf("Offset() = %d, want 6", off)
		}
	})
}

// TestPollsCalmly checks that while an update is being handled (so Telegram returns it with
// every getUpdates), the channel does not ask again in a tight loop, yet sees new updates.
func TestPollsCalmly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		h := start(t, srv, telegramtest.NewStore(), nil)
		defer h.stop()

		edited := text(2, "исправила")
		edited["edited_message"], edited["message"] = edited["message"], nil
		srv.Add(text(1, "долгий вопрос"), edited)
		first := h.next()
		before := len(srv.Calls("getUpdates"))
		time.Sleep(10 * time.Second)
		if n := len(srv.Calls("getUpdates")) - before; n > 25 {
			t.Errorf("getUpdates called %d times in 10s while an update was in flight, want at most 25", n)
		}
		srv.Add(text(3, "другой клиент"))
		begin := time.Now()
		if m := h.next(); m.ID != "3" || time.Since(begin) > time.Second {
			t.Errorf("next message = update %s after %v, want update 3 within 1s", m.ID, time.Since(begin))
		}
		h.ch.TurnDone(first)
	})
}

func TestContact(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		h := start(t, srv, telegramtest.NewStore(), nil)
		h.auto = true
		defer h.stop()

		srv.Add(private(1, map[string]any{"contact": map[string]any{"phone_number": "79131234567", "first_name": "Анна", "user_id": client}}))
		m := h.next()
		if m.Kind != bot.KindContact || m.Text != "+79131234567" || m.Phone != "+79131234567" {
			t.Errorf("own contact: Kind, Text, Phone = %q, %q, %q; want contact, +79131234567 twice", m.Kind, m.Text, m.Phone)
		}

		srv.Add(private(2, map[string]any{"contact": map[string]any{"phone_number": "8 (913) 765-43-21", "first_name": "Мама", "user_id": 777}}))
		m = h.next()
		if m.Kind != bot.KindContact || m.Text != "8 (913) 765-43-21" || m.Phone != "" {
			t.Errorf("someone else's contact: Kind, Text, Phone = %q, %q, %q; want contact, the raw number, empty", m.Kind, m.Text, m.Phone)
		}
	})
}

func TestStartPayload(t *testing.T) {
	tests := []struct {
		text, source string
	}{
		{"/start src_instagram", "src_instagram"},
		{"/start", ""},
		{"/start bad payload!", ""},
		{"/start " + strings.Repeat("a", 65), ""},
		{"/start " + strings.Repeat("a", 64), strings.Repeat("a", 64)},
		{"/startsrc", ""},
	}
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		h := start(t, srv, telegramtest.NewStore(), nil)
		h.auto = true
		defer h.stop()
		for i, tt := range tests {
			srv.Add(text(int64(i+1), tt.text))
			m := h.next()
			if m.Source != tt.source || m.Text != tt.text {
				t.Errorf("message(%q): Source, Text = %q, %q; want %q, the text as is", tt.text, m.Source, m.Text, tt.source)
			}
		}
	})
}

func TestGroups(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		h := start(t, srv, telegramtest.NewStore(), nil)
		h.auto = true
		defer h.stop()

		srv.Add(group(1, -100999, 42, "/stats"), group(2, staff, 42, "/stats@minutka_test_bot week"))
		m := h.next()
		if m.ID != "2" || !m.Group || m.From.Chat != "-1001234567890" || m.User != "42" || m.Text != "/stats week" {
			t.Errorf("staff message = %+v; want update 2 in the staff group from user 42, text %q", m, "/stats week")
		}
		h.none()
	})
}

func TestCallbackQuery(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		h := start(t, srv, telegramtest.NewStore(), nil)
		defer h.stop()

		markup := map[string]any{"inline_keyboard": [][]map[string]any{{{"text": "Записаться", "callback_data": "menu:book"}}}}
		srv.Add(press(5, "menu:book", markup))
		m := h.next()
		if m.Option != "menu:book" || m.Text != "Записаться" || m.Kind != bot.KindText || m.From.Chat != "5550001" || m.User != "5550001" || m.ID != "5" {
			t.Errorf("button press = %+v; want Option menu:book, Text Записаться in chat 5550001", m)
		}
		if !m.Sent.IsZero() {
			t.Errorf("button press Sent = %v, want zero (a callback has no date)", m.Sent)
		}
		calls := h.calls("answerCallbackQuery", 1)
		if id := calls[0].Params["callback_query_id"]; id != "cq5" {
			t.Errorf("answerCallbackQuery(callback_query_id=%q), want cq5", id)
		}
		// Asked again while in flight: neither delivered nor answered again.
		srv.Add(press(5, "menu:book", markup))
		h.none()
		if n := len(srv.Calls("answerCallbackQuery")); n != 1 {
			t.Errorf("answerCallbackQuery called %d times, want 1", n)
		}
	})
}

func TestLongOptionValue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		h := start(t, srv, telegramtest.NewStore(), nil)
		h.auto = true
		defer h.stop()

		long := "slot:" + strings.Repeat("2026-03-01T10:00:00+07:00/olga/", 4)
		r := bot.Reply{Text: "Выберите время", Options: []bot.Option{{Label: "Ольга, 10:00", Value: long}, {Label: "Цены", Value: "menu:prices"}}}
		must(t, h.ch.Send(context.Background(), bot.Address{Channel: "telegram", Chat: "5550001"}, r))
		sent := h.calls("sendMessage", 1)[0]
		markup := sent.Params["reply_markup"]
		data := between(markup, `"callback_data":"`, `"`)
		if len(data) > 64 || len(data) == 0 || data == long {
			t.Fatalf("callback_data = %q (%d bytes); want a token of at most 64 bytes", data, len(data))
		}
		if !strings.Contains(markup, `"callback_data":"menu:prices"`) {
			t.Errorf("reply_markup = %s; want the short value as is", markup)
		}

		var kb map[string]any
		mustJSON(t, markup, &kb)
		srv.Add(press(1, data, kb))
		if m := h.next(); m.Option != long || m.Text != "Ольга, 10:00" {
			t.Errorf("press(token): Option, Text = %q, %q; want the long value and its label", m.Option, m.Text)
		}

		// A token the channel does not know (from before a restart) reads as the label typed.
		stale := "~zzzzzzzz.1"
		srv.Add(press(2, stale, map[string]any{"inline_keyboard": [][]map[string]any{{{"text": "Ольга, 10:00", "callback_data": stale}}}}))
		if m := h.next(); m.Option != "" || m.Text != "Ольга, 10:00" {
			t.Errorf("press(stale token): Option, Text = %q, %q; want empty, the label", m.Option, m.Text)
		}
		h.calls("answerCallbackQuery", 2)
	})
}

// TestRestart stops the channel after two of five updates are processed (out of order) and
// runs a new one on the same store: every update is processed exactly once.
func TestRestart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		store := telegramtest.NewStore()
		processed := map[string]int{}
		for i := int64(1); i <= 5; i++ {
			srv.Add(text(100+i, "сообщение"))
		}

		h := start(t, srv, store, nil)
		var first []bot.Message
		for range 5 {
			first = append(first, h.next())
		}
		for i, m := range first {
			if want := []string{"101", "102", "103", "104", "105"}[i]; m.ID != want {
				t.Errorf("delivery %d = update %s, want %s (update order)", i, m.ID, want)
			}
		}
		for _, m := range []bot.Message{first[0], first[2]} { // 101 and 103 are processed
			h.ch.TurnDone(m)
			processed[m.ID]++
		}
		h.stop() // a crash: 102, 104 and 105 were never finished

		if p, _ := store.Progress(context.Background(), botID); p.Offset != 102 {
			t.Errorf("stored Progress = %+v, want Offset 102", p)
		}

		h2 := start(t, srv, store, nil)
		defer h2.stop()
		var again []string
		for range 3 {
			m := h2.next()
			again = append(again, m.ID)
			h2.ch.TurnDone(m)
			processed[m.ID]++
		}
		h2.none()
		if got := strings.Join(again, ","); got != "102,104,105" {
			t.Errorf("delivered after restart = %s, want 102,104,105", got)
		}
		for i := 101; i <= 105; i++ {
			if id := strconv.Itoa(i); processed[id] != 1 {
				t.Errorf("update %s processed %d times, want 1", id, processed[id])
			}
		}
		synctest.Wait()
		if off := srv.Offset(); off != 106 {
			t.Errorf("Offset() = %d, want 106", off)
		}
	})
}

func TestDuplicateUpdate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		h := start(t, srv, telegramtest.NewStore(), nil)
		defer h.stop()

		srv.Add(text(9, "привет"), text(9, "привет"))
		m := h.next()
		h.none()
		h.ch.TurnDone(m)
		srv.Add(text(9, "привет")) // sent again after it was processed
		h.none()
	})
}

func TestPollingRemovesWebhook(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		// Set a webhook through the API, as an earlier deployment would have.
		hook := newHarness(t, srv, telegramtest.NewStore(), func(o *telegram.Options) {
			o.Webhook, o.WebhookURL, o.WebhookSecret = true, "https://salon.example/telegram/webhook", "s3cret"
		})
		hook.run()
		hook.calls("setWebhook", 1)
		hook.stop()

		h := start(t, srv, telegramtest.NewStore(), nil)
		defer h.stop()
		srv.Add(text(1, "привет"))
		if m := h.next(); m.ID != "1" {
			t.Errorf("message = %+v, want update 1", m)
		}
		h.calls("deleteWebhook", 1)
	})
}

func TestUnauthorized(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer("123456:other")
		h := newHarness(t, srv, telegramtest.NewStore(), nil)
		err := h.ch.Run(context.Background(), func(bot.Message) {})
		if !errors.Is(err, telegram.ErrUnauthorized) {
			t.Errorf("Run(wrong token) = %v, want ErrUnauthorized", err)
		}
		if err != nil && strings.Contains(err.Error(), token) {
			t.Errorf("Run error %q contains the token", err)
		}
	})
}

func TestPollErrorsRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := telegramtest.NewServer(token)
		srv.Fail("getUpdates",
			telegramtest.Fault{Code: 502, Body: "<html>Bad Gateway</html>"},
			telegramtest.Fault{Code: 500, Description: "Internal Server Error"},
			telegramtest.TooManyRequests(3))
		h := start(t, srv, telegramtest.NewStore(), nil)
		defer h.stop()
		begin := time.Now()
		srv.Add(text(1, "привет"))
		if m := h.next(); m.ID != "1" {
			t.Errorf("message = %+v, want update 1", m)
		}
		if d := time.Since(begin); d < 3*time.Second {
			t.Errorf("delivered after %v, want the backoff and retry_after waited out (≥ 3s)", d)
		}
		if strings.Contains(h.logs.String(), token) {
			t.Errorf("logs contain the token:\n%s", h.logs)
		}
	})
}

// TestOverHTTP runs the channel with its default HTTP client against the fake server on a
// real socket.
func TestOverHTTP(t *testing.T) {
	srv := telegramtest.NewServer(token)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	h := start(t, srv, telegramtest.NewStore(), func(o *telegram.Options) {
		o.APIURL, o.HTTPClient, o.PollTimeout = ts.URL+"/", nil, time.Second
	})
	defer h.stop()
	srv.Add(text(1, "привет"))
	m := h.next()
	if m.ID != "1" || m.Text != "привет" {
		t.Errorf("message = %+v, want update 1", m)
	}
	must(t, h.ch.Send(context.Background(), m.From, bot.Reply{Text: "Здравствуйте!"}))
	if got := h.calls("sendMessage", 1)[0].Params["text"]; got != "Здравствуйте!" {
		t.Errorf("sent text = %q", got)
	}
	h.ch.TurnDone(m)
}
