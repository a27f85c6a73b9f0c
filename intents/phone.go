package intents

import (
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// ExtractPhone finds the first valid phone number in text and returns it in E.164 form
// ("+79131234567"). Russian numbers are read the way clients write them: "8 913 123-45-67",
// "8(913)123 45 67", "+7 913-123-45-67", "+7 (913) 1234567", "89131234567", "9131234567" (ten
// digits), and "+8 913…" for "+7 913…"; other countries need their '+' and code ("+44 20 7183
// 8750") or a leading 00. Dates, times and prices next to the number are ignored. It reads at
// most the first 4·maxRunes bytes of text.
func ExtractPhone(text string) (string, bool) {
	if len(text) > 4*maxRunes {
		text = text[:4*maxRunes]
	}
	for _, run := range digitRuns(text) {
		// Try the longest stretch of consecutive digit groups first, leftmost first, so that
		// "25.12 в 15:00, 8 913 123 45 67" still finds the phone.
		for size := min(len(run), 15); size >= 1; size-- {
			for start := 0; start+size <= len(run); start++ {
				if e164, ok := phoneOf(run[start : start+size]); ok {
					return e164, true
				}
			}
		}
	}
	return "", false
}

// A message's digits are read up to maxDigitRuns runs of at most maxDigitGroups groups each:
// a phone number is at most a handful of groups.
const (
	maxDigitRuns   = 20
	maxDigitGroups = 40
)

// digitGroup is one run of digits, with whether a '+' came right before it.
type digitGroup struct {
	digits string
	plus   bool
}

// digitRuns splits text into runs of digit groups joined by the separators people put inside
// phone numbers (spaces, dashes, brackets, dots).
func digitRuns(text string) [][]digitGroup {
	var runs [][]digitGroup
	var run []digitGroup
	var cur strings.Builder
	plus := false
	flush := func() {
		if cur.Len() > 0 {
			run = append(run, digitGroup{cur.String(), plus})
			cur.Reset()
		}
		plus = false
	}
	for _, r := range text {
		switch {
		case r >= '0' && r <= '9':
			cur.WriteRune(r)
		case r == '+':
			flush()
			plus = true
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '.' || r == '\u00a0' || r == '\t' ||
			r == '–' || r == '—' || r == '\u2009' || r == '\u202f':
			if cur.Len() > 0 {
				flush()
			} else {
				plus = false // "маникюр + 8 913…": that plus is not the number's
			}
		default:
			flush()
			if len(run) > 0 {
				runs = append(runs, run)
				run = nil
			}
		}
		if len(runs) > maxDigitRuns || len(run) > maxDigitGroups {
			break
		}
	}
	flush()
	if len(run) > 0 {
		runs = append(runs, run)
	}
	return runs
}

// phoneOf reads consecutive digit groups as one phone number.
func phoneOf(groups []digitGroup) (string, bool) {
	var b strings.Builder
	for _, g := range groups {
		b.WriteString(g.digits)
	}
	d := b.String()
	if len(d) < 7 || len(d) > 15 {
		return "", false
	}
	var candidate string
	switch {
	case groups[0].plus && len(d) == 11 && d[0] == '8':
		candidate = "+7" + d[1:] // «+8 913…»: the trunk 8 written as a country code
	case groups[0].plus:
		candidate = "+" + d
	case strings.HasPrefix(d, "00"):
		candidate = "+" + d[2:]
	case len(d) == 11 && (d[0] == '8' || d[0] == '7'):
		candidate = "+7" + d[1:]
	case len(d) == 10 && d[0] == '9':
		candidate = "+7" + d
	default:
		return "", false
	}
	num, err := phonenumbers.Parse(candidate, "ZZ")
	if err != nil || !phonenumbers.IsValidNumber(num) {
		return "", false
	}
	return phonenumbers.Format(num, phonenumbers.E164), true
}
