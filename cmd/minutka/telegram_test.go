package main

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/minutka/minutka/bot/telegram/telegramtest"
	"github.com/minutka/minutka/events"
)

// TestTelegramEndToEnd runs the whole service against a fake Bot API server on a real socket,
// configured as an operator would (MINUTKA_TELEGRAM_API_URL), and books a visit from Telegram:
// the deep-link source, the share-contact button, inline buttons, the staff chat.
func TestTelegramEndToEnd(t *testing.T) {
	const token = "123456:TEST-token"
	const client, staffChat, owner = 5550001, -100500, 777
	srv := telegramtest.NewServer(token)
	hs := httptest.NewServer(srv)
	defer hs.Close()

	m := NewMain()
	m.Config.DataDir = t.TempDir()
	m.Config.HTTPAddr = "127.0.0.1:0"
	m.Config.Telegram = TelegramConfig{Token: token, APIURL: hs.URL, Owners: []int64{owner}, StaffChat: staffChat}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	id := int64(0)
	msg := func(fields map[string]any) map[string]any {
		id++
		mm := map[string]any{"message_id": id + 100, "date": time.Now().Unix(),
			"chat": map[string]any{"id": client, "type": "private", "first_name": "Иван"},
			"from": map[string]any{"id": client, "is_bot": false, "first_name": "Иван"}}
		for k, v := range fields {
			mm[k] = v
		}
		return map[string]any{"update_id": id, "message": mm}
	}
	sent := 0
	// next waits for the bot's next sendMessage and returns its parameters.
	next := func(what string) map[string]string {
		t.Helper()
		calls, err := srv.WaitCalls(ctx, "sendMessage", sent+1)
		if err != nil {
			t.Fatalf("%s: no answer: %v", what, err)
		}
		sent++
		return calls[sent-1].Params
	}
	wantText := func(p map[string]string, subs ...string) {
		t.Helper()
		for _, s := range subs {
			if !strings.Contains(p["text"], s) {
				t.Errorf("sendMessage text = %q, want %q in it", p["text"], s)
			}
		}
	}

	srv.Add(msg(map[string]any{"text": "/start src_instagram"}))
	p := next("/start")
	wantText(p, "Здравствуйте! Это Салон Минутка")
	if p["chat_id"] != "5550001" || !strings.Contains(p["reply_markup"], "inline_keyboard") {
		t.Errorf("greeting = %v, want it in the client's chat with the menu as inline buttons", p)
	}

	srv.Add(msg(map[string]any{"text": "хочу на мужскую стрижку завтра в 15:00"}))
	wantText(next("booking"), "15:00 свободно", "Как к вам обращаться?")
	srv.Add(msg(map[string]any{"text": "Иван"}))
	p = next("name")
	wantText(p, "номер телефона")
	if !strings.Contains(p["reply_markup"], `"request_contact":true`) {
		t.Errorf("phone question reply_markup = %s, want a request_contact button", p["reply_markup"])
	}
	srv.Add(msg(map[string]any{"contact": map[string]any{"phone_number": "79131234567", "first_name": "Иван", "user_id": client}}))
	p = next("contact")
	wantText(p, "+79131234567", "Записываю?")
	var markup struct {
		InlineKeyboard [][]struct {
			Text         string `json:"text"`
			CallbackData string `json:"callback_data"`
		} `json:"inline_keyboard"`
	}
	if err := json.Unmarshal([]byte(p["reply_markup"]), &markup); err != nil || len(markup.InlineKeyboard) == 0 {
		t.Fatalf("confirmation reply_markup = %s (%v), want inline buttons", p["reply_markup"], err)
	}
	yes := markup.InlineKeyboard[0][0]
	if yes.Text != "Да, записать" {
		t.Fatalf("first button = %q, want «Да, записать»", yes.Text)
	}
	id++
	srv.Add(map[string]any{"update_id": id, "callback_query": map[string]any{"id": "cq1", "chat_instance": "1", "data": yes.CallbackData,
		"from": map[string]any{"id": client, "is_bot": false, "first_name": "Иван"},
		"message": map[string]any{"message_id": 50, "date": time.Now().Unix(), "text": "Записываю?",
			"chat": map[string]any{"id": client, "type": "private"}, "from": map[string]any{"id": 123456, "is_bot": true, "first_name": "Minutka"}}}})
	wantText(next("confirm"), "Готово, вы записаны!")
	if _, err := srv.WaitCalls(ctx, "answerCallbackQuery", 1); err != nil {
		t.Errorf("the button press was not answered: %v", err)
	}

	// The staff chat reads the visits; a stranger's group gets nothing.
	id++
	srv.Add(map[string]any{"update_id": id, "message": map[string]any{"message_id": 900, "date": time.Now().Unix(), "text": "/today",
		"chat": map[string]any{"id": -999, "type": "group", "title": "Чужие"}, "from": map[string]any{"id": 42, "is_bot": false, "first_name": "X"}}})
	id++
	srv.Add(map[string]any{"update_id": id, "message": map[string]any{"message_id": 901, "date": time.Now().Unix(), "text": "/tomorrow@minutka_test_bot",
		"chat": map[string]any{"id": staffChat, "type": "supergroup", "title": "Staff"}, "from": map[string]any{"id": 42, "is_bot": false, "first_name": "Оля"}}})
	p = next("staff /tomorrow")
	if p["chat_id"] != "-100500" {
		t.Errorf("staff answer went to chat %s, want the staff chat (the stranger's group must get nothing)", p["chat_id"])
	}
	wantText(p, "15:00–15:45 Мужская стрижка", "Иван +79131234567 (новый клиент)")

	evs, err := m.Events.Events(ctx, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var source string
	var frt int
	for _, e := range evs {
		switch e.Type {
		case events.LeadCreated:
			source = e.Data["source"]
		case events.FirstResponse:
			if e.Channel == "telegram" {
				frt++
			}
		}
	}
	if source != "src_instagram" || frt != 1 {
		t.Errorf("lead source = %q, telegram first responses = %d; want src_instagram and 1", source, frt)
	}
}
