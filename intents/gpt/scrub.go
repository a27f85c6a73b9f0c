package gpt

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// How much of a message, and of the bot's question, is sent: a client's message is a paragraph,
// and anything longer is cut so that a pasted novel costs no more than a paragraph.
const (
	maxTextRunes     = 1000
	maxQuestionRunes = 300
)

// The placeholders that replace what must not leave the process.
const (
	phoneMark   = "[телефон]"
	numberMark  = "[номер]" // a run of digits too long for a phone: a card or account number
	emailMark   = "[почта]"
	contactMark = "[контакт]" // an @username
	nameMark    = "[имя]"
)

// minPhoneDigits is the fewest digits read as a phone number: a city number without its code
// ("223-44-55") has seven.
const minPhoneDigits = 7

var (
	emailRe  = regexp.MustCompile(`[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+`)
	handleRe = regexp.MustCompile(`@[A-Za-z0-9_]{3,}`)
)

// prepare makes text fit to be sent: valid UTF-8 without control characters, e-mails, @usernames,
// phone (and other long) numbers and the words of name replaced by placeholders, and at most
// limit runes, trimmed.
func prepare(text string, limit int, name string) string {
	text = strings.ToValidUTF8(text, " ")
	text = cut(text, 4*limit) // bounds the work below; the final cut is far before this one
	text = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return ' '
		}
		return r
	}, text)
	text = emailRe.ReplaceAllLiteralString(text, emailMark)
	text = handleRe.ReplaceAllLiteralString(text, contactMark)
	text = scrubNumbers(text)
	text = scrubName(text, name)
	return strings.TrimSpace(cut(text, limit))
}

// cut returns the first limit runes of s, ending at a space when one is near the end.
func cut(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	n := 0
	for i := range s {
		if n == limit {
			s = s[:i]
			break
		}
		n++
	}
	if sp := strings.LastIndexFunc(s, unicode.IsSpace); sp > 0 && utf8.RuneCountInString(s[sp:]) < limit/10 {
		s = s[:sp]
	}
	return s
}

// scrubNumbers replaces phone numbers, and any longer runs of digits, with placeholders. A
// number is a run of digit groups joined by the separators people type inside phone numbers
// (spaces, dashes, brackets), perhaps after a '+', with at least minPhoneDigits digits: "+7 (913)
// 123-45-67", "89131234567", "223-44-55". Dates and times ("25.12.2026", "15:00") are kept and
// break a run, unless a dotted group is too long to be a date ("913.123.45.67").
func scrubNumbers(s string) string {
	rs := []rune(s)
	var b strings.Builder
	copied := 0
	for p := 0; p < len(rs); {
		if !unicode.IsDigit(rs[p]) {
			p++
			continue
		}
		end, digits := numberRun(rs, p)
		if digits >= minPhoneDigits {
			start := p
			if start > 0 && rs[start-1] == '+' {
				start--
			}
			b.WriteString(string(rs[copied:start]))
			if digits > 15 {
				b.WriteString(numberMark)
			} else {
				b.WriteString(phoneMark)
			}
			copied = end
		}
		p = end
	}
	b.WriteString(string(rs[copied:]))
	return b.String()
}

// numberRun reads the run of digit groups starting at rs[p], a digit. It returns where the run
// ends and how many digits it has if it may be a number, or 0 digits if it is a date or time.
func numberRun(rs []rune, p int) (end, digits int) {
	for first := true; ; first = false {
		tokEnd, n, plain := numericToken(rs, p)
		if !plain {
			if first {
				if n >= 9 { // longer than any date: a dotted phone number
					return tokEnd, n
				}
				return tokEnd, 0
			}
			return end, digits // the date or time after the number is not part of it
		}
		digits += n
		end = tokEnd
		q := tokEnd
		for q < len(rs) && q-tokEnd < 3 && isPhoneSep(rs[q]) {
			q++
		}
		if q == tokEnd || q >= len(rs) || !unicode.IsDigit(rs[q]) {
			return end, digits
		}
		p = q
	}
}

// numericToken reads digits from rs[p], with single '.', ':' or '/' between digits as in dates
// and times. plain reports a token of digits only; n is its number of digits.
func numericToken(rs []rune, p int) (end, n int, plain bool) {
	plain = true
	for p < len(rs) {
		switch r := rs[p]; {
		case unicode.IsDigit(r):
			n++
		case (r == '.' || r == ':' || r == '/') && p+1 < len(rs) && unicode.IsDigit(rs[p+1]) && p > 0 && unicode.IsDigit(rs[p-1]):
			plain = false
		default:
			return p, n, plain
		}
		p++
	}
	return p, n, plain
}

func isPhoneSep(r rune) bool {
	switch r {
	case ' ', '-', '(', ')', '\u00a0', '\t', '–', '—', '\u2009', '\u202f':
		return true
	}
	return false
}

// scrubName replaces the words of name (as the rules found it: "Ольга", "Иван Петров") wherever
// they stand as whole words, in any case.
func scrubName(s, name string) string {
	var parts []string
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if utf8.RuneCountInString(w) >= 2 {
			parts = append(parts, w)
		}
	}
	if len(parts) == 0 {
		return s
	}
	var b strings.Builder
	word := -1 // the start of the current word, or -1
	flush := func(end int) {
		if word < 0 {
			return
		}
		w := s[word:end]
		mark := false
		for _, p := range parts {
			if strings.EqualFold(w, p) {
				mark = true
			}
		}
		if mark {
			b.WriteString(nameMark)
		} else {
			b.WriteString(w)
		}
		word = -1
	}
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
			if word < 0 {
				word = i
			}
			continue
		}
		flush(i)
		b.WriteRune(r)
	}
	flush(len(s))
	return b.String()
}
