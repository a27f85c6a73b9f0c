package intents_test

import (
	"testing"

	"github.com/minutka/minutka/intents"
)

func TestExtractName(t *testing.T) {
	tests := []struct {
		in     string
		want   string
		wantOK bool
	}{
		{"Иван", "Иван", true},
		{"иван", "Иван", true},
		{"Ivan", "Ivan", true},
		{"меня зовут Анна Петрова", "Анна Петрова", true},
		{"Меня зовут анна петрова", "Анна Петрова", true},
		{"это Ольга", "Ольга", true},
		{"Я Ольга", "Ольга", true},
		{"Ольга, 89131234567", "Ольга", true},
		{"Ольга 8 913 123 45 67", "Ольга", true},
		{"анна-мария", "Анна-Мария", true},
		{"Здравствуйте, меня зовут Татьяна", "Татьяна", true},
		{"Наталья.", "Наталья", true},
		{"Артём", "Артём", true}, // the client's own spelling
		{"my name is John", "John", true},
		{"Анна меня зовут", "Анна", true},
		{"Да, Светлана", "Светлана", true},
		{"12345", "", false},
		{"не скажу", "", false},
		{"а зачем вам?", "", false},
		{"Как вас зовут?", "", false},
		{"завтра", "", false},
		{"25 декабря", "", false},
		{"хочу записаться", "", false},
		{"стрижка", "", false},
		{"спасибо, до свидания", "", false},
		{"мой номер +7 913 123 45 67", "", false},
		{"я передумала", "", false},
		{"я опоздаю", "", false},
		{"да", "", false},
		{"нет", "", false},
		{"ок, давайте", "", false},
		{"меня зовут иван я хочу записаться на стрижку в субботу", "", false},
		{"😊", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := intents.ExtractName(tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("ExtractName(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}
