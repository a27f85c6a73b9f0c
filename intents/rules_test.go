package intents_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/minutka/minutka/intents"
)

func detect(t testing.TB, d intents.Detector, text string) intents.Result {
	t.Helper()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, krasnoyarsk(t))
	r, err := d.Detect(context.Background(), text, now)
	if err != nil {
		t.Fatalf("Detect(%q) error: %v", text, err)
	}
	return r
}

// TestDetectIntent runs client-style messages: typos, slang, emoji, English, and the hard
// negatives that share words with real intents.
func TestDetectIntent(t *testing.T) {
	det := intents.NewRules(demoCatalog)
	tests := []struct {
		in   string
		want intents.Intent
	}{
		{"Здравствуйте, хочу записаться на мужскую стрижку завтра в 15:00", intents.Book},
		{"Добрый день, можно записаться на маникюр на четверг?", intents.Book},
		{"хочу к вам на стрижку в субботу утром", intents.Book},
		{"запишите меня пожалуйста на брови", intents.Book},
		{"а на завтра есть места?", intents.Book},
		{"есть окно на покраску в пятницу вечером?", intents.Book},
		{"хачу записатся на маникюр", intents.Book},
		{"Записаца хочу на стрижку завтро в 3", intents.Book},
		{"мне бы подстричься завтра", intents.Book},
		{"девочки привет можно к вам завтра на ноготочки часика в 2", intents.Book},
		{"а сегодня вечером никак нельзя попасть?", intents.Book},
		{"ЗАПИШИТЕ НА МАНИКЮР", intents.Book},
		{"давайте в 16", intents.Book},
		{"I want to book a manicure for Friday", intents.Book},

		{"перенести запись", intents.Reschedule},
		{"хочу перенести запись на четверг", intents.Reschedule},
		{"здравствуйте, я записана на пятницу, можно на субботу перенести?", intents.Reschedule},
		{"перенисите меня пожалуйста", intents.Reschedule},
		{"мне бы время поменять", intents.Reschedule},
		{"не смогу в четверг, давайте перенесём на пятницу", intents.Reschedule},
		{"Can I move my appointment to Saturday?", intents.Reschedule},

		{"отменить", intents.Cancel},
		{"отмените мою запись пожалуйста", intents.Cancel},
		{"Я не приду завтра", intents.Cancel},
		{"уберите мою запись", intents.Cancel},
		{"к сожалению не смогу прийти, отмените", intents.Cancel},
		{"cancel please", intents.Cancel},

		{"Да, подтверждаю", intents.Confirm},
		{"Спасибо, приду", intents.Confirm},
		{"всё в силе, буду", intents.Confirm},
		{"буду обязательно", intents.Confirm},

		{"сколько стоит стрижка", intents.Price},
		{"Скок стоит маник?", intents.Price},
		{"скока", intents.Price},
		{"почём брови?", intents.Price},
		{"скиньте прайс", intents.Price},
		{"хочу записаться на завтра, сколько стоит маникюр?", intents.Price},
		{"how much is a manicure?", intents.Price},

		{"где вы находитесь?", intents.AddressHours},
		{"а вы где?", intents.AddressHours},
		{"до скольки работаете сегодня?", intents.AddressHours},
		{"в праздники работаете?", intents.AddressHours},
		{"как доехать до вас от метро", intents.AddressHours},
		{"What time do you open?", intents.AddressHours},

		{"какие у вас есть услуги?", intents.Services},
		{"а вы брови красите?", intents.Services},
		{"кто у вас стрижет?", intents.Services},
		{"What services do you have?", intents.Services},

		{"позовите администратора", intents.Human},
		{"можно поговорить с живым человеком?", intents.Human},
		{"не хочу с ботом", intents.Human},
		{"перезвоните мне пожалуйста", intents.Human},
		{"I want to talk to a human", intents.Human},

		{"спасибо большое, до встречи", intents.ThanksBye},
		{"спс, пока", intents.ThanksBye},
		{"thank you!", intents.ThanksBye},

		{"Здравствуйте!", intents.Greeting},
		{"Привет 👋", intents.Greeting},
		{"здраствуйте", intents.Greeting},
		{"Доброго времени суток", intents.Greeting},
		{"Hello", intents.Greeting},

		// Hard negatives.
		{"когда я записан?", intents.Other},
		{"я записана на завтра?", intents.Other},
		{"опоздаю на 10 минут", intents.Other},
		{"я немного задержусь", intents.Other},
		{"можно оплатить картой?", intents.Other},
		{"куда скинуть предоплату?", intents.Other},
		{"за сколько нужно отменять запись?", intents.Other},
		{"сколько времени займет маникюр?", intents.Other},
		{"вы бот?", intents.Other},
		{"а чё так дорого?", intents.Other},
		{"мастер сделала плохо, я недовольна", intents.Other},
		{"Здравствуйте, а можно прийти с собакой?", intents.Other},
		{"ладно", intents.Other},
		{"да", intents.Confirm}, // a bare yes: unsure, see TestDetectScore
		{"😀", intents.Other},
		{"", intents.Other},

		// Negation.
		{"не смогу прийти", intents.Cancel},
		{"к сожалению не получится прийти завтра", intents.Cancel},
		{"не смогу сегодня, отмените", intents.Cancel},
		{"не хочу записываться", intents.Other},
		{"я не записывалась на завтра", intents.Other},
		{"нет, не надо", intents.Other},
		{"не надо ничего переносить, приду", intents.Confirm},
		{"отменять не буду, приду", intents.Confirm},
		{"перенос не нужен, всё в силе", intents.Confirm},
		{"не хочу отменять, хочу перенести", intents.Reschedule},
		{"не смогу в пятницу, давайте в субботу", intents.Reschedule},
		{"не подтверждаю", intents.Other},

		// Typos, look-alikes, transliteration, emoji.
		{"атмените запись", intents.Cancel},
		{"пиренесите на четверг", intents.Reschedule},
		{"перинисите меня", intents.Reschedule},
		{"сколко стоит", intents.Price},
		{"адресс скиньте", intents.AddressHours},
		{"подтвеждаю", intents.Confirm},
		{"зaпишитe мeня", intents.Book},
		{"cкoлькo cтoит", intents.Price},
		{"zapisatsya na zavtra", intents.Book},
		{"skolko stoit manikur", intents.Price},
		{"gde vy nahodites", intents.AddressHours},
		{"otmenite pozhaluysta", intents.Cancel},
		{"privet", intents.Greeting},
		{"spasibo", intents.ThanksBye},
		{"hello, how much is a manicure", intents.Price},
		{"👍", intents.Confirm},
		{"+", intents.Confirm},
		{"🙏", intents.ThanksBye},
		{"💅 на завтра есть?", intents.Book},
		{"хачу на реснички в понедельник", intents.Book},

		// Words that look like rule words but are not.
		{"запахло краской", intents.Other},
		{"какая стойкость у гель-лака?", intents.Other},
		{"мастер придет вовремя?", intents.Other},
		{"почему так дорого?", intents.Other},
		{"переведите меня на карту лояльности", intents.Other},
	}
	for _, tt := range tests {
		r := detect(t, det, tt.in)
		if r.Intent != tt.want {
			t.Errorf("Detect(%q).Intent = %v (%.2f), want %v", tt.in, r.Intent, r.Score, tt.want)
		}
		if r.Score < 0 || r.Score > 1 || (r.Intent != intents.Other && r.Score == 0) {
			t.Errorf("Detect(%q).Score = %v, want in (0, 1]", tt.in, r.Score)
		}
	}
}

func TestDetectEntities(t *testing.T) {
	det := intents.NewRules(demoCatalog)
	loc := krasnoyarsk(t)

	r := detect(t, det, "Здравствуйте, хочу записаться на мужскую стрижку завтра в 15:00")
	if r.Intent != intents.Book || !r.Greeting || !slices.Equal(r.Services, []string{"mens-haircut"}) {
		t.Errorf("Detect = %v greeting=%v services=%v, want book, greeting, [mens-haircut]", r.Intent, r.Greeting, r.Services)
	}
	want := time.Date(2026, 11, 24, 15, 0, 0, 0, loc)
	if r.When == nil || !r.When.At.Equal(want) || !r.When.HasDate || !r.When.HasTime {
		t.Errorf("Detect(...).When = %+v, want %v with date and time", r.When, want)
	}

	r = detect(t, det, "Я Ольга, телефон 8 913 123-45-67")
	if r.Name != "Ольга" || r.Phone != "+79131234567" {
		t.Errorf("Detect = name %q phone %q, want Ольга, +79131234567", r.Name, r.Phone)
	}
	r = detect(t, det, "меня зовут анна, хочу записаться на маникюр")
	if r.Name != "Анна" || r.Intent != intents.Book {
		t.Errorf("Detect = name %q intent %v, want Анна, book", r.Name, r.Intent)
	}
	for _, in := range []string{"я беременна, можно кератин?", "Это дорого?", "я записан на завтра?", "Как тебя зовут?"} {
		if r := detect(t, det, in); r.Name != "" {
			t.Errorf("Detect(%q).Name = %q, want none", in, r.Name)
		}
	}
	if r := detect(t, det, "Отмените, пожалуйста"); r.When != nil || r.Phone != "" || len(r.Services) != 0 || r.Greeting {
		t.Errorf("Detect(%q) found entities %+v, want none", "Отмените, пожалуйста", r)
	}
	if r := detect(t, det, "Привет! сколько стоит маникюр"); !r.Greeting || r.Intent != intents.Price {
		t.Errorf("Detect = %v greeting=%v, want price with greeting", r.Intent, r.Greeting)
	}
}

func TestDetectAnswer(t *testing.T) {
	det := intents.NewRules(demoCatalog)
	tests := []struct {
		in   string
		want intents.Answer
	}{
		{"да", intents.Yes}, {"Да!", intents.Yes}, {"ага", intents.Yes}, {"угу", intents.Yes},
		{"верно", intents.Yes}, {"всё верно", intents.Yes}, {"подтверждаю", intents.Yes},
		{"ок", intents.Yes}, {"Ok", intents.Yes}, {"yes", intents.Yes}, {"да, всё в силе", intents.Yes},
		{"ну да", intents.Yes}, {"хорошо", intents.Yes}, {"конечно", intents.Yes},
		{"нет", intents.No}, {"Нет, отмените", intents.No}, {"не надо", intents.No}, {"no", intents.No},
		{"неа", intents.No}, {"да нет", intents.No}, {"не подходит", intents.No},
		{"не знаю", intents.NoAnswer}, {"завтра в 3", intents.NoAnswer}, {"сколько стоит", intents.NoAnswer},
		{"", intents.NoAnswer},
	}
	for _, tt := range tests {
		if got := detect(t, det, tt.in).Answer; got != tt.want {
			t.Errorf("Detect(%q).Answer = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestDetectServices(t *testing.T) {
	det := intents.NewRules(demoCatalog)
	tests := []struct {
		in   string
		want []string
	}{
		{"на мужскую стрижку", []string{"mens-haircut"}},
		{"стрижки мужской", []string{"mens-haircut"}},
		{"стрижку, пожалуйста, мужскую", []string{"mens-haircut"}},
		{"хочу подстричься", []string{"mens-haircut"}},
		{"женская стрижка", []string{"womens-haircut"}},
		{"маникюрчик", []string{"manicure"}},
		{"на маник", []string{"manicure"}},
		{"гель-лак", []string{"manicure"}},
		{"гель лаком", []string{"manicure"}},
		{"ногти", []string{"manicure"}},
		{"брови", []string{"brows"}},
		{"бровки оформить", []string{"brows"}},
		{"покрасить волосы", []string{"colouring"}},
		{"окрашивания", []string{"colouring"}},
		{"брови и маникюр", []string{"brows", "manicure"}},
		{"маникюр, а потом женскую стрижку", []string{"manicure", "womens-haircut"}},
		{"стрижка", nil}, // two haircuts: not forced onto one
		{"стрижка и маникюр", []string{"manicure"}},
		{"можно прийти с мужем?", nil}, // «муж» is not «мужская»
		{"окрашенные волосы", nil},
		{"педикюр", nil},
	}
	for _, tt := range tests {
		if got := detect(t, det, tt.in).Services; !slices.Equal(got, tt.want) {
			t.Errorf("Detect(%q).Services = %v, want %v", tt.in, got, tt.want)
		}
	}

	// With one haircut service, a generic «стрижка» is that one.
	one := intents.NewRules([]intents.ServiceName{
		{ID: "haircut", Names: []string{"Стрижка мужская"}},
		{ID: "beard", Names: []string{"Оформление бороды"}},
	})
	if got := detect(t, one, "хочу стрижку").Services; !slices.Equal(got, []string{"haircut"}) {
		t.Errorf("Detect(%q).Services = %v, want [haircut]", "хочу стрижку", got)
	}
	if got := detect(t, intents.NewRules(nil), "маникюр").Services; got != nil {
		t.Errorf("Detect with no catalog: Services = %v, want none", got)
	}
}

func TestWithRules(t *testing.T) {
	base := intents.NewRules(demoCatalog)
	det, err := base.WithRules(intents.Rule{Intent: intents.Services, Weight: 3, Expr: "шеллак*"})
	if err != nil {
		t.Fatal(err)
	}
	if got := detect(t, det, "а шеллак у вас бывает").Intent; got != intents.Services {
		t.Errorf("Detect with extra rule = %v, want services", got)
	}
	if got := detect(t, base, "а шеллак у вас бывает").Intent; got == intents.Services {
		t.Errorf("WithRules changed the original detector")
	}
	// A plain word matches its forms, =word only itself; @beauty is any service word.
	det, err = base.WithRules(
		intents.Rule{Intent: intents.Human, Weight: 9, Expr: "консультация"},
		intents.Rule{Intent: intents.Human, Weight: 9, Expr: "=визажист"},
		intents.Rule{Intent: intents.Services, Weight: 9, Expr: "подарочный & @beauty"},
	)
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]intents.Intent{
		"нужна консультацию":              intents.Human,
		"нужна консультации":              intents.Human,
		"визажист":                        intents.Human,
		"визажиста":                       intents.Other,
		"подарочный сертификат на массаж": intents.Services,
		"подарочный сертификат":           intents.Other,
	} {
		if got := detect(t, det, in).Intent; got != want {
			t.Errorf("Detect(%q) with extra rules = %v, want %v", in, got, want)
		}
	}
	for _, bad := range []intents.Rule{
		{Intent: "nope", Weight: 1, Expr: "да"},
		{Intent: intents.Book, Weight: 1, Expr: "Запись"},
		{Intent: intents.Book, Weight: 1, Expr: "a & "},
		{Intent: intents.Book, Weight: 1, Expr: "@nope"},
		{Intent: intents.Book, Weight: 1, Expr: "a, , b"},
		{Intent: intents.Book, Weight: 1, Expr: "ёлка"},
		{Intent: intents.Book, Weight: 1, Expr: "="},
		{Intent: intents.Book, Weight: 1, Expr: "=запис*"},
		{Intent: intents.Book, Weight: 0, Expr: "запись"},
	} {
		if _, err := base.WithRules(bad); err == nil {
			t.Errorf("WithRules(%+v) = nil error, want one", bad)
		}
	}
}

func FuzzDetect(f *testing.F) {
	for _, s := range []string{
		"Здравствуйте, хочу записаться на мужскую стрижку завтра в 15:00",
		"Я Ольга, телефон 8 913 123-45-67", "в половине третьего", "без четверти", "через",
		"с 13 по", "25.12.", "+", "\xff\xfe", "1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8", "😊 ~ & | *",
		"в следующую", "пол", "через 99999999999 дней", "31.02.2026", "в 24:60",
	} {
		f.Add(s)
	}
	det := intents.NewRules(demoCatalog)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, krasnoyarsk(f))
	f.Fuzz(func(t *testing.T, s string) {
		r, err := det.Detect(context.Background(), s, now)
		if err != nil {
			t.Fatalf("Detect(%q) error: %v", s, err)
		}
		if !r.Intent.Valid() || r.Score < 0 || r.Score > 1 {
			t.Fatalf("Detect(%q) = %v %v, want a valid intent and score", s, r.Intent, r.Score)
		}
		if r.When != nil && r.When.At.Location() != now.Location() {
			t.Fatalf("Detect(%q).When.At in %v", s, r.When.At.Location())
		}
		if n := intents.Normalize(s); !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q, not valid UTF-8", s, n)
		}
		intents.ExtractName(s)
	})
}

// TestDetectScore checks that Score means something: direct phrases are sure, weak or
// contested evidence is not, and nothing at all is 0.
func TestDetectScore(t *testing.T) {
	det := intents.NewRules(demoCatalog)
	sure := []string{"отмените мою запись", "сколько стоит маникюр", "позовите администратора", "где вы находитесь?", "перенесите на пятницу"}
	for _, in := range sure {
		if r := detect(t, det, in); r.Score < 0.7 {
			t.Errorf("Detect(%q).Score = %v, want >= 0.7", in, r.Score)
		}
	}
	unsure := []string{"да", "👍", "ок", "скока", "ладно", "маникюр завтра", "хм", "😀", "а если дождь"}
	for _, in := range unsure {
		if r := detect(t, det, in); r.Score >= 0.6 {
			t.Errorf("Detect(%q) = %v, Score %v, want below 0.6", in, r.Intent, r.Score)
		}
	}
	// A corrected typo makes the detector a little less sure.
	if a, b := detect(t, det, "отмените запись"), detect(t, det, "атмените запись"); !(b.Score < a.Score) {
		t.Errorf("Score with a typo %v, without %v: want lower with", b.Score, a.Score)
	}
	if r := detect(t, det, "абырвалг"); r.Intent != intents.Other || r.Score != 0 {
		t.Errorf("Detect(%q) = %v %v, want other 0", "абырвалг", r.Intent, r.Score)
	}
}

func TestDetectAlso(t *testing.T) {
	det := intents.NewRules(demoCatalog)
	tests := []struct {
		in   string
		want intents.Intent
		also []intents.Intent
	}{
		{"здравствуйте, сколько стоит маникюр и можно записаться на завтра?", intents.Price, []intents.Intent{intents.Book}},
		{"хочу записаться на маникюр, и где вы находитесь?", intents.AddressHours, []intents.Intent{intents.Book}},
		{"запишите на стрижку и скиньте прайс", intents.Price, []intents.Intent{intents.Book}},
		{"перенести запись", intents.Reschedule, nil}, // «запись» is part of the move
		{"отмените мою запись", intents.Cancel, nil},
		{"за сколько нужно отменять запись?", intents.Other, nil}, // a question, not a cancellation
		{"сколько стоит маникюр", intents.Price, nil},
		{"позовите администратора, хочу перенести запись", intents.Human, []intents.Intent{intents.Reschedule}},
	}
	for _, tt := range tests {
		r := detect(t, det, tt.in)
		if r.Intent != tt.want || !slices.Equal(r.Also, tt.also) {
			t.Errorf("Detect(%q) = %v also %v, want %v also %v", tt.in, r.Intent, r.Also, tt.want, tt.also)
		}
	}
	if r := detect(t, det, "здравствуйте, сколько стоит маникюр и можно записаться на завтра?"); !r.Greeting || r.When == nil || !slices.Equal(r.Services, []string{"manicure"}) {
		t.Errorf("Detect(multi) = greeting %v when %v services %v, want all three", r.Greeting, r.When, r.Services)
	}
}

// TestDetectLong checks that a 64 KiB message is handled quickly: the work is bounded.
func TestDetectLong(t *testing.T) {
	det := intents.NewRules(demoCatalog)
	for _, in := range []string{
		strings.Repeat("хочу записаться на маникюр завтра в 15 ", 64<<10/70),
		strings.Repeat("а", 64<<10),
		strings.Repeat("не ", 64<<10/4),
		strings.Repeat("8 913 ", 64<<10/6),
		strings.Repeat("zapisatsya ", 64<<10/11),
		strings.Repeat("👍+", 64<<10/5),
		strings.Repeat("\xff", 64<<10),
	} {
		start := time.Now()
		detect(t, det, in)
		if d := time.Since(start); d > 25*time.Millisecond {
			t.Errorf("Detect(%d bytes of %q…) took %v", len(in), in[:8], d)
		}
	}
}
