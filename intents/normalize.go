package intents

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxRunes bounds how much of one message the rules read: a client's message is short, and
// anything longer is cut so that a pasted novel costs no more than a paragraph.
const maxRunes = 2000

// Normalize prepares a message for matching: lower case, ё as е, punctuation, symbols and emoji
// as spaces, runs of spaces collapsed, invalid UTF-8 made valid. It keeps digits, a ':' or '.'
// between two digits (15:00, 25.12.2026, 15.30) and a '+' right before a digit (+7 913…).
// Decomposed й and ё (и or е followed by a combining mark) are composed first.
func Normalize(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	in := []rune(s)
	if len(in) > maxRunes {
		in = in[:maxRunes]
	}
	out := make([]rune, 0, len(in))
	space := func() {
		if len(out) > 0 && out[len(out)-1] != ' ' {
			out = append(out, ' ')
		}
	}
	last := func() rune {
		if len(out) == 0 {
			return ' '
		}
		return out[len(out)-1]
	}
	for i, r := range in {
		next := ' '
		if i+1 < len(in) {
			next = in[i+1]
		}
		switch {
		case unicode.IsLetter(r):
			r = unicode.ToLower(r)
			if r == 'ё' {
				r = 'е'
			}
			out = append(out, r)
		case unicode.IsDigit(r):
			out = append(out, r)
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r):
			// A combining mark: compose й (и + breve), drop the rest (ё's diaeresis, accents,
			// emoji variation selectors).
			if r == '\u0306' && last() == 'и' {
				out[len(out)-1] = 'й'
			}
		case unicode.Is(unicode.Cf, r):
			// Soft hyphens, zero-width joiners and marks: invisible, so not a word break.
		case (r == ':' || r == '.') && isASCIIDigit(last()) && isASCIIDigit(next):
			out = append(out, r)
		case r == '+' && isASCIIDigit(next) && last() == ' ':
			out = append(out, r)
		default:
			space()
		}
	}
	return strings.TrimSpace(string(out))
}

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }

// maxTokens bounds the tokens the matchers look at.
const maxTokens = 300

// tokenize splits a normalised message into words, also splitting where digits meet letters
// ("15ч" → "15", "ч"; "5:30вечера" → "5:30", "вечера"; "3pm" → "3", "pm").
func tokenize(s string) []string {
	fields := strings.Fields(Normalize(s))
	toks := make([]string, 0, len(fields))
	for _, f := range fields {
		start := 0
		rs := []rune(f)
		for i := 1; i < len(rs); i++ {
			if digitLike(rs[i-1]) != digitLike(rs[i]) {
				toks = append(toks, string(rs[start:i]))
				start = i
			}
		}
		toks = append(toks, string(rs[start:]))
		if len(toks) >= maxTokens {
			return toks[:maxTokens]
		}
	}
	return toks
}

// digitLike reports whether r belongs to the numeric part of a token: digits, and the ':', '.'
// and '+' that Normalize keeps only next to digits.
func digitLike(r rune) bool {
	return unicode.IsDigit(r) || r == ':' || r == '.' || r == '+'
}

// isNumber reports whether tok is all ASCII digits.
func isNumber(tok string) bool {
	if tok == "" {
		return false
	}
	for i := 0; i < len(tok); i++ {
		if tok[i] < '0' || tok[i] > '9' {
			return false
		}
	}
	return true
}

// atoi converts a short run of ASCII digits; ok is false for anything else or more than 9 digits.
func atoi(tok string) (int, bool) {
	if !isNumber(tok) || len(tok) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(tok); i++ {
		n = n*10 + int(tok[i]-'0')
	}
	return n, true
}
