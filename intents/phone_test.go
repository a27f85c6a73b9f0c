package intents_test

import (
	"testing"

	"github.com/minutka/minutka/intents"
)

func TestExtractPhone(t *testing.T) {
	tests := []struct {
		in     string
		want   string
		wantOK bool
	}{
		{"8 913 123-45-67", "+79131234567", true},
		{"+7 (913) 1234567", "+79131234567", true},
		{"89131234567", "+79131234567", true},
		{"79131234567", "+79131234567", true},
		{"9131234567", "+79131234567", true},
		{"мой номер 8-913-123-45-67, звоните", "+79131234567", true},
		{"Я Ольга, телефон 8 (913) 123 45 67", "+79131234567", true},
		{"+7 701 123 45 67", "+77011234567", true}, // Kazakhstan shares +7
		{"+44 20 7183 8750", "+442071838750", true},
		{"+1 (415) 555-2671", "+14155552671", true},
		{"0044 20 7183 8750", "+442071838750", true},
		{"запись 25.12.2026 в 15:00, 8 913 123 45 67", "+79131234567", true},
		{"завтра в 15 30 89131234567", "+79131234567", true},
		{"маникюр + 89131234567", "+79131234567", true},
		{"стрижка 1200 рублей", "", false},
		{"25.12.2026", "", false},
		{"123", "", false},
		{"8 913 123", "", false},
		{"12345678901234567890", "", false},
		{"+0 000 000 00 00", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := intents.ExtractPhone(tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("ExtractPhone(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}
