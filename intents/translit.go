package intents

import "strings"

// Clients without a Russian keyboard write Russian in Latin letters: «zapisatsya na manikur»,
// «zavtra v 15», «skolko stoit». A message whose Latin words read better as transliterated
// Russian than as English is turned into Cyrillic before the rules see it; English («hello, how
// much is a manicure») stays English.

// translitDigraphs are read before single letters, longest first.
var translitDigraphs = []struct{ lat, cyr string }{
	{"shch", "щ"}, {"tsya", "ться"}, {"sch", "щ"}, {"zh", "ж"}, {"kh", "х"}, {"ch", "ч"},
	{"sh", "ш"}, {"ts", "ц"}, {"tz", "ц"}, {"yo", "е"}, {"yu", "ю"}, {"ya", "я"}, {"ye", "е"},
	{"jo", "е"}, {"ju", "ю"}, {"ja", "я"}, {"je", "е"},
}

var translitLetters = map[byte]string{
	'a': "а", 'b': "б", 'd': "д", 'e': "е", 'f': "ф", 'g': "г", 'h': "х", 'i': "и", 'j': "й",
	'k': "к", 'l': "л", 'm': "м", 'n': "н", 'o': "о", 'p': "п", 'q': "к", 'r': "р", 's': "с",
	't': "т", 'u': "у", 'v': "в", 'w': "в", 'x': "кс", 'z': "з",
}

// translitWords are words whose spelling the letter rules get wrong.
var translitWords = map[string]string{
	"est": "есть", "eto": "это", "etot": "этот", "eta": "эта", "etu": "эту", "eti": "эти",
	"etom": "этом", "mne": "мне", "vsem": "всем", "vsego": "всего",
}

// translitWord spells a lower-case ASCII word in Cyrillic: «zapisatsya» → «записаться»,
// «pozhaluysta» → «пожалуйста», «vy» → «вы».
func translitWord(w string) string {
	if c, ok := translitWords[w]; ok {
		return c
	}
	var b strings.Builder
	b.Grow(2 * len(w))
	prevVowel := false
outer:
	for i := 0; i < len(w); {
		for _, d := range translitDigraphs {
			if strings.HasPrefix(w[i:], d.lat) {
				if d.lat == "tsya" && i+4 != len(w) {
					continue // «-tsya» is «-ться» only at the end of a word
				}
				b.WriteString(d.cyr)
				i += len(d.lat)
				prevVowel = d.lat[len(d.lat)-1] != 'h' && d.lat[0] != 't' && d.lat != "sch"
				continue outer
			}
		}
		c := w[i]
		switch c {
		case 'y':
			// After a vowel й («pozhaluysta»), else ы («vy», «novyy»).
			if prevVowel {
				b.WriteString("й")
				prevVowel = false
			} else {
				b.WriteString("ы")
				prevVowel = true
			}
		case 'c':
			if i+1 < len(w) && (w[i+1] == 'e' || w[i+1] == 'i' || w[i+1] == 'y') {
				b.WriteString("ц")
			} else {
				b.WriteString("к")
			}
			prevVowel = false
		default:
			s, ok := translitLetters[c]
			if !ok {
				b.WriteByte(c)
			} else {
				b.WriteString(s)
			}
			prevVowel = strings.IndexByte("aeiou", c) >= 0
		}
		i++
	}
	return b.String()
}

// englishWords are common English words and the words of this domain in English: a Latin
// message made of them is English, not transliterated Russian.
var englishWords = setOf(`a about after afternoon all am an and any anything appointment are
	as at available bad be beard book booked booking brow brows but by bye can cancel cannot change
	color colour come cost costs could cut day days dear do does done dye evening extension
	extensions eyebrow eyebrows eyelash eyelashes fine for free friday from get give go good goodbye
	great hair haircut have hello help hey hi hour hours how i if in is it its just lash lashes
	later like location looking make manicure massage me monday more morning move much my name
	need next nails no not now of off ok okay on one open or our person please price prices pricing
	real reschedule saturday see service services slot slots so some someone sorry sunday talk
	tell thank thanks that the there this thursday time to today tomorrow too tuesday up us want
	wax waxing we wednesday week what when where which who will with would yes you your admin
	human manager operator located address hours opening closing parking directions ll d m s t re
	ve cant dont won wont im id pedicure nail polish gel haircolor highlights`)

func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// maxTranslitWords bounds the words looked at to decide on transliteration.
const maxTranslitWords = 64

// transliterated decides whether a normalised message is transliterated Russian: it has more
// Latin words than Cyrillic ones, and more of its Latin words read as known Russian words once
// spelled in Cyrillic than read as English words. It looks at the first maxTranslitWords.
func transliterated(words []string) bool {
	ru, en, latin, cyr := 0, 0, 0, 0
	for i, w := range words {
		if i == maxTranslitWords {
			break
		}
		switch {
		case isASCIIWord(w):
			latin++
			if englishWords[w] {
				en++
			}
			if defaultLex.knownRussian(translitWord(w)) {
				ru++
			}
		case hasCyrillic(w):
			cyr++
		}
	}
	return latin > cyr && ru > en
}

func isASCIIWord(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

func hasCyrillic(w string) bool {
	for _, r := range w {
		if isCyrillic(r) {
			return true
		}
	}
	return false
}

func isCyrillic(r rune) bool { return r >= 0x400 && r <= 0x4ff }
