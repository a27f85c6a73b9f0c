package intents

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxRunes bounds a normalised message: a client's message is short, and anything longer is
// cut so that a pasted novel costs no more than a paragraph. Normalize reads its input only as
// far as it needs to fill this.
const maxRunes = 2000

// Normalize prepares a message for matching:
//
//   - lower case, ё as е, decomposed й and ё composed, invalid UTF-8 and invisible format
//     characters dropped;
//   - punctuation, symbols and emoji as spaces, except a ':' or '.' between two digits (15:00,
//     25.12.2026) and a '+' right before a digit (+7 913…); runs of spaces collapsed;
//   - emoji that carry meaning as the words the rules read: 👍 👌 ✅ ✔ ☑ 🆗 🤝 and a lone '+'
//     opening the message as «да», 👎 ❌ ✖ ❎ 🚫 as «нет», 💅 as «маникюр», ✂ 💇 💈 as
//     «стрижка», 💆 as «массаж», 🙏 as «спасибо» when the message is nothing else and
//     «пожалуйста» when it asks for something;
//   - Latin look-alike letters inside a Cyrillic word made Cyrillic («зaпись» with a Latin a),
//     and Cyrillic look-alikes inside a Latin word made Latin;
//   - a message written in transliterated Russian («zapisatsya na zavtra») spelled in Cyrillic;
//     English stays English.
//
// The result is at most maxRunes runes, valid UTF-8, and Normalize(Normalize(s)) ==
// Normalize(s). It costs time linear in maxRunes, whatever the length of s.
func Normalize(s string) string {
	out, orig := normalizeRunes(s)
	out = cutRunes(out)
	fixLookalikes(out, orig)
	if !hasASCIILetter(out) {
		return string(out)
	}
	words := strings.Fields(string(out))
	if !transliterated(words) {
		return string(out)
	}
	for i, w := range words {
		if isASCIIWord(w) {
			words[i] = translitWord(w)
		}
	}
	return string(cutRunes([]rune(strings.Join(words, " "))))
}

// emojiWords are the emoji (and symbols) that carry a meaning the rules read. 🙏 is special.
var emojiWords = map[rune]string{
	'👍': "да", '👌': "да", '✅': "да", '✔': "да", '☑': "да", '🆗': "да", '🤝': "да",
	'👎': "нет", '❌': "нет", '✖': "нет", '❎': "нет", '🚫': "нет",
	'💅': "маникюр", '✂': "стрижка", '💇': "стрижка", '💈': "стрижка", '💆': "массаж",
}

// normalizeRunes is Normalize's first pass. orig holds, for each rune of out, the rune it came
// from (before lower-casing), for the look-alike pass.
func normalizeRunes(s string) (out, orig []rune) {
	out = make([]rune, 0, min(len(s), maxRunes+16))
	orig = make([]rune, 0, cap(out))
	last := func() rune {
		if len(out) == 0 {
			return ' '
		}
		return out[len(out)-1]
	}
	space := func() {
		if len(out) > 0 && out[len(out)-1] != ' ' {
			out = append(out, ' ')
			orig = append(orig, ' ')
		}
	}
	word := func(w string) {
		space()
		for _, r := range w {
			out = append(out, r)
			orig = append(orig, r)
		}
		out = append(out, ' ')
		orig = append(orig, ' ')
	}
	asking := -1 // whether the message has letters or digits besides its emoji, once needed
	plusChecked := false
	for i := 0; i < len(s) && len(out) <= maxRunes; {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			i++
			space()
			continue
		}
		i += size
		next, _ := utf8.DecodeRuneInString(s[i:])
		switch {
		case r >= 'а' && r <= 'я' || r >= 'a' && r <= 'z':
			out = append(out, r)
			orig = append(orig, r)
		case isLetter(r):
			lr := unicode.ToLower(r)
			if lr == 'ё' {
				lr = 'е'
			}
			out = append(out, lr)
			orig = append(orig, r)
		case unicode.IsDigit(r):
			out = append(out, r)
			orig = append(orig, r)
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r):
			// A combining mark: compose й (и + breve), drop the rest (ё's diaeresis, accents,
			// emoji variation selectors).
			if r == '\u0306' && last() == 'и' {
				out[len(out)-1], orig[len(orig)-1] = 'й', 'й'
			}
		case unicode.Is(unicode.Cf, r):
			// Soft hyphens, zero-width joiners and marks: invisible, so not a word break.
		case (r == ':' || r == '.') && isASCIIDigit(last()) && isASCIIDigit(next):
			out = append(out, r)
			orig = append(orig, r)
		case r == '+' && isASCIIDigit(next) && last() == ' ':
			out = append(out, r)
			orig = append(orig, r)
		case r == '+' && len(out) == 0 && !plusChecked:
			// A lone plus opening the message is the chat way of saying yes; one before a
			// number («+ 7 913…») is not. Checked once: scanning a long run of pluses for
			// each of them would cost quadratic time.
			plusChecked = true
			if !digitFollows(s[i:]) {
				word("да")
				for i < len(s) && s[i] == '+' {
					i++
				}
			}
		case r == '🙏':
			if asking < 0 {
				asking = 0
				if hasLetterOrDigit(s) {
					asking = 1
				}
			}
			if asking == 1 {
				word("пожалуйста")
			} else {
				word("спасибо")
			}
		default:
			if w, ok := emojiWords[r]; ok {
				word(w)
			} else {
				space()
			}
		}
	}
	return out, orig
}

// digitFollows reports whether the next rune of s that is not a space or '+' is a digit.
func digitFollows(s string) bool {
	for _, r := range s {
		switch {
		case r == ' ' || r == '+':
		default:
			return isASCIIDigit(r)
		}
	}
	return false
}

// hasLetterOrDigit reports whether s has a letter or digit among its first maxRunes runes.
func hasLetterOrDigit(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
		if n++; n > maxRunes {
			break
		}
	}
	return false
}

// cutRunes cuts a first-pass result to maxRunes runes, at a space when there is one, and trims
// spaces and any ':', '.' or '+' left without the digit that kept them.
func cutRunes(out []rune) []rune {
	if len(out) > maxRunes {
		cut := maxRunes
		for k := maxRunes; k > 0; k-- {
			if out[k] == ' ' {
				cut = k
				break
			}
		}
		out = out[:cut]
	}
	for len(out) > 0 {
		switch out[len(out)-1] {
		case ' ', ':', '.', '+':
			out = out[:len(out)-1]
			continue
		}
		break
	}
	for len(out) > 0 && out[0] == ' ' {
		out = out[1:]
	}
	return out
}

// Look-alike letters: the Latin letters a Cyrillic word may hide (typed on the wrong layout or
// pasted), and the way back. Upper-case ones are looked up by their original case: a Latin H
// is a Н, a Latin h is not a н.
var (
	latinToCyr = map[rune]rune{
		'a': 'а', 'c': 'с', 'e': 'е', 'o': 'о', 'p': 'р', 'x': 'х', 'y': 'у', 'k': 'к', 'm': 'м',
		'ë': 'е', 'A': 'а', 'B': 'в', 'C': 'с', 'E': 'е', 'H': 'н', 'K': 'к', 'M': 'м', 'O': 'о',
		'P': 'р', 'T': 'т', 'X': 'х', 'Y': 'у',
	}
	cyrToLatin = map[rune]rune{
		'а': 'a', 'с': 'c', 'е': 'e', 'о': 'o', 'р': 'p', 'х': 'x', 'у': 'y', 'к': 'k', 'м': 'm',
	}
)

// fixLookalikes makes each word of mixed script one script where it can: Cyrillic when all its
// Latin letters have a Cyrillic look-alike («ЗAВTPA» typed half on the wrong layout), else Latin
// when all its Cyrillic letters have a Latin one («hеllo» with a Cyrillic е), else the script of
// most of its letters (Cyrillic on a tie), changing the letters that look alike.
func fixLookalikes(out, orig []rune) {
	for start := 0; start < len(out); {
		if !isLetter(out[start]) {
			start++
			continue
		}
		end := start
		cyr, lat := 0, 0
		latMappable, cyrMappable := true, true
		for end < len(out) && isLetter(out[end]) {
			switch r := out[end]; {
			case isCyrillic(r):
				cyr++
				_, ok := cyrToLatin[r]
				cyrMappable = cyrMappable && ok
			case r < 0x250:
				lat++
				_, ok := latinToCyr[orig[end]]
				_, ok2 := latinToCyr[r]
				latMappable = latMappable && (ok || ok2)
			}
			end++
		}
		if cyr > 0 && lat > 0 {
			toCyr := latMappable || (!cyrMappable && cyr >= lat)
			for k := start; k < end; k++ {
				if toCyr {
					if c, ok := latinToCyr[orig[k]]; ok {
						out[k] = c
					} else if c, ok := latinToCyr[out[k]]; ok {
						out[k] = c
					}
				} else if l, ok := cyrToLatin[out[k]]; ok {
					out[k] = l
				}
			}
		}
		start = end
	}
}

// isLetter is unicode.IsLetter, quick for Russian and English.
func isLetter(r rune) bool {
	switch {
	case r >= 'а' && r <= 'я', r >= 'А' && r <= 'Я', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		return true
	case r < 0x80 || r == ' ':
		return false
	}
	return unicode.IsLetter(r)
}

func hasASCIILetter(rs []rune) bool {
	for _, r := range rs {
		if r >= 'a' && r <= 'z' {
			return true
		}
	}
	return false
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
		prev := false
		for i, r := range f {
			d := digitLike(r)
			if i > 0 && d != prev {
				toks = append(toks, f[start:i])
				start = i
			}
			prev = d
		}
		toks = append(toks, f[start:])
		if len(toks) >= maxTokens {
			return toks[:maxTokens]
		}
	}
	return toks
}

// digitLike reports whether r belongs to the numeric part of a token: digits, and the ':', '.'
// and '+' that Normalize keeps only next to digits.
func digitLike(r rune) bool {
	return r >= '0' && r <= '9' || r == ':' || r == '.' || r == '+' || r > 0x7f && unicode.IsDigit(r)
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
