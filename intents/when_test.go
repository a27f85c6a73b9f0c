package intents_test

import (
	"testing"
	"time"

	"github.com/minutka/minutka/intents"
)

func TestParseWhen(t *testing.T) {
	loc := krasnoyarsk(t)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, loc) // a Monday
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, loc) }
	at := func(m time.Month, d, h, min int) time.Time { return time.Date(2026, m, d, h, min, 0, 0, loc) }
	date := func(m time.Month, d int) intents.When { return intents.When{At: day(m, d), HasDate: true} }
	dateTime := func(m time.Month, d, h, min int) intents.When {
		return intents.When{At: at(m, d, h, min), HasDate: true, HasTime: true}
	}
	clock := func(h, min int) intents.When { return intents.When{At: at(11, 23, h, min), HasTime: true} }
	part := func(w intents.When, pod string) intents.When { w.PartOfDay = pod; return w }

	tests := []struct {
		in   string
		want intents.When
	}{
		// Relative days, with typos.
		{"сегодня", date(11, 23)},
		{"седня", date(11, 23)},
		{"завтра", date(11, 24)},
		{"завтро", date(11, 24)},
		{"послезавтра", date(11, 25)},
		{"послезавтро", date(11, 25)},
		{"после завтра", date(11, 25)},
		{"today", date(11, 23)},
		{"tomorrow", date(11, 24)},

		// Weekdays: the next occurrence, today on the same weekday.
		{"в пятницу", date(11, 27)},
		{"во вторник", date(11, 24)},
		{"в понедельник", date(11, 23)},
		{"в пт", date(11, 27)},
		{"в эту субботу", date(11, 28)},
		{"в следующую субботу", date(12, 5)},
		{"в след понедельник", date(11, 30)},
		{"в субботу на следующей неделе", date(12, 5)},
		{"на выходных", date(11, 28)},
		{"on friday", date(11, 27)},
		{"next friday", date(12, 4)},

		// Calendar dates; a past one rolls to next year.
		{"5 декабря", date(12, 5)},
		{"5 дек", date(12, 5)},
		{"5-го декабря", date(12, 5)},
		{"пятого декабря", date(12, 5)},
		{"двадцать пятое декабря", date(12, 25)},
		{"25.12", date(12, 25)},
		{"на 25.12", date(12, 25)},
		{"25.12.2026", date(12, 25)},
		{"1 января", intents.When{At: time.Date(2027, 1, 1, 0, 0, 0, 0, loc), HasDate: true}},
		{"5 марта", intents.When{At: time.Date(2027, 3, 5, 0, 0, 0, 0, loc), HasDate: true}},
		{"5 марта 2026", intents.When{At: time.Date(2026, 3, 5, 0, 0, 0, 0, loc), HasDate: true}},
		{"на 5 число", date(12, 5)},
		{"25 числа", date(11, 25)},
		{"с 13 по 15 декабря", date(12, 13)},

		// Offsets.
		{"через 2 дня", date(11, 25)},
		{"через неделю", date(11, 30)},
		{"через час", dateTime(11, 23, 11, 0)},
		{"через полчаса", dateTime(11, 23, 10, 30)},
		{"через 2 часа 15 минут", dateTime(11, 23, 12, 15)},
		{"in 2 days", date(11, 25)},

		// Clock times.
		{"в 15:00", clock(15, 0)},
		{"в 15.30", clock(15, 30)},
		{"в 15-30", clock(15, 30)},
		{"15 30", clock(15, 30)},
		{"к 11", clock(11, 0)},
		{"в 11 часов", clock(11, 0)},
		{"в 15ч", clock(15, 0)},
		{"в 3", clock(15, 0)},
		{"в 3 часа", clock(15, 0)},
		{"в 5:30", clock(17, 30)},
		{"в 07:00", clock(7, 0)},
		{"в 8", clock(8, 0)},
		{"в 7 вечера", clock(19, 0)},
		{"в 10 утра", clock(10, 0)},
		{"в 3 часа дня", clock(15, 0)},
		{"в 5дня", clock(17, 0)},
		{"в 4 утра", clock(4, 0)},
		{"в 12 ночи", clock(0, 0)},
		{"в полдень", clock(12, 0)},
		{"в час", clock(13, 0)},
		{"в половине третьего", clock(14, 30)},
		{"полпятого", clock(16, 30)},
		{"без четверти три", clock(14, 45)},
		{"в три часа дня", clock(15, 0)},
		{"к шести вечера", clock(18, 0)},
		{"в 7 часов вечера 30 минут", clock(19, 30)},
		{"в 16 0 0", clock(16, 0)},
		{"часиков в 4", clock(16, 0)},
		{"после 18:00", clock(18, 0)},
		{"с 15:00 на 17:00", clock(17, 0)},
		{"at 3pm", clock(15, 0)},
		{"at 10am", clock(10, 0)},

		// Dates with times.
		{"завтра в 15:00", dateTime(11, 24, 15, 0)},
		{"завтра в 3", dateTime(11, 24, 15, 0)},
		{"завтро в 9 вечера", dateTime(11, 24, 21, 0)},
		{"в пятницу в 7 вечера", dateTime(11, 27, 19, 0)},
		{"в пятницу вечером в 7", dateTime(11, 27, 19, 0)},
		{"25 декабря в 14.30", dateTime(12, 25, 14, 30)},
		{"на 30.11 в 16-00", dateTime(11, 30, 16, 0)},
		{"tomorrow at 15:00", dateTime(11, 24, 15, 0)},
		{"Здравствуйте, хочу записаться на мужскую стрижку завтра в 15:00", dateTime(11, 24, 15, 0)},
		{"Можно записаться на педикюр 23 декабря к шести вечера?", dateTime(12, 23, 18, 0)},

		// Parts of the day.
		{"утром", part(intents.When{At: day(11, 23)}, "morning")},
		{"днём", part(intents.When{At: day(11, 23)}, "day")},
		{"вечером", part(intents.When{At: day(11, 23)}, "evening")},
		{"после обеда", part(intents.When{At: day(11, 23)}, "day")},
		{"завтра утром", part(date(11, 24), "morning")},
		{"в субботу с утра", part(date(11, 28), "morning")},
	}
	for _, tt := range tests {
		got, ok := intents.ParseWhen(tt.in, now)
		if !ok || !got.At.Equal(tt.want.At) || got.HasDate != tt.want.HasDate ||
			got.HasTime != tt.want.HasTime || got.PartOfDay != tt.want.PartOfDay {
			t.Errorf("ParseWhen(%q) = %s, %v, want %s", tt.in, show(got), ok, show(tt.want))
		}
		if ok && got.At.Location() != loc {
			t.Errorf("ParseWhen(%q).At in %v, want %v", tt.in, got.At.Location(), loc)
		}
	}
}

func TestParseWhenNone(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, krasnoyarsk(t))
	for _, in := range []string{
		"",
		"хочу записаться на стрижку",
		"8 913 123-45-67",
		"+7 913 1234567",
		"стрижка 1200",
		"сколько стоит, 1500?",
		"на 45 минут",
		"на 2 человека",
		"опоздаю на 10 минут",
		"мне 25 лет",
		"в 2 раза дешевле",
		"в 10 минутах от метро",
		"за 2 часа нужно предупредить?",
		"до 18:00",
		"по выходным работаете?",
		"по субботам",
		"Доброе утро",
		"Добрый вечер!",
		"хорошего дня",
		"в 25:00",
		"31 ноября",
		"в две смены",
		"это займёт час",
		"процедура длится 2 часа",
		"средство для волос",
		"😊",
	} {
		if got, ok := intents.ParseWhen(in, now); ok {
			t.Errorf("ParseWhen(%q) = %s, true, want false", in, show(got))
		}
	}
}

// TestParseWhenRelativeToNow checks the weekday and roll-over policies against other days.
func TestParseWhenRelativeToNow(t *testing.T) {
	loc := krasnoyarsk(t)
	tests := []struct {
		in   string
		now  time.Time
		want time.Time
	}{
		{"в пятницу", time.Date(2026, 11, 27, 9, 0, 0, 0, loc), time.Date(2026, 11, 27, 0, 0, 0, 0, loc)}, // said on a Friday: today
		{"в пятницу", time.Date(2026, 11, 28, 9, 0, 0, 0, loc), time.Date(2026, 12, 4, 0, 0, 0, 0, loc)},
		{"в следующую пятницу", time.Date(2026, 11, 28, 9, 0, 0, 0, loc), time.Date(2026, 12, 4, 0, 0, 0, 0, loc)},
		{"на выходных", time.Date(2026, 11, 29, 9, 0, 0, 0, loc), time.Date(2026, 11, 29, 0, 0, 0, 0, loc)}, // Sunday
		{"5 марта", time.Date(2026, 3, 5, 9, 0, 0, 0, loc), time.Date(2026, 3, 5, 0, 0, 0, 0, loc)},         // today is not past
		{"31.12", time.Date(2026, 12, 31, 23, 0, 0, 0, loc), time.Date(2026, 12, 31, 0, 0, 0, 0, loc)},
		{"завтра", time.Date(2026, 12, 31, 23, 0, 0, 0, loc), time.Date(2027, 1, 1, 0, 0, 0, 0, loc)},
		{"5 числа", time.Date(2026, 12, 20, 9, 0, 0, 0, loc), time.Date(2027, 1, 5, 0, 0, 0, 0, loc)},
		{"через час", time.Date(2026, 11, 23, 23, 30, 0, 0, loc), time.Date(2026, 11, 24, 0, 30, 0, 0, loc)},
	}
	for _, tt := range tests {
		got, ok := intents.ParseWhen(tt.in, tt.now)
		if !ok || !got.At.Equal(tt.want) {
			t.Errorf("ParseWhen(%q, %s) = %s, %v, want %s", tt.in, tt.now.Format("Mon 2006-01-02 15:04"), show(got), ok, tt.want.Format("2006-01-02 15:04"))
		}
	}
}

func show(w intents.When) string {
	return w.At.Format("Mon 2006-01-02 15:04") + map[bool]string{true: " date", false: ""}[w.HasDate] +
		map[bool]string{true: " time", false: ""}[w.HasTime] + " " + w.PartOfDay
}
