package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/minutka/minutka/bot"
	"github.com/minutka/minutka/calendar"
	"github.com/minutka/minutka/calendar/calendartest"
)

func TestRolesOf(t *testing.T) {
	r := bot.Roles{Owners: []string{"test:100"}, StaffChats: []string{"test:-500"}}
	tests := []struct {
		name string
		m    bot.Message
		want bot.Role
	}{
		{"owner in private", bot.Message{From: bot.Address{Channel: "test", Chat: "100"}, User: "100"}, bot.RoleOwner},
		{"owner in staff chat", bot.Message{From: bot.Address{Channel: "test", Chat: "-500"}, User: "100", Group: true}, bot.RoleOwner},
		{"staff in staff chat", bot.Message{From: bot.Address{Channel: "test", Chat: "-500"}, User: "7", Group: true}, bot.RoleStaff},
		{"owner id on another channel", bot.Message{From: bot.Address{Channel: "other", Chat: "100"}, User: "100"}, bot.RoleClient},
		{"owner in another group", bot.Message{From: bot.Address{Channel: "test", Chat: "-9"}, User: "100", Group: true}, bot.RoleClient},
		{"stranger", bot.Message{From: bot.Address{Channel: "test", Chat: "8"}, User: "8"}, bot.RoleClient},
		{"no user id", bot.Message{From: bot.Address{Channel: "test", Chat: "100"}}, bot.RoleClient},
	}
	for _, tt := range tests {
		if got := r.Of(tt.m); got != tt.want {
			t.Errorf("%s: Of(%+v) = %v, want %v", tt.name, tt.m, got, tt.want)
		}
	}
}

// TestStaffRouting checks staff and owners reach the commands, clients the dialog, and other
// groups nobody.
func TestStaffRouting(t *testing.T) {
	e := newEcho()
	b := calendartest.Demo()
	cal := calendar.New(b, calendartest.NewStore())
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC).In(b.Location) // the fixture clock
	start := time.Date(now.Year(), now.Month(), now.Day()+1, 12, 0, 0, 0, b.Location)
	if _, err := cal.Book(context.Background(), calendar.Request{Service: "brows", Start: start, Now: now,
		Client: calendar.Client{ID: "test:1", Name: "Лена", Phone: "+79130000001"}}); err != nil {
		t.Fatal(err)
	}
	f := startWith(t, e, func(c *bot.Config) {
		c.Roles = bot.Roles{Owners: []string{"test:100"}, StaffChats: []string{"test:-500"}}
		c.Commands = &bot.Staff{Calendar: cal}
	})
	ctx := context.Background()
	say := func(m bot.Message) string {
		t.Helper()
		r, err := f.ch.Say(ctx, m.From.Chat, m)
		if err != nil {
			t.Fatal(err)
		}
		var s []string
		for _, x := range r {
			s = append(s, x.Text)
		}
		return strings.Join(s, "\n")
	}
	staff := bot.Message{From: bot.Address{Chat: "-500"}, User: "7", Group: true}

	staff.Text = "/tomorrow@minutka_bot"
	if got := say(staff); !strings.Contains(got, "12:00–12:30 Оформление бровей, Мария: Лена +79130000001 (новый клиент)") {
		t.Errorf("staff /tomorrow = %q, want the visit with the client's name and phone", got)
	}
	staff.Text = "девочки, кто сегодня закрывает?"
	if got := say(staff); got != "" {
		t.Errorf("staff small talk answered with %q, want silence", got)
	}
	staff.Text = "/calendar"
	if got := say(staff); !strings.Contains(got, "Календари записей выключены") {
		t.Errorf("staff /calendar without feeds = %q, want how to turn them on", got)
	}
	staff.Text = "/frobnicate"
	if got := say(staff); !strings.Contains(got, "Не знаю такой команды") {
		t.Errorf("staff /frobnicate = %q, want the unknown-command answer", got)
	}
	if got := say(bot.Message{From: bot.Address{Chat: "100"}, User: "100", Text: "привет"}); !strings.Contains(got, "Вы владелец") {
		t.Errorf("owner hello = %q, want the owner's help", got)
	}
	if got := say(bot.Message{From: bot.Address{Chat: "-9"}, User: "5", Group: true, Text: "/today"}); got != "" {
		t.Errorf("a stranger's group got %q, want no answer", got)
	}
	if got := say(bot.Message{From: bot.Address{Chat: "42"}, User: "42", Text: "/today"}); got != "echo: /today" {
		t.Errorf("a client's /today = %q, want it handled as a client message", got)
	}
	if len(e.order) != 1 {
		t.Errorf("the dialog saw %d conversations, want only the client's", len(e.order))
	}

	if err := f.hub.Notify(ctx, "WhatsApp отключился"); err != nil {
		t.Fatal(err)
	}
	if sent := f.ch.Sent("100"); len(sent) == 0 || sent[len(sent)-1].Text != "WhatsApp отключился" {
		t.Errorf("owner's chat got %+v, want the alert", sent)
	}
}
