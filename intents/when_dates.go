package intents

import (
	"strings"
	"time"
)

// civilDay is a calendar day, with no clock and no location.
type civilDay struct {
	y int
	m time.Month
	d int
}

func civilDayOf(t time.Time) civilDay {
	y, m, d := t.Date()
	return civilDay{y, m, d}
}

// add moves c by days; it also brings an out-of-range day or month to the real date.
func (c civilDay) add(days int) civilDay {
	return civilDayOf(time.Date(c.y, c.m, c.d+days, 12, 0, 0, 0, time.UTC))
}

func (c civilDay) weekday() time.Weekday {
	return time.Date(c.y, c.m, c.d, 12, 0, 0, 0, time.UTC).Weekday()
}

func (c civilDay) before(o civilDay) bool {
	if c.y != o.y {
		return c.y < o.y
	}
	if c.m != o.m {
		return c.m < o.m
	}
	return c.d < o.d
}

// monday is the Monday of c's week.
func (c civilDay) monday() civilDay { return c.add(-mondayIndex(c.weekday())) }

func (c civilDay) in(loc *time.Location, h, min int) time.Time {
	return time.Date(c.y, c.m, c.d, h, min, 0, 0, loc)
}

func mondayIndex(d time.Weekday) int { return (int(d) + 6) % 7 }

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 12, 0, 0, 0, time.UTC).Day()
}

// dateKind is what a date mention names.
type dateKind uint8

const (
	dDay     dateKind = iota // one day
	dWeekday                 // a weekday, resolved by policy; a week or month named with it re-anchors it
	dWeek                    // the week starting on day, a Monday
	dMonth                   // the month starting on day
	dRange                   // the days from day to last, both inclusive
	dInstant                 // the instant exact: an offset from now («через 2 часа»), «сейчас»
)

// yearSource says where a day's year came from.
type yearSource uint8

const (
	yearFixed   yearSource = iota // the phrase fixes it («завтра», «в пятницу»)
	yearWritten                   // written («5 марта 2027»)
	yearGuessed                   // not written: this year's date, or next year's if it has passed
)

// dateCand is one date the message names.
type dateCand struct {
	kind    dateKind
	day     civilDay     // the day; the first day of a range, a week or a month
	last    civilDay     // dRange: the last day
	wd      time.Weekday // dWeekday
	exact   time.Time    // dInstant
	clock   bool         // dInstant: hours or minutes were part of the offset
	year    yearSource
	noMonth bool // the month was not written («5 числа»): a month named with it replaces it
	ask     bool // ambiguous by policy
	prio    int
}

// start is the first day the date covers, in loc for instants.
func (c dateCand) start(loc *time.Location) civilDay {
	if c.kind == dInstant {
		return civilDayOf(c.exact.In(loc))
	}
	return c.day
}

func (p *whenParser) findDates() {
	for i := 0; i < len(p.toks); i++ {
		if p.used[i] {
			continue
		}
		c, n, ok := p.dateAt(i)
		if !ok {
			continue
		}
		p.use(i, n)
		p.ments = append(p.ments, whenMention{i: i, j: i + n, kind: wmDate, date: c})
		p.dateEnd[i+n] = true
		i += n - 1
	}
}

// dateAt tries the date rules at i, the longer forms first.
func (p *whenParser) dateAt(i int) (dateCand, int, bool) {
	if c, n, ok := p.offset(i); ok {
		return c, n, ok
	}
	if c, n, ok := p.dayRange(i); ok {
		return c, n, ok
	}
	if c, n, ok := p.dayMonth(i); ok {
		return c, n, ok
	}
	if c, n, ok := p.monthDay(i); ok {
		return c, n, ok
	}
	if c, n, ok := p.numericDate(i); ok {
		return c, n, ok
	}
	if c, n, ok := p.sepDate(i); ok {
		return c, n, ok
	}
	if c, n, ok := p.dayOfMonth(i); ok {
		return c, n, ok
	}
	if c, n, ok := p.relativeDay(i); ok {
		return c, n, ok
	}
	if c, n, ok := p.weekday(i); ok {
		return c, n, ok
	}
	if c, n, ok := p.weekend(i); ok {
		return c, n, ok
	}
	if c, n, ok := p.week(i); ok {
		return c, n, ok
	}
	if c, n, ok := p.month(i); ok {
		return c, n, ok
	}
	if c, n, ok := p.nextDays(i); ok {
		return c, n, ok
	}
	return p.nowWord(i)
}

func (p *whenParser) today() civilDay { return civilDayOf(p.now) }

// day is the candidate for today moved by days.
func (p *whenParser) day(days, prio int) dateCand {
	return dateCand{kind: dDay, day: p.today().add(days), prio: prio}
}

// calendar returns the candidate for a named day and month; with no year, a day already past
// this year is next year's. It fails for days that do not exist.
func (p *whenParser) calendar(y int, m time.Month, d int, hasYear bool, prio int) (dateCand, bool) {
	c := dateCand{kind: dDay, prio: prio, year: yearWritten}
	if !hasYear {
		t := p.today()
		y, c.year = t.y, yearGuessed
		if m < t.m || (m == t.m && d < t.d) {
			y++
		}
	}
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return dateCand{}, false
	}
	c.day = civilDay{y, m, d}
	return c, true
}

var daySuffixes = map[string]bool{
	"го": true, "е": true, "ое": true, "ого": true, "ье": true, "ьего": true, "ой": true,
	"th": true, "st": true, "nd": true, "rd": true,
}

// dayNumber reads a day of the month: "5", "05", "пятое", "двадцать пятого", with an optional
// suffix ("5-го", "13-е", "24го", "5th").
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

// dayMonth reads «5 декабря [2026]», «пятого дек», «13-е февраля», «10/августа».
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

// dayRange reads a bare first day and a full last date that lends it its month and year: «с 13
// по 15 июля», «с 11 до 15 сентября», «13-15 июля», «14. - 15.10.18». A first day greater than
// the last is in the month before («с 28 по 3 января»).
func (p *whenParser) dayRange(i int) (dateCand, int, bool) {
	j := i
	switch p.tok(i) {
	case "с", "со", "от", "from":
		j++
	}
	d1, n1, ok := p.dayNumber(j)
	if !ok {
		return dateCand{}, 0, false
	}
	k := j + n1
	switch t := p.tok(k); {
	case p.dashAt(k):
	case t == "по" || t == "до" || t == "to" || t == "till" || t == "until":
		k++
	case t == "и" && (p.tok(k+1) == "по" || p.tok(k+1) == "до"):
		k += 2
	default:
		return dateCand{}, 0, false
	}
	end, n2, ok := p.dayMonth(k)
	if !ok {
		if end, n2, ok = p.numericDate(k); !ok {
			return dateCand{}, 0, false
		}
	}
	first := civilDay{end.day.y, end.day.m, d1}
	if d1 > end.day.d {
		first = civilDay{end.day.y, end.day.m - 1, 1}.add(0)
		first.d = d1
	}
	if d1 > daysIn(first.y, first.m) || !first.before(end.day) {
		return dateCand{}, 0, false
	}
	return dateCand{kind: dRange, day: first, last: end.day, prio: 4, year: end.year}, k + n2 - i, true
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

// timePreps introduce a clock time that is a point, and belong to its mention.
var timePreps = map[string]bool{
	"в": true, "во": true, "к": true, "ко": true, "около": true, "на": true, "примерно": true, "районе": true,
	"at": true, "by": true, "around": true, "about": true,
}

// whenRangeMarks stand before the ends of ranges and open bounds; they stay outside the mentions.
var whenRangeMarks = map[string]bool{
	"с": true, "со": true, "от": true, "до": true, "по": true, "после": true, "между": true, "и": true,
	"from": true, "to": true, "till": true, "until": true, "before": true, "after": true,
	"between": true, "and": true, "раньше": true, "ранее": true, "позже": true, "позднее": true,
}

// numericDate reads «25.12», «25.12.2026», «18.07.14», «01.04». A «15.30» or «в 10.12» is left to
// the clock rules.
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
	switch prev := p.tok(i - 1); {
	case prev == "на" || prev == "с" || prev == "со" || prev == "по" || prev == "до":
		// «на 25.12», «с 14.10 по 15.10»: a date when it can be one.
	case timeOK && (timePreps[prev] || whenRangeMarks[prev]):
		return dateCand{}, 0, false
	}
	if !dateOK {
		return dateCand{}, 0, false
	}
	if y, yn, ok := p.year(i + 1); ok {
		c, ok := p.calendar(y, time.Month(m), d, true, 4)
		return c, 1 + yn, ok
	}
	c, ok := p.calendar(0, time.Month(m), d, false, 4)
	return c, 1, ok
}

// sepDate reads dates written with slashes or dashes: «29/11», «29/11/2026», «1/12/26»,
// «20-12-2026», «2026-12-20». Two numbers joined by one dash are a range («10-12»), not a date.
func (p *whenParser) sepDate(i int) (dateCand, int, bool) {
	a, b, c := p.tok(i), p.tok(i+1), p.tok(i+2)
	s1, s2 := p.sepAt(i+1), p.sepAt(i+2)
	if s1 == 0 || !isNumber(a) || !isNumber(b) || len(b) > 2 || isNumber(p.tok(i-1)) || !p.free(i, 2) {
		return dateCand{}, 0, false
	}
	if len(a) == 4 && s2 == s1 && isNumber(c) && len(c) <= 2 && p.free(i+2, 1) { // «2026-12-20»
		y, _ := atoi(a)
		m, _ := atoi(b)
		d, _ := atoi(c)
		cand, ok := p.calendar(y, time.Month(m), d, true, 4)
		return cand, 3, ok
	}
	if len(a) > 2 {
		return dateCand{}, 0, false
	}
	d, _ := atoi(a)
	m, _ := atoi(b)
	if s2 == s1 && isNumber(c) && (len(c) == 4 || len(c) == 2 && s1 == '/') && p.free(i+2, 1) {
		y, _ := atoi(c)
		if len(c) == 2 {
			y += 2000
		}
		cand, ok := p.calendar(y, time.Month(m), d, true, 4)
		return cand, 3, ok
	}
	if s1 != '/' {
		return dateCand{}, 0, false
	}
	if next := p.tok(i + 2); notTime(next) || hourWords[next] {
		return dateCand{}, 0, false // «1/2 часа»
	}
	cand, ok := p.calendar(0, time.Month(m), d, false, 4)
	return cand, 2, ok
}

// dayOfMonth reads «5 числа», «на 5 число», «пятого числа», and after a preposition «на 30-е»,
// «к пятому», «до 10-го»: this month's, or next month's if it has passed; a month named
// elsewhere in the message replaces it («5 числа в декабре»).
func (p *whenParser) dayOfMonth(i int) (dateCand, int, bool) {
	d, n, ok := p.dayNumber(i)
	if !ok {
		return dateCand{}, 0, false
	}
	switch next := p.tok(i + n); {
	case (next == "числа" || next == "число") && p.free(i+n, 1):
		n++
	case n > 1 || !isNumber(p.tok(i)):
		// A suffix or an ordinal word: a day, after a preposition or a weekday («в понедельник
		// 30-го»), and not before an hour («к пятому часу»).
		switch p.tok(i - 1) {
		case "на", "к", "ко", "с", "со", "до", "по", "после", "the", "on", "by":
		default:
			if !p.dateEndsAt(i) {
				return dateCand{}, 0, false
			}
		}
		if strings.HasPrefix(next, "час") || hourWords[next] {
			return dateCand{}, 0, false
		}
	default:
		return dateCand{}, 0, false
	}
	t := p.today()
	y, m := t.y, t.m
	if d < t.d {
		m++
		if m > 12 {
			m, y = 1, y+1
		}
	}
	c, ok := p.calendar(y, m, d, true, 4)
	c.year, c.noMonth = yearGuessed, true
	return c, n, ok
}

// relativeDay reads сегодня, завтра, послезавтра, вчера and their misspellings. «До завтра» at
// the end of a message is a goodbye, not a date.
func (p *whenParser) relativeDay(i int) (dateCand, int, bool) {
	t := p.tok(i)
	switch {
	case t == "после" && isTomorrow(p.tok(i+1)) && p.free(i+1, 1):
		return p.day(2, 3), 2, true
	case t == "day" && p.tok(i+1) == "after" && p.tok(i+2) == "tomorrow":
		return p.day(2, 3), 3, true
	case isNextWord(t) && p.tok(i+1) == "день" && p.tok(i-1) == "на":
		return p.day(1, 3), 2, true
	case strings.HasPrefix(t, "послезавтр"):
		return p.day(2, 3), 1, true
	case strings.HasPrefix(t, "позавчер"):
		return p.day(-2, 3), 1, true
	case isTomorrow(t):
		if p.tok(i-1) == "до" && i == len(p.toks)-1 {
			return dateCand{}, 0, false
		}
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
	case "завра", "заватра", "зватра", "tomorrow", "tomorow", "tommorow", "tmrw", "tmr":
		return true
	}
	return strings.HasPrefix(t, "завтр") && !strings.HasPrefix(t, "завтрак")
}

// isNextWord reads «следующий» in any form and spelling, «след», «будущий», next.
func isNextWord(t string) bool {
	return strings.HasPrefix(t, "следующ") || strings.HasPrefix(t, "следущ") || t == "след" ||
		strings.HasPrefix(t, "будущ") || t == "next"
}

// isThisWord reads «этот», «эта», «эту», «этой», «этом», «текущий», this.
func isThisWord(t string) bool {
	switch t {
	case "этот", "эта", "эту", "этой", "этом", "это", "this":
		return true
	}
	return strings.HasPrefix(t, "текущ")
}

// weekday reads «в пятницу», «пятница», «во вт», «в следующую субботу», «on friday», «next
// friday». A bare weekday is its next occurrence, today included. «Следующая пятница» is the
// Friday of next week (Monday-based); said on a day before Friday of this week it is ambiguous
// (the coming Friday is meant as often), and ask is set.
func (p *whenParser) weekday(i int) (dateCand, int, bool) {
	prep := false
	switch p.tok(i - 1) {
	case "в", "во", "на", "к", "ко", "до", "с", "со", "по", "от", "после", "on", "by", "next",
		"this", "until", "from", "till", "to":
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
		case t == "в" || t == "во" || t == "на" || t == "к" || t == "ко" || t == "on" || t == "по" || t == "до":
		case isNextWord(t):
			mode = "next"
		case isThisWord(t) || strings.HasPrefix(t, "ближайш") || t == "coming":
			mode = "this"
		case strings.HasPrefix(t, "прошл") || t == "last":
			mode = "last"
		case strings.HasPrefix(t, "кажд") || t == "every":
			return dateCand{}, 0, false // «каждую пятницу» is a habit
		default:
			break back
		}
	}
	today := p.today()
	ti, wi := mondayIndex(today.weekday()), mondayIndex(wd)
	c := dateCand{kind: dWeekday, wd: wd, prio: 2}
	switch mode {
	case "next":
		c.day = today.add(7 - ti + wi)
		c.ask = wi > ti
	case "last":
		delta := -((ti - wi + 7) % 7)
		if delta == 0 {
			delta = -7
		}
		c.day = today.add(delta)
	default:
		c.day = today.add((wi - ti + 7) % 7)
	}
	return c, 1, true
}

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
// days from Saturday (or today, on a Sunday) to Sunday. «Следующие выходные» are next week's,
// ambiguous on a weekday as «следующая пятница» is. The singular «в выходной» is the Saturday.
// «По выходным» is a habit, not a date.
func (p *whenParser) weekend(i int) (dateCand, int, bool) {
	t := p.tok(i)
	if !strings.HasPrefix(t, "выходн") && t != "weekend" {
		return dateCand{}, 0, false
	}
	ok, next := false, false
	for k := i - 1; k >= 0 && k >= i-2; k-- {
		switch w := p.tok(k); {
		case w == "по" || strings.HasPrefix(w, "кажд") || w == "every":
			return dateCand{}, 0, false
		case w == "в" || w == "на" || w == "this" || w == "on" || w == "к" || w == "до" || w == "с" ||
			isThisWord(w) || strings.HasPrefix(w, "эт") || strings.HasPrefix(w, "ближайш"):
			ok = true
		case isNextWord(w):
			ok, next = true, true
		}
	}
	if !ok {
		return dateCand{}, 0, false
	}
	today := p.today()
	ti := mondayIndex(today.weekday())
	sat := today.add(5 - ti)
	c := dateCand{kind: dRange, prio: 1}
	if next {
		sat = sat.add(7)
		c.ask = ti < 5
	}
	c.day, c.last = sat, sat.add(1)
	if c.day.before(today) {
		c.day = today
	}
	if t == "выходной" {
		c.kind = dDay
	}
	return c, 1, true
}

// week reads «на следующей неделе», «следующая неделя», «на этой неделе», «на неделе», next week,
// this week: the Monday that starts it.
func (p *whenParser) week(i int) (dateCand, int, bool) {
	t := p.tok(i)
	n, next := 1, false
	switch {
	case isNextWord(t):
		next = true
	case isThisWord(t):
	case t == "неделе" && p.tok(i-1) == "на":
		n = 0
	default:
		return dateCand{}, 0, false
	}
	if u := p.tok(i + n); !strings.HasPrefix(u, "недел") && u != "week" {
		return dateCand{}, 0, false
	}
	mon := p.today().monday()
	if next {
		mon = mon.add(7)
	}
	return dateCand{kind: dWeek, day: mon, prio: 1}, n + 1, true
}

// month reads a month on its own: «в январе», «март», «на май 2027», «в следующем месяце», «в
// этом месяце», in January, next month: its first day, next year's if the month has passed (the
// current month is this year's).
func (p *whenParser) month(i int) (dateCand, int, bool) {
	t := p.tok(i)
	today := p.today()
	if isNextWord(t) || isThisWord(t) {
		if u := p.tok(i + 1); !strings.HasPrefix(u, "месяц") && u != "month" {
			return dateCand{}, 0, false
		}
		c := civilDay{today.y, today.m, 1}
		if isNextWord(t) {
			c = civilDay{today.y, today.m + 1, 1}.add(0)
		}
		return dateCand{kind: dMonth, day: c, prio: 1}, 2, true
	}
	m, ok := monthName(t, p.tok(i-1))
	if !ok {
		return dateCand{}, 0, false
	}
	if prev := p.tok(i - 1); isNumber(prev) || ordinals[prev] > 0 {
		return dateCand{}, 0, false // «31 ноября»: a day that does not exist, not a month
	}
	y, n := today.y, 1
	if m < today.m {
		y++
	}
	if yy, yn, ok := p.year(i + 1); ok {
		y, n = yy, n+yn
	}
	return dateCand{kind: dMonth, day: civilDay{y, m, 1}, prio: 1}, n, true
}

// monthName recognises a month's full name in any case form (not an abbreviation, which alone
// may be another word). The English «may» and «march» count only after in, next and the like.
func monthName(t, prev string) (time.Month, bool) {
	if m, ok := englishMonths[t]; ok {
		if len(t) <= 3 && t != "may" {
			return 0, false
		}
		if t == "may" || t == "march" {
			switch prev {
			case "in", "of", "next", "this", "until", "from", "by", "for", "since":
			default:
				return 0, false
			}
		}
		return m, true
	}
	switch t {
	case "март", "марта", "марте", "май", "мая", "мае":
		return monthWords[t], true
	}
	for _, s := range monthStems {
		// «июн», «июл» alone are abbreviations; «август» is a whole name.
		if strings.HasPrefix(t, s.prefix) && (len(t) > len(s.prefix) || t == "август") {
			return s.m, true
		}
	}
	return 0, false
}

// nextDays reads «следующие три дня» (from tomorrow), «ближайшие 3 дня» (from today), next 3 days.
func (p *whenParser) nextDays(i int) (dateCand, int, bool) {
	from := 0
	switch p.tok(i) {
	case "следующие", "следующих", "next":
		from = 1
	case "ближайшие", "ближайших":
	default:
		return dateCand{}, 0, false
	}
	v, n, ok := number(p.toks, i+1)
	if !ok || v < 1 || v > 31 {
		return dateCand{}, 0, false
	}
	switch p.tok(i + 1 + n) {
	case "дня", "дней", "день", "days":
	default:
		return dateCand{}, 0, false
	}
	first := p.today().add(from)
	return dateCand{kind: dRange, day: first, last: first.add(v - 1), prio: 1}, n + 2, true
}

// nowWord reads «сейчас» and now where they name the time («можно сейчас?», «прямо сейчас», «на
// сейчас», right now): at the end of the message or after «прямо/на/right»; «я сейчас занята» is
// not a booking time.
func (p *whenParser) nowWord(i int) (dateCand, int, bool) {
	switch p.tok(i) {
	case "сейчас", "щас", "now":
	default:
		return dateCand{}, 0, false
	}
	switch p.tok(i - 1) {
	case "прямо", "на", "right":
	default:
		if i != len(p.toks)-1 {
			return dateCand{}, 0, false
		}
	}
	return dateCand{kind: dInstant, exact: p.now, clock: true, prio: 3}, 1, true
}

// offset reads «через 2 дня», «через час», «через полчаса», «через 3 часа 19 минут», «через день
// 2 часа», «спустя неделю», in 2 days: the instant that far from now, to the second.
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
		case t == "пол" && strings.HasPrefix(p.tok(j+1), "час"):
			dur += 30 * time.Minute
			j, found = j+2, true
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
	at := p.now.AddDate(years, months, days).Add(dur)
	return dateCand{kind: dInstant, exact: at, clock: dur > 0, prio: 3}, j - i, true
}

// monthOf recognises a month name or abbreviation in any case form, after a day number.
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
