package intents

import "testing"

func TestOSADistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"отмените", "отмените", 1, 0},
		{"атмените", "отмените", 1, 1},  // a replaced letter
		{"отмнеите", "отмените", 1, 1},  // two swapped
		{"отменте", "отмените", 1, 1},   // a lost letter
		{"отменитте", "отмените", 1, 1}, // an added one
		{"перинисите", "перенесите", 2, 2},
		{"перинисите", "перенесите", 1, 2}, // over the limit: limit+1
		{"abc", "xyz", 5, 3},
	}
	for _, tt := range tests {
		if got := osaDistance([]rune(tt.a), []rune(tt.b), tt.limit); got != tt.want {
			t.Errorf("osaDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

func TestTypoCorrect(t *testing.T) {
	x := newTypoIndex()
	for _, w := range []string{"отмените", "перенесите", "записаться", "сколько", "адрес", "привет"} {
		x.add(w)
	}
	x.add("маник") // five letters: a target
	x.add("цена")  // four: never a target
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"атмените", "отмените", true}, // a vowel for a vowel at the start
		{"отмнеите", "отмените", true},
		{"перинисите", "перенесите", true}, // two slips in ten letters
		{"зписаться", "записаться", true},
		{"сколко", "сколько", true},
		{"адресс", "адрес", true},
		{"маниг", "маник", true},
		{"цина", "", false},       // short words are never corrected
		{"бривет", "", false},     // nor a wrong first consonant
		{"перевозите", "", false}, // three slips from «перенесите»
		{"отмените", "", false},   // already right
		{"абракадабра", "", false},
	}
	for _, tt := range tests {
		got, _, ok := x.correct(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("correct(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestTypoCommonWords checks that real words near a rule word are not read as it.
func TestTypoCommonWords(t *testing.T) {
	r := NewRules(nil)
	for _, w := range []string{"перевести", "переведите", "позволите", "материал", "стойкость", "живот", "картинкой", "скоро", "прием", "привел", "окрашенные"} {
		m := r.lex.read([]string{w}, r.knownWord, synonymTypos)
		if m.fix[0] != "" {
			t.Errorf("read(%q) corrected it to %q", w, m.fix[0])
		}
	}
}
