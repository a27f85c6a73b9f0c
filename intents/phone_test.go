package intents_test

import (
	"strings"
	"testing"
	"time"

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

func TestExtractPhoneFormats(t *testing.T) {
	for _, in := range []string{
		"8(913)123 45 67", "8 (913) 123-45-67", "+7 913-123-45-67", "+7(913)123-45-67",
		"+7 913 123 45 67", "9131234567", "913 123 45 67", "8-913-123-45-67", "8.913.123.45.67",
		"+8 913 123 45 67", "т.89131234567", "тел:+79131234567", "89131234567.",
		"8\u00a0913\u00a0123\u00a045\u00a067", "8 913 123–45–67", "Ольга, 89131234567, на маникюр",
		"завтра в 10, 8 913 123 45 67", "на 15:00 9131234567",
	} {
		if got, ok := intents.ExtractPhone(in); !ok || got != "+79131234567" {
			t.Errorf("ExtractPhone(%q) = %q, %v, want +79131234567", in, got, ok)
		}
	}
}

// TestExtractPhoneLong checks that a 64 KiB message of digits costs little.
func TestExtractPhoneLong(t *testing.T) {
	for _, in := range []string{strings.Repeat("8 ", 32<<10), strings.Repeat("89131234567 ", 6000), strings.Repeat("1", 64<<10)} {
		start := time.Now()
		intents.ExtractPhone(in)
		if d := time.Since(start); d > 50*time.Millisecond {
			t.Errorf("ExtractPhone(%d bytes) took %v", len(in), d)
		}
	}
}
