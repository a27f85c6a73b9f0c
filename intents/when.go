package intents

import (
	"strings"
	"time"
)

// ParseWhen finds the date and/or time of day a client names in a message, resolved against now
// in now's location (the business's). It reports false when the message names none.
//
// What it reads, in Russian and English: relative days (сегодня, завтра, послезавтра and their
// common misspellings such as «завтро», «седня»; today, tomorrow), weekdays («в пятницу», «во
// вт», «в следующую субботу», on friday), weekends («на выходных»), calendar dates («5 декабря»,
// «5 дек», «пятого декабря», «25.12», «25.12.2026», «5 числа»), offsets («через 2 дня», «через
// час», «через неделю», in 2 days), clock times («в 15:00», «в 15.30», «в 15-30», «15 30», «к 11»,
// «в 11 часов», «в 3», «в 7 вечера», «в полдень», «в половине третьего», «без четверти три», at
// 3pm) and parts of the day («утром», «днём», «вечером»).
//
// Policies, chosen for a salon:
//   - A bare weekday means its next occurrence, and today if today is that weekday («в пятницу»
//     said on a Friday is today). «В эту пятницу» is the same. «В следующую пятницу» (and
//     «пятница на следующей неделе») is the Friday of the next calendar week, Monday-based.
//   - A clock hour from 1 to 7 with no «утра/вечера/дня», no part of the day and no leading zero
//     is afternoon: «в 3» and «в 5:30» are 15:00 and 17:30; «в 03:00», «в 3 утра» stay early.
//     «Утром/днём/вечером» next to an hour act like «утра/дня/вечера».
//   - A calendar date earlier than today with no year named is next year's.
//   - A time with no date: HasDate is false and At is on now's date, even if that time has passed.
//   - «Через N дней/недель/месяцев» is a date (HasTime false); «через N минут/часов» is an instant
//     (HasDate and HasTime true).
//   - Where two dates or times are named, the one after «с/со» (from) loses: «перенести с 15:00 на
//     17:00» is 17:00. A time after «до» (until) is not taken as the time of the visit.
//   - Parts of the day alone set PartOfDay ("morning", "day", "evening", "night") with HasTime
//     false; «доброе утро», «добрый вечер» are greetings, not times.
//
// Digit runs that look like a phone number, prices («1200»), durations («на 45 минут», «за 2
// часа») and counts («на 2 человека») are not times. Month-only («в декабре»), week-only («на
// следующей неделе») and interval phrases are not resolved yet.
func ParseWhen(text string, now time.Time) (When, bool) {
	p := whenParser{now: now, toks: tokenize(text)}
	p.used = make([]bool, len(p.toks))
	p.markPhones()
	p.findDates()
	p.findTimes()
	p.findPartOfDay()
	return p.result()
}

type whenParser struct {
	now  time.Time
	toks []string
	used []bool

	date *dateCand
	tm   *timeCand
	pod  string
}

// dateCand is one date the message names.
type dateCand struct {
	y     int
	m     time.Month
	d     int
	exact time.Time // set when a clock offset ("через час") fixed the instant
	prio  int
}

// timeCand is one time of day the message names, before the meridiem policy is applied.
type timeCand struct {
	h, m   int
	mer    string // "am", "pm", "day", "night" or "" as written next to the time
	zero   bool   // written with a leading zero ("07:00"): a 24-hour clock, no PM guess
	hasMin bool
	unit   bool // followed by an hour word ("часов", "ч")
	prio   int
}

func (p *whenParser) tok(i int) string {
	if i < 0 || i >= len(p.toks) {
		return ""
	}
	return p.toks[i]
}

func (p *whenParser) free(i, n int) bool {
	if i < 0 || i+n > len(p.toks) {
		return false
	}
	for k := i; k < i+n; k++ {
		if p.used[k] {
			return false
		}
	}
	return true
}

func (p *whenParser) use(i, n int) {
	for k := i; k < i+n && k < len(p.used); k++ {
		p.used[k] = true
	}
}

// fromPenalty lowers the priority of a date or time introduced by "с/со/from", so that the
// destination of a move wins.
func (p *whenParser) fromPenalty(i int) int {
	switch p.tok(i - 1) {
	case "с", "со", "from":
		return -10
	}
	return 0
}

// markPhones hides runs of digit groups that hold a phone number from the date and time rules.
func (p *whenParser) markPhones() {
	digits := func(t string) int {
		t = strings.TrimPrefix(t, "+")
		if !isNumber(t) {
			return -1
		}
		return len(t)
	}
	for i := 0; i < len(p.toks); {
		if digits(p.toks[i]) < 0 {
			i++
			continue
		}
		j, total := i, 0
		for j < len(p.toks) && digits(p.toks[j]) >= 0 {
			total += digits(p.toks[j])
			j++
		}
		start, end := i, j
		if total >= 10 || (strings.HasPrefix(p.toks[i], "+") && total >= 7) {
			// Give back short groups at either end that the number does not need
			// ("завтра 15 30 89131234567").
			for !strings.HasPrefix(p.toks[start], "+") && end-start > 1 && total-digits(p.toks[start]) >= 10 {
				total -= digits(p.toks[start])
				start++
			}
			for end-start > 1 && total-digits(p.toks[end-1]) >= 10 {
				total -= digits(p.toks[end-1])
				end--
			}
			p.use(start, end-start)
		}
		i = j
	}
}

// ---- dates ----

func (p *whenParser) findDates() {
	matchers := []func(i int) (dateCand, int, bool){
		p.offset, p.dayRange, p.dayMonth, p.monthDay, p.numericDate, p.dayOfMonth, p.relativeDay, p.weekday, p.weekend,
	}
	for i := 0; i < len(p.toks); i++ {
		if p.used[i] {
			continue
		}
		for _, m := range matchers {
			c, n, ok := m(i)
			if !ok {
				continue
			}
			p.use(i, n)
			c.prio += p.fromPenalty(i)
			if p.date == nil || c.prio > p.date.prio {
				p.date = &c
			}
			i += n - 1
			break
		}
	}
}

func (p *whenParser) today() (int, time.Month, int) { return p.now.Date() }

// day returns the candidate for now's date moved by days.
func (p *whenParser) day(days, prio int) dateCand {
	y, m, d := p.today()
	t := time.Date(y, m, d+days, 12, 0, 0, 0, p.now.Location())
	y, m, d = t.Date()
	return dateCand{y: y, m: m, d: d, prio: prio}
}

// calendar returns the candidate for a named day and month; with no year, a day already past
// this year is next year's. It fails for days that do not exist.
func (p *whenParser) calendar(y int, m time.Month, d int, hasYear bool, prio int) (dateCand, bool) {
	if !hasYear {
		ty, tm, td := p.today()
		y = ty
		if m < tm || (m == tm && d < td) {
			y++
		}
	}
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return dateCand{}, false
	}
	return dateCand{y: y, m: m, d: d, prio: prio}, true
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 12, 0, 0, 0, time.UTC).Day()
}

var daySuffixes = map[string]bool{
	"го": true, "е": true, "ое": true, "ого": true, "ье": true, "ьего": true, "ой": true,
	"th": true, "st": true, "nd": true, "rd": true,
}

// dayNumber reads a day of the month: "5", "05", "пятое", "двадцать пятого", with an optional
// suffix ("5-го", "13-е", "5th").
func (p *whenParser) dayNumber(i int) (d, n int, ok bool) {
	t := p.tok(i)
	if isNumber(t) && len(t) <= 2 {
		d, _ = atoi(t)
		n = 1
	} else if d, n, ok = ordinal(p.toks, i); !ok {
		return 0, 0, false
	}
	if d < 1 || d > 31 || !p.free(i, n) {
		return 0, 0, false
	}
	if daySuffixes[p.tok(i+n)] && p.free(i+n, 1) {
		n++
	}
	return d, n, true
}

// year reads an optional year at i: "2026", "2026 г", "2026 года".
func (p *whenParser) year(i int) (y, n int, ok bool) {
	t := p.tok(i)
	if len(t) != 4 || !p.free(i, 1) {
		return 0, 0, false
	}
	y, ok = atoi(t)
	if !ok || y < 1900 || y > 2100 {
		return 0, 0, false
	}
	n = 1
	switch p.tok(i + 1) {
	case "г", "года", "году", "год", "гг", "year":
		n++
	}
	return y, n, true
}

// dayMonth reads «5 декабря [2026]», «пятого дек», «13-е февраля».
func (p *whenParser) dayMonth(i int) (dateCand, int, bool) {
	d, n, ok := p.dayNumber(i)
	if !ok {
		return dateCand{}, 0, false
	}
	m, ok := monthOf(p.tok(i + n))
	if !ok || !p.free(i+n, 1) {
		return dateCand{}, 0, false
	}
	n++
	y, yn, hasYear := p.year(i + n)
	c, ok := p.calendar(y, m, d, hasYear, 4)
	return c, n + yn, ok
}

// dayRange reads «с 13 по 15 июля», «с 11 до 15 сентября», «13-15 июля» as its first day: When
// holds one day, and the first is where a booking starts.
func (p *whenParser) dayRange(i int) (dateCand, int, bool) {
	j := i
	if t := p.tok(i); t == "с" || t == "со" {
		j++
	}
	d1, n1, ok := p.dayNumber(j)
	if !ok {
		return dateCand{}, 0, false
	}
	k := j + n1
	if t := p.tok(k); t != "по" && t != "до" {
		return dateCand{}, 0, false
	}
	k++
	c, n2, ok := p.dayMonth(k)
	if !ok {
		return dateCand{}, 0, false
	}
	first, ok := p.calendar(c.y, c.m, d1, true, 4)
	if !ok || d1 > c.d {
		return dateCand{}, 0, false
	}
	return first, k + n2 - i, true
}

// monthDay reads the English order: «December 5», «Dec 5th».
func (p *whenParser) monthDay(i int) (dateCand, int, bool) {
	m, ok := englishMonths[p.tok(i)]
	if !ok {
		return dateCand{}, 0, false
	}
	d, n, ok := p.dayNumber(i + 1)
	if !ok {
		return dateCand{}, 0, false
	}
	n++
	y, yn, hasYear := p.year(i + n)
	c, ok := p.calendar(y, m, d, hasYear, 4)
	return c, n + yn, ok
}

// timePreps introduce a clock time.
var timePreps = map[string]int{
	"в": 3, "во": 3, "к": 3, "ко": 3, "около": 3, "на": 3, "после": 3, "примерно": 3,
	"at": 3, "by": 3, "around": 3, "about": 3, "after": 3, "с": 3, "со": 3, "from": 3,
}

// numericDate reads «25.12», «25.12.2026», «18.07.14». A «15.30» or «в 10.12» is left to the
// clock rules.
func (p *whenParser) numericDate(i int) (dateCand, int, bool) {
	t := p.tok(i)
	if !strings.Contains(t, ".") || strings.Contains(t, ":") {
		return dateCand{}, 0, false
	}
	parts := strings.Split(t, ".")
	if len(parts) < 2 || len(parts) > 3 || len(parts[0]) > 2 || len(parts[1]) > 2 {
		return dateCand{}, 0, false
	}
	d, ok1 := atoi(parts[0])
	m, ok2 := atoi(parts[1])
	if !ok1 || !ok2 {
		return dateCand{}, 0, false
	}
	if len(parts) == 3 {
		y, ok := atoi(parts[2])
		switch {
		case !ok:
			return dateCand{}, 0, false
		case len(parts[2]) == 2:
			y += 2000
		case len(parts[2]) != 4:
			return dateCand{}, 0, false
		}
		c, ok := p.calendar(y, time.Month(m), d, true, 4)
		return c, 1, ok
	}
	dateOK := d >= 1 && d <= 31 && m >= 1 && m <= 12
	timeOK := d <= 23 && len(parts[1]) == 2 && m <= 59
	switch p.tok(i - 1) {
	case "на", "с", "со", "по":
		// «на 25.12», «с 14.10 по 15.10»: a date when it can be one.
	default:
		if timeOK && timePreps[p.tok(i-1)] > 0 {
			return dateCand{}, 0, false
		}
	}
	if !dateOK {
		return dateCand{}, 0, false
	}
	n := 1
	if y, yn, ok := p.year(i + 1); ok {
		c, ok := p.calendar(y, time.Month(m), d, true, 4)
		return c, n + yn, ok
	}
	c, ok := p.calendar(0, time.Month(m), d, false, 4)
	return c, n, ok
}

// dayOfMonth reads «5 числа», «на 5 число», «пятого числа»: this month's, or next month's if it has passed.
func (p *whenParser) dayOfMonth(i int) (dateCand, int, bool) {
	d, n, ok := p.dayNumber(i)
	if t := p.tok(i + n); !ok || (t != "числа" && t != "число") || !p.free(i+n, 1) {
		return dateCand{}, 0, false
	}
	y, m, td := p.today()
	if d < td {
		m++
		if m > 12 {
			m, y = 1, y+1
		}
	}
	c, ok := p.calendar(y, m, d, true, 4)
	return c, n + 1, ok
}

// relativeDay reads сегодня, завтра, послезавтра, вчера and their misspellings.
func (p *whenParser) relativeDay(i int) (dateCand, int, bool) {
	t := p.tok(i)
	switch {
	case t == "после" && isTomorrow(p.tok(i+1)) && p.free(i+1, 1):
		return p.day(2, 3), 2, true
	case t == "day" && p.tok(i+1) == "after" && p.tok(i+2) == "tomorrow":
		return p.day(2, 3), 3, true
	case t == "следующий" && p.tok(i+1) == "день" && p.tok(i-1) == "на":
		return p.day(1, 3), 2, true
	case strings.HasPrefix(t, "послезавтр"):
		return p.day(2, 3), 1, true
	case strings.HasPrefix(t, "позавчер"):
		return p.day(-2, 3), 1, true
	case isTomorrow(t):
		return p.day(1, 3), 1, true
	case isToday(t):
		return p.day(0, 3), 1, true
	case t == "вчера" || t == "yesterday":
		return p.day(-1, 3), 1, true
	}
	return dateCand{}, 0, false
}

func isToday(t string) bool {
	switch t {
	case "седня", "сення", "сеня", "сиводня", "севодня", "сеодня", "сегодя", "today":
		return true
	}
	return strings.HasPrefix(t, "сегодн")
}

func isTomorrow(t string) bool {
	switch t {
	case "завра", "заватра", "зватра", "tomorrow", "tomorow", "tmrw", "tmr":
		return true
	}
	return strings.HasPrefix(t, "завтр") && !strings.HasPrefix(t, "завтрак")
}

// weekday reads «в пятницу», «пятница», «во вт», «в следующую субботу», «в среду на следующей
// неделе», «on friday», «next friday».
func (p *whenParser) weekday(i int) (dateCand, int, bool) {
	prep := false
	switch p.tok(i - 1) {
	case "в", "во", "на", "к", "ко", "до", "с", "со", "on", "by", "next", "this", "until":
		prep = true
	}
	wd, ok := weekdayOf(p.tok(i), prep || i == 0)
	if !ok {
		return dateCand{}, 0, false
	}
	mode := "this"
back:
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		t := p.tok(k)
		switch {
		case t == "в" || t == "во" || t == "на" || t == "к" || t == "ко" || t == "on":
		case strings.HasPrefix(t, "следующ") || t == "след" || t == "next" || strings.HasPrefix(t, "будущ"):
			mode = "next"
		case strings.HasPrefix(t, "эт") || t == "this" || strings.HasPrefix(t, "ближайш") || t == "coming":
			mode = "this"
		case strings.HasPrefix(t, "прошл") || t == "last":
			mode = "last"
		default:
			break back
		}
	}
	n := 1
	if strings.HasPrefix(p.tok(i+2), "следующ") && strings.HasPrefix(p.tok(i+3), "недел") {
		mode, n = "next", 4 // «вторник на следующей неделе»
	} else if p.tok(i+1) == "next" && p.tok(i+2) == "week" {
		mode, n = "next", 3
	}
	today := p.now.Weekday()
	var delta int
	switch mode {
	case "next":
		delta = 7 - mondayIndex(today) + mondayIndex(wd)
	case "last":
		delta = -((int(today) - int(wd) + 7) % 7)
		if delta == 0 {
			delta = -7
		}
	default:
		delta = (int(wd) - int(today) + 7) % 7
	}
	if !p.free(i, n) {
		n = 1
	}
	return p.day(delta, 2), n, true
}

func mondayIndex(d time.Weekday) int { return (int(d) + 6) % 7 }

var weekdayStems = []struct {
	prefix string
	day    time.Weekday
}{
	{"понедельник", time.Monday}, {"вторник", time.Tuesday}, {"четверг", time.Thursday},
	{"пятниц", time.Friday}, {"суббот", time.Saturday}, {"субот", time.Saturday},
	{"воскресен", time.Sunday}, {"воскресень", time.Sunday},
}

var weekdayWords = map[string]time.Weekday{
	"среда": time.Wednesday, "среду": time.Wednesday, "среды": time.Wednesday,
	"среде": time.Wednesday, "средой": time.Wednesday,
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday,
}

var weekdayAbbrevs = map[string]time.Weekday{
	"пн": time.Monday, "пнд": time.Monday, "вт": time.Tuesday, "втр": time.Tuesday,
	"ср": time.Wednesday, "срд": time.Wednesday, "чт": time.Thursday, "чтв": time.Thursday,
	"пт": time.Friday, "птн": time.Friday, "сб": time.Saturday, "сбт": time.Saturday,
	"вс": time.Sunday, "вск": time.Sunday, "вскр": time.Sunday,
	"mon": time.Monday, "tue": time.Tuesday, "tues": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "fri": time.Friday,
	"sat": time.Saturday, "sun": time.Sunday,
}

// weekdayOf recognises a weekday in the singular (plural «по субботам» is a habit, not a date);
// abbreviations only after a preposition or at the start, where they cannot be another word.
func weekdayOf(t string, prep bool) (time.Weekday, bool) {
	if d, ok := weekdayWords[t]; ok {
		return d, true
	}
	if d, ok := weekdayAbbrevs[t]; ok && prep {
		return d, true
	}
	for _, s := range weekdayStems {
		if strings.HasPrefix(t, s.prefix) {
			for _, pl := range []string{"ам", "ям", "ами", "ями", "ах", "ях"} {
				if strings.HasSuffix(t, pl) {
					return 0, false
				}
			}
			return s.day, true
		}
	}
	return 0, false
}

// weekend reads «на выходных», «в эти выходные», «в следующие выходные», «this weekend»: the
// coming Saturday, or today on a Saturday or Sunday. «По выходным» is a habit, not a date.
func (p *whenParser) weekend(i int) (dateCand, int, bool) {
	t := p.tok(i)
	if !strings.HasPrefix(t, "выходн") && t != "weekend" {
		return dateCand{}, 0, false
	}
	ok, next := false, false
	for k := i - 1; k >= 0 && k >= i-2; k-- {
		switch w := p.tok(k); {
		case w == "по":
			return dateCand{}, 0, false
		case w == "в" || w == "на" || w == "this" || w == "on" || strings.HasPrefix(w, "эт") || strings.HasPrefix(w, "ближайш"):
			ok = true
		case strings.HasPrefix(w, "следующ") || w == "next":
			ok, next = true, true
		}
	}
	if !ok {
		return dateCand{}, 0, false
	}
	today := p.now.Weekday()
	var delta int
	switch {
	case next:
		delta = 7 - mondayIndex(today) + mondayIndex(time.Saturday)
	case today == time.Sunday:
		delta = 0
	default:
		delta = (int(time.Saturday) - int(today) + 7) % 7
	}
	return p.day(delta, 1), 1, true
}

// offset reads «через 2 дня», «через час», «через полчаса», «через 3 часа 19 минут», «спустя
// неделю», «in 2 days».
func (p *whenParser) offset(i int) (dateCand, int, bool) {
	switch p.tok(i) {
	case "через", "спустя", "in":
	default:
		return dateCand{}, 0, false
	}
	var days, months, years int
	var dur time.Duration
	j, found := i+1, false
	for j < len(p.toks) {
		if found && (p.tok(j) == "и" || p.tok(j) == "and") {
			j++
		}
		amount, unitAt := 1.0, j
		switch t := p.tok(j); {
		case t == "полчаса":
			dur += 30 * time.Minute
			j, found = j+1, true
			continue
		case t == "четверть" && strings.HasPrefix(p.tok(j+1), "час"):
			dur += 15 * time.Minute
			j, found = j+2, true
			continue
		case t == "полтора" || t == "полторы":
			amount, unitAt = 1.5, j+1
		case t == "пару" || t == "пара" || t == "пары" || t == "couple":
			amount, unitAt = 2, j+1
			if p.tok(unitAt) == "of" {
				unitAt++
			}
		case t == "an" || t == "a":
			unitAt = j + 1
		default:
			if v, n, ok := number(p.toks, j); ok && p.free(j, n) {
				amount, unitAt = float64(v), j+n
			}
		}
		u := p.tok(unitAt)
		switch {
		case strings.HasPrefix(u, "мин") || strings.HasPrefix(u, "minute") || u == "min" || u == "mins":
			dur += time.Duration(amount * float64(time.Minute))
		case strings.HasPrefix(u, "час") || u == "ч" || strings.HasPrefix(u, "hour") || u == "hr" || u == "hrs":
			dur += time.Duration(amount * float64(time.Hour))
		case u == "день" || u == "дня" || u == "дней" || u == "денек" || u == "сутки" || u == "суток" || strings.HasPrefix(u, "day"):
			if amount != float64(int(amount)) {
				dur += 12 * time.Hour
			}
			days += int(amount)
		case strings.HasPrefix(u, "недел") || strings.HasPrefix(u, "week"):
			days += 7 * int(amount)
		case strings.HasPrefix(u, "месяц") || strings.HasPrefix(u, "month"):
			months += int(amount)
		case u == "год" || u == "года" || u == "лет" || strings.HasPrefix(u, "year"):
			years += int(amount)
		default:
			u = ""
		}
		if u == "" || amount > 1000 {
			break
		}
		j, found = unitAt+1, true
	}
	if !found {
		return dateCand{}, 0, false
	}
	y, m, d := p.today()
	base := time.Date(y+years, m+time.Month(months), d+days, 12, 0, 0, 0, p.now.Location())
	c := dateCand{y: base.Year(), m: base.Month(), d: base.Day(), prio: 3}
	if dur > 0 {
		at := p.now.AddDate(years, months, days).Add(dur)
		at = time.Date(at.Year(), at.Month(), at.Day(), at.Hour(), at.Minute(), 0, 0, at.Location())
		c.y, c.m, c.d = at.Date()
		c.exact = at
	}
	return c, j - i, true
}

// monthOf recognises a month name or abbreviation in any case form.
func monthOf(t string) (time.Month, bool) {
	if m, ok := monthWords[t]; ok {
		return m, true
	}
	if m, ok := englishMonths[t]; ok {
		return m, true
	}
	for _, s := range monthStems {
		if strings.HasPrefix(t, s.prefix) {
			return s.m, true
		}
	}
	return 0, false
}

var monthStems = []struct {
	prefix string
	m      time.Month
}{
	{"январ", time.January}, {"феврал", time.February}, {"апрел", time.April},
	{"июн", time.June}, {"июл", time.July}, {"август", time.August}, {"сентябр", time.September},
	{"октябр", time.October}, {"ноябр", time.November}, {"декабр", time.December},
}

var monthWords = map[string]time.Month{
	"март": time.March, "марта": time.March, "марте": time.March, "марту": time.March,
	"май": time.May, "мая": time.May, "мае": time.May, "маю": time.May,
	"янв": time.January, "фев": time.February, "февр": time.February, "мар": time.March,
	"апр": time.April, "авг": time.August, "сен": time.September, "сент": time.September,
	"окт": time.October, "ноя": time.November, "нояб": time.November, "дек": time.December,
}

var englishMonths = map[string]time.Month{
	"january": time.January, "jan": time.January, "february": time.February, "feb": time.February,
	"march": time.March, "april": time.April, "apr": time.April, "may": time.May,
	"june": time.June, "jun": time.June, "july": time.July, "jul": time.July,
	"august": time.August, "aug": time.August, "september": time.September, "sep": time.September,
	"sept": time.September, "october": time.October, "oct": time.October,
	"november": time.November, "nov": time.November, "december": time.December, "dec": time.December,
}

// ---- times ----

func (p *whenParser) findTimes() {
	for i := 0; i < len(p.toks); i++ {
		if p.used[i] {
			continue
		}
		c, start, n, ok := p.timeAt(i)
		if !ok {
			continue
		}
		p.use(start, n)
		if p.tm == nil || c.prio > p.tm.prio {
			p.tm = &c
		}
		i = start + n - 1
	}
}

// timeAt tries the clock rules at i; it returns the tokens used as [start, start+n).
func (p *whenParser) timeAt(i int) (c timeCand, start, n int, ok bool) {
	t := p.tok(i)
	switch {
	case t == "до" || t == "until" || t == "before":
		// «до 18:00» bounds the visit, it is not its time: skip the clock that follows.
		if _, n, ok := p.clock(i+1, t); ok {
			p.use(i, n+1)
		}
		return c, 0, 0, false
	case timePreps[t] > 0:
		if c, n, ok := p.clock(i+1, t); ok {
			c.prio = timePreps[t] + p.fromPenalty(i+1)
			return c, i, n + 1, true
		}
		if c, n, ok := p.wordClock(i + 1); ok {
			c.prio = 3 + p.fromPenalty(i+1)
			return c, i, n + 1, true
		}
	}
	if c, n, ok := p.wordClock(i); ok {
		c.prio = 3
		return c, i, n, true
	}
	switch p.tok(i - 1) {
	case "через", "за", "спустя", "течение", "длится", "длиться", "занимает", "займет", "in", "for":
		return c, 0, 0, false
	}
	if c, n, ok := p.clock(i, ""); ok {
		c.prio = 2
		if n >= 2 && c.hasMin && !c.unit && c.mer == "" && isNumber(t) && isNumber(p.tok(i+1)) {
			// A voice-style «15 30» with no preposition: only where it cannot be a fragment of
			// a longer number.
			if isNumber(p.tok(i-1)) || isNumber(p.tok(i+n)) || len(p.tok(i+1)) != 2 {
				return c, 0, 0, false
			}
		}
		if strings.ContainsAny(t, ":") {
			c.prio = 3
		}
		return c, i, n, true
	}
	return c, 0, 0, false
}

var hourWords = map[string]bool{
	"час": true, "часа": true, "часов": true, "ч": true, "часам": true, "часу": true,
	"часиков": true, "часика": true, "h": true, "oclock": true,
}

var minuteWords = map[string]bool{
	"мин": true, "минут": true, "минуты": true, "минута": true, "минуту": true, "м": true,
	"min": true, "mins": true, "minutes": true,
}

// notTime lists what, right after a number, makes it a count, a price or a duration.
func notTime(t string) bool {
	switch t {
	case "р", "руб", "тг", "т", "тыс", "к", "кг", "г", "гр", "см", "мм", "мл", "м", "км", "шт",
		"чел", "лет", "год", "года", "раз", "раза", "сек", "дн", "дней", "день",
		"процентов", "процента", "человек", "человека", "штук", "штуки", "тенге", "rub", "usd",
		"people", "persons", "minutes", "mins", "min", "days", "weeks", "months", "years":
		return true
	}
	for _, p := range []string{"минут", "мин", "рубл", "руб", "тысяч", "недел", "месяц", "процент", "сантиметр", "метр", "километр", "штук", "человек", "персон", "гост", "секунд"} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

// meridiem returns the part of the day written right after a clock time.
func meridiem(toks []string, j int) (string, int) {
	if j >= len(toks) {
		return "", 0
	}
	switch toks[j] {
	case "утра", "утром", "am":
		return "am", 1
	case "дня", "днем", "пополудни":
		return "day", 1
	case "вечера", "вечером", "pm":
		return "pm", 1
	case "ночи", "ночью":
		return "night", 1
	case "a", "p":
		if j+1 < len(toks) && toks[j+1] == "m" {
			if toks[j] == "a" {
				return "am", 2
			}
			return "pm", 2
		}
	}
	return "", 0
}

// clock reads a clock time at i, after the preposition prep ("" for none): «15:00», «15.30»,
// «0630», «7», «7 часов 30 минут», «5 вечера», «16 0 0», «три часа дня», «в час». After «на» or
// no preposition, a bare number needs an hour word, minutes or a meridiem («на 3 часа», not «на
// 2 человека»).
func (p *whenParser) clock(i int, prep string) (timeCand, int, bool) {
	var c timeCand
	strict := prep == "" || prep == "на"
	t := p.tok(i)
	if t == "" || !p.free(i, 1) {
		return c, 0, false
	}
	j := i
	word := false
	switch {
	case strings.ContainsAny(t, ":."):
		h, m, ok := splitClock(t)
		if !ok {
			return c, 0, false
		}
		if strings.Contains(t, ".") && !strings.Contains(t, ":") {
			prep := timePreps[p.tok(i-1)] > 0
			if !prep && m%15 != 0 {
				return c, 0, false
			}
		}
		c.h, c.m, c.hasMin, c.zero = h, m, true, t[0] == '0'
		j++
	case t == "час" || t == "часу":
		if prep == "" {
			return c, 0, false // «это займёт час»
		}
		c.h, c.unit = 1, true
		j++
	case isNumber(t) && len(t) == 4:
		v, _ := atoi(t)
		h, m := v/100, v%100
		if h > 23 || m > 59 || (t[0] != '0' && !hourWords[p.tok(i+1)]) {
			return c, 0, false
		}
		c.h, c.m, c.hasMin, c.zero = h, m, true, t[0] == '0'
		j++
	default:
		v, n, ok := number(p.toks, i)
		if !ok || v > 24 || (isNumber(t) && len(t) > 2) || !p.free(i, n) {
			return c, 0, false
		}
		if next := p.tok(i + n); notTime(next) || next == "дня" && (prep == "" || prep == "на") {
			// «на 2 дня» is a duration; «в 5 дня» is 17:00.
			return c, 0, false
		}
		word = !isNumber(t)
		c.h, c.zero = v, len(t) == 2 && t[0] == '0'
		j += n
	}
	if hourWords[p.tok(j)] && !c.unit && p.free(j, 1) {
		c.unit = true
		j++
	}
	if mer, n := meridiem(p.toks, j); n > 0 && p.free(j, n) {
		c.mer = mer
		j += n
	}
	if !c.hasMin {
		if m, n, ok := p.minutes(j); ok {
			c.m, c.hasMin = m, true
			j += n
			if minuteWords[p.tok(j)] {
				j++
			}
			if c.mer == "" {
				if mer, n := meridiem(p.toks, j); n > 0 && p.free(j, n) {
					c.mer = mer
					j += n
				}
			}
		}
	}
	if c.h > 24 || c.m > 59 || (c.h == 24 && c.m != 0) {
		return c, 0, false
	}
	if strict && !c.unit && c.mer == "" && !c.hasMin {
		return c, 0, false
	}
	if word && !c.unit && c.mer == "" && !c.hasMin && j < len(p.toks) {
		// «в пять» only at the end of a message; «в две смены» is not a time.
		return c, 0, false
	}
	return c, j - i, true
}

// minutes reads the minutes after an hour: «30», «05», «0 0», «тридцать», «ноль ноль».
func (p *whenParser) minutes(j int) (int, int, bool) {
	t := p.tok(j)
	if !p.free(j, 1) {
		return 0, 0, false
	}
	if isNumber(t) {
		v, _ := atoi(t)
		switch {
		case len(t) == 2 && v <= 59:
			if notTime(p.tok(j+1)) && !minuteWords[p.tok(j+1)] {
				return 0, 0, false
			}
			return v, 1, true
		case t == "0" && p.tok(j+1) == "0":
			return 0, 2, true
		case len(t) == 1 && minuteWords[p.tok(j+1)]:
			return v, 1, true
		}
		return 0, 0, false
	}
	if t == "ноль" && p.tok(j+1) == "ноль" {
		return 0, 2, true
	}
	if v, n, ok := number(p.toks, j); ok && v <= 59 && (v >= 10 || minuteWords[p.tok(j+n)]) {
		if _, isCard := cardinals[t]; isCard {
			return v, n, true
		}
	}
	return 0, 0, false
}

// splitClock parses "15:00", "15.30", "12:30:00".
func splitClock(t string) (h, m int, ok bool) {
	parts := strings.FieldsFunc(t, func(r rune) bool { return r == ':' || r == '.' })
	if len(parts) < 2 || len(parts) > 3 || len(parts[0]) > 2 || len(parts[1]) != 2 {
		return 0, 0, false
	}
	h, ok1 := atoi(parts[0])
	m, ok2 := atoi(parts[1])
	if !ok1 || !ok2 || h > 24 || m > 59 || (h == 24 && m != 0) {
		return 0, 0, false
	}
	return h, m, true
}

// wordClock reads clock phrases made of words: «полдень», «полночь», «половина третьего»,
// «полтретьего», «без четверти три», «без десяти пять», noon, midnight.
func (p *whenParser) wordClock(i int) (timeCand, int, bool) {
	t := p.tok(i)
	if !p.free(i, 1) {
		return timeCand{}, 0, false
	}
	switch {
	case t == "полдень" || t == "noon":
		return timeCand{h: 12, hasMin: true}, 1, true
	case t == "полночь" || t == "midnight":
		return timeCand{h: 0, zero: true, hasMin: true}, 1, true
	case t == "половина" || t == "половине" || t == "половину" || t == "пол":
		if h, ok := ordinals[p.tok(i+1)]; ok && h <= 12 && p.free(i+1, 1) {
			return p.before(h, 30, i, 2)
		}
	case strings.HasPrefix(t, "пол") && len(t) > len("пол"):
		if h, ok := ordinals[strings.TrimPrefix(t, "пол")]; ok && h <= 12 {
			return p.before(h, 30, i, 1)
		}
	case t == "без":
		j, mins := i+1, 0
		switch {
		case p.tok(j) == "четверти":
			mins, j = 15, j+1
		default:
			v, n, ok := number(p.toks, j)
			if !ok || v < 1 || v > 30 || !p.free(j, n) {
				return timeCand{}, 0, false
			}
			mins, j = v, j+n
			if minuteWords[p.tok(j)] {
				j++
			}
		}
		h, n := 0, 0
		if p.tok(j) == "час" {
			h, n = 1, 1
		} else if v, k, ok := number(p.toks, j); ok && v >= 1 && v <= 12 && p.free(j, k) {
			h, n = v, k
		}
		if n == 0 {
			return timeCand{}, 0, false
		}
		return p.before(h, 60-mins, i, j+n-i)
	}
	return timeCand{}, 0, false
}

// before builds «половина третьего» (hour 3, 30 → 2:30) and «без четверти три» (3, 45 → 2:45),
// with any meridiem written after it.
func (p *whenParser) before(hour, min, i, n int) (timeCand, int, bool) {
	h := hour - 1
	if h == 0 {
		h = 12
	}
	c := timeCand{h: h, m: min, hasMin: true}
	if mer, k := meridiem(p.toks, i+n); k > 0 && p.free(i+n, k) {
		c.mer = mer
		n += k
	}
	return c, n, true
}

// ---- parts of the day ----

func (p *whenParser) findPartOfDay() {
	for i, t := range p.toks {
		if p.used[i] {
			continue
		}
		prev := p.tok(i - 1)
		if strings.HasPrefix(prev, "добр") || strings.HasPrefix(prev, "хорош") ||
			strings.HasPrefix(prev, "прекрасн") || strings.HasPrefix(prev, "приятн") ||
			strings.HasPrefix(prev, "удачн") || prev == "good" {
			continue
		}
		pod := ""
		switch t {
		case "утром", "утро", "утречком", "утра", "morning":
			pod = "morning"
		case "днем", "afternoon":
			pod = "day"
		case "обед", "обеда", "обедом":
			switch prev {
			case "в", "после", "к":
				pod = "day"
			case "до", "перед":
				pod = "morning"
			}
		case "вечером", "вечер", "вечерком", "вечера", "вечеру", "evening", "tonight":
			pod = "evening"
		case "ночью", "ночь", "night":
			pod = "night"
		}
		if pod != "" && p.pod == "" {
			p.pod = pod
		}
	}
}

// ---- result ----

func (p *whenParser) result() (When, bool) {
	loc := p.now.Location()
	var w When
	y, m, d := p.today()
	if p.date != nil {
		w.HasDate = true
		y, m, d = p.date.y, p.date.m, p.date.d
	}
	switch {
	case p.tm != nil:
		h := p.tm.hour(p.pod)
		w.At = time.Date(y, m, d, h, p.tm.m, 0, 0, loc)
		w.HasTime = true
	case p.date != nil && !p.date.exact.IsZero():
		w.At = p.date.exact
		w.HasTime = true
	case p.date != nil || p.pod != "":
		w.At = time.Date(y, m, d, 0, 0, 0, 0, loc)
		w.PartOfDay = p.pod
	default:
		return When{}, false
	}
	return w, true
}

// hour applies the meridiem written with the time, or else the part of the day named in the
// message, or else the salon's bare-hour policy (1–7 means afternoon).
func (c *timeCand) hour(pod string) int {
	h := c.h
	mer := c.mer
	if mer == "" {
		switch pod {
		case "morning":
			mer = "am"
		case "day":
			mer = "day"
		case "evening":
			mer = "pm"
		case "night":
			mer = "night"
		}
	}
	switch mer {
	case "am":
		if h == 12 {
			h = 0
		}
	case "pm":
		if h < 12 {
			h += 12
		}
	case "day":
		if h >= 1 && h <= 7 {
			h += 12
		}
	case "night":
		if h == 12 {
			h = 0
		} else if h >= 6 && h < 12 {
			h += 12
		}
	default:
		if !c.zero && h >= 1 && h <= 7 {
			h += 12
		}
	}
	if h == 24 {
		h = 0
	}
	return h
}
