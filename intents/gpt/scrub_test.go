package gpt

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPrepare(t *testing.T) {
	tests := []struct {
		text, name, want string
	}{
		// Phones in the ways clients write them.
		{"мой номер +7 (913) 123-45-67", "", "мой номер [телефон]"},
		{"89131234567", "", "[телефон]"},
		{"8-913-123-45-67, перезвоните", "", "[телефон], перезвоните"},
		{"+44 20 7183 8750", "", "[телефон]"},
		{"тел. 223-44-55", "", "тел. [телефон]"},
		{"913.123.45.67", "", "[телефон]"},
		{"тел:89131234567", "", "тел:[телефон]"},
		{"в 15:00 8 913 123 45 67", "", "в 15:00 [телефон]"},
		{"8 913 123 45 67 25.12", "", "[телефон] 25.12"},
		{"карта 2200 1234 5678 9012", "", "карта [номер]"},
		{"vk.com/id123456789", "", "vk.com/id[телефон]"},
		// Dates, times, prices and counts stay.
		{"25.12.2026 в 15:00", "", "25.12.2026 в 15:00"},
		{"с 10 до 12, 15.30 или 15-30", "", "с 10 до 12, 15.30 или 15-30"},
		{"стоит 1 500 ₽? а 12 000?", "", "стоит 1 500 ₽? а 12 000?"},
		{"15:00-16:00 на 2 человека", "", "15:00-16:00 на 2 человека"},
		{"5 декабря 2026", "", "5 декабря 2026"},
		// E-mails and usernames.
		{"пишите на olga.petrova+salon@mail.ru!", "", "пишите на [почта]!"},
		{"ОЛЬГА@ПОЧТА.РФ", "", "[почта]"},
		{"мой тг @olga_p", "", "мой тг [контакт]"},
		{"собака @ дома", "", "собака @ дома"},
		// The name the rules found.
		{"Меня зовут Ольга, а маму ольга тоже", "Ольга", "Меня зовут [имя], а маму [имя] тоже"},
		{"Иван Петров, запишите Ивана", "Иван Петров", "[имя] [имя], запишите Ивана"},
		{"Ольгами", "Ольга", "Ольгами"},
		// Hygiene.
		{"  привет\x00\x07 мир \xff ", "", "привет   мир"},
	}
	for _, tt := range tests {
		if got := prepare(tt.text, maxTextRunes, tt.name); got != tt.want {
			t.Errorf("prepare(%q, %q) = %q, want %q", tt.text, tt.name, got, tt.want)
		}
	}
}

func TestCut(t *testing.T) {
	tests := []struct {
		text  string
		limit int
		want  string
	}{
		{"короткий", 100, "короткий"},
		{"ёжик", 2, "ёж"},
		{strings.Repeat("слово ", 30), 100, strings.TrimSpace(strings.Repeat("слово ", 16))},
		{strings.Repeat("я", 30), 20, strings.Repeat("я", 20)},
	}
	for _, tt := range tests {
		if got := cut(tt.text, tt.limit); got != tt.want {
			t.Errorf("cut(%q, %d) = %q, want %q", tt.text, tt.limit, got, tt.want)
		}
	}
}

func TestPrepareLong(t *testing.T) {
	// A phone at the end of a huge message is cut off, never half-scrubbed into the request.
	text := strings.Repeat("а", 64<<10) + " 8 913 123 45 67"
	got := prepare(text, maxTextRunes, "")
	if n := utf8.RuneCountInString(got); n != maxTextRunes {
		t.Errorf("prepare(64 KiB) has %d runes, want %d", n, maxTextRunes)
	}
	digits := strings.Repeat("8 913 123 45 67 ", 5000)
	if got := prepare(digits, maxTextRunes, ""); strings.ContainsAny(got, "0123456789") {
		t.Errorf("prepare(many phones) = %q…, want every digit scrubbed", got[:60])
	}
}
