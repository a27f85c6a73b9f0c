package intents

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"
)

// A Rule says that a pattern in a normalised message is evidence for an intent, with a weight.
// The table of rules is data: understanding grows by adding rows, not code.
//
// Expr is a small pattern language over the words of Normalize'd text:
//
//	сколько стоит           consecutive words
//	скольк*|скок* стои*     | separates choices for one word; a trailing * matches a prefix
//	за скольк* ~ нужн*      ~ skips up to three words
//	до свидания, пока $     , separates alternative phrases
//	^ ск $                  ^ and $ anchor to the start and end of the message
//	a & b & !c              every clause must match, and no clause prefixed with ! may
//	@svc  @when  @q         the message names a catalog service / a date or time / has a '?'
//
// Patterns are written in lower case with е for ё, as Normalize leaves the text.
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
	{Greeting, 1, "привет*|прив|приветик|приветствую|здравств*|здраств*|здравсв*|здрасьт*|здрасте|здрасти|здрассте|драсьте|драсте|здарова|здорова|здаров|здоров|здорово"},
	{Greeting, 1, "хай|хаюшки|салют|салам*|салем|сәлем|селям|ассалам*|ассалау*|асалам*|ку|куку|дд|hi|hello|hey|hola, good morning|afternoon|evening"},
	{Greeting, 1, "добр*|доброго ~ утр*|утречк*|день|дня|денек|денечек|вечер*|вечерочк*|ночи|времени"},

	// Booking.
	{Book, 2.5, "запис*|запиш*|зпис*|запеш*|записац*|записатся"},
	{Book, 2.5, "бронь|брони|бронир*|заброн*|book|booking|appointment|reserve|reservation"},
	{Book, 2, "свободн* ~ время|окн*|окош*|мест*|слот*|дат*|дни|день|час*|запис*|мастер*"},
	{Book, 2, "есть ~ время|окошк*|окошечк*|окно|места|место|слот*|свободн*, окошк*|окошечк*"},
	{Book, 2, "хочу|хотел*|хотим|хочется|хочеться|можно|нужн*|нужен|нужна|надо|мне|давайте|планирую & @svc"},
	{Book, 2, "прийти|приехать|подойти|зайти|заглянуть|попасть|подъехать & @when"},
	{Book, 2, "к вам|мастеру|нему|ней & @when"},
	{Book, 1.5, "@svc & @when"},
	{Book, 1.5, "можно|хочу|хотел*|давайте|получится|подойдет|удобно|свободно & @when"},
	// Beauty services by their everyday names, for when the catalog calls them otherwise or a
	// generic «стрижка» fits several of its services.
	{Book, 2, "хочу|хотел*|хотим|хочется|можно|нужн*|нужен|нужна|надо|мне|давайте|планирую ~ стрижк*|стригл*|подстри*|постри*|маникюр*|маник|педикюр*|педик|окрашиван*|покрас*|брови|бровк*|бровей|ресниц*|реснички|массаж*|депиляц*|эпиляц*|шугаринг*|укладк*|наращиван*|ногот*|ногти|чистк*|пилинг*|ламинир*|кератин*|ботокс*|коррекци*|haircut|manicure|pedicure|massage"},
	{Book, 2.5, "sign up, can i come, free slot|slots, available slot|slots"},

	// Moving a visit.
	{Reschedule, 4.5, "перенес*|перенест*|перенос*|перенош*|пернес*|перинес*|перенис*|пиренес*|перезапис*|перезапиш*|сдвин*|передвин*|подвин*|reschedul*|postpone, move ~ appointment|booking|visit"},
	{Reschedule, 4.5, "поменя*|помени*|измен*|сменит*|смените|change ~ дат*|врем*|день|дня|запис*|числ*|date|time|appointment"},
	{Reschedule, 4.5, "дат*|врем*|день|запис*|числ* ~ поменя*|помени*|измен*|сменит*|смените"},
	{Reschedule, 3, "другое время|число, другой день, другую дату, another time|day"},

	// Cancelling a visit.
	{Cancel, 4.5, "отмен*|атмен*|отменн*|cancel*|откажусь|отказаться|отказываюсь"},
	{Cancel, 4.5, "не ~ приду|прийти|подойти|приехать|придем|подойду|приеду & !@q"},
	{Cancel, 4.5, "удали*|сними*|снимите|вычеркн*|убери*|уберите|убрать ~ запис*|меня, запис* ~ удали*|убери*|уберите|убрать"},

	// Confirming a visit (an answer to a reminder).
	{Confirm, 4.5, "подтвер*|подтвежд*|подтвр*|confirm* & !не подтвер*"},
	{Confirm, 4, "буду|приду|придем|будем ~ вовремя|обязательно|точно, как договаривались|договорились"},
	{Confirm, 4, "^ ~ приду|буду|придем|будем|подойду|приеду $ & !не ~ приду|буду|придем|будем|подойду|приеду"},
	{Confirm, 3.5, "в силе, ll be there, will be there|come"},

	// Prices.
	{Price, 3, "скольк*|скок*|сколка|скоко|ск ~ стои*|стое*"},
	{Price, 3, "стоимост*|цена|цену|цены|цене|ценой|ценам|ценах|ценник*|расценк*|прайс*|прейскурант*|почем|баға*, по чем"},
	{Price, 3, "во скольк* ~ обойд*|выйдет|станет|встанет"},
	{Price, 2.5, "скольк*|скок* ~ будет|выйдет|обойд*|денег|рублей|руб|тенге, скольк*|скок* с меня"},
	{Price, 2.5, "за скольк*, заскольк*"},
	{Price, 2, "скольк*|скок*|сколка & @svc"},
	{Price, 1.5, "^ скольк*|скок*|сколка|ск $"},
	{Price, 2, "дорого|дороговато|дорогое|дешевле|дешево|недорого"},
	{Price, 3, "how much, price|prices|pricing|cost|costs"},

	// Where and when the business is open.
	{AddressHours, 3, "адрес*|находитесь|располагаетесь|расположены|локаци*|геолокац*|геопозиц*|ориентир*|2гис|2gis|парковк*|припарков*|парковать*, на карте"},
	{AddressHours, 3, "как ~ пройти|дойти|доехать|добраться|проехать, как попасть, как вас найти, как найти"},
	{AddressHours, 3, "где ~ вы|вас|салон*|студи*|находится|находитесь, вы|салон* где"},
	{AddressHours, 3, "открыт*|открыва*|открое*|закрыва*|закрыт*|закрое*|open|opening|closing|hours|address|location|directions|parking, where are you"},
	{AddressHours, 3, "график*|режим*, часы|время работы"},
	{AddressHours, 3.5, "до скольки|скольких, до какого времени|часа, во скольк* ~ открыв*|закрыв*|начина*|заканчива*|работ*"},
	{AddressHours, 2.5, "работаете|работает|работают|работаем"},
	{AddressHours, 2, "ваш ~ телефон|номер|контакт*|инстаграм*|сайт"},

	// What the business does.
	{Services, 2.5, "какие|какой|каких|список|перечень|меню ~ услуг*|процедур*, что за услуг*"},
	{Services, 2, "услуг*"},
	{Services, 2.5, "делаете|выполняете|оказываете|предоставляете|предлагаете|занимаетесь|красите|стрижете|подстригаете|наращиваете|ламинируете|оформляете|корректируете, чем ~ занима*"},
	{Services, 2.5, "направлени*, что ~ можно ~ сделать, что ~ у вас ~ есть"},
	{Services, 1.5, "у вас есть, есть ли у вас, есть у вас"},
	{Services, 3, "какие|каких|кто ~ мастер*|специалист*, кто ~ делает|стрижет|красит"},
	{Services, 2.5, "services, what do you do|offer, do you do|offer"},

	// Asking for a person.
	{Human, 5, "администратор*|админ*|менеджер*|оператор*|руководител*|управляющ*|директор*|владел*|хозяйк*"},
	{Human, 5, "живой|живого|живым|живому|живая|живую, настоящ* ~ человек*, с|со человеком|людьми|сотрудником|специалистом"},
	{Human, 4, "позови*|позвать|соедин*|переключ*|перезвон*|позвонит*|свяжит*|связаться|поговорить|пообщаться|переговорить"},
	{Human, 4.5, "дайте|позовите|нужен|нужна|хочу ~ человек|человека|живого|живой"},
	{Human, 5, "не хочу|надо ~ бот*|робот*|автоответчик*, надоел*|хватит|достал* ~ бот*|робот*|автоответчик*"},
	{Human, 5, "human|operator|manager|agent, real person, talk to someone|somebody"},

	// Thanks and goodbye.
	{ThanksBye, 2, "спасиб*|спс|спасибки|пасиб*|сенкс|благодар*|рахмет|rahmet|мерси|thank*|thx|ty"},
	{ThanksBye, 2, "до свидания|свиданья|встречи|связи, досвидания, всего доброго|хорошего, хорошего|удачного дня|вечера, чао, бб, bye, goodbye, see you"},
	{ThanksBye, 2, "пока $, ^ пока"},
	{ThanksBye, 1, "^ понятно|ясно|понял|поняла|ясненько $"},

	// Hard negatives: outside the bot's job, though they share words with its intents.
	{Other, 5, "за скольк* ~ нужн*|надо|заранее|можно|должн*|необходимо|до, заскольк* ~ нужн*|надо|заранее|можно|должн*|необходимо|до"},
	{Other, 3.5, "опозда*|опаздыва*|задержусь|задерживаюсь|задержимся"},
	{Other, 3.5, "записан|записана|записаны|записано"},
	{Other, 3, "у меня ~ запис*, моя|мою|моей ~ запись|записи"},
	{Other, 3.5, "оплат*|оплач*|наличн*|наличк*|налом|картой|карточкой|kaspi|каспи|переводом|перевод|переводить|сбп|рассрочк*|предоплат*|кредит*|чек, на карту"},
	{Other, 3, "испортил*|недовол*|жалоб*|ужасн*|претензи*|раздражени*|ожог*|аллерги*, не понрави*|доволен|довольна|пришел|пришла|пришли"},
	{Other, 3, "бот|ботом|боту|бота|робот|роботом|нейросет*|chatgpt|gpt|гпт"},
	{Other, 3, "так ~ дорог*|дорож*, почему|чего|че ~ дорог*|дорож*"},
	{Other, 2.5, "уход*|ухажива*|держит*|продлит*|подготов*|противопоказ*|беременн*|кормлю|лактац*"},
	{Other, 3, "скольк* ~ длится|длиться|времени, по времени, займет|займут|занимает|занимают, как долго"},
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
		feature string   // "svc", "when", "q"; or "" for word phrases
		phrases [][]elem // alternatives
	}
	elem struct {
		kind     byte // 'w' word, '~' gap, '^' start, '$' end
		exact    []string
		prefixes []string
	}
	features struct{ svc, when, q bool }
)

// maxGap is how many words ~ may skip.
const maxGap = 3

// compileRule parses a Rule's Expr.
func compileRule(r Rule) (rule, error) {
	out := rule{intent: r.Intent, weight: r.Weight}
	if !r.Intent.Valid() {
		return out, fmt.Errorf("intents: rule %q: unknown intent %q", r.Expr, r.Intent)
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
		if strings.HasPrefix(part, "@") {
			switch f := part[1:]; f {
			case "svc", "when", "q":
				c.feature = f
			default:
				return out, fmt.Errorf("intents: rule %q: unknown feature %q", r.Expr, part)
			}
			out.clauses = append(out.clauses, c)
			continue
		}
		for _, phrase := range strings.Split(part, ",") {
			var elems []elem
			for _, f := range strings.Fields(phrase) {
				switch f {
				case "~", "^", "$":
					elems = append(elems, elem{kind: f[0]})
					continue
				}
				e := elem{kind: 'w'}
				for _, alt := range strings.Split(f, "|") {
					if alt == "" || alt == "*" || alt != strings.ToLower(alt) || strings.ContainsRune(alt, 'ё') {
						return out, fmt.Errorf("intents: rule %q: bad word %q", r.Expr, alt)
					}
					if p, ok := strings.CutSuffix(alt, "*"); ok {
						e.prefixes = append(e.prefixes, p)
					} else {
						e.exact = append(e.exact, alt)
					}
				}
				elems = append(elems, e)
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

func (e *elem) match(tok string) bool {
	for _, w := range e.exact {
		if tok == w {
			return true
		}
	}
	for _, p := range e.prefixes {
		if strings.HasPrefix(tok, p) {
			return true
		}
	}
	return false
}

func (r *rule) match(toks []string, f features) bool {
	for i := range r.clauses {
		c := &r.clauses[i]
		if c.matches(toks, f) == c.neg {
			return false
		}
	}
	return true
}

func (c *clause) matches(toks []string, f features) bool {
	switch c.feature {
	case "svc":
		return f.svc
	case "when":
		return f.when
	case "q":
		return f.q
	}
	for _, ph := range c.phrases {
		for s := 0; s <= len(toks); s++ {
			if matchAt(ph, toks, 0, s) {
				return true
			}
		}
	}
	return false
}

// matchAt reports whether elems[e:] match toks from position p on.
func matchAt(elems []elem, toks []string, e, p int) bool {
	if e == len(elems) {
		return true
	}
	switch el := &elems[e]; el.kind {
	case '^':
		return p == 0 && matchAt(elems, toks, e+1, p)
	case '$':
		return p == len(toks) && matchAt(elems, toks, e+1, p)
	case '~':
		for g := 0; g <= maxGap && p+g <= len(toks); g++ {
			if matchAt(elems, toks, e+1, p+g) {
				return true
			}
		}
		return false
	default:
		return p < len(toks) && el.match(toks[p]) && matchAt(elems, toks, e+1, p+1)
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
	rules   []rule
	catalog catalog
}

var _ Detector = (*Rules)(nil)

// defaultCompiled is defaultRules compiled once; a bad row is a programming error.
var defaultCompiled = func() []rule {
	out, err := compileRules(defaultRules)
	if err != nil {
		panic(err)
	}
	return out
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
// catalog by the stems of their names and aliases.
func NewRules(catalog []ServiceName) *Rules {
	return &Rules{rules: defaultCompiled, catalog: newCatalog(catalog)}
}

// WithRules returns a copy of r that also applies extra rules (for a business's own vocabulary,
// or a test). It fails on a malformed Expr.
func (r *Rules) WithRules(extra ...Rule) (*Rules, error) {
	c, err := compileRules(extra)
	if err != nil {
		return nil, err
	}
	out := *r
	out.rules = append(append([]rule(nil), r.rules...), c...)
	return &out, nil
}

// Detect classifies text and extracts its entities; now (in the business's location) resolves
// relative dates. It never returns an error: unknown text is Other with Score 0. Detect does not
// block and ignores ctx.
func (r *Rules) Detect(ctx context.Context, text string, now time.Time) (Result, error) {
	toks := tokenize(text)
	res := Result{
		Services: r.catalog.find(toks),
		Answer:   answerOf(toks),
	}
	if w, ok := ParseWhen(text, now); ok {
		res.When = &w
	}
	res.Phone, _ = ExtractPhone(text)
	res.Name, _ = introducedName(text)
	f := features{svc: len(res.Services) > 0, when: res.When != nil, q: strings.Contains(text, "?")}

	scores := map[Intent]float64{}
	for i := range r.rules {
		ru := &r.rules[i]
		if !ru.match(toks, f) {
			continue
		}
		if s, ok := scores[ru.intent]; ok {
			scores[ru.intent] = max(s, ru.weight) + 0.1 // more evidence, a little more sure
		} else {
			scores[ru.intent] = ru.weight
		}
	}
	res.Greeting = scores[Greeting] > 0

	best, second := Other, 0.0
	bestScore := 0.0
	for _, in := range AllIntents {
		s := scores[in]
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
		res.Score = confidence(bestScore, second)
	case res.Greeting && len(toks) <= 4:
		// Nothing but a hello (and perhaps «подскажите пожалуйста»).
		res.Intent, res.Score = Greeting, confidence(scores[Greeting]+1, 0)
	default:
		res.Intent, res.Score = Other, 0
	}
	return res, nil
}

// confidence maps the winning weight, and the runner-up's, to 0..1: strong rules give 0.75–0.85,
// a close second lowers it.
func confidence(best, second float64) float64 {
	s := best / (best + 1)
	if second > 0 && best-second < 1 {
		s *= 0.85
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
		"дада": true, "да да": true, "норм": true, "отлично": true, "годится": true, "идет": true,
	}
	noWords = map[string]bool{
		"нет": true, "неа": true, "no": true, "nope": true, "нету": true, "неверно": true,
		"нее": true, "не-а": true, "отбой": true,
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
