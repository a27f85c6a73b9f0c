// Package prompts holds every client-facing text of minutka as embedded templates, one file per
// language, with typed render functions so callers cannot miss a field.
package prompts

import (
	"bytes"
	"embed"
	"fmt"
	"strings"
	"text/template"
	"time"
)

//go:embed templates/*.tmpl
var files embed.FS

// Languages lists the languages with a full set of templates.
var Languages = []string{"ru", "en"}

var sets = func() map[string]*template.Template {
	m := make(map[string]*template.Template)
	for _, lang := range Languages {
		t := template.New(lang).Funcs(template.FuncMap{"join": strings.Join})
		m[lang] = template.Must(t.ParseFS(files, "templates/"+lang+".tmpl"))
	}
	return m
}()

// Texts renders the messages of one language. The zero value is not usable; use For.
type Texts struct {
	lang string
	t    *template.Template
}

// For returns the texts in lang ("ru", "en"); unknown languages fall back to Russian.
func For(lang string) Texts {
	if t, ok := sets[lang]; ok {
		return Texts{lang: lang, t: t}
	}
	return Texts{lang: "ru", t: sets["ru"]}
}

// Lang returns the language the texts are in.
func (x Texts) Lang() string { return x.lang }

// render executes the named template. Templates are checked by tests, so an execution error is a
// programming error; it is returned as text the developer will notice in tests.
func (x Texts) render(name string, data any) string {
	var b bytes.Buffer
	if err := x.t.ExecuteTemplate(&b, name, data); err != nil {
		panic(fmt.Sprintf("prompts: %s/%s: %v", x.lang, name, err))
	}
	return strings.TrimSpace(b.String())
}

// Business is what the texts say about the business.
type Business struct {
	Name    string
	City    string
	Address string
	Phone   string // may be empty
	Hours   []HoursLine
}

// HoursLine is one line of the opening hours: days with the same hours grouped.
type HoursLine struct {
	Days  string // already formatted, e.g. "пн–сб"
	Hours string // e.g. "10:00–20:00" or the word for closed
}

// Visit describes a booking or a booking being made.
type Visit struct {
	ID       string
	Service  string
	Master   string
	When     string // formatted with (Texts).When
	Price    string // formatted with (Texts).Price
	Duration string // formatted with (Texts).Duration
	Name     string
	Phone    string
	Address  string
	Move     bool // the visit replaces an earlier one: the client is moving it
}

// Greeting answers a hello.
func (x Texts) Greeting(b Business, returningName string) string {
	return x.render("greeting", struct {
		B    Business
		Name string
	}{b, returningName})
}

// AskService asks which service to book.
func (x Texts) AskService() string { return x.render("ask_service", nil) }

// AskTime asks when the client wants to come for service.
func (x Texts) AskTime(service string) string { return x.render("ask_time", service) }

// AskTimeOfDay asks what time on day, offering the free times.
func (x Texts) AskTimeOfDay(day string) string { return x.render("ask_time_of_day", day) }

// AskTimeInRange offers the free times of a range the client named ("Завтра, в 10:00–12:00",
// "С 30 ноября по 6 декабря").
func (x Texts) AskTimeInRange(what string) string { return x.render("ask_time_in_range", what) }

// RangeFull says a range has no free time; the options are the nearest free times.
func (x Texts) RangeFull(what string) string { return x.render("range_full", what) }

// WhichDay asks which of two days the client meant.
func (x Texts) WhichDay(a, b string) string {
	return x.render("which_day", struct{ A, B string }{a, b})
}

// Range formats a range of days: "с 30 ноября по 6 декабря".
func (x Texts) Range(from, to, now time.Time) string {
	if x.lang == "en" {
		return "from " + x.Day(from, now) + " to " + x.Day(to, now)
	}
	return fmt.Sprintf("с %d %s по %d %s", from.Day(), ruMonths[from.Month()-1], to.Day(), ruMonths[to.Month()-1])
}

// After formats an open range: "завтра, 24 ноября, после 16:00".
func (x Texts) After(t, now time.Time) string {
	if x.lang == "en" {
		return x.Day(t, now) + " after " + t.Format("15:04")
	}
	return x.Day(t, now) + ", после " + t.Format("15:04")
}

// Before formats an open range: "завтра, 24 ноября, до 14:00".
func (x Texts) Before(t, now time.Time) string {
	if x.lang == "en" {
		return x.Day(t, now) + " before " + t.Format("15:04")
	}
	return x.Day(t, now) + ", до " + t.Format("15:04")
}

// Between formats a range of clock times: "завтра, 24 ноября, с 10:00 до 12:00".
func (x Texts) Between(from, to, now time.Time) string {
	if x.lang == "en" {
		return x.Day(from, now) + " between " + from.Format("15:04") + " and " + to.Format("15:04")
	}
	return x.Day(from, now) + ", с " + from.Format("15:04") + " до " + to.Format("15:04")
}

// SlotTaken says the asked time is taken and that the options are the nearest free times.
func (x Texts) SlotTaken(when string) string { return x.render("slot_taken", when) }

// SlotLost says the time was taken while the client was confirming.
func (x Texts) SlotLost() string { return x.render("slot_lost", nil) }

// Closed says the business does not work then; the options are the nearest free times.
func (x Texts) Closed(when string) string { return x.render("closed", when) }

// DayFull says there are no free times on day; the options are the nearest free times.
func (x Texts) DayFull(day string) string { return x.render("day_full", day) }

// NoSlots says there are no free times at all within the booking horizon.
func (x Texts) NoSlots(b Business) string { return x.render("no_slots", b) }

// InPast says the asked time has already passed.
func (x Texts) InPast() string { return x.render("in_past", nil) }

// TooSoon says the asked time is too soon to book; the options are the nearest free times.
func (x Texts) TooSoon(when string) string { return x.render("too_soon", when) }

// TooFar says the asked time is beyond the booking horizon; the options are the nearest free times.
func (x Texts) TooFar() string { return x.render("too_far", nil) }

// SlotOK confirms the time is free before asking for the rest.
func (x Texts) SlotOK(v Visit) string { return x.render("slot_ok", v) }

// AskName asks how to address the client.
func (x Texts) AskName() string { return x.render("ask_name", nil) }

// AskNameAgain asks again when the answer did not look like a name.
func (x Texts) AskNameAgain() string { return x.render("ask_name_again", nil) }

// AskPhone asks for a phone number.
func (x Texts) AskPhone(name string) string { return x.render("ask_phone", name) }

// BadPhone asks again for a phone number in a readable format.
func (x Texts) BadPhone() string { return x.render("bad_phone", nil) }

// ConfirmBooking shows the visit and asks to confirm.
func (x Texts) ConfirmBooking(v Visit) string { return x.render("confirm_booking", v) }

// Booked confirms a stored booking.
func (x Texts) Booked(v Visit) string { return x.render("booked", v) }

// BookingDropped acknowledges that the client stopped booking.
func (x Texts) BookingDropped() string { return x.render("booking_dropped", nil) }

// PriceOne tells the price of one service.
func (x Texts) PriceOne(service, price, duration string) string {
	return x.render("price_one", struct{ Service, Price, Duration string }{service, price, duration})
}

// PriceItem is one line of a price list.
type PriceItem struct{ Service, Price, Duration string }

// PriceList tells all prices.
func (x Texts) PriceList(items []PriceItem) string { return x.render("price_list", items) }

// ServiceItem is one service with the masters who do it.
type ServiceItem struct {
	Service string
	Masters []string
}

// ServiceList tells the services and masters.
func (x Texts) ServiceList(items []ServiceItem) string { return x.render("service_list", items) }

// AddressHours tells where the business is and when it is open.
func (x Texts) AddressHours(b Business) string { return x.render("address_hours", b) }

// Human answers a request for a person.
func (x Texts) Human(b Business) string { return x.render("human", b) }

// ThanksBye answers thanks and goodbyes.
func (x Texts) ThanksBye() string { return x.render("thanks_bye", nil) }

// NotUnderstood answers what the bot could not understand; the options are the main menu.
func (x Texts) NotUnderstood() string { return x.render("not_understood", nil) }

// NotText answers stickers, photos, voice and files.
func (x Texts) NotText() string { return x.render("not_text", nil) }

// TooLong answers a message too long to read.
func (x Texts) TooLong() string { return x.render("too_long", nil) }

// Sorry answers when something broke on our side.
func (x Texts) Sorry() string { return x.render("sorry", nil) }

// Hello is a short greeting put before the answer to a message that greeted and asked at once.
func (x Texts) Hello() string { return x.render("hello", nil) }

// CancelWhich lists the upcoming visits and asks which to cancel (the options).
func (x Texts) CancelWhich() string { return x.render("cancel_which", nil) }

// CancelConfirm asks to confirm cancelling v.
func (x Texts) CancelConfirm(v Visit) string { return x.render("cancel_confirm", v) }

// Cancelled confirms a cancellation.
func (x Texts) Cancelled(v Visit) string { return x.render("cancelled", v) }

// MoveWhich lists the upcoming visits and asks which to move (the options).
func (x Texts) MoveWhich() string { return x.render("move_which", nil) }

// MoveWhen asks for the new time of v.
func (x Texts) MoveWhen(v Visit) string { return x.render("move_when", v) }

// NothingToMove says the client has no upcoming visits to move.
func (x Texts) NothingToMove() string { return x.render("nothing_to_move", nil) }

// TooLateToChange says a visit this close can be moved or cancelled only by the administrator.
func (x Texts) TooLateToChange(b Business) string { return x.render("too_late_to_change", b) }

// NothingToCancel says the client has no upcoming visits.
func (x Texts) NothingToCancel() string { return x.render("nothing_to_cancel", nil) }

// KeepBooking acknowledges that the client keeps the visit.
func (x Texts) KeepBooking() string { return x.render("keep_booking", nil) }

// Staff and owner texts.

// StaffHelp lists the commands for staff, or for the owner.
func (x Texts) StaffHelp(owner bool) string { return x.render("staff_help", owner) }

// FeedLink is a calendar feed in the staff's /calendar answer.
type FeedLink struct{ Name, URL string }

// StaffFeeds lists the calendar feeds to subscribe to, or says how to turn them on.
func (x Texts) StaffFeeds(feeds []FeedLink) string { return x.render("staff_feeds", feeds) }

// UnknownCommand answers a command the bot does not know.
func (x Texts) UnknownCommand() string { return x.render("unknown_command", nil) }

// DayLine is one visit in a staff day list.
type DayLine struct {
	Time, Service, Master, Client, Phone string
	New                                  bool
}

// StaffDay lists the visits of a day for staff.
func (x Texts) StaffDay(day string, lines []DayLine) string {
	return x.render("staff_day", struct {
		Day   string
		Lines []DayLine
	}{day, lines})
}

// WhatsAppStopped alerts the owner that the WhatsApp channel stopped and why.
func (x Texts) WhatsAppStopped(reason string) string { return x.render("whatsapp_stopped", reason) }

// Button labels.

// ButtonBook is the main menu's booking button.
func (x Texts) ButtonBook() string { return x.render("btn_book", nil) }

// ButtonPrices is the main menu's price list button.
func (x Texts) ButtonPrices() string { return x.render("btn_prices", nil) }

// ButtonAddress is the main menu's address and hours button.
func (x Texts) ButtonAddress() string { return x.render("btn_address", nil) }

// ButtonHuman asks for a person.
func (x Texts) ButtonHuman() string { return x.render("btn_human", nil) }

// ButtonYesBook confirms a booking.
func (x Texts) ButtonYesBook() string { return x.render("btn_yes_book", nil) }

// ButtonYesMove confirms moving a booking.
func (x Texts) ButtonYesMove() string { return x.render("btn_yes_move", nil) }

// ButtonOtherTime asks for another time.
func (x Texts) ButtonOtherTime() string { return x.render("btn_other_time", nil) }

// ButtonCancel stops what is in progress.
func (x Texts) ButtonCancel() string { return x.render("btn_cancel", nil) }

// ButtonYesCancel confirms a cancellation.
func (x Texts) ButtonYesCancel() string { return x.render("btn_yes_cancel", nil) }

// ButtonKeep keeps a visit.
func (x Texts) ButtonKeep() string { return x.render("btn_keep", nil) }

// Formatting of values inside texts.

var (
	ruMonths   = [...]string{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"}
	ruWeekdays = [...]string{"воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"}
	ruShortWD  = [...]string{"вс", "пн", "вт", "ср", "чт", "пт", "сб"}
	enShortWD  = [...]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
)

// Day formats the date of t relative to now: "сегодня, 24 ноября", "завтра, 25 ноября",
// "в пятницу, 27 ноября", "4 декабря". Both times should be in the business's location.
func (x Texts) Day(t, now time.Time) string {
	days := dayDiff(now, t)
	if x.lang == "en" {
		date := t.Format("Monday, 2 January")
		switch days {
		case 0:
			return "today, " + t.Format("2 January")
		case 1:
			return "tomorrow, " + t.Format("2 January")
		}
		return date
	}
	date := fmt.Sprintf("%d %s", t.Day(), ruMonths[t.Month()-1])
	switch {
	case days == 0:
		return "сегодня, " + date
	case days == 1:
		return "завтра, " + date
	case days == 2:
		return "послезавтра, " + date
	case days > 2 && days < 7:
		return ruOn(t.Weekday()) + ", " + date
	}
	return date
}

// When formats a visit time: "завтра, 24 ноября, в 15:00".
func (x Texts) When(t, now time.Time) string {
	if x.lang == "en" {
		return x.Day(t, now) + " at " + t.Format("15:04")
	}
	return x.Day(t, now) + ", в " + t.Format("15:04")
}

// SlotLabel formats a free time for a button: "15:00" on the same day as ref, else "пт 27.11 15:00".
func (x Texts) SlotLabel(t, ref, now time.Time) string {
	if dayDiff(ref, t) == 0 && dayDiff(now, t) > 1 {
		return t.Format("15:04")
	}
	switch dayDiff(now, t) {
	case 0:
		if x.lang == "en" {
			return "today " + t.Format("15:04")
		}
		return "сегодня " + t.Format("15:04")
	case 1:
		if x.lang == "en" {
			return "tomorrow " + t.Format("15:04")
		}
		return "завтра " + t.Format("15:04")
	}
	if x.lang == "en" {
		return enShortWD[t.Weekday()] + " " + t.Format("02.01 15:04")
	}
	return ruShortWD[t.Weekday()] + " " + t.Format("02.01 15:04")
}

// Price formats an amount of roubles: "1 200 ₽".
func (x Texts) Price(rub int) string {
	s := fmt.Sprint(rub)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteRune(r)
	}
	return b.String() + "\u00a0₽"
}

// Duration formats a visit length: "45 мин", "1 ч 30 мин".
func (x Texts) Duration(d time.Duration) string {
	h, m := int(d.Hours()), int(d.Minutes())%60
	hu, mu := "ч", "мин"
	if x.lang == "en" {
		hu, mu = "h", "min"
	}
	switch {
	case h == 0:
		return fmt.Sprintf("%d %s", m, mu)
	case m == 0:
		return fmt.Sprintf("%d %s", h, hu)
	}
	return fmt.Sprintf("%d %s %d %s", h, hu, m, mu)
}

// Weekdays formats a run of weekdays for opening hours: "пн–сб", "вс", "Mon–Sat".
func (x Texts) Weekdays(from, to time.Weekday) string {
	names := ruShortWD
	if x.lang == "en" {
		names = enShortWD
	}
	if from == to {
		return names[from]
	}
	return names[from] + "–" + names[to]
}

// ClosedWord is how a day off reads in the hours list.
func (x Texts) ClosedWord() string {
	if x.lang == "en" {
		return "closed"
	}
	return "выходной"
}

func ruOn(d time.Weekday) string {
	switch d {
	case time.Tuesday:
		return "во вторник"
	case time.Wednesday:
		return "в среду"
	case time.Friday:
		return "в пятницу"
	case time.Saturday:
		return "в субботу"
	}
	return "в " + ruWeekdays[d]
}

// dayDiff returns the number of calendar days from a's date to b's date, in a's location.
func dayDiff(a, b time.Time) int {
	b = b.In(a.Location())
	da := time.Date(a.Year(), a.Month(), a.Day(), 12, 0, 0, 0, time.UTC)
	db := time.Date(b.Year(), b.Month(), b.Day(), 12, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours() / 24)
}
