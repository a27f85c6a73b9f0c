package intents

import "strings"

// A compact Russian stemmer after the Snowball algorithm (snowballstem.org/algorithms/russian):
// it removes inflectional endings so that «запишите», «записать» and «записаться» meet, and
// «цена», «цену», «цены» are one word. It expects lower case with е for ё, as Normalize leaves
// words, and returns words with no Cyrillic vowel unchanged.

// Ending classes; cutEnding picks the longest that matches.
var (
	stemGerund1      = endings("вшись вши в") // after а or я
	stemGerund2      = endings("ившись ывшись ивши ывши ив ыв")
	stemAdjective    = endings("ими ыми его ого ему ому ее ие ые ое ей ий ый ой ем им ым ом их ых ую юю ая яя ою ею")
	stemParticiple1  = endings("ем нн вш ющ щ") // after а or я
	stemParticiple2  = endings("ивш ывш ующ")
	stemReflexive    = endings("ся сь")
	stemVerb1        = endings("ете йте ешь нно ла на ли ем ло но ет ют ны ть й л н") // after а or я
	stemVerb2        = endings("ейте уйте ила ыла ена ите или ыли ило ыло ено ует уют ены ить ыть ишь ей уй ил ыл им ым ен ят ит ыт ую ю")
	stemNoun         = endings("иями ями ами ией иям ием иях ев ов ие ье еи ии ей ой ий ям ем ам ом ах ях ию ью ия ья а е и й о у ы ь ю я")
	stemDerivational = endings("ость ост")
	stemSuperlative  = endings("ейше ейш")
	stemNN           = endings("нн")
	stemSoft         = endings("ь")
)

func endings(s string) [][]rune {
	var out [][]rune
	for _, f := range strings.Fields(s) {
		out = append(out, []rune(f))
	}
	return out
}

func isRuVowel(r rune) bool {
	switch r {
	case 'а', 'е', 'и', 'о', 'у', 'ы', 'э', 'ю', 'я':
		return true
	}
	return false
}

// stem returns the stem of a lower-case Russian word.
func stem(word string) string {
	var buf [64]rune
	w := buf[:0]
	for _, r := range word {
		w = append(w, r)
	}
	// RV is the region after the first vowel; R2 is the region after the second
	// vowel-consonant pair (Snowball's R1 and R2).
	rv := -1
	for i, r := range w {
		if isRuVowel(r) {
			rv = i + 1
			break
		}
	}
	if rv < 0 {
		return word
	}
	r1, r2 := len(w), len(w)
	for i := 1; i < len(w); i++ {
		if !isRuVowel(w[i]) && isRuVowel(w[i-1]) {
			r1 = i + 1
			break
		}
	}
	for i := r1 + 1; i < len(w); i++ {
		if !isRuVowel(w[i]) && isRuVowel(w[i-1]) {
			r2 = i + 1
			break
		}
	}

	// Step 1.
	if n, ok := cutEnding(w, rv, stemGerund1, true); ok {
		w = w[:n]
	} else if n, ok := cutEnding(w, rv, stemGerund2, false); ok {
		w = w[:n]
	} else {
		if n, ok := cutEnding(w, rv, stemReflexive, false); ok {
			w = w[:n]
		}
		if n, ok := cutEnding(w, rv, stemAdjective, false); ok {
			w = w[:n]
			if n, ok := cutEnding(w, rv, stemParticiple1, true); ok {
				w = w[:n]
			} else if n, ok := cutEnding(w, rv, stemParticiple2, false); ok {
				w = w[:n]
			}
		} else if n, ok := cutEnding(w, rv, stemVerb1, true); ok {
			w = w[:n]
		} else if n, ok := cutEnding(w, rv, stemVerb2, false); ok {
			w = w[:n]
		} else if n, ok := cutEnding(w, rv, stemNoun, false); ok {
			w = w[:n]
		}
	}
	// Step 2.
	if len(w) > rv && w[len(w)-1] == 'и' {
		w = w[:len(w)-1]
	}
	// Step 3.
	if n, ok := cutEnding(w, r2, stemDerivational, false); ok {
		w = w[:n]
	}
	// Step 4.
	switch {
	case hasEnding(w, rv, stemNN[0]):
		w = w[:len(w)-1]
	case hasEnding(w, rv, stemSoft[0]):
		w = w[:len(w)-1]
	default:
		if n, ok := cutEnding(w, rv, stemSuperlative, false); ok {
			w = w[:n]
			if hasEnding(w, rv, stemNN[0]) {
				w = w[:len(w)-1]
			}
		}
	}
	return string(w)
}

// cutEnding finds the longest ending of list that lies within w[region:] (and, when afterAYa,
// follows an а or я also in the region) and returns the length of w without it.
func cutEnding(w []rune, region int, list [][]rune, afterAYa bool) (int, bool) {
	best := -1
	for _, e := range list {
		if !hasEnding(w, region, e) {
			continue
		}
		n := len(w) - len(e)
		if afterAYa && (n-1 < region || (w[n-1] != 'а' && w[n-1] != 'я')) {
			continue
		}
		if best < 0 || n < best {
			best = n
		}
	}
	return best, best >= 0
}

// hasEnding reports whether w ends with e and e lies within w[region:].
func hasEnding(w []rune, region int, e []rune) bool {
	if len(e) > len(w)-region {
		return false
	}
	i := len(w) - len(e)
	for _, r := range e {
		if w[i] != r {
			return false
		}
		i++
	}
	return true
}

func runeLen(s string) int {
	n := 0
	for range s {
		n++
	}
	return n
}
