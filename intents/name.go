package intents

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ExtractName reads a client's name from a reply to «как вас зовут?»: «Иван», «меня зовут Анна
// Петрова», «это Ольга», «Ivan», «Ольга, 89131234567». It returns the name with each word
// capitalised, and false for what is clearly not a name: digits, a question, a date, a refusal
// («не скажу»), a sentence, or words the rules know for something else («хочу записаться»).
func ExtractName(text string) (string, bool) {
	if strings.ContainsRune(text, '?') {
		return "", false
	}
	_, hasPhone := ExtractPhone(text)
	for _, c := range rawClauses(text) {
		if c.digits && !hasPhone {
			return "", false // «123», «25 лет»; but «Ольга 8913 123 45 67» is a name and a phone
		}
		words := c.lower()
		start, end := 0, len(words)
		for start < end && nameFillers[words[start]] {
			start++
		}
		if start == end {
			continue // «Здравствуйте,» or «Да,»: the name may follow
		}
		start += introLen(words[start:end])
		for end > start && (nameTrailers[words[end-1]] || nameFillers[words[end-1]]) {
			end--
		}
		if start == end {
			continue
		}
		if end-start > 3 {
			return "", false
		}
		for _, w := range words[start:end] {
			if !nameWord(w) {
				return "", false
			}
		}
		if len(words) > 1 && (len(words) <= 3 && start == 1 && words[0] == "я" && verbLike(words[1])) {
			return "", false // «я передумала»
		}
		phrase := strings.Join(words[start:end], " ")
		if _, ok := ParseWhen(phrase, time.Time{}); ok || ruleFires(phrase) {
			return "", false // «завтра», «до свидания»
		}
		return capitalise(c.words[start:end]), true
	}
	return "", false
}

// introducedName finds a name a client introduces inside a longer message: «меня зовут Анна, хочу
// записаться», «Я Ольга, телефон 8913…», «это Ольга, перенесите запись», «my name is Ivan»; and,
// when the message has a phone number (hasPhone), a name next to it (see nameByPhone). toks are
// the message's tokens, to skip the work when no word introduces a name. After «я» or «это» the
// name must be capitalised and end its clause, so «я беременна» is not one.
func introducedName(text string, toks []string, hasPhone bool) (string, bool) {
	intro := false
	for _, t := range toks {
		intro = intro || introWords[t]
	}
	if !intro && !hasPhone {
		return "", false
	}
	for _, c := range rawClauses(text) {
		words := c.lower()
		for i := range words {
			n := introLen(words[i:])
			if n == 0 || i+n >= len(words) {
				continue
			}
			rest, orig := words[i+n:], c.words[i+n:]
			if !nameWord(rest[0]) {
				continue
			}
			loose := words[i] == "я" || words[i] == "это" || words[i] == "i" || words[i] == "this"
			if loose {
				if !isUpper(orig[0]) || len(rest) > 2 || (len(rest) == 2 && !isUpper(orig[1])) {
					continue
				}
				if len(rest) == 2 && !nameWord(rest[1]) {
					continue
				}
				return capitalise(orig), true
			}
			k := 1
			if len(rest) > 1 && nameWord(rest[1]) && (isUpper(orig[1]) || surnameLike(rest[1])) {
				k = 2
			}
			return capitalise(orig[:k]), true
		}
	}
	if !hasPhone {
		return "", false
	}
	return nameByPhone(text)
}

// nameByPhone finds a name written right before or after the phone number of a longer message:
// «Ольга, 89131234567, на маникюр», «на завтра в 10, 8 913 123 45 67 Анна Петрова». The name must
// be capitalised or a common first name, and not a word the rules read («Завтра», «Спасибо»).
func nameByPhone(text string) (string, bool) {
	toks := rawTokens(text)
	for i, t := range toks {
		if !t.phone {
			continue
		}
		// Before the number, skipping «тел», «номер» and the like; else after it.
		k := i - 1
		for k >= 0 && phoneLabels[strings.ToLower(toks[k].word)] {
			k--
		}
		if name, ok := phoneNameAt(toks, k, -1); ok {
			return name, true
		}
		return phoneNameAt(toks, i+1, +1)
	}
	return "", false
}

// phoneLabels may stand between a name and its phone number.
var phoneLabels = setOf(`тел телефон телефона номер номера мой моя т тлф моб сотовый whatsapp ватсап вотсап phone tel`)

// phoneNameAt reads a name of one or two words from toks[k] on, going in direction dir (-1 or
// +1); punctuation ends it.
func phoneNameAt(toks []rawToken, k, dir int) (string, bool) {
	var words []string
	for len(words) < 2 && k >= 0 && k < len(toks) && toks[k].word != "" {
		w := toks[k].word
		lw := strings.ReplaceAll(strings.ToLower(w), "ё", "е")
		if !nameWord(lw) || !(isUpper(w) || firstNames[lw]) {
			break
		}
		if _, ok := ParseWhen(lw, time.Time{}); ok {
			break
		}
		words = append(words, w)
		if dir < 0 && toks[k].punctBefore || dir > 0 && k+1 < len(toks) && toks[k+1].punctBefore {
			break
		}
		k += dir
	}
	if len(words) == 0 {
		return "", false
	}
	if dir < 0 {
		slices.Reverse(words)
	}
	return capitalise(words), true
}

// firstNames are common Russian first names and their short forms: a name next to a phone
// number counts even when written in lower case.
var firstNames = func() map[string]bool {
	m := map[string]bool{}
	for full, short := range diminutives {
		m[full] = true
		for _, s := range short {
			m[s] = true
		}
	}
	return m
}()

// rawToken is a word (in its original case) or a number of a message; a run of digit groups
// that ExtractPhone reads as a phone number is one token with phone set.
type rawToken struct {
	word        string
	phone       bool
	punctBefore bool // punctuation other than spaces stands right before the token
}

// rawTokens splits the start of text (up to 4·maxRunes bytes) into words and numbers.
func rawTokens(text string) []rawToken {
	if len(text) > 4*maxRunes {
		text = text[:4*maxRunes]
	}
	text = strings.ToValidUTF8(text, " ")
	var out []rawToken
	var word, digits []rune
	punct := false
	flushWord := func() {
		if len(word) > 0 {
			out = append(out, rawToken{word: string(word), punctBefore: punct})
			word, punct = word[:0], false
		}
	}
	flushDigits := func() {
		if len(digits) > 0 {
			_, ok := ExtractPhone(string(digits))
			out = append(out, rawToken{phone: ok, punctBefore: punct})
			digits, punct = digits[:0], false
		}
	}
	for _, r := range text {
		switch {
		case unicode.IsLetter(r):
			flushDigits()
			word = append(word, r)
		case unicode.IsDigit(r) || r == '+' || (len(digits) > 0 && strings.ContainsRune(" -().\u00a0", r)):
			flushWord()
			digits = append(digits, r)
		case unicode.IsSpace(r):
			flushWord()
		default:
			flushWord()
			flushDigits()
			punct = true
		}
	}
	flushWord()
	flushDigits()
	return out
}

// introWords are the words of nameIntros that a message must have for introducedName to look
// further.
var introWords = func() map[string]bool {
	m := map[string]bool{}
	for _, intro := range nameIntros {
		m[intro[len(intro)-1]] = true
	}
	return m
}()

// introLen returns how many leading words of words introduce a name ("меня зовут", "я", "my
// name is"), or 0.
func introLen(words []string) int {
	for _, intro := range nameIntros {
		if len(words) >= len(intro) && equalWords(words[:len(intro)], intro) {
			return len(intro)
		}
	}
	return 0
}

var nameIntros = [][]string{
	{"меня", "зовут"}, {"мое", "имя"}, {"моё", "имя"}, {"зовут"}, {"имя"}, {"my", "name", "is"},
	{"name", "is"}, {"i", "am"}, {"this", "is"}, {"call", "me"}, {"it", "is"}, {"я"}, {"это"},
	{"можно", "просто"}, {"просто"},
}

func equalWords(a, b []string) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// nameFillers may stand before or after a name without being part of it.
var nameFillers = map[string]bool{
	"здравствуйте": true, "здравствуй": true, "привет": true, "приветствую": true, "добрый": true,
	"доброе": true, "доброго": true, "день": true, "утро": true, "вечер": true, "hello": true,
	"hi": true, "hey": true, "ну": true, "а": true, "ок": true, "хорошо": true, "конечно": true,
	"да": true, "пожалуйста": true, "good": true, "morning": true, "afternoon": true, "evening": true,
}

// nameTrailers may follow a name: «Анна меня зовут», «Ольга, спасибо».
var nameTrailers = map[string]bool{"зовут": true, "спасибо": true, "меня": true, "please": true, "thanks": true}

// notNames are words that answer «как вас зовут?» without being a name.
var notNames = map[string]bool{
	"да": true, "нет": true, "не": true, "ни": true, "ок": true, "хорошо": true, "зачем": true,
	"почему": true, "никак": true, "аноним": true, "анонимно": true, "секрет": true, "неважно": true,
	"потом": true, "позже": true, "сейчас": true, "скажу": true, "хочу": true, "можно": true,
	"нужно": true, "мне": true, "вам": true, "вас": true, "я": true, "мы": true, "он": true,
	"она": true, "они": true, "ты": true, "вы": true, "кто": true, "что": true, "как": true,
	"где": true, "когда": true, "это": true, "тот": true, "так": true, "все": true, "ничего": true,
	"нечего": true, "уже": true, "еще": true, "ещё": true, "просто": true, "клиент": true,
	"клиентка": true, "девушка": true, "мужчина": true, "женщина": true, "зовут": true, "имя": true,
	"меня": true, "мое": true, "моё": true, "же": true, "ли": true, "бы": true, "вот": true,
	"тут": true, "там": true, "здесь": true, "очень": true, "ваш": true, "ваша": true, "ага": true,
	"угу": true, "yes": true, "no": true, "why": true, "nothing": true, "anonymous": true,
	"name": true, "my": true, "is": true, "the": true, "and": true, "you": true, "me": true,
	"ok": true, "okay": true, "not": true, "none": true, "секретно": true, "неа": true,
	"мой": true, "моя": true, "мои": true, "номер": true, "телефон": true, "тел": true,
	"давай": true, "давайте": true, "стоп": true, "ладно": true, "передумал": true,
	"передумала": true, "извините": true, "простите": true, "секунду": true, "минутку": true,
	"вопрос": true, "супер": true, "класс": true, "отлично": true, "нормально": true,
	"понятно": true, "ясно": true, "спасибо": true, "здравствуйте": true, "привет": true,
	"потому": true, "нельзя": true, "без": true, "разницы": true, "какая": true, "разница": true,
}

// nameWord reports whether a lower-case word can be (part of) a name.
func nameWord(w string) bool {
	if utf8.RuneCountInString(w) < 2 || notNames[w] {
		return false
	}
	letters := 0
	for _, r := range w {
		switch {
		case unicode.IsLetter(r):
			letters++
		case r == '-' || r == '\'' || r == '’':
		default:
			return false
		}
	}
	if letters < 2 {
		return false
	}
	for _, end := range []string{"ть", "ться", "тся", "ешь", "ете", "ите"} {
		if strings.HasSuffix(w, end) {
			return false // a verb: «записаться», «подождите»
		}
	}
	return !ruleWords(w)
}

// ruleWords reports whether w is a word of any rule or a service word: a word the rules read
// as something else («стрижка», «спасибо», «адрес»), so not a name.
func ruleWords(w string) bool { return defaultLex.knows(w) || synonymGroups(w) != 0 }

// ruleFires reports whether any default rule matches the phrase as a whole.
func ruleFires(phrase string) bool {
	m := defaultLex.read(tokenize(phrase), nil)
	for i := range defaultCompiled {
		if defaultCompiled[i].match(m) {
			return true
		}
	}
	return false
}

// verbLike reports whether a word after «я» reads as a verb («я передумала», «я опоздаю»)
// rather than a name («я Ольга»).
func verbLike(w string) bool {
	for _, end := range []string{"лась", "лся", "юсь", "усь", "ю", "ешь"} {
		if strings.HasSuffix(w, end) {
			return true
		}
	}
	return false
}

// surnameLike reports whether a lower-case word looks like a Russian surname.
func surnameLike(w string) bool {
	for _, end := range []string{"ова", "ева", "ина", "ына", "ов", "ев", "ин", "ын", "ская", "ский", "цкая", "цкий", "енко", "ко", "юк", "ук", "ян", "швили", "дзе"} {
		if strings.HasSuffix(w, end) && utf8.RuneCountInString(w) > len([]rune(end))+1 {
			return true
		}
	}
	return false
}

func isUpper(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// capitalise joins words with each part (also after a hyphen) capitalised: «анна-мария» →
// «Анна-Мария».
func capitalise(words []string) string {
	out := make([]string, len(words))
	for i, w := range words {
		rs := []rune(strings.ToLower(w))
		for k := range rs {
			if k == 0 || rs[k-1] == '-' {
				rs[k] = unicode.ToUpper(rs[k])
			}
		}
		out[i] = string(rs)
	}
	return strings.Join(out, " ")
}

// rawClause is a stretch of the original text between punctuation, with its words in their
// original case.
type rawClause struct {
	words  []string
	digits bool
}

func (c rawClause) lower() []string {
	out := make([]string, len(c.words))
	for i, w := range c.words {
		out[i] = strings.ReplaceAll(strings.ToLower(w), "ё", "е")
	}
	return out
}

// rawClauses splits text at punctuation into clauses of words (letters, with hyphens and
// apostrophes inside them).
func rawClauses(text string) []rawClause {
	text = strings.ToValidUTF8(text, " ")
	if rs := []rune(text); len(rs) > maxRunes {
		text = string(rs[:maxRunes])
	}
	var out []rawClause
	var cur rawClause
	var word []rune
	endWord := func() {
		if len(word) > 0 {
			w := strings.TrimRight(string(word), "-'’")
			if w != "" {
				cur.words = append(cur.words, w)
			}
			word = word[:0]
		}
	}
	endClause := func() {
		endWord()
		if len(cur.words) > 0 || cur.digits {
			out = append(out, cur)
		}
		cur = rawClause{}
	}
	rs := []rune(text)
	for i, r := range rs {
		switch {
		case isLetter(r):
			word = append(word, r)
		case r == '\u0306' && len(word) > 0 && (word[len(word)-1] == 'и' || word[len(word)-1] == 'И'):
			word[len(word)-1]++ // и + breve = й
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r):
		case (r == '-' || r == '\'' || r == '’') && len(word) > 0 && i+1 < len(rs) && unicode.IsLetter(rs[i+1]):
			word = append(word, r)
		case unicode.IsDigit(r):
			endWord()
			cur.digits = true
		case unicode.IsSpace(r):
			endWord()
		case r == '+':
			endWord()
		default:
			endClause()
		}
	}
	endClause()
	return out
}
