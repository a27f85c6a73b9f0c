package intents_test

import (
	"context"
	"slices"
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
		{"да", intents.Other},
		{"😀", intents.Other},
		{"", intents.Other},
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
	for _, bad := range []intents.Rule{
		{Intent: "nope", Weight: 1, Expr: "да"},
		{Intent: intents.Book, Weight: 1, Expr: "Запись"},
		{Intent: intents.Book, Weight: 1, Expr: "a & "},
		{Intent: intents.Book, Weight: 1, Expr: "@nope"},
		{Intent: intents.Book, Weight: 1, Expr: "a, , b"},
		{Intent: intents.Book, Weight: 1, Expr: "ёлка"},
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
