package intents

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// A Rule says that a pattern in a normalised message is evidence for an intent, with a weight.
// The table of rules is data: understanding grows by adding rows, not code.
//
// Expr is a small pattern language over the words of Normalize'd text:
//
//	сколько стоит           consecutive words; a plain word also matches its other forms (the
//	                        same stem: «цена» matches «цену», «цены»)
//	=записан                only this form
//	скольк*|скок* стои*     | separates choices for one word; a trailing * matches a prefix
//	за скольк* ~ нужн*      ~ skips up to three words
//	до свидания, пока $     , separates alternative phrases
//	^ ск $                  ^ and $ anchor to the start and end of the message
//	a & b & !c              every clause must match, and no clause prefixed with ! may
//	@svc  @beauty           the message names a catalog service / any beauty service
//	@when  @q  @master      … a date or time / has a '?' / names one of the masters
//
// Patterns are written in lower case with е for ё, as Normalize leaves the text. A misspelt
// word matches the rule word it is one slip away from (see typo.go): whole words and prefixes
// of six letters or more are typo targets, so a family with a shorter prefix also lists a
// common full form («отмен*|отмените»). Negation is read from the
// text (see negations): a word of a phrase matches a word that a «не» covers only when it is
// the first word after a «не» of the same phrase («не ~ приду» matches «не смогу прийти»),
// and that first word must be covered; so «хочу ~ запис*» does not match «не хочу
// записываться».
type Rule struct {
	Intent Intent
	Weight float64
	Expr   string
}

// defaultRules is the rule table NewRules starts from. Weights encode precedence: a person
// asked for, moving, cancelling and confirming outrank booking words («перенести запись» is not
// a booking); a price or hours question outranks the booking it mentions; hard negatives
// («опоздаю», «когда я записан?», payment, complaints) are Other rules that outweigh the words
// they share with real intents. Greeting wins only when nothing else fires.
var defaultRules = []Rule{
	// Greetings (also reported as Result.Greeting whatever the intent).
	{Greeting, 1, "привет*|прив|здравств*|здравствуйте|здрасьте|здрасте|здрасти|здрассте|драсьте|драсте|здарова|здорова|здаров|здоров|здорово"},
	{Greeting, 1, "хай|хаюшки|салют|салам*|салем|сәлем|ассалам*|ассалау*|ку|куку|дд|hi|hello|hey|hola, good morning|afternoon|evening"},
	{Greeting, 1, "добр* ~ утро|утречко|день|дня|денек|денечек|вечер|вечерочек|ночи|времени"},

	// Booking.
	{Book, 2.5, "запис*|запиш*|записаться|запишите|запись"},
	{Book, 2.5, "бронь|бронир*|заброн*|book|booking|appointment|reserve|reservation"},
	{Book, 2, "свободн* ~ время|окн*|окош*|место|слот*|дата|дни|день|час*|запис*|мастер"},
	{Book, 2, "есть ~ время|окошко|окно|место|слот*|свободн*, окошк*|окошечк*"},
	{Book, 2, "хочу|хотел*|хотим|хочется|можно|нужн*|нужен|надо|мне|давайте|планирую & @beauty"},
	{Book, 2, "хочу|хотел*|хотим|можно|запиш*|запис* ~ к|у & @master"},
	{Book, 2, "прийти|приехать|подойти|зайти|заглянуть|попасть|подъехать & @when"},
	{Book, 2, "к вам|мастеру|нему|ней & @when"},
	{Book, 1.5, "@beauty & @when"},
	{Book, 1.5, "можно|хочу|хотел*|давайте|=получится|подойдет|удобно|свободно & @when"},
	{Book, 2.5, "sign up, can i come, free slot|slots, available slot|slots"},

	// Moving a visit.
	{Reschedule, 4.5, "перенести|перенесите|перенес*|перенест*|перенос*|перенош*|перезапис*|перезапиш*|сдвин*|передвин*|подвин*|reschedul*|postpone, move ~ appointment|booking|visit"},
	{Reschedule, 4.5, "поменя*|помени*|измен*|сменит*|смените|change ~ дата|время|день|дня|запис*|число|date|time|appointment"},
	{Reschedule, 4.5, "дата|время|день|запис*|число ~ поменя*|помени*|измен*|сменит*|смените"},
	{Reschedule, 3, "другой время|день|дата|число|час, another time|day"},
	// «Не смогу в пятницу, давайте в субботу»: a time refused and another offered.
	{Reschedule, 4.6, "не смогу|могу|получится|успею|успеваю|сможем ~ давайте|можно|лучше & @when"},
	// «Не в 12, а в 14».
	{Reschedule, 2.4, "не в|на ~ а в|на & @when"},

	// Cancelling a visit.
	{Cancel, 4.5, "отмен*|отменить|отмените|cancel*|=откажусь|=отказаться|=отказываюсь"},
	{Cancel, 4.5, "не ~ прийти|приду|придем|подойти|подойду|приехать|приеду & !@q"},
	{Cancel, 4.5, "удали*|сними*|вычеркн*|убери*|убрать ~ запис*|меня, запис* ~ удали*|убери*|убрать"},

	// Confirming a visit (an answer to a reminder).
	{Confirm, 4.5, "подтвер*|подтверждаю|подтвердить|confirm*"},
	{Confirm, 4, "буду|приду|придем|будем ~ вовремя|обязательно|точно, как =договаривались|=договорились"},
	{Confirm, 4, "^ ~ приду|буду|придем|будем|подойду|приеду $, ^ ~ приду|буду|придем|будем|подойду|приеду да|ок|спасибо $"},
	{Confirm, 3.5, "^ ~ приду|придем|подойду|приеду ~ $, приду|придем|подойду|приеду $ & !@q"},
	{Confirm, 3.5, "^ ~ буду|будем ~ $ & @when & !запис*"},
	{Confirm, 3.5, "в силе, ll be there, will be there|come"},
	// A bare yes (👍, «+», «да»): most likely an answer to a reminder, but unsure.
	{Confirm, 1, "^ да|ок|ok|ага|угу|конечно|хорошо|yes $, ^ да да $"},

	// Prices.
	{Price, 3, "сколько|скольк*|скок*|скока|скоко|сколка|ск ~ стои*|стое*"},
	{Price, 3, "стоимость|цена|ценник*|расценк*|прайс*|прейскурант*|почем|баға*, по чем"},
	{Price, 3, "во скольк* ~ обойд*|выйдет|станет|встанет"},
	{Price, 2.5, "скольк*|скок* ~ будет|выйдет|обойд*|денег|рублей|руб|тенге, скольк*|скок* с меня"},
	{Price, 2.5, "за скольк*, заскольк*"},
	{Price, 2, "скольк*|скок*|скока|сколка & @beauty"},
	{Price, 1.5, "^ скольк*|скок*|скока|сколка|ск $"},
	{Price, 2, "дорого|дороговато|дешевле|дешево|недорого"},
	{Price, 3, "how much, price|prices|pricing|cost|costs"},

	// Where and when the business is open.
	{AddressHours, 3, "адрес*|находитесь|=располагаетесь|=расположены|локаци*|геолокац*|геопозиц*|ориентир*|2гис|2gis|парковк*|припарков*|парковать*, на карте"},
	{AddressHours, 3, "как ~ пройти|дойти|доехать|добраться|проехать, как попасть, как вас найти, как найти"},
	{AddressHours, 3, "где ~ вы|вас|салон*|студи*|находится|находитесь, вы|салон* где"},
	{AddressHours, 3, "открыт*|открыва*|открое*|закрыва*|закрыт*|закрое*|open|opening|closing|hours|address|location|located|directions|parking, where are you"},
	{AddressHours, 3, "график*|режим*, часы|время работы"},
	{AddressHours, 3.5, "до скольки|скольких, до какого времени|часа, во скольк* ~ открыв*|закрыв*|начина*|заканчива*|работ*"},
	{AddressHours, 2.5, "=работаете|=работает|=работают|=работаем"},
	{AddressHours, 2, "ваш ~ телефон|номер|контакт*|инстаграм*|сайт"},

	// What the business does.
	{Services, 2.5, "=какие|=какой|=каких|список|перечень|меню ~ услуг*|процедур*, что за услуг*"},
	{Services, 2, "услуг*|услуги"},
	{Services, 2.5, "=делаете|=выполняете|=оказываете|=предоставляете|=предлагаете|=занимаетесь|=красите|=стрижете|=подстригаете|=наращиваете|=ламинируете|=оформляете|=корректируете, чем ~ занима*"},
	{Services, 2.5, "направлени*, что ~ можно ~ сделать, что ~ у вас ~ есть"},
	{Services, 1.5, "у вас есть, есть ли у вас, есть у вас"},
	{Services, 3, "=какие|=каких|кто ~ мастер*|специалист*, кто ~ =делает|=стрижет|=красит"},
	{Services, 2.5, "services, what do you do|offer, do you do|offer"},

	// Asking for a person.
	{Human, 5, "администратор*|админ*|менеджер*|оператор*|руководител*|управляющ*|директор*|владел*|хозяйк*"},
	{Human, 5, "=живой|=живого|=живым|=живому|=живая|=живую, настоящ* ~ человек, с|со человек|людьми|сотрудником|специалистом"},
	{Human, 4, "позови*|позвать|соедин*|переключ*|перезвон*|позвонит*|свяжит*|связаться|поговорить|пообщаться|переговорить"},
	{Human, 4.5, "дайте|позовите|нужен|нужна|хочу ~ человек|=живого|=живой"},
	{Human, 5, "не хочу|надо ~ бот*|робот*|автоответчик*, надоел*|хватит|достал* ~ бот*|робот*|автоответчик*"},
	{Human, 5, "human|operator|manager|admin|agent, real person, talk to someone|somebody"},

	// Thanks and goodbye.
	{ThanksBye, 2, "спасиб*|спс|спасибки|пасиб*|сенкс|благодар*|рахмет|rahmet|мерси|thank*|thx|ty"},
	{ThanksBye, 2, "до свидания|свиданья|встречи|связи, досвидания, всего доброго|хорошего, хорошего|удачного дня|вечера, чао, бб, bye, goodbye, see you"},
	{ThanksBye, 2, "пока $, ^ пока"},
	{ThanksBye, 1, "^ понятно|ясно|понял|поняла|ясненько $"},

	// Hard negatives: outside the bot's job, though they share words with its intents.
	{Other, 5, "за скольк* ~ нужн*|надо|заранее|можно|должн*|необходимо|до, заскольк* ~ нужн*|надо|заранее|можно|должн*|необходимо|до"},
	{Other, 5, "почему|зачем ~ отмен*|перенес*|перенос*"},
	{Other, 3.5, "опозда*|опаздыва*|задержусь|задерживаюсь|задержимся"},
	{Other, 3.5, "=записан|=записана|=записаны|=записано"},
	{Other, 3, "у меня ~ запис*, моя|мою|моей ~ запись|записи"},
	{Other, 3, "не ~ хочу|буду|надо|нужно|планирую ~ запис*|брон*"},
	{Other, 3.5, "оплат*|оплач*|наличн*|наличк*|налом|картой|карточкой|kaspi|каспи|переводом|перевод|переводить|сбп|рассрочк*|предоплат*|кредит*|чек, на карту"},
	{Other, 3, "испортил*|недовол*|жалоб*|ужасн*|претензи*|раздражени*|ожог*|аллерги*, не понрави*|доволен|довольна|пришел|пришла|пришли"},
	{Other, 3, "бот|ботом|боту|бота|робот|роботом|нейросет*|chatgpt|gpt|гпт"},
	{Other, 3, "так ~ дорог*|дорож*, почему|чего|че ~ дорог*|дорож*"},
	{Other, 2.5, "уход*|ухажива*|держит*|продлит*|подготов*|противопоказ*|беременн*|кормлю|лактац*"},
	{Other, 3, "скольк* ~ длится|длиться|времени, по времени, =займет|=займут|=занимает|=занимают, как долго"},
}

// compiled rule parts.
type (
	rule struct {
		intent  Intent
		weight  float64
		clauses []clause
	}
	clause struct {
		neg     bool
		feature string   // "svc", "beauty", "when", "q", "master"; or "" for word phrases
		phrases [][]elem // alternatives
	}
	elem struct {
		kind byte // 'w' word, '~' gap, '^' start, '$' end
		alts []alt
		id   int32 // the word position's number in its lexicon
		// negMode says what a «не» may cover: for words before any «не» of the phrase,
		// nothing (negFree); for the first word after one, that word (negCovered); for later
		// words, anything (negAny).
		negMode byte
	}
	alt struct {
		kind byte // 's' a word and its forms, '=' this form only, '*' a prefix
		text string
	}
	features struct{ svc, beauty, when, q, master bool }
)

const (
	negFree byte = iota
	negCovered
	negAny
)

// maxGap is how many words ~ may skip.
const maxGap = 3

// compileRule parses a Rule's Expr.
func compileRule(r Rule) (rule, error) {
	out := rule{intent: r.Intent, weight: r.Weight}
	if !r.Intent.Valid() {
		return out, fmt.Errorf("intents: rule %q: unknown intent %q", r.Expr, r.Intent)
	}
	if r.Weight <= 0 || math.IsInf(r.Weight, 0) || math.IsNaN(r.Weight) {
		return out, fmt.Errorf("intents: rule %q: weight %v is not positive", r.Expr, r.Weight)
	}
	for _, part := range strings.Split(r.Expr, "&") {
		part = strings.TrimSpace(part)
		var c clause
		if strings.HasPrefix(part, "!") {
			c.neg = true
			part = strings.TrimSpace(part[1:])
		}
		if part == "" {
			return out, fmt.Errorf("intents: rule %q: empty clause", r.Expr)
		}
		if strings.HasPrefix(part, "@") && !strings.ContainsAny(part, " ,|") {
			switch f := part[1:]; f {
			case "svc", "beauty", "when", "q", "master":
				c.feature = f
			default:
				return out, fmt.Errorf("intents: rule %q: unknown feature %q", r.Expr, part)
			}
			out.clauses = append(out.clauses, c)
			continue
		}
		for _, phrase := range strings.Split(part, ",") {
			var elems []elem
			mode := negFree
			for _, f := range strings.Fields(phrase) {
				switch f {
				case "~", "^", "$":
					elems = append(elems, elem{kind: f[0]})
					continue
				}
				e := elem{kind: 'w', negMode: mode}
				isNe := false
				for _, a := range strings.Split(f, "|") {
					al, err := compileAlt(a)
					if err != nil {
						return out, fmt.Errorf("intents: rule %q: %w", r.Expr, err)
					}
					e.alts = append(e.alts, al)
					isNe = isNe || al.text == "не"
				}
				elems = append(elems, e)
				switch {
				case isNe:
					mode = negCovered
				case mode == negCovered:
					mode = negAny
				}
			}
			if len(elems) == 0 {
				return out, fmt.Errorf("intents: rule %q: empty phrase", r.Expr)
			}
			c.phrases = append(c.phrases, elems)
		}
		out.clauses = append(out.clauses, c)
	}
	return out, nil
}

// compileAlt parses one choice for a word: «цена», «=цена» or «цен*».
func compileAlt(a string) (alt, error) {
	out := alt{kind: 's', text: a}
	if t, ok := strings.CutPrefix(a, "="); ok {
		out = alt{kind: '=', text: t}
	} else if t, ok := strings.CutSuffix(a, "*"); ok {
		out = alt{kind: '*', text: t}
	}
	t := out.text
	if t == "" || strings.ContainsAny(t, "*=@!~^$") || t != strings.ToLower(t) || strings.ContainsRune(t, 'ё') ||
		(out.kind == '*' && utf8.RuneCountInString(t) > maxPrefixRunes) {
		return out, fmt.Errorf("bad word %q", a)
	}
	return out, nil
}

// matches reports whether elem e matches token i of m.
func (e *elem) matches(m *message, i int) bool {
	if !m.has(i, e.id) {
		return false
	}
	switch e.negMode {
	case negFree:
		return !m.negated(i)
	case negCovered:
		return m.negated(i)
	}
	return true
}

func (r *rule) match(m *message) bool {
	for i := range r.clauses {
		c := &r.clauses[i]
		if c.matches(m) == c.neg {
			return false
		}
	}
	return true
}

func (c *clause) matches(m *message) bool {
	switch c.feature {
	case "svc":
		return m.f.svc
	case "beauty":
		return m.f.beauty
	case "when":
		return m.f.when
	case "q":
		return m.f.q
	case "master":
		return m.f.master
	}
	for _, ph := range c.phrases {
		if !m.mayMatch(ph) {
			continue
		}
		last := len(m.toks)
		if ph[0].kind == '^' {
			last = 0
		}
		for s := 0; s <= last; s++ {
			if matchAt(ph, m, 0, s) {
				return true
			}
		}
	}
	return false
}

// matchAt reports whether elems[e:] match the tokens of m from position p on.
func matchAt(elems []elem, m *message, e, p int) bool {
	if e == len(elems) {
		return true
	}
	switch el := &elems[e]; el.kind {
	case '^':
		return p == 0 && matchAt(elems, m, e+1, p)
	case '$':
		return p == len(m.toks) && matchAt(elems, m, e+1, p)
	case '~':
		for g := 0; g <= maxGap && p+g <= len(m.toks); g++ {
			if matchAt(elems, m, e+1, p+g) {
				return true
			}
		}
		return false
	default:
		return p < len(m.toks) && el.matches(m, p) && matchAt(elems, m, e+1, p+1)
	}
}

// Valid reports whether i is one of the intents this package defines.
func (i Intent) Valid() bool {
	for _, v := range AllIntents {
		if i == v {
			return true
		}
	}
	return false
}

// AllIntents lists the intent vocabulary, in the order used to break ties between equal scores.
var AllIntents = []Intent{Human, Cancel, Reschedule, Confirm, Price, AddressHours, Services, Book, Other, ThanksBye, Greeting}

// Rules is the rule-based Detector: weighted patterns over the normalised text, plus the entity
// extractors of this package. It does no I/O, never fails on any input and is safe for
// concurrent use.
type Rules struct {
	specs   []Rule // the table, for WithRules
	rules   []rule
	lex     *lexicon
	catalog catalog
	masters masters
}

var _ Detector = (*Rules)(nil)

// defaultCompiled is defaultRules compiled once, and defaultLex its lexicon; a bad row is a
// programming error.
var defaultCompiled, defaultLex = func() ([]rule, *lexicon) {
	out, err := compileRules(defaultRules)
	if err != nil {
		panic(err)
	}
	return out, newLexicon(out)
}()

func compileRules(rs []Rule) ([]rule, error) {
	out := make([]rule, 0, len(rs))
	for _, r := range rs {
		c, err := compileRule(r)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// NewRules returns a detector with the package's rule table that recognises the services of
// catalog by their names, aliases and everyday synonyms. It is NewRulesWith(Catalog{Services:
// catalog}).
func NewRules(catalog []ServiceName) *Rules {
	return NewRulesWith(Catalog{Services: catalog})
}

// NewRulesWith returns a detector with the package's rule table that recognises the services
// and masters of c.
func NewRulesWith(c Catalog) *Rules {
	return &Rules{
		specs:   defaultRules,
		rules:   defaultCompiled,
		lex:     defaultLex,
		catalog: newCatalog(c.Services),
		masters: newMasters(c.Masters),
	}
}

// WithRules returns a copy of r that also applies extra rules (for a business's own vocabulary,
// or a test). It fails on a malformed Expr.
func (r *Rules) WithRules(extra ...Rule) (*Rules, error) {
	if _, err := compileRules(extra); err != nil {
		return nil, err
	}
	specs := append(slices.Clip(r.specs), extra...)
	rules, err := compileRules(specs)
	if err != nil {
		return nil, err
	}
	out := *r
	out.specs, out.rules, out.lex = specs, rules, newLexicon(rules)
	return &out, nil
}

// alsoMin is the weight a secondary intent needs to be reported in Result.Also.
const alsoMin = 2.5

// Detect classifies text and extracts its entities; now (in the business's location) resolves
// relative dates. It never returns an error: unknown text is Other with Score 0. Detect does not
// block and ignores ctx.
//
// Score is 0..1: about 0.7–0.8 for a direct phrase of one intent; lower when another intent came
// close, when the evidence is weak (below 0.6 for a service and a time with no verb, a bare
// «да», a lone «скока»), or when it rested on correcting a typo; 0 when nothing matched. A
// caller should treat a Score below 0.6 as unsure.
func (r *Rules) Detect(ctx context.Context, text string, now time.Time) (Result, error) {
	toks := tokenize(text)
	m := r.lex.read(toks, r.knownWord, r.catalog.typos, synonymTypos)
	var beauty bool
	res := Result{Answer: answerOf(toks)}
	res.Services, beauty = r.catalog.find(m)
	if w, ok := ParseWhen(text, now); ok {
		res.When = &w
	}
	res.Phone, _ = ExtractPhone(text)
	res.Name, _ = introducedName(text, toks, res.Phone != "")
	res.Masters = r.masters.find(m, res.Name)
	m.f = features{
		svc:    len(res.Services) > 0,
		beauty: beauty,
		when:   res.When != nil,
		q:      strings.ContainsAny(text, "?？❓❔"),
		master: len(res.Masters) > 0,
	}

	var scores [len(intentOrder)]float64
	typo := false
	for i := range r.rules {
		ru := &r.rules[i]
		if !ru.match(m) {
			continue
		}
		k := intentIndex(ru.intent)
		if s := scores[k]; s > 0 {
			scores[k] = max(s, ru.weight) + 0.1 // more evidence, a little more sure
		} else {
			scores[k] = ru.weight
		}
	}
	for _, f := range m.fix {
		typo = typo || f != ""
	}
	res.Greeting = scores[intentIndex(Greeting)] > 0

	best, second := Other, 0.0
	bestScore := 0.0
	for _, in := range AllIntents {
		s := scores[intentIndex(in)]
		if in == Greeting || s == 0 {
			continue
		}
		if s > bestScore {
			best, second, bestScore = in, bestScore, s
		} else if s > second {
			second = s
		}
	}
	switch {
	case bestScore > 0:
		res.Intent = best
		res.Score = confidence(bestScore, second, typo)
		res.Also = also(best, scores[:])
	case res.Greeting && len(toks) <= 4:
		// Nothing but a hello (and perhaps «подскажите пожалуйста»).
		res.Intent, res.Score = Greeting, confidence(scores[intentIndex(Greeting)]+1, 0, typo)
	default:
		res.Intent, res.Score = Other, 0
	}
	return res, nil
}

// knownWord reports whether a token is a word in its own right for this detector's catalog
// and masters, so not a typo of a rule word.
func (r *Rules) knownWord(tok string) bool {
	return r.catalog.knows(tok) || r.masters.knows(tok)
}

// intentOrder numbers the intents for score arrays.
var intentOrder = [...]Intent{Human, Cancel, Reschedule, Confirm, Price, AddressHours, Services, Book, Other, ThanksBye, Greeting}

func intentIndex(in Intent) int {
	for i, v := range intentOrder {
		if v == in {
			return i
		}
	}
	return intentIndex(Other)
}

// alsoWith lists, for a main intent, the intents that may be reported beside it: those whose
// words are not simply part of the main request («перенести запись» shares «запись» with a
// booking; «за сколько нужно отменять» is a question, not a cancellation).
var alsoWith = map[Intent][]Intent{
	Book:         {Price, AddressHours, Services, Human},
	Price:        {Book, AddressHours, Services, Human},
	AddressHours: {Book, Price, Services, Human},
	Services:     {Book, Price, AddressHours, Human},
	Reschedule:   {Price, AddressHours, Human},
	Cancel:       {Reschedule, Human},
	Confirm:      {Price, AddressHours, Human},
	Human:        {Book, Price, AddressHours, Services, Reschedule, Cancel},
	ThanksBye:    {},
}

// also returns the secondary intents of a message whose main intent is main: strongly
// matched, and of a kind that can stand beside main, strongest first.
func also(main Intent, scores []float64) []Intent {
	moving := scores[intentIndex(Reschedule)] >= alsoMin || scores[intentIndex(Cancel)] >= alsoMin
	var out []Intent
	for _, in := range alsoWith[main] {
		if in == Book && moving {
			continue // «хочу перенести запись»: the booking words belong to the move
		}
		if scores[intentIndex(in)] >= alsoMin {
			out = append(out, in)
		}
	}
	slices.SortStableFunc(out, func(a, b Intent) int {
		sa, sb := scores[intentIndex(a)], scores[intentIndex(b)]
		switch {
		case sa > sb:
			return -1
		case sa < sb:
			return 1
		}
		return 0
	})
	return out
}

// confidence maps the winning weight, and the runner-up's, to 0..1: strong rules (weight 3–5)
// give 0.7–0.8, weak ones (1–1.5: a bare «да», a service and a time with no verb) stay below
// 0.6, and a close second or a corrected typo lowers it.
func confidence(best, second float64, typo bool) float64 {
	s := best / (best + 1.2)
	if second > 0 && best-second < 1 {
		s *= 0.85
	}
	if typo {
		s *= 0.93
	}
	return math.Round(s*100) / 100
}

// ---- yes and no ----

var (
	yesWords = map[string]bool{
		"да": true, "ага": true, "угу": true, "ок": true, "окей": true, "оке": true, "ok": true,
		"okay": true, "yes": true, "yep": true, "yeah": true, "верно": true, "подтверждаю": true,
		"конечно": true, "хорошо": true, "согласен": true, "согласна": true, "точно": true,
		"именно": true, "правильно": true, "подходит": true, "устраивает": true, "sure": true,
		"дада": true, "норм": true, "отлично": true, "годится": true, "идет": true,
	}
	noWords = map[string]bool{
		"нет": true, "неа": true, "no": true, "nope": true, "нету": true, "неверно": true,
		"нее": true, "отбой": true,
	}
	// noAfterNe: «не надо», «не подходит» are a no; «не знаю» is not an answer.
	noAfterNe = map[string]bool{
		"надо": true, "нужно": true, "хочу": true, "подходит": true, "устраивает": true,
		"получится": true, "могу": true, "смогу": true, "верно": true, "согласен": true,
		"согласна": true, "буду": true, "приду": true, "подтверждаю": true, "правильно": true,
	}
	fillers = map[string]bool{"а": true, "ну": true, "ой": true, "эм": true, "хм": true, "вот": true, "так": true, "oh": true, "well": true}
)

// answerOf reads a yes or no at the start of a message («да», «ага», «верно», «ок», «нет», «не
// надо», «да нет» = no), or a «подтверждаю» anywhere.
func answerOf(toks []string) Answer {
	i := 0
	for i < len(toks) && fillers[toks[i]] && i < 2 {
		i++
	}
	if i >= len(toks) {
		return NoAnswer
	}
	t, next := toks[i], ""
	if i+1 < len(toks) {
		next = toks[i+1]
	}
	switch {
	case noWords[t]:
		return No
	case t == "не" && noAfterNe[next]:
		return No
	case t == "все" && (next == "верно" || next == "так" || next == "правильно" || next == "ок"):
		return Yes
	case yesWords[t]:
		if next == "нет" {
			return No
		}
		return Yes
	}
	for k, t := range toks {
		if t == "подтверждаю" && (k == 0 || toks[k-1] != "не") {
			return Yes
		}
	}
	return NoAnswer
}
