package intents_test

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/minutka/minutka/intents"
)

// whenCase builds expected values against the tests' fixed now: Monday 23 November 2026, 10:00
// in Krasnoyarsk.
type whenCase struct{ loc *time.Location }

func (c whenCase) t(m time.Month, d, h, min int) time.Time {
	y := 2026
	if m < time.November {
		y = 2027
	}
	return time.Date(y, m, d, h, min, 0, 0, c.loc)
}

// day is a named day.
func (c whenCase) day(m time.Month, d int) intents.When {
	return intents.When{At: c.t(m, d, 0, 0), HasDate: true, Grain: intents.GrainDay}
}

// at is a named day and time; g is the time's grain.
func (c whenCase) at(m time.Month, d, h, min int, g intents.Grain) intents.When {
	return intents.When{At: c.t(m, d, h, min), HasDate: true, HasTime: true, Grain: g}
}

// clock is a time with no date, on the day given.
func (c whenCase) clock(m time.Month, d, h, min int, g intents.Grain) intents.When {
	return intents.When{At: c.t(m, d, h, min), HasTime: true, Grain: g}
}

// days is a range of days.
func (c whenCase) days(m1 time.Month, d1 int, m2 time.Month, d2 int) intents.When {
	return intents.When{At: c.t(m1, d1, 0, 0), End: c.t(m2, d2, 0, 0), HasDate: true, Grain: intents.GrainDay}
}

// span is a range of times on one day; date says whether the day was named.
func (c whenCase) span(m time.Month, d, h1, m1, h2, m2 int, date bool, g intents.Grain) intents.When {
	return intents.When{At: c.t(m, d, h1, m1), End: c.t(m, d, h2, m2), HasDate: date, HasTime: true, Grain: g}
}

func withPod(w intents.When, part string) intents.When { w.PartOfDay = part; return w }
func withAsk(w intents.When) intents.When              { w.Ask = true; return w }
func withOpen(w intents.When, o intents.Open) intents.When {
	w.Open = o
	return w
}

func sameWhen(a, b intents.When) bool {
	return a.At.Equal(b.At) && a.End.Equal(b.End) && a.HasDate == b.HasDate && a.HasTime == b.HasTime &&
		a.PartOfDay == b.PartOfDay && a.Grain == b.Grain && a.Open == b.Open && a.Ask == b.Ask
}

func TestParseWhen(t *testing.T) {
	loc := krasnoyarsk(t)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, loc) // a Monday
	c := whenCase{loc}
	const (
		H = intents.GrainHour
		M = intents.GrainMinute
	)
	offset := func(d time.Duration, hasTime bool) intents.When {
		return intents.When{At: now.Add(d), HasDate: true, HasTime: hasTime, Grain: intents.GrainSecond}
	}
	tests := []struct {
		in   string
		want intents.When
	}{
		// Relative days, with typos.
		{"сегодня", c.day(11, 23)},
		{"седня", c.day(11, 23)},
		{"завтра", c.day(11, 24)},
		{"завтро", c.day(11, 24)},
		{"зафтра", c.day(11, 24)},
		{"Завтра!!", c.day(11, 24)},
		{"послезавтра", c.day(11, 25)},
		{"послезавтро", c.day(11, 25)},
		{"после завтра", c.day(11, 25)},
		{"на следующий день", c.day(11, 24)},
		{"today", c.day(11, 23)},
		{"tomorrow", c.day(11, 24)},

		// Weekdays: the next occurrence, today on the same weekday; «следующая» is next week's.
		{"в пятницу", c.day(11, 27)},
		{"во вторник", c.day(11, 24)},
		{"в понедельник", c.day(11, 23)},
		{"в пт", c.day(11, 27)},
		{"в эту субботу", c.day(11, 28)},
		{"в суботу", c.day(11, 28)},
		{"в срду", c.day(11, 25)},
		{"понидельник", c.day(11, 23)},
		{"в четверк", c.day(11, 26)},
		{"в следующую субботу", withAsk(c.day(12, 5))},
		{"в след понедельник", c.day(11, 30)},
		{"в следущую среду", withAsk(c.day(12, 2))},
		{"в субботу на следующей неделе", c.day(12, 5)},
		{"на следующей неделе во вторник", c.day(12, 1)},
		{"через неделю в среду", c.day(12, 2)},
		{"в апреле в пятницу", c.day(4, 2)},
		{"on friday", c.day(11, 27)},
		{"next friday", withAsk(c.day(12, 4))},
		{"next monday", c.day(11, 30)},

		// Weeks, weekends, months.
		{"на следующей неделе", intents.When{At: c.t(11, 30, 0, 0), HasDate: true, Grain: intents.GrainWeek}},
		{"на этой неделе", intents.When{At: c.t(11, 23, 0, 0), HasDate: true, Grain: intents.GrainWeek}},
		{"на выходных", c.days(11, 28, 11, 29)},
		{"в следующие выходные", withAsk(c.days(12, 5, 12, 6))},
		{"в январе", intents.When{At: c.t(1, 1, 0, 0), HasDate: true, Grain: intents.GrainMonth}},
		{"в декабре", intents.When{At: c.t(12, 1, 0, 0), HasDate: true, Grain: intents.GrainMonth}},
		{"в ноябре", intents.When{At: c.t(11, 1, 0, 0), HasDate: true, Grain: intents.GrainMonth}},
		{"в следующем месяце", intents.When{At: c.t(12, 1, 0, 0), HasDate: true, Grain: intents.GrainMonth}},
		{"на май", intents.When{At: c.t(5, 1, 0, 0), HasDate: true, Grain: intents.GrainMonth}},

		// Calendar dates; a past one rolls to next year.
		{"5 декабря", c.day(12, 5)},
		{"5 дек", c.day(12, 5)},
		{"5 дикабря", c.day(12, 5)},
		{"5-го декабря", c.day(12, 5)},
		{"пятого декабря", c.day(12, 5)},
		{"двадцать пятое декабря", c.day(12, 25)},
		{"25.12", c.day(12, 25)},
		{"на 25.12", c.day(12, 25)},
		{"25.12.2026", c.day(12, 25)},
		{"1 января", c.day(1, 1)},
		{"5 марта", c.day(3, 5)},
		{"5 марта 2026", intents.When{At: time.Date(2026, 3, 5, 0, 0, 0, 0, loc), HasDate: true, Grain: intents.GrainDay}},
		{"на 5 число", c.day(12, 5)},
		{"25 числа", c.day(11, 25)},
		{"15 числа в январе", c.day(1, 15)},
		{"December 5", c.day(12, 5)},

		// Offsets: the instant, to the second.
		{"через 2 дня", offset(48*time.Hour, false)},
		{"через неделю", offset(7*24*time.Hour, false)},
		{"через час", offset(time.Hour, true)},
		{"через полчаса", offset(30*time.Minute, true)},
		{"через 2 часа 15 минут", offset(2*time.Hour+15*time.Minute, true)},
		{"через день 2 часа", offset(26*time.Hour, true)},
		{"in 2 days", offset(48*time.Hour, false)},
		{"in 30 minutes", offset(30*time.Minute, true)},
		{"через 2 дня в 12", c.at(11, 25, 12, 0, H)},
		{"можно сейчас?", offset(0, true)},

		// Clock times with no date: the next occurrence; 1–7 is afternoon.
		{"в 15:00", c.clock(11, 23, 15, 0, M)},
		{"в 15.30", c.clock(11, 23, 15, 30, M)},
		{"в 15-30", c.clock(11, 23, 15, 30, M)},
		{"15 30", c.clock(11, 23, 15, 30, M)},
		{"к 11", c.clock(11, 23, 11, 0, H)},
		{"в 11 часов", c.clock(11, 23, 11, 0, H)},
		{"в 15ч", c.clock(11, 23, 15, 0, H)},
		{"в 3", c.clock(11, 23, 15, 0, H)},
		{"в 3 часа", c.clock(11, 23, 15, 0, H)},
		{"в 5:30", c.clock(11, 23, 17, 30, M)},
		{"в 07:00", c.clock(11, 24, 7, 0, M)},
		{"в 8", c.clock(11, 24, 8, 0, H)},
		{"в 9 утра", c.clock(11, 24, 9, 0, H)},
		{"к 10 утра", c.clock(11, 23, 10, 0, H)},
		{"в 7 вечера", c.clock(11, 23, 19, 0, H)},
		{"в 7 30 вечера", c.clock(11, 23, 19, 30, M)},
		{"в 3 часа дня", c.clock(11, 23, 15, 0, H)},
		{"в 5дня", c.clock(11, 23, 17, 0, H)},
		{"в 12 ночи", c.clock(11, 24, 0, 0, H)},
		{"в полдень", c.clock(11, 23, 12, 0, H)},
		{"в час", c.clock(11, 23, 13, 0, H)},
		{"в половине третьего", c.clock(11, 23, 14, 30, M)},
		{"полпятого", c.clock(11, 23, 16, 30, M)},
		{"без четверти три", c.clock(11, 23, 14, 45, M)},
		{"к шести вечера", c.clock(11, 23, 18, 0, H)},
		{"в 7 часов вечера 30 минут", c.clock(11, 23, 19, 30, M)},
		{"в 16 0 0", c.clock(11, 23, 16, 0, M)},
		{"часиков в 4", c.clock(11, 23, 16, 0, H)},
		{"at 3pm", c.clock(11, 23, 15, 0, H)},
		{"перенести с 15:00 на 17:00", c.clock(11, 23, 17, 0, M)},

		// Dates with times.
		{"завтра в 15:00", c.at(11, 24, 15, 0, M)},
		{"завтра в 3", c.at(11, 24, 15, 0, H)},
		{"завтро в 9 вечера", c.at(11, 24, 21, 0, H)},
		{"в пятницу в 7 вечера", c.at(11, 27, 19, 0, H)},
		{"в пятницу вечером в 7", c.at(11, 27, 19, 0, H)},
		{"в пт в 11", c.at(11, 27, 11, 0, H)},
		{"25.11 в 16:00", c.at(11, 25, 16, 0, M)},
		{"25 декабря в 14.30", c.at(12, 25, 14, 30, M)},
		{"на 30.11 в 16-00", c.at(11, 30, 16, 0, M)},
		{"tomorrow at 3pm", c.at(11, 24, 15, 0, H)},
		{"перенесите с пятницы на субботу в 12", c.at(11, 28, 12, 0, H)},
		{"Здравствуйте, хочу записаться на мужскую стрижку завтра в 15:00", c.at(11, 24, 15, 0, M)},
		{"Можно записаться на педикюр 23 декабря к шести вечера?", c.at(12, 23, 18, 0, H)},
		{"здравствуйте хочу на маникюр завтра часов в 5 вечера если можно", c.at(11, 24, 17, 0, H)},
		{"добрый день! можно на стрижку в суботу в 11", c.at(11, 28, 11, 0, H)},
		{"можно к Марии на ноготочки в четверг к 6 вечера?", c.at(11, 26, 18, 0, H)},
		{"я работаю до 4, можно в 5?", c.clock(11, 23, 17, 0, H)},
		{"не успеваю к 3, можно на 5 перенести?", c.clock(11, 23, 17, 0, H)},
		{"можно я приду не в 12 а в 14", c.clock(11, 23, 14, 0, H)},
		{"не смогу в пятницу, давайте на субботу", c.day(11, 28)},
		{"у меня запись на завтра, можно ее на послезавтра перенести", c.day(11, 25)},
		{"на завтра на 9", c.at(11, 24, 9, 0, H)},
		{"29/11 в 12", c.at(11, 29, 12, 0, H)},
		{"на 30-е", c.day(11, 30)},
		{"до 10-го", withOpen(c.day(12, 10), intents.OpenBefore)},

		// Parts of the day.
		{"утром", withPod(intents.When{At: c.t(11, 23, 0, 0), Grain: intents.GrainDay}, "morning")},
		{"днём", withPod(intents.When{At: c.t(11, 23, 0, 0), Grain: intents.GrainDay}, "day")},
		{"вечером", withPod(intents.When{At: c.t(11, 23, 0, 0), Grain: intents.GrainDay}, "evening")},
		{"после обеда", withPod(intents.When{At: c.t(11, 23, 0, 0), Grain: intents.GrainDay}, "day")},
		{"в первой половине дня", withPod(intents.When{At: c.t(11, 23, 0, 0), Grain: intents.GrainDay}, "morning")},
		{"завтра утром", withPod(c.day(11, 24), "morning")},
		{"послезавтра утром", withPod(c.day(11, 25), "morning")},
		{"в субботу с утра", withPod(c.day(11, 28), "morning")},
		{"а в срду вечерком есть окошко?", withPod(c.day(11, 25), "evening")},
		{"запишите на следующей неделе во вторник после обеда", withPod(c.day(12, 1), "day")},

		// Ranges.
		{"с 10 до 12", c.span(11, 23, 10, 0, 12, 0, false, H)},
		{"завтра с 10 до 12", c.span(11, 24, 10, 0, 12, 0, true, H)},
		{"с 10 до 12 завтра", c.span(11, 24, 10, 0, 12, 0, true, H)},
		{"в субботу с 12 до 14", c.span(11, 28, 12, 0, 14, 0, true, H)},
		{"с 7 до 9 вечера", c.span(11, 23, 19, 0, 21, 0, false, H)},
		{"с 3 до 5", c.span(11, 23, 15, 0, 17, 0, false, H)},
		{"с 3 до 9", c.span(11, 23, 15, 0, 21, 0, false, H)},
		{"с 10 утра до 2 дня", c.span(11, 23, 10, 0, 14, 0, false, H)},
		{"между 2 и 4", c.span(11, 23, 14, 0, 16, 0, false, H)},
		{"from 10 to 12", c.span(11, 23, 10, 0, 12, 0, false, H)},
		{"11:30-13:30", c.span(11, 23, 11, 30, 13, 30, false, M)},
		{"завтра 10-12", c.span(11, 24, 10, 0, 12, 0, true, H)},
		{"с 10-12", c.span(11, 23, 10, 0, 12, 0, false, H)},
		{"с 13 по 15 декабря", c.days(12, 13, 12, 15)},
		{"13-15 декабря", c.days(12, 13, 12, 15)},
		{"с 28 декабря по 3 января", c.days(12, 28, 1, 3)},
		{"5 дек – 7 дек", c.days(12, 5, 12, 7)},
		{"с понедельника по среду", c.days(11, 23, 11, 25)},
		{"с пятницы по понедельник", c.days(11, 27, 11, 30)},
		{"следующие три дня", c.days(11, 24, 11, 26)},
		{"в ближайшие 2 дня", c.days(11, 23, 11, 24)},
		{"с сегодня до послезавтра", c.days(11, 23, 11, 25)},

		// Open bounds.
		{"до 14:00", withOpen(c.clock(11, 23, 14, 0, M), intents.OpenBefore)},
		{"до 2 часов дня", withOpen(c.clock(11, 23, 14, 0, H), intents.OpenBefore)},
		{"после 16", withOpen(c.clock(11, 23, 16, 0, H), intents.OpenAfter)},
		{"после 18:00", withOpen(c.clock(11, 23, 18, 0, M), intents.OpenAfter)},
		{"Хочу записаться на завтра после 18:00", withOpen(c.at(11, 24, 18, 0, M), intents.OpenAfter)},
		{"не раньше 11", withOpen(c.clock(11, 23, 11, 0, H), intents.OpenAfter)},
		{"в пятницу не позже 12", withOpen(c.at(11, 27, 12, 0, H), intents.OpenBefore)},
		{"до пятницы", withOpen(c.day(11, 27), intents.OpenBefore)},
	}
	for _, tt := range tests {
		got, ok := intents.ParseWhen(tt.in, now)
		if !ok || !sameWhen(got, tt.want) {
			t.Errorf("ParseWhen(%q) = %s, %v, want %s", tt.in, show(got), ok, show(tt.want))
		}
		if ok && (got.At.Location() != loc || !got.End.IsZero() && got.End.Location() != loc) {
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
		"8-913-123-45-67",
		"стрижка 1200",
		"сколько стоит, 1500?",
		"стрижка 2 000 р",
		"на 45 минут",
		"на 2 человека",
		"нас будет 2-3 человека",
		"опоздаю на 10 минут",
		"мне 25 лет",
		"в 2 раза дешевле",
		"2-3 раза в неделю",
		"в 10 минутах от метро",
		"за 2 часа нужно предупредить?",
		"за 1-2 часа предупрежу",
		"после 3 процедур будет скидка?",
		"запись 17",
		"моя запись номер 17",
		"по выходным работаете?",
		"по субботам",
		"каждую пятницу хожу",
		"Доброе утро",
		"Добрый вечер!",
		"хорошего дня",
		"в 25:00",
		"31 ноября",
		"в две смены",
		"это займёт час",
		"процедура длится 2 часа",
		"средство для волос",
		"завтрак",
		"среди недели неудобно",
		"нас четверо",
		"а можно сдвинуть на час попозже",
		"запишите нас на 2 маникюра",
		"к пятому часу",
		"спасибо, до завтра!",
		"я сейчас занята, напишу позже",
		"😊",
	} {
		if got, ok := intents.ParseWhen(in, now); ok {
			t.Errorf("ParseWhen(%q) = %s, true, want false", in, show(got))
		}
	}
}

// TestParseWhenRelativeToNow checks the policies that depend on the day and hour of now.
func TestParseWhenRelativeToNow(t *testing.T) {
	loc := krasnoyarsk(t)
	d := func(y int, m time.Month, day, h, min int) time.Time { return time.Date(y, m, day, h, min, 0, 0, loc) }
	tests := []struct {
		in   string
		now  time.Time
		want time.Time
		end  time.Time
		ask  bool
	}{
		{in: "в пятницу", now: d(2026, 11, 27, 9, 0), want: d(2026, 11, 27, 0, 0)}, // said on a Friday: today
		{in: "в пятницу", now: d(2026, 11, 28, 9, 0), want: d(2026, 12, 4, 0, 0)},
		{in: "в следующую пятницу", now: d(2026, 11, 28, 9, 0), want: d(2026, 12, 4, 0, 0)},
		{in: "в следующую среду", now: d(2026, 11, 24, 9, 0), want: d(2026, 12, 2, 0, 0), ask: true},             // on a Tuesday
		{in: "в следующую среду", now: d(2026, 11, 25, 9, 0), want: d(2026, 12, 2, 0, 0)},                        // on a Wednesday
		{in: "на выходных", now: d(2026, 11, 29, 9, 0), want: d(2026, 11, 29, 0, 0), end: d(2026, 11, 29, 0, 0)}, // Sunday
		{in: "5 марта", now: d(2026, 3, 5, 9, 0), want: d(2026, 3, 5, 0, 0)},                                     // today is not past
		{in: "31.12", now: d(2026, 12, 31, 23, 0), want: d(2026, 12, 31, 0, 0)},
		{in: "завтра", now: d(2026, 12, 31, 23, 0), want: d(2027, 1, 1, 0, 0)},
		{in: "5 числа", now: d(2026, 12, 20, 9, 0), want: d(2027, 1, 5, 0, 0)},
		{in: "в январе", now: d(2027, 1, 15, 9, 0), want: d(2027, 1, 1, 0, 0)}, // the current month
		{in: "через час", now: d(2026, 11, 23, 23, 30), want: d(2026, 11, 24, 0, 30)},
		{in: "в 10", now: d(2026, 11, 23, 10, 30), want: d(2026, 11, 23, 10, 0)},    // the hour is not over
		{in: "в 10:00", now: d(2026, 11, 23, 10, 30), want: d(2026, 11, 24, 10, 0)}, // the minute is
		{in: "утром", now: d(2026, 11, 23, 14, 0), want: d(2026, 11, 24, 0, 0)},
		{in: "с 10 до 12", now: d(2026, 11, 23, 13, 0), want: d(2026, 11, 24, 10, 0), end: d(2026, 11, 24, 12, 0)},
		{in: "с 28 декабря по 3 января", now: d(2026, 12, 30, 9, 0), want: d(2026, 12, 28, 0, 0), end: d(2027, 1, 3, 0, 0)},
	}
	for _, tt := range tests {
		got, ok := intents.ParseWhen(tt.in, tt.now)
		if !ok || !got.At.Equal(tt.want) || !got.End.Equal(tt.end) || got.Ask != tt.ask {
			t.Errorf("ParseWhen(%q, %s) = %s, %v, want %s (end %s, ask %v)", tt.in, tt.now.Format("Mon 2006-01-02 15:04"), show(got), ok,
				tt.want.Format("2006-01-02 15:04"), tt.end.Format("2006-01-02 15:04"), tt.ask)
		}
	}
}

// TestParseWhenLinear checks that long adversarial messages cost no more than a short one: the
// parser reads a bounded prefix and scans it in linear time.
func TestParseWhenLinear(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, krasnoyarsk(t))
	const size = 64 << 10
	var slowest time.Duration
	fill := func(unit string) string { return strings.Repeat(unit, size/len(unit)+1)[:size] }
	for _, in := range []string{
		fill("с 10 до "),
		fill("1-"),
		fill("1 "),
		fill("-"),
		fill("через 2 дня и "),
		fill("в следующую пятницу на следующей неделе "),
		fill("завтро в 7 30 вечера 15.12 "),
		fill("ъ"),
		fill("8913"),
		strings.Repeat("a", size),
	} {
		start := time.Now()
		intents.ParseWhen(in, now)
		d := time.Since(start)
		if d > 50*time.Millisecond {
			t.Errorf("ParseWhen(%q…) took %v, want under 50ms", in[:20], d)
		}
		slowest = max(slowest, d)
	}
	t.Logf("slowest 64 KiB message: %v", slowest)
}

// TestParseWhenLatency logs the median and 99th percentile of ParseWhen over the benchmark mix.
// It asserts nothing about time: machines differ; the figure is for reports.
func TestParseWhenLatency(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, krasnoyarsk(t))
	for _, m := range whenMessages { // warm up
		intents.ParseWhen(m, now)
	}
	d := make([]time.Duration, 0, 2000)
	for i := 0; len(d) < cap(d); i++ {
		start := time.Now()
		intents.ParseWhen(whenMessages[i%len(whenMessages)], now)
		d = append(d, time.Since(start))
	}
	slices.Sort(d)
	t.Logf("ParseWhen latency: median %v, p99 %v", d[len(d)/2], d[len(d)*99/100])
}

func FuzzParseWhen(f *testing.F) {
	for _, s := range []string{
		"завтра в 15:00", "с 10 до 12", "11:30-13:30", "8 авг - 12 авг", "14. - 15.10.18", "через день 2 часа",
		"в следующую среду", "на выходных", "до 14:00", "после 16", "между 2 и 4", "без четверти три",
		"с 28 декабря по 3 января", "в апреле в среду", "через месяц во вторник", "5-го", "1-", "-", "с",
		"8 913 123-45-67", "31.02", "29 февраля", "в 24:00", "с 23 до 1", "\xff\xfe", "сейчас",
	} {
		f.Add(s)
	}
	loc := time.FixedZone("X", 7*3600)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, loc)
	f.Fuzz(func(t *testing.T, s string) {
		w, ok := intents.ParseWhen(s, now)
		if !ok {
			return
		}
		if w.At.IsZero() || w.At.Location() != loc {
			t.Fatalf("ParseWhen(%q).At = %v", s, w.At)
		}
		if !w.End.IsZero() && w.End.Before(w.At) {
			t.Fatalf("ParseWhen(%q) ends %v before it starts %v", s, w.End, w.At)
		}
		switch w.Open {
		case "", intents.OpenBefore, intents.OpenAfter:
		default:
			t.Fatalf("ParseWhen(%q).Open = %q", s, w.Open)
		}
		switch w.Grain {
		case intents.GrainSecond, intents.GrainMinute, intents.GrainHour, intents.GrainDay, intents.GrainWeek, intents.GrainMonth:
		default:
			t.Fatalf("ParseWhen(%q).Grain = %q", s, w.Grain)
		}
		if !utf8.ValidString(w.PartOfDay) {
			t.Fatalf("ParseWhen(%q).PartOfDay = %q", s, w.PartOfDay)
		}
	})
}

// whenMessages is a realistic mix of client messages for timing ParseWhen: most name a date or a
// time, some nothing, a few are long.
var whenMessages = []string{
	"завтра в 15:00", "можно в пятницу в 7 вечера?", "в пт в 11", "послезавтра утром",
	"Здравствуйте, хочу записаться на маникюр завтра в 3", "а на следующей неделе во вторник после обеда есть окошко?",
	"через 2 дня в 12", "25.11 в 16:00", "к 10 утра", "с 10 до 12", "на выходных", "в суботу", "завтро в 7 30 вечера",
	"спасибо!", "сколько стоит стрижка?", "мой номер 89131234567", "запишите меня пожалуйста к Ольге на окрашивание",
	"tomorrow at 3pm", "в январе", "до 14:00", "после 16 можно?", "через полчаса буду", "да", "👍",
	"добрый день подскажите пожалуйста сколько у вас стоит стрижка женская на средние волосы и можно ли на выходные записаться к Ольге часов в 5 вечера а то я работаю до 4 и раньше никак не успею",
}

func BenchmarkParseWhen(b *testing.B) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, krasnoyarsk(b))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		intents.ParseWhen(whenMessages[i%len(whenMessages)], now)
		i++
	}
}

func show(w intents.When) string {
	s := w.At.Format("Mon 2006-01-02 15:04:05")
	if !w.End.IsZero() {
		s += " – " + w.End.Format("Mon 2006-01-02 15:04")
	}
	for _, f := range []struct {
		on   bool
		name string
	}{{w.HasDate, "date"}, {w.HasTime, "time"}, {w.Ask, "ask"}} {
		if f.on {
			s += " " + f.name
		}
	}
	for _, v := range []string{string(w.Grain), string(w.Open), w.PartOfDay} {
		if v != "" {
			s += " " + v
		}
	}
	return s
}
