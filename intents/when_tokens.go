package intents

import (
	"strings"
	"unicode/utf8"
)

// whenTokens splits text into the tokens tokenize makes, and reports for each the dash ('-') or
// slash ('/') written right before it, or 0 (seps[i]). Normalize turns those into spaces, but
// they join the ends of ranges («11:30-13:30», «8 авг - 12 авг», «18:30ч/19:00ч») and the parts
// of a date («29/11»). It reads the first maxRunes runes and keeps at most maxTokens tokens, so
// its cost is linear in the input and bounded. Misspelt date words are replaced by their
// spelling (fixWhenTypo).
func whenTokens(text string) (toks []string, seps []byte) {
	text = whenFirstRunes(text, maxRunes)
	var pending byte // a dash or slash seen, with no token after it yet
	add := func(seg string) {
		for _, t := range tokenize(seg) {
			if len(toks) >= maxTokens {
				return
			}
			toks = append(toks, fixWhenTypo(t))
			seps = append(seps, pending)
			pending = 0
		}
	}
	start := 0
	for i, r := range text {
		if !isWhenDash(r) {
			continue
		}
		add(text[start:i])
		pending = '-'
		if r == '/' {
			pending = '/'
		}
		start = i + utf8.RuneLen(r)
		if len(toks) >= maxTokens {
			return toks, seps
		}
	}
	add(text[start:])
	return toks, seps
}

// isWhenDash reports whether r joins the ends of a range: hyphens, dashes, minus, a slash.
func isWhenDash(r rune) bool {
	switch r {
	case '-', '/', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
		return true
	}
	return false
}

// whenFirstRunes returns the first n runes of s.
func whenFirstRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	k := 0
	for i := range s {
		if k == n {
			return s[:i]
		}
		k++
	}
	return s
}

// whenVocab holds the date words whose misspellings fixWhenTypo repairs: one edit (a letter
// missed, added, replaced, or two swapped) from one of these, in a word of four letters or more
// that starts with the same letter, is read as it. Short month forms («марта», «мая», «июня»)
// are left out: one edit from them makes other words («марка»).
var whenVocab = []string{
	"сегодня", "завтра", "послезавтра",
	"понедельник", "понедельника", "понедельнику", "вторник", "вторника", "вторнику",
	"среда", "среду", "среды", "среде", "четверг", "четверга", "четвергу",
	"пятница", "пятницу", "пятницы", "пятнице", "суббота", "субботу", "субботы", "субботе",
	"воскресенье", "воскресенья", "воскресенью",
	"январь", "января", "январе", "февраль", "февраля", "феврале", "апрель", "апреля", "апреле",
	"август", "августа", "августе", "сентябрь", "сентября", "сентябре", "октябрь", "октября",
	"октябре", "ноябрь", "ноября", "ноябре", "декабрь", "декабря", "декабре",
	"следующий", "следующая", "следующую", "следующей", "следующем", "следующие", "следующего",
	"выходные", "выходных", "утром", "вечером", "половине",
}

// whenNotTypos are real words one edit from a date word.
var whenNotTypos = map[string]bool{
	"завтрак": true, "среди": true, "средь": true, "среза": true, "сред": true, "четверо": true,
	"утрам": true, "вечерам": true,
}

// whenStems begin the words the date rules know in every form; a word starting with one is
// not a misspelling of another form («субботам» is not «субботу»).
var whenStems = []string{
	"понедельн", "вторник", "сред", "четверг", "пятниц", "суббот", "воскресен", "январ", "феврал",
	"апрел", "август", "сентябр", "октябр", "ноябр", "декабр", "завтр", "сегодн", "послезавтр",
	"следующ", "выходн", "утр", "вечер", "половин",
}

var (
	whenVocabSet    = map[string]bool{}
	whenTypoBuckets = map[rune][]string{} // whenVocab by first letter
)

func init() {
	for _, w := range whenVocab {
		whenVocabSet[w] = true
		r, _ := utf8.DecodeRuneInString(w)
		whenTypoBuckets[r] = append(whenTypoBuckets[r], w)
	}
}

// fixWhenTypo returns the date word t is a misspelling of («завтро» → «завтра», «суботу» →
// «субботу», «срду» → «среду», «понидельник» → «понедельник»), or t.
func fixWhenTypo(t string) string {
	if len(t) < 8 || whenVocabSet[t] || whenNotTypos[t] { // 8 bytes: four Cyrillic letters
		return t
	}
	r, _ := utf8.DecodeRuneInString(t)
	if r < 'а' || r > 'я' {
		return t
	}
	for _, s := range whenStems {
		if strings.HasPrefix(t, s) {
			return t // a form the rules read as it is, or a plural («по субботам»)
		}
	}
	n := utf8.RuneCountInString(t)
	for _, w := range whenTypoBuckets[r] {
		if d := utf8.RuneCountInString(w) - n; d < -1 || d > 1 {
			continue
		}
		if whenWithin1(t, w) {
			return w
		}
	}
	return t
}

// whenWithin1 reports whether a and b are at most one edit apart: a rune inserted, deleted or
// replaced, or two neighbours swapped. Words longer than 24 runes never match.
func whenWithin1(a, b string) bool {
	var ba, bb [24]rune
	x, ok1 := whenRunes(a, ba[:])
	y, ok2 := whenRunes(b, bb[:])
	if !ok1 || !ok2 {
		return false
	}
	if len(x) < len(y) {
		x, y = y, x
	}
	i := 0
	for i < len(y) && x[i] == y[i] {
		i++
	}
	switch len(x) - len(y) {
	case 0:
		if i == len(x) {
			return true
		}
		if whenEqualRunes(x[i+1:], y[i+1:]) {
			return true // replaced
		}
		return i+1 < len(x) && x[i] == y[i+1] && x[i+1] == y[i] && whenEqualRunes(x[i+2:], y[i+2:])
	case 1:
		return whenEqualRunes(x[i+1:], y[i:]) // one inserted
	}
	return false
}

func whenRunes(s string, buf []rune) ([]rune, bool) {
	n := 0
	for _, r := range s {
		if n == len(buf) {
			return nil, false
		}
		buf[n] = r
		n++
	}
	return buf[:n], true
}

func whenEqualRunes(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
