package intents_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/minutka/minutka/intents"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Привет!!!", "привет"},
		{"Ёлки-палки, ЁЖ", "елки палки еж"},
		{"Запись на 15:00, 25.12.2026", "запись на 15:00 25.12.2026"},
		{"в 15.30.", "в 15.30"},
		{"Конец предложения. Начало", "конец предложения начало"},
		{"тел: +7 (913) 123-45-67", "тел +7 913 123 45 67"},
		{"маникюр + гель-лак", "маникюр гель лак"},
		{"  много   пробелов\t\nи строк ", "много пробелов и строк"},
		{"😊😊 здравствуйте", "здравствуйте"},
		{"бита\xff\xfeстрока", "бита строка"},
		{"и\u0306од", "йод"},       // decomposed й
		{"е\u0308лка", "елка"},     // decomposed ё
		{"за\u00adпись", "запись"}, // soft hyphen
		{"Hello, I'm Ivan", "hello i m ivan"},
		{"5:30вечера", "5:30вечера"},
		{"10/12", "10 12"},

		// Emoji that mean something.
		{"👍", "да"},
		{"👍🏻", "да"}, // with a skin tone
		{"👌", "да"},
		{"✅", "да"},
		{"Да, буду 👍", "да буду да"},
		{"👎", "нет"},
		{"❌ отмена", "нет отмена"},
		{"🙏", "спасибо"},
		{"запишите пожалуйста 🙏", "запишите пожалуйста пожалуйста"},
		{"💅 на завтра", "маникюр на завтра"},
		{"✂️ в субботу", "стрижка в субботу"},
		{"💅✂️", "маникюр стрижка"},
		{"+", "да"},
		{"++", "да"},
		{"+ буду", "да буду"},
		{"+79131234567", "+79131234567"},
		{"+ 7 913", "7 913"}, // a plus before a number is not a yes
		{"маникюр +", "маникюр"},

		// Look-alike letters.
		{"зaпись", "запись"},               // Latin a
		{"cкoлькo cтoит", "сколько стоит"}, // Latin c and o
		{"ЗAВTPA", "завтра"},               // Latin A, T, P typed on the wrong layout
		{"hеllo", "hello"},                 // Cyrillic е in an English word
		{"ok", "ok"},

		// Transliteration.
		{"zapisatsya", "записаться"},
		{"Zavtra v 15", "завтра в 15"},
		{"skolko stoit manikur?", "сколко стоит маникур"},
		{"privet", "привет"},
		{"ya opozdayu", "я опоздаю"},
		{"podtverzhdayu", "подтверждаю"},
		{"gde vy nahodites", "где вы находитес"},
		{"hello, how much is a manicure", "hello how much is a manicure"},
		{"I want to book a haircut", "i want to book a haircut"},
		{"ok thanks", "ok thanks"},
		{"Ivan", "ivan"},
	}
	for _, tt := range tests {
		if got := intents.Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestNormalizeLong checks that a long message is cut to a bounded size, at a word, quickly.
func TestNormalizeLong(t *testing.T) {
	long := strings.Repeat("слово ", 20000) // 120 000 runes
	start := time.Now()
	got := intents.Normalize(long)
	if n := utf8.RuneCountInString(got); n > 2000 || n < 1900 {
		t.Errorf("Normalize(120k runes) has %d runes, want about 2000", n)
	}
	if strings.HasSuffix(got, " ") || !strings.HasSuffix(got, "слово") {
		t.Errorf("Normalize(120k runes) ends %q, want a whole word", got[len(got)-20:])
	}
	if d := time.Since(start); d > 50*time.Millisecond {
		t.Errorf("Normalize(120k runes) took %v", d)
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"", "Привет!!!", "зaпись cкoлькo", "ЗAВTPA", "hеllo", "zapisatsya na zavtra v 15", "+", "++7",
		"👍🙏💅✂️", "1:2.3+4", "\xff\xfe", "и\u0306", "е\u0308", "x" + strings.Repeat("a", 2100),
		strings.Repeat("1:", 1100), strings.Repeat("👍", 900), "Ǆ ǅ İ ſ K", "pAsс", "xyzас",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := intents.Normalize(s)
		if !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q, not valid UTF-8", s, n)
		}
		if again := intents.Normalize(n); again != n {
			t.Fatalf("Normalize not idempotent: Normalize(%q) = %q, Normalize(that) = %q", s, n, again)
		}
		if utf8.RuneCountInString(n) > 2000 {
			t.Fatalf("Normalize(%q) has %d runes", s, utf8.RuneCountInString(n))
		}
	})
}
