package intents

import (
	"strings"
)

// timeCand is one time of day the message names, before the meridiem policy is applied.
type timeCand struct {
	h, m   int
	mer    string // "am", "pm", "day", "night" or "" as written next to the time
	zero   bool   // written with a leading zero ("07:00"): a 24-hour clock, no PM guess
	hasMin bool   // minutes were written ("15:00", "7 30", «половина третьего»)
	unit   bool   // followed by an hour word ("часов", "ч")
	prio   int
}

func (p *whenParser) findTimes() {
	p.lastTime = -1
	for i := 0; i < len(p.toks); i++ {
		if p.used[i] {
			continue
		}
		if l, r, nr, ok := p.hourRange(i); ok {
			p.use(i, 1+nr)
			p.ments = append(p.ments, whenMention{i: i, j: i + 1, kind: wmTime, tm: l},
				whenMention{i: i + 1, j: i + 1 + nr, kind: wmTime, tm: r})
			p.lastTime = i + 1 + nr
			i += nr
			continue
		}
		c, start, n, ok := p.timeAt(i)
		if !ok {
			continue
		}
		p.use(start, n)
		p.ments = append(p.ments, whenMention{i: start, j: start + n, kind: wmTime, tm: c})
		p.lastTime = start + n
		i = start + n - 1
	}
}

// whenDurationWords before a number make it a length of time, not a clock time.
var whenDurationWords = map[string]bool{
	"через": true, "за": true, "спустя": true, "течение": true, "длится": true, "длиться": true,
	"занимает": true, "займет": true, "in": true, "for": true,
}

// timeAt tries the clock rules at i; it returns the tokens used as [start, start+n). A range
// mark («с», «до», «после») before a clock stays outside it, for the range rules to read.
func (p *whenParser) timeAt(i int) (c timeCand, start, n int, ok bool) {
	t := p.tok(i)
	switch {
	case whenRangeMarks[t]:
		if (t == "и" || t == "and") && p.lastTime != i {
			return c, 0, 0, false // «и 12» only right after a time: «между 10 и 12»
		}
		if c, n, ok := p.clock(i+1, t); ok {
			c.prio = 3
			return c, i + 1, n, true
		}
		if c, n, ok := p.wordClock(i + 1); ok {
			c.prio = 3
			return c, i + 1, n, true
		}
		return c, 0, 0, false
	case timePreps[t]:
		prep := t
		if t == "на" && (p.dateEndsAt(i) || p.bareHourEnds(i+1)) {
			prep = "в" // «на завтра на 9», «можно на 5 перенести?»: «на» brings a time
		}
		if c, n, ok := p.clock(i+1, prep); ok {
			c.prio = 3
			return c, i, n + 1, true
		}
		if c, n, ok := p.wordClock(i + 1); ok {
			c.prio = 3
			return c, i, n + 1, true
		}
	}
	if p.dashAt(i) {
		if p.lastTime == i {
			// The end of a range written with a dash: «11:30-13:30», «с 10-12».
			if c, n, ok := p.clock(i, "-"); ok {
				c.prio = 2
				return c, i, n, true
			}
		}
		if isNumber(p.tok(i - 1)) {
			return c, 0, 0, false // the end of a range of numbers that are no times: «1-2 часа»
		}
	}
	if c, n, ok := p.wordClock(i); ok {
		c.prio = 3
		return c, i, n, true
	}
	if whenDurationWords[p.tok(i-1)] {
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

// bareHourEnds reports whether a bare hour at i («на 5») is followed by nothing a count would
// need: the end of the message, or a word that is not a counted noun («на 5 перенести», «на 5
// можно?», «на 9 завтра»). «На 2 маникюра», «на 2 человека» stay counts.
func (p *whenParser) bareHourEnds(i int) bool {
	t := p.tok(i)
	if !isNumber(t) || len(t) > 2 {
		return false
	}
	if v, _ := atoi(t); v < 1 || v > 24 {
		return false
	}
	switch prev := p.tok(i - 2); {
	case minuteWords[prev] || hourWords[prev] || strings.HasPrefix(prev, "опазд") || strings.HasPrefix(prev, "опозд") ||
		strings.HasPrefix(prev, "задерж"):
		return false // «минут на 10», «опоздаю на 10»: a length of time
	}
	next := p.tok(i + 1)
	if next == "" || bareHourFollowers[next] || isToday(next) || isTomorrow(next) {
		return true
	}
	_, wd := weekdayOf(next, false)
	return wd
}

// bareHourFollowers are words that follow a time and never a count.
var bareHourFollowers = map[string]bool{
	"можно": true, "пожалуйста": true, "плиз": true, "пж": true, "перенести": true, "перенесите": true,
	"переносим": true, "перенесем": true, "записать": true, "запишите": true, "записаться": true,
	"если": true, "или": true, "ок": true, "а": true, "давайте": true, "могу": true, "смогу": true,
	"приду": true, "подойду": true, "буду": true, "удобно": true, "подойдет": true, "свободно": true,
	"есть": true, "получится": true, "please": true, "ok": true,
}

// hourRange reads two whole hours joined by a dash with no preposition before them, «10-12»,
// «5-7 вечера», as the ends of a range. After «в/к/на» an «H-MM» is a clock time («в 15-30»),
// and «1-2 часа», «за 2-3 часа» are lengths of time.
func (p *whenParser) hourRange(i int) (l, r timeCand, nr int, ok bool) {
	a, b := p.tok(i), p.tok(i+1)
	if !p.dashAt(i+1) || !isNumber(a) || !isNumber(b) || len(a) > 2 || len(b) > 2 || !p.free(i, 2) {
		return l, r, 0, false
	}
	prev := p.tok(i - 1)
	if timePreps[prev] || whenRangeMarks[prev] || whenDurationWords[prev] || isNumber(prev) {
		return l, r, 0, false
	}
	h1, _ := atoi(a)
	h2, _ := atoi(b)
	if h1 >= h2 || h2 > 24 {
		return l, r, 0, false
	}
	r, nr, ok = p.clock(i+1, "-")
	if !ok || r.unit || r.hasMin {
		return l, r, 0, false
	}
	r.prio, l = 2, timeCand{h: h1, zero: len(a) == 2 && a[0] == '0', prio: 2}
	return l, r, nr, true
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
		"people", "persons", "minutes", "mins", "min", "days", "weeks", "months", "years", "times":
		return true
	}
	for _, p := range notTimePrefixes {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

var notTimePrefixes = []string{
	"минут", "мин", "рубл", "руб", "тысяч", "недел", "месяц", "процент", "сантиметр", "метр",
	"километр", "штук", "человек", "персон", "гост", "секунд", "процедур", "сеанс", "посещени",
	"визит", "услуг", "заняти", "клиент", "мастер", "номер", "раз",
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

// clock reads a clock time at i, after the preposition prep ("" for none, "-" after a dash):
// «15:00», «15.30», «0630», «7», «7 часов 30 минут», «5 вечера», «16 0 0», «три часа дня», «в
// час». After «на» or no preposition, a bare number needs an hour word, minutes or a meridiem
// («на 3 часа», not «на 2 человека»).
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
		if strings.Contains(t, ".") && !strings.Contains(t, ":") && !timePreps[p.tok(i-1)] && !whenRangeMarks[p.tok(i-1)] && m%15 != 0 {
			return c, 0, false
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
		if m, n, ok := p.minutes(j, c.h, prep); ok {
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
	switch p.tok(j) {
	case "позже", "попозже", "раньше", "пораньше", "later", "earlier":
		return c, 0, false // «на час позже» moves a visit, it names no time
	}
	if strict && !c.unit && c.mer == "" && !c.hasMin {
		return c, 0, false
	}
	if word && !c.unit && c.mer == "" && !c.hasMin && j < len(p.toks) && !whenRangeMarks[prep] && prep != "-" {
		// «в пять» only at the end of a message; «в две смены» is not a time.
		return c, 0, false
	}
	return c, j - i, true
}

// minutes reads the minutes after hour h: «30», «05», «0 0», «тридцать», «ноль ноль». After a
// dash and no point preposition, a whole hour later than h is the end of a range, not minutes
// («с 10-12»).
func (p *whenParser) minutes(j, h int, prep string) (int, int, bool) {
	t := p.tok(j)
	if !p.free(j, 1) {
		return 0, 0, false
	}
	if isNumber(t) {
		v, _ := atoi(t)
		if p.dashAt(j) && !timePreps[prep] && v > h && v <= 24 {
			return 0, 0, false
		}
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
		return timeCand{h: 12}, 1, true
	case t == "полночь" || t == "midnight":
		return timeCand{h: 0, zero: true}, 1, true
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

// ---- parts of the day ----

func (p *whenParser) findPartsOfDay() {
	for i := 0; i < len(p.toks); i++ {
		if p.used[i] {
			continue
		}
		pod, start, n := p.partOfDay(i)
		if pod == "" {
			continue
		}
		p.use(start, n)
		p.ments = append(p.ments, whenMention{i: start, j: start + n, kind: wmPod, pod: pod})
		i = start + n - 1
	}
}

// partOfDay reads «утром», «днём», «вечером», «ночью», «с утра», «после обеда», «до обеда», «в
// первой половине дня», tonight; «доброе утро», «добрый вечер» are greetings.
func (p *whenParser) partOfDay(i int) (pod string, start, n int) {
	t, prev := p.tok(i), p.tok(i-1)
	if strings.HasPrefix(prev, "добр") || strings.HasPrefix(prev, "хорош") ||
		strings.HasPrefix(prev, "прекрасн") || strings.HasPrefix(prev, "приятн") ||
		strings.HasPrefix(prev, "удачн") || prev == "good" {
		return "", 0, 0
	}
	switch t {
	case "утром", "утро", "утречком", "утра", "morning":
		return "morning", i, 1
	case "днем", "afternoon":
		return "day", i, 1
	case "обед", "обеда", "обедом":
		if !p.free(i-1, 1) {
			break
		}
		switch prev {
		case "в", "после", "к":
			return "day", i - 1, 2
		case "до", "перед":
			return "morning", i - 1, 2
		}
	case "вечером", "вечер", "вечерком", "вечера", "вечеру", "evening", "tonight":
		return "evening", i, 1
	case "ночью", "ночь", "night":
		return "night", i, 1
	case "первой", "второй":
		if p.tok(i+1) == "половине" && p.tok(i+2) == "дня" && p.free(i, 3) {
			if t == "первой" {
				return "morning", i, 3
			}
			return "day", i, 3
		}
	}
	return "", 0, 0
}
