package intents

import (
	"slices"
	"strings"
	"testing"
)

func TestNegations(t *testing.T) {
	tests := []struct {
		in   string
		want string // the covered words
	}{
		{"не приду", "приду"},
		{"я не смогу прийти завтра", "смогу прийти"},
		{"не хочу к вам записываться", "хочу к вам записываться"},
		{"не смогу в пятницу давайте в субботу", "смогу в пятницу"},
		{"не смогу сегодня отмените", "смогу сегодня"},
		{"не хочу отменять хочу перенести", "хочу отменять"},
		{"перенос не нужен все в силе", "перенос нужен"},
		{"отменять не буду приду", "отменять буду"},
		{"мне не надо", "надо"},
		{"нет не надо", "надо"},
		{"не знаю", "знаю"},
		{"запишите меня", ""},
		{"не", ""},
	}
	for _, tt := range tests {
		toks := strings.Fields(tt.in)
		neg := negations(toks)
		var got []string
		for i, n := range neg {
			if n {
				got = append(got, toks[i])
			}
		}
		if want := strings.Fields(tt.want); !slices.Equal(got, want) {
			t.Errorf("negations(%q) cover %q, want %q", tt.in, got, want)
		}
	}
}
