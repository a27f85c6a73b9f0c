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

// TestDetectName checks the client's name found inside a longer message.
func TestDetectName(t *testing.T) {
	det := intents.NewRules(demoCatalog)
	tests := []struct{ in, want string }{
		{"меня зовут Ольга, хочу на маникюр", "Ольга"},
		{"Здравствуйте, это Ольга, перенесите запись", "Ольга"},
		{"Ольга, 89131234567, на маникюр в пятницу в 14", "Ольга"},
		{"Запишите на маникюр в пятницу, Светлана 8-913-765-43-21", "Светлана"},
		{"на завтра в 10, 8 913 123 45 67 Анна Петрова", "Анна Петрова"},
		{"ольга 89131234567", "Ольга"}, // a common name in lower case
		{"тел 89131234567 Ирина", "Ирина"},
		{"Ирина, тел. 89131234567", "Ирина"},
		{"маникюр в пятницу 89131234567", ""},
		{"Маникюр 89131234567", ""},
		{"89131234567 Завтра в 10", ""},
		{"Спасибо, 89131234567", ""},
		{"запишите 89131234567", ""},
		{"я беременна, можно кератин?", ""},
	}
	for _, tt := range tests {
		if got := detect(t, det, tt.in).Name; got != tt.want {
			t.Errorf("Detect(%q).Name = %q, want %q", tt.in, got, tt.want)
		}
	}
}
