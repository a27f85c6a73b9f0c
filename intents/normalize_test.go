package intents_test

import (
	"testing"

	"github.com/minutka/minutka/intents"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Привет!!!", "привет"},
		{"Ёлки-палки, ЁЖ", "елки палки еж"},
		{"Запись на 15:00, 25.12.2026 👍", "запись на 15:00 25.12.2026"},
		{"в 15.30.", "в 15.30"},
		{"Конец предложения. Начало", "конец предложения начало"},
		{"тел: +7 (913) 123-45-67", "тел +7 913 123 45 67"},
		{"маникюр + гель-лак", "маникюр гель лак"},
		{"  много   пробелов\t\nи строк ", "много пробелов и строк"},
		{"😊😊 здравствуйте 🙏", "здравствуйте"},
		{"бита\xff\xfeстрока", "бита строка"},
		{"и\u0306од", "йод"},       // decomposed й
		{"е\u0308лка", "елка"},     // decomposed ё
		{"за\u00adпись", "запись"}, // soft hyphen
		{"Hello, I'm Ivan", "hello i m ivan"},
		{"5:30вечера", "5:30вечера"},
		{"10/12", "10 12"},
	}
	for _, tt := range tests {
		if got := intents.Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
