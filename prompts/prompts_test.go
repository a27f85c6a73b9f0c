package prompts

import (
	"strings"
	"testing"
	"time"
)

// TestTemplatesMatch checks both languages define the same set of templates.
func TestTemplatesMatch(t *testing.T) {
	names := func(lang string) map[string]bool {
		m := map[string]bool{}
		for _, tt := range sets[lang].Templates() {
			if tt.Name() != lang && tt.Name() != lang+".tmpl" {
				m[tt.Name()] = true
			}
		}
		return m
	}
	ru, en := names("ru"), names("en")
	for n := range ru {
		if !en[n] {
			t.Errorf("template %q is in ru.tmpl but not in en.tmpl", n)
		}
	}
	for n := range en {
		if !ru[n] {
			t.Errorf("template %q is in en.tmpl but not in ru.tmpl", n)
		}
	}
}

// TestRenderAll renders every text in every language and checks none is empty or has holes.
func TestRenderAll(t *testing.T) {
	b := Business{Name: "Салон", City: "Красноярск", Address: "ул. Карла Маркса, 95", Phone: "+7 391 000-00-00",
		Hours: []HoursLine{{Days: "пн–сб", Hours: "10:00–20:00"}}}
	v := Visit{ID: "7", Service: "Мужская стрижка", Master: "Ольга", When: "завтра, в 15:00", Price: "1 200 ₽",
		Duration: "45 мин", Name: "Иван", Phone: "+79131234567", Address: "ул. Карла Маркса, 95"}
	for _, lang := range Languages {
		x := For(lang)
		texts := map[string]string{
			"Greeting": x.Greeting(b, ""), "GreetingReturning": x.Greeting(b, "Иван"), "AskService": x.AskService(),
			"AskTime": x.AskTime("Стрижка"), "AskTimeOfDay": x.AskTimeOfDay("завтра"), "SlotTaken": x.SlotTaken("15:00"),
			"SlotLost": x.SlotLost(), "Closed": x.Closed("в воскресенье"), "DayFull": x.DayFull("завтра"),
			"NoSlots": x.NoSlots(b), "InPast": x.InPast(), "TooSoon": x.TooSoon("сегодня, в 15:00"), "TooFar": x.TooFar(), "SlotOK": x.SlotOK(v), "AskName": x.AskName(),
			"AskNameAgain": x.AskNameAgain(), "AskPhone": x.AskPhone("Иван"), "BadPhone": x.BadPhone(),
			"ConfirmBooking": x.ConfirmBooking(v), "Booked": x.Booked(v), "BookingDropped": x.BookingDropped(),
			"PriceOne":     x.PriceOne("Стрижка", "1 200 ₽", "45 мин"),
			"PriceList":    x.PriceList([]PriceItem{{"Стрижка", "1 200 ₽", "45 мин"}}),
			"ServiceList":  x.ServiceList([]ServiceItem{{"Стрижка", []string{"Ольга", "Анна"}}}),
			"AddressHours": x.AddressHours(b), "Human": x.Human(b), "ThanksBye": x.ThanksBye(),
			"NotUnderstood": x.NotUnderstood(), "NotText": x.NotText(), "TooLong": x.TooLong(), "Sorry": x.Sorry(),
			"Hello": x.Hello(), "AskTimeInRange": x.AskTimeInRange("Завтра"), "RangeFull": x.RangeFull("Завтра"), "WhichDay": x.WhichDay("завтра", "через неделю"), "CancelWhich": x.CancelWhich(), "CancelConfirm": x.CancelConfirm(v),
			"Cancelled": x.Cancelled(v), "NothingToCancel": x.NothingToCancel(), "TooLateToChange": x.TooLateToChange(b), "MoveWhich": x.MoveWhich(), "MoveWhen": x.MoveWhen(v), "NothingToMove": x.NothingToMove(), "KeepBooking": x.KeepBooking(),
			"ButtonBook": x.ButtonBook(), "StaffHelp": x.StaffHelp(true), "UnknownCommand": x.UnknownCommand(), "StaffFeeds": x.StaffFeeds([]FeedLink{{Name: "Ольга", URL: "https://x/calendar/t/olga.ics"}}), "StaffFeedsOff": x.StaffFeeds(nil), "WhatsAppStopped": x.WhatsAppStopped("logged out"),
			"StaffDay": x.StaffDay("сегодня", []DayLine{{Time: "10:00–10:45", Service: "Стрижка", Master: "Ольга", Client: "Иван", Phone: "+7913", New: true}}), "StaffDayEmpty": x.StaffDay("сегодня", nil), "ButtonPrices": x.ButtonPrices(), "ButtonAddress": x.ButtonAddress(),
			"ButtonYesBook": x.ButtonYesBook(), "ButtonHuman": x.ButtonHuman(), "ButtonYesMove": x.ButtonYesMove(), "ButtonOtherTime": x.ButtonOtherTime(), "ButtonCancel": x.ButtonCancel(),
			"ButtonYesCancel": x.ButtonYesCancel(), "ButtonKeep": x.ButtonKeep(),
		}
		for name, s := range texts {
			if strings.TrimSpace(s) == "" || strings.Contains(s, "<no value>") {
				t.Errorf("%s %s = %q, want a full text", lang, name, s)
			}
		}
		if got := x.ConfirmBooking(v); !strings.Contains(got, "Ольга") || !strings.Contains(got, "+79131234567") {
			t.Errorf("%s ConfirmBooking = %q, want master and phone in it", lang, got)
		}
	}
}

func TestFormat(t *testing.T) {
	loc, err := time.LoadLocation("Asia/Krasnoyarsk")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, loc) // Monday
	ru, en := For("ru"), For("en")
	tests := []struct {
		name, got, want string
	}{
		{"ru When tomorrow", ru.When(time.Date(2026, 11, 24, 15, 0, 0, 0, loc), now), "завтра, 24 ноября, в 15:00"},
		{"ru Day today", ru.Day(time.Date(2026, 11, 23, 18, 0, 0, 0, loc), now), "сегодня, 23 ноября"},
		{"ru Day friday", ru.Day(time.Date(2026, 11, 27, 9, 0, 0, 0, loc), now), "в пятницу, 27 ноября"},
		{"ru Day far", ru.Day(time.Date(2026, 12, 4, 9, 0, 0, 0, loc), now), "4 декабря"},
		{"en When tomorrow", en.When(time.Date(2026, 11, 24, 15, 0, 0, 0, loc), now), "tomorrow, 24 November at 15:00"},
		{"ru After", ru.After(time.Date(2026, 11, 24, 16, 0, 0, 0, loc), now), "завтра, 24 ноября, после 16:00"},
		{"ru Between", ru.Between(time.Date(2026, 11, 24, 10, 0, 0, 0, loc), time.Date(2026, 11, 24, 12, 0, 0, 0, loc), now), "завтра, 24 ноября, с 10:00 до 12:00"},
		{"ru Range", ru.Range(time.Date(2026, 11, 30, 0, 0, 0, 0, loc), time.Date(2026, 12, 6, 0, 0, 0, 0, loc), now), "с 30 ноября по 6 декабря"},
		{"ru Price", ru.Price(1200), "1\u00a0200\u00a0₽"},
		{"ru Price small", ru.Price(900), "900\u00a0₽"},
		{"ru Price big", ru.Price(1234567), "1\u00a0234\u00a0567\u00a0₽"},
		{"ru Duration", ru.Duration(90 * time.Minute), "1 ч 30 мин"},
		{"en Duration", en.Duration(45 * time.Minute), "45 min"},
		{"ru Weekdays", ru.Weekdays(time.Monday, time.Saturday), "пн–сб"},
		{"ru SlotLabel tomorrow", ru.SlotLabel(time.Date(2026, 11, 24, 15, 0, 0, 0, loc), now, now), "завтра 15:00"},
		{"ru SlotLabel far same day", ru.SlotLabel(time.Date(2026, 11, 27, 15, 0, 0, 0, loc), time.Date(2026, 11, 27, 11, 0, 0, 0, loc), now), "15:00"},
		{"ru SlotLabel far", ru.SlotLabel(time.Date(2026, 11, 27, 15, 0, 0, 0, loc), now, now), "пт 27.11 15:00"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	if got := For("de").Lang(); got != "ru" {
		t.Errorf("For(%q).Lang() = %q, want %q", "de", got, "ru")
	}
}
