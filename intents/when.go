package intents

import (
	"slices"
	"strings"
	"time"
)

// ParseWhen finds the date and/or time a client names in a message, resolved against now in
// now's location (the business's). It reports false when the message names none. It does not
// block, allocates little, and its cost grows linearly with the message: it reads at most the
// first maxRunes runes.
//
// It reads, in Russian and English: relative days (сегодня, завтра, послезавтра, «на следующий
// день», today, tomorrow) and their misspellings («завтро», «седня», «в суботу», «в срду»,
// «понидельник»: one letter off a date word is read as it); weekdays («в пятницу», «во вт», «в пт»,
// «в следующую субботу», on friday, next monday); weeks («на следующей неделе», «на этой
// неделе»); weekends («на выходных»); months («в январе», «май», «в следующем месяце»); calendar
// dates («5 декабря», «5 дек», «пятого декабря», «25.12», «25.12.2026», «5 числа», December 5);
// offsets («через 2 дня», «через час», «через полчаса», «через день 2 часа», in 2 days); «сейчас»;
// clock times («в 15:00», «в 15.30», «в 15-30», «15 30», «в 7 30 вечера», «к 11», «в 11 часов», «в
// 3», «в полдень», «в половине третьего», «без четверти три», at 3pm); parts of the day («утром»,
// «днём», «вечером», «после обеда»); ranges («с 10 до 12», «с 13 по 15 июля», «8 авг - 12 авг»,
// «11:30-13:30», «следующие три дня», «с сегодня до послезавтра», between 2 and 4) and open bounds
// («до 14:00», «после 16»).
//
// The When says what was said, so that the dialog asks only for what is missing:
//   - HasDate: a day, a week or a month was named (Grain says which); HasTime: a time of day was.
//   - Grain: day; week (At is its Monday); month (At is its 1st); hour («в 3»); minute («в
//     15:30»); second for a relative offset («через 30 минут»: At = now + the offset, seconds kept).
//   - End: a range of days («с 13 по 15 июля», «следующие три дня», «на выходных») ends on its
//     last day, at midnight; a range of times («с 10 до 12», «11:30-13:30») at its end instant.
//   - Open: «до 14:00» is OpenBefore, «после 16» OpenAfter; At is the bound.
//   - PartOfDay: a part of the day named with no clock time (HasTime false, At at midnight).
//   - Ask: the phrase is ambiguous by the policies below; At holds the reading they choose.
//
// Policies, chosen for a salon:
//   - Bare hours: an hour from 1 to 7 with no «утра/дня/вечера», no part of the day and no leading
//     zero is afternoon: «в 3», «в 5:30», «в 7 часов 30» are 15:00, 17:30, 19:30; «в 03:00», «в 3
//     утра» stay early. «Утром/днём/вечером» next to an hour act like «утра/дня/вечера».
//   - A time with no date is its next occurrence: today, or tomorrow once it is over. A time given
//     to the hour lasts the hour: «в 4 утра» said at 4:30 is today, «в 7 утра» said at 13:00 is
//     tomorrow. HasDate stays false. A part of the day alone is today's, or tomorrow's once over.
//   - Weekdays: a bare weekday is its next occurrence, today included («в пятницу» said on a Friday
//     is today); «в эту пятницу» is the same. «В следующую пятницу» is the Friday of the next
//     Monday-based week. Said before this week's Friday («в следующую среду» on a Tuesday) it is
//     ambiguous, as many mean the coming one: Ask is set and At holds next week's. «Вторник на
//     следующей неделе», «на следующей неделе во вторник» are next week's, with no question. A
//     weekday with a month («в апреле в среду») is the first such day of it (from today in the
//     current month); with an offset («через месяц во вторник») it is that day of the week the
//     offset lands in. A calendar date beside a weekday («Среда, 13-е февраля») wins.
//   - Weeks: «на следующей неделе» is Grain week with At the next Monday; «на этой неделе» and «на
//     неделе» this week's Monday, which may have passed.
//   - Weekend: Saturday and Sunday, a salon's weekend: At is Saturday (today on a Sunday), End
//     Sunday. Some public parsers (Duckling) use Friday 18:00 to Monday 00:00; we do not.
//     «Следующие выходные» are next week's, with Ask on a weekday as for «следующая пятница»; the
//     singular «в выходной» is the Saturday.
//   - Months: Grain month, At the 1st; a month already past this year is next year's, the current
//     month is this one.
//   - A calendar date with no year is this year's, or next year's once past. In a range the first
//     date takes the last one's year when only that one is written («с 14.10 по 15.10.2018»).
//   - Offsets are Grain second with At = now + the offset, to the second, whole days included
//     («через неделю» keeps the clock time, so At is not at midnight although HasTime is false).
//     HasTime is set only when hours or minutes were part of it: «через неделю» names a day, not
//     a time. A time named with an offset replaces the clock («через 2 дня в 12»).
//   - «Сейчас», now: At = now, Grain second, where it names the time («можно сейчас?», «прямо
//     сейчас»), not in «я сейчас занята».
//   - Ranges: «с X до/по Y», «X-Y», «X/Y», «между X и Y». A meridiem on the end applies to the
//     start when it fits («с 10 до 11 утра», «с 7 до 9 вечера»); a date on one end, or named
//     elsewhere, applies to both («завтра с 10 до 12»). After «в/к/на» an «H-MM» is a clock time
//     («в 15-30» is 15:30); otherwise «10-12» is a range. A time given with a range of days («на
//     выходных в 12») applies to its first day.
//   - Open bounds: «до X», «раньше X», «не позже X» are OpenBefore; «после X», «позже X», «не
//     раньше X» OpenAfter. A point time named in the same message wins over a bound («я работаю до
//     4, можно в 5?» is 17:00). «До завтра» ending a message is a goodbye, not a date.
//   - Where two dates or times are named outside a range, the first wins, except that one after
//     «с/со» loses (the origin of a move: «перенести с 15:00 на 17:00» is 17:00), and so does
//     one refused («не в 12, а в 14», «не смогу в пятницу, давайте в субботу») or an existing
//     booking («у меня запись на завтра, можно на послезавтра»).
//   - After «на» a bare hour is a time where no counted noun follows («на завтра на 9», «можно
//     на 5 перенести?»), not in «на 2 человека», «на 2 маникюра», «минут на 10».
//   - Habits name no date: «по субботам», «каждую пятницу», «по выходным».
//   - Parts of the day: morning 05–12, day 12–17, evening 17–23, night 23–05. «После обеда» is day,
//     «до обеда» morning; «доброе утро», «добрый вечер» are greetings.
//
// Digit runs that look like a phone number, prices («1200», «2 000 р»), durations («на 45 минут»,
// «за 2 часа», «1-2 часа»), counts («на 2 человека», «2-3 раза») and bare numbers with no
// preposition («запись 17») are not times.
func ParseWhen(text string, now time.Time) (When, bool) {
	p := whenParser{now: now}
	p.toks, p.seps = whenTokens(text)
	if len(p.toks) == 0 {
		return When{}, false
	}
	flags := make([]bool, 2*len(p.toks)+1)
	p.used, p.dateEnd = flags[:len(p.toks)], flags[len(p.toks):]
	p.ments = make([]whenMention, 0, 4)
	p.markPhones()
	p.findDates()
	p.findTimes()
	p.findPartsOfDay()
	if len(p.ments) == 0 {
		return When{}, false
	}
	sortWhenMentions(p.ments)
	return p.result()
}

// whenParser holds one message's tokens and the dates, times and parts of the day found in them.
type whenParser struct {
	now      time.Time
	toks     []string
	seps     []byte // seps[i]: '-' or '/' when a dash or a slash was written right before toks[i]
	used     []bool // tokens that belong to a mention or a phone number
	dateEnd  []bool // dateEnd[i]: a date mention ends right before token i
	ments    []whenMention
	lastTime int // the token right after the last time mention
}

type whenMentionKind uint8

const (
	wmDate whenMentionKind = iota + 1
	wmTime
	wmPod
)

// whenMention is one date, time or part of the day found at tokens [i, j).
type whenMention struct {
	i, j int
	kind whenMentionKind
	date dateCand
	tm   timeCand
	pod  string
}

func sortWhenMentions(ms []whenMention) {
	slices.SortFunc(ms, func(a, b whenMention) int { return a.i - b.i })
}

func (p *whenParser) tok(i int) string {
	if i < 0 || i >= len(p.toks) {
		return ""
	}
	return p.toks[i]
}

// sepAt returns the dash ('-') or slash ('/') written right before token i, or 0.
func (p *whenParser) sepAt(i int) byte {
	if i < 0 || i >= len(p.seps) {
		return 0
	}
	return p.seps[i]
}

// dateEndsAt reports whether a date mention ends right before token i.
func (p *whenParser) dateEndsAt(i int) bool { return i >= 0 && i < len(p.dateEnd) && p.dateEnd[i] }

// dashAt reports whether a dash or a slash was written right before token i.
func (p *whenParser) dashAt(i int) bool { return i >= 0 && i < len(p.seps) && p.seps[i] != 0 }

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

// markPenalty lowers the priority of a date or time that is probably not the one wanted, when
// the message names another: the origin of a move («с 15:00 на 17:00»), a bound («я работаю
// до 4»), a refused one («не в 12, а в 14», «не смогу в пятницу»), an existing booking («у меня
// запись на завтра, можно на послезавтра»).
func (p *whenParser) markPenalty(i int) int {
	switch p.tok(i - 1) {
	case "с", "со", "from":
		return -10
	case "до", "после", "before", "after", "until", "till", "раньше", "позже", "позднее", "ранее":
		return -5
	}
	pen := 0
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		switch t := p.tok(k); {
		case t == "не" || t == "not":
			return -8
		case t == "запись" || t == "записи" || strings.HasPrefix(t, "записан"):
			pen = -3
		}
	}
	return pen
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

// ---- assembly ----

// whenChain is a run of adjacent mentions, p.ments[a:b], covering tokens [i, j): «18 июля 2014 7
// часов вечера», «12 часов 18 сентября». A dash, a range mark or a second clock time starts a
// new chain.
type whenChain struct{ a, b, i, j int }

// whenChainGlue may stand between two mentions of one chain.
var whenChainGlue = map[string]bool{"в": true, "во": true, "на": true, "к": true, "ко": true, "at": true, "on": true}

func (p *whenParser) chains() []whenChain {
	cs := make([]whenChain, 0, len(p.ments))
	hasTime := false
	for k, m := range p.ments {
		if n := len(cs); n > 0 {
			c := &cs[n-1]
			adj := m.i == c.j || (m.i == c.j+1 && whenChainGlue[p.tok(c.j)])
			if adj && !p.dashAt(m.i) && !(m.kind == wmTime && hasTime) {
				c.b, c.j = k+1, m.j
				hasTime = hasTime || m.kind == wmTime
				continue
			}
		}
		cs = append(cs, whenChain{a: k, b: k + 1, i: m.i, j: m.j})
		hasTime = m.kind == wmTime
	}
	return cs
}

// maxTries bounds the ranges and open bounds result tries, each costing a pass over the
// mentions, so that the whole parse stays linear however many a message names.
const maxTries = 4

func (p *whenParser) result() (When, bool) {
	cs := p.chains()
	tries := 0
	for k := 0; k+1 < len(cs) && tries < maxTries; k++ {
		if p.joined(cs[k], cs[k+1]) {
			tries++
			if w, ok := p.rangeWhen(cs[k], cs[k+1]); ok {
				return w, true
			}
		}
	}
	tries = 0
	for k := 0; k < len(cs) && tries < maxTries; k++ {
		open := p.openMark(cs[k].i)
		if open == "" {
			continue
		}
		tries++
		if w, ok := p.openWhen(cs[k], open); ok {
			return w, true
		}
	}
	return p.build(p.gather(p.ments, 0, 0))
}

// joined reports whether chains L and R are the ends of one range: «с L до R», «с L и до R», «L-R»,
// «L/R», «между L и R».
func (p *whenParser) joined(L, R whenChain) bool {
	if R.i == L.j && p.dashAt(R.i) {
		return true
	}
	k := R.i - 1 // the mark before R
	if k < L.j || k > L.j+1 {
		return false
	}
	if k == L.j+1 && p.tok(L.j) != "и" && p.tok(L.j) != "and" {
		return false
	}
	start := p.tok(L.i - 1)
	switch p.tok(k) {
	case "до", "по", "to", "till", "until":
		switch start {
		case "с", "со", "от", "from":
			return true
		}
	case "и", "and":
		return k == L.j && (start == "между" || start == "between")
	}
	return false
}

// openMark returns the open bound that the mark before token i sets, if any.
func (p *whenParser) openMark(i int) Open {
	neg := p.tok(i-2) == "не"
	switch p.tok(i - 1) {
	case "до", "before", "until", "till":
		return OpenBefore
	case "после", "after":
		return OpenAfter
	case "раньше", "ранее":
		if neg {
			return OpenAfter
		}
		return OpenBefore
	case "позже", "позднее":
		if neg {
			return OpenBefore
		}
		return OpenAfter
	}
	return ""
}

// whenPoint is what a group of mentions names: a date, a time of day and a part of the day.
type whenPoint struct {
	date    dateCand
	hasDate bool
	tm      timeCand
	hasTime bool
	pod     string
}

// gather reads the mentions ms, skipping ms[skipA:skipB], as one point: the best date (a weekday
// re-anchored by a week, a month or an offset named with it), the best time, the first part of
// the day.
func (p *whenParser) gather(ms []whenMention, skipA, skipB int) whenPoint {
	var pt whenPoint
	var best, wd, anchor, month *dateCand
	bestPrio, wdPrio, tmPrio := 0, 0, 0
	for k := range ms {
		if k >= skipA && k < skipB {
			continue
		}
		m := &ms[k]
		prio := p.markPenalty(m.i)
		switch m.kind {
		case wmTime:
			prio += m.tm.prio
			if !pt.hasTime || prio > tmPrio {
				pt.tm, pt.hasTime, tmPrio = m.tm, true, prio
			}
		case wmPod:
			if pt.pod == "" {
				pt.pod = m.pod
			}
		case wmDate:
			d := &m.date
			prio += d.prio
			if best == nil || prio > bestPrio {
				best, bestPrio = d, prio
			}
			switch {
			case d.kind == dWeekday:
				if wd == nil || prio > wdPrio {
					wd, wdPrio = d, prio
				}
			case d.kind == dWeek || d.kind == dMonth || d.kind == dInstant && !d.clock:
				if anchor == nil {
					anchor = d
				}
				if d.kind == dMonth {
					month = d
				}
			}
		}
	}
	if best == nil {
		return pt
	}
	pt.date, pt.hasDate = *best, true
	switch {
	case wd != nil && anchor != nil && (best == wd || best == anchor):
		pt.date = p.anchorWeekday(*wd, *anchor)
	case best.noMonth && month != nil && best.day.d <= daysIn(month.day.y, month.day.m):
		pt.date.day = civilDay{month.day.y, month.day.m, best.day.d}
	}
	return pt
}

// anchorWeekday resolves a weekday named with a week, a month or an offset.
func (p *whenParser) anchorWeekday(wd, a dateCand) dateCand {
	wi := mondayIndex(wd.wd)
	var day civilDay
	switch a.kind {
	case dWeek:
		day = a.day.add(wi)
	case dMonth:
		from := a.day
		if t := p.today(); from.before(t) {
			from = t
		}
		day = from.add((wi - mondayIndex(from.weekday()) + 7) % 7)
	default:
		day = a.start(p.now.Location()).monday().add(wi)
	}
	return dateCand{kind: dDay, day: day, prio: wd.prio}
}

// grain is the precision of a clock time: minutes written or not.
func (c timeCand) grain() Grain {
	if c.hasMin {
		return GrainMinute
	}
	return GrainHour
}

// build turns a point into a When.
func (p *whenParser) build(pt whenPoint) (When, bool) {
	if !pt.hasDate && !pt.hasTime && pt.pod == "" {
		return When{}, false
	}
	loc := p.now.Location()
	d := pt.date
	if pt.hasDate && d.kind == dInstant {
		switch {
		case d.clock && !pt.hasTime:
			return When{At: d.exact, HasDate: true, HasTime: true, Grain: GrainSecond}, true
		case !pt.hasTime && pt.pod == "":
			return When{At: d.exact, HasDate: true, Grain: GrainSecond}, true
		}
		d = dateCand{kind: dDay, day: d.start(loc)} // «через 2 дня в 12»: that day
	}
	w := When{HasDate: pt.hasDate, HasTime: pt.hasTime}
	day := p.today()
	if pt.hasDate {
		day, w.Ask = d.day, d.ask
		switch d.kind {
		case dWeek:
			w.Grain = GrainWeek
		case dMonth:
			w.Grain = GrainMonth
		case dRange:
			w.End = d.last.in(loc, 0, 0)
			w.Grain = GrainDay
		default:
			w.Grain = GrainDay
		}
	}
	if !pt.hasTime {
		w.At, w.PartOfDay = day.in(loc, 0, 0), pt.pod
		if !pt.hasDate {
			w.Grain = GrainDay
			if partOfDayOver(pt.pod, p.now) {
				w.At = w.At.AddDate(0, 0, 1)
			}
		}
		return w, true
	}
	w.At = day.in(loc, pt.tm.hour(pt.pod), pt.tm.m)
	if w.Grain == "" || w.Grain == GrainDay && w.End.IsZero() {
		w.Grain = pt.tm.grain()
	}
	if !pt.hasDate {
		length := time.Minute
		if w.Grain == GrainHour {
			length = time.Hour
		}
		if !w.At.Add(length).After(p.now) {
			w.At = w.At.AddDate(0, 0, 1)
		}
	}
	return w, true
}

// partOfDayOver reports whether the part of the day pod is over at now.
func partOfDayOver(pod string, now time.Time) bool {
	h := now.Hour()
	switch pod {
	case "morning":
		return h >= 12
	case "day":
		return h >= 17
	case "evening":
		return h >= 23
	}
	return false
}

// rangeWhen builds the range from chain L to chain R, if they name one: two times, or two days.
func (p *whenParser) rangeWhen(L, R whenChain) (When, bool) {
	lp := p.gather(p.ments[L.a:L.b], 0, 0)
	rp := p.gather(p.ments[R.a:R.b], 0, 0)
	ctx := p.gather(p.ments, L.a, R.b)
	switch {
	case lp.hasTime && rp.hasTime:
		return p.timeRange(lp, rp, ctx)
	case lp.hasDate && rp.hasDate && !lp.hasTime && !rp.hasTime:
		return p.daysRange(lp, rp, ctx)
	}
	return When{}, false
}

func whenDayLike(d dateCand) bool {
	return d.kind == dDay || d.kind == dWeekday || d.kind == dInstant && !d.clock
}

// daysRange builds «с 14.10 по 15.10.2018», «с понедельника по среду», «с сегодня до послезавтра».
func (p *whenParser) daysRange(lp, rp, ctx whenPoint) (When, bool) {
	a, b := lp.date, rp.date
	if !whenDayLike(a) || !whenDayLike(b) {
		return When{}, false
	}
	loc := p.now.Location()
	from, to := a.start(loc), b.start(loc)
	if a.year == yearGuessed && b.year == yearWritten {
		from.y = to.y
	}
	if to.before(from) {
		switch {
		case a.year == yearGuessed:
			from.y-- // «с 28 декабря по 3 января» said on 30 December
		case b.kind == dWeekday:
			for k := 0; k < 2 && to.before(from); k++ {
				to = to.add(7) // «с пятницы по понедельник»
			}
		}
	}
	if to.before(from) || from.d > daysIn(from.y, from.m) {
		return When{}, false
	}
	pod := firstNonEmpty(lp.pod, rp.pod, ctx.pod)
	return When{At: from.in(loc, 0, 0), End: to.in(loc, 0, 0), HasDate: true, Grain: GrainDay, PartOfDay: pod}, true
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// timeRange builds «с 10 до 12», «11:30-13:30», «с 12 часов 18 сентября до 12 часов 20 сентября».
func (p *whenParser) timeRange(lp, rp, ctx whenPoint) (When, bool) {
	loc := p.now.Location()
	lpod, rpod := firstNonEmpty(lp.pod, ctx.pod), firstNonEmpty(rp.pod, ctx.pod)
	lt, rt := lp.tm, rp.tm
	rh := rt.hour(rpod)
	lh := lt.hour(lpod)
	if lt.mer == "" && lpod == "" && rt.mer != "" {
		c := lt
		c.mer = rt.mer
		if h := c.hour(""); h*60+c.m <= rh*60+rt.m {
			lh = h // «с 10 до 11 утра», «с 7 до 9 вечера»
		}
	}
	if rh*60+rt.m <= lh*60+lt.m && rt.mer == "" && rpod == "" && !rt.zero && rh < 12 && rh+12 > lh {
		rh += 12 // «с 3 до 9» is 15–21
	}
	ld, lhas := lp.date, lp.hasDate
	if !lhas {
		ld, lhas = ctx.date, ctx.hasDate
	}
	if !lhas {
		ld, lhas = rp.date, rp.hasDate
	}
	rd, rhas := rp.date, rp.hasDate
	if !rhas {
		rd, rhas = ld, lhas
	}
	lday, rday := p.today(), p.today()
	if lhas {
		lday = ld.start(loc)
	}
	if rhas {
		rday = rd.start(loc)
	}
	at, end := lday.in(loc, lh, lt.m), rday.in(loc, rh, rt.m)
	if !end.After(at) {
		if rp.hasDate {
			return When{}, false
		}
		end = end.AddDate(0, 0, 1)
	}
	if !lhas && !end.After(p.now) {
		at, end = at.AddDate(0, 0, 1), end.AddDate(0, 0, 1)
	}
	g := GrainHour
	if lt.hasMin || rt.hasMin {
		g = GrainMinute
	}
	return When{At: at, End: end, HasDate: lhas, HasTime: true, Grain: g, Ask: lhas && ld.ask}, true
}

// openWhen builds an open bound from chain c («до 14:00», «после 16», «до пятницы»), with a date
// or part of the day named elsewhere; it declines when a point time is named elsewhere too.
func (p *whenParser) openWhen(c whenChain, open Open) (When, bool) {
	pt := p.gather(p.ments[c.a:c.b], 0, 0)
	if !pt.hasTime && !pt.hasDate {
		return When{}, false
	}
	ctx := p.gather(p.ments, c.a, c.b)
	if ctx.hasTime {
		return When{}, false
	}
	if !pt.hasDate && ctx.hasDate {
		pt.date, pt.hasDate = ctx.date, true
	}
	if pt.pod == "" {
		pt.pod = ctx.pod
	}
	w, ok := p.build(pt)
	w.Open = open
	return w, ok
}
