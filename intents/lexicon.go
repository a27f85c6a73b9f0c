package intents

import (
	"strings"
	"unicode/utf8"
)

// A lexicon indexes the words of a rule table so that each token of a message is looked up
// once: a few map reads give the set of rule words it matches (as a bitset over the table's
// word positions), and the rules then match by bit tests. It also holds the typo targets.
type lexicon struct {
	exact    map[string][]int32 // a word → the word positions (elems) it matches exactly
	stems    map[string][]int32 // a stem → the elems whose word has that stem
	prefixes map[string][]int32 // a prefix → the elems with that prefix
	// prefixLens says, by rune length, whether some prefix has that length.
	prefixLens [maxPrefixRunes + 1]bool
	nElems     int
	typos      *typoIndex
}

// maxPrefixRunes bounds the length of a prefix pattern.
const maxPrefixRunes = 16

// minStemRunes is the shortest stem that stands for a word's forms: shorter stems («сто» for
// «стоит», «не» for «ней») are too easily another word, so such words match exactly. A stem
// stands for a word only when it is more than half of it, in the rule and in the message:
// «почему» is not a form of «почем», though both stem to «поч», and «запах» is not «запись».
const minStemRunes = 3

// newLexicon numbers the elems of rules and indexes their words.
func newLexicon(rules []rule) *lexicon {
	l := &lexicon{
		exact:    map[string][]int32{},
		stems:    map[string][]int32{},
		prefixes: map[string][]int32{},
		typos:    newTypoIndex(),
	}
	add := func(m map[string][]int32, k string, id int32) {
		if ids := m[k]; len(ids) == 0 || ids[len(ids)-1] != id {
			m[k] = append(ids, id)
		}
	}
	for ri := range rules {
		for ci := range rules[ri].clauses {
			for pi := range rules[ri].clauses[ci].phrases {
				ph := rules[ri].clauses[ci].phrases[pi]
				for ei := range ph {
					e := &ph[ei]
					if e.kind != 'w' {
						continue
					}
					e.id = int32(l.nElems)
					l.nElems++
					for _, a := range e.alts {
						switch a.kind {
						case '=':
							add(l.exact, a.text, e.id)
							l.typos.add(a.text)
						case '*':
							add(l.prefixes, a.text, e.id)
							l.prefixLens[utf8.RuneCountInString(a.text)] = true
						default:
							add(l.exact, a.text, e.id)
							if s := stem(a.text); utf8.RuneCountInString(s) >= minStemRunes && 2*len(s) > len(a.text) {
								add(l.stems, s, e.id)
							}
							l.typos.add(a.text)
						}
					}
				}
			}
		}
	}
	return l
}

// lookup calls f with each elem that tok matches.
func (l *lexicon) lookup(tok string, f func(id int32)) {
	for _, id := range l.exact[tok] {
		f(id)
	}
	if len(tok) >= 2*minStemRunes && len(l.stems) > 0 {
		if s := stem(tok); 2*len(s) > len(tok) {
			for _, id := range l.stems[s] {
				f(id)
			}
		}
	}
	n := 0
	for i := range tok {
		if n > 0 && n <= maxPrefixRunes && l.prefixLens[n] {
			for _, id := range l.prefixes[tok[:i]] {
				f(id)
			}
		}
		n++
	}
	if n <= maxPrefixRunes && l.prefixLens[n] {
		for _, id := range l.prefixes[tok] {
			f(id)
		}
	}
}

// knows reports whether tok is a word of the lexicon.
func (l *lexicon) knows(tok string) bool {
	found := false
	l.lookup(tok, func(int32) { found = true })
	return found
}

// knownRussian reports whether a Cyrillic word is one this package knows: a rule word, a
// common word, a service word, or one slip away from a rule word.
func (l *lexicon) knownRussian(w string) bool {
	if commonWords[w] || l.knows(w) || synonymOf(w) >= 0 {
		return true
	}
	_, _, ok := l.typos.correct(w)
	return ok
}

// A message as the rules read it: its tokens, what each matches, and what covers it.
type message struct {
	toks []string
	fix  []string // the typo-corrected form of a token, or ""
	neg  []bool   // whether a «не» covers the token; nil when none does
	bits []uint64 // w words per token of elem bits
	any  []uint64 // the union of the tokens' bits
	w    int
	f    features
}

// mayMatch reports whether every word of phrase ph matches some token of m: a cheap test
// that spares scanning the message for most phrases.
func (m *message) mayMatch(ph []elem) bool {
	for i := range ph {
		if id := ph[i].id; ph[i].kind == 'w' && m.any[id>>6]&(1<<(uint(id)&63)) == 0 {
			return false
		}
	}
	return true
}

func (m *message) has(i int, id int32) bool {
	return m.bits[i*m.w+int(id>>6)]&(1<<(uint(id)&63)) != 0
}

func (m *message) negated(i int) bool { return m.neg != nil && m.neg[i] }

// read analyses toks: the elems each token matches, typos corrected against this lexicon and
// the extra indexes (a catalog's words) unless known says the token is a word in its own right,
// and negation scopes.
func (l *lexicon) read(toks []string, known func(string) bool, extra ...*typoIndex) *message {
	m := &message{toks: toks, fix: make([]string, len(toks)), neg: negations(toks)}
	m.w = (l.nElems + 63) / 64
	m.bits = make([]uint64, (len(toks)+1)*m.w)
	m.any = m.bits[len(toks)*m.w:]
	for i, t := range toks {
		row := m.bits[i*m.w : (i+1)*m.w]
		set := func(id int32) { row[id>>6] |= 1 << (uint(id) & 63) }
		hit := false
		l.lookup(t, func(id int32) { set(id); hit = true })
		if hit || !typoCandidate(t) || commonWords[t] || (known != nil && known(t)) {
			continue
		}
		fix, d, ok := l.typos.correct(t)
		for _, x := range extra {
			if f2, d2, ok2 := x.correct(t); ok2 && (!ok || d2 < d) {
				fix, d, ok = f2, d2, true
			}
		}
		if ok && stem(fix) != stem(t) { // another form of the word is not a slip («=визажист»)
			m.fix[i] = fix
			l.lookup(fix, set)
		}
	}
	for i := range toks {
		for k, b := range m.bits[i*m.w : (i+1)*m.w] {
			m.any[k] |= b
		}
	}
	return m
}

// typoCandidate reports whether a token may be a misspelt word: letters only, long enough.
func typoCandidate(t string) bool {
	n := 0
	for _, r := range t {
		if !isCyrillic(r) && (r < 'a' || r > 'z') {
			return false
		}
		n++
	}
	return n >= 5
}

// commonWords are frequent words of clients' messages that the rules do not list: they are
// never corrected into a rule word they happen to resemble («привел» is not «привет»), and they
// tell transliterated Russian from English.
var commonWords = setOf(strings.Join([]string{
	// Function words.
	`а в во на к ко у с со о об от до по за из для при про без над под через между и или но да
	нет не ни же ли бы вот тут там здесь уже еще ещё только тоже также очень просто может
	наверное как так что чтобы где когда куда откуда почему зачем кто чей какой какая какое
	какие каких который которая которое если то это этот эта эту эти этого этой тот та те того
	все всё весь вся всех всем сам сама сами свой свою свои мой моя мое мои моего моей моих ваш
	ваша ваше ваши вашего вашей наш наша наше наши его ее её их я мы вы ты он она оно они меня
	мне мной нас нам нами вас вам вами тебя тебе им ими него нее неё ним ней нему ничего ничем
	никак никто нечего себя себе кого кому чем чего чему лишь ведь даже либо хотя пусть ну ой
	ах эх ага угу ок окей типа короче вообще примерно около почти сразу потом затем сначала
	снова опять вместе отдельно заранее позже раньше пораньше попозже ближе дальше больше меньше
	много мало немного чуть сильно совсем точно конечно правда ладно хорошо плохо нормально
	отлично супер класс понятно ясно возможно нельзя пожалуй скорее`,
	// Time (ParseWhen reads these; they are not typos of rule words).
	`сегодня завтра послезавтра вчера позавчера утром утро утра днем днём вечером вечер вечера
	ночью ночь ночи обед обеда обеда после перед понедельник вторник среда среду четверг пятница
	пятницу суббота субботу воскресенье понедельника вторника среды четверга пятницы субботы
	воскресенья выходные выходных будни будний неделе неделю недели неделя месяц месяца января
	февраля марта апреля мая июня июля августа сентября октября ноября декабря часов часа часик
	часика минут минуты минуту половина половину полчаса полвторого ровно числа число`,
	// Everyday words around a visit.
	`мастер мастера мастеру мастером салон салона салоне студия волосы волос волосам ноги ног
	ногах руки рук ребенок ребенка ребенку ребёнок дочь дочка дочку сын сына муж мужа мужем жена
	подруга подругой подруги мама мамы маму девушка девушки девочки девочка клиент клиентка
	длинные длинных короткие коротких средние средних цвет цвета тон тона краска краску лак
	лаком покрытие покрытия снятие дизайн форма форму длина длину сделать сделала сделал делать
	привел привела привели перевезите живот живота животе живое указываете указывает указать выполните картинкой картинка
	картинку картинки стойкость стойкости перевести переведите перевезти переместить оказаться отметить отметьте отметите скоро
	столько пойти подожду придет придут придете приму живу живут живет живем живешь прием приема
	приеме приемы знать знаю знаете думать думаю подумать узнать узнаю спросить спрашиваю сказать скажите
	подскажите подскажи написать напишу писать пишу ответить ответьте ответ помочь помогите
	понять понимаю ждать жду подождать сидеть прийти приходить пришла пришел пришли зайти выйти
	взять дать дайте давать показать покажите посмотреть посмотрю выбрать выбрала нравится
	понравилось удобно удобнее неудобно рано поздно позднее вовремя случае сожалению извините
	простите прошу спасибо здравствуйте добрый доброе пожалуйста пжл плиз пожалста телефон
	номер номера имя фамилия зовут звать было была были будет быть есть нету стала стал будь
	очередь время срочно сильно первый первая второй раз разу разом один одна одну два две
	три четыре пять`,
}, " "))
